"""Bad input: every case must name the file, the line (or Excel row), the column and the value.

Each case writes a small synthetic file, loads it, and checks the numbered
problem a user would read: ``<file>, line <n>, column '<c>': value '<v>' ...``.
"""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
from vn_encoding import windows_1258

from emulation_analysis import AwardDataError, load_awards, load_catalog

H = "year,district,award,count"
VI = "Năm,Đơn vị,Hình thức khen thưởng,Số lượng"
OK = "2018,Q3,HCLĐ hạng 3,2"  # a valid first record, so the bad one is on line 3


@dataclass(frozen=True)
class Expect:
    """One problem the message must contain."""

    fragment: str
    where: str | None = None  # "line 3", "rows 4, 5"; None: the file as a whole
    column: str | None = None
    value: str | None = None
    file: str | None = None  # defaults to the case's first file


@dataclass(frozen=True)
class Case:
    id: str
    make: Callable[[Files], tuple[object, dict]]
    expect: tuple[Expect, ...]
    count: int | None = None  # exact number of problems, when it matters
    options: dict = field(default_factory=dict)


class Files:
    """Writes the case's files into a temporary folder and remembers their names."""

    def __init__(self, root: Path):
        self.root = root
        self.names: list[str] = []

    def path(self, name: str) -> str:
        path = str(self.root / name)
        self.names.append(path)
        return path

    def text(self, name: str, text: str | bytes, encoding: str = "utf-8") -> str:
        path = self.path(name)
        if isinstance(text, str):
            text = windows_1258(text) if encoding == "cp1258" else text.encode(encoding)
        Path(path).write_bytes(text)
        return path

    def folder_with(self, name: str) -> str:
        """The folder itself, holding one file that is not a table."""
        (self.root / name).write_bytes(b"PK\x03\x04")
        self.names.append(str(self.root))
        return str(self.root)

    def csv(self, *lines: str, name: str = "so-lieu.csv", encoding: str = "utf-8") -> str:
        return self.text(name, "\n".join(lines) + "\n", encoding)

    def xlsx(self, rows, name: str = "so-lieu.xlsx", sheet: str = "Tổng hợp") -> str:
        import openpyxl

        workbook = openpyxl.Workbook()
        workbook.active.title = sheet
        for row in rows:
            workbook.active.append(list(row))
        path = self.path(name)
        workbook.save(path)
        return path

    def parquet(self, frame: pd.DataFrame, name: str = "so-lieu.parquet") -> str:
        path = self.path(name)
        frame.to_parquet(path)
        return path

    def parquet_bytes(self, columns: dict[str, list[bytes]], name: str = "so-lieu.parquet") -> str:
        """A Parquet file whose text columns hold these bytes, valid UTF-8 or not (a damaged file)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        path = self.path(name)
        # view() relabels the bytes as text without checking them, as a faulty writer would.
        table = pa.table({k: pa.array(v, pa.binary()).view(pa.string()) for k, v in columns.items()})
        pq.write_table(table, path)
        return path


def cell(where, column, value, fragment, file=None) -> Expect:
    return Expect(fragment, where, column, value, file)


def one(source) -> Callable[[Files], tuple[object, dict]]:
    """A case made of one CSV file, given as its lines."""
    return lambda f: (f.csv(*source), {})


TITLE_ROWS = [["BẢNG TỔNG HỢP KHEN THƯỞNG NĂM 2018"], ["Cụm thi đua 1"], []]

CASES = [
    # --- one bad cell in a CSV file ------------------------------------------------------
    Case(
        "district-typo",
        one([H, OK, "2018,Quan 100,BKTTg,1"]),
        (cell("line 3", "district", "Quan 100", "did you mean 'Quận 10'?"),),
    ),
    Case(
        "district-unknown",
        one([H, OK, "2018,Quận 12,BKTTg,1"]),
        (cell("line 3", "district", "Quận 12", "is not a known unit"),),
    ),
    Case(
        "district-wrong-diacritic",
        one([H, OK, "2018,Quân 5,BKTTg,1"]),
        (cell("line 3", "district", "Quân 5", "did you mean 'Quận 5'?"),),
    ),
    Case(
        "district-blank", one([H, OK, "2018,,BKTTg,1"]), (cell("line 3", "district", None, "unit is blank"),)
    ),
    Case(
        "award-typo",
        one([H, OK, "2018,Q1,Huân chương Lao đông hạng Ba,1"]),
        (
            cell(
                "line 3",
                "award",
                "Huân chương Lao đông hạng Ba",
                "did you mean 'Huân chương Lao động hạng Ba'?",
            ),
        ),
    ),
    Case(
        "award-unknown",
        one([H, OK, "2018,Q1,Huy hiệu Đảng,1"]),
        (cell("line 3", "award", "Huy hiệu Đảng", "is not a known award form"),),
    ),
    Case(
        "award-without-class",
        one([H, OK, "2018,Q1,HCLĐ,1"]),
        (cell("line 3", "award", "HCLĐ", "not its class (hạng Nhất, Nhì or Ba)"),),
    ),
    Case("award-blank", one([H, OK, "2018,Q1,,1"]), (cell("line 3", "award", None, "award form is blank"),)),
    Case(
        "year-letter-o", one([H, OK, "2O18,Q1,BKTTg,1"]), (cell("line 3", "year", "2O18", "is not a year"),)
    ),
    Case(
        "year-two-digits",
        one([H, OK, "18,Q1,BKTTg,1"]),
        (cell("line 3", "year", "18", "is not a plausible year"),),
    ),
    Case(
        "year-decimal",
        one([H, OK, "2018.5,Q1,BKTTg,1"]),
        (cell("line 3", "year", "2018.5", "is not a whole number"),),
    ),
    Case("year-blank", one([H, OK, ",Q1,BKTTg,1"]), (cell("line 3", "year", None, "year is blank"),)),
    Case(
        "count-decimal",
        one([H, OK, "2018,Q1,BKTTg,2.5"]),
        (cell("line 3", "count", "2.5", "is not a whole number"),),
    ),
    Case(
        "count-decimal-comma",
        one([H, OK, '2018,Q1,BKTTg,"1,5"']),
        (cell("line 3", "count", "1,5", "is not a whole number"),),
    ),
    Case("count-negative", one([H, OK, "2018,Q1,BKTTg,-3"]), (cell("line 3", "count", "-3", "is negative"),)),
    Case(
        "count-blank",
        one([H, OK, "2018,Q1,BKTTg,"]),
        (cell("line 3", "count", None, "count is blank; write 0"),),
    ),
    Case(
        "count-word", one([H, OK, "2018,Q1,BKTTg,hai"]), (cell("line 3", "count", "hai", "is not a number"),)
    ),
    Case(
        "count-huge",
        one([H, OK, "2018,Q1,BKTTg,99999999999999999999999"]),
        (cell("line 3", "count", "99999999999999999999999", "is not a plausible count"),),
    ),
    Case(
        "recipient-kind",
        one([H + ",recipient_kind", OK + ",", "2018,Q1,BKTTg,1,doanh nghiệp"]),
        (cell("line 3", "recipient_kind", "doanh nghiệp", "is not a recipient kind"),),
    ),
    Case(
        "illustrative-flag",
        one([H + ",illustrative", OK + ",false", "2018,Q1,BKTTg,1,maybe"]),
        (cell("line 3", "illustrative", "maybe", "is not true/false"),),
    ),
    Case(
        "vietnamese-header-column-named-as-written",
        one([VI, OK, "2018,Q. Tan Bin,BKTTg,1"]),
        (cell("line 3", "Đơn vị", "Q. Tan Bin", "did you mean 'Quận Tân Bình'?"),),
    ),
    Case(
        "nfd-value-quoted-in-nfc",
        one([H, OK, unicodedata.normalize("NFD", "2018,Quận Tân Bìh,BKTTg,1")]),
        (cell("line 3", "district", "Quận Tân Bìh", "is not a known unit"),),
    ),
    Case(
        "same-bad-value-on-several-lines",
        one([H, "2018,Q11,BKTTG,1", OK, "2018,Q11,Bằng khen,1", "2018,Q10,Bằng khen,1"]),
        (cell("lines 4, 5", "award", "Bằng khen", "is not a known award form"),),
    ),
    Case(
        "every-problem-not-only-the-first",
        one([H, "2O18,Q1,BKTTg,1", "2018,Q100,BKTTg,1", "2018,Q1,BKTTg,2.5"]),
        (
            cell("line 2", "year", "2O18", "is not a year"),
            cell("line 3", "district", "Q100", "is not a known unit"),
            cell("line 4", "count", "2.5", "is not a whole number"),
        ),
        count=3,
    ),
    # --- line numbers as a text editor shows them ------------------------------------------
    Case(
        "title-rows-above-header",
        one(["Bảng tổng hợp khen thưởng năm 2018", "", H, OK, "2018,Q1,BKTTg,x"]),
        (cell("line 5", "count", "x", "is not a number"),),
    ),
    Case(
        "title-row-spanning-two-lines",
        one(['"Bảng tổng hợp\nnăm 2018"', H, OK, "2018,Q1,BKTTg,x"]),
        (cell("line 5", "count", "x", "is not a number"),),
    ),
    Case(
        "blank-line-in-the-middle",
        one([H, OK, "", "", "2018,Q1,BKTTg,x"]),
        (cell("line 5", "count", "x", "is not a number"),),
    ),
    Case(
        "multi-line-cell-before-the-error",
        one([H + ",note", OK + ',"dòng một\ndòng hai\ndòng ba"', "2018,Q1,BKTTg,x,"]),
        (cell("line 5", "count", "x", "is not a number"),),
    ),
    Case(
        "multi-line-cell-in-a-checked-column",  # read as a dictionary: its distinct values are scanned
        one([H + ",source", OK + ',"Báo cáo\nsố 12"', "2018,Q1,BKTTg,x,"]),
        (cell("line 4", "count", "x", "is not a number"),),
    ),
    Case(
        "multi-line-cell-in-an-extra-column",
        one([H + ",Ghi chú thêm", OK + ',"a\nb"', "2018,Q1,BKTTg,x,"]),
        (cell("line 4", "count", "x", "is not a number"),),
    ),
    Case(
        "semicolon-delimited-cp1258",
        lambda f: (
            f.csv(VI.replace(",", ";"), OK.replace(",", ";"), "2018;Quận 7;BKTTg;1", encoding="cp1258"),
            {},
        ),
        (cell("line 3", "Đơn vị", "Quận 7", "is not a known unit"),),
    ),
    Case(
        "utf16-tab-separated",
        lambda f: (
            f.text(
                "so-lieu.txt",
                "\r\n".join([VI.replace(",", "\t"), OK.replace(",", "\t"), "2018\tQ1\tBKTTg\t02,5", ""]),
                "utf-16",
            ),
            {},
        ),
        (cell("line 3", "Số lượng", "02,5", "is not a whole number"),),
    ),
    Case(
        "utf8-bom",
        lambda f: (f.csv(H, OK, "2018,Q1,BKTTg,1e3", encoding="utf-8-sig"), {}),
        (cell("line 3", "count", "1e3", "is not a number"),),
    ),
    # --- the shape of the table ------------------------------------------------------------
    Case(
        "short-record",
        one([H, OK, "2018,Q1,BKTTg"]),
        (
            Expect("has 3 fields where the header has 4", "line 3"),
            cell("line 3", "count", None, "count is blank"),
        ),
    ),
    Case(
        "long-record",
        one([H, OK, "2018,Q1,Bằng khen, Thủ tướng,1"]),
        (Expect("has 5 fields where the header has 4", "line 3"),),
    ),
    Case(
        "unclosed-quote",
        one([H, OK, '2018,"Q1,BKTTg,1', "2018,Q5,BKTTg,1"]),
        (Expect("never closed", "line 3"),),
    ),
    Case(
        "duplicate-header",
        one([H + ",count", OK + ",2"]),
        (Expect("appears twice (columns 4 and 5)", "line 1", "count"),),
    ),
    Case(
        "two-headers-for-one-column",
        one(["year,Đơn vị,Quận,award,count", "2018,Q1,Q1,BKTTg,1"]),
        (Expect("both hold the district", "line 1", "Quận"),),
    ),
    Case(
        "near-miss-header",
        one(["Năm,Đơn vị,Hình thức khen thương,Số lượng", OK]),
        (
            Expect("required column 'award' is missing", "line 1", "Hình thức khen thương"),
            Expect("did you mean 'Hình thức khen thưởng'?", "line 1"),
        ),
    ),
    Case(
        "missing-column",
        one(["Năm,Đơn vị,Hình thức khen thưởng,Ghi chú", "2018,Q1,BKTTg,"]),
        (
            Expect(
                "required column 'count' is missing (headers found: 'Năm', 'Đơn vị', "
                "'Hình thức khen thưởng', 'Ghi chú')",
                "line 1",
            ),
        ),
    ),
    Case("header-only", one([VI]), (Expect("has a header row but no records", "line 1"),)),
    Case(
        "no-header-row",
        one(["STT,Tên,Số", "1,a,2"]),
        (Expect("has no header row naming the columns year, district, award and count"),),
    ),
    # --- double entry ----------------------------------------------------------------------
    Case(
        "double-entry",
        one([H, OK, "2018,Q1,BKTTg,1", "2018,Quận 1,Bằng khen Thủ tướng,1"]),
        (Expect("probable double entry", "lines 3, 4"),),
    ),
    Case(
        "double-entry-with-other-problems",
        one([H, OK, "2018,Q1,BKTTg,1", "2018,Q1,BKTTg,1", "2018,Q100,BKTTg,1"]),
        (
            Expect("probable double entry", "lines 3, 4"),
            cell("line 5", "district", "Q100", "is not a known unit"),
        ),
        count=2,
    ),
    Case(
        "double-entry-across-files",
        lambda f: ([f.csv(H, OK, name="a.csv"), f.csv(H, "2019,Q1,BKTTg,1", OK, name="b.csv")], {}),
        (Expect("also at", "line 2"), Expect("b.csv line 3", "line 2")),
    ),
    # --- whole files -----------------------------------------------------------------------
    Case("empty-file", lambda f: (f.text("rong.csv", b""), {}), (Expect("file is empty"),)),
    Case("blank-file", lambda f: (f.text("rong.csv", "\ufeff \r\n\r\n"), {}), (Expect("file is empty"),)),
    Case("binary-file", lambda f: (f.text("anh.csv", bytes(range(256)) * 8), {}), (Expect("binary file"),)),
    Case(
        "old-xls",
        lambda f: (f.text("cu.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)), {}),
        (Expect("old Excel .xls workbook; save it as .xlsx"),),
    ),
    Case(
        "xlsx-that-is-text",
        lambda f: (f.text("that-ra-la-csv.xlsx", f"{H}\n{OK}\n"), {}),
        (Expect("is named .xlsx but is not a .xlsx file: it holds text"),),
    ),
    Case(
        "xlsx-damaged",
        lambda f: (f.text("hong.xlsx", b"PK\x03\x04" + bytes(100)), {}),
        (Expect("is not a readable Excel workbook"),),
    ),
    Case(
        "parquet-damaged",
        lambda f: (f.text("hong.parquet", b"PAR1" + bytes(100)), {}),
        (Expect("is not a readable Parquet file"),),
    ),
    Case("missing-file", lambda f: (f.path("khong-co.csv"), {}), (Expect("file not found"),)),
    Case(
        "folder-without-tables",
        lambda f: (f.folder_with("ghi-chu.docx"), {}),
        (Expect("folder holds no .csv"),),
    ),
    Case(
        "wrong-encoding-given",
        lambda f: (f.csv(H, OK), {"encoding": "utf-16"}),
        (Expect("cannot be decoded as utf-16 (as given)"),),
    ),
    Case(
        "unknown-encoding-given",
        lambda f: (f.csv(H, OK), {"encoding": "vni"}),
        (Expect("'vni' is not a known text encoding"),),
    ),
    Case(
        "invalid-utf8-in-a-district",
        lambda f: (f.text("a.csv", f"{H}\n{OK}\n".encode() + b"2018,Qu\xe2n 1,BKTTg,1\n"), {}),
        (Expect("cannot be decoded as utf-8", "line 3"),),
    ),
    Case(
        "invalid-utf8-far-down",
        lambda f: (
            f.text(
                "dai.csv",
                (f"{H},note\n" + "".join(f"{2000 + i % 50},Q1,BKTTg,{i},Tân\n" for i in range(3000))).encode()
                + b"2018,Q1,BKTTg,1,T\xe2n\n",
            ),
            {},
        ),
        (Expect("cannot be decoded as utf-8", "line 3002"),),
    ),
    # --- Excel: rows as Excel numbers them ---------------------------------------------------
    Case(
        "xlsx-typo-below-title-rows",
        lambda f: (
            f.xlsx([*TITLE_ROWS, VI.split(","), [2018, "Q3", "HCLĐ3", 2], [2018, "Quan 100", "BKTTg", 1]]),
            {},
        ),
        (cell("row 6", "Đơn vị", "Quan 100", "did you mean 'Quận 10'?"),),
    ),
    Case(
        "xlsx-excel-types",
        lambda f: (
            f.xlsx(
                [
                    H.split(","),
                    [2018, "Q3", "HCLĐ3", True],
                    [2018, "Q5", "HCLĐ3", 1],
                    [2018, "Q1", "HCLĐ3", 2.5],
                ]
            ),
            {},
        ),
        (cell("row 2", "count", "TRUE", "is not a number"), cell("row 4", "count", "2.5", "whole number")),
        count=2,
    ),
    Case(
        "xlsx-date-as-year",
        lambda f: (
            f.xlsx([H.split(","), [pd.Timestamp("2018-01-31").to_pydatetime(), "Q1", "BKTTg", 1]]),
            {},
        ),
        (cell("row 2", "year", "2018-01-31 00:00:00", "is not a year"),),
    ),
    Case(
        "xlsx-double-entry",
        lambda f: (
            f.xlsx([*TITLE_ROWS, H.split(","), [2018, "Q1", "BKTTg", 1], [2018, "Q1", "BKTTg", 1]]),
            {},
        ),
        (Expect("probable double entry", "rows 5, 6"),),
    ),
    Case(
        "xlsx-duplicate-header",
        lambda f: (
            f.xlsx([["Năm", "Quận", "Hình thức", "Số lượng", "Năm"], [2018, "Q1", "BKTTg", 1, 2018]]),
            {},
        ),
        (Expect("appears twice (columns 1 and 5)", "row 1", "Năm"),),
    ),
    Case(
        "xlsx-unknown-sheet",
        lambda f: (f.xlsx([H.split(","), [2018, "Q1", "BKTTg", 1]]), {"sheet": "2019"}),
        (Expect("has no sheet '2019'; its sheets are: Tổng hợp"),),
    ),
    Case("xlsx-empty-sheet", lambda f: (f.xlsx([]), {}), (Expect("has no header row"),)),
    # --- Parquet: rows counted from 1 --------------------------------------------------------
    Case(
        "parquet-float-count",
        lambda f: (
            f.parquet(
                pd.DataFrame(
                    {
                        "year": [2018, 2018],
                        "district": ["Q1", "Q3"],
                        "award": ["BKTTg"] * 2,
                        "count": [1.0, 1.5],
                    }
                )
            ),
            {},
        ),
        (cell("row 2", "count", "1.5", "is not a whole number"),),
    ),
    Case(
        "parquet-invalid-utf8-in-a-district",
        lambda f: (
            f.parquet_bytes(
                {
                    "year": [b"2018"] * 2,
                    "district": [b"Q1", b"Qu\xe2n 3"],
                    "award": [b"BKTTg"] * 2,
                    "count": [b"1"] * 2,
                }
            ),
            {},
        ),
        (Expect("is not a readable Parquet file", None),),
    ),
    Case(
        "parquet-invalid-utf8-in-a-note",
        lambda f: (
            f.parquet_bytes(
                {
                    "year": [b"2018"],
                    "district": [b"Q1"],
                    "award": [b"BKTTg"],
                    "count": [b"1"],
                    "note": [b"T\xe2n"],
                }
            ),
            {},
        ),
        (Expect("is not a readable Parquet file (ArrowInvalid: column 'note': Invalid UTF8", None),),
    ),
    Case(
        "parquet-missing-column",
        lambda f: (f.parquet(pd.DataFrame({"year": [2018], "district": ["Q1"], "award": ["BKTTg"]})), {}),
        (Expect("required column 'count' is missing"),),
    ),
]


def _check(message: str, expect: Expect, default_file: str) -> None:
    file = expect.file or default_file
    items = [line for line in message.splitlines()[1:] if expect.fragment in line]
    assert items, f"no problem mentions {expect.fragment!r}:\n{message}"
    prefix = f"{file}, {expect.where}" if expect.where else f"{file}:"
    matching = [i for i in items if prefix in i]
    assert matching, f"no problem starts with {prefix!r}:\n{message}"
    item = matching[0]
    if expect.column is not None:
        assert f"column '{expect.column}'" in item, item
    if expect.value is not None:
        assert f"value '{expect.value}'" in item, item
    elif expect.column is not None:
        assert "value '" not in item, item


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_reported_with_file_line_column_and_value(case: Case, tmp_path: Path):
    files = Files(tmp_path)
    source, options = case.make(files)
    with pytest.raises(AwardDataError) as caught:
        load_awards(source, **options)
    message = str(caught.value)
    for expect in case.expect:
        _check(message, expect, files.names[0])
    assert message.startswith(f"{len(caught.value.problems)} problem")
    if case.count is not None:
        assert len(caught.value.problems) == case.count, message


def test_there_are_at_least_thirty_distinct_bad_inputs():
    assert len({c.id for c in CASES}) == len(CASES) >= 30


def test_award_data_error_is_a_value_error_carrying_structured_problems(tmp_path: Path):
    path = tmp_path / "a.csv"
    path.write_text(f"{H}\n2018,Quan 100,BKTTg,1\n", encoding="utf-8")
    with pytest.raises(ValueError) as caught:
        load_awards(path)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.column, problem.value, problem.suggestion) == (
        str(path),
        2,
        "district",
        "Quan 100",
        "Quận 10",
    )


def test_an_unaccented_spelling_that_fits_two_names_is_reported_as_ambiguous(tmp_path: Path):
    units = pd.DataFrame(
        {
            "code": ["TB2"],
            "name": ["Quận Tấn Bình"],
            "name_en": ["Tan Binh 2"],
            "kind": ["quận"],
            "display_order": ["7"],
        }
    )
    catalog = load_catalog(units=[units])
    path = tmp_path / "a.csv"
    path.write_text(f"{H}\n2018,Quan Tan Binh,BKTTg,1\n", encoding="utf-8")
    assert load_awards(path)["district"].tolist() == ["Quận Tân Bình"]
    with pytest.raises(AwardDataError) as caught:
        load_awards(path, catalog=catalog)
    (problem,) = caught.value.problems
    assert str(problem).startswith(f"{path}, line 2, column 'district': value 'Quan Tan Binh' is ambiguous")
    assert "'Quận Tân Bình' or 'Quận Tấn Bình'" in str(problem)


def test_a_wrong_delimiter_option_is_an_award_data_error(tmp_path: Path):
    path = tmp_path / "a.csv"
    path.write_text(f"{H}\n{OK}\n", encoding="utf-8")
    with pytest.raises(AwardDataError, match="delimiter"):
        load_awards(path, delimiter=";;")


def test_encoding_detection_does_not_guess_windows_1258_for_broken_utf8(tmp_path: Path):
    """A UTF-8 file with one bad byte is reported, not read as mojibake in another encoding."""
    path = tmp_path / "a.csv"
    path.write_bytes(f"{H},note\n{OK},Tân Bình\n".encode() + b"2018,Q1,BKTTg,1,\xff\n")
    with pytest.raises(AwardDataError, match=r"a\.csv, line 3: cannot be decoded as utf-8"):
        load_awards(path)
    assert codecs.lookup("cp1258")  # the fallback exists; it is just not taken here
