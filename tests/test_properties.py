"""Property-based tests: random valid tables round-trip; random bytes only raise AwardDataError.

The spellings used to write the tables come from the catalogue CSV files
themselves (read here with plain pandas), so the expectation that a spelling
resolves to its canonical name does not rely on the lookup code under test.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import re
import tempfile
import unicodedata
from importlib import resources
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from vn_encoding import encodable_in_1258, windows_1258

from emulation_analysis import AwardDataError, load_awards

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _catalogue(name: str) -> pd.DataFrame:
    with resources.files("emulation_analysis").joinpath("catalogs", name).open(encoding="utf-8") as f:
        return pd.read_csv(f, dtype=str, keep_default_na=False)


def _unit_spellings() -> list[tuple[str, str, int, int]]:
    """``(spelling, unit, first year, last year)``: the years in which the spelling means that unit.

    Districts exist until 2025, wards from 2025; a spelling of two units (``Tân Bình``) means
    the district only in the years before the ward existed.
    """
    units = _catalogue("units.csv")
    by_code = dict(zip(units["code"], units["name"], strict=True))
    years = {
        row["name"]: (int(row["valid_from"][:4] or 1945), int(row["valid_to"][:4] or 2100))
        for _, row in units.iterrows()
    }
    pairs = [(row[c], row["name"]) for _, row in units.iterrows() for c in ("name", "code", "name_en")]
    aliases = _catalogue("unit_aliases.csv")
    pairs += [(a, by_code[c]) for a, c in zip(aliases["alias"], aliases["code"], strict=True)]
    names_of: dict[str, set[str]] = {}
    for spelling, name in pairs:
        names_of.setdefault(spelling, set()).add(name)
    spellings = []
    for spelling, name in pairs:
        low, high = years[name]
        for other in names_of[spelling] - {name}:
            high = min(high, years[other][0] - 1)
        if low <= high:
            spellings.append((spelling, name, low, high))
    return spellings


def _award_spellings() -> list[tuple[str, str]]:
    forms = _catalogue("award_forms.csv")
    by_code = dict(zip(forms["code"], forms["name"], strict=True))
    pairs = [(row[c], row["name"]) for _, row in forms.iterrows() for c in ("name", "code", "short_name")]
    aliases = _catalogue("award_aliases.csv")
    # Aliases of a whole order (e.g. HCLĐ) need a class; take only those naming one form.
    targets = list(zip(aliases["alias"], aliases["target"], strict=True))
    pairs += [(a, by_code[t]) for a, t in targets if t in by_code]
    by_name = {n.casefold(): n for n in forms["name"]}
    pairs += [(a, by_name[t.casefold()]) for a, t in targets if t.casefold() in by_name]
    return pairs


UNITS = _unit_spellings()
AWARDS = _award_spellings()
KINDS = [
    ("", None),
    ("tập thể", "tập thể"),
    ("cá nhân", "cá nhân"),
    ("TT", "tập thể"),
    ("CN", "cá nhân"),
    ("không rõ", None),
    ("Cá nhân", "cá nhân"),
]
FLAGS = [("", False), ("true", True), ("false", False), ("TRUE", True), ("có", True), ("không", False)]

ENGLISH = {
    "year": "year",
    "district": "district",
    "award": "award",
    "count": "count",
    "recipient_kind": "recipient_kind",
    "cluster": "cluster",
    "source": "source",
    "note": "note",
    "illustrative": "illustrative",
}
VIETNAMESE = {
    "year": "Năm",
    "district": "Đơn vị",
    "award": "Hình thức khen thưởng",
    "count": "Số lượng",
    "recipient_kind": "Đối tượng",
    "cluster": "Cụm thi đua",
    "source": "Nguồn",
    "note": "Ghi chú",
    "illustrative": "Minh hoạ",
}
OPTIONAL = ["recipient_kind", "cluster", "source", "note", "illustrative"]

_VOWELS = "aăâeêioôơuưy"
_TONES = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
VIETNAMESE_LETTERS = (
    "".join(sorted({unicodedata.normalize("NFC", v + t) for v in _VOWELS + _VOWELS.upper() for t in _TONES}))
    + "đĐ"
)
# Printable ASCII plus Vietnamese: what real cells hold, and all of it fits Windows-1258.
# (No symbols from Windows-1258's 0x80-0xBF range: those bytes can also form valid UTF-8,
# and no detector can tell the two encodings apart then; give encoding= for such files.)
ALPHABET = "".join(chr(c) for c in range(32, 127)) + VIETNAMESE_LETTERS + "\n"


def _vary(spelling: str, how: int) -> str:
    """Write a name the way people do: other case, extra spaces, decomposed (NFD) accents."""
    return [
        spelling,
        spelling.upper(),
        spelling.lower(),
        f"  {spelling.replace(' ', '  ')} ",
        unicodedata.normalize("NFD", spelling),
    ][how]


free_text = st.text(alphabet=ALPHABET, max_size=25)
numbers_as_text = st.sampled_from(["plain", "padded", "thousands"])


@st.composite
def records(draw):
    """One valid record: what to write in each column, and what loading must give back."""
    unit, unit_name, first_year, last_year = draw(st.sampled_from(UNITS))
    award, award_name = draw(st.sampled_from(AWARDS))
    year = draw(st.integers(first_year, last_year))
    count = draw(st.integers(0, 250_000))
    style = draw(numbers_as_text)
    if style == "padded":
        count_text = f"{count:03d}"
    elif style == "thousands" and count >= 1000:
        count_text = f"{count:,}".replace(",", ".")  # Vietnamese thousands separator
    else:
        count_text = str(count)
    kind, kind_expected = draw(st.sampled_from(KINDS))
    flag, flag_expected = draw(st.sampled_from(FLAGS))
    texts = [draw(free_text) for _ in range(3)]
    written = {
        "year": draw(st.sampled_from([str(year), f" {year} "])),
        "district": _vary(unit, draw(st.integers(0, 4))),
        "award": _vary(award, draw(st.integers(0, 4))),
        "count": count_text,
        "recipient_kind": kind,
        "cluster": texts[0],
        "source": texts[1],
        "note": texts[2],
        "illustrative": flag,
    }
    expected = {
        "year": year,
        "district": unit_name,
        "award": award_name,
        "count": count,
        "recipient_kind": kind_expected,
        "cluster": unicodedata.normalize("NFC", texts[0]).strip() or None,
        "source": unicodedata.normalize("NFC", texts[1]).strip() or None,
        "note": unicodedata.normalize("NFC", texts[2]).strip() or None,
        "illustrative": flag_expected,
    }
    return written, expected


@st.composite
def tables(draw):
    rows = draw(st.lists(records(), min_size=1, max_size=12))
    names = draw(st.sampled_from([ENGLISH, VIETNAMESE]))
    optional = draw(st.lists(st.sampled_from(OPTIONAL), unique=True))
    columns = draw(st.permutations(["year", "district", "award", "count", *optional]))
    return rows, names, columns


def _frame(rows, columns) -> list[tuple]:
    return [tuple(expected[c] if c in columns else None for c in ENGLISH) for _, expected in rows]


def _defaults(row: tuple) -> tuple:
    # A column left out of the file: recipient kind unknown, no text, real data.
    return tuple(False if (v is None and i == 8) else v for i, v in enumerate(row))


def _loaded(frame: pd.DataFrame) -> list[tuple]:
    out = []
    for row in frame[list(ENGLISH)].itertuples(index=False):
        out.append(
            tuple(
                None
                if (not isinstance(v, bool) and pd.isna(v))
                else (int(v) if isinstance(v, int) else str(v) if not isinstance(v, bool) else v)
                for v in row
            )
        )
    return out


def _write_text(
    path: Path, rows, names, columns, *, encoding: str, sep: str, newline: str, title: bool
) -> list[int]:
    """Write a delimited text file; return the line each record starts on."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator=newline)
    line = 1
    if title:
        buffer.write(f"BẢNG TỔNG HỢP KHEN THƯỞNG{newline}{newline}")
        line += 2
    writer.writerow([names[c] for c in columns])
    line += 1
    starts = []
    for written, _ in rows:
        starts.append(line)
        cells = [written[c] for c in columns]
        writer.writerow(cells)
        line += 1 + sum(cell.count("\n") for cell in cells)
    text = buffer.getvalue()
    path.write_bytes(windows_1258(text) if encoding == "cp1258" else text.encode(encoding))
    return starts


TEXT_FORMATS = [
    ("so-lieu.csv", "utf-8", ","),
    ("so-lieu.csv", "utf-8-sig", ";"),
    ("so-lieu.csv", "utf-8", "\t"),
    ("so-lieu.txt", "utf-16", "\t"),  # Excel's "Unicode text"
    ("so-lieu.csv", "cp1258", ","),
    ("so-lieu.csv", "cp1258", ";"),
    ("so-lieu.tsv", "cp1258", "\t"),
]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@SETTINGS
@given(
    table=tables(),
    fmt=st.sampled_from(TEXT_FORMATS),
    newline=st.sampled_from(["\n", "\r\n"]),
    title=st.booleans(),
)
def test_text_tables_load_back_unchanged(table, fmt, newline, title):
    rows, names, columns = table
    name, encoding, sep = fmt
    if encoding == "cp1258":
        assume(all(encodable_in_1258(cell) for written, _ in rows for cell in written.values()))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        starts = _write_text(
            path, rows, names, columns, encoding=encoding, sep=sep, newline=newline, title=title
        )
        before = _digest(path)
        loaded = load_awards(path, duplicates="keep")
        assert _digest(path) == before
    assert _loaded(loaded) == [_defaults(r) for r in _frame(rows, columns)]
    assert loaded["origin_line"].tolist() == starts
    assert loaded["origin_file"].astype(str).unique().tolist() == [str(path)]


@SETTINGS
@given(table=tables(), title_rows=st.integers(0, 4), typed=st.booleans())
def test_xlsx_tables_load_back_unchanged(table, title_rows, typed):
    rows, names, columns = table
    assume(all(not cell.lstrip().startswith("=") for written, _ in rows for cell in written.values()))
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for index in range(title_rows):
        sheet.append(["BẢNG TỔNG HỢP KHEN THƯỞNG" if index == 0 else None])
    sheet.append([names[c] for c in columns])
    for written, expected in rows:
        # As Excel holds them: numbers typed as numbers, or typed as text.
        sheet.append([expected[c] if typed and c in ("year", "count") else written[c] for c in columns])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "so-lieu.xlsx"
        workbook.save(path)
        before = _digest(path)
        loaded = load_awards(path, duplicates="keep")
        assert _digest(path) == before
    assert _loaded(loaded) == [_defaults(r) for r in _frame(rows, columns)]
    first = title_rows + 2  # the row number Excel shows for the first record
    assert loaded["origin_line"].tolist() == list(range(first, first + len(rows)))


@SETTINGS
@given(table=tables(), typed=st.booleans())
def test_parquet_tables_load_back_unchanged(table, typed):
    rows, names, columns = table
    data = {}
    for c in columns:
        if typed and c in ("year", "count"):
            data[names[c]] = pd.array([expected[c] for _, expected in rows], dtype="int64")
        else:
            data[names[c]] = [written[c] for written, _ in rows]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "so-lieu.parquet"
        pd.DataFrame(data).to_parquet(path)
        before = _digest(path)
        loaded = load_awards(path, duplicates="keep")
        assert _digest(path) == before
    assert _loaded(loaded) == [_defaults(r) for r in _frame(rows, columns)]
    assert loaded["origin_line"].tolist() == list(range(1, len(rows) + 1))


@SETTINGS
@given(table=tables())
def test_every_text_of_a_loaded_frame_is_nfc(table):
    rows, names, columns = table
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / unicodedata.normalize("NFD", "Tân Bình.csv")
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow([unicodedata.normalize("NFD", names[c]) for c in columns] + ["Ghi chú thêm"])
        for written, _ in rows:
            writer.writerow([unicodedata.normalize("NFD", written[c]) for c in columns] + ["Quận Tân Bình"])
        path.write_text(unicodedata.normalize("NFD", text.getvalue()), encoding="utf-8")
        loaded = load_awards(path, duplicates="keep")
    for column in loaded.columns:
        assert unicodedata.is_normalized("NFC", column)
        values = loaded[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype(object)
        for value in values.dropna():
            if isinstance(value, str):
                assert unicodedata.is_normalized("NFC", value), (column, value)


# --- random bytes ----------------------------------------------------------------------------

PREFIXES = [
    b"",
    b"PK\x03\x04",
    b"PAR1",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xd0\xcf\x11\xe0",
    b"year,district,award,count\n",
    "Năm;Đơn vị;Hình thức khen thưởng;Số lượng\r\n".encode(),
]
SUFFIXES = [".csv", ".txt", ".tsv", ".xlsx", ".parquet", ".xls", ""]


def _load_or_award_data_error(path: Path) -> None:
    before = _digest(path)
    try:
        load_awards(path)
    except AwardDataError as error:
        assert str(error).startswith(f"{len(error.problems)} problem")
        assert all(str(path) in str(p) for p in error.problems)
    assert _digest(path) == before


@SETTINGS
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_only_ever_raise_award_data_error(prefix, body, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"ngau-nhien{suffix}"
        path.write_bytes(prefix + body)
        _load_or_award_data_error(path)


@SETTINGS
@given(
    body=st.text(max_size=400),
    sep=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-16", "utf-8-sig"]),
)
def test_random_text_below_a_header_only_ever_raises_award_data_error(body, sep, encoding):
    header = sep.join(["Năm", "Đơn vị", "Hình thức khen thưởng", "Số lượng", "Ghi chú"])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ngau-nhien.csv"
        try:
            path.write_bytes(f"{header}\n{body}".encode(encoding))
        except UnicodeEncodeError:  # lone surrogates
            return
        _load_or_award_data_error(path)


@functools.cache
def _valid_file(kind: str) -> bytes:
    """A small valid file, written once: workbooks carry a timestamp, and hypothesis
    needs the same bytes on every run to replay a failure."""
    frame = pd.DataFrame(
        {
            "Năm": [2018, 2018],
            "Đơn vị": ["Quận 1", "Quận 3"],
            "Hình thức khen thưởng": ["BKTTg", "HCLĐ hạng 3"],
            "Số lượng": [7, 2],
        }
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"hop-le.{kind}"
        if kind == "xlsx":
            frame.to_excel(path, index=False)
        else:
            frame.to_parquet(path)
        return path.read_bytes()


@pytest.mark.parametrize("kind", ["xlsx", "parquet"])
@SETTINGS
@given(data=st.data())
def test_damaged_workbooks_and_parquet_files_only_ever_raise_award_data_error(kind, data):
    with tempfile.TemporaryDirectory() as folder:
        good = _valid_file(kind)
        cut = data.draw(st.integers(4, len(good)))
        flips = data.draw(st.lists(st.tuples(st.integers(0, len(good) - 1), st.integers(0, 255)), max_size=8))
        damaged = bytearray(good[:cut])
        for position, byte in flips:
            if position < len(damaged):
                damaged[position] = byte
        path = Path(folder) / f"hong.{kind}"
        path.write_bytes(bytes(damaged))
        _load_or_award_data_error(path)


# --- double entries -----------------------------------------------------------------------

DOUBLE_UNITS = [u[:2] for u in UNITS if u[1] in ("Quận 1", "Quận 3")]
DOUBLE_AWARDS = [
    a for a in AWARDS if a[1] in ("Bằng khen của Thủ tướng Chính phủ", "Cờ thi đua của Chính phủ")
]
RUNNING_NUMBERS = ["1", "01", "2", " 2", "", "2a"]
NOTES = ["", "a", "A", " a", "ghi chú", unicodedata.normalize("NFD", "ghi chú")]


@st.composite
def look_alike_files(draw):
    """1–3 files of few, look-alike records (so that repeats are common), each with its columns."""
    files = []
    for _ in range(draw(st.integers(1, 3))):
        optional = ["STT", "recipient_kind", "note", "illustrative"]
        extra = draw(st.lists(st.sampled_from(optional), unique=True))
        rows = []
        for _ in range(draw(st.integers(1, 8))):
            unit, unit_name = draw(st.sampled_from(DOUBLE_UNITS))
            award, award_name = draw(st.sampled_from(DOUBLE_AWARDS))
            kind, kind_name = draw(st.sampled_from(KINDS))
            flag, flag_value = draw(st.sampled_from(FLAGS))
            cells = {
                "year": draw(st.sampled_from(["2018", " 2018", "2019"])),
                "district": _vary(unit, draw(st.integers(0, 4))),
                "award": _vary(award, draw(st.integers(0, 4))),
                "count": draw(st.sampled_from(["1", "01", "2"])),
                "STT": draw(st.sampled_from(RUNNING_NUMBERS)),
                "recipient_kind": kind,
                "note": draw(st.sampled_from(NOTES)),
                "illustrative": flag,
            }
            # What makes two rows the same record: checked values as understood,
            # free text as written (trimmed, NFC); a column a file lacks is blank.
            identity = (
                int(cells["year"]),
                unit_name,
                award_name,
                int(cells["count"]),
                (kind_name or "") if "recipient_kind" in extra else "",
                unicodedata.normalize("NFC", cells["STT"]).strip() if "STT" in extra else "",
                unicodedata.normalize("NFC", cells["note"]).strip() if "note" in extra else "",
                flag_value and "illustrative" in extra,
            )
            rows.append((cells, identity))
        files.append((["year", "district", "award", "count", *extra], rows))
    return files


@SETTINGS
@given(files=look_alike_files())
def test_double_entries_are_exactly_the_rows_alike_in_every_column(files):
    with tempfile.TemporaryDirectory() as tmp:
        paths, expected_groups = [], {}
        for number, (columns, rows) in enumerate(files):
            path = Path(tmp) / f"so-lieu-{number}.csv"
            with path.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(columns)
                writer.writerows([cells[c] for c in columns] for cells, _ in rows)
            paths.append(path)
            for line, (_, identity) in enumerate(rows, start=2):
                expected_groups.setdefault(identity, set()).add((path.name, line))
        expected = {frozenset(g) for g in expected_groups.values() if len(g) > 1}
        try:
            load_awards(paths)
            found = set()
        except AwardDataError as error:
            found = set()
            for problem in error.problems:
                assert "double entry" in problem.message, problem
                here = {(Path(problem.file).name, line) for line in problem.lines}
                also = re.findall(r"(so-lieu-\d\.csv) line (\d+)", problem.message)
                elsewhere = {(name, int(line)) for name, line in also}
                found.add(frozenset(here | elsewhere))
        assert found == expected
