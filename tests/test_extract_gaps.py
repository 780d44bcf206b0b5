"""Extraction: proposals never conferred, titles naming recipients, units carried in a sentence, givers."""

from __future__ import annotations

import pytest

from emulation_analysis import extract_report, write_review_csv

UNNAMED = "khen thưởng (không nêu hình thức)"


@pytest.mark.parametrize(
    "text",
    [
        "Quận 5 xét đề nghị công nhận 6 cá nhân đạt danh hiệu Lao động tiên tiến.",
        "Quận 11 đề xuất công nhận 2 tập thể đạt danh hiệu Tập thể lao động xuất sắc.",
        "Phường 7 trình công nhận 4 cá nhân đạt Chiến sĩ thi đua cơ sở.",
    ],
)
def test_a_receipt_word_after_a_proposal_does_not_make_it_conferred(text, tmp_path):
    found = extract_report(text, year=2022)
    assert found.records["status"].tolist() == ["proposed"]
    # Held in the review file: the count is left for the reviewer to type.
    path = tmp_path / "review.csv"
    write_review_csv(found, path)
    assert "proposed" in path.read_text(encoding="utf-8")
    assert found.totals().loc["conferred", "records"] == 0


def test_dat_reports_an_award_in_a_clause_of_its_own():
    records = extract_report(
        "Quận 3 trình Chủ tịch UBND Thành phố tặng Bằng khen cho 4 tập thể; "
        "Quận 10 có 15 cá nhân đạt danh hiệu Chiến sĩ thi đua cơ sở."
    ).records
    assert records[["district", "status"]].values.tolist() == [
        ["Quận 3", "proposed"],
        ["Quận 10", "conferred"],
    ]


@pytest.mark.parametrize(
    ("text", "award", "count", "kind"),
    [
        (
            "Quận 11 được tặng Giấy khen cho 6 chiến sĩ thi đua cơ sở của các phường.",
            "Giấy khen",
            6,
            "cá nhân",
        ),
        (
            "Quận 3 nhận Bằng khen của Chủ tịch UBND Thành phố đối với 10 tập thể lao động xuất sắc.",
            "Bằng khen của Chủ tịch UBND Thành phố",
            10,
            "tập thể",
        ),
    ],
)
def test_a_title_after_cho_n_describes_the_recipients(text, award, count, kind):
    found = extract_report(text)
    assert found.records[["award", "count", "recipient_kind"]].values.tolist() == [[award, count, kind]]
    assert found.mentions.empty


def test_a_title_counted_on_its_own_is_the_award():
    records = extract_report(
        "Quận 10 có 7 Chiến sĩ thi đua cơ sở và được tặng 2 Bằng khen của Thủ tướng Chính phủ."
    ).records
    assert records[["award", "count"]].values.tolist() == [
        ["Chiến sĩ thi đua cơ sở", 7],
        ["Bằng khen của Thủ tướng Chính phủ", 2],
    ]


def test_a_unit_carried_across_a_semicolon_is_flagged():
    records = extract_report(
        "Năm 2020, Quận 5 nhận 3 Bằng khen của Thủ tướng Chính phủ; "
        "2 tập thể được tặng Cờ thi đua của UBND Thành phố."
    ).records
    assert records["district"].tolist() == ["Quận 5", "Quận 5"]
    assert records["flags"].tolist() == ["", "inherited_unit"]


@pytest.mark.parametrize(
    "text",
    [
        "Năm 2020, Quận 3: 2 Bằng khen của Thủ tướng Chính phủ; 1 Cờ thi đua của Chính phủ.",
        "Năm 2020, Quận 3 nhận các hình thức sau:\n"
        "- 2 Bằng khen của Thủ tướng Chính phủ\n- 1 Cờ thi đua của Chính phủ",
    ],
)
def test_a_unit_introducing_a_list_is_not_flagged(text):
    records = extract_report(text).records
    assert records["district"].tolist() == ["Quận 3", "Quận 3"]
    assert records["flags"].tolist() == ["", ""]


@pytest.mark.parametrize(
    ("text", "giver", "district"),
    [
        ("Năm 2021, 412 tập thể, 3.518 cá nhân được UBND huyện khen thưởng.", "UBND huyện", None),
        (
            "Năm 2021, Quận 10 có 1.245 tập thể, cá nhân "
            "được Chủ tịch nước, Thủ tướng Chính phủ khen thưởng.",
            "Chủ tịch nước, Thủ tướng Chính phủ",
            "Quận 10",
        ),
        (
            "Năm 2021, Huyện Cần Giờ có 40 cá nhân được Liên đoàn Lao động Thành phố khen thưởng.",
            "Liên đoàn Lao động Thành phố",
            "Huyện Cần Giờ",
        ),
        (
            "Năm 2022, Chủ tịch UBND Thành phố khen thưởng 35 tập thể của Quận 5.",
            "Chủ tịch UBND Thành phố",
            "Quận 5",
        ),
    ],
)
def test_khen_thuong_with_no_form_keeps_its_giver_in_the_note(text, giver, district):
    records = extract_report(text).records
    assert (records["award"] == UNNAMED).all()
    assert (records["note"] == f"awarded by: {giver}").all()
    assert records["district"].fillna("").tolist() == [district or ""] * len(records)
    vi = extract_report(text, lang="vi").records
    assert (vi["note"] == f"khen thưởng của: {giver}").all()


def test_the_reporting_unit_that_awards_is_not_a_giver_note():
    records = extract_report("Năm 2021, Quận 3 khen thưởng đột xuất cho 2.306 lượt tập thể, cá nhân.").records
    assert records["district"].tolist() == ["Quận 3"]
    assert "awarded by" not in str(records.loc[0, "note"])
