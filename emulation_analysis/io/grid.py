"""Read a sheet (or a text file) as a grid of cells, merged ranges included.

Wide sheets (:mod:`.wide`) are read cell by cell: their headers span rows and
merged cells, and a problem is named by its cell (``Sheet1!H9``). This module
only reads; files are opened read-only and never written.
"""

from __future__ import annotations

import codecs
import csv
import io
import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..text import match_key, nfc
from .encoding import check_options, detect_encoding
from .read import DELIMITERS, HEADER_SEARCH_ROWS

__all__ = ["Grid", "cell_name", "column_letter", "read_grid"]


@dataclass(frozen=True)
class Grid:
    """The cells of one sheet: ``rows[i][j]`` is Excel's row ``i + 1``, column ``j + 1``."""

    sheet: str | None
    """The sheet's name (None for a text file)."""
    rows: list[list[object]]
    merged: tuple[tuple[int, int, int, int], ...] = ()
    """Merged ranges as (first row, first column, last row, last column), counted from 0."""
    unsaved_formulas: frozenset[tuple[int, int]] = frozenset()
    """(row, column) from 0 of each cell holding a formula with no saved value: it reads as blank
    (a workbook written by a program and never opened in Excel), but is no blank."""

    def cell(self, row: int, column: int) -> object:
        """The value at ``row``, ``column`` (from 0); None outside the grid."""
        cells = self.rows[row] if row < len(self.rows) else ()
        return cells[column] if column < len(cells) else None


def column_letter(column: int) -> str:
    """Excel's letters of a column counted from 0 (``0`` → ``A``, ``27`` → ``AB``).

    Examples
    --------
    >>> column_letter(0), column_letter(25), column_letter(27)
    ('A', 'Z', 'AB')
    """
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_name(grid: Grid, row: int, column: int, last: tuple[int, int] | None = None) -> str:
    """A cell (or range) as Excel names it, with the sheet: ``Sheet1!H9``, ``Sheet1!C5:D6``.

    Examples
    --------
    >>> cell_name(Grid("Sheet1", []), 8, 7)
    'Sheet1!H9'
    """
    where = f"{column_letter(column)}{row + 1}"
    if last is not None and last != (row, column):
        where += f":{column_letter(last[1])}{last[0] + 1}"
    if grid.sheet is None:
        return where
    sheet = grid.sheet if grid.sheet.replace("_", "").isalnum() else "'" + grid.sheet.replace("'", "''") + "'"
    return f"{sheet}!{where}"


def _value(value: object) -> object:
    if isinstance(value, str):
        value = nfc(value).strip()
        return value or None
    if isinstance(value, bool):  # TRUE/FALSE would pass for 1 and 0
        return "TRUE" if value else "FALSE"
    return value


def read_grid(
    path: Path,
    name: str,
    *,
    sheet: str | int | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    rows: int | None = None,
) -> Grid:
    """The cells of ``path`` (the chosen sheet of a workbook, or a text file), trimmed and in NFC.

    ``rows`` reads only the first rows (and no merged ranges): enough to tell the layout.
    Raises whatever the file's reader raises when it cannot be read as a grid.
    """
    with path.open("rb") as handle:
        head = handle.read(1 << 16)
    if head.startswith(b"PK\x03\x04"):
        return _read_sheet(path, sheet, rows)
    given = check_options(name, encoding, delimiter)
    chosen = given or detect_encoding(name, head)
    if rows is None:
        text = path.read_bytes().decode(chosen)
    else:
        text = codecs.getincrementaldecoder(chosen)().decode(head, final=False)
        text = "\n".join(text.splitlines()[:rows])
    text = text.removeprefix("\ufeff")
    sep = delimiter or _pick_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    return Grid(None, [[_value(c) for c in row] for row in reader])


def _pick_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most cells (``,`` on a tie)."""
    head = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])

    def cells(sep: str) -> int:
        try:
            return sum(len(row) for row in csv.reader(io.StringIO(head, newline=""), delimiter=sep))
        except csv.Error:
            return 0

    return max(DELIMITERS, key=lambda sep: (cells(sep), -DELIMITERS.index(sep)))


def _read_sheet(path: Path, sheet: str | int | None, rows: int | None) -> Grid:
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        names = workbook.sheetnames
        # A sheet that does not exist raises here: the long reader then names the sheets there are.
        if sheet is None:  # as the long reader chooses: the sheet Excel opens on, if visible
            in_view = [w.title for w in workbook.worksheets if w.sheet_state == "visible"] or names
            active = workbook.active.title if workbook.active is not None else None
            chosen = active if active in in_view else in_view[0]
        elif isinstance(sheet, int):
            if sheet < 0:
                raise IndexError(sheet)  # not counted from the end: the long reader refuses it too
            chosen = names[sheet]
        else:
            by_key = {match_key(n): n for n in reversed(names)}
            chosen = sheet if sheet in names else by_key[match_key(str(sheet))]
        worksheet = workbook[chosen]
        worksheet.reset_dimensions()  # the size a file declares may understate its rows
        found = worksheet.iter_rows(max_row=rows, values_only=True)
        cells = [[_value(v) for v in row] for row in found]
    finally:
        workbook.close()
    if rows is not None:
        return Grid(chosen, cells)
    merged, unsaved = _merged_ranges_and_unsaved_formulas(path, names.index(chosen))
    return Grid(chosen, cells, merged, unsaved)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _merged_ranges_and_unsaved_formulas(
    path: Path, index: int
) -> tuple[tuple[tuple[int, int, int, int], ...], frozenset[tuple[int, int]]]:
    """The merged ranges of the ``index``-th sheet and its formulas without a saved value, from its XML.

    A read-only openpyxl sheet reports neither, and loading the whole
    workbook to learn them costs several times the reading of the cells.
    """
    from xml.etree import ElementTree

    from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries

    with zipfile.ZipFile(path) as archive:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        sheets = [e for e in book.iter() if _local(e.tag) == "sheet"]
        relation = next(v for k, v in sheets[index].attrib.items() if _local(k) == "id")
        links = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        target = next(e.get("Target") for e in links if e.get("Id") == relation)
        absolute = target.startswith("/")
        part = target.lstrip("/") if absolute else posixpath.normpath(posixpath.join("xl", target))
        ranges, unsaved = [], set()
        with archive.open(part) as source:
            for _, element in ElementTree.iterparse(source):
                name = _local(element.tag)
                if name == "mergeCell":
                    left, top, right, bottom = range_boundaries(element.get("ref"))
                    ranges.append((top - 1, left - 1, bottom - 1, right - 1))
                elif name == "c" and element.get("r"):
                    parts = {_local(child.tag): child.text for child in element}
                    if "f" in parts and not parts.get("v"):
                        row, column = coordinate_to_tuple(element.get("r"))
                        unsaved.add((row - 1, column - 1))
                elif name == "row":
                    element.clear()  # the cells were read already; keep memory flat
    return tuple(ranges), frozenset(unsaved)
