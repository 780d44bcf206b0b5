"""Extraction on the constructions of published reports: units of every level, givers, changes of subject."""

from __future__ import annotations

import pandas as pd
import pytest

from emulation_analysis import extract_report
from emulation_analysis.extract import grammar

BKTTG = "Bằng khen của Thủ tướng Chính phủ"
UNNAMED = "khen thưởng (không nêu hình thức)"


def rows(text: str, **kwargs) -> list[tuple]:
    records = extract_report(text, **kwargs).records
    return list(zip(records["district"], records["award"], records["count"], records["flags"], strict=True))


def test_a_province_after_a_district_is_a_unit_of_its_own():
    found = rows(
        "Quận 3 nhận 2 Bằng khen của Thủ tướng Chính phủ; "
        "tỉnh Long An nhận 3 Bằng khen của Thủ tướng Chính phủ."
    )
    assert [(d, c) for d, _, c, _ in found] == [("Quận 3", 2), ("tỉnh Long An", 3)]
    assert "unknown_unit" in found[1][3]


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Sở Giáo dục và Đào tạo nhận 1 Cờ thi đua của Chính phủ.", "Sở Giáo dục và Đào tạo"),
        ("Công an tỉnh Đồng Nai nhận 1 Cờ thi đua của Chính phủ.", "Công an tỉnh Đồng Nai"),
        ("Bệnh viện Nhân dân Gia Định nhận 1 Cờ thi đua của Chính phủ.", "Bệnh viện Nhân dân Gia Định"),
        (
            "Liên đoàn Lao động tỉnh Tây Ninh nhận 1 Cờ thi đua của Chính phủ.",
            "Liên đoàn Lao động tỉnh Tây Ninh",
        ),
    ],
)
def test_offices_and_bodies_are_units(text, unit):
    assert rows(text)[0][0] == unit


def test_the_giver_is_not_the_recipient():
    found = rows("Trường THCS Lê Lợi được tặng 5 Giấy khen của UBND quận Tân Bình.")
    assert [(d, a, c) for d, a, c, _ in found] == [("Trường THCS Lê Lợi", "Giấy khen", 5)]


def test_a_ministrys_bang_khen_is_the_ministry_level_form_with_the_giver_noted():
    records = extract_report("Quận 10 nhận 3 Bằng khen của Bộ NN&PTNT.").records
    assert records.loc[0, "award"] == "Bằng khen cấp bộ, ngành, tỉnh"
    assert records.loc[0, "award_text"] == "Bằng khen của Bộ NN&PTNT"


def test_no_unit_is_carried_across_a_numbered_section():
    found = rows(
        "1. Quận 1 nhận 2 Bằng khen của Thủ tướng Chính phủ.\n"
        "2. Đề nghị tặng Huân chương Lao động hạng Ba: 04 tập thể."
    )
    assert pd.isna(found[1][0])
    assert "no_unit" in found[1][3]


def test_no_unit_is_carried_into_a_sentence_about_the_whole_locality():
    found = rows(
        "Quận 5 nhận 3 Bằng khen của Thủ tướng Chính phủ. Toàn huyện có 6 đơn vị được tặng Cờ thi đua."
    )
    assert "no_unit" in found[1][3]


def test_khen_thuong_without_a_form_is_held_never_dropped():
    found = extract_report("Năm 2021, 412 tập thể, 3.518 cá nhân được UBND huyện khen thưởng.")
    records = found.records
    assert records["award"].tolist() == [UNNAMED, UNNAMED]
    assert records["count"].tolist() == [412, 3518]
    assert all("no_form" in f for f in records["flags"])
    assert (found.review()["count"] == "").all()


def test_a_figure_summing_the_forms_after_it_is_a_possible_total():
    found = rows(
        "Quận 5 khen thưởng 60 tập thể, cá nhân, trong đó: "
        "20 Bằng khen của Thủ tướng Chính phủ, 40 Giấy khen."
    )
    assert found[0][1] == UNNAMED and "possible_total" in found[0][3]


def test_a_proposal_to_recognise_is_a_proposal():
    records = extract_report("Phường Bàn Cờ đề nghị công nhận 14 tập thể lao động xuất sắc.").records
    assert records["status"].tolist() == ["proposed"]


def test_the_plan_year_is_not_the_year_reported_on():
    records = extract_report(
        "Tổng kết công tác năm 2022, phương hướng nhiệm vụ năm 2023: "
        "Quận 10 nhận 3 Bằng khen của Thủ tướng Chính phủ."
    ).records
    assert records["year"].tolist() == [2022]


def test_a_headline_repeating_the_body_is_counted_once():
    found = extract_report(
        "Quận 10 đón nhận 2 Huân chương Lao động hạng Ba\n\n"
        "Năm 2022, Quận 10 đón nhận 2 Huân chương Lao động hạng Ba.",
        year=2022,
    )
    assert "possible_repeat" in found.records.loc[1, "flags"]
    assert found.totals().loc["conferred", "count"] == 2


def test_reading_in_parts_gives_the_same_rows(monkeypatch):
    text = "\n\n".join(
        f"Năm {2015 + i % 5}, Quận {i % 3 + 1} nhận {i + 1} Bằng khen của Thủ tướng Chính phủ.\n"
        f"Toàn quận có {i + 2} cá nhân được tặng Giấy khen."
        for i in range(40)
    )
    whole = extract_report(text).records
    parts = []
    tokenize = grammar.tokenize
    monkeypatch.setattr(grammar, "PART_CHARS", 200)
    monkeypatch.setattr(grammar, "tokenize", lambda *args: parts.append(args[1:]) or tokenize(*args))
    pd.testing.assert_frame_equal(extract_report(text).records, whole)
    assert len(parts) > 10
