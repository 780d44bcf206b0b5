"""The documents the records come from: one row per distinct source, for the sources table.

A chart names its sources in one line when there are few of them; with many
(one row per decision, say) it says how many there are and points to this
table instead (see :func:`emulation_analysis.charts.layout.source_line`).
"""

from __future__ import annotations

import pandas as pd

__all__ = ["MAX_LISTED_SOURCES", "distinct_sources", "sources_table"]

#: More distinct sources than this are counted on a chart, not listed ("Nguồn: 12 văn bản …").
MAX_LISTED_SOURCES = 3


def distinct_sources(records: pd.DataFrame) -> list[str]:
    """The records' non-blank sources, each once, in the order they first appear."""
    if "source" not in records:
        return []
    return [str(s) for s in pd.unique(records["source"].dropna()) if str(s).strip()]


def sources_table(records: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct source: its years and the number of awards it records.

    Examples
    --------
    >>> rows = pd.DataFrame({"year": [2019, 2020, 2020], "count": [2, 1, 4],
    ...                      "source": ["QĐ 12", "QĐ 40", "QĐ 12"]})
    >>> sources_table(rows)
      source        year  awards
    0  QĐ 12  2019, 2020       6
    1  QĐ 40        2020       1
    """
    order = distinct_sources(records)
    if not order:
        return pd.DataFrame({"source": pd.Series(dtype=object), "year": pd.Series(dtype=object),
                             "awards": pd.Series(dtype="int64")})
    rows = records[records["source"].astype("string").str.strip().fillna("") != ""]
    rows = rows.assign(source=rows["source"].astype(str))
    grouped = rows.groupby("source", sort=False)
    table = pd.DataFrame(
        {
            "year": grouped["year"].agg(lambda years: ", ".join(str(y) for y in sorted(set(years)))),
            "awards": grouped["count"].sum().astype("int64"),
        }
    ).reindex(order)
    return table.rename_axis("source").reset_index()
