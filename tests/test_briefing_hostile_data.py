"""Text from a data file never becomes markup in a briefing: it is shown literally.

Every free-text field of the records, and the folder the file lies in, hold
payloads a careless or hostile file could carry: a tag with an event handler,
a script, a Markdown link to ``javascript:``, a remote image, and dollar signs
that Markdown and matplotlib would read as mathematics.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from emulation_analysis import bundled_data_path
from emulation_analysis.report.briefing import render_briefings

SOURCE = (
    '<img src=x onerror="document.title=1"> *đậm* [x](javascript:alert(1)) '
    "![](https://example.com/a.png) $\\alert$ Quyết định $5 và $10"
)
CLUSTER = "<script>alert(2)</script>"
FOLDER = "<img src=y onerror=alert(3)>"


@pytest.fixture(scope="module")
def hostile_pages(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    folder = root / FOLDER
    folder.mkdir()
    records = pd.read_csv(bundled_data_path())
    records["source"], records["cluster"], records["note"] = SOURCE, CLUSTER, SOURCE
    # two years, so that the comparison page is rendered too (one year: it is left out)
    records = pd.concat([records, records.assign(year=records["year"] + 1)], ignore_index=True)
    data = folder / "awards.csv"
    records.to_csv(data, index=False)
    render_briefings(root / "out", data=data)
    return {p.name: p.read_text(encoding="utf-8") for p in (root / "out").glob("*.html")}


def test_no_tag_link_or_remote_address_from_the_data_reaches_a_page(hostile_pages):
    assert len(hostile_pages) == 3
    for name, page in hostile_pages.items():
        assert "<script>alert" not in page, name
        assert not re.search(r"<img[^>]*onerror", page), name
        assert not re.search(r"""(href|src)\s*=\s*["']?\s*(javascript:|https?://example)""", page), name
        assert not re.search(r"<a [^>]*example\.com", page), name


def test_the_data_is_shown_as_written(hostile_pages):
    page = hostile_pages["01-phan-bo-khen-thuong.html"]
    # In the header (HTML-escaped once) and in the figures' source line (SVG text).
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert "Quyết định $5 và $10" in page, "dollar signs are not read as mathematics"
    assert "![](https://example.com/a.png)" in page
    assert "alert(3)" not in page, "the data file and its folder are not named to readers"
    about = page.split('<section class="about-data">')[1]
    assert "Nguồn: &lt;img src=x onerror=" in about and "[x](javascript:alert(1))" in about
