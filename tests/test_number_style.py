"""One number style on every surface (text, tables, charts), and tables and source lines built for reading.

Vietnamese writes ``2.104`` and ``44,8 %``, English ``2,104`` and ``44.8%``;
a negative number has a true minus sign (U+2212); a percentage change on a
base under 5 awards is not shown (the change alone, with a note).
"""

from __future__ import annotations

import itertools
import math
import re

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from emulation_analysis.analysis.sources import sources_table
from emulation_analysis.charts.comparison import plot_year_comparison
from emulation_analysis.charts.distribution import plot_distribution
from emulation_analysis.charts.layout import CHANGE_GID, SOURCE_GID, fit_text, source_line, text_width_pt
from emulation_analysis.charts.trends import plot_trends
from emulation_analysis.i18n import format_number, format_percent
from emulation_analysis.report.tables import table_html


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize(
    ("value", "lang", "digits", "signed", "expected"),
    [
        (2104, "vi", 0, False, "2.104"),
        (2104, "en", 0, False, "2,104"),
        (1234567.891, "vi", 2, False, "1.234.567,89"),
        (1234567.891, "en", 2, False, "1,234,567.89"),
        (-3, "vi", 0, False, "\u22123"),
        (-3, "en", 0, True, "\u22123"),
        (12, "vi", 0, True, "+12"),
        (0, "vi", 0, True, "0"),
        (-0.04, "vi", 1, False, "0,0"),  # rounds to zero: no sign
        (float("nan"), "en", 0, False, "—"),
    ],
)
def test_format_number(value, lang, digits, signed, expected):
    assert format_number(value, lang, digits, signed=signed) == expected


@pytest.mark.parametrize(
    ("fraction", "lang", "digits", "signed", "expected"),
    [
        (0.448276, "vi", 1, False, "44,8 %"),
        (0.448276, "en", 1, False, "44.8%"),
        (-0.194, "vi", 1, False, "\u221219,4 %"),
        (0.58, "vi", 0, True, "+58 %"),
        (0.58, "en", 0, True, "+58%"),
        (12.5, "en", 0, False, "1,250%"),
    ],
)
def test_format_percent(fraction, lang, digits, signed, expected):
    assert format_percent(fraction, lang, digits, signed=signed) == expected


def _big_records() -> pd.DataFrame:
    """Two years of two districts, thousands of awards, so axes need thousands separators."""
    rows = [
        (2021, "Quận 1", "BKTTg", 1800),
        (2022, "Quận 1", "BKTTg", 2104),
        (2021, "Quận 3", "BKTTg", 3),
        (2022, "Quận 3", "BKTTg", 6),
        (2023, "Quận 1", "BKTTg", 1500),
        (2023, "Quận 3", "BKTTg", 9),
    ]
    return pd.DataFrame(rows, columns=["year", "district", "award", "count"])


def _tick_labels(axis) -> list[str]:
    plt.gcf().canvas.draw()
    return [t.get_text() for t in axis.get_ticklabels() if t.get_text()]


@pytest.mark.parametrize(("lang", "thousand"), [("vi", "."), ("en", ",")])
def test_chart_axes_write_numbers_as_the_language_does(lang, thousand):
    distribution = plot_distribution(_big_records(), year=2022, lang=lang)
    ticks = _tick_labels(distribution.xaxis)
    assert any(thousand in tick for tick in ticks), ticks
    assert all(re.fullmatch(rf"\d{{1,3}}(\{thousand}\d{{3}})*", tick) for tick in ticks), ticks
    trends = plot_trends(_big_records(), lang=lang)
    assert any(thousand in tick for tick in _tick_labels(trends.yaxis))


def test_change_labels_on_a_chart_use_the_percent_style_and_skip_small_bases():
    ax = plot_year_comparison(_big_records(), 2021, 2022)
    changes = [t.get_text() for t in ax.texts if t.get_gid() == CHANGE_GID]
    # Quận 1: 1.800 → 2.104 (+17 %); Quận 3: 3 → 6, a base under 5: the change alone
    assert changes == ["+304 (+17 %)", "+3"]
    source = next(t.get_text() for t in ax.texts if t.get_gid() == SOURCE_GID)
    assert "dưới 5 lượt" in source
    english = plot_year_comparison(_big_records(), 2021, 2022, lang="en")
    assert [t.get_text() for t in english.texts if t.get_gid() == CHANGE_GID] == ["+304 (+17%)", "+3"]


# --- tables ----------------------------------------------------------------------------------------


def _cells(page: str, tag: str) -> list[tuple[str, str]]:
    return re.findall(rf'<{tag} class="([a-z ]+)"[^>]*>([^<]*)</{tag}>', page)


def test_table_has_no_index_row_no_blank_column_and_aligns_text_left_numbers_right():
    frame = pd.DataFrame(
        {
            "rank": [1, 2],
            "tied": [False, False],
            "total": [2104, 7],
            "pct_change": [19.4, 300.0],
            "change": [3, 3],
        },
        index=pd.Index(["Quận Tân Bình", "Quận 1"], name="district"),
    )
    page = table_html(frame, lang="vi")
    assert page.count("<tr>") == 3  # one header row, two rows: no row for the index's name
    headings = _cells(page, "th")[:5]
    assert [h for _, h in headings] == ["Đơn vị", "Hạng", "Tổng", "Thay đổi (%)", "Thay đổi"]
    assert "Đồng hạng" not in page  # never true: the column is left out
    assert headings[0][0] == "text" and all(kind == "num" for kind, _ in headings[1:])
    assert ("text wide", "Quận&nbsp;Tân&nbsp;Bình") in _cells(page, "th")  # a column of long names
    assert ("num", "2.104") in _cells(page, "td")
    # 3 on a base of 1 (+300 %): the percentage is hidden and a note says why
    assert [c for kind, c in _cells(page, "td") if kind == "num"] == [
        "1",
        "2.104",
        "+19,4",
        "+3",
        "2",
        "7",
        "—",
        "+3",
    ]
    assert "dưới 5 lượt" in page
    assert page.startswith('<div class="briefing-table-scroll">')


def test_years_in_a_table_are_never_grouped():
    page = table_html(pd.DataFrame({"total": [5]}, index=pd.Index([2019], name="year")), lang="vi")
    assert ">2019<" in page and "2.019" not in page


# --- source lines ---------------------------------------------------------------------------------


def test_a_source_line_of_400_words_is_wrapped_to_the_width():
    words = [f"QĐ-{n}/UBND" if n % 7 == 0 else "quyết định khen thưởng"[n % 5 :] or "số" for n in range(400)]
    text = " ".join(words)
    wrapped = fit_text(text, 400, 7.5)
    lines = wrapped.split("\n")
    assert " ".join(lines) == text  # every word kept, in order
    assert all(text_width_pt(line, 7.5) <= 400 + 1 for line in lines)
    # greedy: no line could have taken the next line's first word
    assert all(text_width_pt(f"{a} {b.split()[0]}", 7.5) > 400 for a, b in itertools.pairwise(lines))
    assert len(lines) > 10


def test_many_sources_are_counted_on_the_chart_and_listed_in_the_sources_table():
    records = pd.DataFrame(
        {
            "year": [2022] * 6,
            "district": ["Quận 1", "Quận 3"] * 3,
            "award": ["BKTTg"] * 6,
            "count": [1, 2, 3, 4, 5, 6],
            "source": [f"Quyết định {n}/QĐ-UBND" for n in (10, 11, 12, 13, 10, 14)],
        }
    )
    assert source_line(records) == "Nguồn: 5 văn bản (xem bảng nguồn)"
    assert source_line(records, "en") == "Sources: 5 documents (see the sources table)"
    assert source_line(records.head(3)).startswith("Nguồn: Quyết định 10/QĐ-UBND; Quyết định 11")
    table = sources_table(records)
    assert table["source"].tolist() == [f"Quyết định {n}/QĐ-UBND" for n in (10, 11, 12, 13, 14)]
    assert table["awards"].tolist() == [1 + 5, 2, 3, 4, 6]
    assert table["year"].tolist() == ["2022"] * 5
    ax = plot_distribution(records)
    source = next(t.get_text() for t in ax.texts if t.get_gid() == SOURCE_GID)
    assert source == "Nguồn: 5 văn bản (xem bảng nguồn)"
    assert not math.isnan(ax.get_xlim()[1])
