"""Charts shown in notebooks as deterministic SVG.

The notebooks' figures are SVG with a fixed hash salt and no date, so
identical data give identical outputs (checked cell by cell with
``pytest --nbval``). :func:`figure_of` finds the figure behind whatever a
chart function returned.

Examples
--------
>>> from emulation_analysis import load_awards, plot_distribution
>>> ax = plot_distribution(load_awards())
>>> figure_of(ax) is ax.figure, figure_svg(ax.figure) == figure_svg(ax.figure)
(True, True)
"""

from __future__ import annotations

from typing import Literal

import matplotlib

from ..charts.style import SVG_HASHSALT, svg_bytes
from .display import display_bundle

__all__ = ["configure_figures", "display_figure", "figure_of", "figure_svg"]


def configure_figures() -> None:
    """Make inline figures deterministic SVG (fixed hash salt, no date).

    Applies to figures an analyst draws directly in a notebook; the figures
    shown through :meth:`emulation_analysis.report.notebook.Context.figure`
    are rendered by :func:`figure_svg`.
    """
    matplotlib.rcParams["svg.hashsalt"] = SVG_HASHSALT
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:  # pragma: no cover - outside Jupyter
        return
    if get_ipython() is not None:
        set_matplotlib_formats("svg", metadata={"Date": None})


def figure_svg(figure, *, fonttype: Literal["path", "none"] = "path") -> str:
    """SVG text of a matplotlib figure, identical for identical figures.

    ``fonttype="none"`` writes text as ``<text>`` elements (see
    :func:`emulation_analysis.charts.style.svg_bytes`).
    """
    return svg_bytes(figure, fonttype=fonttype).decode("utf-8")


def figure_of(drawn):
    """The figure behind what a chart function returned (Axes, array of Axes, Figure)."""
    if hasattr(drawn, "savefig"):
        return drawn
    if hasattr(drawn, "figure"):
        return drawn.figure
    flat = getattr(drawn, "flat", None)
    if flat is not None:
        return next(iter(flat)).figure
    raise TypeError(f"cannot find the figure of {type(drawn).__name__}")


def display_figure(drawn, *, fonttype: Literal["path", "none"] = "path") -> None:
    """Show a chart as SVG only (no ``<Figure size …>`` line) and close it.

    ``fonttype`` as in :func:`figure_svg`.
    """
    import matplotlib.pyplot as plt

    figure = figure_of(drawn)
    svg = figure_svg(figure, fonttype=fonttype)
    plt.close(figure)
    display_bundle({"image/svg+xml": svg})
