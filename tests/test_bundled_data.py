"""The real 2018 data, its documentation, and the template analysts fill in.

The expected numbers below were read by hand from the report of the
31 January 2019 review of Cụm thi đua 1 (quanuy1hcm.org.vn, "Cụm thi đua 1
đẩy mạnh công tác cải cách hành chính", 2019). They are not derived from
``data/awards.csv``.

Run ``python tests/test_bundled_data.py`` to rebuild ``data/mau-so-lieu.xlsx``.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from emulation_analysis import RECORD_COLUMNS, AwardDataError, bundled_data_path, load_awards, wide_table
from emulation_analysis.catalog import default_catalog
from emulation_analysis.report.wide_sheet import fill_worksheet, sheet_layout

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
TEMPLATE = DATA / "mau-so-lieu.xlsx"
TEMPLATE_HEADERS = [
    "Năm",
    "Đơn vị",
    "Hình thức khen thưởng",
    "Số lượng",
    "Đối tượng",
    "Cụm thi đua",
    "Nguồn",
    "Ghi chú",
]
TEMPLATE_TITLE = "BẢNG TỔNG HỢP KHEN THƯỞNG (điền từ dòng 3; xem data/README.md)"
WIDE_SHEET = "Bảng ngang"
WIDE_TITLE = "BẢNG TỔNG HỢP KHEN THƯỞNG NĂM 20__ (ghi năm vào đây; xem data/README.md)"

HCLD2, HCLD3 = "Huân chương Lao động hạng Nhì", "Huân chương Lao động hạng Ba"
BKTTG, CTDCP = "Bằng khen của Thủ tướng Chính phủ", "Cờ thi đua của Chính phủ"
REPORT_2018 = {
    "Quận 1": {HCLD2: 1, HCLD3: 4, CTDCP: 1, BKTTG: 7},
    "Quận 3": {HCLD2: 1, HCLD3: 2, BKTTG: 1},
    "Quận 5": {BKTTG: 3, HCLD3: 3},
    "Quận 10": {HCLD3: 1, BKTTG: 2},
    "Quận 11": {BKTTG: 1},
    "Quận Tân Bình": {BKTTG: 2},
}
TOTALS_2018 = {"Quận 1": 13, "Quận 3": 4, "Quận 5": 6, "Quận 10": 3, "Quận 11": 1, "Quận Tân Bình": 2}


@pytest.fixture(scope="module")
def awards():
    return load_awards(DATA / "awards.csv")


def test_bundled_totals_equal_the_report(awards):
    totals = awards.groupby("district", observed=True)["count"].sum().to_dict()
    assert totals == TOTALS_2018
    assert int(awards["count"].sum()) == 29


def test_bundled_rows_are_the_report_one_row_per_district_and_form(awards):
    got = {}
    for row in awards.itertuples():
        got.setdefault(row.district, {})[row.award] = row.count
    assert got == REPORT_2018
    assert len(awards) == sum(len(forms) for forms in REPORT_2018.values())
    assert set(awards["year"]) == {2018}


def test_bundled_rows_cite_their_source_and_leave_the_recipient_kind_unknown(awards):
    assert awards["recipient_kind"].isna().all()
    assert not awards["illustrative"].any()
    for source in awards["source"]:
        assert "quanuy1hcm.org.vn" in source
        assert "Cụm thi đua 1 đẩy mạnh công tác cải cách hành chính" in source
        assert "2019" in source
    assert set(awards["cluster"]) == {"Cụm thi đua 1 (UBND TP.HCM)"}


def test_the_package_ships_the_same_data_as_the_data_folder():
    assert bundled_data_path().read_bytes() == (DATA / "awards.csv").read_bytes()
    assert load_awards()["count"].tolist() == load_awards(DATA / "awards.csv")["count"].tolist()


def test_data_readme_documents_every_column_and_the_provenance():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for column in RECORD_COLUMNS:
        assert f"`{column}`" in readme, column
    for header in TEMPLATE_HEADERS:
        assert header in readme, header
    for fact in (
        "quanuy1hcm.org.vn",
        "Cụm thi đua 1 đẩy mạnh công tác cải cách hành chính",
        "31 January 2019",
        "mau-so-lieu.xlsx",
        "illustrative",
    ):
        assert fact in readme, fact


# --- the template -------------------------------------------------------------------------


def build_template(path: Path) -> None:
    """Write the empty template: a title row, the Vietnamese headers, drop-down lists, no data."""
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    catalog = default_catalog()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Số liệu"
    sheet.append([TEMPLATE_TITLE])
    sheet.append(TEMPLATE_HEADERS)
    sheet["A1"].font = Font(bold=True, size=13)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A3"
    for letter, width in zip("ABCDEFGH", (8, 18, 38, 10, 12, 28, 40, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    lists = workbook.create_sheet("Danh mục")
    lists.append(["Đơn vị", "Hình thức khen thưởng", "Đối tượng"])
    names = [catalog.unit_names, catalog.award_names, ["tập thể", "cá nhân"]]
    for index in range(max(len(n) for n in names)):
        lists.append([n[index] if index < len(n) else None for n in names])
    for column, values in zip("BCE", ("A", "B", "C"), strict=True):
        count = len(names["ABC".index(values)])
        # Drop-down lists help; they do not forbid aliases such as "Q1" or "BKTTg".
        rule = DataValidation(
            type="list", formula1=f"='Danh mục'!${values}$2:${values}${count + 1}", showErrorMessage=False
        )
        rule.add(f"{column}3:{column}2000")
        sheet.add_data_validation(rule)
    build_wide_sheet(workbook.create_sheet(WIDE_SHEET, 1))
    workbook.save(path)


def template_units() -> list[str]:
    """The wide sheet's rows: the wards where the catalogue has them (a former district), else every unit."""
    units = default_catalog().units
    if "former_district" in units.columns and units["former_district"].ne("").any():
        units = units[units["former_district"].ne("")]
    return units["name"].tolist()


def build_wide_sheet(worksheet) -> None:
    """The wide layout: units as rows, every catalogue form split Tập thể / Cá nhân, totals as formulas."""
    from openpyxl.utils import get_column_letter

    catalog = default_catalog()
    # Zero counts lay the sheet out; its cells stay blank (a zero is written as nothing).
    frame = pd.DataFrame(
        [
            (2000, unit, award, 0, kind)
            for unit in template_units()
            for award in catalog.award_names
            for kind in ("tập thể", "cá nhân")
        ],
        columns=["year", "district", "award", "count", "recipient_kind"],
    )
    frame["award"] = pd.Categorical(frame["award"], categories=catalog.award_names, ordered=True)
    frame["district"] = pd.Categorical(frame["district"], categories=catalog.unit_names, ordered=True)
    frame["recipient_kind"] = pd.Categorical(frame["recipient_kind"], categories=["tập thể", "cá nhân"])
    layout = sheet_layout(wide_table(frame, catalog=catalog), title=WIDE_TITLE)
    fill_worksheet(worksheet, layout)
    # Totals as formulas, so that Excel keeps them right as the office fills the sheet in.
    first, last = layout.header_rows.stop + 1, layout.total_rows[0]
    width = len(layout.rows[-1])
    # the counts start after the label columns (the former district, then the unit)
    labels = 1 + [cell.value for cell in worksheet[first - 2]].index("Đơn vị")
    start = get_column_letter(labels + 1)
    for row in range(first, last + 1):
        worksheet.cell(row, width).value = f"=SUM({start}{row}:{get_column_letter(width - 1)}{row})"
    for column in range(labels + 1, width + 1):
        letter = get_column_letter(column)
        worksheet.cell(last + 1, column).value = f"=SUM({letter}{first}:{letter}{last})"
    worksheet.column_dimensions["A"].width = 22


def test_template_has_a_title_row_the_vietnamese_headers_and_no_data():
    workbook = openpyxl.load_workbook(TEMPLATE)
    sheet = workbook.worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == TEMPLATE_TITLE
    assert rows[1][: len(TEMPLATE_HEADERS)] == TEMPLATE_HEADERS
    assert all(v is None for row in rows[2:] for v in row)
    lists = workbook["Danh mục"]
    catalog = default_catalog()
    column = [r[1] for r in lists.iter_rows(min_row=2, values_only=True) if r[1]]
    assert set(column) <= set(catalog.award_names)
    assert not any(isinstance(v, int | float) for r in lists.iter_rows(values_only=True) for v in r)


def test_the_empty_template_is_recognised_but_holds_no_records():
    with pytest.raises(AwardDataError) as caught:
        load_awards(TEMPLATE)
    (problem,) = caught.value.problems
    assert str(problem) == f"{TEMPLATE}, row 2: has a header row but no records"


def test_a_filled_copy_of_the_template_loads(tmp_path):
    copy = tmp_path / "2019.xlsx"
    shutil.copy(TEMPLATE, copy)
    workbook = openpyxl.load_workbook(copy)
    sheet = workbook.worksheets[0]
    sheet.append([2019, "Q3", "BKTTg", 2, "tập thể", "Cụm thi đua 1", "biên bản tổng kết (giả định)", None])
    sheet.append([2019, "Quận Tân Bình", "HCLĐ hạng 3", "01", "cá nhân", None, None, "dữ liệu thử"])
    workbook.save(copy)
    loaded = load_awards(copy)
    assert loaded["district"].tolist() == ["Quận 3", "Quận Tân Bình"]
    assert loaded["count"].tolist() == [2, 1]
    assert loaded["recipient_kind"].tolist() == ["tập thể", "cá nhân"]
    assert loaded["origin_line"].tolist() == [3, 4]


def test_template_has_a_wide_sheet_of_units_and_forms_split_by_kind():
    workbook = openpyxl.load_workbook(TEMPLATE)
    sheet = workbook[WIDE_SHEET]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    catalog = default_catalog()
    assert rows[0][0] == WIDE_TITLE
    # wards come under a first column naming their former district
    unit = rows[1].index("Đơn vị")
    assert rows[1][:unit] == (["Quận cũ"] if unit else [])
    assert rows[1][unit + 1] == catalog.award_names[0]
    assert rows[2][unit + 1 : unit + 3] == ["Tập thể", "Cá nhân"]
    assert [r[unit] for r in rows[3:-1]] == template_units() and rows[-1][unit] == "Tổng cộng"
    assert len(rows[1]) == unit + 2 + 2 * len(catalog.award_names)
    assert str(rows[3][-1]).startswith("=SUM(")


def test_a_filled_copy_of_the_wide_template_loads(tmp_path):
    copy = tmp_path / "2026.xlsx"
    shutil.copy(TEMPLATE, copy)
    workbook = openpyxl.load_workbook(copy)
    sheet = workbook[WIDE_SHEET]
    sheet["A1"] = "BẢNG TỔNG HỢP KHEN THƯỞNG NĂM 2026"
    # the first form's collective for the first unit, its individual for the second
    sheet["C4"], sheet["D5"] = 2, 1
    workbook.save(copy)
    loaded = load_awards(copy, sheet=WIDE_SHEET)
    units, first_form = template_units(), default_catalog().award_names[0]
    assert loaded[["year", "district", "award", "count"]].values.tolist() == [
        [2026, units[0], first_form, 2],
        [2026, units[1], first_form, 1],
    ]
    assert loaded["recipient_kind"].tolist() == ["tập thể", "cá nhân"]
    assert loaded["origin_column"].tolist() == ["C", "D"] and loaded["origin_line"].tolist() == [4, 5]


if __name__ == "__main__":
    build_template(TEMPLATE)
    print(f"wrote {TEMPLATE}", file=sys.stderr)
