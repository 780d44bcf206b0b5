"""Load award records from CSV, Excel or Parquet into one validated DataFrame.

Validation works on each column's *distinct* values (a district name is
resolved once, however many rows repeat it), so a million rows cost little
more than reading them.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from ..catalog import Catalog, Lookup, default_catalog
from ..errors import AwardDataError, Problem
from ..schema import (
    MAX_COUNT,
    RECIPIENT_KINDS,
    RECORD_COLUMNS,
    REQUIRED_COLUMNS,
    STR_DTYPE,
    TEXT_COLUMNS,
    YEAR_RANGE,
)
from ..text import match_key, nfc
from .read import SUPPORTED_SUFFIXES, RawTable, is_dictionary, read_table

__all__ = [
    "RECIPIENT_KINDS",
    "RECORD_COLUMNS",
    "REQUIRED_COLUMNS",
    "bundled_data_path",
    "load_awards",
    "validate_records",
]


# Columns whose values repeat across rows (a year, a name from a catalogue, a
# citation): read as dictionaries, so each distinct value is handled once.
_FEW_VALUES = frozenset((*REQUIRED_COLUMNS, "recipient_kind", "cluster", "source", "illustrative"))
_BOOLEAN_WORDS = {
    **dict.fromkeys(("true", "yes", "1", "x", "có", "co", "đúng", "dung", "minh hoạ", "minh họa"), True),
    **dict.fromkeys(("false", "no", "0", "không", "khong", "sai", ""), False),
}
_BLANK = {"year": "year is blank", "count": "count is blank; write 0 if none were awarded"}
_PLAIN_INT = re.compile(r"\d+")
_THOUSANDS_INT = re.compile(r"\d{1,3}(?:\.\d{3})+")
_DECIMAL = re.compile(r"-?\d*[.,]\d+")
_NEGATIVE = re.compile(r"-\s*\d+(?:[.,]\d+)*")


def bundled_data_path() -> Path:
    """Path of the bundled real records (the 2018 review of Cụm thi đua 1)."""
    return Path(str(resources.files("emulation_analysis").joinpath("datasets", "awards.csv")))


def _expand_sources(source: str | Path | Iterable[str | Path]) -> list[tuple[Path, str]]:
    items = [source] if isinstance(source, str | Path) else list(source)
    if not items:
        raise AwardDataError([Problem("(no files)", "no input files were given")])
    files: list[tuple[Path, str]] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            found = sorted(
                p
                for p in path.iterdir()
                if p.is_file()
                and p.suffix.lower() in SUPPORTED_SUFFIXES
                and not p.name.startswith((".", "~$"))
            )
            if not found:
                raise AwardDataError(
                    [Problem(str(path), "folder holds no .csv, .txt, .tsv, .xlsx or .parquet file")]
                )
            files += [(p, str(p)) for p in found]
        else:
            files.append((path, str(item)))
    return files


def load_awards(
    source: str | Path | Iterable[str | Path] | None = None,
    *,
    sheet: str | int | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    duplicates: str = "error",
    catalog: Catalog | None = None,
) -> pd.DataFrame:
    """Load award records and check every value against the catalogues.

    Parameters
    ----------
    source : path, list of paths, folder, or None
        CSV/text files (UTF-8 with or without BOM, UTF-16, Windows-1258;
        ``,`` ``;`` or tab separated), ``.xlsx`` workbooks and Parquet files.
        A folder stands for every such file in it. ``None`` loads the bundled
        real data (the 2018 review of Cụm thi đua 1).
    sheet : str or int, optional
        Worksheet of an ``.xlsx`` file; the first sheet by default.
    encoding, delimiter : str, optional
        Override the detected text encoding or delimiter.
    duplicates : {"error", "keep"}
        Exactly repeated rows are reported as probable double entry unless
        ``"keep"`` is given (e.g. one row per individual award decision).
    catalog : Catalog, optional
        Reference tables, extended with the analyst's own; see
        :func:`emulation_analysis.load_catalog`.

    Returns
    -------
    DataFrame
        One row per input row, nothing merged or dropped, with columns
        ``year`` (int), ``district`` and ``award`` (ordered categoricals: cluster
        order and precedence order), ``count`` (int), ``recipient_kind``
        (``"tập thể"``, ``"cá nhân"`` or missing), ``cluster``, ``source``,
        ``note``, ``illustrative`` (bool), ``origin_file`` and ``origin_line``
        (where the row came from: the line as a text editor shows it, or the
        row as Excel shows it), then any extra columns of the input.

    Raises
    ------
    AwardDataError
        Listing every problem found, each with file, line, column and value.

    Examples
    --------
    >>> awards = load_awards()
    >>> int(awards["count"].sum())
    29
    >>> awards["district"].cat.categories[:2].tolist()
    ['Quận 1', 'Quận 3']
    """
    if duplicates not in ("error", "keep"):
        raise ValueError(f"duplicates must be 'error' or 'keep', not {duplicates!r}")
    catalog = catalog or default_catalog()
    files = [(bundled_data_path(), "awards.csv")] if source is None else _expand_sources(source)

    # Header detection looks up the same cells under each candidate delimiter.
    column_of = functools.lru_cache(maxsize=4096)(catalog.column_lookup.find)

    def header_score(row: Sequence[object]) -> int:
        names = {column_of(str(c)) for c in row if c is not None}
        return len(names & set(RECORD_COLUMNS))

    def few_values(header: object) -> bool:
        return column_of(str(header)) in _FEW_VALUES

    checked: list[_Checked] = []
    problems: list[Problem] = []
    for path, name in files:
        try:
            raw = read_table(
                path,
                name,
                header_score,
                sheet=sheet,
                encoding=encoding,
                delimiter=delimiter,
                few_values=few_values,
            )
        except AwardDataError as exc:
            problems += exc.problems
            continue
        table = _validate_table(raw, catalog, compare=duplicates == "error")
        problems += table.problems
        checked.append(table)
    if duplicates == "error":
        # Also when other problems were found: a double entry is a mistake of
        # its own, and listing it now spares the user another round.
        problems += _double_entries(checked)
    if problems:
        raise AwardDataError(problems)
    frames = [t.records for t in checked if t.records is not None]
    if not frames:
        raise AwardDataError([Problem(files[0][1], "holds no records")])
    return _combine(frames)


def validate_records(
    frame: pd.DataFrame, *, name: str = "DataFrame", catalog: Catalog | None = None
) -> pd.DataFrame:
    """Validate records already in memory (columns named as in a file).

    Parameters
    ----------
    frame : DataFrame
        Cells as read from a spreadsheet: text or numbers, headers in English
        or Vietnamese.
    name : str
        How problems refer to the table.
    catalog : Catalog, optional
        Reference tables; the bundled ones by default.

    Returns
    -------
    DataFrame
        What :func:`load_awards` would return for the same cells; rows are
        numbered from 1 in ``origin_line`` and in problems.

    Raises
    ------
    AwardDataError
        Listing every problem, double entries included.

    Examples
    --------
    >>> raw = pd.DataFrame({"Năm": ["2018"], "Quận": ["Q1"],
    ...                     "Hình thức khen thưởng": ["BKTTg"], "Số lượng": ["7"]})
    >>> row = validate_records(raw).iloc[0]
    >>> row["district"], row["award"], int(row["count"])
    ('Quận 1', 'Bằng khen của Thủ tướng Chính phủ', 7)
    """
    catalog = catalog or default_catalog()
    frame = frame.reset_index(drop=True)
    frame.columns = [str(c) for c in frame.columns]
    raw = RawTable(name, frame, np.arange(1, len(frame) + 1, dtype=np.int64), "row")
    table = _validate_table(raw, catalog)
    problems = table.problems + _double_entries([table])
    if problems or table.records is None:
        raise AwardDataError(problems or [Problem(name, "holds no records")])
    return table.records


# --- validation of one table ------------------------------------------------


class _Column:
    """A column's distinct values and, for each row, which value it holds (-1: missing)."""

    def __init__(self, series: pd.Series):
        if is_dictionary(series):
            self.codes, self.uniques = _unified_codes(series.array.__arrow_array__())
            self._drop_unused()
        elif isinstance(series.dtype, pd.CategoricalDtype):
            self.codes = series.cat.codes.to_numpy().astype(np.int32)
            self.uniques = series.cat.categories.tolist()
            self._drop_unused()
        elif isinstance(series.array, pd.arrays.ArrowStringArray):
            # pandas' factorize would build the distinct values one Python
            # object at a time; Arrow hands them over in one piece.
            self.codes, distinct = _dictionary_codes(series.array.__arrow_array__())
            self.uniques = distinct.to_pylist()
        else:
            codes, uniques = pd.factorize(series, use_na_sentinel=True)
            self.codes = codes.astype(np.int32)
            self.uniques = list(uniques)

    def keep(self, rows: np.ndarray) -> None:
        """Keep only the rows where ``rows`` is True, and only the values they hold."""
        self.codes = self.codes[rows]
        self._drop_unused()

    def _drop_unused(self) -> None:
        # A value no row holds (a categorical's unused category, the header
        # read as a record into a dictionary) must not be checked or reported.
        held = np.zeros(len(self.uniques) + 1, dtype=bool)
        held[self.codes] = True  # a missing value's -1 marks the spare last place
        held = held[:-1]
        if held.all():
            return
        used = np.flatnonzero(held)
        renumber = np.full(len(self.uniques) + 1, -1, dtype=np.int32)
        renumber[used] = np.arange(len(used))
        self.codes = renumber[self.codes]
        self.uniques = [self.uniques[i] for i in used]

    def remap(self, values: list[object], dtype=object, missing: object = None) -> np.ndarray:
        """Per-row array from one value per distinct value (``missing`` for NA)."""
        return np.asarray([*values, missing], dtype=dtype)[self.codes]


class _TextColumn:
    """Free text (cluster, source, note, extra columns), normalised to NFC and trimmed.

    Text read by Arrow (CSV, Parquet) is checked in its byte buffers: text
    that is NFC as it stands (see :func:`_nfc_as_is`) is only trimmed, where
    an edge byte may be a space; otherwise the non-ASCII values go through
    Python, once per distinct value. Blank becomes missing.

    With ``numbers``, a column whose values all read as integers (a running
    number, STT) also keeps them as ``numbers``, for the double-entry check:
    found here, side by side with the other columns, rather than after them.
    """

    def __init__(self, series: pd.Series, *, numbers: bool = False):
        import pyarrow as pa
        import pyarrow.compute as pc

        self.numbers: np.ndarray | None = None
        if is_dictionary(series) or isinstance(series.dtype, pd.CategoricalDtype):
            column = _Column(series)
            texts = [_text(u) or None for u in column.uniques]
            missing = len(texts)
            self.values = pa.array([*texts, None], type=pa.string()).take(
                np.where(column.codes < 0, missing, column.codes)
            )
            return
        if isinstance(series.array, pd.arrays.ArrowStringArray):
            # Chunks as read are kept (no copy of the column) unless some values need Python.
            values = series.array.__arrow_array__()
            layouts = [_utf8_layout(chunk) for chunk in values.chunks]
            as_is = all(_nfc_as_is(layout) for layout in layouts)
            if not as_is:
                values = _nfc_chunks(values)
                layouts = [_utf8_layout(chunk) for chunk in values.chunks]
            # Values that went through Python are trimmed already; the others
            # may hold U+0085 or U+00A0 at an edge only if they are not ASCII.
            if any(_edge_space(layout, latin1=as_is) for layout in layouts):
                values = pc.utf8_trim_whitespace(values)
                layouts = [_utf8_layout(chunk) for chunk in values.chunks]
            # A blank value is one of no bytes (or null, which stays null).
            blank = any(layout is None or (layout[0][1:] == layout[0][:-1]).any() for layout in layouts)
        else:
            column = _Column(series)
            values = pa.array(column.remap([_text(u) for u in column.uniques], missing=""), type=pa.string())
            blank = True
        if blank and pc.any(pc.equal(values, "")).as_py():
            values = pc.if_else(pc.equal(values, ""), pa.scalar(None, values.type), values)
        self.values = values
        if numbers:
            self.numbers = _number_codes(values)

    def keep(self, rows: np.ndarray) -> None:
        """Keep only the rows where ``rows`` is True."""
        self.values = self.values.filter(rows)
        if self.numbers is not None:
            self.numbers = self.numbers[rows]

    def array(self) -> pd.api.extensions.ExtensionArray:
        import pyarrow as pa

        as_str = {pa.string(): STR_DTYPE, pa.large_string(): STR_DTYPE}.get
        return self.values.to_pandas(types_mapper=as_str).array


def _unified_codes(values) -> tuple[np.ndarray, list]:
    """Codes into one list of distinct values for a chunked dictionary array (-1 for null).

    Each chunk of a file read by Arrow has a dictionary of its own; they are
    merged into one (Arrow renumbers each chunk's indices), then the indices
    are joined.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    chunks = pa.table({"v": values}).unify_dictionaries().column(0).chunks
    if not chunks:
        return np.zeros(0, dtype=np.int32), []
    indices = pa.chunked_array([c.indices for c in chunks], type=chunks[0].indices.type)
    if indices.type != pa.int32():  # unsigned or wider indices (other writers than pandas): -1 must fit
        indices = indices.cast(pa.int32())
    codes = pc.fill_null(indices, -1).to_numpy()
    return codes, chunks[0].dictionary.to_pylist()


def _nfc_chunks(values):
    """``values`` (a chunked array) with its non-ASCII values in NFC and trimmed.

    Each distinct non-ASCII value goes through Python once; the copies made
    are of the non-ASCII values and of one chunk at a time, never of the
    whole column at once.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    chunks = values.chunks
    masks = [pc.fill_null(pc.invert(pc.string_is_ascii(chunk)), False) for chunk in chunks]
    picked = [chunk.filter(mask) for chunk, mask in zip(chunks, masks, strict=True)]
    indices, dictionary = _dictionary_codes(pa.chunked_array(picked, type=values.type))
    distinct = dictionary.to_pylist()
    normalised = [nfc(v) for v in distinct]  # NFC, and trimmed
    if normalised == distinct:
        return values
    # The codes of all chunks, cut back into the chunks.
    bounds = np.cumsum([0, *(len(p) for p in picked)])
    table = pa.array(normalised, type=values.type)
    return pa.chunked_array(
        [
            pc.replace_with_mask(chunk, mask, table.take(indices[start:stop])) if stop > start else chunk
            for chunk, mask, start, stop in zip(chunks, masks, bounds[:-1], bounds[1:], strict=True)
        ],
        type=values.type,
    )


def _utf8_layout(values) -> tuple[np.ndarray, np.ndarray] | None:
    """A string array's value offsets and bytes as numpy views; None if it has no values or no such layout."""
    import pyarrow as pa

    width = {pa.string(): np.int32, pa.large_string(): np.int64}.get(values.type)
    if width is None or len(values) == 0:
        return None
    _, offsets, data = values.buffers()
    offsets = np.frombuffer(offsets, dtype=width)[values.offset : values.offset + len(values) + 1]
    if data is None or offsets[-1] == offsets[0]:
        return offsets, np.zeros(1, dtype=np.uint8)
    return offsets, np.frombuffer(data, dtype=np.uint8)


def _edge_space(layout: tuple[np.ndarray, np.ndarray] | None, *, latin1: bool = False) -> bool:
    """Whether some value may start or end with whitespace (ASCII, or U+0085/U+00A0 if ``latin1``).

    Looks at the first and last bytes of each value instead of trimming every
    value (an empty value makes a neighbour's byte looked at: at worst a trim
    for nothing).
    """
    if layout is None:
        return True  # let the trim decide
    offsets, data = layout
    if offsets[-1] == offsets[0]:
        return False
    starts, ends = offsets[:-1], offsets[1:] - 1
    if starts[-1] >= len(data):  # empty values at the very end start past the bytes
        starts = np.minimum(starts, offsets[-1] - 1)
    # An empty first value ends at offsets[0] - 1, which may be -1: numpy reads
    # the last byte, a neighbour's like any other.
    first, last = data[starts], data[ends]
    if first.min() <= 32 or last.min() <= 32:
        return True
    if not latin1:
        return False
    # U+0085 and U+00A0 are C2 85 and C2 A0 in UTF-8 (and "à" is C3 A0): the
    # few values starting with C2 or ending in 85 or A0 are looked at closer.
    second = data[np.minimum(starts[first == 0xC2] + 1, len(data) - 1)]
    before_last = data[ends[(last == 0x85) | (last == 0xA0)] - 1]
    return bool(((second == 0x85) | (second == 0xA0)).any() or (before_last == 0xC2).any())


def _nfc_as_is(layout: tuple[np.ndarray, np.ndarray] | None) -> bool:
    """Whether every value is NFC as it stands, judged from its UTF-8 bytes.

    True when all characters are below U+0300 (Latin letters, with đ, ơ, ư,
    ă, â, ê, ô and the like) or in U+1E00–U+1EFF (Latin letters with tone
    marks, such as ậ or ữ): no such character is changed by NFC or composes
    with a neighbour. Vietnamese typed on Windows or a phone passes; text
    with combining marks (macOS, Windows-1258) does not.
    """
    if layout is None:
        return False
    offsets, data = layout
    data = data[offsets[0] : offsets[-1]]
    # Bytes from CC up lead characters from U+0300 on; of those only E1 B8–E1 BB
    # (U+1E00–U+1EFF) may pass. Continuation bytes are 80–BF. In pieces that
    # stay in the CPU cache: several times faster than whole-array passes.
    size = 1 << 18
    for start in range(0, len(data), size):
        stop = min(start + size, len(data))
        high = data[start:stop] >= 0xCC
        if not high.any():
            continue
        follow = data[start + 1 : stop + 1]
        if len(follow) < len(high):  # the last piece: its last byte has no follower
            if high[-1]:
                return False
            high = high[:-1]
        in_1e = (data[start : start + len(follow)] == 0xE1) & ((follow & 0xFC) == 0xB8)
        if (high & ~in_1e).any():
            return False
    return True


class _Checked:
    """One table after validation: its records (if valid), problems, and row identities.

    ``keys`` gives, per column, each row's value as text (canonical where it
    resolved, as written where it did not), in the compact form of codes into
    a list of distinct texts; double entries are found on them, with or
    without other problems in the table.
    """

    def __init__(self, raw: RawTable, lines: np.ndarray, problems: list[Problem]):
        self.name = raw.name
        self.label = raw.line_label
        self.lines = lines
        self.problems = problems
        self.records: pd.DataFrame | None = None
        self.keys: dict[str, tuple[np.ndarray, list[str]]] = {}
        self.texts: dict[str, _TextColumn] = {}

    def key(self, target: str, column: _Column, texts: list[str]) -> None:
        # A blank cell's code, -1, indexes the "" appended last.
        self.keys[target] = (column.codes, [*texts, ""])


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(str(value))


_PARALLEL_FROM_ROWS = 100_000


def _build_columns(frame: pd.DataFrame, jobs: list[tuple[str, type, str]]) -> dict[str, object]:
    """Build each column's distinct values, in threads for large tables.

    The work is done by Arrow kernels that release the GIL, so the columns of
    a large file are prepared side by side, as the CSV reader itself does.
    """
    workers = min(len(jobs), os.cpu_count() or 1)
    if len(frame) < _PARALLEL_FROM_ROWS or workers < 2:
        return {key: kind(frame[header]) for key, kind, header in jobs}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        built = pool.map(lambda job: job[1](frame[job[2]]), jobs)
        return {key: column for (key, _, _), column in zip(jobs, built, strict=True)}


def _validate_table(raw: RawTable, catalog: Catalog, *, compare: bool = True) -> _Checked:
    """Check one table's columns; ``compare``: prepare its rows for the double-entry check."""
    frame = raw.frame
    problems: list[Problem] = []
    checked = _Checked(raw, raw.lines, problems)

    def problem(message: str, **where) -> None:
        problems.append(Problem(raw.name, message, line_label=raw.line_label, **where))

    header_at = (raw.header_line,) if raw.header_line else ()
    mapping, extras = _map_columns(frame.columns, catalog.column_lookup, problem, header_at)
    if any(col not in mapping for col in REQUIRED_COLUMNS):
        return checked

    text = functools.partial(_TextColumn, numbers=compare)
    jobs = [(t, text if t in TEXT_COLUMNS else _Column, h) for t, h in mapping.items()]
    jobs += [(f"\x00{nfc(str(h))}", text, h) for h in extras]
    built = _build_columns(frame, jobs)
    columns = {t: c for t, c in built.items() if isinstance(c, _Column)}
    texts = {t: c for t, c in built.items() if t in TEXT_COLUMNS}
    extra_texts = {t: c for t, c in built.items() if t.startswith("\x00")}
    lines = raw.lines
    if raw.exact_lines is not None:
        lines = raw.exact_lines()
    blank = _blank_rows(frame, columns["year"])
    if blank.all():
        problem("has a header row but no records", lines=header_at)
        return checked
    if blank.any():
        for column in [*columns.values(), *texts.values(), *extra_texts.values()]:
            column.keep(~blank)
        lines = lines[~blank]
    checked.lines = lines
    checked.texts = {**texts, **extra_texts}

    def report(target: str, index: int, message: str, suggestion: str | None = None) -> None:
        rows = np.flatnonzero(columns[target].codes == index)
        shown = _shown(columns[target].uniques[index])
        problem(
            message,
            lines=tuple(int(n) for n in lines[rows]),
            column=str(mapping[target]),
            # A blank cell has no value to quote; the message says it is blank.
            value=shown if shown.strip() else None,
            suggestion=suggestion,
        )

    def report_missing(target: str, message: str) -> None:
        rows = np.flatnonzero(columns[target].codes == -1)
        if len(rows):
            problem(message, lines=tuple(int(n) for n in lines[rows]), column=str(mapping[target]))

    n_rows = len(lines)
    out: dict[str, object] = {}
    out["year"] = _whole_numbers(checked, columns["year"], report, report_missing, "year")
    out["district"] = _categories(
        checked,
        columns["district"],
        catalog.unit_lookup,
        catalog.unit_names,
        report,
        report_missing,
        "district",
    )
    out["award"] = _categories(
        checked,
        columns["award"],
        catalog.award_lookup,
        catalog.award_names,
        report,
        report_missing,
        "award",
    )
    out["count"] = _whole_numbers(checked, columns["count"], report, report_missing, "count")
    if "recipient_kind" in columns:
        out["recipient_kind"] = _recipient_kinds(
            checked, columns["recipient_kind"], catalog.recipient_kind_lookup, report
        )
    else:
        out["recipient_kind"] = pd.Categorical([None] * n_rows, categories=RECIPIENT_KINDS)
    for target in TEXT_COLUMNS:
        out[target] = texts[target].array() if target in texts else _missing_text(n_rows)
    if "illustrative" in columns:
        out["illustrative"] = _booleans(checked, columns["illustrative"], report)
    else:
        out["illustrative"] = np.zeros(n_rows, dtype=bool)
    if problems:
        if raw.short_records is not None:
            problems[:0] = raw.short_records()
        return checked
    records = pd.DataFrame(out, copy=False)
    records["origin_file"] = pd.Categorical.from_codes(
        np.zeros(n_rows, dtype=np.int8), categories=[nfc(raw.name)]
    )
    records["origin_line"] = lines.astype(np.int64, copy=False)
    for key, column in extra_texts.items():
        if key[1:] not in records.columns:
            records[key[1:]] = column.array()
    checked.records = records
    return checked


def _missing_text(rows: int) -> pd.api.extensions.ExtensionArray:
    import pyarrow as pa

    return pa.nulls(rows, type=pa.string()).to_pandas(types_mapper={pa.string(): STR_DTYPE}.get).array


def _shown(value: object) -> str:
    # NFC so that a value quoted in a message matches what the user searches for.
    return _text(value) if isinstance(value, float) else ("" if value is None else nfc(str(value)))


def _map_columns(
    headers, lookup: Lookup, problem, header_at: tuple[int, ...]
) -> tuple[dict[str, str], list[str]]:
    mapping: dict[str, str] = {}
    extras: list[str] = []
    for header in headers:
        target = lookup.resolve(str(header)).canonical
        if target is None:
            extras.append(header)
        elif target in mapping:
            problem(
                f"columns '{mapping[target]}' and '{header}' both hold the {target}; keep one",
                lines=header_at,
                column=str(header),
            )
        else:
            mapping[target] = header
    found = ", ".join(f"'{h}'" for h in headers if not str(h).startswith("(no header"))
    for target in REQUIRED_COLUMNS:
        if target in mapping:
            continue
        near = [(h, lookup.closest_spelling(str(h), target)) for h in extras]
        near = [(h, s) for h, s in near if s is not None]
        problem(
            f"required column '{target}' is missing (headers found: {found or 'none'})",
            lines=header_at,
            column=str(near[0][0]) if near else None,
            suggestion=near[0][1] if near else None,
        )
    return mapping, extras


def _blank_rows(frame: pd.DataFrame, year: _Column) -> np.ndarray:
    """Rows with nothing but blanks (empty lines, spacer rows in spreadsheets).

    Only rows whose year is blank can be blank; the other cells are looked at
    for those rows alone.
    """
    blank_years = [i for i, u in enumerate(year.uniques) if not _text(u)]
    candidates = np.flatnonzero((year.codes == -1) | np.isin(year.codes, blank_years))
    blank = np.zeros(len(frame), dtype=bool)
    if len(candidates):
        subset = frame.iloc[candidates]
        empty = np.ones(len(candidates), dtype=bool)
        for column in subset.columns:
            empty &= np.array([not _text(v) for v in subset[column].tolist()], dtype=bool)
        blank[candidates] = empty
    return blank


def _whole_numbers(checked: _Checked, column: _Column, report, report_missing, target: str) -> np.ndarray:
    values: list[object] = []
    for index, raw in enumerate(column.uniques):
        number, message = _parse_whole(raw, target)
        if message:
            report(target, index, message)
        values.append(number)
    report_missing(target, _BLANK[target])
    texts = [_text(u) if v is None else str(v) for u, v in zip(column.uniques, values, strict=True)]
    checked.key(target, column, texts)
    if any(v is None for v in values) or (column.codes == -1).any():
        return column.remap(values)
    return column.remap(values, dtype=np.int64, missing=0)


def _parse_whole(raw: object, target: str) -> tuple[int | None, str | None]:
    what = "count counts whole awards" if target == "count" else "year is a whole number, e.g. 2018"
    if isinstance(raw, bool | np.bool_):
        return None, f"is not a {target}"
    if isinstance(raw, int | np.integer):
        number = int(raw)
    elif isinstance(raw, float | np.floating):
        if not np.isfinite(raw) or not float(raw).is_integer():
            return None, f"is not a whole number; a {what}"
        number = int(raw)
    else:
        text = nfc(str(raw))
        if _PLAIN_INT.fullmatch(text):
            number = int(text)
        elif target == "count" and _THOUSANDS_INT.fullmatch(text):
            number = int(text.replace(".", ""))
        elif not text:
            return None, _BLANK[target]
        elif _NEGATIVE.fullmatch(text):
            return None, f"is negative; a {target} is a whole number ≥ 0"
        elif _DECIMAL.fullmatch(text):
            return None, f"is not a whole number; a {what}"
        else:
            return None, f"is not a {'number' if target == 'count' else 'year (four digits, e.g. 2018)'}"
    if number < 0:
        return None, f"is negative; a {target} is a whole number ≥ 0"
    if target == "year" and not YEAR_RANGE[0] <= number <= YEAR_RANGE[1]:
        return None, f"is not a plausible year (expected {YEAR_RANGE[0]}–{YEAR_RANGE[1]})"
    if target == "count" and number > MAX_COUNT:
        return None, f"is not a plausible count (more than {MAX_COUNT:,})"
    return number, None


def _categories(
    checked: _Checked, column: _Column, lookup: Lookup, names: list[str], report, report_missing, target: str
) -> pd.Categorical:
    position = {name: i for i, name in enumerate(names)}
    codes: list[int] = []
    keys: list[str] = []
    for index, raw in enumerate(column.uniques):
        text = _text(raw)
        found = lookup.resolve(text)
        if found.canonical is None:
            message, suggestion = found.problem or f"is not a known {lookup.what}", found.suggestion
            if target == "award" and _lacks_class(lookup, text):
                message, suggestion = "names an order or medal but not its class (hạng Nhất, Nhì or Ba)", None
            report(target, index, message, suggestion)
            codes.append(-1)
            keys.append(text)
        else:
            codes.append(position[found.canonical])
            keys.append(found.canonical)
    report_missing(target, f"{lookup.what} is blank")
    checked.key(target, column, keys)
    table = np.asarray([*codes, -1], dtype=np.int32)
    return pd.Categorical.from_codes(table[column.codes], categories=names, ordered=True)


def _lacks_class(lookup: Lookup, text: str) -> bool:
    """Whether ``text`` names a family with classes ("HCLĐ") but no class."""
    found = lookup.resolve(f"{text} hạng Ba")
    return found.canonical is not None and found.canonical.endswith("hạng Ba")


def _recipient_kinds(checked: _Checked, column: _Column, lookup: Lookup, report) -> pd.Categorical:
    kinds: list[object] = []
    keys: list[str] = []  # for double entries: "unknown" is blank; a value in error, as written
    for index, raw in enumerate(column.uniques):
        text = _text(raw)
        if match_key(text) in ("", "không rõ", "unknown", "khong ro"):
            kinds.append(None)
            keys.append("")
            continue
        found = lookup.resolve(text)
        if found.canonical is None:
            report(
                "recipient_kind",
                index,
                "is not a recipient kind (use 'tập thể', 'cá nhân' or leave blank)",
                found.suggestion,
            )
        kinds.append(found.canonical)
        keys.append(found.canonical or text)
    checked.key("recipient_kind", column, keys)
    position = [-1 if k is None else RECIPIENT_KINDS.index(k) for k in kinds]
    return pd.Categorical.from_codes(column.remap(position, dtype=np.int8, missing=-1), RECIPIENT_KINDS)


def _booleans(checked: _Checked, column: _Column, report) -> np.ndarray:
    flags: list[object] = []
    for index, raw in enumerate(column.uniques):
        if isinstance(raw, bool | np.bool_):
            flags.append(bool(raw))
            continue
        flag = _BOOLEAN_WORDS.get(match_key(_text(raw)))
        if flag is None:
            report("illustrative", index, "is not true/false (use true, false or leave blank)")
        flags.append(flag)
    # For double entries, false is the blank of a file without this column.
    keys = [
        _text(u) if f is None else "true" if f else "" for u, f in zip(column.uniques, flags, strict=True)
    ]
    checked.key("illustrative", column, keys)
    flags.append(False)  # a blank cell means real data
    return np.asarray(flags, dtype=object)[column.codes].astype(bool)


# --- across tables ----------------------------------------------------------


def _combine(frames: list[pd.DataFrame]) -> pd.DataFrame:
    if len(frames) == 1:
        return frames[0]
    files = list(dict.fromkeys(f["origin_file"].cat.categories[0] for f in frames))
    for frame in frames:
        frame["origin_file"] = frame["origin_file"].cat.set_categories(files)
    return pd.concat(frames, ignore_index=True)


class _RowKey:
    """One integer per row, equal for rows equal on every column added so far.

    Columns are folded in one at a time (mixed radix); the key is renumbered
    densely only when the next column would overflow 64 bits.
    """

    def __init__(self, rows: int):
        self.key = np.zeros(rows, dtype=np.int64)
        self.capacity = 1

    def add(self, codes: np.ndarray) -> None:
        low = int(codes.min()) if len(codes) else 0
        radix = int(codes.max()) - low + 1 if len(codes) else 1
        if radix >= 2**62:
            # Codes far apart (large numbers standing in for text): number them densely.
            codes, uniques = pd.factorize(codes)
            low, radix = 0, max(len(uniques), 1)
        if self.capacity == 1:  # the first column: its codes are the key
            self.key = codes.astype(np.int64)
            self.key -= low
            self.capacity = radix
            return
        if self.capacity * radix >= 2**62:
            self.key, uniques = pd.factorize(self.key)
            self.capacity = max(len(uniques), 1)
        self.key *= radix
        self.key += codes
        self.key -= low
        self.capacity *= radix

    def countable(self) -> bool:
        """Whether there are few possible keys, so counting them is cheaper than hashing."""
        return self.capacity <= 4 * len(self.key) + 1024

    def repeated(self) -> np.ndarray:
        """Which rows share their key with another row."""
        if self.countable():
            if len(self.key) <= self.capacity:
                # Often every key differs (a running number): marking them tells
                # so at a fraction of the cost of counting them.
                seen = np.zeros(self.capacity, dtype=bool)
                seen[self.key] = True
                if np.count_nonzero(seen) == len(self.key):
                    return np.zeros(len(self.key), dtype=bool)
            return np.bincount(self.key, minlength=self.capacity)[self.key] > 1
        return pd.Series(self.key).duplicated(keep=False).to_numpy()

    def keep(self, rows: np.ndarray) -> None:
        self.key = self.key[rows]


def _repeated_rows(matrix: np.ndarray) -> np.ndarray:
    """Which rows of an integer matrix occur more than once."""
    key = _RowKey(len(matrix))
    for col in range(matrix.shape[1]):
        key.add(np.ascontiguousarray(matrix[:, col]))
    return key.repeated()


def _most_distinct_first(tables: list[_Checked]) -> list[str]:
    """Free-text columns, those with the most distinct values (in a sample) first."""
    import pyarrow.compute as pc

    def distinct(target: str) -> int:
        sample = [t.texts[target].values[:2000] for t in tables if target in t.texts]
        return -sum(pc.count_distinct(s).as_py() for s in sample)

    return sorted(dict.fromkeys(k for t in tables for k in t.texts), key=distinct)


def _text_codes(
    tables: list[_Checked], target: str, owner: np.ndarray, local: np.ndarray, *, exact: bool = False
) -> np.ndarray:
    """Integer codes of a free-text column for the given rows, equal for equal texts.

    ``owner`` and ``local`` give each row's table and its row there, grouped
    by table. Unless ``exact``, a column whose texts all read as integers (a
    running number, STT) is coded by its numbers: cheaper than hashing the
    texts, and equal texts still get equal codes, but so may unequal ones
    ("01" and "1"); ``exact`` codes differ for different texts.
    """
    import pyarrow as pa

    pieces = []
    for index, table in enumerate(tables):
        mine = local if len(tables) == 1 else local[owner == index]
        column = table.texts.get(target)
        if column is None:
            pieces.append(pa.nulls(len(mine), type=pa.string()))
        elif len(mine) == len(column.values):
            pieces.append(column.values)  # every row, in order: rows are sorted within a table
        else:
            pieces.append(column.values.take(mine))
    single = len(pieces) == 1
    order = slice(None) if single else np.argsort(owner, kind="stable")  # pieces are grouped by table
    if single:
        values = pieces[0]
    else:
        chunks = [chunk for piece in pieces for chunk in _chunks(piece.cast(pa.large_string()))]
        values = pa.chunked_array(chunks, type=pa.large_string())
    found = None
    if not exact:
        whole = single and target in tables[0].texts and len(local) == len(tables[0].texts[target].values)
        found = tables[0].texts[target].numbers if whole else _number_codes(values)
    if found is None:
        found = _dictionary_codes(values)[0]
    if single:
        return found
    codes = np.empty(len(owner), dtype=found.dtype)
    codes[order] = found
    return codes


def _number_codes(values) -> np.ndarray | None:
    """Each value as an integer, if all values read as integers; blanks get a number none has.

    None when some value is not an integer (or the lowest is the lowest int64,
    leaving no number for blanks).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        # A cast that fails on most values costs several times one that succeeds:
        # the first values tell most text columns apart from numbers.
        pc.cast(values.slice(0, 1024), pa.int64())
        numbers = pc.cast(values, pa.int64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    lowest = pc.min(numbers).as_py()
    if lowest is not None and lowest == np.iinfo(np.int64).min:
        return None
    return pc.fill_null(numbers, -1 if lowest is None else lowest - 1).to_numpy()


def _chunks(values) -> list:
    """The arrays of an Arrow array or chunked array."""
    return values.chunks if hasattr(values, "chunks") else [values]


def _dictionary_codes(values) -> tuple[np.ndarray, object]:
    """Each value's position among the distinct values (-1 for null), and the distinct values.

    ``values`` is an Arrow array or chunked array. Over chunks, Arrow grows one
    dictionary as it goes, so the chunks' indices agree with the last one.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    encoded = _chunks(pc.dictionary_encode(values))
    indices = pa.chunked_array([c.indices for c in encoded], type=pa.int32())
    dictionary = encoded[-1].dictionary if encoded else pa.array([], type=values.type)
    return pc.fill_null(indices, -1).to_numpy(), dictionary


def _key_codes(tables: list[_Checked], target: str, owner: np.ndarray, local: np.ndarray) -> np.ndarray:
    """Integer codes of a checked column for the given rows, equal for equal texts across tables.

    A column one table lacks is blank there: the distinct text "".
    """
    texts = [t.keys[target][1] if target in t.keys else [""] for t in tables]
    ids, _ = pd.factorize(pd.Series([x for group in texts for x in group], dtype=object))
    if len(tables) == 1:
        return ids[tables[0].keys[target][0][local]]
    codes = np.empty(len(owner), dtype=np.int64)
    offset = 0
    for index, (table, group) in enumerate(zip(tables, texts, strict=True)):
        mine = owner == index
        local_codes = table.keys[target][0][local[mine]] if target in table.keys else 0
        codes[mine] = ids[offset : offset + len(group)][local_codes]
        offset += len(group)
    return codes


def _double_entries(tables: list[_Checked]) -> list[Problem]:
    """Exactly repeated rows, within a table or across tables, as probable double entries.

    Rows are compared on every column (a value that did not resolve is
    compared as written); each column's distinct texts are turned into codes
    shared by all tables, so the comparison runs on integers.
    """
    tables = [t for t in tables if t.keys]
    total = sum(len(t.lines) for t in tables)
    if not tables or total < 2:
        return []
    owner = np.repeat(np.arange(len(tables)), [len(t.lines) for t in tables])
    local_row = np.concatenate([np.arange(len(t.lines)) for t in tables])
    checked = list(dict.fromkeys(k for t in tables for k in t.keys))
    free = _most_distinct_first(tables)
    # Columns are compared one at a time, and rows that no longer match
    # another row drop out: first the free text with the most distinct values
    # (a running number or a name usually settles it at once), then the
    # checked columns, then the other free text.
    steps = [
        *[functools.partial(_text_codes, tables, t) for t in free[:1]],
        *[functools.partial(_key_codes, tables, t) for t in checked],
        *[functools.partial(_text_codes, tables, t) for t in free[1:]],
    ]
    rows = np.arange(total)
    key = _RowKey(total)
    for codes_of in steps:
        every = len(rows) == total  # no row dropped yet: no need to pick them
        codes = codes_of(owner, local_row) if every else codes_of(owner[rows], local_row[rows])
        # A row whose value occurs once in this column has no double; on the
        # column alone that is a cheap count when its codes are few.
        alone = _RowKey(len(codes))
        alone.add(codes)
        if alone.countable():
            still = alone.repeated()
            rows, codes = rows[still], codes[still]
            key.keep(still)
        key.add(codes)
        still = key.repeated()
        rows = rows[still]
        key.keep(still)
        if not len(rows):
            return []
    # Numbers may have stood in for texts ("01" and "1" alike): the few rows
    # left are compared once more on every column exactly as written.
    where = owner[rows], local_row[rows]
    matrix = np.column_stack(
        [_key_codes(tables, t, *where) for t in checked]
        + [_text_codes(tables, t, *where, exact=True) for t in free]
    )
    still = _repeated_rows(matrix)
    rows, matrix = rows[still], matrix[still]
    if not len(rows):
        return []
    _, group_of = np.unique(matrix, axis=0, return_inverse=True)
    problems = []
    for group in dict.fromkeys(group_of.ravel().tolist()):
        members = rows[group_of.ravel() == group]
        first = tables[owner[members[0]]]
        here = [int(first.lines[local_row[m]]) for m in members if tables[owner[m]] is first]
        elsewhere = [
            f"{tables[owner[m]].name} {tables[owner[m]].label} {int(tables[owner[m]].lines[local_row[m]])}"
            for m in members
            if tables[owner[m]] is not first
        ]
        also = f" (also at {', '.join(elsewhere)})" if elsewhere else ""
        record = ", ".join(
            first.keys[t][1][first.keys[t][0][local_row[members[0]]]] or "blank" for t in REQUIRED_COLUMNS
        )
        problems.append(
            Problem(
                first.name,
                f"the same record ({record}) is entered {len(members)} times{also}: probable double "
                "entry (load with duplicates='keep', or validate with --keep-duplicates, "
                "if these are separate awards)",
                lines=tuple(here),
                line_label=first.label,
            )
        )
    return problems
