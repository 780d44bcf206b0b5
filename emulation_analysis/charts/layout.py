"""What every chart carries, and the measuring that lays it out.

Every chart of the package has a bold title with a grey subtitle (the
cluster), the watermark "Dữ liệu minh hoạ — không phải số liệu chính thức"
when any plotted row is illustrative, and a source line "Nguồn: …" under the
x-axis label, followed, when wards were added up onto their former districts
(:func:`~emulation_analysis.analysis.reorganisation.by_former_district`), by
the sentence that says so and cites the resolution. Text is wrapped to the
room it has, measured in points with the chart font rather than guessed from
character counts. The chart modules
(:mod:`.distribution`, :mod:`.comparison`, :mod:`.trends`) draw with these
helpers.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.colors as mcolors
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.figure import Figure, SubFigure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Annotation
from matplotlib.textpath import TextToPath
from matplotlib.ticker import FuncFormatter

from ..analysis.records import YearSpec, prepare, select_years
from ..analysis.reorganisation import reorganisation_note
from ..analysis.sources import MAX_LISTED_SOURCES, distinct_sources
from ..catalog import Catalog
from ..i18n import Lang, format_number
from .labels import label
from .style import new_figure

__all__ = [
    "CHANGE_GID",
    "GRID",
    "MUTED",
    "SOURCE_GID",
    "TOTAL_GID",
    "WATERMARK_GID",
    "add_source_line",
    "axes_or_new",
    "axes_width_pt",
    "count_axis",
    "count_text",
    "fit_text",
    "footnote",
    "period_text",
    "selected_records",
    "set_suptitle",
    "set_title",
    "settle",
    "source_line",
    "subfigure_width",
    "text_colour",
    "text_width_pt",
    "watermark_text",
    "with_cluster",
]

# Roles of the text artists, so tests and callers can find them on a chart.
SOURCE_GID = "source-line"
WATERMARK_GID = "watermark"
TOTAL_GID = "bar-total"
CHANGE_GID = "change-label"

MUTED = "#555555"
GRID = "#DDDDDD"

_TEXT_TO_PATH = TextToPath()


def source_line(records: pd.DataFrame, lang: Lang = "vi") -> str:
    """The "Nguồn: …" line for the given rows: their distinct sources, in order.

    With more than :data:`~emulation_analysis.analysis.sources.MAX_LISTED_SOURCES`
    sources the line counts them and points to the sources table
    (:func:`emulation_analysis.analysis.sources.sources_table`) instead.

    Examples
    --------
    >>> from emulation_analysis import load_awards
    >>> source_line(load_awards()).startswith("Nguồn: quanuy1hcm.org.vn")
    True
    >>> many = pd.DataFrame({"source": [f"Quyết định {n}" for n in range(5)]})
    >>> source_line(many), source_line(many, "en")
    ('Nguồn: 5 văn bản (xem bảng nguồn)', 'Sources: 5 documents (see the sources table)')
    """
    sources = distinct_sources(records)
    if len(sources) > MAX_LISTED_SOURCES:
        return label("chart.source_count", lang, count=format_number(len(sources), lang))
    listed = "; ".join(sources) or label("chart.source_missing", lang)
    return label("chart.source", lang, sources=listed)


def _is_illustrative(records: pd.DataFrame) -> bool:
    return bool("illustrative" in records and records["illustrative"].fillna(False).astype(bool).any())


def text_width_pt(text: str, size: float, *, bold: bool = False) -> float:
    font = FontProperties(size=size, weight="bold" if bold else "normal")
    width, _, _ = _TEXT_TO_PATH.get_text_width_height_descent(text, font, ismath=False)
    return float(width)


def fit_text(text: str, max_pt: float, size: float, *, bold: bool = False) -> str:
    """``text`` broken into lines no wider than ``max_pt`` (measured, not guessed).

    Two lines are split where the longer one is shortest, so "Quận Tân Bình"
    becomes "Quận / Tân Bình" rather than leaving a lone word; longer text is
    wrapped word by word. Each word is measured once and lines are summed from
    those widths, so the time grows with the length of the text, not its square.

    Examples
    --------
    >>> fit_text("Quận Tân Bình", 45, 8.5).splitlines()
    ['Quận', 'Tân Bình']
    >>> fit_text("Quận 1", 200, 8.5)
    'Quận 1'
    """
    if " " not in text or text_width_pt(text, size, bold=bold) <= max_pt:
        return text
    words = text.split(" ")
    widths = [text_width_pt(word, size, bold=bold) for word in words]
    space = text_width_pt("a a", size, bold=bold) - 2 * text_width_pt("a", size, bold=bold)
    # width of words[:k] on one line, for every k
    before = [0.0]
    for width in widths:
        before.append(before[-1] + width)
    n = len(words)

    def line_width(start: int, stop: int) -> float:
        return before[stop] - before[start] + space * (stop - start - 1)

    split = min(range(1, n), key=lambda k: (max(line_width(0, k), line_width(k, n)), k))
    if max(line_width(0, split), line_width(split, n)) <= max_pt:
        return " ".join(words[:split]) + "\n" + " ".join(words[split:])
    lines: list[list[str]] = [[words[0]]]
    start = 0
    for index in range(1, n):
        if line_width(start, index + 1) <= max_pt:
            lines[-1].append(words[index])
        else:
            lines.append([words[index]])
            start = index
    return "\n".join(" ".join(line) for line in lines)


def subfigure_width(fig: Figure | SubFigure) -> float:
    """Fraction of the root figure's width that ``fig`` takes."""
    return float(fig.bbox.width / fig.get_figure(root=True).bbox.width) if isinstance(fig, SubFigure) else 1.0


def settle(ax: Axes) -> None:
    """Run the figure's layout now, so ``ax.get_position()`` is its final size."""
    fig = ax.figure.get_figure(root=True) if hasattr(ax.figure, "get_figure") else ax.figure
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)


def axes_width_pt(ax: Axes) -> float:
    fig_width = ax.figure.get_figwidth()
    return ax.get_position().width * fig_width * 72


def footnote(
    records: pd.DataFrame, lang: Lang, width_pt: float, size: float = 7.5, note: str | None = None
) -> str:
    """The source line, then the note that ward figures were added up onto former districts (when
    they were), then ``note`` (when given): each wrapped to ``width_pt`` on its own lines.
    """
    parts = [source_line(records, lang), reorganisation_note(records, lang), note]
    return "\n".join(fit_text(part, width_pt, size) for part in parts if part)


def add_source_line(ax: Axes, records: pd.DataFrame, lang: Lang, note: str | None = None) -> None:
    """Source line under the x-axis label (see :func:`footnote`), and under it ``note`` when given."""
    settle(ax)
    # Wrap to the axes' final width, so the line never runs off the figure.
    width = max(axes_width_pt(ax), 200)
    ax.annotate(
        footnote(records, lang, width, note=note),
        xy=(0, 0),
        # x: the axes' left edge; y: the bottom of the x-axis label, wherever
        # tick labels push it, so the line never overlaps them.
        xycoords=("axes fraction", ax.xaxis.label),
        xytext=(0, -6),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize=7.5,
        color=MUTED,
        annotation_clip=False,
        gid=SOURCE_GID,
    )


def watermark_text(records: pd.DataFrame, lang: Lang) -> str | None:
    """The watermark text when any plotted row is illustrative, else None."""
    return label("chart.watermark", lang) if _is_illustrative(records) else None


def with_cluster(records: pd.DataFrame, heading: str) -> str:
    clusters = [c for c in pd.unique(records["cluster"].dropna())] if "cluster" in records else []
    return heading + (f"\n{clusters[0]}" if len(clusters) == 1 else "")


_HEADER_LINE_PT = 12.5  # one 8.5 pt header line


def _header_lines(text: str, warning: str | None, width_pt: float) -> list[tuple[str, dict, float]]:
    """The lines under a title: ``(text, style, offset in points)``, bottom line first.

    The subtitle (after the title's ``\\n``) is grey; the watermark, when there
    is one, is a red line right above the plot: on the chart's face, but never
    over a bar, a dot or a number.
    """
    _, _, rest = text.partition("\n")
    lines = [(rest, _subtitle_style())] if rest else []
    if warning:
        lines.append((warning, _warning_style()))
    placed = []
    offset = 4.0
    for line, style in reversed(lines):
        fitted = fit_text(line, width_pt, style["fontsize"], bold=style.get("fontweight") == "bold")
        placed.append((fitted, style, offset))
        offset += _HEADER_LINE_PT * (fitted.count("\n") + 1)
    return placed


def _subtitle_style() -> dict:
    return {"fontsize": 8.5, "color": MUTED}


def _warning_style() -> dict:
    # The watermark: a red line in the header, on the chart's face but never
    # over a bar, a dot or a number.
    return {"fontsize": 8.5, "fontweight": "bold", "color": "#B2182B", "gid": WATERMARK_GID}


def set_title(ax: Axes, text: str, warning: str | None = None) -> None:
    """Bold title; under it a grey subtitle (after ``\\n``) and the watermark line, if any."""
    settle(ax)
    lines = _header_lines(text, warning, max(axes_width_pt(ax), 200))
    for line, style, offset in lines:
        ax.annotate(
            line,
            xy=(0, 1),
            xycoords="axes fraction",
            xytext=(0, offset),
            textcoords="offset points",
            ha="left",
            va="bottom",
            annotation_clip=False,
            **style,
        )
    top = lines[-1][2] + _HEADER_LINE_PT * (lines[-1][0].count("\n") + 1) if lines else 6
    ax.set_title(text.partition("\n")[0], loc="left", fontsize=11, fontweight="bold", pad=top + 1)


def set_suptitle(fig: Figure | SubFigure, text: str, warning: str | None, width_pt: float) -> None:
    """:func:`set_title` for a figure of panels: the lines go under the figure's title."""
    lines = _header_lines(text, warning, width_pt)
    rows = sum(line.count("\n") + 1 for line, _, _ in lines)
    # Blank lines in the title reserve the room the layout must leave for the lines.
    heading = fig.suptitle(
        text.partition("\n")[0] + "\n " * rows,
        x=0.01,
        ha="left",
        fontsize=11,
        fontweight="bold",
        linespacing=1.1,
    )
    for line, style, offset in lines:
        fig.add_artist(
            Annotation(
                line,
                xy=(0, 0),
                xycoords=heading,
                xytext=(0, offset - 2),
                textcoords="offset points",
                ha="left",
                va="bottom",
                annotation_clip=False,
                **style,
            )
        )


def period_text(years: Sequence[int], lang: Lang) -> str:
    years = sorted(years)
    if len(years) == 1:
        return label("chart.period.year", lang, year=years[0])
    return label("chart.period.years", lang, first=years[0], last=years[-1])


def axes_or_new(ax: Axes | None, height: float) -> Axes:
    return ax if ax is not None else new_figure(height).add_subplot()


def text_colour(fill: str | tuple) -> str:
    r, g, b = mcolors.to_rgb(fill)
    # Relative luminance (WCAG); dark fills get white text.
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    luminance = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return "white" if luminance < 0.35 else "black"


def count_axis(axis: Axis, lang: Lang) -> None:
    """Write the tick labels of a count axis the way the language writes numbers (``1.000``, ``1,000``)."""
    axis.set_major_formatter(FuncFormatter(lambda value, _position: count_text(value, lang)))


def count_text(n: float, lang: Lang) -> str:
    """A count as written on a chart: no decimals for whole numbers, one otherwise."""
    return format_number(n, lang, 0 if float(n).is_integer() else 1)


def selected_records(df: pd.DataFrame, year: YearSpec, catalog: Catalog) -> tuple[pd.DataFrame, list[int]]:
    return select_years(prepare(df, catalog), year)
