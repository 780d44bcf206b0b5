"""Extraction: award records read from report prose, for a reviewer to check.

The public API of the subpackage; its modules, in the order the work flows:
``lexicon`` (tokens and vocabulary), ``names`` (award, unit and office
names), ``tagger`` (tagged sentences), ``clauses`` (which number counts
which award form), ``context`` (unit, status and year of each count),
``grammar`` (records and mentions) and ``review`` (the table a person checks).
"""

from .grammar import (
    MENTION_FIELDS,
    RECORD_FIELDS,
    NoTextError,
    extract_awards,
    extract_mentions,
    extract_report,
)
from .review import REVIEW_FIELDS, Extraction, flag_message, review_frame, write_review_csv

__all__ = [
    "MENTION_FIELDS",
    "RECORD_FIELDS",
    "REVIEW_FIELDS",
    "Extraction",
    "NoTextError",
    "extract_awards",
    "extract_mentions",
    "extract_report",
    "flag_message",
    "review_frame",
    "write_review_csv",
]
