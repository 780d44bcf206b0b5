"""What a briefing page says: sentences true to the selection, sections only when they have something
to show, titles and notes in the page's language, provenance at the end, and the explorer's controls.

The notebook context is driven here in this process; its displays are captured instead of shown.
"""

from __future__ import annotations

import re

import pytest

from emulation_analysis.analysis.reorganisation import UNIT_RULE_ATTR, WARDS_ADDED_UP
from emulation_analysis.io.illustrative import illustrative_data_path
from emulation_analysis.report import narrative
from emulation_analysis.report.notebook import start
from emulation_analysis.report.page import about_html

TWO_YEARS = """year,district,award,count
2023,Quận 1,Bằng khen của Thủ tướng Chính phủ,3
2023,Quận 3,Bằng khen của Thủ tướng Chính phủ,10
2024,Quận 1,Bằng khen của Thủ tướng Chính phủ,6
2024,Quận 3,Bằng khen của Thủ tướng Chính phủ,12
"""


@pytest.fixture
def shown(monkeypatch):
    """Everything the context displays, as one text (Markdown and HTML; figures as a marker)."""
    outputs: list[str] = []

    def capture(bundle, metadata=None):
        outputs.append(bundle.get("text/html") or bundle.get("text/markdown") or "[figure]")

    for module in ("display", "notebook", "figures"):
        monkeypatch.setattr(f"emulation_analysis.report.{module}.display_bundle", capture)
    return outputs


@pytest.fixture
def two_years(write_text):
    return write_text("mine.csv", TWO_YEARS)


def run_page(ctx, kind: str) -> None:
    """What notebook 01 (distribution) or 02 (comparison) calls, in order."""
    ctx.header(kind)
    ctx.key_points(kind)
    if kind == "distribution":
        ctx.table(lambda records: records[["year"]].head(1), section="summary")
        ctx.cluster_heads()
    else:
        ctx.change_table("district")
        ctx.change_table("award")
        ctx.table(lambda records: records[["year"]].head(1), needs_years=3, section="trends")
    ctx.about(kind)


def test_shares_of_a_selection_say_so(shown):
    ctx = start("", [], ["Q1", "TB"], "vi")
    run_page(ctx, "distribution")
    page = "\n".join(shown)
    assert "13 lượt (86,7 % của các đơn vị được chọn)" in page
    assert "của cả cụm" not in page
    en = narrative.distribution_reading(ctx.records, 2018, lang="en", selected=True)
    assert "(86.7% of the selected units)" in en[1]


def test_the_whole_cluster_is_named_when_nothing_is_selected(shown):
    run_page(start("", [], [], "vi"), "distribution")
    page = "\n".join(shown)
    assert (
        '<div class="headline"><p>29 lượt khen thưởng cho 6 đơn vị năm 2018; nhiều nhất là Quận 1 với 13 lượt'
        " (44,8 % của cả cụm).</p></div>" in page
    )


def test_titles_without_a_cluster_column_read_cleanly(two_years, shown):
    vi, en = start(two_years, [], [], "vi"), start(two_years, [], [], "en")
    assert vi.title("comparison") == "So sánh khen thưởng năm 2023 và năm 2024"
    assert vi.title("distribution") == "Phân bố khen thưởng năm 2024"
    assert en.title("distribution") == "Awards in 2024"
    assert en.title("comparison") == "Awards: 2023 compared with 2024"
    for title in (vi.title("comparison"), en.title("distribution")):
        assert " :" not in title and " ," not in title and "  " not in title


def test_sections_with_nothing_to_show_are_left_out(two_years, shown):
    run_page(start(two_years, [], [], "vi"), "comparison")
    page = "\n".join(shown)
    assert "Thay đổi theo đơn vị" in page
    assert "Xu hướng" not in page and "ít nhất 3 năm" not in page


def test_the_earliest_year_alone_gives_no_comparison_and_no_crash(two_years, shown):
    ctx = start(two_years, [2023], [], "vi")
    assert ctx.base is None
    run_page(ctx, "comparison")
    ctx.comparison_figure(lambda *args, **kwargs: pytest.fail("no comparison to draw"))
    page = "\n".join(shown)
    assert "Số liệu không có năm nào trước năm 2023 để so sánh" in page
    assert "Thay đổi theo đơn vị" not in page and "Những điểm chính" not in page


def test_percent_changes_on_a_small_base_are_left_out_with_a_note(two_years, shown):
    ctx = start(two_years, [], [], "en")
    assert narrative.comparison_headline(ctx.records, 2023, 2024, lang="en") == (
        "18 awards for all units in 2024, up 5 awards (38.5%) on 2023."
    )
    ctx.change_table("district")
    table, note = shown[1], shown[2]
    # unit names are written with non-breaking spaces (report.tables), row headers carry a class
    district_1 = re.search(r"<th[^>]*>District&nbsp;1</th>(.*?)</tr>", table, re.S).group(1)
    assert "—" in district_1 and "100" not in district_1, "3 → 6 has no percentage"
    assert "20" in re.search(r"<th[^>]*>District&nbsp;3</th>(.*?)</tr>", table, re.S).group(1)
    assert note == (
        '<p class="section-note">—: fewer than 5 awards in 2023, so only the change is given,'
        " not a percentage.</p>"
    )
    small = ctx.records[ctx.records["district"] == "Quận 1"]
    assert narrative.comparison_headline(small, 2023, 2024, lang="vi", selected=True) == (
        "6 lượt khen thưởng của các đơn vị được chọn năm 2024, tăng 3 lượt so với năm 2023."
    )
    sentence = narrative.comparison_reading(small, 2023, 2024, lang="vi", selected=True)[0]
    assert "(+3; không tính tỉ lệ vì năm 2023 có dưới 5 lượt)" in sentence


def test_cluster_heads_only_for_the_years_and_cluster_of_the_data(two_years, shown):
    run_page(start(two_years, [], [], "vi"), "distribution")
    page = "\n".join(shown)
    assert "Cụm trưởng" not in page, "the data name no cluster and hold no year of the table"
    shown.clear()
    run_page(start("", [], [], "vi"), "distribution")
    page = "\n".join(shown)
    heads = page.split("## Cụm trưởng")[1].split('<section class="about-data">')[0]
    assert re.search(r"<th[^>]*>2018</th>", heads) and "Quận&nbsp;1" in heads and "2019" not in heads
    assert "handover" not in page


def test_the_about_block_closes_the_page_in_the_page_language(shown):
    run_page(start("", [], [], "en"), "distribution")
    about = shown[-1]
    assert about.startswith('<section class="about-data"><h2>About the data</h2>')
    assert "Source: quanuy1hcm.org.vn" in about and "Period: 2018" in about
    assert "this page covers 29 awards to 6 units" in about
    assert not any("records," in block or "Data file" in block for block in shown)


def test_illustrative_records_are_named_plainly(shown):
    run_page(start(str(illustrative_data_path()), [], [], "vi"), "comparison")
    page = "\n".join(shown)
    assert "Nguồn: Dữ liệu minh hoạ (không phải số liệu thật)" in page
    assert "seed" not in page and "emulation_analysis" not in page
    assert page.index('class="illustrative-notice"') < page.index('class="headline"')


def test_ward_figures_added_up_onto_districts_are_said(real):
    records = real.copy()
    assert "phường" not in about_html(records, "vi", period="", counted="")
    records.attrs[UNIT_RULE_ATTR] = WARDS_ADDED_UP
    assert "cộng dồn về quận cũ" in about_html(records, "vi", period="", counted="")
    assert "added up onto the former districts" in about_html(records, "en", period="", counted="")


def test_comparison_notebook_on_its_defaults_uses_the_illustrative_years_and_says_why(shown):
    ctx = start("", [], [], "en", needs_years=2)
    illustrative_years = sorted(set(ctx.records["year"]))
    assert ctx.illustrative and ctx.stands_in_for == [2018]
    assert (ctx.base, ctx.target) == tuple(illustrative_years[-2:])
    ctx.header("comparison")
    assert "The bundled real records hold only the year 2018" in shown[1]
    asked = start("", [2018], [], "en", needs_years=2)
    assert asked.base is None and not asked.illustrative, "a year asked for is never swapped"


# --- the explorer -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def explorer():
    from emulation_analysis.report.explorer import Explorer

    return Explorer(illustrative_data_path(), lang="vi")


def _visible(explorer) -> set[str]:
    return {name for name, control in explorer.controls.items() if control.layout.display != "none"}


def test_explorer_shows_only_the_controls_of_the_chosen_chart(explorer):
    always = {"chart", "districts", "forms", "lang"}
    for chart, years in (
        ("distribution", {"year"}),
        ("comparison", {"base", "target"}),
        ("trends", set()),
        ("heatmap", {"year"}),
    ):
        explorer.controls["chart"].value = chart
        assert _visible(explorer) == always | years, chart


def test_explorer_translates_labels_chart_names_and_options(explorer):
    explorer.controls["chart"].value = "heatmap"
    chosen = explorer.controls["districts"].value
    explorer.controls["lang"].value = "en"
    try:
        assert explorer.controls["chart"].label == "Colour table"
        assert explorer.controls["chart"].value == "heatmap"
        assert "District 1" in [label for label, _ in explorer.controls["districts"].options]
        assert explorer.controls["districts"].value == chosen, "the choice survives the language"
        assert "Labour Order, Third Class" in [label for label, _ in explorer.controls["forms"].options]
        assert "Ctrl" in explorer.hint.value and "click" in explorer.hint.value
        assert explorer.controls["target"].description == "Compared year"
    finally:
        explorer.controls["lang"].value = "vi"
    assert explorer.controls["chart"].label == "Bảng màu"
    assert "Ctrl" in explorer.hint.value and "bấm" in explorer.hint.value


def test_explorer_labels_have_room(explorer):
    for control in explorer.controls.values():
        assert control.style.description_width == "9rem"


def test_the_index_gives_one_period_for_the_real_pages():
    from emulation_analysis.report.briefing import Page, _index_html

    pages = [
        Page("01.ipynb", "01.html", "Phân bố khen thưởng năm 2024", "2024", False),
        Page("02.ipynb", "02.html", "So sánh khen thưởng năm 2023 và năm 2024", "2023–2024", False),
    ]
    index = _index_html(pages, "vi")
    assert "Kỳ số liệu: 2023–2024</p>" in index and "2024, " not in index



def test_a_page_whose_charts_count_their_sources_shows_the_sources_table(shown, write_text):
    # five decisions: the chart says "Nguồn: 5 văn bản (xem bảng nguồn)", so the table must be there
    rows = ["year,district,award,count,source"] + [
        f"2024,Q{unit},Giấy khen,{n + 1},Quyết định {n + 10}/QĐ-UBND"
        for n, unit in enumerate([1, 3, 5, 10, 11])
    ]
    ctx = start(str(write_text("quyet-dinh.csv", "\n".join(rows) + "\n")), [2024], [], "vi")
    ctx.about("distribution")
    page = "\n".join(shown)
    assert "## Bảng nguồn" in page and "Quyết định 14/QĐ-UBND" in page


def test_a_page_with_few_sources_names_them_on_the_charts_and_has_no_sources_table(shown, two_years):
    start(str(two_years), [2024], [], "vi").about("distribution")
    assert "Bảng nguồn" not in "\n".join(shown)
