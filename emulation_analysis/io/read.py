"""Read one award file (text, Excel or Parquet) into a table of cells.

This module only reads: it finds the encoding, the delimiter and the header
row, and the line (or spreadsheet row) each record starts on. The cells are
checked by :mod:`emulation_analysis.io.validate`. Files are opened read-only
and never written.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import AwardDataError, Problem
from ..i18n import t
from ..schema import STR_DTYPE
from ..text import nfc
from .encoding import check_options, decode_failure, detect_encoding, looks_binary
from .excel import MAX_UNZIPPED_MB, SheetChoice, is_encrypted_workbook, read_workbook
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

__all__ = ["SUPPORTED_SUFFIXES", "TEXT_SUFFIXES", "RawTable", "read_table", "read_tables"]

TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
SUPPORTED_SUFFIXES = (*TEXT_SUFFIXES, ".xlsx", ".xlsm", ".parquet", ".pq")
DELIMITERS = (",", ";", "\t")
SNIFF_BYTES = 1 << 16
MAX_SNIFF_BYTES = 1 << 26
"""The longest header looked for: a header row of 10,000 named columns is far shorter."""

_fail = AwardDataError.about  # one problem with a file, as an error to raise

FewValues = Callable[[str], bool]
"""Whether the column under a header holds few distinct values (years, names from a catalogue)."""


def _no_column(header: str) -> bool:
    return False


def read_table(
    path: Path,
    name: str,
    header_score: HeaderScore,
    *,
    sheet: str | int | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    few_values: FewValues = _no_column,
) -> RawTable:
    r"""Read ``path`` whatever its format; ``name`` is how errors refer to it.

    ``header_score`` counts the recognised column names in a candidate row;
    the first row with the best score of at least two is the header. Columns
    under headers for which ``few_values`` is true are read from text and
    Parquet files as Arrow dictionaries, which become pandas categoricals: Arrow
    finds their distinct values while reading. One sheet of a workbook is
    read (see :func:`read_tables` for several).

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
    tables = read_tables(
        path, name, header_score, sheet=sheet, encoding=encoding, delimiter=delimiter, few_values=few_values
    )
    return tables[0]


def read_tables(
    path: Path,
    name: str,
    header_score: HeaderScore,
    *,
    sheet: SheetChoice = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    few_values: FewValues = _no_column,
    max_unzipped_mb: float = MAX_UNZIPPED_MB,
) -> list[RawTable]:
    """Read ``path`` as :func:`read_table` does: one table, or one per sheet ``sheet`` picks.

    ``sheet`` names a sheet, a list of sheets, or ``"*"`` for every visible
    worksheet holding records (see :mod:`.excel`); it is ignored for text
    and Parquet files. A workbook that unpacks to more than
    ``max_unzipped_mb`` megabytes is refused.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except FileNotFoundError:
        raise _fail(name, t("load.file_not_found", "en")) from None
    except IsADirectoryError:
        raise _fail(name, t("load.is_folder", "en")) from None
    except OSError as exc:
        raise _fail(name, t("load.cannot_read", "en", reason=exc.strerror or exc)) from None
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise _fail(name, t("load.file_empty", "en"))
    if head.startswith(b"PK\x03\x04"):
        return read_workbook(path, name, header_score, sheet, max_unzipped_mb)
    if head.startswith(b"PAR1"):
        return [_read_parquet(path, name, few_values)]
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        if is_encrypted_workbook(path):
            raise _fail(name, t("load.encrypted_workbook", "en"))
        raise _fail(name, t("load.old_xls", "en"))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".parquet", ".pq"):
        if b"\x00" not in head[:4096]:
            raise _fail(name, t("load.wrong_suffix_text", "en", suffix=suffix))
        raise _fail(name, t("load.wrong_suffix_other", "en", suffix=suffix))
    # Offices often export text under a .xls name; such files are read as text.
    return [_read_text(path, name, head, header_score, encoding, delimiter, few_values)]


def _arrow_source(path: Path):
    """What Arrow's readers are given: the path, or an open file if the name is not UTF-8.

    Arrow takes paths as UTF-8 text; a name in another encoding (a folder
    copied from an old system) would otherwise fail as if the file's
    content were at fault.
    """
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return path.open("rb")
    return str(path)


# --- text: sniffing ------------------------------------------------------------


def _sniff_rows(text: str, sep: str) -> list[tuple[int, list[str]]]:
    """The first records of ``text``, each with the line it starts on (quotes may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    rows, end = [], 0
    try:
        for row in reader:
            rows.append((end + 1, row))
            end = reader.line_num
            if len(rows) > HEADER_SEARCH_ROWS:
                break
    except csv.Error:
        pass  # a malformed record after the header is reported by the full read
    return rows


# --- text: reading ---------------------------------------------------------------


def _read_text(
    path: Path,
    name: str,
    head: bytes,
    header_score: HeaderScore,
    encoding: str | None,
    delimiter: str | None,
    few_values: FewValues,
) -> RawTable:
    given = check_options(name, encoding, delimiter)
    encoding = given or detect_encoding(name, head)
    try:
        text = codecs.getincrementaldecoder(encoding)().decode(head, final=False)
    except UnicodeError:
        raise decode_failure(path, name, encoding, given is not None) from None
    if looks_binary(text):
        raise _fail(name, t("load.binary_file", "en"))
    # The delimiter that gives the best header; the first of , ; tab on a tie.
    candidates = [delimiter] if delimiter else list(DELIMITERS)
    sniffed = {sep: _sniff_rows(text, sep) for sep in candidates}
    scores = {sep: find_header([row for _, row in rows], header_score) for sep, rows in sniffed.items()}
    sep = max(candidates, key=lambda s: (scores[s][1], -candidates.index(s)))
    header_index = scores[sep][0]
    rows = sniffed[sep]
    # A header row longer than the bytes sniffed (thousands of columns) was cut short: sniff more.
    cut_short = header_index == len(rows) - 1 or (header_index < 0 and len(rows) <= HEADER_SEARCH_ROWS)
    if cut_short and SNIFF_BYTES <= len(head) < MAX_SNIFF_BYTES:
        with path.open("rb") as handle:
            longer = handle.read(min(len(head) * 8, MAX_SNIFF_BYTES))
        if len(longer) > len(head):
            return _read_text(path, name, longer, header_score, encoding, delimiter, few_values)
    if header_index < 0:
        first = next((line for line in text.splitlines() if line.strip()), "")
        raise no_header(name, first, "line")
    header_line, header = rows[header_index]
    # The line the first record starts on (the header may span lines, as may title rows).
    first = rows[header_index + 1][0] if header_index + 1 < len(rows) else header_line + 1
    names = header_names(name, header, header_line, "line")
    try:
        frame = _read_csv_arrow(path, encoding, sep, first - 1, names, few_values)
        short: tuple[Problem, ...] = ()
    except Exception:  # Arrow declines: a ragged record, an unclosed quote, a bad byte…
        try:
            frame, lines, short = _read_csv_python(path, name, encoding, sep, header_index, names)
        except UnicodeError:
            if given is None and encoding == "utf-8" and head.isascii():
                return _read_text(path, name, head, header_score, "cp1258", sep, few_values)
            raise decode_failure(path, name, encoding, given is not None) from None
    else:
        lines = first + np.arange(len(frame))
        # Unless the file has just one line per record, some cells hold line breaks: count them.
        if _lines_in_file(path, encoding) != first + len(frame) - 1:
            breaks = _line_breaks(frame)
            lines += np.cumsum(breaks) - breaks
    frame = drop_unnamed_blank(frame)
    return RawTable(name, frame, lines.astype(np.int64), "line", header_line, short)


def _pandas_dtype(arrow_type):
    """Arrow text as pandas' ``str`` (dictionaries become categoricals, as pyarrow makes them)."""
    import pyarrow as pa

    return STR_DTYPE if arrow_type in (pa.string(), pa.large_string()) else None


def _read_csv_arrow(
    path: Path, encoding: str, sep: str, skip_lines: int, names: list[str], few_values: FewValues
) -> pd.DataFrame:
    """Every cell below the first ``skip_lines`` lines as text, read by Arrow's CSV reader.

    Raises if a record does not fit the header.
    """
    import pyarrow as pa

    keys = [f"f{i}" for i in range(len(names))]
    dictionary = pa.dictionary(pa.int32(), pa.large_string())
    types = {
        key: dictionary if few_values(n) else pa.large_string() for key, n in zip(keys, names, strict=True)
    }
    source = _arrow_source(path)
    try:
        table = _arrow_csv(source, encoding, sep, skip_lines, keys, types)
    finally:
        if not isinstance(source, str):
            source.close()
    frame = table.to_pandas(types_mapper=_pandas_dtype, self_destruct=True)
    frame.columns = names
    return frame


def _arrow_csv(source, encoding: str, sep: str, skip_lines: int, keys: list[str], types: dict):
    import pyarrow.csv as pa_csv

    return pa_csv.read_csv(
        source,
        read_options=pa_csv.ReadOptions(
            skip_rows=skip_lines,  # lines, whatever the quotes
            column_names=keys,
            encoding="utf8" if encoding in ("utf-8", "utf-8-sig") else encoding,
        ),
        # Blank lines stay (as rows of blank cells), so that line numbers hold.
        parse_options=pa_csv.ParseOptions(delimiter=sep, ignore_empty_lines=False),
        convert_options=pa_csv.ConvertOptions(
            column_types=types,
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )


def _lines_in_file(path: Path, encoding: str) -> int | None:
    """The number of the last line as a text editor shows it, if the file's lines end alike.

    None for UTF-16 and UTF-32 text, and when lines end in LF here and in CR
    there (which is what a line break inside a cell may look like). Line
    breaks are counted in the bytes, read in pieces: the other encodings read
    here write LF and CR as those bytes alone.
    """
    if codecs.lookup(encoding).name.startswith(("utf-16", "utf-32")):
        return None
    lf = cr = 0
    last = b""
    with path.open("rb") as handle:
        for piece in iter(lambda: handle.read(1 << 22), b""):
            lf += piece.count(b"\n")
            cr += piece.count(b"\r") if b"\r" in piece else 0  # a search is faster than a count
            last = piece
    if cr not in (0, lf):
        return None
    return lf + (not last.endswith(b"\n"))


def _line_breaks(frame: pd.DataFrame) -> np.ndarray:
    """How many line breaks (LF, CR or CR LF) each row's cells hold."""
    import pyarrow as pa
    import pyarrow.compute as pc

    counts = np.zeros(len(frame), dtype=np.int64)
    for name in frame.columns:
        cells = pa.array(frame[name].astype(STR_DTYPE).fillna(""))
        counts += pc.count_substring_regex(cells, "\r\n|\r|\n").to_numpy()
    return counts


def _read_csv_python(
    path: Path, name: str, encoding: str, sep: str, header_index: int, names: list[str]
) -> tuple[pd.DataFrame, np.ndarray, tuple[Problem, ...]]:
    """Read with Python's csv module, naming each record that does not fit the header.

    The slow path, taken when Arrow declines a file. A record with more
    fields than the header is an error unless the extra fields are empty
    (trailing separators, as some programs write them); a shorter record
    is padded with blanks, and reported when the table has other problems.
    """
    width = len(names)
    rows, lines, problems, short = [], [], [], []
    with path.open(encoding=encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=sep, strict=True)
        end = 0
        try:
            for number, row in enumerate(reader):
                start, end = end + 1, reader.line_num
                if number <= header_index:
                    continue
                if len(row) > width and any(cell.strip() for cell in row[width:]):
                    message = t("load.too_many_fields", "en", fields=len(row), width=width, sep=sep)
                    problems.append(Problem(name, message, lines=(start,)))
                elif row and len(row) < width and any(cell.strip() for cell in row):
                    message = t("load.too_few_fields", "en", fields=len(row), width=width)
                    short.append(Problem(name, message, lines=(start,)))
                rows.append((row + [""] * width)[:width])
                lines.append(start)
        except csv.Error as exc:
            if "unexpected end of data" in str(exc):
                message = t("load.unclosed_quote", "en")
            else:
                message = t("load.unparsable_table", "en", reason=exc)
            problems.append(Problem(name, message, lines=(end + 1,)))
    if problems:
        raise AwardDataError(problems)
    frame = pd.DataFrame(rows, columns=range(width), dtype=STR_DTYPE)
    frame.columns = names
    return frame, np.asarray(lines, dtype=np.int64), tuple(short)


# --- Parquet ----------------------------------------------------------------


def _read_parquet(path: Path, name: str, few_values: FewValues) -> RawTable:
    import pyarrow as pa
    import pyarrow.parquet as pq

    source = _arrow_source(path)
    try:
        try:
            schema = pq.read_schema(source)
        except Exception as exc:  # pyarrow raises many unrelated types for a corrupt file
            reason = f"{type(exc).__name__}: {first_line(exc)}"
            raise _fail(name, t("load.unreadable_parquet", "en", reason=reason)) from None
        # pandas' own index, if it was stored, is not a column of records.
        stored = (schema.pandas_metadata or {}).get("index_columns", [])
        stored_index = [c for c in stored if isinstance(c, str)]
        nested = [f for f in schema if pa.types.is_nested(f.type) and f.name not in stored_index]
        if nested:
            raise AwardDataError(
                [
                    Problem(name, t("load.nested_column", "en", kind=str(f.type)), column=nfc(f.name))
                    for f in nested
                ]
            )
        if not isinstance(source, str):
            source.seek(0)
        return _parquet_table(source, name, schema, stored_index, few_values)
    finally:
        if not isinstance(source, str):
            source.close()


def _parquet_table(source, name: str, schema, stored_index: list[str], few_values: FewValues) -> RawTable:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        text = [f.name for f in schema if _pandas_dtype(f.type) == STR_DTYPE]
        table = pq.read_table(source, read_dictionary=[c for c in text if few_values(nfc(c))])
        # A damaged file can hold text that is not UTF-8: found here, not deep in validation.
        for column, values in zip(table.column_names, table.columns, strict=True):
            for chunk in values.chunks:
                chunk = chunk.dictionary if pa.types.is_dictionary(chunk.type) else chunk
                try:
                    chunk.validate(full=True)
                except pa.ArrowInvalid as exc:
                    raise pa.ArrowInvalid(t("load.parquet_column", "en", column=column, reason=exc)) from None
        table = table.drop_columns(stored_index)
        # Dictionary indices as pandas writes them, whatever the writer: -1 (missing) must fit.
        fields = [
            pa.field(f.name, pa.dictionary(pa.int32(), f.type.value_type))
            if pa.types.is_dictionary(f.type)
            else f
            for f in table.schema
        ]
        table = table.cast(pa.schema(fields))
        frame = table.to_pandas(types_mapper=_pandas_dtype, ignore_metadata=True)
    except Exception as exc:  # pyarrow raises many unrelated types for a corrupt file
        reason = f"{type(exc).__name__}: {first_line(exc)}"
        raise _fail(name, t("load.unreadable_parquet", "en", reason=reason)) from None
    frame = frame.reset_index(drop=True)
    frame.columns = header_names(name, [str(c) for c in frame.columns], None, "row")
    return RawTable(name, frame, np.arange(1, len(frame) + 1, dtype=np.int64), "row")
