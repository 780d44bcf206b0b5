"""The loaded record frame's contract, declared in one place.

:func:`emulation_analysis.load_awards` returns a frame with exactly
:data:`RECORD_COLUMNS`, typed and bounded as :data:`COLUMN_TYPES` and the
constants below say; every other module reads these names from here.

Examples
--------
>>> RECORD_COLUMNS[:4] == REQUIRED_COLUMNS
True
>>> YEAR_RANGE
(1945, 2100)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "COLUMN_TYPES",
    "MAX_COUNT",
    "RECIPIENT_KINDS",
    "RECORD_COLUMNS",
    "REQUIRED_COLUMNS",
    "STR_DTYPE",
    "TEXT_COLUMNS",
    "TOTAL",
    "UNKNOWN_KIND",
    "YEAR_RANGE",
    "check_frame",
]

#: Columns every award file must have (under any of the header names in ``catalogs/columns.csv``).
REQUIRED_COLUMNS = ("year", "district", "award", "count")
#: Free-text columns kept as they are written (trimmed, NFC).
TEXT_COLUMNS = ("cluster", "source", "note")
#: The columns of a loaded frame, in order; other columns of a file follow them.
RECORD_COLUMNS = (
    *REQUIRED_COLUMNS,
    "recipient_kind",
    *TEXT_COLUMNS,
    "illustrative",
    "origin_file",
    "origin_line",
    "origin_column",
)
#: Who received the awards, in display order (``catalogs/recipient_kinds.csv`` holds their spellings).
RECIPIENT_KINDS = ("tập thể", "cá nhân")
#: Shown where a record does not say who received the award.
UNKNOWN_KIND = "không rõ"
#: Years a record may carry: the Democratic Republic's first awards to a far future.
YEAR_RANGE = (1945, 2100)
#: Far above any real count; larger numbers are typos and would overflow int64.
MAX_COUNT = 1_000_000_000
#: Row and column label of totals in every table.
TOTAL = "Tổng cộng"
#: pandas' default text dtype ("str", backed by Arrow, NaN for missing).
STR_DTYPE = pd.StringDtype("pyarrow", na_value=np.nan)

#: dtype of each column of a loaded frame; ``district`` and ``award`` are ordered categoricals
#: whose categories are the catalogue's units (cluster order) and forms (precedence order).
COLUMN_TYPES = {
    "year": "int64",
    "district": "category",
    "award": "category",
    "count": "int64",
    "recipient_kind": "category",
    "cluster": STR_DTYPE,
    "source": STR_DTYPE,
    "note": STR_DTYPE,
    "illustrative": "bool",
    "origin_file": "category",
    "origin_line": "int64",
    # The column letter of the cell a record was read from in a wide sheet (units as rows, award
    # forms as columns); missing for long tables, whose rows are records.
    "origin_column": "category",
}


def check_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` after asserting it keeps the contract above; an AssertionError is a bug.

    Examples
    --------
    >>> from emulation_analysis import load_awards
    >>> check_frame(load_awards()) is not None
    True
    """
    assert tuple(frame.columns[: len(RECORD_COLUMNS)]) == RECORD_COLUMNS, list(frame.columns)
    for column, dtype in COLUMN_TYPES.items():
        assert frame[column].dtype == dtype, (column, frame[column].dtype)
    assert frame["district"].cat.ordered and frame["award"].cat.ordered
    assert tuple(frame["recipient_kind"].cat.categories) == RECIPIENT_KINDS
    low, high = YEAR_RANGE
    assert frame["year"].between(low, high).all() and frame["count"].between(0, MAX_COUNT).all()
    assert frame["district"].notna().all() and frame["award"].notna().all()
    return frame
