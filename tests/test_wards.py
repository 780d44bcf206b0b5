"""The reorganisation of 1 July 2025: the 23 wards, units with dates, and comparisons across the change."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from emulation_analysis import (
    AwardDataError,
    DoubleCountWarning,
    award_matrix,
    by_former_district,
    compare_years,
    default_catalog,
    load_awards,
    load_catalog,
    plot_year_comparison,
    probable_double_counts,
    reorganisation_note,
    ward_matrix,
    yearly_totals,
)
from emulation_analysis.charts.layout import SOURCE_GID
from emulation_analysis.io.illustrative import illustrative_data_path

CAT = default_catalog()
BKTTG = "Bằng khen của Thủ tướng Chính phủ"
DISTRICTS = ["Quận 1", "Quận 3", "Quận 5", "Quận 10", "Quận 11", "Quận Tân Bình"]


def load_rows(tmp_path: Path, *rows: str) -> pd.DataFrame:
    path = tmp_path / "so-lieu.csv"
    path.write_text("year,district,award,count\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return load_awards(path)


def problem_of(tmp_path: Path, *rows: str) -> str:
    """The one problem loading ``rows`` gives, without the file and line."""
    with pytest.raises(AwardDataError) as raised:
        load_rows(tmp_path, *rows)
    problems = raised.value.problems
    assert len(problems) == 1, [str(p) for p in problems]
    return str(problems[0]).split("column 'district': ", 1)[1]


# --- the catalogue ---------------------------------------------------------------------------


def test_the_23_wards_lie_in_the_six_former_districts_with_codes_dates_and_sources():
    wards = CAT.units[CAT.units["kind"] == "phường"]
    assert len(wards) == 23 and wards["code"].is_unique
    per_district = [len(CAT.wards_of(d)) for d in DISTRICTS]
    assert per_district == [4, 3, 3, 3, 4, 6]
    assert CAT.wards_of("Quận 1") == [
        "Phường Sài Gòn",
        "Phường Tân Định",
        "Phường Bến Thành",
        "Phường Cầu Ông Lãnh",
    ]
    assert CAT.unit_code("Phường Sài Gòn") == "26740" and CAT.unit_code("Phường Tân Bình") == "27004"
    assert (wards["valid_from"] == "2025-07-01").all() and (wards["valid_to"] == "").all()
    assert wards["source"].str.contains("Nghị quyết 1685/NQ-UBTVQH15").all()
    assert wards["source"].str.contains("Công văn 1027/CTK-CSCL").all()
    districts = CAT.units[CAT.units["kind"] == "quận"]
    assert districts["code"].tolist() == ["Q1", "Q3", "Q5", "Q10", "Q11", "TB"]
    assert (districts["valid_to"] == "2025-06-30").all() and (districts["source"] != "").all()
    assert CAT.unit_years("Quận 3") == (None, 2025) and CAT.unit_years("Phường Bàn Cờ") == (2025, None)
    assert CAT.former_district("Phường Tân Sơn") == "Quận Tân Bình"


@pytest.mark.parametrize(
    ("spelling", "unit"),
    [
        ("P. Sài Gòn", "Phường Sài Gòn"),
        ("P.Sài Gòn", "Phường Sài Gòn"),
        ("phường Bến Thành", "Phường Bến Thành"),
        ("Phuong Ban Co", "Phường Bàn Cờ"),
        ("26740", "Phường Sài Gòn"),
        ("UBND Phường Chợ Lớn", "Phường Chợ Lớn"),
        ("Tan Son Nhat Ward", "Phường Tân Sơn Nhất"),
        ("Q. Tân Bình", "Quận Tân Bình"),
    ],
)
def test_wards_are_found_as_offices_write_them(spelling, unit, tmp_path):
    assert CAT.unit_lookup.resolve(spelling).canonical == unit
    year = 2026 if unit.startswith("Phường") else 2024
    assert load_rows(tmp_path, f"{year},{spelling},BKTTg,1")["district"].tolist() == [unit]


def test_bang_khen_ttg_is_the_prime_minister_s_certificate():
    assert CAT.award_lookup.resolve("Bằng khen TTg").canonical == BKTTG
    assert CAT.award_lookup.resolve("bang khen TTg").canonical == BKTTG


def test_a_name_of_two_units_is_kept_apart_in_the_catalogue():
    found = CAT.unit_lookup.resolve("Tân Bình")
    assert found.canonical is None and found.candidates == ("Quận Tân Bình", "Phường Tân Bình")


def test_a_user_alias_naming_two_units_of_the_same_time_is_refused_one_of_different_times_is_kept():
    with pytest.raises(
        ValueError, match=r"'Q\.1' names both 'Quận 1' and 'Quận 3', which existed at the same time"
    ):
        load_catalog(unit_aliases=[pd.DataFrame({"alias": ["Q.1"], "code": ["Q3"]})])
    catalog = load_catalog(unit_aliases=[pd.DataFrame({"alias": ["Bến Thành"], "code": ["26743"]})])
    assert catalog.unit_lookup.resolve("Bến Thành").canonical == "Phường Bến Thành"


def test_a_ward_table_with_a_wrong_district_or_date_is_refused():
    ward = {"code": "X1", "name": "Phường X", "name_en": "X Ward", "kind": "phường", "display_order": "40"}
    with pytest.raises(ValueError, match="former_district 'Q9' is no district's code"):
        load_catalog(units=[pd.DataFrame([{**ward, "former_district": "Q9"}])])
    with pytest.raises(ValueError, match="valid_from '1/7/2025' is not a date written YYYY-MM-DD"):
        load_catalog(units=[pd.DataFrame([{**ward, "former_district": "Q1", "valid_from": "1/7/2025"}])])
    with pytest.raises(ValueError, match="name 'Phường Sài Gòn' given twice"):
        load_catalog(units=[pd.DataFrame([{**ward, "code": "PSG", "name": "Phường Sài Gòn"}])])


# --- a unit is settled by the record's year ---------------------------------------------------


def test_tan_binh_alone_is_the_district_before_the_ward_existed(tmp_path):
    loaded = load_rows(tmp_path, "2019,Tân Bình,BKTTg,1", "2024,Tan Binh,BKTTg,2")
    assert loaded["district"].tolist() == ["Quận Tân Bình", "Quận Tân Bình"]


def test_tan_binh_alone_in_2025_is_not_guessed(tmp_path):
    assert problem_of(tmp_path, "2025,Tân Bình,BKTTg,1") == (
        "value 'Tân Bình' names 2 units that both existed in 2025; not guessed: write "
        "'Quận Tân Bình' (until 2025-06-30) or 'Phường Tân Bình' (from 2025-07-01)"
    )


def test_tan_binh_alone_after_the_reorganisation_is_not_guessed_either(tmp_path):
    # The district no longer exists in 2026, but a record written "Tân Bình" may still mean its area.
    assert problem_of(tmp_path, "2026,Tân Bình,BKTTg,1") == (
        "value 'Tân Bình' names 2 units; not guessed: write "
        "'Quận Tân Bình' (until 2025-06-30) or 'Phường Tân Bình' (from 2025-07-01)"
    )


def test_a_ward_before_it_existed_is_reported_with_its_date_and_former_district(tmp_path):
    assert problem_of(tmp_path, "2019,P. Sài Gòn,BKTTg,1") == (
        "value 'P. Sài Gòn' is Phường Sài Gòn, a unit from 2025-07-01 on, but the record is of 2019; "
        "before 2025-07-01 its area was part of Quận 1: record 2019 under 'Quận 1'"
    )


def test_a_district_after_it_ended_is_reported_with_its_date_and_wards(tmp_path):
    assert problem_of(tmp_path, "2026,Q3,BKTTg,1") == (
        "value 'Q3' is Quận 3, a unit until 2025-06-30, but the record is of 2026; its area is now the "
        "wards Phường Bàn Cờ, Phường Xuân Hòa, Phường Nhiêu Lộc: record each ward "
        "(by_former_district adds them up onto 'Quận 3' for comparisons)"
    )


def test_2025_holds_districts_and_wards(tmp_path):
    loaded = load_rows(tmp_path, "2025,Q3,BKTTg,1", "2025,P. Bàn Cờ,BKTTg,2")
    assert loaded["district"].tolist() == ["Quận 3", "Phường Bàn Cờ"]


def test_a_reused_statistics_code_means_the_new_ward_only(tmp_path):
    # 26737 was Phường Đa Kao before 1/7/2025 and is Phường Tân Định since.
    assert load_rows(tmp_path, "2026,26737,BKTTg,1")["district"].tolist() == ["Phường Tân Định"]
    assert problem_of(tmp_path, "2024,26737,BKTTg,1").startswith(
        "value '26737' is Phường Tân Định, a unit from 2025-07-01 on, but the record is of 2024"
    )


def test_an_old_ward_that_went_whole_into_a_new_one_is_recognised(tmp_path):
    loaded = load_rows(
        tmp_path, '2026,"Phường 1, Quận 3",BKTTg,1', "2025,P.9 Q.5,BKTTg,1", "2026,P. Cô Giang,BKTTg,1"
    )
    assert loaded["district"].tolist() == ["Phường Bàn Cờ", "Phường An Đông", "Phường Cầu Ông Lãnh"]


def test_a_split_old_ward_asks_for_the_new_ward(tmp_path):
    assert problem_of(tmp_path, '2026,"Phường 4, Quận 3",BKTTg,1') == (
        "value 'Phường 4, Quận 3' is the old ward Phường 4, Quận 3 (until 2025-06-30), now split between "
        "Phường Bàn Cờ, Phường Xuân Hòa: write the new ward the award went to"
    )


def test_an_old_ward_before_the_reorganisation_belongs_to_its_district(tmp_path):
    assert problem_of(tmp_path, "2019,Phường Đa Kao,BKTTg,1") == (
        "value 'Phường Đa Kao' is the old ward Phường Đa Kao, Quận 1 (until 2025-06-30; its area is now in "
        "Phường Sài Gòn, Phường Tân Định); the catalogue keeps no old wards: record 2019 under its district "
        "'Quận 1'"
    )


def test_a_unit_problem_is_reported_once_per_value_and_year_with_all_its_lines(tmp_path):
    with pytest.raises(AwardDataError) as raised:
        load_rows(tmp_path, "2025,Tân Bình,BKTTg,1", "2019,Tân Bình,CTĐCP,1", "2025,Tân Bình,CTĐCP,1")
    (problem,) = raised.value.problems
    assert problem.lines == (2, 4)


# --- comparison across the reorganisation -----------------------------------------------------


@pytest.fixture
def across(tmp_path):
    """District records for 2024, ward records for 2026."""
    return load_rows(
        tmp_path,
        "2024,Q1,BKTTg,3",
        "2024,Q3,BKTTg,2",
        "2024,Q3,HCLĐ hạng 3,1",
        "2026,P. Sài Gòn,BKTTg,1",
        "2026,P. Bến Thành,BKTTg,4",
        "2026,P. Bàn Cờ,BKTTg,1",
        "2026,P. Nhiêu Lộc,HCLĐ hạng 3,2",
    )


def test_wards_are_added_up_onto_their_former_districts(across):
    added = by_former_district(across)
    assert added["district"].astype(str).tolist() == [
        "Quận 1",
        "Quận 3",
        "Quận 3",
        "Quận 1",
        "Quận 1",
        "Quận 3",
        "Quận 3",
    ]
    assert added["reported_unit"].astype(str).tolist()[3:] == [
        "Phường Sài Gòn",
        "Phường Bến Thành",
        "Phường Bàn Cờ",
        "Phường Nhiêu Lộc",
    ]
    assert added.attrs["unit_rule"] == "wards_added_to_former_district"
    assert added.attrs["unit_rule_basis"] == "Nghị quyết 1685/NQ-UBTVQH15 ngày 16/6/2025, Điều 1"
    assert added["count"].sum() == across["count"].sum(), "nothing dropped, nothing split"
    assert yearly_totals(added).to_dict("list") == {"Quận 1": [3.0, 5.0], "Quận 3": [3.0, 3.0]}
    matrix = award_matrix(added, by="year", totals=True)
    assert matrix.loc[2026, BKTTG] == 6 and matrix.loc[2026, "Huân chương Lao động hạng Ba"] == 2
    change = compare_years(added, 2024, 2026).set_index(["district", "award"])
    assert change.loc[("Quận 1", "Tổng cộng"), "change"] == 2
    assert change.loc[("Quận 3", BKTTG), ["base", "target"]].tolist() == [2, 1]
    assert list(compare_years(added, 2024, 2026)["district"].cat.categories) == [
        "Quận 1",
        "Quận 3",
        "Tổng cộng",
    ]


def test_district_records_are_never_split_onto_wards(across):
    wards = ward_matrix(across, year=2026)
    assert list(wards.index.get_level_values("former_district").unique()) == ["Quận 1", "Quận 3"]
    assert wards.loc[("Quận 1", "Tổng cộng"), BKTTG] == 5
    assert wards.loc[("Quận 1", "Phường Tân Định"), BKTTG] == 0
    assert wards.loc[("Quận 3", "Phường Nhiêu Lộc"), "Huân chương Lao động hạng Ba"] == 2
    with pytest.raises(ValueError, match="the records hold no ward"):
        ward_matrix(across[across["year"] == 2024])
    added = by_former_district(across)
    before = added[added["year"] == 2024]
    assert (before["district"] == before["reported_unit"]).all()
    assert "unit_rule" not in by_former_district(across[across["year"] == 2024]).attrs, "nothing added up"


def test_a_district_row_beside_its_wards_rows_is_a_probable_double_count(tmp_path):
    both = load_rows(
        tmp_path, "2025,Q3,BKTTg,2", "2025,P. Bàn Cờ,BKTTg,1", "2025,P. Nhiêu Lộc,BKTTg,2", "2025,Q1,BKTTg,1"
    )
    with pytest.warns(DoubleCountWarning) as caught:
        added = by_former_district(both)
    assert str(caught[0].message) == (
        "1 probable double count(s) (both were added up; if the district's figure already includes "
        "its wards, drop one of them): Quận 3 in 2025, Bằng khen của Thủ tướng Chính phủ: 2 in the "
        "district's own records and 3 in its wards' records (Phường Bàn Cờ, Phường Nhiêu Lộc)"
    )
    assert added["count"].sum() == 6, "both are kept: the analyst decides"
    assert probable_double_counts(both)[["district", "district_count", "ward_count"]].values.tolist() == [
        ["Quận 3", 2, 3]
    ]
    with pytest.raises(ValueError, match="1 probable double count"):
        by_former_district(both, double_counts="raise")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        by_former_district(both, double_counts="ignore")


def test_a_probable_double_count_is_told_by_validate_and_by_the_pages_in_their_language(
    tmp_path, monkeypatch, capsys
):
    from emulation_analysis.cli import main
    from emulation_analysis.report.notebook import load_records

    rows = "year,district,award,count\n2025,Quận 1,Giấy khen,3\n2025,Phường Sài Gòn,Giấy khen,1\n"
    (tmp_path / "a.csv").write_text(rows, encoding="utf-8")
    monkeypatch.setenv("EMULATION_ANALYSIS_LANG", "vi")
    assert main(["validate", str(tmp_path / "a.csv")]) == 0
    case = (
        "Quận 1 năm 2025, Giấy khen: 3 theo số liệu của quận và 1 theo số liệu của các phường "
        "(Phường Sài Gòn)"
    )
    assert case in capsys.readouterr().out.splitlines()[1]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # one plain line, not a Python warning with its source line
        records, _ = load_records(tmp_path / "a.csv", lang="vi")
    assert capsys.readouterr().err.strip().endswith(case)
    assert int(records["count"].sum()) == 4, "both are kept: the analyst decides"


def test_the_note_says_in_words_that_wards_were_added_up(across):
    added = by_former_district(across)
    assert reorganisation_note(added, "en") == (
        "From 1 July 2025 ward figures are added up onto the former district that contains each ward "
        "(Resolution 1685/NQ-UBTVQH15 of 16 June 2025, Article 1); "
        "district figures are never split onto wards."
    )
    assert "Nghị quyết 1685/NQ-UBTVQH15" in reorganisation_note(added, "vi")
    assert reorganisation_note(added[added["year"] == 2024]) is None, "no ward in these rows"
    assert reorganisation_note(across) is None, "not added up"


def _footnote(ax) -> str:
    return next(text.get_text() for text in ax.texts if text.get_gid() == SOURCE_GID)


def test_a_chart_of_added_up_wards_says_so_under_its_source_line(across):
    import matplotlib.pyplot as plt

    ax = plot_year_comparison(by_former_district(across), 2024, 2026, lang="en")
    footnote = _footnote(ax)
    assert footnote.startswith("Source:")
    assert "Resolution 1685/NQ-UBTVQH15" in footnote.replace("\n", " ")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["District 1", "District 3"]
    plt.close(ax.figure)
    ax = plot_year_comparison(load_awards(illustrative_data_path()), 2019, 2020)
    assert "1685" not in _footnote(ax), "district years only: no note"
    plt.close(ax.figure)


def test_the_illustrative_data_compares_across_the_reorganisation_on_six_rows():
    added = by_former_district(load_awards(illustrative_data_path()), double_counts="raise")
    totals = yearly_totals(added)
    assert list(totals.columns) == DISTRICTS and totals.index.tolist() == list(range(2019, 2027))
    assert totals.notna().all().all()


def test_a_briefing_of_district_and_ward_files_compares_on_the_former_districts_and_says_why(tmp_path):
    from emulation_analysis.cli import main

    data = tmp_path / "so-lieu"
    data.mkdir()
    header = "Năm,Đơn vị,Hình thức khen thưởng,Số lượng,Nguồn\n"
    (data / "2024.csv").write_text(
        header + "2024,Quận 1,BKTTg,3,Báo cáo 2024\n2024,Quận Tân Bình,HCLĐ hạng 3,1,Báo cáo 2024\n",
        encoding="utf-8",
    )
    (data / "2025-phuong.csv").write_text(
        header + "2025,P. Sài Gòn,Bằng khen TTg,2,Báo cáo 2025\n2025,P. Bến Thành,BKTTg,1,Báo cáo 2025\n"
        "2025,Phường Tân Bình,HCLĐ hạng 3,2,Báo cáo 2025\n",
        encoding="utf-8",
    )
    out = tmp_path / "bao-cao"
    assert main(["briefing", "--data", str(data), "--years", "2024", "2025", "--out", str(out)]) == 0
    page = (out / "02-so-sanh-cac-nam.html").read_text(encoding="utf-8")
    assert "1685/NQ-UBTVQH15" in page, "the charts cite the resolution"
    assert "đã được cộng dồn về quận cũ" in page, "the page says so in words"
    assert "Quận Tân Bình" in page and "Phường Sài Gòn" not in page, "wards shown on their former districts"
