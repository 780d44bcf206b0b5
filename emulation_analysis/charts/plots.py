"""Charts for a briefing: distribution, heatmap, year comparison, trends.

Every function takes award records (as :func:`load_awards` returns them),
draws on ``ax`` (or a new A4-width figure), and returns what it drew on; none
calls ``plt.show()`` or changes global settings. Every chart carries:

* a title, axis labels and legend in Vietnamese (``lang="en"`` for English),
  with names from the catalogue and wording from ``catalogs/messages.csv``;
* a source line "Nguồn: …" built from the plotted rows' ``source`` column;
* the watermark "Dữ liệu minh hoạ — không phải số liệu chính thức" when any
  plotted row is illustrative, and no watermark otherwise;
* one fixed colour per award form (``catalogs/award_colours.csv``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib.colors as mcolors
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Annotation
from matplotlib.textpath import TextToPath
from matplotlib.ticker import MaxNLocator

from ..analysis.compare import compare_years
from ..analysis.matrix import award_matrix
from ..analysis.records import FormSpec, YearSpec, check_year, prepare, select_years
from ..analysis.trends import yearly_totals
from ..catalog import Catalog, default_catalog
from ..i18n import Lang, check_lang
from ..schema import TOTAL
from .labels import award_colour, award_label, label, unit_label, unit_style
from .style import chart_style, new_figure

__all__ = [
    "plot_distribution",
    "plot_heatmap",
    "plot_trends",
    "plot_year_comparison",
    "plot_year_comparison_by_form",
    "source_line",
]

# Roles of the text artists, so tests and callers can find them on a chart.
SOURCE_GID = "source-line"
WATERMARK_GID = "watermark"
TOTAL_GID = "bar-total"
CHANGE_GID = "change-label"

_MUTED = "#555555"
_GRID = "#DDDDDD"
# Comparison colours: years are not domain data; Okabe–Ito grey and blue
# stay apart for every kind of colour vision and in grey print.
_BASE_COLOUR = "#999999"
_TARGET_COLOUR = "#0072B2"
_HEATMAP_CMAP = "Blues"
_TEXT_TO_PATH = TextToPath()


# --- shared pieces -----------------------------------------------------------


def source_line(records: pd.DataFrame, lang: Lang = "vi") -> str:
    """The "Nguồn: …" line for the given rows: their distinct sources, in order.

    Examples
    --------
    >>> from emulation_analysis import load_awards
    >>> source_line(load_awards()).startswith("Nguồn: quanuy1hcm.org.vn")
    True
    """
    sources = (
        [s for s in pd.unique(records["source"].dropna()) if str(s).strip()] if "source" in records else []
    )
    text = "; ".join(str(s) for s in sources) or label("source_missing", lang)
    return f"{label('source_prefix', lang)}: {text}"


def _is_illustrative(records: pd.DataFrame) -> bool:
    return bool("illustrative" in records and records["illustrative"].fillna(False).astype(bool).any())


def _text_width_pt(text: str, size: float, *, bold: bool = False) -> float:
    font = FontProperties(size=size, weight="bold" if bold else "normal")
    width, _, _ = _TEXT_TO_PATH.get_text_width_height_descent(text, font, ismath=False)
    return float(width)


def _fit(text: str, max_pt: float, size: float, *, bold: bool = False) -> str:
    """``text`` broken into lines no wider than ``max_pt`` (measured, not guessed).

    Two lines are split where the longer one is shortest, so "Quận Tân Bình"
    becomes "Quận / Tân Bình" rather than leaving a lone word; longer text is
    wrapped word by word.
    """
    if _text_width_pt(text, size, bold=bold) <= max_pt or " " not in text:
        return text
    words = text.split(" ")

    def longest(lines: Sequence[str]) -> float:
        return max(_text_width_pt(line, size, bold=bold) for line in lines)

    pairs = [(" ".join(words[:k]), " ".join(words[k:])) for k in range(1, len(words))]
    best = min(pairs, key=lambda pair: (longest(pair), len(pair[0])))
    if longest(best) <= max_pt:
        return "\n".join(best)
    lines = [words[0]]
    for word in words[1:]:
        trial = f"{lines[-1]} {word}"
        if _text_width_pt(trial, size, bold=bold) <= max_pt:
            lines[-1] = trial
        else:
            lines.append(word)
    return "\n".join(lines)


def _subfigure_width(fig: Figure | SubFigure) -> float:
    """Fraction of the root figure's width that ``fig`` takes."""
    return float(fig.bbox.width / fig.get_figure(root=True).bbox.width) if isinstance(fig, SubFigure) else 1.0


def _settle(ax: Axes) -> None:
    """Run the figure's layout now, so ``ax.get_position()`` is its final size."""
    fig = ax.figure.get_figure(root=True) if hasattr(ax.figure, "get_figure") else ax.figure
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)


def _axes_width_pt(ax: Axes) -> float:
    fig_width = ax.figure.get_figwidth()
    return ax.get_position().width * fig_width * 72


def _decorate(ax: Axes, records: pd.DataFrame, lang: Lang) -> None:
    """Source line under the x-axis label."""
    _settle(ax)
    # Wrap to the axes' final width, so the line never runs off the figure.
    width = max(_axes_width_pt(ax), 200)
    ax.annotate(
        _fit(source_line(records, lang), width, 7.5),
        xy=(0, 0),
        # x: the axes' left edge; y: the bottom of the x-axis label, wherever
        # tick labels push it, so the line never overlaps them.
        xycoords=("axes fraction", ax.xaxis.label),
        xytext=(0, -6),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize=7.5,
        color=_MUTED,
        annotation_clip=False,
        gid=SOURCE_GID,
    )


def _warning(records: pd.DataFrame, lang: Lang) -> str | None:
    """The watermark text when any plotted row is illustrative, else None."""
    return label("watermark", lang) if _is_illustrative(records) else None


def _title(records: pd.DataFrame, heading: str) -> str:
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
        fitted = _fit(line, width_pt, style["fontsize"], bold=style.get("fontweight") == "bold")
        placed.append((fitted, style, offset))
        offset += _HEADER_LINE_PT * (fitted.count("\n") + 1)
    return placed


def _subtitle_style() -> dict:
    return {"fontsize": 8.5, "color": _MUTED}


def _warning_style() -> dict:
    # The watermark: a red line in the header, on the chart's face but never
    # over a bar, a dot or a number.
    return {"fontsize": 8.5, "fontweight": "bold", "color": "#B2182B", "gid": WATERMARK_GID}


def _set_title(ax: Axes, text: str, warning: str | None = None) -> None:
    """Bold title; under it a grey subtitle (after ``\\n``) and the watermark line, if any."""
    _settle(ax)
    lines = _header_lines(text, warning, max(_axes_width_pt(ax), 200))
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


def _set_suptitle(fig: Figure | SubFigure, text: str, warning: str | None, width_pt: float) -> None:
    """:func:`_set_title` for a figure of panels: the lines go under the figure's title."""
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


def _period(years: Sequence[int], lang: Lang) -> str:
    years = sorted(years)
    if len(years) == 1:
        return label("period_year", lang, year=years[0])
    return label("period_years", lang, first=years[0], last=years[-1])


def _ax(ax: Axes | None, height: float) -> Axes:
    return ax if ax is not None else new_figure(height).add_subplot()


def _text_colour(fill: str | tuple) -> str:
    r, g, b = mcolors.to_rgb(fill)
    # Relative luminance (WCAG); dark fills get white text.
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    luminance = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return "white" if luminance < 0.35 else "black"


def _count_text(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def _selected(df: pd.DataFrame, year: YearSpec, catalog: Catalog) -> tuple[pd.DataFrame, list[int]]:
    return select_years(prepare(df, catalog), year)


# --- distribution -------------------------------------------------------------


def plot_distribution(
    df: pd.DataFrame,
    *,
    year: YearSpec = None,
    forms: FormSpec = None,
    lang: Lang = "vi",
    ax: Axes | None = None,
    title: str | None = None,
    catalog: Catalog | None = None,
) -> Axes:
    """Horizontal stacked bars: one bar per district, one segment per award form.

    Districts run top to bottom in cluster order; segments run left to right
    in precedence order, each form in its fixed colour; each segment wide
    enough shows its count, and each bar's total is written at its end.

    Parameters
    ----------
    df : DataFrame
        Award records as returned by :func:`load_awards`.
    year : int or list of int, optional
        The year drawn (``None`` when the data holds one year).
    forms : None, "all" or list of str
        Forms drawn; those present by default.
    lang : {"vi", "en"}
        Language of every label.
    ax : Axes, optional
        Where to draw; a new A4-width figure by default.
    title : str, optional
        Replaces the default title (a second line, after ``\\n``, is drawn
        as a grey subtitle).
    catalog : Catalog, optional
        Reference tables; the bundled ones by default.

    Returns
    -------
    Axes
        ``ax.containers`` holds one bar container per form, in precedence
        order; each bar's width is the count.

    Examples
    --------
    >>> from emulation_analysis import load_awards
    >>> ax = plot_distribution(load_awards())
    >>> [t.get_text() for t in ax.get_yticklabels()][:2]
    ['Quận 1', 'Quận 3']
    """
    check_lang(lang)
    catalog = catalog or default_catalog()
    records, years = _selected(df, year, catalog)
    matrix = award_matrix(records, year=years, forms=forms, catalog=catalog)
    with chart_style():
        ax = _ax(ax, height=1.6 + 0.42 * len(matrix))
        y = np.arange(len(matrix))
        left = np.zeros(len(matrix))
        totals = matrix.sum(axis=1).to_numpy()
        containers = []
        for form in matrix.columns:
            widths = matrix[form].to_numpy()
            colour = award_colour(form, catalog=catalog)
            bars = ax.barh(
                y,
                widths,
                left=left,
                height=0.68,
                color=colour,
                edgecolor="white",
                linewidth=0.8,
                label=_fit(award_label(form, lang, catalog=catalog), 125, 8),
            )
            containers.append((bars, widths, colour))
            left = left + widths
        for yi, total in zip(y, totals, strict=True):
            ax.annotate(
                _count_text(total),
                xy=(total, yi),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                ha="left",
                fontsize=8.5,
                fontweight="bold",
                gid=TOTAL_GID,
            )
        ax.set_yticks(y, [unit_label(d, lang, catalog=catalog) for d in matrix.index])
        ax.set_ylim(len(matrix) - 0.5, -0.5)
        ax.set_xlim(0, max(totals.max() * 1.1, 1))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(axis="x", color=_GRID, linewidth=0.6)
        ax.set_axisbelow(True)
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        ax.set_xlabel(label("count_axis", lang))
        ax.legend(
            title=label("legend_award", lang),
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            alignment="left",
            handlelength=1.2,
            labelspacing=0.6,
        )
        _set_title(
            ax,
            title or _title(records, label("distribution_title", lang, period=_period(years, lang))),
            _warning(records, lang),
        )
        _settle(ax)
        scale = _axes_width_pt(ax) / (ax.get_xlim()[1] - ax.get_xlim()[0])
        for bars, widths, colour in containers:
            # Counts inside segments only where they fit (about 11 pt wide).
            inside = [_count_text(w) if w > 0 and w * scale >= 11 else "" for w in widths]
            ax.bar_label(bars, labels=inside, label_type="center", fontsize=7.5, color=_text_colour(colour))
        _decorate(ax, records, lang)
    return ax


# --- heatmap -----------------------------------------------------------------


def plot_heatmap(
    df: pd.DataFrame,
    *,
    year: YearSpec = None,
    forms: FormSpec = None,
    lang: Lang = "vi",
    ax: Axes | None = None,
    title: str | None = None,
    catalog: Catalog | None = None,
) -> Axes:
    """Heatmap of award form × district with the count written in every cell.

    Forms are the rows (precedence order, highest at the top) so their long
    names read horizontally; districts are the columns in cluster order.

    Parameters
    ----------
    df, year, forms, lang, ax, title, catalog
        As in :func:`plot_distribution`.

    Returns
    -------
    Axes
        The image is ``ax.images[0]`` (its array is forms × districts); the
        cell texts are in ``ax.texts`` row by row.

    Examples
    --------
    >>> from emulation_analysis import load_awards
    >>> ax = plot_heatmap(load_awards())
    >>> ax.images[0].get_array()[2].tolist()   # Bằng khen Thủ tướng per district
    [7, 1, 3, 2, 1, 2]
    """
    check_lang(lang)
    catalog = catalog or default_catalog()
    records, years = _selected(df, year, catalog)
    matrix = award_matrix(records, year=years, forms=forms, catalog=catalog).T
    with chart_style():
        ax = _ax(ax, height=1.9 + 0.42 * len(matrix))
        values = matrix.to_numpy()
        vmax = max(int(values.max()), 1)
        image = ax.imshow(values, cmap=_HEATMAP_CMAP, vmin=0, vmax=vmax * 1.15, aspect="auto")
        cmap = image.get_cmap()
        for i in range(values.shape[0]):
            for j in range(values.shape[1]):
                value = values[i, j]
                fill = cmap(image.norm(value))
                ax.text(
                    j,
                    i,
                    _count_text(value),
                    ha="center",
                    va="center",
                    fontsize=9,
                    fontweight="bold" if value else "normal",
                    color=_text_colour(fill) if value else "#888888",
                )
        ax.set_yticks(
            range(values.shape[0]),
            [_fit(award_label(f, lang, catalog=catalog), 150, 8.5) for f in matrix.index],
        )
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        # Thin white lines between cells keep equal colours apart.
        ax.set_xticks(np.arange(-0.5, values.shape[1]), minor=True)
        ax.set_yticks(np.arange(-0.5, values.shape[0]), minor=True)
        ax.grid(which="minor", color="white", linewidth=1.5)
        ax.tick_params(which="minor", length=0)
        ax.set_xlabel(label("district_axis", lang))
        ax.set_xticks(range(values.shape[1]), [unit_label(d, lang, catalog=catalog) for d in matrix.columns])
        # Column width once the form names have taken their room on the left:
        # district names longer than a column are split over two lines.
        _settle(ax)
        column_pt = _axes_width_pt(ax) / max(values.shape[1], 1)
        ax.set_xticks(
            range(values.shape[1]),
            [_fit(unit_label(d, lang, catalog=catalog), column_pt * 0.92, 8.5) for d in matrix.columns],
        )
        _set_title(
            ax,
            title or _title(records, label("heatmap_title", lang, period=_period(years, lang))),
            _warning(records, lang),
        )
        _decorate(ax, records, lang)
    return ax


# --- year comparison ---------------------------------------------------------


def _change_text(change: int, pct: float, is_new: bool, lang: Lang) -> str:
    sign = "+" if change > 0 else ("−" if change < 0 else "")
    amount = f"{sign}{abs(int(change))}"
    if is_new:
        return f"{amount} ({label('new', lang)})"
    if change == 0:
        return f"0 ({label('no_change', lang)})" if not math.isnan(pct) else "0"
    return f"{amount} ({sign}{abs(pct):.0f}%)"


def _dumbbell(
    ax: Axes,
    rows: pd.DataFrame,
    names: list[str],
    base: int,
    target: int,
    lang: Lang,
    *,
    fontsize: float = 8.5,
    legend: bool = True,
) -> None:
    y = np.arange(len(rows))
    b = rows["base"].to_numpy(dtype=float)
    t = rows["target"].to_numpy(dtype=float)
    ax.hlines(y, np.minimum(b, t), np.maximum(b, t), color="#BBBBBB", linewidth=2.2, zorder=1)
    ax.scatter(
        b, y, s=42, facecolor="white", edgecolor=_BASE_COLOUR, linewidth=1.6, zorder=3, label=str(base)
    )
    ax.scatter(t, y, s=42, color=_TARGET_COLOUR, zorder=4, label=str(target))
    for yi, row in zip(y, rows.itertuples(), strict=True):
        ax.annotate(
            _change_text(row.change, row.pct_change, row.is_new, lang),
            xy=(max(row.base, row.target), yi),
            xytext=(8, 0),
            textcoords="offset points",
            va="center",
            ha="left",
            fontsize=fontsize - 0.5,
            color="#222222",
            gid=CHANGE_GID,
        )
    ax.set_yticks(y, names)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    top = max(float(np.nanmax(np.r_[b, t])), 1.0)
    # Room on the right for the change written beside each dumbbell.
    ax.set_xlim(-0.04 * top - 0.3, top * 1.45 + 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
    ax.grid(axis="x", color=_GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    if legend:
        ax.legend(
            title=label("legend_year", lang),
            loc="lower right",
            ncols=2,
            bbox_to_anchor=(1.0, 1.0),
            borderaxespad=0.2,
            handletextpad=0.3,
            columnspacing=1.0,
        )


def _comparison(
    df: pd.DataFrame, base: int, target: int, forms: FormSpec, lang: Lang, catalog: Catalog | None
) -> tuple[Catalog, pd.DataFrame, pd.DataFrame]:
    """``(catalog, rows of the two years, compare_years table)`` for a comparison chart."""
    check_lang(lang)
    catalog = catalog or default_catalog()
    records = prepare(df, catalog)
    check_year(records, base)
    check_year(records, target)
    records = records[records["year"].isin([int(base), int(target)])]
    return catalog, records, compare_years(records, base, target, forms=forms, catalog=catalog)


def plot_year_comparison(
    df: pd.DataFrame,
    base: int,
    target: int,
    *,
    forms: FormSpec = None,
    lang: Lang = "vi",
    ax: Axes | None = None,
    title: str | None = None,
    catalog: Catalog | None = None,
) -> Axes:
    """Dumbbell chart of each district's total in the base and target years.

    Hollow grey dot: base year; filled blue dot: target year. The change is
    written beside each district: "+3 (+50%)", "−1 (−25%)", or "+2 (mới)"
    when the base was 0 (growth from nothing has no percentage).

    Parameters
    ----------
    df : DataFrame
        Award records holding both years.
    base, target : int
        Years compared.
    forms : None, "all" or list of str
        Count only these forms; all by default.
    lang, ax, title, catalog
        As in :func:`plot_distribution`.

    Returns
    -------
    Axes
        ``ax.collections[1]`` and ``[2]`` hold the base and target dots.

    Raises
    ------
    ValueError
        When a year is not in the data (the message lists those available).

    Examples
    --------
    >>> from emulation_analysis import load_awards
    >>> plot_year_comparison(load_awards(), 2017, 2018)
    Traceback (most recent call last):
    ...
    ValueError: year 2017 is not in the data; years available: 2018
    """
    catalog, records, table = _comparison(df, base, target, forms, lang, catalog)
    rows = table[(table["award"] == TOTAL) & (table["district"] != TOTAL)]
    names = [unit_label(str(d), lang, catalog=catalog) for d in rows["district"]]
    with chart_style():
        ax = _ax(ax, height=1.8 + 0.42 * len(rows))
        _dumbbell(ax, rows, names, base, target, lang)
        ax.set_xlabel(label("count_axis", lang))
        _set_title(
            ax,
            title or _title(records, label("comparison_title", lang, base=base, target=target)),
            _warning(records, lang),
        )
        _decorate(ax, records, lang)
    return ax


def plot_year_comparison_by_form(
    df: pd.DataFrame,
    base: int,
    target: int,
    *,
    forms: FormSpec = None,
    lang: Lang = "vi",
    fig: Figure | SubFigure | None = None,
    ncols: int = 2,
    title: str | None = None,
    catalog: Catalog | None = None,
) -> np.ndarray:
    """Small multiples: one dumbbell panel per award form, districts in each.

    Panels share the count axis, so bar lengths compare across forms.

    Parameters
    ----------
    df, base, target, forms, lang, title, catalog
        As in :func:`plot_year_comparison`.
    fig : Figure or SubFigure, optional
        Where to lay the panels out; a new A4-width figure by default.
    ncols : int
        Panels per row.

    Returns
    -------
    numpy.ndarray of Axes
        One Axes per form, in precedence order (unused grid cells removed).

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"year": [2018, 2019, 2019], "district": ["Q1", "Q1", "Q3"],
    ...                      "award": ["BKTTg", "HCLĐ3", "BKTTg"], "count": [2, 1, 1]})
    >>> [a.get_title(loc="left") for a in plot_year_comparison_by_form(rows, 2018, 2019)]
    ['HC Lao động hạng Ba', 'Bằng khen Thủ tướng']
    """
    catalog, records, table = _comparison(df, base, target, forms, lang, catalog)
    per_form = table[(table["district"] != TOTAL) & (table["award"] != TOTAL)]
    form_names = [f for f in table["award"].cat.categories if f != TOTAL]
    districts = [d for d in table["district"].cat.categories if d != TOTAL]
    names = [unit_label(d, lang, catalog=catalog) for d in districts]
    ncols = max(1, min(ncols, len(form_names)))
    nrows = math.ceil(len(form_names) / ncols)
    with chart_style():
        if fig is None:
            fig = new_figure(height=1.3 + nrows * (0.6 + 0.3 * len(districts)))
        grid = fig.subplots(nrows, ncols, sharex=True, sharey=True, squeeze=False)
        axes = grid.ravel()
        for extra in axes[len(form_names) :]:
            extra.remove()
        axes = axes[: len(form_names)]
        for i, (ax, form) in enumerate(zip(axes, form_names, strict=True)):
            rows = per_form[per_form["award"] == form]
            _dumbbell(ax, rows, names, base, target, lang, fontsize=8, legend=False)
            ax.set_title(award_label(form, lang, catalog=catalog), loc="left", fontsize=9, pad=4)
            # Panels with no panel below them show the count axis.
            if i + ncols >= len(form_names):
                ax.tick_params(labelbottom=True)
                ax.set_xlabel(label("count_axis", lang), fontsize=8.5)
        top = max(float(per_form[["base", "target"]].to_numpy().max()), 1.0)
        axes[0].set_xlim(-0.04 * top - 0.3, top * 1.6 + 0.6)
        # Panel titles wrap to the panel's width once the layout has set it
        # (measured in bold: a long English name must not run into its neighbour).
        _settle(axes[0])
        for ax in axes:
            title_text = _fit(ax.get_title(loc="left"), _axes_width_pt(ax), 9, bold=True)
            ax.set_title(title_text, loc="left", fontsize=9, pad=4)
        heading = title or _title(records, label("comparison_by_form_title", lang, base=base, target=target))
        fig_pt = fig.get_figure(root=True).get_figwidth() * 72 * _subfigure_width(fig)
        _set_suptitle(fig, heading, _warning(records, lang), fig_pt - 30)
        handles, labels_ = axes[0].get_legend_handles_labels()
        # Years only, no legend title: it fits beside the title's first line.
        fig.legend(handles, labels_, loc="upper right", ncols=2, frameon=False, borderaxespad=0.2)
        # The source line spans the figure's width under all panels.
        fig.supxlabel(
            _fit(source_line(records, lang), fig_pt - 30, 7.5),
            x=0.01,
            ha="left",
            fontsize=7.5,
            color=_MUTED,
            gid=SOURCE_GID,
        )
    return np.asarray(axes, dtype=object)


# --- trends -------------------------------------------------------------------


def _spread(values: list[float], gap: float) -> list[float]:
    """Nudge label positions apart by at least ``gap``, keeping their order."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    placed = [values[i] for i in order]
    for _ in range(50):
        moved = False
        for k in range(1, len(placed)):
            overlap = gap - (placed[k] - placed[k - 1])
            if overlap > 1e-9:
                placed[k - 1] -= overlap / 2
                placed[k] += overlap / 2
                moved = True
        if not moved:
            break
    out = [0.0] * len(values)
    for k, i in enumerate(order):
        out[i] = placed[k]
    return out


def plot_trends(
    df: pd.DataFrame,
    *,
    forms: FormSpec = None,
    lang: Lang = "vi",
    ax: Axes | None = None,
    title: str | None = None,
    catalog: Catalog | None = None,
) -> Axes:
    """Total awards per district per year, one line per district.

    Each line is named at its right end (no legend to look up). A district
    without records in a year has a gap there, not a zero.

    Parameters
    ----------
    df : DataFrame
        Award records of three or more years.
    forms : None, "all" or list of str
        Count only these forms; all by default.
    lang, ax, title, catalog
        As in :func:`plot_distribution`.

    Returns
    -------
    Axes
        ``ax.lines`` holds one line per district in cluster order.

    Raises
    ------
    ValueError
        When the data holds fewer than three years.

    Examples
    --------
    >>> from emulation_analysis import load_awards
    >>> plot_trends(load_awards())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: trend lines need three or more years; the data holds 2018 (...)
    """
    check_lang(lang)
    catalog = catalog or default_catalog()
    records = prepare(df, catalog)
    totals = yearly_totals(records, forms=forms, catalog=catalog)
    years = [int(y) for y in totals.index]
    if len(years) < 3:
        raise ValueError(
            f"trend lines need three or more years; the data holds {', '.join(map(str, years))} "
            "(use plot_distribution for one year, plot_year_comparison for two)"
        )
    with chart_style():
        ax = _ax(ax, height=3.9)
        ends: list[tuple[str, float, str]] = []
        for district in totals.columns:
            colour, marker = unit_style(district, catalog=catalog)
            series = totals[district]
            name = unit_label(district, lang, catalog=catalog)
            ax.plot(
                years, series.to_numpy(), color=colour, marker=marker, markersize=5, linewidth=1.8, label=name
            )
            last = series.dropna()
            if len(last):
                ends.append((name, float(last.iloc[-1]), colour))
        top = max(float(np.nanmax(totals.to_numpy())), 1.0)
        ax.set_ylim(0, top * 1.12)
        ax.set_xlim(years[0] - 0.25, years[-1] + 0.25)
        # Minimum label spacing in data units: one line of 8.5 pt text on an
        # axes about 2.6 in tall.
        gap = top * 1.12 * (8.5 * 1.25) / (2.6 * 72)
        positions = _spread([v for _, v, _ in ends], gap)
        for (name, value, colour), placed in zip(ends, positions, strict=True):
            ax.annotate(
                name,
                xy=(years[-1], value),
                xytext=(years[-1] + 0.32, placed),
                textcoords="data",
                va="center",
                ha="left",
                fontsize=8.5,
                color=colour,
                fontweight="bold",
                annotation_clip=False,
                arrowprops={"arrowstyle": "-", "color": colour, "linewidth": 0.6, "shrinkA": 0, "shrinkB": 4}
                if abs(placed - value) > gap * 0.3
                else None,
            )
        ax.set_xticks(years, [str(y) for y in years])
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(axis="y", color=_GRID, linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_xlabel(label("year_axis", lang))
        ax.set_ylabel(label("count_axis", lang))
        _set_title(
            ax,
            title or _title(records, label("trends_title", lang, period=_period(years, lang))),
            _warning(records, lang),
        )
        _decorate(ax, records, lang)
    return ax
