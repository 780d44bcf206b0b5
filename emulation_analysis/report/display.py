"""Show rich output in a notebook: a MIME bundle or Markdown, exactly as given.

Nothing here adds ids, dates or ``<Figure …>`` lines, so committed notebook
outputs stay the same from one run to the next.
"""

from __future__ import annotations

__all__ = ["TITLE_METADATA_KEY", "display_bundle", "markdown", "markdown_text"]

#: Key of the output metadata in which a notebook's header leaves the page's title and
#: period (see :meth:`emulation_analysis.report.notebook.Context.header`); the briefing
#: reads them back from there.
TITLE_METADATA_KEY = "emulation_analysis"


def display_bundle(bundle: dict[str, str], metadata: dict | None = None) -> None:
    """Display a raw MIME bundle (``{"text/html": …}``) with optional output metadata."""
    from IPython.display import display

    display(bundle, raw=True, metadata=metadata or {})


# Characters Markdown (CommonMark, with nbconvert's dollar mathematics) would read as markup.
# A colon too: "https\://…" is no bare link for the autolinker.
_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]()$#!|~{}+-.:"})


def markdown_text(value: object) -> str:
    """``value`` as literal text inside Markdown: no tag, link, image, emphasis or formula.

    Every value from a file (a unit, a source, a file name) goes through here
    before it is put into Markdown, which nbconvert turns into live HTML.

    Examples
    --------
    >>> print(markdown_text('<img src=x onerror="alert(1)"> *a* [b](javascript:c) $5'))
    &lt;img src=x onerror="alert\\(1\\)"&gt; \\*a\\* \\[b\\]\\(javascript\\:c\\) \\$5
    """
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.translate(_MARKDOWN_SPECIAL)


def markdown(source: str, metadata: dict | None = None) -> None:
    """Display Markdown (rendered in JupyterLab and in the HTML briefing)."""
    display_bundle({"text/markdown": source}, metadata)
