"""A table of cells as read from one file (or one sheet), and how its header row is found.

Shared by the readers of :mod:`.read` (text, Parquet) and :mod:`.excel`
(workbooks): whatever the format, a reader finds the header row the same
way and hands the cells below it to validation as a :class:`RawTable`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import AwardDataError, Problem
from ..i18n import t
from ..text import match_key, nfc

__all__ = [
    "HEADER_SEARCH_ROWS",
    "FormulaCells",
    "HeaderScore",
    "RawTable",
    "drop_unnamed_blank",
    "find_header",
    "first_line",
    "header_names",
    "no_header",
]

HEADER_SEARCH_ROWS = 30

HeaderScore = Callable[[Sequence[object]], int]
"""How many recognised column names a candidate header row holds."""
FormulaCells = Callable[[], frozenset[tuple[int, str]]]
"""The cells (row, header) of a sheet that hold a formula, found only when asked."""


@dataclass(frozen=True)
class RawTable:
    """Cells of one file below its header row, and where each row came from."""

    name: str
    frame: pd.DataFrame
    """One column per header cell, named as written (NFC); text files give text cells."""
    lines: np.ndarray
    """The line (text files) or row (Excel, Parquet) each record starts on."""
    line_label: str
    header_line: int | None = None
    """Line (or row) of the header, for problems with a column as a whole."""
    short_records: tuple[Problem, ...] = ()
    """Records with fewer fields than the header: reported when the table has other problems."""
    formula_cells: FormulaCells | None = None
    """For a workbook: which cells hold formulas, to explain a blank one (read again only then)."""


def first_line(exc: Exception) -> str:
    """The first line of an exception's message, or its type if it has none."""
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def find_header(rows: Sequence[Sequence[object]], header_score: HeaderScore) -> tuple[int, int]:
    """Index of the header row among ``rows`` and its score (``-1, 0`` if none)."""
    best, best_score = -1, 1
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = header_score(row)
        if score > best_score:
            best, best_score = index, score
    return best, (best_score if best >= 0 else 0)


def header_names(name: str, cells: Sequence[object], line: int | None, label: str) -> list[str]:
    """Column names from the header cells; repeated names are an error."""
    names = []
    for index, cell in enumerate(cells):
        text = "" if cell is None else nfc(str(cell))
        names.append(text or f"(no header, column {index + 1})")
    seen: dict[str, int] = {}
    problems = []
    for index, header in enumerate(names):
        key = match_key(header)
        if not key or header.startswith("(no header"):
            continue
        if key in seen:
            problems.append(
                Problem(
                    name,
                    t("load.header_twice", "en", header=header, first=seen[key] + 1, second=index + 1),
                    lines=(line,) if line else (),
                    line_label=label,
                    column=header,
                )
            )
        else:
            seen[key] = index
    if problems:
        raise AwardDataError(problems)
    return names


def no_header(name: str, first: str, label: str, extra: str = "") -> AwardDataError:
    """The error for a file (or sheet) without a recognisable header row."""
    shown = t("load.no_header_first", "en", label=label, first=first[:80]) if first else ""
    message = t("load.no_header", "en", count=HEADER_SEARCH_ROWS, label=label, shown=shown, extra=extra)
    return AwardDataError.about(name, message)


def drop_unnamed_blank(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop columns with neither a header nor a value (trailing separators, empty Excel columns)."""
    unnamed = [c for c in frame.columns if c.startswith("(no header")]
    empty = [c for c in unnamed if frame[c].fillna("").astype("str").str.strip().eq("").all()]
    return frame.drop(columns=empty)
