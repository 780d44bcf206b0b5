"""Briefing pages as readers see them: on a phone (412 px), on a desktop (1280 px) and on A4 paper.

Every page of a briefing, in Vietnamese and in English, is opened in Debian's
headless ``chromium`` (through Playwright's Python package, as in
``tests/test_briefing.py``) and measured: no chart text under 9 CSS px, no
table wider than its box unless the box scrolls, no unit name broken across
two lines, no page wider than the screen, no two blocks drawn over each other,
no two words of a chart drawn over each other. Each page is then printed to
PDF and read back with ``pdftotext``: no page may end with a heading (its
table or chart went to the next page without it), and on a page of
illustrative data every printed page carries the notice.

Without chromium (or pdftotext for the print test) the tests are skipped, saying why. The
browser is the one of ``tests/conftest.py`` (one Playwright per session).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from emulation_analysis.catalog import default_catalog
from emulation_analysis.i18n import t
from emulation_analysis.report.briefing import render_briefings

WIDTHS = (412, 1280)
MIN_CHART_TEXT_PX = 9.0

# Measured in the page: one list of problems per kind, each naming what is wrong.
MEASURE = r"""
(unitNames) => {
  const problems = {smallText: [], tableOverflow: [], brokenName: [], pageOverflow: [], overlap: [],
                    chartOverlap: []};
  const rect = (e) => e.getBoundingClientRect();
  if (document.documentElement.scrollWidth > window.innerWidth + 1) {
    problems.pageOverflow.push(`page ${document.documentElement.scrollWidth} px wide`);
  }
  // chart text: the font size times the scale at which the figure is drawn
  for (const svg of document.querySelectorAll('.briefing-figure svg')) {
    const box = svg.viewBox.baseVal;
    const scale = rect(svg).width / box.width;
    const texts = Array.from(svg.querySelectorAll('text'));
    for (const text of texts) {
      const px = parseFloat(getComputedStyle(text).fontSize) * scale;
      if (px < 9 - 0.05) problems.smallText.push(`${px.toFixed(1)} px: ${text.textContent}`);
    }
    const boxes = texts.filter(x => x.textContent.trim()).map(x => [x, rect(x)]);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, ra] = boxes[i], [b, rb] = boxes[j];
        const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
        const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
        const smaller = Math.min(ra.width * ra.height, rb.width * rb.height);
        if (w > 0 && h > 0 && w * h > 0.2 * smaller) {
          problems.chartOverlap.push(`"${a.textContent}" / "${b.textContent}"`);
        }
      }
    }
  }
  // a table wider than its box must sit in a box that scrolls sideways
  for (const table of document.querySelectorAll('table')) {
    let box = table.parentElement, scrolls = false;
    while (box && box !== document.body) {
      const overflow = getComputedStyle(box).overflowX;
      if (overflow === 'auto' || overflow === 'scroll') { scrolls = true; break; }
      if (rect(table).width > rect(box).width + 1) break;
      box = box.parentElement;
    }
    if (!scrolls && rect(table).width > rect(table.parentElement).width + 1) {
      problems.tableOverflow.push(table.innerText.slice(0, 60));
    }
  }
  // a unit name on two lines: its characters' boxes on more than one line
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest('svg, style, script')) continue;
    const text = node.textContent.replace(/\u00a0/g, ' ');
    for (const name of unitNames) {
      for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + name.length);
        const tops = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0)
                             .map(r => Math.round(r.bottom)));
        if (tops.size > 1) problems.brokenName.push(`${name} in "${text.trim().slice(0, 60)}"`);
      }
    }
  }
  // blocks of the page drawn over one another
  const blocks = Array.from(document.querySelectorAll(
    'h1, h2, h3, h4, p, li, blockquote, .briefing-figure, .briefing-table-scroll, footer'))
    .filter(e => rect(e).height > 0);
  for (let i = 0; i < blocks.length; i++) {
    for (let j = i + 1; j < blocks.length; j++) {
      const a = blocks[i], b = blocks[j];
      if (a.contains(b) || b.contains(a)) continue;
      const ra = rect(a), rb = rect(b);
      const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
      const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      if (w > 1 && h > 1) {
        problems.overlap.push(
          `${a.tagName} "${a.innerText.slice(0, 30)}" / ${b.tagName} "${b.innerText.slice(0, 30)}"`);
      }
    }
  }
  return problems;
}
"""


@pytest.fixture(scope="module")
def briefings(tmp_path_factory) -> dict[str, Path]:
    """The default briefing (real data for 01, illustrative for 02) in each language."""
    out = {}
    for lang in ("vi", "en"):
        folder = tmp_path_factory.mktemp(f"pages-{lang}") / "reports"
        render_briefings(folder, lang=lang)
        out[lang] = folder
    return out


def _pages(briefings: dict[str, Path]) -> list[tuple[str, Path]]:
    return [(lang, page) for lang, folder in briefings.items() for page in sorted(folder.glob("0*.html"))]


def _unit_names(lang: str) -> list[str]:
    units = default_catalog().units
    names = units["name_en" if lang == "en" else "name"].dropna().astype(str)
    return sorted({n for n in names if " " in n}, key=len, reverse=True)


def test_pages_read_well_on_a_phone_and_a_desktop(browser, briefings):
    found = {}
    for lang, path in _pages(briefings):
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(path.as_uri(), wait_until="load")
            page.evaluate("document.fonts.ready.then(() => true)")
            problems = page.evaluate(MEASURE, _unit_names(lang))
            page.close()
            for kind, items in problems.items():
                if items:
                    found[f"{lang} {path.name} @{width}px {kind}"] = items[:5]
    assert found == {}


def test_the_measures_catch_what_they_promise_to(browser, tmp_path):
    """The measuring script fails a page built to break each rule (so the test above can fail)."""
    svg = (
        '<div class="briefing-figure" style="width:200px"><svg viewBox="0 0 800 100" style="width:200px">'
        '<text x="0" y="50" style="font-size:20px">Nhỏ</text>'
        '<text x="5" y="52" style="font-size:20px">Đè</text>'
        "</svg></div>"
    )
    table = '<div style="width:150px"><table><tr><td>' + "x" * 80 + "</td></tr></table></div>"
    names = '<p style="width:60px">Một hai Quận Tân Bình</p>'
    overlap = '<p style="height:20px">A</p><p style="margin-top:-20px">B</p>'
    path = tmp_path / "bad.html"
    path.write_text(f'<html><body style="width:300px">{svg}{table}{names}{overlap}</body></html>', "utf-8")
    page = browser.new_page(viewport={"width": 412, "height": 900})
    page.goto(path.as_uri())
    problems = page.evaluate(MEASURE, ["Quận Tân Bình"])
    page.close()
    assert problems["smallText"] and problems["chartOverlap"]
    assert problems["tableOverflow"] and problems["brokenName"] and problems["overlap"]


# --- paper ----------------------------------------------------------------------------------------


def _pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    return [page for page in text.split("\f") if page.strip()]


def _content_lines(page_text: str, running: set[str]) -> list[str]:
    """The lines of a printed page without its running header and footer."""
    lines = []
    for line in page_text.splitlines():
        line = " ".join(line.split())
        for repeated in running:
            line = line.replace(repeated, "").strip()
        if line and not re.fullmatch(r"(Trang \d+/\d+|Page \d+ of \d+)", line):
            lines.append(line)
    return lines


def _ends_with_heading(lines: list[str], sections: list[list[str]]) -> str | None:
    """The heading a printed page ends with, alone or with only the sentences under it; else None.

    >>> sections = [["Tỉ trọng", "Tỉ trọng Phần của mỗi đơn vị"]]
    >>> _ends_with_heading(["Tỉ trọng", "Phần của mỗi đơn vị"], sections)
    'Tỉ trọng'
    >>> _ends_with_heading(["Tỉ trọng", "Quận 1 50,0 %"], sections)
    """
    for heading, cell in sections:
        cell = " ".join(cell.split())
        for at, line in enumerate(lines):
            if line == heading and all(rest in cell for rest in lines[at + 1 :]):
                return heading
    return None


def test_printed_pages_keep_headings_with_their_content_and_the_notice_on_each_page(browser, briefings):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (Debian's poppler-utils) is not installed")
    found = {}
    for lang, path in _pages(briefings):
        page = browser.new_page()
        page.goto(path.as_uri(), wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")
        # each heading with the text of its block (the heading and the sentences under it)
        sections = page.evaluate(
            "Array.from(document.querySelectorAll('h2, h3, h4')).map(h => ["
            "h.innerText.trim(), (h.closest('.jp-RenderedHTMLCommon') || h).innerText.trim()])"
        )
        title = page.title()
        notice = t("notebook.notice.headline", lang)
        illustrative = notice in page.inner_text("body")
        pdf = path.with_suffix(".pdf")
        page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
        page.close()
        printed = _pdf_pages(pdf)
        assert len(printed) >= 2, f"{path.name}: {len(printed)} printed page(s)"
        for number, text in enumerate(printed, 1):
            flat = " ".join(text.split())
            where = f"{lang} {path.name} page {number}"
            if illustrative and notice not in flat:
                found[where + ": no illustrative notice"] = flat[:80]
            if title.split()[0] not in text.splitlines()[0]:
                found[where + ": no running title"] = text.splitlines()[0]
            if not re.search(rf"(Trang {number}/\d+|Page {number} of \d+)", flat):
                found[where + ": no page number"] = flat[-80:]
            if number < len(printed) and (
                heading := _ends_with_heading(_content_lines(text, {notice, title}), sections)
            ):
                found[where + ": ends with a heading"] = heading
    assert found == {}
