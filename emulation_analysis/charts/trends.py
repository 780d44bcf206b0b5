"""Totals per unit over the years: one named line per unit.

Needs three years or more (two are a comparison, see :mod:`.comparison`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from ..analysis.records import FormSpec, prepare
from ..analysis.trends import yearly_totals
from ..catalog import Catalog, default_catalog
from ..i18n import Lang, check_lang, console_lang
from .labels import label, unit_label, unit_style
from .layout import (
    GRID,
    add_source_line,
    axes_or_new,
    count_axis,
    period_text,
    set_title,
    watermark_text,
    with_cluster,
)
from .style import chart_style

__all__ = ["plot_trends"]


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
        raise ValueError(label("chart.error.trend_years", console_lang(), years=", ".join(map(str, years))))
    with chart_style():
        ax = axes_or_new(ax, height=3.9)
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
        count_axis(ax.yaxis, lang)
        ax.grid(axis="y", color=GRID, linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_xlabel(label("chart.axis.year", lang))
        ax.set_ylabel(label("chart.axis.count", lang))
        set_title(
            ax,
            title
            or with_cluster(records, label("chart.title.trends", lang, period=period_text(years, lang))),
            watermark_text(records, lang),
        )
        add_source_line(ax, records, lang)
    return ax
