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

import html
import math

import numpy as np
import pandas as pd

from ..analysis.compare import PERCENT_MIN_BASE, percent_shown
from ..catalog import Catalog, default_catalog
from ..i18n import format_number, format_percent, t
from ..schema import TOTAL

__all__ = ["COLUMN_KEYS", "NBSP", "keep_names_whole", "localize_labels", "table_html"]

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


#: Non-breaking space: a unit's name ("Quận Tân Bình") stays on one line in a narrow column.
NBSP = "\u00a0"


def _unit_names(catalog: Catalog) -> set[str]:
    return {str(n) for column in ("name", "name_en") for n in catalog.units[column].dropna()} | {TOTAL}


def keep_names_whole(text: str, catalog: Catalog | None = None) -> str:
    """``text`` with the spaces inside every unit name made non-breaking ("Quận Tân Bình" stays whole).

    Longer names are joined first, so "Quận 10" is never read as "Quận 1" and a "0".

    Examples
    --------
    >>> keep_names_whole("Tăng nhiều nhất: Quận Tân Bình (+6); Quận 10 giảm.") == (
    ...     "Tăng nhiều nhất: Quận\u00a0Tân\u00a0Bình (+6); Quận\u00a010 giảm.")
    True
    """
    names = sorted((n for n in _unit_names(catalog or default_catalog()) if " " in n), key=len, reverse=True)
    for name in names:
        if name in text:
            text = text.replace(name, name.replace(" ", NBSP))
    return text


def _small_base(frame: pd.DataFrame) -> pd.Series:
    """Rows whose percentage change rests on a base under :data:`PERCENT_MIN_BASE` (hidden from readers).

    The base is not always a column of the table (a comparison shows it under
    its year): it is ``change`` ÷ ``pct_change`` × 100, exact for counts.
    """
    if not {"change", "pct_change"} <= set(frame.columns):
        return pd.Series(False, index=frame.index)
    pct = pd.to_numeric(frame["pct_change"], errors="coerce").astype("float64")
    change = pd.to_numeric(frame["change"], errors="coerce").astype("float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        base = (change / pct * 100).round()
    return (pct.notna() & (pct != 0) & ~base.map(percent_shown)).astype(bool)


def _cell_text(value: object, lang: str, percent: bool) -> tuple[str, bool]:
    """``(text, is_number)`` of one cell as readers see it."""
    if isinstance(value, bool | np.bool_):
        return (t("notebook.yes", lang) if value else ""), False
    if isinstance(value, int | np.integer):
        return format_number(int(value), lang), True
    if isinstance(value, float | np.floating):
        if math.isnan(value):
            return "—", True
        if percent:
            return format_percent(float(value), lang), True
        return format_number(float(value), lang, 0 if float(value).is_integer() else 1), True
    if value is None or value is pd.NA or value is pd.NaT:
        return "", False
    return str(value), False


def table_html(
    frame: pd.DataFrame, *, lang: str = "vi", percent: bool = False, catalog: Catalog | None = None
) -> str:
    """HTML of a table as readers see it, in a box that scrolls sideways on a narrow screen.

    Labels are localised and numbers written in the language's format, in
    tabular figures and right-aligned (text left-aligned, by the template's
    CSS classes ``num`` and ``text``). The index becomes the first column,
    its name heading that column (no header row of its own); a column left
    blank in every row is left out; unit names never break across lines.
    A percentage change on a base under
    :data:`~emulation_analysis.analysis.compare.PERCENT_MIN_BASE` is shown
    as "—", with a note under the table.

    Examples
    --------
    >>> frame = pd.DataFrame({"total": [2104], "tied": [False]},
    ...                      index=pd.Index(["Quận Tân Bình"], name="district"))
    >>> print(table_html(frame, lang="en").replace("><", ">\\n<"))  # doctest: +NORMALIZE_WHITESPACE
    <div class="briefing-table-scroll">
    <table class="dataframe briefing-table">
    <thead>
    <tr>
    <th class="text" scope="col">Unit</th>
    <th class="num" scope="col">Total</th>
    </tr>
    </thead>
    <tbody>
    <tr>
    <th class="text wide" scope="row">Tan&nbsp;Binh&nbsp;District</th>
    <td class="num">2,104</td>
    </tr>
    </tbody>
    </table>
    </div>
    """
    catalog = catalog or default_catalog()
    hidden = _small_base(frame)
    keep_index = not (isinstance(frame.index, pd.RangeIndex) and frame.index.name is None)
    flat = frame.reset_index() if keep_index else frame.reset_index(drop=True)
    hidden = pd.Series(hidden.to_numpy(), index=flat.index)
    if isinstance(flat.columns, pd.MultiIndex):
        flat.columns = [" · ".join(str(p) for p in parts if str(p)) for parts in flat.columns]
    keys = [str(c) for c in flat.columns]
    shown = localize_labels(flat, lang, catalog)
    names = _unit_names(catalog)
    columns: list[tuple[str, list[str], bool]] = []  # (heading, cells, numeric)
    for position, key in enumerate(keys):
        cells, numeric = [], []
        for row, value in enumerate(shown.iloc[:, position].astype(object)):
            text, is_number = _cell_text(value, lang, percent)
            if key == "year" and is_number:
                text = str(value)  # a year is a name, never "2.019"
            if key in ("change", "pct_change") and is_number and value == value:  # not NaN
                # a change is written with its sign, as on the charts and in the key points: +3, −3
                digits = 0 if float(value).is_integer() else 1
                text = format_number(float(value), lang, digits, signed=True)
            if key == "pct_change" and hidden.iloc[row]:
                text = "—"
            if key == "district" or text in names:
                text = text.replace(" ", NBSP)
            cells.append(text)
            numeric.append(is_number)
        if not any(cells):
            continue  # blank in every row ("Đồng hạng" when nothing is tied)
        heading = str(shown.columns[position])
        if heading in names:  # units as columns (one line per unit and year)
            heading = heading.replace(" ", NBSP)
        columns.append((heading, cells, bool(numeric) and all(numeric)))
    if not columns:
        return ""
    rows_html = []
    for row in range(len(flat)):
        cells_html = []
        for position, (_, cells, numeric) in enumerate(columns):
            kind = "num" if numeric else "text"
            # a column of long names ("Huân chương Lao động hạng Nhì") is wide enough for two or
            # three words a line: it is not squeezed to one word a line by the columns of numbers
            if not numeric and any(len(cell) > 12 for cell in cells):
                kind += " wide"
            text = html.escape(cells[row])
            if position == 0 and keep_index:
                cells_html.append(f'<th class="{kind}" scope="row">{text}</th>')
            else:
                cells_html.append(f'<td class="{kind}">{text}</td>')
        rows_html.append("<tr>" + "".join(cells_html) + "</tr>")

    def heading_cell(heading: str, numeric: bool) -> str:
        # a long heading ("Huân chương Lao động hạng Nhì") gets a column wide enough for
        # two or three words a line, not one word a line on a narrow screen
        wide = " wide" if len(heading) > 12 else ""
        return f'<th class="{"num" if numeric else "text"}{wide}" scope="col">{html.escape(heading)}</th>'

    head = "".join(heading_cell(heading, numeric) for heading, _, numeric in columns)
    note = ""
    if hidden.any():  # percentages hidden here (a caller that left them out says so itself)
        note = (
            '<p class="briefing-table-note">'
            + html.escape(t("table.small_base_note", lang, minimum=PERCENT_MIN_BASE))
            + "</p>"
        )
    table = (
        '<div class="briefing-table-scroll"><table class="dataframe briefing-table">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows_html)}</tbody></table></div>"
    )
    return (table + note).replace(NBSP, "&nbsp;")
