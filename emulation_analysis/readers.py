"""Read one award file (text, Excel or Parquet) into a table of raw cells.

This module only reads: it finds the encoding, the delimiter and the header
row, and remembers which line (or spreadsheet row) each record came from.
Validation happens in :mod:`emulation_analysis.loader`. Files are opened
read-only and never written.
"""

from __future__ import annotations

import codecs
import csv
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import AwardDataError, Problem

__all__ = ["RawTable", "read_table", "TEXT_SUFFIXES", "SUPPORTED_SUFFIXES"]

TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
SUPPORTED_SUFFIXES = (*TEXT_SUFFIXES, ".xlsx", ".xlsm", ".parquet", ".pq")
DELIMITERS = (",", ";", "\t")
HEADER_SEARCH_ROWS = 30
SNIFF_BYTES = 1 << 16

HeaderScore = Callable[[Sequence[object]], int]


@dataclass(frozen=True)
class RawTable:
    """Cells of one file below its header row, with where each row came from."""

    name: str
    frame: pd.DataFrame
    lines: np.ndarray
    line_label: str
    exact_lines: Callable[[], np.ndarray] | None = None
    """Recounts ``lines`` when a cell holds a line break (text files only)."""


def _fail(name: str, message: str, **where) -> AwardDataError:
    return AwardDataError([Problem(name, message, **where)])


def read_table(
    path: Path,
    name: str,
    header_score: HeaderScore,
    *,
    sheet: str | int | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> RawTable:
    """Read ``path`` whatever its format; ``name`` is how errors refer to it.

    ``header_score`` counts the recognised column names in a candidate row;
    the first row with the best score of at least two is the header.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except FileNotFoundError:
        raise _fail(name, "file not found") from None
    except IsADirectoryError:
        raise _fail(name, "is a folder, not a file") from None
    except OSError as exc:
        raise _fail(name, f"cannot be read ({exc.strerror or exc})") from None
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise _fail(name, "file is empty")
    if head.startswith(b"PK\x03\x04"):
        return _read_excel(path, name, header_score, sheet)
    if head.startswith(b"PAR1"):
        return _read_parquet(path, name)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise _fail(name, "is an old Excel .xls workbook; save it as .xlsx (Excel Workbook) first")
    if path.suffix.lower() in (".xlsx", ".xlsm", ".parquet", ".pq"):
        raise _fail(name, f"is named {path.suffix} but is not a valid {path.suffix} file")
    return _read_text(path, name, head, header_score, encoding, delimiter)


# --- text -------------------------------------------------------------------


def _detect_encoding(name: str, head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        sample = head[:4096]
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > len(sample) * 0.4 and even == 0:
            return "utf-16-le"
        if even > len(sample) * 0.4 and odd == 0:
            return "utf-16-be"
        raise _fail(name, "looks like a binary file, not a table of award records")
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        head.decode("cp1258")
    except UnicodeDecodeError:
        raise _fail(
            name, "is neither UTF-8, UTF-16 nor Windows-1258 text; save it as CSV UTF-8"
        ) from None
    return "cp1258"


def _decode_head(head: bytes, encoding: str) -> str:
    return codecs.getincrementaldecoder(encoding)(errors="replace").decode(head, final=False)


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
    return controls > max(2, len(sample) // 100)


def _find_header(rows: Sequence[Sequence[object]], header_score: HeaderScore) -> tuple[int, int]:
    """Index of the header row among ``rows`` and its score (``-1, 0`` if none)."""
    best, best_score = -1, 1
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = header_score(row)
        if score > best_score:
            best, best_score = index, score
    return best, (best_score if best >= 0 else 0)


def _read_text(
    path: Path,
    name: str,
    head: bytes,
    header_score: HeaderScore,
    encoding: str | None,
    delimiter: str | None,
) -> RawTable:
    encoding = encoding or _detect_encoding(name, head)
    text = _decode_head(head, encoding)
    if _looks_binary(text):
        raise _fail(name, "looks like a binary file, not a table of award records")
    lines = text.splitlines()[:HEADER_SEARCH_ROWS]
    choices = [delimiter] if delimiter else list(DELIMITERS)
    found = []
    for sep in choices:
        rows = list(csv.reader(lines, delimiter=sep))
        index, score = _find_header(rows, header_score)
        found.append((score, -choices.index(sep), sep, index))
    score, _, sep, header_index = max(found)
    if header_index < 0:
        first = next((line for line in lines if line.strip()), "")
        raise _fail(
            name,
            "has no header row naming the columns year, district, award and count "
            "(or Năm, Đơn vị, Hình thức khen thưởng, Số lượng) in its first "
            f"{HEADER_SEARCH_ROWS} lines; its first line reads '{first[:80]}'",
            lines=(1,),
        )
    try:
        frame = pd.read_csv(
            path,
            sep=sep,
            encoding=encoding,
            skiprows=header_index,
            header=0,
            dtype=str,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
        )
    except UnicodeDecodeError:
        if encoding != "utf-8":
            raise _fail(name, f"cannot be decoded as {encoding}") from None
        return _read_text(path, name, head, header_score, "cp1258", sep)
    except (pd.errors.ParserError, ValueError) as exc:
        raise _shape_error(path, name, encoding, sep, header_index, exc) from None
    first_data_line = header_index + 2
    row_lines = np.arange(first_data_line, first_data_line + len(frame), dtype=np.int64)
    recount = functools.partial(_record_start_lines, path, encoding, sep, header_index)
    return RawTable(name, frame, row_lines, "line", recount)


def _record_start_lines(path: Path, encoding: str, sep: str, header_index: int) -> np.ndarray:
    """Line where each record starts, counting newlines inside quoted cells.

    The fast path assumes one record per line; this slower path is taken only
    when some cell holds a line break.
    """
    with path.open(encoding=encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=sep)
        starts: list[int] = []
        previous_end = 0
        for index, _row in enumerate(reader):
            if index > header_index:
                starts.append(previous_end + 1)
            previous_end = reader.line_num
    return np.asarray(starts, dtype=np.int64)


def _shape_error(
    path: Path, name: str, encoding: str, sep: str, header_index: int, exc: Exception
) -> AwardDataError:
    """Name every line whose number of fields differs from the header's."""
    problems = []
    try:
        with path.open(encoding=encoding, newline="") as handle:
            reader = csv.reader(handle, delimiter=sep)
            width = None
            for number, row in enumerate(reader):
                if number < header_index:
                    continue
                if width is None:
                    width = len(row)
                elif row and len(row) != width:
                    problems.append(
                        Problem(
                            name,
                            f"has {len(row)} fields where the header has {width}",
                            lines=(reader.line_num,),
                        )
                    )
    except (UnicodeDecodeError, csv.Error) as inner:
        problems.append(Problem(name, f"cannot be parsed as a table ({inner})"))
    if not problems:
        problems.append(Problem(name, f"cannot be parsed as a table ({exc})"))
    return AwardDataError(problems)


# --- Excel ------------------------------------------------------------------


def _read_excel(path: Path, name: str, header_score: HeaderScore, sheet: str | int | None) -> RawTable:
    import zipfile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise _fail(name, f"is not a readable Excel workbook ({exc})") from None
    try:
        names = workbook.sheetnames
        if sheet is None:
            chosen = names[0]
        elif isinstance(sheet, int):
            if not 0 <= sheet < len(names):
                raise _fail(name, f"has no sheet number {sheet}; its sheets are: {', '.join(names)}")
            chosen = names[sheet]
        elif sheet in names:
            chosen = sheet
        else:
            raise _fail(name, f"has no sheet '{sheet}'; its sheets are: {', '.join(names)}")
        rows = [list(r) for r in workbook[chosen].iter_rows(min_row=1, values_only=True)]
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _fail(name, f"is not a readable Excel workbook ({exc})") from None
    finally:
        workbook.close()
    label = name if sheet is None else f"{name} [sheet {chosen}]"
    header_index, _ = _find_header(rows, header_score)
    if header_index < 0:
        raise _fail(
            label,
            "has no header row naming the columns year, district, award and count "
            "(or Năm, Đơn vị, Hình thức khen thưởng, Số lượng) in its first "
            f"{HEADER_SEARCH_ROWS} rows",
            line_label="row",
        )
    header = rows[header_index]
    body = rows[header_index + 1 :]
    width = max([len(header), *(len(r) for r in body)]) if body else len(header)
    body = [r + [None] * (width - len(r)) for r in body]
    header = list(header) + [None] * (width - len(header))
    columns = [
        str(h) if h is not None and str(h).strip() else f"(no header, column {i + 1})"
        for i, h in enumerate(header)
    ]
    frame = pd.DataFrame(body, columns=columns, dtype=object)
    unnamed = [c for c in columns if c.startswith("(no header") and frame[c].isna().all()]
    frame = frame.drop(columns=unnamed)
    first_data_row = header_index + 2
    row_lines = np.arange(first_data_row, first_data_row + len(frame), dtype=np.int64)
    return RawTable(label, frame, row_lines, "row")


# --- Parquet ----------------------------------------------------------------


def _read_parquet(path: Path, name: str) -> RawTable:
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises many unrelated types for a corrupt file
        raise _fail(name, f"is not a readable Parquet file ({type(exc).__name__}: {exc})") from None
    frame = frame.reset_index(drop=True)
    frame.columns = [str(c) for c in frame.columns]
    return RawTable(name, frame, np.arange(1, len(frame) + 1, dtype=np.int64), "row")


