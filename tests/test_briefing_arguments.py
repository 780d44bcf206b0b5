"""``emulation-analysis briefing``: every argument checked against the data before any kernel starts.

A mistyped year or unit code is said at once, with the values the data holds; a single year gets
page 01, and page 02 only when the data has an earlier year to compare it with (otherwise the index
says in one line why there is no comparison page). No page switches to other data on its own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from emulation_analysis.cli import main
from emulation_analysis.io.illustrative import illustrative_data_path
from emulation_analysis.report.briefing import BRIEFINGS, plan_briefing, render_briefings

ILLUSTRATIVE = str(illustrative_data_path())
UNITS = "Q1, Q3, Q5, Q10, Q11, TB"  # the codes of the units in the bundled data


@pytest.fixture
def no_kernel(monkeypatch):
    """Fail the test if a notebook would run: these mistakes must be caught before."""

    def run_notebooks(*args, **kwargs):
        raise AssertionError("a kernel was started")

    monkeypatch.setattr("emulation_analysis.report.briefing.run_notebooks", run_notebooks)


@pytest.fixture
def two_years(tmp_path) -> Path:
    """An analyst's own file with two years, 2023 and 2024."""
    path = tmp_path / "mine.csv"
    path.write_text(
        "year,district,award,count\n2023,Q1,BKTTg,3\n2023,Q3,BKTTg,2\n2024,Q1,BKTTg,4\n2024,Q3,HCLĐ3,1\n",
        encoding="utf-8",
    )
    return path


def _briefing_errors(capsys, *argv: str) -> list[str]:
    assert main(["briefing", *argv]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Traceback" not in captured.err
    return captured.err.splitlines()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--districts", "Q7"], "'Q7' is not a unit code; the units in the data are: " + UNITS),
        (
            ["--districts", "Q1", "Tan Bin"],
            "'Tan Bin' is not a unit code (did you mean TB – Quận Tân Bình?); "
            "the units in the data are: " + UNITS,
        ),
        (["--years", "2017"], "the bundled data holds no records of 2017; years available: 2018"),
        (
            ["--data", ILLUSTRATIVE, "--years", "2018"],
            f"{ILLUSTRATIVE} holds no records of 2018; years available: "
            "2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026",
        ),
    ],
)
def test_a_value_the_data_does_not_hold_is_named_with_the_values_it_holds(
    argv, message, tmp_path, capsys, no_kernel
):
    out = tmp_path / "reports"
    lines = _briefing_errors(capsys, *argv, "--out", str(out))
    assert lines == [f"briefing failed; {out} left as it was.", message]
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_a_unit_without_records_in_the_data_is_named(two_years, tmp_path, capsys, no_kernel):
    out = tmp_path / "reports"
    lines = _briefing_errors(capsys, "--data", str(two_years), "--districts", "Q5", "--out", str(out))
    assert lines[1] == f"{two_years} holds no records of Quận 5 (Q5); the units in the data are: Q1, Q3"


def test_a_ward_is_named_with_the_district_its_figures_are_added_up_onto(tmp_path, capsys, no_kernel):
    data = tmp_path / "phuong-2025.csv"
    data.write_text(
        "year,district,award,count\n2024,Q1,BKTTg,3\n2025,P. Sài Gòn,BKTTg,1\n2025,P. Bàn Cờ,BKTTg,2\n",
        encoding="utf-8",
    )
    out = str(tmp_path / "r")
    lines = _briefing_errors(capsys, "--data", str(data), "--districts", "26740", "--out", out)
    assert lines[1] == (
        "26740 is Phường Sài Gòn, a ward: the pages add ward figures up onto its former district, "
        "Quận 1; the units in the data are: Q1, Q3"
    )
    lines = _briefing_errors(capsys, "--data", str(data), "--districts", "Q5", "--out", out)
    assert lines[1].endswith("the units in the data are: Q1, Q3"), "the districts the pages show"


def test_the_years_offered_are_those_of_the_chosen_units(tmp_path, capsys, no_kernel):
    data = tmp_path / "q5-only-2024.csv"
    data.write_text("year,district,award,count\n2023,Q1,BKTTg,3\n2024,Q5,BKTTg,1\n", encoding="utf-8")
    lines = _briefing_errors(capsys, "--data", str(data), "--districts", "Q5", "--years", "2023")
    assert lines[1] == f"{data} holds no records of 2023; years available: 2024"


def test_the_messages_are_in_vietnamese_on_a_vietnamese_console(monkeypatch, tmp_path, capsys, no_kernel):
    monkeypatch.setenv("EMULATION_ANALYSIS_LANG", "vi")
    out = tmp_path / "reports"
    assert _briefing_errors(capsys, "--districts", "Q7", "--out", str(out)) == [
        f"dựng bản tin không thành công; {out} được giữ nguyên.",
        "'Q7' không phải là mã đơn vị; các đơn vị có trong số liệu: Q1, Q3, Q5, Q10, Q11, TB",
    ]
    assert _briefing_errors(capsys, "--years", "2017", "--out", str(out))[1] == (
        "số liệu có sẵn trong gói không có số liệu năm 2017; các năm có: 2018"
    )


# --- which pages: one year given -----------------------------------------------------------------


def _pages(plan) -> list[tuple[str, str, list[int]]]:
    return [(j.notebook, Path(j.parameters["data_path"]).name, j.parameters["years"]) for j in plan.jobs]


def test_one_year_with_an_earlier_one_gets_both_pages_on_the_same_data(two_years):
    plan = plan_briefing(two_years, years=[2024], progress_lang="en")
    assert _pages(plan) == [(BRIEFINGS[0], "mine.csv", [2024]), (BRIEFINGS[1], "mine.csv", [2024])]
    assert plan.left_out == []


def test_the_earliest_year_gets_no_comparison_page_and_the_reason(two_years):
    plan = plan_briefing(two_years, years=[2023], progress_lang="en")
    assert _pages(plan) == [(BRIEFINGS[0], "mine.csv", [2023])]
    assert plan.left_out == [("briefing.left_out.no_earlier_year", {"year": 2023})]


def test_a_year_of_the_bundled_data_never_falls_back_to_the_illustrative_data():
    plan = plan_briefing(years=[2018], progress_lang="en")
    assert [(job.notebook, job.parameters["data_path"]) for job in plan.jobs] == [(BRIEFINGS[0], "")]
    assert plan.left_out == [("briefing.left_out.one_year", {"year": 2018})]


def test_data_with_one_year_gets_no_comparison_page(tmp_path):
    data = tmp_path / "2024.csv"
    data.write_text("year,district,award,count\n2024,Q1,BKTTg,3\n", encoding="utf-8")
    plan = plan_briefing(data, progress_lang="en")
    assert [job.notebook for job in plan.jobs] == [BRIEFINGS[0]]
    assert plan.left_out == [("briefing.left_out.one_year", {"year": 2024})]


def test_only_the_default_briefing_shows_the_comparison_on_illustrative_data_and_says_so():
    plan = plan_briefing(progress_lang="en")
    assert [Path(job.parameters["data_path"]).name for job in plan.jobs] == ["", "awards.csv"]
    assert plan.jobs[1].parameters["data_path"] == ILLUSTRATIVE
    assert plan.jobs[1].note == "the real data holds only 2018: comparison on the illustrative dataset"


def test_the_earlier_of_two_years_renders_page_01_and_says_why_there_is_no_02(two_years, tmp_path, capsys):
    # was: TypeError in page 02's ctx.change_table("district")
    out = tmp_path / "reports"
    argv = ["briefing", "--data", str(two_years), "--years", "2023", "--lang", "en", "--out", str(out)]
    assert main(argv) == 0
    err = capsys.readouterr().err
    why = "No comparison page: the data holds no year before 2023 to compare it with."
    assert why in err
    assert "[1/1] 01-phan-bo-khen-thuong.ipynb: running" in err
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert names == ["01-phan-bo-khen-thuong.html", "index.html"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f'<p class="left-out">{why}</p>' in index
    assert "02-so-sanh" not in index
    page = (out / "01-phan-bo-khen-thuong.html").read_text(encoding="utf-8")
    assert "2023" in page and "Illustrative data" not in page


def test_the_index_says_why_in_the_pages_language(tmp_path, monkeypatch):
    data = tmp_path / "2024.csv"
    data.write_text("year,district,award,count\n2024,Q1,BKTTg,3\n", encoding="utf-8")
    monkeypatch.setattr("emulation_analysis.report.briefing.run_notebooks", lambda *a, **k: [])
    lines: list[str] = []
    render_briefings(tmp_path / "out", data=data, lang="vi", progress=lines.append, progress_lang="en")
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "Không có trang so sánh: số liệu chỉ có năm 2024, mà so sánh cần ít nhất hai năm." in index
    assert "No comparison page: the data holds only 2024, and a comparison needs two years." in lines


def test_a_notebook_run_on_the_earliest_year_says_there_is_nothing_before_it(two_years, capsys):
    # notebook 02 opened by an analyst with years = [2023]: a note, not a TypeError
    from emulation_analysis import plot_year_comparison
    from emulation_analysis.report.notebook import start

    ctx = start(str(two_years), [2023], [], "en")
    ctx.header("comparison")
    ctx.key_points("comparison")
    ctx.change_table("district")
    ctx.comparison_figure(plot_year_comparison)
    ctx.change_table("award")
    shown = capsys.readouterr().out
    assert "The data holds no year before 2023 to compare it with" in shown
    assert "years available: 2023, 2024" in shown
