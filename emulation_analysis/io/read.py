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
import io
import itertools
import os
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import AwardDataError, Problem
from ..schema import STR_DTYPE
from ..text import match_key, nfc

__all__ = ["SUPPORTED_SUFFIXES", "TEXT_SUFFIXES", "RawTable", "is_dictionary", "read_table"]

TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
SUPPORTED_SUFFIXES = (*TEXT_SUFFIXES, ".xlsx", ".xlsm", ".parquet", ".pq")
DELIMITERS = (",", ";", "\t")
HEADER_SEARCH_ROWS = 30
SNIFF_BYTES = 1 << 16

_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")

HeaderScore = Callable[[Sequence[object]], int]
FewValues = Callable[[object], bool]
"""Whether the column under a header cell holds few distinct values (years, names from a catalogue)."""


def _many_values(header: object) -> bool:
    return False


@dataclass(frozen=True)
class RawTable:
    """Cells of one file below its header row, with where each row came from."""

    name: str
    frame: pd.DataFrame
    lines: np.ndarray
    line_label: str
    exact_lines: Callable[[], np.ndarray] | None = None
    """Counts ``lines`` anew when some cell may hold a line break (text files only)."""
    header_line: int | None = None
    """Line (or row) of the header, for problems with a column as a whole."""
    short_records: Callable[[], list[Problem]] | None = None
    """Finds records with fewer fields than the header (text files; error path only)."""


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
    few_values: FewValues = _many_values,
) -> RawTable:
    r"""Read ``path`` whatever its format; ``name`` is how errors refer to it.

    ``header_score`` counts the recognised column names in a candidate row;
    the first row with the best score of at least two is the header.
    Columns under headers for which ``few_values`` is true are read from
    CSV and Parquet as Arrow dictionaries (pandas ``ArrowDtype``): their
    distinct values are found while reading, and no text is built per row.

    Raises
    ------
    AwardDataError
        For a file that is missing, empty, binary, of an unsupported format,
        undecodable or wrongly shaped; never a parser's own exception.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.csv").write_text("Title\nyear;district\n2018;Q1\n", encoding="utf-8")
    >>> score = lambda row: sum(str(c) in ("year", "district") for c in row)
    >>> table = read_table(folder / "a.csv", "a.csv", score)
    >>> table.frame.columns.tolist(), table.lines.tolist(), table.header_line
    (['year', 'district'], [3], 2)
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
        return _read_parquet(path, name, few_values)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise _fail(name, "is an old Excel .xls workbook; save it as .xlsx (Excel Workbook) first")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".parquet", ".pq"):
        kind = "text (a CSV file?)" if b"\x00" not in head[:4096] else "something else"
        hint = "; give it the .csv suffix" if kind.startswith("text") else ""
        raise _fail(name, f"is named {suffix} but is not a {suffix} file: it holds {kind}{hint}")
    # Offices often export text under a .xls name; such files are read as text.
    return _read_text(path, name, head, header_score, encoding, delimiter, few_values)


# --- text -------------------------------------------------------------------


def _check_options(name: str, encoding: str | None, delimiter: str | None) -> str | None:
    if delimiter is not None and (len(delimiter) != 1 or delimiter in '"\r\n'):
        raise _fail(name, f"cannot be split with delimiter {delimiter!r}: give one character, e.g. ';'")
    if encoding is None:
        return None
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise _fail(
            name, f"cannot be read: '{encoding}' is not a known text encoding (try utf-8 or cp1258)"
        ) from None


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
    high = sum(1 for byte in head if byte >= 0x80)
    in_sequences = sum(len(m) for m in _UTF8_SEQUENCE.findall(head))
    if in_sequences * 2 > high:
        # Mostly well-formed UTF-8 with a few bad bytes: reading it as
        # Windows-1258 would garble every Vietnamese letter, so say where it breaks.
        return "utf-8"
    try:
        head.decode("cp1258")
    except UnicodeDecodeError:
        raise _fail(name, "is neither UTF-8, UTF-16 nor Windows-1258 text; save it as CSV UTF-8") from None
    return "cp1258"


def _decode_failure(path: Path, name: str, encoding: str, given: bool) -> AwardDataError:
    """Say where a file stops being valid ``encoding`` (a rare, slow path)."""
    data = path.read_bytes()
    how = "as given" if given else "as detected from its beginning"
    if codecs.lookup(encoding).name.startswith(("utf-16", "utf-32")):
        # A position inside two- or four-byte units would only confuse.
        return _fail(name, f"cannot be decoded as {encoding} ({how}): it is not {encoding.upper()} text")
    try:
        data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return _fail(
            name,
            f"cannot be decoded as {encoding} ({how}): byte {data[exc.start]:#04x} is invalid; "
            "save the file as CSV UTF-8 or give the right encoding",
            lines=(line,),
        )
    except UnicodeError as exc:
        return _fail(name, f"cannot be decoded as {encoding} ({exc})")
    return _fail(name, f"cannot be decoded as {encoding}")


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


def _sniff_rows(text: str, sep: str) -> tuple[list[list[str]], list[int]]:
    """The first records of ``text`` and the line each starts on (quotes may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    rows: list[list[str]] = []
    starts: list[int] = []
    previous_end = 0
    try:
        for row in reader:
            rows.append(row)
            starts.append(previous_end + 1)
            previous_end = reader.line_num
            if len(rows) >= HEADER_SEARCH_ROWS:
                break
    except csv.Error:
        pass  # a malformed record after the header is reported by the full parse
    return rows, starts


def _header_names(name: str, cells: Sequence[object], line: int | None, label: str) -> list[str]:
    """Column names from the header cells; repeated names are an error."""
    names = []
    for index, cell in enumerate(cells):
        text = "" if cell is None else nfc(str(cell))
        names.append(text or f"(no header, column {index + 1})")
    seen: dict[str, int] = {}
    problems = []
    for index, header in enumerate(names):
        key = match_key(header)
        if not key or header.startswith("(no header"):
            continue
        if key in seen:
            problems.append(
                Problem(
                    name,
                    f"the header '{header}' appears twice (columns {seen[key] + 1} and {index + 1}); "
                    "rename or delete one",
                    lines=(line,) if line else (),
                    line_label=label,
                    column=header,
                )
            )
        else:
            seen[key] = index
    if problems:
        raise AwardDataError(problems)
    return names


def _no_header(name: str, first: str, label: str, extra: str = "") -> AwardDataError:
    shown = f"; its first {label} reads '{first[:80]}'" if first else ""
    return _fail(
        name,
        "has no header row naming the columns year, district, award and count "
        "(or Năm, Đơn vị, Hình thức khen thưởng, Số lượng) in its first "
        f"{HEADER_SEARCH_ROWS} {label}s{shown}{extra}",
    )


def _read_text(
    path: Path,
    name: str,
    head: bytes,
    header_score: HeaderScore,
    encoding: str | None,
    delimiter: str | None,
    few_values: FewValues = _many_values,
) -> RawTable:
    given = _check_options(name, encoding, delimiter)
    encoding = given or _detect_encoding(name, head)
    try:
        text = codecs.getincrementaldecoder(encoding)().decode(head, final=False)
    except UnicodeError:
        raise _decode_failure(path, name, encoding, given is not None) from None
    if _looks_binary(text):
        raise _fail(name, "looks like a binary file, not a table of award records")
    choices = [delimiter] if delimiter else list(DELIMITERS)
    found = []
    for sep in choices:
        rows, starts = _sniff_rows(text, sep)
        index, score = _find_header(rows, header_score)
        found.append((score, -choices.index(sep), sep, index, rows, starts))
    _, _, sep, header_index, rows, starts = max(found, key=lambda f: f[:2])
    if header_index < 0:
        first = next((line for line in text.splitlines() if line.strip()), "")
        raise _no_header(name, first, "line")
    header_line = starts[header_index]
    read = functools.partial(
        pd.read_csv,
        path,
        sep=sep,
        encoding=encoding,
        skiprows=header_index,
        header=None,
        dtype=str,
        na_filter=False,
        skip_blank_lines=False,
        engine="c",
    )
    try:
        header = rows[header_index]
        encoded = [i for i, cell in enumerate(header) if few_values(cell)]
        frame = _read_csv_arrow(path, sep, encoding, header_index, len(header), encoded)
        if frame is None:
            # header=None keeps repeated headers as written (pandas would rename
            # them) and makes a record with more fields than the header an error
            # instead of silently turning its first cell into the index.
            frame = read()
    except UnicodeError:
        if given is None and encoding == "utf-8" and head.isascii():
            return _read_text(path, name, head, header_score, "cp1258", sep, few_values)
        raise _decode_failure(path, name, encoding, given is not None) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, csv.Error) as exc:
        error, width = _shape_error(path, name, encoding, sep, header_index, exc)
        if error is not None:
            raise error from None
        # Only empty fields beyond the header (trailing separators): harmless.
        frame = read(names=range(width))
    if frame.empty:
        raise _no_header(name, "", "line")
    names = _header_names(name, frame.iloc[0].tolist(), header_line, "line")
    frame = frame.iloc[1:].reset_index(drop=True)
    frame.columns = names
    # Looked for before blank columns go: a cell holding only a line break is
    # blank, yet its record spans two lines.
    spans_lines = _cells_hold_line_breaks(frame)
    frame = _drop_unnamed_blank(frame)
    header_end = starts[header_index + 1] - 1 if header_index + 1 < len(starts) else header_line
    first_data_line = header_end + 1
    row_lines = np.arange(first_data_line, first_data_line + len(frame), dtype=np.int64)
    recount = None
    if spans_lines:
        recount = functools.partial(_record_start_lines, path, encoding, sep, header_index)
    short = functools.partial(_short_records, path, name, encoding, sep, header_index)
    return RawTable(name, frame, row_lines, "line", recount, header_line, short)




def _pandas_dtype(arrow_type):
    """How an Arrow column becomes a pandas one: text as pandas' "str", dictionaries as they are.

    A dictionary column stays an Arrow dictionary (no copy): the loader finds
    its distinct values there, without pandas building a categorical first.
    """
    import pyarrow as pa

    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return STR_DTYPE
    if pa.types.is_dictionary(arrow_type):
        return pd.ArrowDtype(arrow_type)
    return None


def _read_csv_arrow(
    path: Path, sep: str, encoding: str, header_index: int, width: int, encoded: Sequence[int] = ()
) -> pd.DataFrame | None:
    """Read every cell as text with Arrow's multi-threaded CSV reader.

    The columns at the ``encoded`` positions come back as Arrow dictionaries
    (the header cell among their values, as the header is read as a record).

    Returns None when Arrow declines the file (a record whose number of
    fields differs from the header's, invalid bytes for the encoding, …):
    the pandas reader then takes over and locates the problem precisely.
    Blank lines stay rows of empty cells, as with pandas, so line numbers hold.
    """
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    names = [f"f{i}" for i in range(width)]
    types = dict.fromkeys(names, pa.string())
    types.update(dict.fromkeys((names[i] for i in encoded), pa.dictionary(pa.int32(), pa.string())))
    try:
        table = pa_csv.read_csv(
            path,
            read_options=pa_csv.ReadOptions(
                skip_rows=header_index,
                column_names=names,
                encoding="utf8" if encoding in ("utf-8", "utf-8-sig") else encoding,
                block_size=1 << 22,
            ),
            parse_options=pa_csv.ParseOptions(delimiter=sep, ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(
                column_types=types,
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                # Checked below, once per distinct value of a dictionary column.
                check_utf8=False,
            ),
        )
        _check_utf8(table)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, LookupError):
        return None
    return table.to_pandas(types_mapper=_pandas_dtype, self_destruct=True)


_CHECK_IN_THREADS_FROM_BYTES = 1 << 24


def _check_utf8(table) -> None:
    """Raise ``pyarrow.ArrowInvalid`` if some text in ``table`` is not valid UTF-8.

    A dictionary column's distinct values are checked, not each of its cells:
    Arrow's CSV reader checks every cell as it reads, which costs several
    times more. Chunks are checked side by side in threads (Arrow releases
    the GIL) when there is much text.
    """
    import pyarrow as pa

    pieces = []
    for name, column in zip(table.column_names, table.columns, strict=True):
        for chunk in column.chunks:
            if pa.types.is_dictionary(chunk.type):
                chunk = chunk.dictionary
            cells = _text_bytes(chunk)
            # ASCII is valid UTF-8, and a maximum is found faster than a check.
            if cells is None or (len(cells) and cells.max() >= 0x80):
                pieces.append((name, chunk))

    def check(piece) -> None:
        name, chunk = piece
        try:
            chunk.validate(full=True)
        except pa.ArrowInvalid as exc:
            raise pa.ArrowInvalid(f"column '{name}': {exc}") from None

    if sum(c.nbytes for _, c in pieces) < _CHECK_IN_THREADS_FROM_BYTES or (os.cpu_count() or 1) < 2:
        for piece in pieces:
            check(piece)
        return
    with ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:
        list(pool.map(check, pieces))


def _drop_unnamed_blank(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop columns with neither a header nor a value (trailing separators, empty Excel columns)."""
    unnamed = [c for c in frame.columns if c.startswith("(no header")]
    empty = [c for c in unnamed if frame[c].isna().all() or (frame[c].astype("str").str.strip() == "").all()]
    return frame.drop(columns=empty) if empty else frame


def is_dictionary(column: pd.Series) -> bool:
    """Whether ``column`` holds an Arrow dictionary column (as read from CSV or Parquet)."""
    import pyarrow as pa

    return isinstance(column.dtype, pd.ArrowDtype) and pa.types.is_dictionary(column.dtype.pyarrow_dtype)


def _cells_hold_line_breaks(frame: pd.DataFrame) -> bool:
    """Whether some cell holds a line break, so that a record may span several lines.

    Arrow keeps a text column's cells in one byte buffer, which is scanned
    whole; a dictionary column's distinct values are looked at once each.
    """
    import pyarrow as pa

    for name in frame.columns:
        column = frame[name]
        if is_dictionary(column):
            chunks = column.array.__arrow_array__().chunks
            if chunks and _bytes_hold_line_breaks(pa.concat_arrays([chunk.dictionary for chunk in chunks])):
                return True
        elif isinstance(column.array, pd.arrays.ArrowStringArray):
            if any(_bytes_hold_line_breaks(chunk) for chunk in column.array.__arrow_array__().chunks):
                return True
        elif column.astype("str").str.contains("[\r\n]", regex=True, na=False).any():
            return True
    return False


def _text_bytes(chunk) -> np.ndarray | None:
    """The bytes of a string array's values, as a numpy view; None if it is not a string array."""
    import pyarrow as pa

    width = {pa.string(): np.int32, pa.large_string(): np.int64}.get(chunk.type)
    if width is None:
        return None
    _, offsets, data = chunk.buffers()
    if data is None or len(chunk) == 0:
        return np.zeros(0, dtype=np.uint8)
    bounds = np.frombuffer(offsets, dtype=width)[[chunk.offset, chunk.offset + len(chunk)]]
    return np.frombuffer(data, dtype=np.uint8)[bounds[0] : bounds[1]]


def _bytes_hold_line_breaks(chunk) -> bool:
    cells = _text_bytes(chunk)
    if cells is None:
        return True  # a layout not looked into: let the exact count decide
    # One pass for bytes below 14 (rare in text); only then look for 10 and 13.
    return bool(len(cells) and cells.min() < 14 and ((cells == 10).any() or (cells == 13).any()))


def _header_and_records(path: Path, encoding: str, sep: str, header_index: int):
    """Yield (line where it starts, fields) for the header row, then for each record after it.

    The slow, exact path (Python's csv module) behind line numbers and shape errors.
    """
    with path.open(encoding=encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=sep)
        previous_end = 0
        for number, row in enumerate(reader):
            start, previous_end = previous_end + 1, reader.line_num
            if number >= header_index:
                yield start, row


def _record_start_lines(path: Path, encoding: str, sep: str, header_index: int) -> np.ndarray:
    """Line where each record starts, counting newlines inside quoted cells.

    The fast path assumes one record per line; this slower path is taken only
    when some cell may hold a line break.
    """
    records = itertools.islice(_header_and_records(path, encoding, sep, header_index), 1, None)
    return np.asarray([start for start, _ in records], dtype=np.int64)


def _shape_error(
    path: Path, name: str, encoding: str, sep: str, header_index: int, exc: Exception
) -> tuple[AwardDataError | None, int]:
    """Name every line with more fields than the header (a slow path, on parser errors only).

    Returns no error, and the widest record's width, when the extra fields
    are all empty: trailing separators, as some programs write them.
    """
    problems = []
    start = 0
    widest = 0
    try:
        width = None
        for start, row in _header_and_records(path, encoding, sep, header_index):
            if width is None:
                width = len(row)
            elif len(row) > width:
                widest = max(widest, len(row))
                if any(cell.strip() for cell in row[width:]):
                    problems.append(
                        Problem(
                            name,
                            f"has {len(row)} fields where the header has {width}; "
                            f"is a '{sep}' inside a cell that is not quoted?",
                            lines=(start,),
                        )
                    )
    except (UnicodeError, csv.Error) as inner:
        problems.append(Problem(name, f"cannot be parsed as a table ({inner})"))
    if not problems and widest and "Expected" in str(exc):
        return None, widest
    if not problems and "EOF inside string" in str(exc):
        # Python's csv reader runs an unclosed quote to the end of the file;
        # the last record it started is where the quote opened.
        message = 'a quote (") opened here is never closed; the rest of the file is inside it'
        problems.append(Problem(name, message, lines=(start,)))
    if not problems:
        problems.append(Problem(name, f"cannot be parsed as a table ({_first_line(exc)})"))
    return AwardDataError(problems), widest


def _short_records(path: Path, name: str, encoding: str, sep: str, header_index: int) -> list[Problem]:
    """Records with fewer fields than the header (a slow path, for error reports only).

    pandas pads such records with blanks, which then show up as blank cells;
    saying the record is short points at the real mistake.
    """
    problems = []
    try:
        width = None
        for start, row in _header_and_records(path, encoding, sep, header_index):
            if width is None:
                width = len(row)
            elif row and len(row) < width and any(cell.strip() for cell in row):
                problems.append(
                    Problem(name, f"has {len(row)} fields where the header has {width}", lines=(start,))
                )
    except (OSError, UnicodeError, csv.Error):
        return []
    return problems


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


# --- Excel ------------------------------------------------------------------


def _excel_cell(value: object) -> object:
    # Excel's TRUE/FALSE would otherwise hash equal to 1 and 0 and merge with
    # real numbers when distinct values are collected.
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return value


def _read_excel(path: Path, name: str, header_score: HeaderScore, sheet: str | int | None) -> RawTable:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a damaged workbook raises zip, XML and key errors alike
        raise _fail(name, f"is not a readable Excel workbook ({_first_line(exc)})") from None
    try:
        names = workbook.sheetnames
        if not names:
            raise _fail(name, "is an Excel workbook without worksheets")
        if sheet is None:
            chosen = names[0]
        elif isinstance(sheet, int):
            if not 0 <= sheet < len(names):
                raise _fail(name, f"has no sheet number {sheet}; its sheets are: {', '.join(names)}")
            chosen = names[sheet]
        elif sheet in names:
            chosen = sheet
        else:
            by_key = {match_key(n): n for n in names}
            if match_key(str(sheet)) not in by_key:
                raise _fail(name, f"has no sheet '{sheet}'; its sheets are: {', '.join(names)}")
            chosen = by_key[match_key(str(sheet))]
        try:
            rows = [
                [_excel_cell(v) for v in r] for r in workbook[chosen].iter_rows(min_row=1, values_only=True)
            ]
        except Exception as exc:  # damaged sheet XML
            raise _fail(name, f"is not a readable Excel workbook ({_first_line(exc)})") from None
    finally:
        workbook.close()
    label = name if sheet is None else f"{name} [sheet {chosen}]"
    header_index, _ = _find_header(rows, header_score)
    if header_index < 0:
        rest = ", ".join(n for n in names if n != chosen)
        others = f" (this is sheet '{chosen}'; the workbook also has: {rest})" if rest else ""
        raise _no_header(label, "", "row", others)
    header_row = header_index + 1
    header = rows[header_index]
    body = rows[header_index + 1 :]
    width = max([len(header), *(len(r) for r in body)]) if body else len(header)
    body = [r + [None] * (width - len(r)) for r in body]
    columns = _header_names(label, list(header) + [None] * (width - len(header)), header_row, "row")
    frame = _drop_unnamed_blank(pd.DataFrame(body, columns=columns, dtype=object))
    first_data_row = header_row + 1
    row_lines = np.arange(first_data_row, first_data_row + len(frame), dtype=np.int64)
    return RawTable(label, frame, row_lines, "row", header_line=header_row)


# --- Parquet ----------------------------------------------------------------


def _read_parquet(path: Path, name: str, few_values: FewValues = _many_values) -> RawTable:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        # ParquetFile rather than read_table: the dataset machinery read_table
        # goes through costs a noticeable import for a single file.
        with pq.ParquetFile(path) as parquet:
            schema = parquet.schema_arrow
        text = [f.name for f in schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)]
        with pq.ParquetFile(path, read_dictionary=[c for c in text if few_values(c)]) as parquet:
            table = parquet.read()
        # A damaged file can hold text that is not UTF-8; find out here, not
        # deep inside validation.
        _check_utf8(table)
        # pandas' own index, if it was stored, is not a column of records.
        stored_index = (table.schema.pandas_metadata or {}).get("index_columns", [])
        table = table.drop_columns([c for c in stored_index if isinstance(c, str)])
        frame = table.to_pandas(
            types_mapper=_pandas_dtype,
            # Rebuilding the writer's pandas dtypes from metadata costs more than
            # the conversion itself; the loader reads every cell as it is.
            ignore_metadata=True,
        )
    except Exception as exc:  # pyarrow raises many unrelated types for a corrupt file
        reason = f"{type(exc).__name__}: {_first_line(exc)}"
        raise _fail(name, f"is not a readable Parquet file ({reason})") from None
    frame = frame.reset_index(drop=True)
    names = [str(c) for c in frame.columns]
    frame.columns = _header_names(name, names, None, "row")
    return RawTable(name, frame, np.arange(1, len(frame) + 1, dtype=np.int64), "row")
