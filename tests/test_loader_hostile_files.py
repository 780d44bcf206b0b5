"""Files that once lost rows, hid sheets, hung the loader or raised the wrong error (synthetic data).

Each test builds the awkward file itself (a workbook whose XML lies about
its size, a hidden sheet, a zip bomb, an encrypted workbook…) and asserts
what the user reads.
"""

from __future__ import annotations

import os
import re
import warnings
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from emulation_analysis import AwardDataError, load_awards
from emulation_analysis.cli import main

H = ["year", "district", "award", "count"]
ROWS = [[2018, "Q1", "BKTTg", n] for n in range(1, 7)]


def _workbook(path: Path, sheets: dict[str, list[list[object]]], active: int = 0, hidden=()) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if title in hidden:
            sheet.sheet_state = "hidden"
    workbook.active = active
    workbook.save(path)
    return path


def _problems(excinfo) -> list[str]:
    return [str(p) for p in excinfo.value.problems]


# --- item 4: a workbook whose <dimension> understates its rows --------------------------------


def test_a_workbook_declaring_fewer_rows_than_it_holds_loads_every_row(tmp_path):
    written = _workbook(tmp_path / "written.xlsx", {"Sheet1": [H, *ROWS]})
    stale = tmp_path / "stale.xlsx"
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(stale, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                declared = re.search(rb'<dimension ref="A1:D7"\s*/>', data)
                assert declared is not None
                data = data.replace(declared.group(), b'<dimension ref="A1:D3"/>')
            target.writestr(member, data)
    # What openpyxl alone reads from such a file: the rows the file declares.
    declared = openpyxl.load_workbook(stale, read_only=True).active
    assert len(list(declared.iter_rows(values_only=True))) == 3

    loaded = load_awards(stale)
    assert loaded["count"].tolist() == [1, 2, 3, 4, 5, 6]
    assert loaded["origin_line"].tolist() == [2, 3, 4, 5, 6, 7]


# --- item 5: hidden and several sheets ---------------------------------------------------------


def test_the_active_visible_sheet_is_loaded_not_a_hidden_first_sheet(tmp_path):
    path = _workbook(
        tmp_path / "tong-hop.xlsx",
        {"cu": [H, [2010, "Q1", "BKTTg", 99]], "2018": [H, [2018, "Q3", "BKTTg", 2]]},
        active=1,
        hidden=("cu",),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the hidden sheet is old data: no warning about it
        loaded = load_awards(path)
    assert loaded["year"].tolist() == [2018]
    assert loaded["origin_file"].astype(str).tolist() == [str(path)]


def test_other_visible_sheets_with_records_are_named_in_a_warning(tmp_path):
    path = _workbook(
        tmp_path / "tong-hop.xlsx",
        {
            "2018": [H, [2018, "Q3", "BKTTg", 2]],
            "Ghi chú": [["Số liệu do phòng Nội vụ tổng hợp"]],
            "2019": [H, [2019, "Q1", "BKTTg", 1]],
            "2020": [H, [2020, "Q1", "BKTTg", 1]],
        },
    )
    with pytest.warns(UserWarning) as caught:
        loaded = load_awards(path)
    assert loaded["year"].tolist() == [2018]
    assert [str(w.message) for w in caught] == [
        f"{path}: loaded sheet '2018'; other visible sheets also hold records: '2019', '2020'; "
        "pick one with sheet= (or --sheet), or sheet='*' to load them all"
    ]



def test_validate_tells_the_other_sheets_in_one_plain_line(tmp_path, capsys):
    from emulation_analysis.cli import main

    sheets = {"2018": [H, [2018, "Q3", "BKTTg", 2]], "2019": [H, [2019, "Q1", "BKTTg", 1]]}
    path = _workbook(tmp_path / "tong-hop.xlsx", sheets)
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().err.splitlines() == [
        f"{path}: loaded sheet '2018'; other visible sheets also hold records: '2019'; "
        "pick one with sheet= (or --sheet), or sheet='*' to load them all"
    ]


def test_a_sheet_of_drop_down_lists_is_not_taken_for_records(tmp_path):
    lists = [["Đơn vị", "Hình thức khen thưởng", "Đối tượng"], ["Quận 1", "Huân chương Sao vàng", "tập thể"]]
    path = _workbook(tmp_path / "mau.xlsx", {"Số liệu": [H, [2019, "Q3", "BKTTg", 2]], "Danh mục": lists})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert load_awards(path)["count"].tolist() == [2]


def test_several_sheets_load_each_row_naming_its_sheet(tmp_path):
    path = _workbook(
        tmp_path / "tong-hop.xlsx",
        {
            "cu": [H, [2010, "Q1", "BKTTg", 99]],
            "2018": [H, [2018, "Q3", "BKTTg", 2]],
            "Ghi chú": [["Số liệu do phòng Nội vụ tổng hợp"]],
            "2019": [["Báo cáo năm 2019"], H, [2019, "Q1", "BKTTg", 1], [2019, "Q5", "BKTTg", 4]],
        },
        active=1,
        hidden=("cu",),
    )
    every = load_awards(path, sheet="*")
    assert every["year"].tolist() == [2018, 2019, 2019]
    assert every["origin_file"].astype(str).tolist() == [
        f"{path} [sheet 2018]",
        f"{path} [sheet 2019]",
        f"{path} [sheet 2019]",
    ]
    assert every["origin_line"].tolist() == [2, 3, 4]
    listed = load_awards(path, sheet=["2019", "cu"])
    assert listed["year"].tolist() == [2019, 2019, 2010]
    assert load_awards(path, sheet="cu")["count"].tolist() == [99]  # a hidden sheet when asked for


def test_a_hidden_sheet_with_the_records_is_named_as_hidden_when_the_shown_one_is_empty(tmp_path):
    sheets = {"so-lieu": [H, [2018, "Q3", "BKTTg", 2]], "trong": []}
    path = _workbook(tmp_path / "cu.xlsx", sheets, active=1, hidden=("so-lieu",))
    with pytest.raises(AwardDataError) as caught:
        load_awards(path)
    assert _problems(caught)[0].endswith(
        "(this is sheet 'trong'; the workbook also has: so-lieu (hidden: loaded only when named with "
        "sheet= or --sheet))"
    )


def test_the_command_line_takes_several_sheets(tmp_path, capsys):
    path = _workbook(
        tmp_path / "tong-hop.xlsx",
        {"2018": [H, [2018, "Q3", "BKTTg", 2]], "2019": [H, [2019, "Q1", "BKTTg", 1]]},
    )
    assert main(["validate", str(path), "--sheet", "2018", "--sheet", "2019"]) == 0
    assert capsys.readouterr().out.startswith("2 records, 3 awards, years 2018, 2019, 2 units")
    assert main(["validate", str(path), "--sheet", "*"]) == 0
    assert capsys.readouterr().out.startswith("2 records, 3 awards, years 2018, 2019, 2 units")


def test_a_chart_sheet_is_named_as_such(tmp_path):
    from openpyxl.chart import BarChart, Reference

    workbook = openpyxl.Workbook()
    data = workbook.active
    data.title = "Số liệu"
    for row in [H, [2018, "Q1", "BKTTg", 3]]:
        data.append(row)
    chart = BarChart()
    chart.add_data(Reference(data, min_col=4, min_row=1, max_row=2), titles_from_data=True)
    workbook.create_chartsheet("Biểu đồ").add_chart(chart)
    workbook.active = 1  # the workbook opens on its chart
    path = tmp_path / "bieu-do.xlsx"
    workbook.save(path)

    assert load_awards(path)["count"].tolist() == [3]
    with pytest.raises(AwardDataError) as excinfo:
        load_awards(path, sheet="Biểu đồ")
    assert _problems(excinfo) == [
        f"{path}: sheet 'Biểu đồ' is a chart sheet, not a table; pick a worksheet: Số liệu"
    ]


# --- item 9: numbers too long for int(), nested Parquet columns --------------------------------


def test_numbers_of_thousands_of_digits_are_problems_with_their_place(tmp_path):
    huge = "9" * 5000
    path = tmp_path / "a.csv"
    path.write_text(f"year,district,award,count\n{huge},Q1,BKTTg,1\n2018,Q1,BKTTg,{huge}\n", encoding="utf-8")
    with pytest.raises(AwardDataError) as excinfo:
        load_awards(path)
    shown = "9" * 80 + "… (5000 characters)"
    assert _problems(excinfo) == [
        f"{path}, line 2, column 'year': value '{shown}' is not a plausible year (expected 1945–2100)",
        f"{path}, line 3, column 'count': value '{shown}' is not a plausible count (more than 1,000,000,000)",
    ]
    assert excinfo.value.problems[0].value == huge  # the value itself is kept whole


def test_a_parquet_list_or_struct_column_is_named(tmp_path):
    table = pa.table(
        {
            "year": [2018],
            "district": ["Q1"],
            "award": ["BKTTg"],
            "count": [1],
            "recipients": pa.array([["Nguyễn Văn An", "Trần Thị Bình"]]),
            "decision": pa.array([{"number": "12/QĐ-UBND", "day": "2018-03-01"}]),
        }
    )
    path = tmp_path / "a.parquet"
    pq.write_table(table, path)
    with pytest.raises(AwardDataError) as excinfo:
        load_awards(path)
    assert _problems(excinfo) == [
        f"{path}, column 'recipients': holds lists or nested records (Parquet type list<element: string>), "
        "not single values; flatten or drop this column before loading",
        f"{path}, column 'decision': holds lists or nested records (Parquet type "
        "struct<number: string, day: string>), not single values; flatten or drop this column before loading",
    ]


# --- item 10: very wide and very bad files, zip bombs -------------------------------------------


def test_a_header_longer_than_the_sniffed_bytes_is_read_whole(tmp_path):
    extras = [f"extra column number {i:05d}" for i in range(3000)]  # a header line of 87 KB
    frame = pd.DataFrame([[2018, "Q1", "BKTTg", 1, *["x"] * 3000]], columns=[*H, *extras])
    path = tmp_path / "wide.csv"
    frame.to_csv(path, index=False)
    loaded = load_awards(path)
    assert loaded.columns[-3000:].tolist() == extras
    assert loaded[extras[-1]].tolist() == ["x"]


def test_suggestions_are_found_for_the_problems_shown(tmp_path):
    rows = "".join(f"2018,Quan 1x{i},BKTTg,1\n" for i in range(300))
    path = tmp_path / "a.csv"
    path.write_text("year,district,award,count\n" + rows, encoding="utf-8")
    with pytest.raises(AwardDataError) as excinfo:
        load_awards(path)
    problems = excinfo.value.problems
    assert len(problems) == 300
    assert str(problems[0]) == (
        f"{path}, line 2, column 'district': value 'Quan 1x0' is not a known unit; did you mean 'Quận 10'?"
    )
    assert problems[199].suggestion == "Quận 11"  # for Quan 1x199
    assert problems[200].suggestion is None  # not shown: not looked for
    assert str(excinfo.value).endswith("  … and 100 more (see the error's .problems)")


def test_a_workbook_unpacking_to_more_than_the_limit_is_refused(tmp_path):
    path = _workbook(tmp_path / "a.xlsx", {"Sheet1": [H, *ROWS]})
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/padding.bin", "w") as padding,
    ):
        for _ in range(201):
            padding.write(bytes(1_000_000))  # 201 MB of zeros, 200 KB in the archive
    assert path.stat().st_size < 1_000_000
    with pytest.raises(AwardDataError) as excinfo:
        load_awards(path)
    assert _problems(excinfo) == [
        f"{path}: unpacks to 201 MB, more than the limit of 200 MB; if you trust the file, load it with "
        "a larger max_unzipped_mb (e.g. load_awards(..., max_unzipped_mb=1000))"
    ]
    assert load_awards(path, max_unzipped_mb=250)["count"].sum() == 21


# --- item 11: misleading messages ---------------------------------------------------------------


def test_an_encrypted_workbook_is_not_called_an_old_xls(tmp_path):
    # An encrypted .xlsx is an OLE compound file whose directory lists these streams (names in
    # UTF-16); the sectors here hold only the header signature and the directory entries' names.
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    names = ["Root Entry", "EncryptionInfo", "EncryptedPackage"]
    directory = b"".join(n.encode("utf-16-le").ljust(128, b"\x00") for n in names)
    path = tmp_path / "mat-khau.xlsx"
    path.write_bytes(header + directory.ljust(512, b"\x00"))
    with pytest.raises(AwardDataError) as excinfo:
        load_awards(path)
    assert _problems(excinfo) == [
        f"{path}: is a password-protected (encrypted) Excel workbook; open it in Excel, remove the "
        "password (File > Info > Protect Workbook) and save it"
    ]


def test_a_formula_without_a_saved_value_is_named(tmp_path):
    # A workbook written by a program and never opened in Excel: its formulas hold no value.
    rows = [H, [2018, "Q1", "BKTTg", "=1+2"], [2018, "Q3", "BKTTg", None]]
    path = _workbook(tmp_path / "a.xlsx", {"Sheet1": rows})
    with pytest.raises(AwardDataError) as excinfo:
        load_awards(path)
    assert _problems(excinfo) == [
        f"{path}, row 2, column 'count': the cell holds a formula with no saved value: "
        "open and save the workbook in Excel",
        f"{path}, row 3, column 'count': count is blank; write 0 if none were awarded",
    ]


def test_an_integral_parquet_decimal_is_a_whole_number(tmp_path):
    decimals = pa.array([Decimal("2018.00"), Decimal("2018.00")], pa.decimal128(6, 2))
    table = pa.table(
        {
            "year": decimals,
            "district": ["Q1", "Q3"],
            "award": ["BKTTg", "BKTTg"],
            "count": pa.array([Decimal("3.00"), Decimal("3.50")], pa.decimal128(5, 2)),
        }
    )
    path = tmp_path / "a.parquet"
    pq.write_table(table, path)
    with pytest.raises(AwardDataError) as excinfo:
        load_awards(path)
    assert _problems(excinfo) == [
        f"{path}, row 2, column 'count': value '3.50' is not a whole number; a count counts whole awards"
    ]
    pq.write_table(table.slice(0, 1), path)
    loaded = load_awards(path)
    assert (loaded["year"].tolist(), loaded["count"].tolist()) == ([2018], [3])


@pytest.mark.skipif(os.name == "nt", reason="Windows file names are Unicode")
def test_a_file_name_that_is_not_utf8_is_not_blamed_on_the_content(tmp_path):
    name = os.fsdecode(b"so-lieu-\xe9.csv")  # Latin-1 'é', as an old system wrote it
    path = tmp_path / name
    path.write_text("year,district,award,count\n2018,Q1,BKTTg,1\n2018,Q1,BKTTg,x\n", encoding="utf-8")
    with pytest.raises(AwardDataError) as excinfo:
        load_awards(path)
    shown = str(path).replace(name, "so-lieu-\\xe9.csv")
    assert str(excinfo.value).splitlines()[1:] == [
        f"  1. {shown}, line 3, column 'count': value 'x' is not a number"
    ]
    path.write_text("year,district,award,count\n2018,Q1,BKTTg,1\n", encoding="utf-8")
    assert load_awards(path)["count"].tolist() == [1]
    parquet = tmp_path / os.fsdecode(b"so-lieu-\xe9.parquet")
    with parquet.open("wb") as handle:  # pandas, like Arrow, takes UTF-8 paths only
        pd.DataFrame([[2018, "Q1", "BKTTg", 2]], columns=H).to_parquet(handle)
    assert load_awards(parquet)["count"].tolist() == [2]


def test_invisible_and_control_characters_are_shown_as_escapes(tmp_path):
    path = tmp_path / "a.csv"
    cells = ["\ufeffQuận 1x", "Quận\u200b1x", "Quận\u00a01x", "Q1\x1b[2J\x07"]
    body = "".join(f"2018,{c},BKTTg,1\n" for c in cells)
    path.write_text("year,district,award,count\n" + body, encoding="utf-8")
    with pytest.raises(AwardDataError) as excinfo:
        load_awards(path)
    message = str(excinfo.value)
    assert "\x1b" not in message and "\x07" not in message
    shown = [line.split("value ", 1)[1].split(" is not", 1)[0] for line in message.splitlines()[1:]]
    assert shown == ["'\\ufeffQuận 1x'", "'Quận\\u200b1x'", "'Quận\\xa01x'", "'Q1\\x1b[2J\\x07'"]
