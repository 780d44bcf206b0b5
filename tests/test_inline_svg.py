"""Figures put inline in one briefing page: the same words and marks, valid references, one small font."""

from __future__ import annotations

import base64
import html
import io
import re
from collections import Counter

import matplotlib.pyplot as plt
import pytest
from fontTools.ttLib import TTFont

from emulation_analysis import (
    plot_distribution,
    plot_heatmap,
    plot_trends,
    plot_year_comparison,
    plot_year_comparison_by_form,
    svg_bytes,
)
from emulation_analysis.report.html_figures import FontKey, InlineFigures, font_face_css, self_close

DEJAVU = "'DejaVu Sans', sans-serif"


def words(svg: str) -> list[str]:
    return [html.unescape(w) for w in re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)]


def marks(svg: str) -> Counter:
    """What is drawn besides text: one entry per path, marker, rectangle or image."""
    return Counter(re.findall(r"<(path|use|rect|image)\b", svg))


@pytest.fixture(scope="module")
def page_figures(real, synthetic) -> list[str]:
    """The five charts as the briefing notebooks show them (text as text)."""
    drawn = [
        plot_distribution(real),
        plot_heatmap(real),
        plot_year_comparison(synthetic, 2018, 2019),
        plot_year_comparison_by_form(synthetic, 2018, 2019)[0],
        plot_trends(synthetic),
    ]
    figures = [svg_bytes(ax.figure, fonttype="none").decode("utf-8") for ax in drawn]
    plt.close("all")
    return figures


def test_svg_text_mode_is_deterministic_and_leaves_rcparams_alone(real):
    before = dict(plt.rcParams)
    figure = plot_distribution(real).figure
    first, second = svg_bytes(figure, fonttype="none"), svg_bytes(figure, fonttype="none")
    plt.close("all")
    assert first == second
    assert b"Qu\xe1\xba\xadn T\xc3\xa2n B\xc3\xacnh</text>" in first  # "Quận Tân Bình" as text
    assert dict(plt.rcParams) == before


def test_a_page_shows_the_same_words_and_marks_as_the_charts(page_figures):
    page = InlineFigures()
    for svg in page_figures:
        inline = page.add(svg)
        assert words(inline) == words(svg), "every word, with its spaces and punctuation, in order"
        before, after = marks(svg), marks(inline)
        assert after - before == Counter() and after["use"] == before["use"]
        # only definitions an earlier figure of the page holds are left out
        assert before["path"] - after["path"] <= svg.count("<path id=")


def test_every_reference_on_a_page_resolves_and_no_id_is_defined_twice(page_figures):
    page = InlineFigures()
    inline = "".join(page.add(svg) for svg in page_figures)
    ids = Counter(re.findall(r'\bid="([^"]+)"', inline))
    assert [i for i, n in ids.items() if n > 1] == []
    references = {a or b for a, b in re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', inline)}
    assert references and references <= set(ids)


def test_outlined_text_still_gets_each_glyph_defined_once_per_page(real):
    """A figure an analyst shows with matplotlib's defaults (glyph outlines) also fits in a page."""
    figure = plot_distribution(real).figure
    svg = svg_bytes(figure).decode("utf-8")
    plt.close("all")
    page = InlineFigures()
    first, second = page.add(svg), page.add(svg)
    glyphs = re.findall(r'<path id="([^"]+)" d=', first + second)
    assert glyphs and len(glyphs) == len(set(glyphs))
    assert len(second) < len(first) / 2
    assert page.characters == {}


def test_the_page_font_holds_exactly_the_characters_shown():
    shown = "Quận Tân Bình 0123 (mới) −50%"
    rule = font_face_css(FontKey(DEJAVU), shown)
    assert rule == font_face_css(FontKey(DEJAVU), shown), "same characters, same bytes"
    data = re.search(r"base64,([^)]+)\)", rule).group(1)
    font = TTFont(io.BytesIO(base64.b64decode(data)))
    assert {chr(c) for c in font.getBestCmap()} == set(shown)
    assert font["name"].getDebugName(1) == "DejaVu Sans" and "Copyright" in font["name"].getDebugName(0)
    assert len(rule) < 20_000, "a subset, not the whole font (about 750 KB)"


def test_bold_text_gets_the_bold_face(page_figures):
    page = InlineFigures()
    for svg in page_figures:
        page.add(svg)
    assert {key.weight for key in page.characters} == {"400", "700"}
    css = page.css()
    assert css.count("@font-face") == 2
    assert 'font-weight:700;font-style:normal;font-stretch:normal;src:url(data:font/woff;base64,' in css


def test_self_close_only_touches_empty_svg_elements():
    page = '<p>a</p><div class="briefing-figure"><svg><rect x="1"></rect><text>b</text></svg></div>'
    assert self_close(page) == page.replace("></rect>", "/>")
