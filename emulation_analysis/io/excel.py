"""Read the sheets of an Excel workbook (.xlsx, .xlsm) into tables of cells.

Which sheet: by default the sheet Excel opens on (the active one), if it is
visible, else the first visible worksheet; old data is often kept in a
hidden first sheet. Other visible sheets that also hold records are named
in a warning. ``sheet=`` picks a sheet by name or number, a list picks
several and ``"*"`` every visible worksheet holding records.

Limits: a workbook is a zip archive; one that unpacks to more than
``max_unzipped_mb`` (:data:`MAX_UNZIPPED_MB` by default) is refused before
anything is unpacked. The sizes are those the archive declares, and the
zip reader never unpacks more than a member declares.
"""

from __future__ import annotations

import functools
import warnings
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import AwardDataError, visible
from ..i18n import t
from ..text import match_key
from .table import (
    HEADER_SEARCH_ROWS,
    HeaderScore,
    RawTable,
    drop_unnamed_blank,
    find_header,
    first_line,
    header_names,
    no_header,
)

__all__ = [
    "ALL_SHEETS",
    "MAX_UNZIPPED_MB",
    "SheetChoice",
    "check_unzipped_size",
    "is_encrypted_workbook",
    "read_workbook",
]

MAX_UNZIPPED_MB = 200
"""The most a workbook may unpack to, in MB (10^6 bytes), unless the caller allows more."""
ALL_SHEETS = "*"
"""``sheet=`` value: every visible worksheet that holds records."""

SheetChoice = str | int | Sequence[str | int] | None
"""A sheet by name or number (from 0), several as a list, ``"*"`` for all, None for the default."""

_fail = AwardDataError.about
# An encrypted Office file is an OLE container holding a stream of this name (UTF-16 in the directory).
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


def is_encrypted_workbook(path: Path) -> bool:
    """Whether an OLE file (what old .xls files also are) is a password-protected workbook."""
    with path.open("rb") as handle:
        return _ENCRYPTED_STREAM in handle.read()


def _excel_cell(value: object) -> object:
    # Excel's TRUE/FALSE would otherwise hash equal to 1 and 0 and merge with
    # real numbers when distinct values are collected.
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return value


def check_unzipped_size(path: Path, name: str, max_unzipped_mb: float) -> None:
    """Refuse a workbook whose parts unpack to more than ``max_unzipped_mb`` megabytes."""
    try:
        with zipfile.ZipFile(path) as archive:
            size = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _fail(name, t("load.unreadable_workbook", "en", reason=first_line(exc))) from None
    if size > max_unzipped_mb * 1e6:
        message = t("load.workbook_too_large", "en", size=f"{size / 1e6:,.0f}", limit=f"{max_unzipped_mb:g}")
        raise _fail(name, message)


def _rows(sheet, limit: int | None = None) -> list[list[object]]:
    # Read-only sheets trust the size the file declares (<dimension>), which
    # some programs write wrongly: forgotten, every row is read.
    sheet.reset_dimensions()
    return [[_excel_cell(v) for v in row] for row in sheet.iter_rows(max_row=limit, values_only=True)]


# Recognised column names a sheet's header needs for the sheet to count as holding records: as
# many as the required columns. A list of units and award forms (a template's drop-down lists)
# names two or three.
_RECORDS_HEADER_SCORE = 4


def _holds_records(sheet, header_score: HeaderScore) -> bool:
    rows = _rows(sheet, HEADER_SEARCH_ROWS + 1)
    header, score = find_header(rows, header_score)
    filled = any(v not in (None, "") for row in rows[header + 1 :] for v in row)
    return header >= 0 and score >= _RECORDS_HEADER_SCORE and filled


def _named(name: str, workbook, wanted: str | int) -> object:
    """The sheet ``wanted`` names (a name, any case or spacing, or a number from 0)."""
    names = workbook.sheetnames
    listed = ", ".join(names)
    if isinstance(wanted, int):
        if not 0 <= wanted < len(names):
            raise _fail(name, t("load.no_sheet_number", "en", number=wanted, sheets=listed))
        chosen = names[wanted]
    else:
        by_key = {match_key(n): n for n in reversed(names)}
        if wanted not in names and match_key(str(wanted)) not in by_key:
            raise _fail(name, t("load.no_sheet_named", "en", sheet=wanted, sheets=listed))
        chosen = wanted if wanted in names else by_key[match_key(str(wanted))]
    sheet = workbook[chosen]
    if sheet not in workbook.worksheets:
        tables = ", ".join(s.title for s in workbook.worksheets) or t("load.headers_none", "en")
        raise _fail(name, t("load.chart_sheet", "en", sheet=chosen, worksheets=tables))
    return sheet


def _pick(name: str, workbook, sheet: SheetChoice, header_score: HeaderScore) -> list[object]:
    """The sheets to read, as ``sheet`` asks."""
    if not workbook.worksheets:
        if workbook.chartsheets:
            raise _fail(name, t("load.only_chart_sheets", "en"))
        raise _fail(name, t("load.workbook_without_worksheets", "en"))
    in_view = [s for s in workbook.worksheets if s.sheet_state == "visible"] or workbook.worksheets
    if sheet == ALL_SHEETS:
        chosen = [s for s in in_view if _holds_records(s, header_score)]
        if not chosen:
            listed = ", ".join(s.title for s in in_view)
            raise _fail(name, t("load.no_sheet_with_records", "en", sheets=listed))
        return chosen
    if isinstance(sheet, str | int):
        return [_named(name, workbook, sheet)]
    if sheet is not None:
        return list(dict.fromkeys(_named(name, workbook, s) for s in sheet))
    active = workbook.active
    chosen = active if active in in_view else in_view[0]
    others = [s.title for s in in_view if s is not chosen and _holds_records(s, header_score)]
    if others:
        listed = ", ".join(f"'{title}'" for title in others)
        message = t("load.other_sheets", "en", file=name, sheet=chosen.title, others=listed)
        warnings.warn(visible(message), UserWarning, stacklevel=5)
    return [chosen]


def read_workbook(
    path: Path, name: str, header_score: HeaderScore, sheet: SheetChoice, max_unzipped_mb: float
) -> list[RawTable]:
    """The records of each sheet ``sheet`` chooses; see the module's description."""
    import openpyxl

    check_unzipped_size(path, name, max_unzipped_mb)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a damaged workbook raises zip, XML and key errors alike
        raise _fail(name, t("load.unreadable_workbook", "en", reason=first_line(exc))) from None
    try:
        chosen = _pick(name, workbook, sheet, header_score)
        tables = []
        for one in chosen:
            label = name if sheet is None else t("load.sheet_label", "en", file=name, sheet=one.title)
            try:
                rows = _rows(one)
            except Exception as exc:  # damaged sheet XML
                raise _fail(name, t("load.unreadable_workbook", "en", reason=first_line(exc))) from None
            hidden = {s.title for s in workbook.worksheets if s.sheet_state != "visible"}
            others = [
                t("load.hidden_sheet", "en", sheet=n) if n in hidden else n
                for n in workbook.sheetnames
                if n != one.title
            ]
            tables.append(_sheet_table(path, label, one.title, rows, header_score, others))
    finally:
        workbook.close()
    return tables


def _sheet_table(
    path: Path, label: str, title: str, rows: list[list[object]], header_score: HeaderScore, others: list[str]
) -> RawTable:
    header_index, _ = find_header(rows, header_score)
    if header_index < 0:
        rest = ", ".join(others)
        also = " " + t("load.sheet_among_others", "en", sheet=title, others=rest) if rest else ""
        raise no_header(label, "", "row", also)
    header_row = header_index + 1  # as Excel numbers rows
    body = rows[header_index + 1 :]
    width = max(len(r) for r in rows[header_index:])
    header = rows[header_index] + [None] * (width - len(rows[header_index]))
    columns = header_names(label, header, header_row, "row")
    frame = pd.DataFrame([r + [None] * (width - len(r)) for r in body], columns=columns, dtype=object)
    lines = np.arange(header_row + 1, header_row + 1 + len(frame), dtype=np.int64)
    formulas = functools.cache(lambda: _formula_cells(path, title, header_row, columns))
    return RawTable(label, drop_unnamed_blank(frame), lines, "row", header_row, formula_cells=formulas)


def _formula_cells(path: Path, title: str, header_row: int, columns: list[str]) -> frozenset[tuple[int, str]]:
    """(row, header) of each cell below the header holding a formula; read again, only when asked.

    A formula no program has calculated (a workbook written by a script and
    never opened in Excel) has no saved value and reads as blank.
    """
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        sheet = workbook[title]
        sheet.reset_dimensions()
        return frozenset(
            (cell.row, columns[cell.column - 1])
            for row in sheet.iter_rows(min_row=header_row + 1)
            for cell in row
            if getattr(cell, "data_type", None) == "f" and cell.column <= len(columns)
        )
    finally:
        workbook.close()
