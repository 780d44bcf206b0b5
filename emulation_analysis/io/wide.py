"""Read wide sheets: units as rows, award forms as columns, as offices lay out their summaries.

A wide sheet has optional title rows, a header row naming award forms
(resolved through the award catalogue and its aliases), optionally a second
header row splitting a form into *Tập thể* / *Cá nhân* (merged cells above
them in Excel), one row per unit, and optionally a totals row and column
(*Tổng cộng*, *Tổng số*, *Cộng*). The national statistical forms 0602/0603
(``catalogs/stat_form_columns.csv``) are laid out this way too.

:func:`wide_table` turns such a grid (:mod:`.grid`) into the cells of a long
table, one row per non-blank count cell, which :mod:`.validate` then checks
like any other file. Totals are checked against the cells and dropped; every
problem names its cell as Excel does (``Sheet1!H9``).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..catalog import Catalog
from ..errors import SHOWN_CHARACTERS, AwardDataError, Problem, visible
from ..i18n import t
from .excel import MAX_UNZIPPED_MB, check_unzipped_size
from .grid import Grid, cell_name, column_letter, read_grid
from .read import HEADER_SEARCH_ROWS
from .slips import is_method_heading, is_total_label
from .table import RawTable
from .validate import whole_number

__all__ = ["WideTable", "looks_wide", "read_wide", "wide_table", "with_columns"]

#: Count cells that mean "none": blank, or a dash as offices write it.
_NONE_WRITTEN = frozenset({"-", "–", "—"})
_YEAR_IN_TITLE = re.compile(r"năm\s*(\d{4})(?!\d)", re.IGNORECASE)
_YEAR_IN_NAME = re.compile(r"(?<!\d)(\d{4})(?!\d)")


@dataclass
class WideTable:
    """A wide sheet as the cells of a long table, and the column letter each record came from."""

    raw: RawTable
    letters: np.ndarray


@dataclass
class _Layout:
    """What each column of a wide sheet holds, found from its header rows."""

    header: int
    first_data: int
    forms: dict[int, tuple[str, str | None]] = field(default_factory=dict)
    """Count columns: the award form and the recipient kind (None when not split)."""
    totals: dict[int, str | None] = field(default_factory=dict)
    """Totals columns, with the kind they add up (None: every count column)."""
    named: dict[int, str] = field(default_factory=dict)
    """Other columns (unit, year, STT, notes): their header as written."""
    targets: dict[int, str] = field(default_factory=dict)
    """Which of the named columns are known columns (``district``, ``year``, ``note`` …)."""


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _filled(grid: Grid, rows: range) -> list[list[object]]:
    """The rows given, merged cells repeating their value over their range."""
    width = max((len(grid.rows[r]) for r in rows if r < len(grid.rows)), default=0)
    out = [[grid.cell(r, c) for c in range(width)] for r in rows]
    for top, left, bottom, right in grid.merged:
        value = grid.cell(top, left)
        for r in range(max(top, rows.start), min(bottom, rows.stop - 1) + 1):
            for c in range(left, min(right, width - 1) + 1):
                out[r - rows.start][c] = value
    return out


def _form_cells(row: list[object], catalog: Catalog) -> int:
    texts = [value for value in row if isinstance(value, str)]
    return sum(1 for v in texts if catalog.column_lookup.find(v) is None and catalog.award_lookup.find(v))


def looks_wide(grid: Grid, catalog: Catalog) -> bool:
    """Whether one of the first rows names award forms as headers (two, or one beside a unit column).

    A sheet with a long table's header (award and count columns) is long, whatever its notes say.
    """
    for row in grid.rows[:HEADER_SEARCH_ROWS]:
        if {"award", "count"} <= {catalog.column_lookup.find(v) for v in row if isinstance(v, str)}:
            return False
    return _header_row(grid, catalog) is not None


def _header_row(grid: Grid, catalog: Catalog) -> int | None:
    rows = _filled(grid, range(min(HEADER_SEARCH_ROWS, len(grid.rows))))
    best, best_forms = None, 0
    for index, row in enumerate(rows):
        forms = _form_cells(row, catalog)
        units = any(isinstance(v, str) and catalog.column_lookup.find(v) == "district" for v in row)
        if forms > best_forms and (forms >= 2 or units):
            best, best_forms = index, forms
    return best


def _layout(grid: Grid, catalog: Catalog, header: int, problems: list[Problem], name: str) -> _Layout:
    top, below = _filled(grid, range(header, header + 2))
    kinds = [catalog.recipient_kind_lookup.find(_text(v)) if isinstance(v, str) else None for v in below]
    # The second header row splits forms (or totals) into collective / individual.
    split = any(kinds[c] for c, v in enumerate(top) if v is None or catalog.award_lookup.find(_text(v)))
    layout = _Layout(header, header + 2 if split else header + 1)
    seen: dict[tuple[str, str | None], int] = {}
    for column, value in enumerate(top):
        text = _text(value)
        kind = (kinds[column] or None) if split else None
        if not text and kind and column and column - 1 in layout.forms:  # a form over two unmerged cells
            text = layout.forms[column - 1][0]
        if not text:  # a header merged down from above, its value only in the top cell (CSV from Excel)
            above = (_text(grid.cell(r, column)) for r in range(header - 1, max(header - 3, -1), -1))
            text = next((a for a in above if a and catalog.column_lookup.find(a)), "")
        target = catalog.column_lookup.find(text) if text else None
        form = catalog.award_lookup.find(text) if text and target is None else None
        if form is not None:
            if (form, kind) in seen:
                first = cell_name(grid, header, seen[form, kind])
                cell = cell_name(grid, header, column)
                message = t("load.wide_form_twice", "en", cell=cell, first=first, value=form)
                problems.append(Problem(name, message))
            seen[form, kind] = column
            layout.forms[column] = (form, kind)
        elif text and is_total_label(text):
            layout.totals[column] = kind
        elif text:
            suggestion = catalog.award_lookup.suggest(text) if target is None else None
            repeated = column > 0 and top[column - 1] == value  # one header merged over several cells
            if suggestion is not None and not repeated:
                message = t("load.wide_not_form", "en", cell=cell_name(grid, header, column), value=text)
                problems.append(Problem(name, message, suggestion=suggestion))
            layout.named[column] = text
            if target is not None:
                layout.targets[column] = target
        elif any(grid.cell(r, column) is not None for r in range(layout.first_data, len(grid.rows))):
            layout.named[column] = t("load.wide_no_header", "en", column=column_letter(column))
    if "district" not in layout.targets.values():
        message = t("load.wide_no_unit_column", "en", cell=cell_name(grid, header, 0))
        problems.append(Problem(name, message))
    return layout


def _year(grid: Grid, header: int, year: int | None) -> int | None:
    """The year of a sheet without a year column: its title, else its name, else ``year``."""
    for row in grid.rows[:header]:
        for value in row:
            found = _YEAR_IN_TITLE.search(_text(value))
            if found:
                return int(found.group(1))
    found = _YEAR_IN_NAME.findall(grid.sheet or "")
    if len(found) == 1:
        return int(found[0])
    return year


def wide_table(grid: Grid, name: str, catalog: Catalog, *, year: int | None = None) -> WideTable:
    """The records of a wide sheet as the cells of a long table (see the module's docstring).

    Raises
    ------
    AwardDataError
        Naming each cell that is wrong: a header that is no award form, a
        count that is no number, a total that does not add up, merged cells
        over counts, a second table on the same sheet, no year.
    """
    header = _header_row(grid, catalog)
    if header is None:
        raise AwardDataError.about(name, t("load.wide_no_header_row", "en"))
    problems: list[Problem] = []
    layout = _layout(grid, catalog, header, problems, name)
    counted = sorted(layout.forms) + sorted(layout.totals)
    for top, left, bottom, right in grid.merged:
        if bottom >= layout.first_data and any(left <= c <= right for c in counted):
            cells = cell_name(grid, top, left, (bottom, right))
            problems.append(Problem(name, t("load.wide_merged_data", "en", cells=cells)))
    if problems:
        raise AwardDataError(problems)

    year_column = next((c for c, target in layout.targets.items() if target == "year"), None)
    sheet_year = None if year_column is not None else _year(grid, header, year)
    if year_column is None and sheet_year is None:
        raise AwardDataError.about(name, t("load.wide_no_year", "en"))
    rows = _filled(grid, range(layout.first_data, len(grid.rows)))
    count_rule = whole_number("count")
    verdicts: dict[object, tuple[object, str | None, str | None]] = {}
    cells: dict[str, list[object]] = {"award": [], "count": [], "recipient_kind": []}
    kept = {c: [] for c in layout.named}
    lines, letters = [], []
    running = dict.fromkeys(counted, 0)  # column sums since the last totals row
    units = dict.fromkeys(counted, 0)  # column sums of every unit row
    by_method: tuple[int, dict[int, int]] | None = None  # the heading's row, the sums below it
    letter = {column: column_letter(column) for column in counted}
    for offset, row in enumerate(rows):
        index = layout.first_data + offset
        row = row + [None] * (max(counted, default=0) + 1 - len(row))
        if all(v is None for v in row):
            continue
        labels = [_text(row[c]) for c in layout.named]
        # A header again: the award forms repeated, or the unit column's own caption.
        unit_caption = any(
            layout.targets.get(c) == "district" and _text(row[c]) == layout.named[c] for c in layout.named
        )
        if unit_caption or _form_cells(row, catalog) >= max(2, len(layout.forms) // 2):
            cell = cell_name(grid, index, 0)
            raise AwardDataError([*problems, Problem(name, t("load.wide_two_tables", "en", cell=cell))])
        numbers: dict[int, int] = {}
        for column in counted:
            value = row[column]
            if value is None or (isinstance(value, str) and value in _NONE_WRITTEN):
                continue
            verdict = verdicts.get(value) or verdicts.setdefault(value, count_rule(value))
            if verdict[1] is not None:
                cell = cell_name(grid, index, column)
                shown = visible(_text(value), SHOWN_CHARACTERS)
                message = t("load.wide_bad_count", "en", cell=cell, value=shown, problem=verdict[1])
                problems.append(Problem(name, message))
            else:
                numbers[column] = int(verdict[0])
        if by_method is None and any(is_method_heading(label) for label in labels):
            by_method = (index, dict.fromkeys(counted, 0))
            continue
        if by_method is not None:  # rows by award method split the same awards: checked, then dropped
            for column, number in numbers.items():
                by_method[1][column] += number
            continue
        if any(is_total_label(label) for label in labels):  # a totals row: checked, then dropped
            for column in counted:  # a blank total claims nothing
                if column in numbers and numbers[column] != running[column]:
                    message = t(
                        "load.wide_total_column",
                        "en",
                        cell=cell_name(grid, index, column),
                        total=numbers[column],
                        sum=running[column],
                    )
                    problems.append(Problem(name, message))
                running[column] = 0
            continue
        # A unit's count cell holding a formula no program calculated reads as blank: it is no blank.
        # (The totals' own formulas, in the totals row and column, claim nothing when blank.)
        for column in sorted(layout.forms):
            if row[column] is None and (index, column) in grid.unsaved_formulas:
                cell = cell_name(grid, index, column)
                problems.append(Problem(name, t("load.wide_formula_without_value", "en", cell=cell)))
        for column, kind in layout.totals.items():
            parts = sum(
                n for c, n in numbers.items() if c in layout.forms and kind in (None, layout.forms[c][1])
            )
            if column in numbers and numbers[column] != parts:
                cell = cell_name(grid, index, column)
                message = t("load.wide_total_row", "en", cell=cell, total=numbers[column], sum=parts)
                problems.append(Problem(name, message))
        for column in counted:
            running[column] += numbers.get(column, 0)
            units[column] += numbers.get(column, 0)
        for column in sorted(layout.forms):
            if not numbers.get(column):  # blank, "-" and 0 cells hold no award
                continue
            form, kind = layout.forms[column]
            cells["award"].append(form)
            cells["count"].append(numbers[column])
            cells["recipient_kind"].append(kind)
            for named, label in zip(layout.named, labels, strict=True):
                kept[named].append(label or None)
            lines.append(index + 1)
            letters.append(letter[column])
    if by_method is not None:
        for column, number in by_method[1].items():
            if number != units[column]:
                cell = cell_name(grid, by_method[0], column)
                message = t("load.wide_by_method", "en", cell=cell, sum=number, total=units[column])
                problems.append(Problem(name, message))
    if problems:
        raise AwardDataError(problems)
    frame = pd.DataFrame({layout.named[c]: pd.Series(v, dtype=object) for c, v in kept.items()})
    if year_column is None:
        frame["year"] = sheet_year
    for target, values in cells.items():
        if target == "recipient_kind" and "recipient_kind" in layout.targets.values():
            continue  # the sheet's own column says who received the awards
        frame[target] = pd.Series(values, dtype=object)
    raw = RawTable(name, frame, np.asarray(lines, dtype=np.int64), "row", header + 1)
    return WideTable(raw, np.asarray(letters, dtype=object))


def read_wide(
    path: Path,
    name: str,
    catalog: Catalog,
    *,
    sheet: str | int | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    year: int | None = None,
    max_unzipped_mb: float = MAX_UNZIPPED_MB,
) -> WideTable | None:
    """The wide sheet in ``path``, or None when the file is not laid out that way (or unreadable).

    Raises
    ------
    AwardDataError
        When the file is a wide sheet with problems (see :func:`wide_table`),
        or a workbook that unpacks to more than ``max_unzipped_mb`` megabytes.
    """
    options = {"sheet": sheet, "encoding": encoding, "delimiter": delimiter}
    if path.suffix.lower() == ".xlsx" and zipfile.is_zipfile(path):
        check_unzipped_size(path, name, max_unzipped_mb)
    try:
        head = read_grid(path, name, rows=HEADER_SEARCH_ROWS, **options)
        if not looks_wide(head, catalog):
            return None
        grid = read_grid(path, name, **options)
    except Exception:  # not a readable grid: the long reader says what is wrong with the file
        return None
    return wide_table(grid, name, catalog, year=year)


def with_columns(records: pd.DataFrame, letters: np.ndarray) -> pd.DataFrame:
    """``records`` of a wide sheet with the column letter of each one's cell in ``origin_column``."""
    records["origin_column"] = pd.Categorical(letters, categories=list(dict.fromkeys(letters.tolist())))
    return records
