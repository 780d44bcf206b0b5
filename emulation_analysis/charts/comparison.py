"""Two years compared: dumbbells per unit, and small multiples per award form.

Hollow grey dot: the base year; filled blue dot: the compared year; the
change is written beside each pair. Like every chart of the package, each
function takes award records, draws on its own figure unless given one, and
returns what it drew on.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure
from matplotlib.ticker import MaxNLocator

from ..analysis.compare import PERCENT_MIN_BASE, compare_years, percent_shown
from ..analysis.records import FormSpec, check_year, prepare
from ..catalog import Catalog, default_catalog
from ..i18n import Lang, check_lang, format_number, format_percent
from ..schema import TOTAL
from .labels import award_label, label, unit_label
from .layout import (
    CHANGE_GID,
    GRID,
    MUTED,
    SOURCE_GID,
    add_source_line,
    axes_or_new,
    axes_width_pt,
    count_axis,
    fit_text,
    footnote,
    set_suptitle,
    set_title,
    settle,
    subfigure_width,
    watermark_text,
    with_cluster,
)
from .style import chart_style, new_figure

__all__ = ["plot_year_comparison", "plot_year_comparison_by_form"]

# Comparison colours: years are not domain data; Okabe–Ito grey and blue
# stay apart for every kind of colour vision and in grey print.
_BASE_COLOUR = "#999999"
_TARGET_COLOUR = "#0072B2"


def _change_text(change: int, pct: float, is_new: bool, lang: Lang, base: float = PERCENT_MIN_BASE) -> str:
    """``"+3 (+50 %)"``; the change alone when the base is too small for a percentage.

    >>> _change_text(3, 50.0, False, "vi"), _change_text(3, 300.0, False, "en", base=1)
    ('+3 (+50 %)', '+3')
    """
    amount = format_number(int(change), lang, signed=True)
    if is_new:
        return f"{amount} ({label('chart.new', lang)})"
    if change == 0:
        return f"0 ({label('chart.no_change', lang)})" if not math.isnan(pct) else "0"
    if math.isnan(pct) or not percent_shown(base):
        return amount
    # Whole percentages beside a dumbbell, to stay short.
    return f"{amount} ({format_percent(pct / 100, lang, 0, signed=True)})"


def small_base_note(rows: pd.DataFrame, lang: Lang) -> str | None:
    """The note under a comparison when a change is shown without its percentage, else None."""
    hidden = (rows["change"] != 0) & ~rows["is_new"].astype(bool) & (rows["base"] < PERCENT_MIN_BASE)
    return label("chart.small_base_note", lang, minimum=PERCENT_MIN_BASE) if hidden.any() else None


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
            _change_text(row.change, row.pct_change, row.is_new, lang, base=row.base),
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
    count_axis(ax.xaxis, lang)
    ax.grid(axis="x", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    if legend:
        ax.legend(
            title=label("chart.legend.year", lang),
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
    written beside each district: "+3 (+50 %)", "−1 (−25 %)", "+2 (mới)"
    when the base was 0 (growth from nothing has no percentage), or the
    change alone, with a note under the chart, when the base is under
    :data:`~emulation_analysis.analysis.compare.PERCENT_MIN_BASE`.

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
        ax = axes_or_new(ax, height=1.8 + 0.42 * len(rows))
        _dumbbell(ax, rows, names, base, target, lang)
        ax.set_xlabel(label("chart.axis.count", lang))
        set_title(
            ax,
            title or with_cluster(records, label("chart.title.comparison", lang, base=base, target=target)),
            watermark_text(records, lang),
        )
        add_source_line(ax, records, lang, note=small_base_note(rows, lang))
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
                ax.set_xlabel(label("chart.axis.count", lang), fontsize=8.5)
        top = max(float(per_form[["base", "target"]].to_numpy().max()), 1.0)
        axes[0].set_xlim(-0.04 * top - 0.3, top * 1.6 + 0.6)
        # Panel titles wrap to the panel's width once the layout has set it
        # (measured in bold: a long English name must not run into its neighbour).
        settle(axes[0])
        for ax in axes:
            title_text = fit_text(ax.get_title(loc="left"), axes_width_pt(ax), 9, bold=True)
            ax.set_title(title_text, loc="left", fontsize=9, pad=4)
        heading = title or with_cluster(
            records, label("chart.title.comparison_by_form", lang, base=base, target=target)
        )
        fig_pt = fig.get_figure(root=True).get_figwidth() * 72 * subfigure_width(fig)
        set_suptitle(fig, heading, watermark_text(records, lang), fig_pt - 30)
        handles, labels_ = axes[0].get_legend_handles_labels()
        # Years only, no legend title: it fits beside the title's first line.
        fig.legend(handles, labels_, loc="upper right", ncols=2, frameon=False, borderaxespad=0.2)
        # The source line spans the figure's width under all panels.
        fig.supxlabel(
            footnote(records, lang, fig_pt - 30, note=small_base_note(per_form, lang)),
            x=0.01,
            ha="left",
            fontsize=7.5,
            color=MUTED,
            gid=SOURCE_GID,
        )
    return np.asarray(axes, dtype=object)
