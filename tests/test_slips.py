"""Rows of a long table that are no records are named for what they are, once each.

The tables here are synthetic test input (a few made-up counts).
"""

from __future__ import annotations

import pytest

from emulation_analysis import AwardDataError, load_awards


def only_problem(write_text, text: str):
    with pytest.raises(AwardDataError) as caught:
        load_awards(write_text("awards.csv", text))
    (problem,) = caught.value.problems
    return problem


def test_a_totals_row_is_named_as_one(write_text):
    problem = only_problem(
        write_text,
        "Năm,Đơn vị,Hình thức khen thưởng,Số lượng\n2018,Q1,BKTTg,7\n2018,Q3,BKTTg,1\n,Tổng cộng,,8\n",
    )
    assert (problem.lines, problem.value) == ((4,), "Tổng cộng")
    assert problem.message == "is a totals row; delete it: totals are computed from the records"
    assert str(problem).endswith(
        "awards.csv, line 4: value 'Tổng cộng' is a totals row; "
        "delete it: totals are computed from the records"
    )


def test_a_separator_row_with_a_heading_is_named_as_one(write_text):
    problem = only_problem(
        write_text,
        "STT,Năm,Đơn vị,Hình thức khen thưởng,Số lượng\n1,2018,Q1,BKTTg,7\nNăm 2019,,,,\n2,2019,Q3,BKTTg,1\n",
    )
    assert (problem.lines, problem.value) == ((3,), "Năm 2019")
    assert problem.message == (
        "has no year, unit, award or count (a separator or heading row?); delete it or fill it in"
    )


def test_a_heading_alone_in_the_year_column_is_named_as_a_separator(write_text):
    problem = only_problem(
        write_text, "Năm,Đơn vị,Hình thức khen thưởng,Số lượng\nNăm 2019,,,\n2019,Q3,BKTTg,1\n"
    )
    assert (problem.lines, problem.value) == ((2,), "Năm 2019")
    assert problem.message.startswith("has no year, unit, award or count (a separator or heading row?)")


def test_a_row_with_a_bad_year_and_something_else_is_no_separator(write_text):
    path = write_text("a.csv", "Năm,Đơn vị,Hình thức khen thưởng,Số lượng,Ghi chú\nNăm 2019,,,,xem\n")
    with pytest.raises(AwardDataError) as caught:
        load_awards(path)
    assert [p.column for p in caught.value.problems] == ["Năm", "Đơn vị", "Hình thức khen thưởng", "Số lượng"]


def test_a_blank_row_is_still_skipped(write_text):
    path = write_text("a.csv", "year,district,award,count\n2018,Q1,BKTTg,7\n,,,\n2018,Q3,BKTTg,1\n")
    assert load_awards(path)["origin_line"].tolist() == [2, 4]


def test_a_header_pasted_again_is_named_as_such(write_text):
    problem = only_problem(
        write_text,
        "Năm,Đơn vị,Hình thức khen thưởng,Số lượng\n2018,Q1,BKTTg,7\n"
        "Năm,Đơn vị,Hình thức khen thưởng,Số lượng\n2019,Q3,BKTTg,1\n",
    )
    assert problem.lines == (3,)
    assert problem.message == (
        "repeats the header row (two tables pasted together?); delete it, "
        "or keep each table in a file or sheet of its own"
    )


def test_a_unit_in_the_award_column_is_named_as_such(write_text):
    with pytest.raises(AwardDataError) as caught:
        load_awards(write_text("a.csv", "year,district,award,count\n2018,BKTTg,Quận 5,2\n2018,Q1,BKTTg,1\n"))
    (problem,) = [p for p in caught.value.problems if p.column == "award"]
    assert (problem.lines, problem.column, problem.value) == ((2,), "award", "Quận 5")
    assert problem.message == "is a unit, not an award form (are the unit and award columns swapped?)"
