"""Tables as readers see them: localised labels and numbers, HTML without random ids.

Column keys of the analysis tables (``district``, ``pct_change``, …) are
shown under their names in ``catalogs/messages.csv``; in English the
catalogue's unit and form names are used; numbers are written by
:func:`emulation_analysis.i18n.format_number` and ``format_percent``.

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({"district": ["Quận 1"], "total": [2104], "is_new": [True]})
>>> print(localize_labels(frame, "en").to_string(index=False))
         Unit  Total  New
District 1 2104 True
"""

from __future__ import annotations

import math

import pandas as pd

from ..catalog import Catalog, default_catalog
from ..i18n import format_number, format_percent, t
from ..schema import TOTAL

__all__ = ["COLUMN_KEYS", "localize_labels", "table_html"]

#: Message key of each column or index label shown to readers.
COLUMN_KEYS: dict[str, str] = {
    "district": "notebook.column.district",
    "award": "notebook.column.award",
    "year": "notebook.column.year",
    "rank": "notebook.column.rank",
    "tied": "notebook.column.tied",
    "total": "notebook.column.total",
    "score": "notebook.column.score",
    "base": "notebook.column.base",
    "target": "notebook.column.target",
    "change": "notebook.column.change",
    "pct_change": "notebook.column.pct_change",
    "is_new": "notebook.column.is_new",
    "unit": "notebook.column.unit",
    "name": "notebook.column.name",
    "cluster": "notebook.column.cluster",
    "cluster_system": "notebook.column.cluster_system",
    "source": "notebook.column.source",
    "awards": "notebook.column.awards",
    "population": "notebook.column.population",
    "rate": "notebook.column.rate",
    TOTAL: "chart.total",
}


def localize_labels(frame: pd.DataFrame, lang: str, catalog: Catalog | None = None) -> pd.DataFrame:
    """Rename the labels of a table for readers: column keys, and in English the names."""
    catalog = catalog or default_catalog()
    names: dict[str, str] = {}
    if lang == "en":
        names.update(zip(catalog.awards["name"], catalog.awards["name_en"], strict=True))
        names.update(zip(catalog.units["name"], catalog.units["name_en"], strict=True))
    names.update({column: t(key, lang) for column, key in COLUMN_KEYS.items()})

    def rename(value: object) -> object:
        return names.get(value, value) if isinstance(value, str) else value

    out = frame.copy()
    for axis in ("index", "columns"):
        labels = getattr(out, axis)
        if isinstance(labels, pd.MultiIndex):
            renamed = labels.set_levels([level.map(rename) for level in labels.levels])
            renamed = renamed.set_names([rename(n) for n in labels.names])
        else:
            renamed = pd.Index([rename(v) for v in labels], name=rename(labels.name))
        setattr(out, axis, renamed)
    for column in out.columns:
        if out[column].dtype == object or isinstance(out[column].dtype, pd.CategoricalDtype | pd.StringDtype):
            out[column] = out[column].map(rename)
    return out


def table_html(
    frame: pd.DataFrame, *, lang: str = "vi", percent: bool = False, catalog: Catalog | None = None
) -> str:
    """HTML of a table as readers see it: localised labels, numbers in the language's format."""
    shown = localize_labels(frame, lang, catalog)

    def cell(value: object) -> str:
        if isinstance(value, bool):
            return t("notebook.yes", lang) if value else ""
        if isinstance(value, int):
            return format_number(value, lang)
        if isinstance(value, float):
            if math.isnan(value):
                return "—"
            if percent:
                return format_percent(value, lang)
            return format_number(value, lang, 0 if value.is_integer() else 1)
        return "" if value is None or value is pd.NA else str(value)

    body = shown.astype(object).map(cell)
    if not isinstance(body.columns, pd.MultiIndex):
        body.columns.name = None
    return body.to_html(escape=True, border=0, classes="dataframe briefing-table", na_rep="—")
