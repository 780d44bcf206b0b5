"""Charts: what is drawn, not only that it runs.

Bars are as long as the counts, labels are in order and spelled right, the
source line and the watermark appear exactly when they should, nothing
overlaps or leaves the figure, and the same data gives the same SVG bytes.
"""

from __future__ import annotations

import itertools
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from emulation_analysis import (
    award_colour,
    default_catalog,
    load_awards,
    plot_distribution,
    plot_heatmap,
    plot_trends,
    plot_year_comparison,
    plot_year_comparison_by_form,
    svg_bytes,
)
from emulation_analysis.charts.layout import CHANGE_GID, SOURCE_GID, TOTAL_GID, WATERMARK_GID
from emulation_analysis.i18n import messages
from emulation_analysis.io.illustrative import illustrative_data_path

ILLUSTRATIVE = illustrative_data_path()
WATERMARK_VI = "Dữ liệu minh hoạ — không phải số liệu chính thức"
WATERMARK_EN = "Illustrative data — not official figures"
SOURCE_2018 = (
    'Nguồn: quanuy1hcm.org.vn, "Cụm thi đua 1 đẩy mạnh công tác cải cách hành chính" (2019), '
    "hội nghị tổng kết ngày 31/01/2019"
)
DISTRICTS_VI = ["Quận 1", "Quận 3", "Quận 5", "Quận 10", "Quận 11", "Quận Tân Bình"]
DISTRICTS_EN = ["District 1", "District 3", "District 5", "District 10", "District 11", "Tan Binh District"]
FORMS_VI = ["HC Lao động hạng Nhì", "HC Lao động hạng Ba", "Bằng khen Thủ tướng", "Cờ thi đua Chính phủ"]
FORMS_EN = [
    "Labour Order, Second Class",
    "Labour Order, Third Class",
    "Prime Minister's Certificate of Merit",
    "Government Emulation Flag",
]


@pytest.fixture(autouse=True)
def _close_figures(monkeypatch):
    # A chart function must never show a window.
    monkeypatch.setattr(plt, "show", lambda *a, **k: pytest.fail("plt.show() was called"))
    yield
    plt.close("all")


def flat(text: str) -> str:
    """Label text with the line breaks added for layout removed."""
    return " ".join(text.split())


def texts_with_gid(container, gid: str) -> list[Text]:
    return [t for t in container.findobj(Text) if t.get_gid() == gid]


def source_text(ax_or_fig) -> str:
    found = texts_with_gid(ax_or_fig, SOURCE_GID)
    assert len(found) == 1
    return flat(found[0].get_text())


def has_watermark(ax_or_fig) -> list[str]:
    return [t.get_text() for t in texts_with_gid(ax_or_fig, WATERMARK_GID)]


def assert_tidy(fig) -> None:
    """No two labels overlap and none leaves the figure (nothing clipped)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    # Tick objects outside the view limits exist but are not drawn: skip them.
    undrawn = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            drawn = {id(t) for t in axis._update_ticks()}
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if id(tick) not in drawn:
                    undrawn.update({id(tick.label1), id(tick.label2)})
    boxes = []
    for text in fig.findobj(Text):
        if not text.get_visible() or not text.get_text().strip():
            continue
        if id(text) in undrawn:
            continue
        box = text.get_window_extent(renderer)
        lines = text.get_text().split("\n")
        inked = len(lines)
        while not lines[inked - 1].strip():
            inked -= 1
        if inked < len(lines):  # blank lines that reserve room for a line drawn there: not ink
            box = Bbox.from_extents(box.x0, box.y1 - box.height * inked / len(lines), box.x1, box.y1)
        assert fig.bbox.contains(box.x0 + 0.5, box.y0 + 0.5) and fig.bbox.contains(
            box.x1 - 0.5, box.y1 - 0.5
        ), f"{text.get_text()!r} leaves the figure"
        boxes.append((text.get_text(), box))
    for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
        overlap_w = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
        overlap_h = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
        assert overlap_w <= 0.5 or overlap_h <= 0.5, f"{a!r} overlaps {b!r}"


# --- distribution -------------------------------------------------------------


def test_distribution_bars_are_the_counts(real):
    ax = plot_distribution(real)
    expected = {  # the seed report, by hand: segment widths per form, districts in cluster order
        "HC Lao động hạng Nhì": [1, 1, 0, 0, 0, 0],
        "HC Lao động hạng Ba": [4, 2, 3, 1, 0, 0],
        "Bằng khen Thủ tướng": [7, 1, 3, 2, 1, 2],
        "Cờ thi đua Chính phủ": [1, 0, 0, 0, 0, 0],
    }
    assert [c.get_label() for c in ax.containers] == FORMS_VI
    left = np.zeros(6)
    for container in ax.containers:
        widths = [p.get_width() for p in container.patches]
        assert widths == expected[container.get_label()]
        assert [p.get_x() for p in container.patches] == left.tolist()  # stacked in precedence order
        left += widths
    assert [t.get_text() for t in ax.get_yticklabels()] == DISTRICTS_VI
    totals = texts_with_gid(ax, TOTAL_GID)
    assert [t.get_text() for t in totals] == ["13", "4", "6", "3", "1", "2"]
    assert [t.xy[0] for t in totals] == [13, 4, 6, 3, 1, 2]  # written at each bar's end


def test_distribution_labels_legend_source(real):
    ax = plot_distribution(real)
    legend = ax.get_legend()
    assert [flat(t.get_text()) for t in legend.get_texts()] == FORMS_VI
    assert legend.get_title().get_text() == "Hình thức khen thưởng"
    assert ax.get_title(loc="left") == "Khen thưởng theo đơn vị, năm 2018"
    assert ax.get_xlabel() == "Số lượt khen thưởng"
    assert source_text(ax) == SOURCE_2018
    assert has_watermark(ax) == []


def test_distribution_colours_fixed_per_form(real, synthetic):
    a = plot_distribution(real)
    b = plot_distribution(synthetic, year=2019)
    colours_a = {c.get_label(): c.patches[0].get_facecolor() for c in a.containers}
    colours_b = {c.get_label(): c.patches[0].get_facecolor() for c in b.containers}
    for form in set(colours_a) & set(colours_b):
        assert colours_a[form] == colours_b[form]
    assert (
        matplotlib.colors.to_hex(colours_a["Bằng khen Thủ tướng"])
        == award_colour("Bằng khen của Thủ tướng Chính phủ").lower()
    )


def test_distribution_english(real):
    ax = plot_distribution(real, lang="en")
    assert [t.get_text() for t in ax.get_yticklabels()] == DISTRICTS_EN
    assert [flat(t.get_text()) for t in ax.get_legend().get_texts()] == FORMS_EN
    assert ax.get_title(loc="left") == "Awards by unit, 2018"
    assert ax.get_xlabel() == "Number of awards"
    assert source_text(ax).startswith("Source: quanuy1hcm.org.vn")


def test_watermark_only_with_illustrative_rows(real, synthetic):
    assert has_watermark(plot_distribution(synthetic, year=2019)) == [WATERMARK_VI]
    assert has_watermark(plot_distribution(synthetic, year=2019, lang="en")) == [WATERMARK_EN]
    mixed = pd.concat([real, synthetic[synthetic["year"] == 2019]], ignore_index=True)
    # Only the plotted rows count: 2018 is real even when the frame holds illustrative years.
    assert has_watermark(plot_distribution(mixed, year=2018)) == []
    assert has_watermark(plot_distribution(mixed, year=2019)) == [WATERMARK_VI]
    assert has_watermark(plot_year_comparison(mixed, 2018, 2019)) == [WATERMARK_VI]
    assert has_watermark(plot_heatmap(real)) == []


def test_watermark_is_on_the_face_but_off_the_data(synthetic):
    # Over the bars it hid the counts written on them: it sits in the header, above the plot.
    charts = [
        plot_distribution(synthetic, year=2019),
        plot_heatmap(synthetic, year=2019),
        plot_year_comparison(synthetic, 2018, 2019),
        plot_trends(synthetic),
    ]
    for ax in charts:
        fig = ax.figure
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        (mark,) = texts_with_gid(ax, WATERMARK_GID)
        box = mark.get_window_extent(renderer)
        assert box.y0 >= ax.get_window_extent(renderer).y1  # above the plot area
        title = ax.title.get_window_extent(renderer)
        assert box.y1 <= title.y0  # under the title


def test_draws_on_the_callers_axes(real):
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4), layout="constrained")
    assert plot_distribution(real, ax=left) is left
    assert plot_heatmap(real, ax=right) is right
    assert len(fig.axes) == 2


def test_no_global_rcparams_change(real, synthetic):
    before = dict(plt.rcParams)
    plot_distribution(real)
    plot_heatmap(real)
    plot_trends(synthetic)
    plot_year_comparison_by_form(synthetic, 2018, 2019)
    svg_bytes(plt.gcf())
    assert dict(plt.rcParams) == before


# --- heatmap ------------------------------------------------------------------


def test_heatmap_cells(real):
    ax = plot_heatmap(real)
    array = np.asarray(ax.images[0].get_array())
    assert array.tolist() == [
        [1, 1, 0, 0, 0, 0],
        [4, 2, 3, 1, 0, 0],
        [7, 1, 3, 2, 1, 2],
        [1, 0, 0, 0, 0, 0],
    ]
    cells = [t for t in ax.texts if t.get_gid() is None and t.get_text().isdigit()]
    assert [t.get_text() for t in cells] == [str(v) for v in array.ravel()]
    assert [flat(t.get_text()) for t in ax.get_xticklabels()] == DISTRICTS_VI
    assert [flat(t.get_text()) for t in ax.get_yticklabels()] == FORMS_VI
    assert source_text(ax) == SOURCE_2018


# --- year comparison ----------------------------------------------------------


def test_year_comparison_dots_and_changes(synthetic):
    ax = plot_year_comparison(synthetic, 2018, 2019)
    base, target = ax.collections[1], ax.collections[2]
    assert base.get_offsets()[:, 0].tolist() == [5, 1, 3, 0]
    assert target.get_offsets()[:, 0].tolist() == [6, 3, 3, 2]
    changes = [t.get_text() for t in texts_with_gid(ax, CHANGE_GID)]
    # Quận 3 went from 1 to 3: on a base under 5 the change is shown alone, with a note
    assert changes == ["+1 (+20 %)", "+2", "0 (không đổi)", "+2 (mới)"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Quận 1", "Quận 3", "Quận 5", "Quận 10"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["2018", "2019"]
    assert source_text(ax) == (
        "Nguồn: Bộ dữ liệu tổng hợp cho kiểm thử (không phải số liệu thật) "
        "Không ghi tỉ lệ % khi năm gốc có dưới 5 lượt: chỉ ghi số thay đổi."
    )
    english = plot_year_comparison(synthetic, 2018, 2019, lang="en")
    assert [t.get_text() for t in texts_with_gid(english, CHANGE_GID)][2:] == ["0 (no change)", "+2 (new)"]


def test_year_comparison_missing_year(real):
    with pytest.raises(ValueError, match="year 2019 is not in the data; years available: 2018"):
        plot_year_comparison(real, 2018, 2019)


def test_small_multiples_per_form(synthetic):
    axes = plot_year_comparison_by_form(synthetic, 2018, 2019)
    assert [a.get_title(loc="left") for a in axes] == [
        "HC Lao động hạng Ba",
        "Bằng khen Thủ tướng",
        "Cờ thi đua Chính phủ",
    ]
    fig = axes[0].figure
    assert len(fig.axes) == 3  # the unused fourth grid cell is removed
    hcld3 = [t.get_text() for t in texts_with_gid(axes[0], CHANGE_GID)]
    assert hcld3 == ["−1", "+2 (mới)", "−1", "0"]  # bases of 2 and 1: no percentage
    assert has_watermark(fig) == [WATERMARK_VI]  # once, under the figure's title
    assert source_text(fig).startswith("Nguồn: Bộ dữ liệu tổng hợp")


# --- trends -------------------------------------------------------------------


def test_trend_lines(synthetic):
    ax = plot_trends(synthetic)
    assert len(ax.lines) == 4
    assert ax.lines[0].get_xdata().tolist() == [2018, 2019, 2020, 2021]
    assert ax.lines[0].get_ydata().tolist() == [5, 6, 2, 4]
    q10 = ax.lines[3].get_ydata()
    assert q10[:2].tolist() == [0, 2] and np.isnan(q10[2])  # a gap, not a zero
    names = [t.get_text() for t in ax.texts if t.get_text().startswith("Quận")]
    assert names == ["Quận 1", "Quận 3", "Quận 5", "Quận 10"]
    assert ax.get_title(loc="left") == "Tổng số lượt khen thưởng theo năm, 2018–2021"
    assert ax.get_xlabel() == "Năm" and ax.get_ylabel() == "Số lượt khen thưởng"
    assert has_watermark(ax) == [WATERMARK_VI]


def test_trends_need_three_years(real, synthetic):
    with pytest.raises(ValueError, match="three or more years; the data holds 2018"):
        plot_trends(real)
    with pytest.raises(ValueError, match="the data holds 2018, 2019"):
        plot_trends(synthetic[synthetic["year"] <= 2019])


# --- layout, glyphs, determinism ---------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_nothing_overlaps_or_is_clipped(real, synthetic, lang):
    six = _six_districts_all_years(real)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph or layout failure is a warning
        assert_tidy(plot_distribution(real, lang=lang).figure)
        assert_tidy(plot_heatmap(real, lang=lang).figure)
        assert_tidy(plot_year_comparison(six, 2018, 2019, lang=lang).figure)
        assert_tidy(plot_year_comparison_by_form(six, 2018, 2019, lang=lang)[0].figure)
        assert_tidy(plot_trends(six, lang=lang).figure)
        assert_tidy(plot_distribution(synthetic, year=2019, lang=lang).figure)
        # Six forms with long English names, illustrative: panel titles side by side.
        illustrative = load_awards(ILLUSTRATIVE)
        assert_tidy(plot_year_comparison_by_form(illustrative, 2019, 2022, lang=lang)[0].figure)
        assert_tidy(plot_heatmap(illustrative, year=2022, lang=lang).figure)


def _six_districts_all_years(real: pd.DataFrame) -> pd.DataFrame:
    """Real 2018 rows plus synthetic copies for 2019–2021 (illustrative), for layout tests."""
    copies = []
    for shift, year in enumerate((2019, 2020, 2021), start=1):
        copy = real.copy()
        copy["year"] = year
        copy["count"] = (copy["count"] + shift * np.arange(len(copy)) % 3).astype("int64")
        copy["illustrative"] = True
        copies.append(copy)
    return pd.concat([real, *copies], ignore_index=True)


def test_every_catalogue_name_renders_without_missing_glyphs():
    catalog = default_catalog()
    names = [
        *catalog.awards["name"],
        *catalog.awards["short_name"],
        *catalog.awards["family"],
        *catalog.units["name"],
        *catalog.clusters["cluster"],
        *catalog.clusters["role"],
        *messages()["vi"],
    ]
    names = sorted({n for n in names if n})
    fig = plt.figure(figsize=(8, 0.2 * len(names)))
    for i, name in enumerate(names):
        fig.text(0.01, 1 - (i + 1) / (len(names) + 1), name, fontsize=8)
        fig.text(0.5, 1 - (i + 1) / (len(names) + 1), name, fontsize=8, fontweight="bold")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    assert not [
        str(w.message) for w in caught if "missing from" in str(w.message) or "Glyph" in str(w.message)
    ]


def test_same_data_same_svg_bytes(real, synthetic):
    first = svg_bytes(plot_distribution(real).figure)
    plt.close("all")
    second = svg_bytes(plot_distribution(real).figure)
    assert first == second
    assert b"<dc:date>" not in first
    figure = plot_trends(synthetic).figure
    assert svg_bytes(figure) == svg_bytes(figure)  # saving twice changes nothing
    a = svg_bytes(plot_year_comparison_by_form(synthetic, 2018, 2019)[0].figure)
    plt.close("all")
    with plt.rc_context({"svg.hashsalt": "something-else"}):
        b = svg_bytes(plot_year_comparison_by_form(synthetic, 2018, 2019)[0].figure)
    assert a == b
