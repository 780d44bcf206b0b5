"""Rows of a long table that are no records: totals, separators, a header pasted again.

Offices add a *Tổng cộng* row under their records, leave a row with only a
heading between two years, or paste two tables one under the other. Such a
row would otherwise be reported as a blank year, an unknown unit and a
count that is no number; here it is named for what it is, once, and kept out
of the other checks. A unit written in the award column is named likewise.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..catalog import Catalog, read_catalog_table
from ..i18n import t
from ..schema import REQUIRED_COLUMNS
from ..text import match_key, nfc

__all__ = ["Slips", "find_slips", "is_method_heading", "is_total_label", "unit_in_award"]


@functools.cache
def _total_keys() -> frozenset[str]:
    return frozenset(match_key(label) for label in read_catalog_table("total_labels.csv")["label"])


def is_total_label(text: str) -> bool:
    """Whether ``text`` captions a totals row or column (``catalogs/total_labels.csv``).

    Examples
    --------
    >>> is_total_label("TỔNG CỘNG"), is_total_label("Cộng"), is_total_label("Quận 1")
    (True, True, False)
    """
    return match_key(text) in _total_keys()


@functools.cache
def _heading_keys() -> frozenset[str]:
    table = read_catalog_table("method_headers.csv")
    return frozenset(match_key(a) for a in table.loc[table["use"] == "heading", "alias"])


def is_method_heading(text: str) -> bool:
    """Whether ``text`` heads the rows by award method of a form (``catalogs/method_headers.csv``).

    Examples
    --------
    >>> is_method_heading("Chia theo phương thức khen thưởng"), is_method_heading("Quận 1")
    (True, False)
    """
    return match_key(text) in _heading_keys()


@dataclass
class Slips:
    """Rows that are no records (True in ``rows``) and what each one is."""

    rows: np.ndarray
    messages: list[tuple[int, str, str | None]]
    """Per slip row: its position, the problem, the cell that shows it."""


def _cell_text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(str(value)).strip()


def _per_row(codes: np.ndarray, distinct: list[object], test) -> np.ndarray:
    """``test`` applied once per distinct value, as a mask over the rows (code -1 is the last value)."""
    return np.array([bool(test(_cell_text(v))) for v in distinct])[codes]


def find_slips(
    frame: pd.DataFrame,
    checked: dict[str, tuple[np.ndarray, list[object]]],
    blank: np.ndarray,
    catalog: Catalog,
) -> Slips:
    """Totals rows, rows repeating the header, separator rows among the rows of ``frame``.

    ``checked`` holds, per checked column, each row's code into its distinct
    values (so each value is looked at once); ``blank`` marks rows with
    nothing in them (skipped as they always were).
    """
    totals = np.zeros(len(frame), dtype=bool)
    header_cells = np.zeros(len(frame), dtype=np.int64)
    for codes, distinct in checked.values():
        totals |= _per_row(codes, distinct, is_total_label)
        header_cells += _per_row(codes, distinct, lambda v: v and catalog.column_lookup.find(v) is not None)
    header_again = (header_cells >= 2) & ~totals
    required_blank = np.logical_and.reduce(
        [_per_row(*checked[c], lambda v: not v) for c in REQUIRED_COLUMNS if c in checked]
    )
    separator = required_blank & ~blank & ~totals & ~header_again
    if "year" in checked:  # "Năm 2019" or "I. KHỐI QUẬN" alone in the year column, the first one
        others_blank = np.logical_and.reduce(
            [_per_row(*checked[c], lambda v: not v) for c in REQUIRED_COLUMNS if c in checked and c != "year"]
        )
        heading = _per_row(*checked["year"], lambda v: any(c.isalpha() for c in v)) & others_blank
        for position in np.flatnonzero(heading & ~totals & ~header_again):
            filled = [c for c in (_cell_text(v) for v in frame.iloc[int(position)]) if c]
            separator[position] = len(filled) == 1
    messages: list[tuple[int, str, str | None]] = []
    for position in np.flatnonzero(totals | header_again | separator):
        cells = [_cell_text(value) for value in frame.iloc[int(position)]]
        if totals[position]:
            shown = next((c for c in cells if is_total_label(c)), None)
            messages.append((int(position), t("load.totals_row", "en"), shown))
        elif header_again[position]:
            messages.append((int(position), t("load.header_again", "en"), None))
        else:
            shown = next((c for c in cells if c), None)
            messages.append((int(position), t("load.separator_row", "en"), shown))
    return Slips(totals | header_again | separator, messages)


def unit_in_award(text: str, catalog: Catalog) -> str | None:
    """The problem with an award cell holding a unit's name, if it does."""
    if text and catalog.unit_lookup.find(text) is not None:
        return t("load.unit_in_award", "en")
    return None
