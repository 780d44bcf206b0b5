"""Wide sheets (units as rows, award forms as columns): reading them, and writing records so.

The sheets here are synthetic test input, built cell by cell as offices lay
their summaries out; no count in them is real.
"""

from __future__ import annotations

import dataclasses

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from emulation_analysis import (
    AwardDataError,
    default_catalog,
    load_awards,
    validate_records,
    wide_table,
    write_wide_csv,
    write_wide_workbook,
)

BKTTG, CTDCP = "Bằng khen của Thủ tướng Chính phủ", "Cờ thi đua của Chính phủ"
HCLD3 = "Huân chương Lao động hạng Ba"


def workbook(path, rows, merged=(), title="Sheet1"):
    """Write ``rows`` (lists of cells, from row 1) to ``path``, merging the ranges given."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for cells in merged:
        sheet.merge_cells(cells)
    book.save(path)
    return path


OFFICE_SHEET = [
    ["BẢNG TỔNG HỢP KHEN THƯỞNG NĂM 2024"],
    ["STT", "Đơn vị", "Bằng khen TTg", None, "Cờ thi đua Chính phủ", None, "Tổng cộng"],
    [None, None, "Tập thể", "Cá nhân", "TT", "CN", None],
    [1, "Quận 1", 2, 3, 1, None, 6],
    [2, "Q3", "-", 4, None, None, 4],
    ["Tổng cộng", None, 2, 7, 1, 0, 10],
]
OFFICE_MERGES = ("C2:D2", "E2:F2", "A2:A3", "B2:B3", "G2:G3", "A6:B6")


def problems_of(path, **options) -> list[str]:
    with pytest.raises(AwardDataError) as caught:
        load_awards(path, **options)
    return [p.message for p in caught.value.problems]


# --- reading ---------------------------------------------------------------------------


def test_an_office_summary_loads_as_one_record_per_count_cell(tmp_path):
    path = workbook(tmp_path / "tong-hop.xlsx", OFFICE_SHEET, OFFICE_MERGES)
    loaded = load_awards(path)
    assert loaded[["year", "district", "award", "count"]].values.tolist() == [
        [2024, "Quận 1", BKTTG, 2],
        [2024, "Quận 1", BKTTG, 3],
        [2024, "Quận 1", CTDCP, 1],
        [2024, "Quận 3", BKTTG, 4],
    ]
    assert loaded["recipient_kind"].tolist() == ["tập thể", "cá nhân", "tập thể", "cá nhân"]
    assert loaded["origin_line"].tolist() == [4, 4, 4, 5]
    assert loaded["origin_column"].tolist() == ["C", "D", "E", "D"]
    assert loaded["STT"].tolist() == ["1", "1", "1", "2"]  # kept as text, never counted
    assert int(loaded["count"].sum()) == 10  # the totals row and column are not records


def test_a_long_table_has_no_origin_column():
    assert load_awards()["origin_column"].isna().all()


@pytest.mark.parametrize(
    ("rows", "options", "year"),
    [
        ([["Năm", "Đơn vị", "BKTTg"], [2021, "Q1", 3]], {}, 2021),
        ([["Tổng hợp khen thưởng năm 2022"], ["Đơn vị", "BKTTg"], ["Q1", 3]], {}, 2022),
        ([["Đơn vị", "BKTTg"], ["Q1", 3]], {"year": 2019}, 2019),
    ],
    ids=["year column", "title", "year="],
)
def test_the_year_comes_from_a_column_the_title_or_the_caller(tmp_path, rows, options, year):
    loaded = load_awards(workbook(tmp_path / "w.xlsx", rows), **options)
    assert loaded["year"].tolist() == [year] and loaded["award"].tolist() == [BKTTG]


def test_the_year_comes_from_the_sheet_name(tmp_path):
    path = workbook(tmp_path / "w.xlsx", [["Đơn vị", "BKTTg", "CTĐCP"], ["Q1", 3, 1]], title="Năm 2023")
    assert load_awards(path)["year"].tolist() == [2023, 2023]


def test_a_sheet_without_a_year_is_refused_with_the_ways_to_give_one(tmp_path):
    path = workbook(tmp_path / "w.xlsx", [["Đơn vị", "BKTTg", "CTĐCP"], ["Q1", 3, 1]])
    assert problems_of(path) == [
        "has no year: add a Năm column, write the year in the title (… năm 2024), "
        "name the sheet after the year, or pass year="
    ]


def test_a_csv_summary_with_the_form_written_once_over_its_two_columns(tmp_path):
    path = tmp_path / "w.csv"
    path.write_text(
        "Tổng hợp năm 2020\nĐơn vị,HCLĐ hạng 3,,Tổng số\n,TT,CN,\nQuận 5,1,2,3\nTân Bình,,1,1\n",
        encoding="utf-8",
    )
    loaded = load_awards(path)
    assert loaded[["district", "award", "count", "recipient_kind"]].values.tolist() == [
        ["Quận 5", HCLD3, 1, "tập thể"],
        ["Quận 5", HCLD3, 2, "cá nhân"],
        ["Quận Tân Bình", HCLD3, 1, "cá nhân"],
    ]
    assert loaded["origin_column"].tolist() == ["B", "C", "C"]


# --- bad input: each named by its cell ------------------------------------------------------


def test_a_total_that_does_not_add_up_names_its_cell(tmp_path):
    rows = [[None]] * 6 + [
        ["Đơn vị", "BKTTg", "CTĐCP", "HCLĐ hạng 3", None, None, "Ghi chú", "Tổng cộng"],
        ["Q1", 1, 1, 1, None, None, None, 3],
        ["Q3", 4, 2, 7, None, None, "ba cột", 14],
    ]
    rows[0] = ["Năm 2024"]
    path = workbook(tmp_path / "w.xlsx", rows)
    assert problems_of(path) == ["Sheet1!H9: total 14 but the row adds up to 13"]


def test_a_totals_row_that_does_not_add_up_names_its_cell(tmp_path):
    rows = [r[:] for r in OFFICE_SHEET]
    rows[-1][3] = 8
    path = workbook(tmp_path / "w.xlsx", rows, OFFICE_MERGES)
    assert problems_of(path) == ["Sheet1!D6: total 8 but the column adds up to 7"]


def test_a_header_that_is_no_award_form_gets_a_suggestion(tmp_path):
    path = workbook(
        tmp_path / "w.xlsx", [["Năm", "Đơn vị", "BKTTg", "Cờ thi đua Chín phủ"], [2024, "Q1", 1, 1]]
    )
    with pytest.raises(AwardDataError) as caught:
        load_awards(path)
    (problem,) = caught.value.problems
    assert problem.message == "Sheet1!D1: the header 'Cờ thi đua Chín phủ' is not an award form"
    assert problem.suggestion == CTDCP


def test_a_count_cell_with_text_names_its_cell(tmp_path):
    path = workbook(tmp_path / "w.xlsx", [["Năm", "Đơn vị", "BKTTg", "CTĐCP"], [2024, "Q1", "ba", 1.5]])
    assert problems_of(path) == [
        "Sheet1!C2: value 'ba' is not a number",
        "Sheet1!D2: value '1.5' is not a whole number; a count counts whole awards",
    ]


def test_a_message_names_the_cell_before_the_value(tmp_path):
    path = workbook(tmp_path / "w.xlsx", [["Năm", "Đơn vị", "BKTTg"], [2024, "Q1", 2.5]])
    with pytest.raises(AwardDataError) as caught:
        load_awards(path)
    shown = str(caught.value).splitlines()[1]
    assert shown == f"  1. {path}: Sheet1!C2: value '2.5' is not a whole number; a count counts whole awards"


def _with_saved_value(path, cell, value):
    """``path`` with the formula of ``cell`` given a saved value, as Excel saves it."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    start = sheet.index(f'<c r="{cell}"')
    end = sheet.index("</c>", start)
    saved = sheet[start:end].replace("<v />", "") + f"<v>{value}</v>"
    parts["xl/worksheets/sheet1.xml"] = (sheet[:start] + saved + sheet[end:]).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def test_a_formula_with_no_saved_value_is_named_not_taken_for_a_blank(tmp_path):
    rows = [
        ["Năm", "Đơn vị", "BKTTg", "Tổng cộng"],
        [2024, "Q1", 2, 2],
        [2024, "Q3", "=1+1", "=C3"],
        [None, "Tổng cộng", "=SUM(C2:C3)", "=SUM(D2:D3)"],  # totals' own formulas claim nothing
    ]
    path = workbook(tmp_path / "w.xlsx", rows)
    assert problems_of(path) == [
        "Sheet1!C3: the cell holds a formula with no saved value: open and save the workbook in Excel"
    ]
    saved = _with_saved_value(_with_saved_value(path, "C3", 2), "D3", 2)
    assert load_awards(saved)["count"].tolist() == [2, 2]


def test_merged_cells_over_counts_are_refused(tmp_path):
    rows = [["Năm", "Đơn vị", "BKTTg", "CTĐCP"], [2024, "Q1", 2, None], [2024, "Q3", 1, 1]]
    path = workbook(tmp_path / "w.xlsx", rows, ["C2:D2"])
    assert problems_of(path) == [
        "Sheet1!C2:D2: merged cells in the data area; unmerge them and write each count in a cell of its own"
    ]


def test_a_year_merged_down_over_its_units_is_fine(tmp_path):
    rows = [["Năm", "Đơn vị", "BKTTg", "CTĐCP"], [2024, "Q1", 2, None], [None, "Q3", 1, 1]]
    loaded = load_awards(workbook(tmp_path / "w.xlsx", rows, ["A2:A3"]))
    assert loaded["year"].tolist() == [2024, 2024, 2024]


def test_a_sheet_with_two_tables_is_refused(tmp_path):
    rows = [
        ["Năm", "Đơn vị", "BKTTg", "CTĐCP"],
        [2024, "Q1", 2, 1],
        [None],
        ["Năm", "Đơn vị", "BKTTg", "CTĐCP"],
        [2025, "Q1", 1, 1],
    ]
    path = workbook(tmp_path / "w.xlsx", rows)
    assert problems_of(path) == [
        "Sheet1!A4: a second table starts here (its header repeats the award forms); "
        "put each table on a sheet of its own"
    ]


def test_a_form_with_two_columns_of_the_same_kind_is_refused(tmp_path):
    path = workbook(tmp_path / "w.xlsx", [["Năm", "Đơn vị", "BKTTg", "Bằng khen TTg"], [2024, "Q1", 2, 1]])
    assert problems_of(path) == [f"Sheet1!D1: '{BKTTG}' already has column Sheet1!C1"]


def test_an_unknown_unit_is_reported_with_its_row(tmp_path):
    path = workbook(tmp_path / "w.xlsx", [["Năm", "Đơn vị", "BKTTg", "CTĐCP"], [2024, "Quận 99", 2, 1]])
    with pytest.raises(AwardDataError) as caught:
        load_awards(path)
    (problem,) = caught.value.problems
    assert (problem.lines, problem.column, problem.value) == ((2,), "Đơn vị", "Quận 99")


# --- writing ------------------------------------------------------------------------------


def records(rows, columns=("year", "district", "award", "count", "recipient_kind")):
    frame = pd.DataFrame(rows, columns=list(columns))
    frame["count"] = frame["count"].astype(str)
    return validate_records(frame)


def test_form_0602_has_the_forms_columns_in_order_split_by_kind():
    table = wide_table(
        records([[2024, "Q1", "BKTTg", 3, "cá nhân"], [2024, "Q1", "CTĐCP", 1, "tập thể"]]), form="0602"
    )
    captions = list(dict.fromkeys(table.columns.get_level_values(0)))
    assert captions == [
        "Tổng cộng",
        "2. Các loại huân chương, huy chương",
        "3. Giải thưởng Hồ Chí Minh",
        "4. Giải thưởng Nhà nước",
        "5. Danh hiệu vinh dự nhà nước",
        "6. Cờ thi đua của Chính phủ",
        "7. Bằng khen của Thủ tướng Chính phủ",
        "8. Chiến sĩ thi đua toàn quốc",
    ]
    assert table.loc[(2024, "Quận 1"), ("7. Bằng khen của Thủ tướng Chính phủ", BKTTG, "Cá nhân")] == 3
    assert [kind for _, form, kind in table.columns if form == CTDCP] == ["Tập thể"]
    assert table.loc[("Tổng cộng", ""), ("Tổng cộng", "", "")] == 4


def test_records_without_a_recipient_kind_get_a_column_of_their_own_not_a_guess(real):
    table = wide_table(real, form="0602")
    assert table.loc[("Tổng cộng", ""), ("7. Bằng khen của Thủ tướng Chính phủ", BKTTG, "không rõ")] == 16
    assert int(table.loc[("Tổng cộng", ""), ("Tổng cộng", "", "")]) == 29


def test_form_0603_is_not_split_and_lists_the_forms_left_out(real):
    table = wide_table(real, form="0603")
    assert set(table.columns.get_level_values(2)) == {""}
    assert table.attrs["left_out"] == sorted({"Huân chương Lao động hạng Nhì", HCLD3, BKTTG, CTDCP})


def test_rows_by_award_method_only_when_the_records_have_a_method_column():
    plain = records([[2024, "Q1", "BKBT", 3, "cá nhân"], [2024, "Q3", "BKBT", 2, "tập thể"]])
    assert "Chia theo phương thức khen thưởng" not in wide_table(plain, form="0603").index.get_level_values(0)
    with_method = records(
        [[2024, "Q1", "BKBT", 3, "cá nhân", "Chuyên đề"], [2024, "Q3", "BKBT", 2, "tập thể", "thường xuyên"]],
        columns=("year", "district", "award", "count", "recipient_kind", "Phương thức khen thưởng"),
    )
    table = wide_table(with_method, form="0603")
    by_method = table.loc["Chia theo phương thức khen thưởng"]
    assert by_method.index.get_level_values(-1).tolist() == ["thường xuyên", "chuyên đề"]
    assert by_method[("Tổng cộng", "", "")].tolist() == [2, 3]


def test_a_record_without_its_method_counts_under_not_stated_never_nan():
    with_method = records(
        [[2024, "Q1", "BKBT", 3, "cá nhân", ""], [2024, "Q3", "BKBT", 2, "tập thể", "thường xuyên"]],
        columns=("year", "district", "award", "count", "recipient_kind", "Phương thức khen thưởng"),
    )
    by_method = wide_table(with_method, form="0603").loc["Chia theo phương thức khen thưởng"]
    assert by_method.index.get_level_values(-1).tolist() == ["thường xuyên", "không rõ"]
    assert by_method[("Tổng cộng", "", "")].tolist() == [2, 3]


def test_wards_are_grouped_under_their_former_district():
    catalog = default_catalog()
    units = catalog.units.assign(former_district="")
    units.loc[units["name"] == "Quận 3", "former_district"] = "Q1"  # a stand-in for a ward of District 1
    grouped = dataclasses.replace(catalog, units=units)
    table = wide_table(records([[2024, "Q3", "BKTTg", 2, "cá nhân"]]), catalog=grouped)
    assert table.index.names == ["Năm", "Quận cũ", "Đơn vị"]
    assert table.index[0] == (2024, "Quận 1", "Quận 3")


def test_a_label_from_the_records_never_becomes_a_formula(tmp_path):
    payload = '=HYPERLINK("http://example.invalid","x")'
    written = records(
        [[2024, "Quận 1", "Giấy khen", 2, payload], [2024, "Quận 3", "Giấy khen", 1, "thường xuyên"]],
        columns=("year", "district", "award", "count", "Phương thức khen thưởng"),
    )
    table = wide_table(written)
    sheet = openpyxl.load_workbook(write_wide_workbook(table, tmp_path / "w.xlsx")).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == payload]
    assert [cell.data_type for cell in cells] == ["s"]
    text = write_wide_csv(table, tmp_path / "w.csv").read_text(encoding="utf-8-sig")
    assert "\n\"'=HYPERLINK(" in text and "\n\"=HYPERLINK(" not in text


def test_a_sheet_written_from_illustrative_records_says_so_in_its_title(tmp_path):
    from emulation_analysis.io.illustrative import illustrative_data_path

    synthetic = load_awards(illustrative_data_path())
    table = wide_table(synthetic[synthetic["year"] == 2024], form="0602")
    sheet = openpyxl.load_workbook(write_wide_workbook(table, tmp_path / "w.xlsx")).active
    assert sheet["A1"].value == (
        "Mẫu 0602.N/BNV-TĐKT (Thông tư 2/2023/TT-BNV) năm 2024 — "
        "DỮ LIỆU MINH HOẠ, KHÔNG PHẢI SỐ LIỆU CHÍNH THỨC"
    )
    assert "ILLUSTRATIVE DATA" in write_wide_csv(table, tmp_path / "w.csv", lang="en").read_text("utf-8-sig")
    assert not wide_table(load_awards()).attrs["illustrative"]


def test_the_workbook_has_a_title_merged_headers_borders_and_a_total_row(tmp_path, real):
    path = write_wide_workbook(wide_table(real, form="0602"), tmp_path / "0602.xlsx")
    sheet = openpyxl.load_workbook(path).active
    assert sheet["A1"].value == "Mẫu 0602.N/BNV-TĐKT (Thông tư 2/2023/TT-BNV) năm 2018"
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A2:A4", "B2:B4"} <= merged  # Đơn vị and Tổng cộng over the three header rows
    assert sheet["C3"].value == "Huân chương Sao vàng" and "C3:D3" in merged
    assert sheet["A5"].value == "Quận 1" and sheet["B5"].value == 13
    last = sheet.max_row
    assert sheet.cell(last, 1).value == "Tổng cộng" and sheet.cell(last, 2).value == 29
    assert sheet.cell(last, 2).font.bold and sheet["C5"].border.left.style == "thin"


# --- round trips -----------------------------------------------------------------------------


@pytest.mark.parametrize("form", [None, "0602"])
@pytest.mark.parametrize("writer", [write_wide_workbook, write_wide_csv], ids=["xlsx", "csv"])
def test_the_bundled_records_survive_the_wide_layout(tmp_path, real, form, writer):
    path = writer(
        wide_table(real, form=form), tmp_path / ("w.xlsx" if writer is write_wide_workbook else "w.csv")
    )
    back = load_awards(path)
    key = ["year", "district", "award", "count"]
    assert sorted(back[key].values.tolist()) == sorted(real[key].values.tolist())
    assert back["recipient_kind"].isna().all()


UNITS = default_catalog().unit_names
FORMS = default_catalog().award_names


@st.composite
def award_records(draw):
    """Distinct (year, unit, form, kind) cells with counts ≥ 1: what a wide sheet can hold.

    Each unit is drawn among those that existed in its year (districts until
    2025, wards from 2025).
    """
    years = draw(st.lists(st.integers(2015, 2026), min_size=1, max_size=3, unique=True))
    catalog = default_catalog()
    keys = draw(
        st.lists(
            st.sampled_from(years).flatmap(
                lambda year: st.tuples(
                    st.just(year),
                    st.sampled_from([u for u in UNITS if catalog.unit_exists_in(u, year)]),
                    st.sampled_from(FORMS),
                    st.sampled_from(["tập thể", "cá nhân"]),
                )
            ),
            min_size=1,
            max_size=25,
            unique=True,
        )
    )
    counts = draw(st.lists(st.integers(1, 999), min_size=len(keys), max_size=len(keys)))
    rows = [[*key[:3], str(count), key[3]] for key, count in zip(keys, counts, strict=True)]
    return validate_records(
        pd.DataFrame(rows, columns=["year", "district", "award", "count", "recipient_kind"])
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    awards=award_records(),
    split=st.booleans(),
    totals=st.booleans(),
    suffix=st.sampled_from([".xlsx", ".csv"]),
    form=st.sampled_from([None, None, "0602"]),
)
def test_records_round_trip_through_the_wide_layout(tmp_path_factory, awards, split, totals, suffix, form):
    folder = tmp_path_factory.mktemp("wide")
    table = wide_table(awards, form=form, split=split, totals=totals)
    placed = awards[~awards["award"].astype(object).isin(table.attrs["left_out"])]
    assume(len(placed))  # a form none of whose awards were drawn has nothing to read back
    writer = write_wide_workbook if suffix == ".xlsx" else write_wide_csv
    back = load_awards(writer(table, folder / f"w{suffix}"))
    key = ["year", "district", "award"] + (["recipient_kind"] if split else [])
    expected = placed.groupby(key, observed=True)["count"].sum()
    got = back.groupby(key, observed=True)["count"].sum()
    assert got.to_dict() == expected.to_dict()
    if not split:
        assert back["recipient_kind"].isna().all()
    assert back["origin_column"].notna().all()


def test_a_sheet_with_rows_by_award_method_reads_back_and_checks_them(tmp_path):
    awards = records(
        [[2024, "Q1", "BKBT", 3, "cá nhân", "Chuyên đề"], [2024, "Q3", "BKBT", 2, "tập thể", "thường xuyên"]],
        columns=("year", "district", "award", "count", "recipient_kind", "Phương thức khen thưởng"),
    )
    path = write_wide_workbook(wide_table(awards, form="0603"), tmp_path / "0603.xlsx")
    back = load_awards(path)
    assert back[["district", "award", "count"]].values.tolist() == [
        ["Quận 1", "Bằng khen cấp bộ, ngành, tỉnh", 3],
        ["Quận 3", "Bằng khen cấp bộ, ngành, tỉnh", 2],
    ]
    book = openpyxl.load_workbook(path)
    sheet = book.active
    last = sheet.max_row
    assert sheet.cell(last, 1).value == "chuyên đề"
    sheet.cell(last, 2).value = 4  # the method rows no longer add up to the units' total
    book.save(path)
    assert problems_of(path) == [
        f"'Tổng hợp'!B{last - 2}: the rows by award method add up to 6 but the units to 5"
    ]


def test_a_sheet_that_does_not_exist_is_named_even_when_the_first_sheet_is_wide(tmp_path):
    path = workbook(tmp_path / "w.xlsx", OFFICE_SHEET, OFFICE_MERGES)
    (message,) = problems_of(path, sheet="2025")
    assert message == "has no sheet '2025'; its sheets are: Sheet1"


def test_a_second_table_with_a_single_form_is_refused_too(tmp_path):
    rows = [["Năm 2024"], ["Đơn vị", "BKTTg"], ["Q1", 2], ["Năm 2025"], ["Đơn vị", "BKTTg"], ["Q1", 1]]
    path = workbook(tmp_path / "w.xlsx", rows)
    assert problems_of(path) == [
        "Sheet1!A5: a second table starts here (its header repeats the award forms); "
        "put each table on a sheet of its own"
    ]


def test_a_wide_sheet_is_chosen_as_a_long_one_is_the_visible_sheet_excel_opens_on(tmp_path):
    # an old, hidden first sheet and the office's summary active in the second
    book = openpyxl.Workbook()
    old = book.active
    old.title = "cũ"
    old.append(["Năm", "Đơn vị", "Hình thức khen thưởng", "Số lượng"])
    old.append([2019, "Q1", "BKTTg", 9])
    old.sheet_state = "hidden"
    summary = book.create_sheet("2024")
    for row in OFFICE_SHEET:
        summary.append(row)
    book.active = 1
    path = tmp_path / "tong-hop.xlsx"
    book.save(path)
    loaded = load_awards(path)
    assert loaded["year"].unique().tolist() == [2024] and int(loaded["count"].sum()) == 10


def test_a_wide_sheet_whose_declared_size_understates_its_rows_loads_every_row(tmp_path):
    import re
    import zipfile

    path = workbook(tmp_path / "tong-hop.xlsx", OFFICE_SHEET, OFFICE_MERGES)
    stale = tmp_path / "stale.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(stale, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:G4"/>', data)
            target.writestr(item, data)
    assert load_awards(stale)["count"].sum() == load_awards(path)["count"].sum() == 10
