"""The blocks of a page a reader sees: headline, key points, sections and "About the data".

A briefing page reads top to bottom as a leader wants it: the title, the
illustrative notice when the numbers are not real, a one-sentence headline
with the key number, the key points, the charts and tables (each section
under its heading, or left out when it has nothing to show), and at the end
a small block saying where the numbers come from. Every block is HTML with
its own class, so that the page's stylesheet can set it apart:

* ``div.headline`` — the one-sentence headline;
* ``div.illustrative-notice`` — the notice on pages of illustrative data;
* ``div.page-note`` — a one-line note under the title (why a page has no
  comparison, why it shows illustrative data);
* ``section.key-points`` — the heading and the list of key points;
* ``p.section-note`` — a note under a table (how percentages are shown);
* ``section.about-data`` — "Về số liệu / About the data".

Every value from the data is escaped (:func:`html.escape`); the wording is
the ``notebook.`` messages of ``catalogs/messages.csv``.

Examples
--------
>>> headline_html("29 lượt <b>")
'<div class="headline"><p>29 lượt &lt;b&gt;</p></div>'
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd

from ..analysis.reorganisation import UNIT_RULE_ATTR, WARDS_ADDED_UP
from ..i18n import t

__all__ = [
    "SECTIONS",
    "about_html",
    "headline_html",
    "key_points_html",
    "notice_html",
    "page_note_html",
    "section_markdown",
    "section_note_html",
    "wards_added_up",
]

#: section -> message keys of its heading and of the sentence under it
SECTIONS: dict[str, tuple[str, str]] = {
    "summary": ("notebook.section.summary", "notebook.section.summary.text"),
    "distribution": ("notebook.section.distribution", "notebook.section.distribution.text"),
    "heatmap": ("notebook.section.heatmap", "notebook.section.heatmap.text"),
    "shares": ("notebook.section.shares", "notebook.section.shares.text"),
    "ranking": ("notebook.section.ranking", "notebook.section.ranking.text"),
    "cluster_heads": ("notebook.section.cluster_heads", "notebook.section.cluster_heads.text"),
    "change_district": ("notebook.section.change_district", "notebook.section.change_district.text"),
    "change_award": ("notebook.section.change_award", "notebook.section.change_award.text"),
    "trends": ("notebook.section.trends", "notebook.section.trends.text"),
    "sources": ("notebook.section.sources", "notebook.section.sources.text"),
}



def _escape(value: object) -> str:
    return html.escape(str(value), quote=True)


def section_markdown(name: str, lang: str, **fields: object) -> str:
    """A section's heading and the sentence under it, as Markdown (the fields are the page's own)."""
    title, text = SECTIONS[name]
    return f"## {t(title, lang)}\n\n{t(text, lang, **fields)}"


def headline_html(sentence: str) -> str:
    """The page's one-sentence headline."""
    return f'<div class="headline"><p>{_escape(sentence)}</p></div>'


def notice_html(lang: str) -> str:
    """The illustrative-data notice, its first sentence in bold."""
    headline, body = t("notebook.notice.headline", lang), t("notebook.notice.body", lang)
    return (
        f'<div class="illustrative-notice"><p><strong>{_escape(headline)}</strong> {_escape(body)}</p></div>'
    )


def page_note_html(sentence: str) -> str:
    """A one-line note under the title (why there is no comparison, why the data are illustrative)."""
    return f'<div class="page-note"><p>{_escape(sentence)}</p></div>'


def section_note_html(sentence: str) -> str:
    """A note under a table."""
    return f'<p class="section-note">{_escape(sentence)}</p>'


def key_points_html(points: Sequence[str], lang: str) -> str:
    """The heading "Những điểm chính / Key points" and the list of points."""
    items = "".join(f"<li>{_escape(point)}</li>" for point in points)
    heading = _escape(t("notebook.key_points", lang))
    return f'<section class="key-points"><h2>{heading}</h2><ul>{items}</ul></section>'


def wards_added_up(records: pd.DataFrame) -> bool:
    """Whether the loader added ward figures up onto the former districts (read from ``attrs``)."""
    return getattr(records, "attrs", {}).get(UNIT_RULE_ATTR) == WARDS_ADDED_UP


def about_html(
    records: pd.DataFrame,
    lang: str,
    *,
    period: str,
    counted: str,
    selected: str = "",
    heads_source: str = "",
) -> str:
    """The "Về số liệu / About the data" block: source, period, what was counted, and how.

    Parameters
    ----------
    records : DataFrame
        The records the page shows; their ``source`` cells are listed (the
        illustrative ones as "illustrative data", never the generator's
        wording).
    period, counted : str
        Sentences already written in ``lang``.
    selected : str
        The units chosen by the reader, named ("" when all).
    heads_source : str
        Where the cluster heads come from ("" when none are shown).
    """
    real = records[~records["illustrative"]]
    sources = sorted({str(s) for s in real["source"].dropna() if str(s).strip()})
    if records["illustrative"].any():
        sources.append(t("notebook.about.illustrative_source", lang))
    lines = [t("notebook.about.source", lang, source=source) for source in sources]
    if not sources:
        lines.append(t("notebook.about.no_source", lang))
    lines += [period, counted]
    if selected:
        lines.append(t("notebook.districts", lang, names=selected))
    if wards_added_up(records):
        lines.append(t("notebook.about.wards", lang))
    if heads_source:
        lines.append(t("notebook.about.cluster_heads", lang, source=heads_source))
    items = "".join(f"<li>{_escape(line)}</li>" for line in lines)
    heading = _escape(t("notebook.about", lang))
    return f'<section class="about-data"><h2>{heading}</h2><ul>{items}</ul></section>'
