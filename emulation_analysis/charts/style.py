"""Chart style and deterministic output.

The chart functions draw inside :func:`chart_style` themselves; nothing here
changes :data:`matplotlib.rcParams` globally. :func:`svg_bytes` and
:func:`save_figure` write files that are byte-identical for the same data
(fixed SVG hash salt, no creation date), so charts can be compared or
committed.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = ["A4_WIDTH_IN", "STYLE_RC", "SVG_HASHSALT", "chart_style", "new_figure", "save_figure", "svg_bytes"]

#: Width of the figures the charts create, in inches: the text width of an
#: A4 page with 2 cm margins (21 cm − 4 cm ≈ 6.7 in) plus a little, so that
#: a chart pasted at page width is printed close to 1:1 and 8 pt stays 8 pt.
A4_WIDTH_IN = 7.0

SVG_HASHSALT = "emulation-analysis"

#: Settings used while drawing. DejaVu Sans (bundled with matplotlib) covers
#: every Vietnamese letter; text stays as paths in SVG so the file looks the
#: same on machines without the font (``svg_bytes(..., fonttype="none")`` for
#: a page that embeds the font itself).
STYLE_RC: dict[str, object] = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 9,
    # Words from the data ("Quyết định $5 và $10") are drawn as written, never as mathematics.
    "text.parse_math": False,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.labelsize": 8.5,
    "ytick.labelsize": 8.5,
    "legend.fontsize": 8,
    "legend.title_fontsize": 8.5,
    "legend.frameon": False,
    "figure.dpi": 100,
    "savefig.dpi": 200,
    "svg.hashsalt": SVG_HASHSALT,
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
}


@contextlib.contextmanager
def chart_style() -> Iterator[None]:
    """Context in which the package's charts are drawn.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> before = plt.rcParams["svg.hashsalt"]
    >>> with chart_style():
    ...     plt.rcParams["font.size"]
    9.0
    >>> plt.rcParams["svg.hashsalt"] == before   # restored afterwards
    True
    """
    with mpl.rc_context(STYLE_RC):
        yield


def new_figure(height: float, width: float = A4_WIDTH_IN, **kwargs) -> Figure:
    """A figure sized for an A4 page, with constrained layout.

    Uses :class:`matplotlib.figure.Figure` directly where no pyplot is
    wanted; through pyplot so that notebooks display it inline.
    """
    import matplotlib.pyplot as plt

    with chart_style():
        fig = plt.figure(figsize=(width, height), layout="constrained", **kwargs)
    # A margin round the edge, so nothing touches the border when pasted.
    fig.get_layout_engine().set(w_pad=0.1, h_pad=0.08)
    return fig


def _metadata(fmt: str) -> dict[str, object] | None:
    if fmt == "svg":
        return {"Date": None}
    if fmt == "pdf":
        return {"CreationDate": None, "ModDate": None}
    if fmt == "png":
        return {"Software": None}
    return None


@contextlib.contextmanager
def _frozen_layout(fig: Figure) -> Iterator[None]:
    """Lay the figure out once, then keep that layout while a file is written.

    Constrained layout measures text with the renderer at hand, and Agg and
    SVG measure a hair differently; re-running it inside every save would make
    each save nudge the axes by a fraction of a point. Laying out once with
    the figure's own canvas and freezing it while saving gives the same bytes
    for the same figure and for two renders of the same data.
    """
    engine = fig.get_layout_engine()
    if engine is None:
        yield
        return
    engine.execute(fig)
    fig.set_layout_engine("none")
    # The layout converges only to the last bits of a float; SVG clip-path ids
    # hash those bits. Rounding the positions makes the result a fixed point.
    for ax in fig.findobj(Axes):  # subfigures' axes too
        in_layout = ax.get_in_layout()
        ax.set_position([round(v, 9) for v in ax.get_position().bounds])
        ax.set_in_layout(in_layout)
    try:
        yield
    finally:
        fig.set_layout_engine(engine)


def svg_bytes(fig: Figure, *, fonttype: Literal["path", "none"] = "path") -> bytes:
    """The figure as SVG, identical bytes for identical content.

    Parameters
    ----------
    fig : Figure
    fonttype : {"path", "none"}
        matplotlib's ``svg.fonttype``. ``"path"`` (default): text as glyph
        outlines, so the file looks the same wherever it is opened. ``"none"``:
        text as ``<text>`` elements naming the font (DejaVu Sans), for a page
        that embeds the font once for all its figures (the HTML briefings):
        far smaller, and the words can be searched and copied.

    Examples
    --------
    >>> from emulation_analysis import load_awards, plot_distribution
    >>> ax = plot_distribution(load_awards())
    >>> svg_bytes(ax.figure) == svg_bytes(ax.figure)
    True
    """
    buffer = io.BytesIO()
    with chart_style(), mpl.rc_context({"svg.fonttype": fonttype}), _frozen_layout(fig):
        fig.savefig(buffer, format="svg", metadata=_metadata("svg"))
    return buffer.getvalue()


def save_figure(fig: Figure, path: str | Path, *, dpi: int = 200) -> Path:
    """Save ``fig`` to ``path`` (format from the suffix) without dates in the file.

    Parameters
    ----------
    fig : Figure
    path : str or Path
        ``.svg``, ``.pdf`` or ``.png`` (any format matplotlib writes).
    dpi : int
        Resolution of raster output; 200 dpi prints sharply at A4 width.

    Returns
    -------
    Path
        The path written.
    """
    target = Path(path)
    fmt = target.suffix.lstrip(".").lower() or "png"
    with chart_style(), _frozen_layout(fig):
        fig.savefig(target, format=fmt, dpi=dpi, metadata=_metadata(fmt))
    return target
