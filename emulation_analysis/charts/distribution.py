"""One year's awards across the units: stacked bars and a heatmap.

Both take award records (as :func:`emulation_analysis.load_awards` returns
them), draw on ``ax`` (or a new A4-width figure) and return the Axes; none
calls ``plt.show()`` or changes global settings. Each form has its fixed
colour (``catalogs/award_colours.csv``); titles, labels and the source line
and watermark are laid out by :mod:`.layout`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from ..analysis.matrix import award_matrix
from ..analysis.records import FormSpec, YearSpec
from ..catalog import Catalog, default_catalog
from ..i18n import Lang, check_lang
from .labels import award_colour, award_label, label, unit_label
from .layout import (
    GRID,
    TOTAL_GID,
    add_source_line,
    axes_or_new,
    axes_width_pt,
    count_axis,
    count_text,
    fit_text,
    period_text,
    selected_records,
    set_title,
    settle,
    text_colour,
    watermark_text,
    with_cluster,
)
from .style import chart_style

__all__ = ["plot_distribution", "plot_heatmap"]

_HEATMAP_CMAP = "Blues"


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
    records, years = selected_records(df, year, catalog)
    matrix = award_matrix(records, year=years, forms=forms, catalog=catalog)
    with chart_style():
        ax = axes_or_new(ax, height=1.6 + 0.42 * len(matrix))
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
                label=fit_text(award_label(form, lang, catalog=catalog), 125, 8),
            )
            containers.append((bars, widths, colour))
            left = left + widths
        for yi, total in zip(y, totals, strict=True):
            ax.annotate(
                count_text(total, lang),
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
        count_axis(ax.xaxis, lang)
        ax.grid(axis="x", color=GRID, linewidth=0.6)
        ax.set_axisbelow(True)
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        ax.set_xlabel(label("chart.axis.count", lang))
        ax.legend(
            title=label("chart.legend.award", lang),
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            alignment="left",
            handlelength=1.2,
            labelspacing=0.6,
        )
        set_title(
            ax,
            title
            or with_cluster(
                records, label("chart.title.distribution", lang, period=period_text(years, lang))
            ),
            watermark_text(records, lang),
        )
        settle(ax)
        scale = axes_width_pt(ax) / (ax.get_xlim()[1] - ax.get_xlim()[0])
        for bars, widths, colour in containers:
            # Counts inside segments only where they fit (about 11 pt wide).
            inside = [count_text(w, lang) if w > 0 and w * scale >= 11 else "" for w in widths]
            ax.bar_label(bars, labels=inside, label_type="center", fontsize=7.5, color=text_colour(colour))
        add_source_line(ax, records, lang)
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
    records, years = selected_records(df, year, catalog)
    matrix = award_matrix(records, year=years, forms=forms, catalog=catalog).T
    with chart_style():
        ax = axes_or_new(ax, height=1.9 + 0.42 * len(matrix))
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
                    count_text(value, lang),
                    ha="center",
                    va="center",
                    fontsize=9,
                    fontweight="bold" if value else "normal",
                    color=text_colour(fill) if value else "#888888",
                )
        ax.set_yticks(
            range(values.shape[0]),
            [fit_text(award_label(f, lang, catalog=catalog), 150, 8.5) for f in matrix.index],
        )
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        # Thin white lines between cells keep equal colours apart.
        ax.set_xticks(np.arange(-0.5, values.shape[1]), minor=True)
        ax.set_yticks(np.arange(-0.5, values.shape[0]), minor=True)
        ax.grid(which="minor", color="white", linewidth=1.5)
        ax.tick_params(which="minor", length=0)
        ax.set_xlabel(label("chart.axis.unit", lang))
        ax.set_xticks(range(values.shape[1]), [unit_label(d, lang, catalog=catalog) for d in matrix.columns])
        # Column width once the form names have taken their room on the left:
        # district names longer than a column are split over two lines.
        settle(ax)
        column_pt = axes_width_pt(ax) / max(values.shape[1], 1)
        ax.set_xticks(
            range(values.shape[1]),
            [fit_text(unit_label(d, lang, catalog=catalog), column_pt * 0.92, 8.5) for d in matrix.columns],
        )
        set_title(
            ax,
            title
            or with_cluster(records, label("chart.title.heatmap", lang, period=period_text(years, lang))),
            watermark_text(records, lang),
        )
        add_source_line(ax, records, lang)
    return ax
