"""Show rich output in a notebook: a MIME bundle or Markdown, exactly as given.

Nothing here adds ids, dates or ``<Figure …>`` lines, so committed notebook
outputs stay the same from one run to the next.
"""

from __future__ import annotations

__all__ = ["TITLE_METADATA_KEY", "display_bundle", "markdown"]

#: Key of the output metadata in which a notebook's header leaves the page's title and
#: period (see :meth:`emulation_analysis.report.notebook.Context.header`); the briefing
#: reads them back from there.
TITLE_METADATA_KEY = "emulation_analysis"


def display_bundle(bundle: dict[str, str], metadata: dict | None = None) -> None:
    """Display a raw MIME bundle (``{"text/html": …}``) with optional output metadata."""
    from IPython.display import display

    display(bundle, raw=True, metadata=metadata or {})


def markdown(source: str, metadata: dict | None = None) -> None:
    """Display Markdown (rendered in JupyterLab and in the HTML briefing)."""
    display_bundle({"text/markdown": source}, metadata)
