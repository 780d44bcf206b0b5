"""Write a wide table (:func:`emulation_analysis.analysis.wide.wide_table`) as an office sheet.

The sheet is what an office files or pastes into its report: a title row,
header rows (caption, award form, *Tập thể* / *Cá nhân*) with merged cells,
one row per unit, a *Tổng cộng* row and column, thin borders. The same rows
can be written as CSV. Both are read back by
:func:`emulation_analysis.load_awards`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..i18n import t
from ..schema import TOTAL
from ..text import escape_formula

__all__ = ["SheetLayout", "fill_worksheet", "sheet_layout", "write_wide_csv", "write_wide_workbook"]


@dataclass(frozen=True)
class SheetLayout:
    """The cells of a wide sheet and where its parts are."""

    rows: list[list[object]]
    merged: list[tuple[int, int, int, int]]
    """Merged ranges (first row, first column, last row, last column), from 0."""
    header_rows: range
    total_rows: list[int]
    labels: int
    """How many columns on the left label the rows (year, former district, unit)."""


def _title(table: pd.DataFrame, years: list[int], title: str | None, lang: str) -> str:
    if title is None:
        shown = ", ".join(map(str, years)) or "—"
        form = table.attrs.get("form")
        if form:
            title = t("wide.title_form", lang, form=form, years=shown)
        else:
            title = t("wide.title", lang, years=shown)
    if table.attrs.get("illustrative"):  # never a sheet that passes for official figures
        return t("wide.title_illustrative", lang, title=title)
    return title


def sheet_layout(table: pd.DataFrame, *, title: str | None = None, lang: str = "vi") -> SheetLayout:
    """The rows of the sheet for ``table``: title, header rows, units, totals.

    The year column is left out when the table holds one year: the title says it.
    """
    index = table.index.to_frame(index=False)
    index.columns = [str(c) for c in index.columns]
    year_name = index.columns[0]
    years = sorted({y for y in index[year_name] if isinstance(y, int)})
    index_columns = list(index.columns)
    if len(years) <= 1:
        index_columns = index_columns[1:]
    captions = list(table.columns.get_level_values(0))
    forms = list(table.columns.get_level_values(1))
    kinds = list(table.columns.get_level_values(2))
    header = []
    if any(f and c != f for c, f in zip(captions, forms, strict=True)):  # forms grouped under captions
        header.append(captions)
    header.append([f or c for c, f in zip(captions, forms, strict=True)])
    if any(kinds):
        header.append(kinds)
    width = len(index_columns) + len(captions)
    rows: list[list[object]] = [[_title(table, years, title, lang)] + [None] * (width - 1)]
    merged = [(0, 0, 0, width - 1)]
    first = len(rows)
    for level in header:
        rows.append([*index_columns, *level])
    # Headers merge down over blank (or repeated) cells, and across equal neighbours.
    last = first + len(header) - 1
    written = [list(row) for row in rows[first : last + 1]]  # as written, before merging blanks them
    hidden: set[tuple[int, int]] = set()
    for column in range(width):
        values = [row[column] for row in written]
        depth = next((i for i in range(1, len(values)) if values[i] and values[i] != values[0]), len(values))
        if depth > 1:
            merged.append((first, column, first + depth - 1, column))
            hidden |= {(first + r, column) for r in range(1, depth)}
    for r, row in enumerate(written):
        start = len(index_columns)
        for column in range(start + 1, width + 1):
            same = column < width and row[column] is not None and row[column] == row[start]
            same = same and all(written[a][column] == written[a][start] for a in range(r))
            same = same and (first + r, column) not in hidden
            if not same:
                if column - 1 > start and row[start] is not None and (first + r, start) not in hidden:
                    merged.append((first + r, start, first + r, column - 1))
                    hidden |= {(first + r, c) for c in range(start + 1, column)}
                start = column
    for r, c in hidden:
        rows[r][c] = None
    total_rows = []
    heading = None
    for position, values in enumerate(table.itertuples(index=False)):
        labels = list(index.iloc[position])
        if labels[0] == TOTAL:
            total_rows.append(len(rows))
            labels = [None] * (len(index.columns) - 1) + [TOTAL]
        elif isinstance(labels[0], str) and labels[0] != heading:  # rows by award method follow
            heading = labels[0]
            rows.append([heading] + [None] * (width - 1))  # not merged: it would cover count cells
            labels = [None] * (len(index.columns) - 1) + [labels[-1]]
        elif isinstance(labels[0], str):
            labels = [None] * (len(index.columns) - 1) + [labels[-1]]
        shown = labels[len(index.columns) - len(index_columns) :]
        # A cell without awards is left blank, as offices do; totals are always written.
        counts = [int(v) if v or labels[-1] == TOTAL else None for v in values]
        if table.columns[0][0] == TOTAL:
            counts[0] = int(values[0])
        rows.append([*[v if v != "" else None for v in shown], *counts])
    return SheetLayout(rows, merged, range(first, last + 1), total_rows, len(index_columns))


def write_wide_csv(
    table: pd.DataFrame, path: str | Path, *, title: str | None = None, lang: str = "vi"
) -> Path:
    """Write the sheet's rows as UTF-8 CSV (with BOM, so that Excel shows Vietnamese); returns the path."""
    path = Path(path)
    layout = sheet_layout(table, title=title, lang=lang)
    rows = [list(row) for row in layout.rows]
    # Text has no merged cells: a merged header is written in every cell it covers.
    for top, left, bottom, right in layout.merged[1:]:
        if top in layout.header_rows:
            for r in range(top, bottom + 1):
                for c in range(left, right + 1):
                    rows[r][c] = layout.rows[top][left]
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        # A label from the records ("=HYPERLINK(…)" as an award method) must not become a formula.
        cells = [[escape_formula(v) if isinstance(v, str) else v for v in row] for row in rows]
        csv.writer(handle).writerows([["" if v is None else v for v in row] for row in cells])
    return path


def write_wide_workbook(
    table: pd.DataFrame,
    path: str | Path,
    *,
    title: str | None = None,
    sheet: str = "Tổng hợp",
    lang: str = "vi",
) -> Path:
    """Write ``table`` as a formatted ``.xlsx`` sheet: title, merged header rows, borders, totals.

    Returns
    -------
    Path
        The file written.
    """
    import openpyxl

    path = Path(path)
    workbook = openpyxl.Workbook()
    workbook.active.title = sheet
    fill_worksheet(workbook.active, sheet_layout(table, title=title, lang=lang))
    workbook.save(path)
    return path


def fill_worksheet(worksheet, layout: SheetLayout) -> None:
    """Write ``layout`` into an openpyxl worksheet: values, merged ranges, borders, bold headers."""
    from openpyxl.styles import Alignment, Border, Font, Side

    for row in layout.rows:
        worksheet.append(row)
    for row in worksheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":  # text from the records starting with "=": text, never a formula
                cell.data_type = "s"
    for top, left, bottom, right in layout.merged:
        worksheet.merge_cells(
            start_row=top + 1, start_column=left + 1, end_row=bottom + 1, end_column=right + 1
        )
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    worksheet.cell(1, 1).font = Font(bold=True, size=13)
    worksheet.cell(1, 1).alignment = Alignment(horizontal="center")
    for r, row in enumerate(layout.rows[1:], start=2):
        for c in range(1, len(row) + 1):
            cell = worksheet.cell(r, c)
            cell.border = border
            if r - 1 in layout.header_rows:
                cell.font, cell.alignment = Font(bold=True), centred
            elif r - 1 in layout.total_rows:
                cell.font = Font(bold=True)
    from openpyxl.utils import get_column_letter

    for column in range(1, len(layout.rows[-1]) + 1):
        worksheet.column_dimensions[get_column_letter(column)].width = 24 if column <= layout.labels else 13
    worksheet.freeze_panes = worksheet.cell(layout.header_rows.stop + 1, layout.labels + 1)
