"""HTML briefings: rendered once per session, then read as a leader's browser would.

The browser tests use Debian's ``chromium`` through Playwright's Python package (Playwright's own
browser download does not work offline; the ``browser`` fixture is in ``conftest.py``); without it
they are skipped with the reason.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from emulation_analysis.cli import main
from emulation_analysis.io.illustrative import illustrative_data_path
from emulation_analysis.report.briefing import BRIEFINGS, BriefingError, render_briefings
from emulation_analysis.report.notebook import NOTICE
from emulation_analysis.report.output_folder import MANIFEST, replace_folder, write_manifest

PAGES = [Path(name).with_suffix(".html").name for name in BRIEFINGS]


@pytest.fixture(scope="session")
def default_briefing(tmp_path_factory):
    """What ``make briefing`` produces: real data for 01, the illustrative dataset for 02."""
    out = tmp_path_factory.mktemp("default") / "reports"
    lines: list[str] = []
    pages = render_briefings(out, progress=lines.append)
    return out, pages, lines


@pytest.fixture(scope="session")
def english_briefing(tmp_path_factory):
    """The analyst's command on their own multi-year records, in English, two districts."""
    out = tmp_path_factory.mktemp("english") / "reports"
    out.mkdir()
    (out / "stale.html").write_text("old page", encoding="utf-8")
    write_manifest(out)  # a page an earlier briefing wrote
    status = main(
        [
            "briefing",
            "--data",
            str(illustrative_data_path()),
            "--years",
            "2020",
            "2022",
            "--districts",
            "Q1",
            "Q3",
            "--lang",
            "en",
            "--out",
            str(out),
        ]
    )
    return status, out


def page_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# --- what the files hold -------------------------------------------------------------------------


def test_one_page_per_briefing_notebook_plus_index(default_briefing):
    out, pages, lines = default_briefing
    assert sorted(p.name for p in out.iterdir()) == sorted([*PAGES, "index.html", MANIFEST])
    index = page_text(out / "index.html")
    for page in pages:
        assert f'href="{page.html_name}"' in index
        assert page.title in index
    assert any("[1/2]" in line for line in lines) and any("[2/2]" in line for line in lines)
    assert any("illustrative dataset" in line for line in lines), "the progress says why 02 is illustrative"


def test_pages_are_self_contained(default_briefing):
    out, _, _ = default_briefing
    for path in out.iterdir():
        html = page_text(path)
        assert not re.search(r"<script[^>]*\bsrc=", html), f"external script in {path.name}"
        assert not re.search(r"<link[^>]*stylesheet", html), f"external stylesheet in {path.name}"
        assert "@import" not in html
        assert not re.search(r"""(?:src|href)=["']https?://""", html), f"external resource in {path.name}"
        # CSS may only point into the page itself: data: URIs (the embedded font) or #ids (clip paths)
        targets = re.findall(r"url\(\s*['\"]?([^'\")\s]*)", html)
        assert [t for t in targets if not t.startswith(("data:", "#"))] == [], path.name
        for rule in re.findall(r"@font-face\s*\{[^}]*\}", html):
            assert re.search(r"src:\s*url\(data:font/woff;base64,[A-Za-z0-9+/=]+\)", rule), rule[:200]


def _font_faces(html: str) -> dict[str, set[str]]:
    """Characters each embedded face (by weight) can draw, read from the page's ``@font-face`` rules."""
    import base64
    import io

    from fontTools.ttLib import TTFont

    faces: dict[str, set[str]] = {}
    for weight, data in re.findall(
        r'@font-face\{font-family:"DejaVu Sans";font-weight:(\d+);[^}]*base64,([^)]+)\)', html
    ):
        assert weight not in faces, f"two embedded fonts for weight {weight}"
        font = TTFont(io.BytesIO(base64.b64decode(data)))
        faces[weight] = {chr(code) for code in font.getBestCmap()}
    return faces


def _figure_texts(html: str) -> dict[str, list[str]]:
    """The words of the page's figures, by the weight their class gives them."""
    import html as html_module

    weights = {
        name: re.search(r"font-weight:(\d+)", rule).group(1) if "font-weight" in rule else "400"
        for name, rule in re.findall(r"\.briefing-figure \.(\w+)\{([^}]*)\}", html)
        if "font-family" in rule
    }
    texts: dict[str, list[str]] = {}
    for figure in re.findall(r'<div class="briefing-figure">(.*?)</svg>', html, re.S):
        for name, words in re.findall(r'<text class="(\w+)"[^>]*>([^<]*)</text>', figure):
            texts.setdefault(weights[name], []).append(html_module.unescape(words))
    return texts


def test_figure_text_is_text_drawn_with_the_one_font_embedded_in_the_page(default_briefing):
    out, _, _ = default_briefing
    for name in PAGES:
        html = page_text(out / name)
        assert 'src="data:image/svg+xml' not in html and html.count('<div class="briefing-figure"><svg') >= 2
        assert not re.search(r'<path id="DejaVuSans', html), "letters drawn as outlines"
        texts = _figure_texts(html)
        assert "Quận Tân Bình" in texts["400"], "a reader can find the unit names of the charts"
        faces = _font_faces(html)
        assert set(faces) == set(texts) == {"400", "700"}, "one font per weight, for the weights shown"
        for weight, words in texts.items():
            missing = set("".join(words)) - faces[weight] - {" "}
            assert not missing, f"{name}: {sorted(missing)} not in the embedded font ({weight})"


def test_figure_words_keep_their_spacing_and_punctuation(default_briefing):
    out, _, _ = default_briefing
    words = [w for ws in _figure_texts(page_text(out / PAGES[0])).values() for w in ws]
    assert any(w.startswith('Nguồn: quanuy1hcm.org.vn, "Cụm thi đua 1') for w in words), words


def test_titles_and_dates_come_from_the_data(default_briefing):
    out, pages, _ = default_briefing
    first, second = pages
    assert first.title == "Phân bố khen thưởng trong Cụm thi đua 1 (UBND TP.HCM) năm 2018"
    assert f"<title>{first.title}</title>" in page_text(out / PAGES[0])
    assert first.period == "2018"
    # The illustrative data spans the reorganisation: the last two years are ward years,
    # added up onto the former districts.
    assert second.title == "So sánh khen thưởng trong Cụm thi đua 1 (UBND TP.HCM): năm 2025 và năm 2026"
    assert second.period == "2019–2026"
    assert '<html lang="vi">' in page_text(out / PAGES[0])


def test_illustrative_notice_only_on_the_page_from_illustrative_data(default_briefing):
    out, pages, _ = default_briefing
    real, illustrative = page_text(out / PAGES[0]), page_text(out / PAGES[1])
    assert not pages[0].illustrative and pages[1].illustrative
    assert NOTICE == "Dữ liệu minh hoạ — không phải số liệu chính thức."
    assert NOTICE not in real
    assert NOTICE in illustrative


def test_code_and_analyst_notes_are_hidden(default_briefing):
    out, _, _ = default_briefing
    for name in PAGES:
        html = page_text(out / name)
        assert 'class="jp-CodeMirrorEditor' not in html and 'class="highlight' not in html
        assert "ctx." not in html and "from emulation_analysis" not in html and "data_path" not in html
        assert "Run All Cells" not in html, "the notes for analysts are left out"
        assert "Key points" not in html, "the English cells are left out of a Vietnamese page"


def test_analyst_command_renders_english_pages_for_the_chosen_units(english_briefing):
    status, out = english_briefing
    assert status == 0
    assert sorted(p.name for p in out.iterdir()) == sorted([*PAGES, "index.html", MANIFEST]), "stale: gone"
    first, second = page_text(out / PAGES[0]), page_text(out / PAGES[1])
    assert '<html lang="en">' in first
    assert "Awards in Cụm thi đua 1 (UBND TP.HCM), 2022" in first
    assert "Awards in Cụm thi đua 1 (UBND TP.HCM): 2020 compared with 2022" in second
    # unit names are written with non-breaking spaces: they never break across lines
    assert "Selected units: District\u00a01, District\u00a03" in first
    assert "Illustrative data — not official figures." in first and "Illustrative data" in second
    assert "Những điểm chính" not in first and "Key points" in first
    assert "District 5" not in first and "District\u00a05" not in first


def _notebooks(folder: Path, *sources: str) -> Path:
    """A folder of briefing notebooks, each a parameters cell then one code cell of ``sources``."""
    import nbformat

    folder.mkdir()
    for name, source in zip(BRIEFINGS, sources, strict=True):
        parameters = nbformat.v4.new_code_cell("data_path = ''", metadata={"tags": ["parameters"]})
        nb = nbformat.v4.new_notebook(cells=[parameters, nbformat.v4.new_code_cell(source)])
        nbformat.write(nb, folder / name)
    return folder


def _previous_briefing(out: Path) -> None:
    out.mkdir()
    (out / "index.html").write_text("previous briefing", encoding="utf-8")
    write_manifest(out)


def test_a_failing_notebook_stops_with_the_cell_error_and_keeps_the_old_reports(tmp_path):
    out = tmp_path / "reports"
    _previous_briefing(out)
    notebooks = _notebooks(tmp_path / "notebooks", "raise ValueError('no such thing')", "raise KeyError(2)")
    with pytest.raises(BriefingError) as failed:
        render_briefings(out, data=illustrative_data_path(), notebooks=notebooks)
    err = str(failed.value)
    assert "01-phan-bo-khen-thuong.ipynb: cell 3 failed" in err
    assert "raise ValueError('no such thing')" in err
    assert "ValueError: no such thing" in err
    # the notebooks run side by side; the first failure in page order is the one reported
    assert err.count("failed:") == 1 and "02-so-sanh-cac-nam.ipynb: cell" not in err
    assert sorted(p.name for p in out.iterdir()) == sorted(["index.html", MANIFEST])
    assert page_text(out / "index.html") == "previous briefing"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notebooks", "reports"], "no half-written folder"


def test_a_year_missing_from_the_data_is_named_before_any_notebook_runs(tmp_path, capsys):
    out = tmp_path / "reports"
    _previous_briefing(out)
    data = str(illustrative_data_path())
    status = main(["briefing", "--data", data, "--years", "1999", "2022", "--out", str(out)])
    assert status == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"briefing failed; {out} left as it was.",
        f"{data} holds no records of 1999; years available: 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026",
    ]
    assert page_text(out / "index.html") == "previous briefing"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]


def test_the_command_reports_a_failing_notebook_and_keeps_the_old_reports(tmp_path, monkeypatch, capsys):
    # what render_briefings raises is tested above; here, what the command makes of it
    def failing(out, **_):
        raise BriefingError(
            "01-phan-bo-khen-thuong.ipynb: cell 6 failed:\n    ctx = start(...)\nValueError: no"
        )

    monkeypatch.setattr("emulation_analysis.report.briefing.render_briefings", failing)
    out = tmp_path / "reports"
    assert main(["briefing", "--districts", "Q99", "--out", str(out)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines()[:2] == [
        f"briefing failed; {out} left as it was.",
        "01-phan-bo-khen-thuong.ipynb: cell 6 failed:",
    ]


def test_progress_is_in_the_language_of_the_command(monkeypatch, capsys):
    from emulation_analysis.report.briefing import plan_briefing

    asked = {}

    def render(out, **options):
        asked.update(options)
        options["progress"]("[1/2] ...")

    monkeypatch.setattr("emulation_analysis.report.briefing.render_briefings", render)
    monkeypatch.setenv("EMULATION_ANALYSIS_LANG", "vi")
    assert main(["briefing", "--lang", "en"]) == 0
    assert asked["progress_lang"] == "vi" and asked["lang"] == "en", (
        "pages in English, progress in Vietnamese"
    )
    assert capsys.readouterr().err == "[1/2] ...\n"
    note = plan_briefing(progress_lang="vi").jobs[1].note
    assert note == "số liệu thật chỉ có năm 2018: trang so sánh dùng bộ dữ liệu minh hoạ"


def test_bad_records_are_reported_before_any_notebook_runs(tmp_path, capsys):
    bad = tmp_path / "2019.csv"
    bad.write_text("Năm,Quận,Hình thức khen thưởng,Số lượng\n2019,Quan 100,BKTTg,2\n", encoding="utf-8")
    status = main(["briefing", "--data", str(bad), "--out", str(tmp_path / "reports")])
    assert status == 1
    err = capsys.readouterr().err
    assert "Quan 100" in err and "[1/2]" not in err
    assert not (tmp_path / "reports").exists()


def test_refuses_to_replace_a_folder_that_is_not_a_briefing(tmp_path):
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(BriefingError, match="refusing to replace"):
        render_briefings(tmp_path)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_swap_replaces_the_folder_in_one_step(tmp_path):
    new, out = tmp_path / "new", tmp_path / "out"
    for folder, page in ((new, "fresh"), (out, "old")):
        folder.mkdir()
        (folder / "index.html").write_text(page, encoding="utf-8")
        write_manifest(folder)
    assert replace_folder(new, out) is None
    assert (out / "index.html").read_text(encoding="utf-8") == "fresh"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert oct(os.stat(out).st_mode & 0o777) == "0o755"


# --- in a browser ----------------------------------------------------------------------------------


def not_blank(png: Path) -> bool:
    import matplotlib.image

    pixels = matplotlib.image.imread(png)[..., :3]
    light = (pixels > 0.95).all(axis=-1).mean()
    return pixels.std() > 0.05 and light < 0.99


def _fonts_drawing_figure_text(page) -> set[tuple[str, bool]]:
    """(font, embedded in the page?) for the glyphs Chromium drew in the figures' text."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    nodes = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": ".briefing-figure text"})
    used = set()
    for node in nodes["nodeIds"]:
        for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]:
            used.add((font.get("postScriptName") or font["familyName"], font["isCustomFont"]))
    cdp.detach()
    return used


@pytest.mark.parametrize("name", [*PAGES, "index.html"])
def test_page_in_headless_chromium(browser, default_briefing, name, tmp_path):
    out, pages, _ = default_briefing
    path = out / name
    url = path.as_uri()
    page = browser.new_page(viewport={"width": 1100, "height": 1400})
    problems, requests = [], []
    page.on(
        "console",
        lambda message: (
            problems.append(f"{message.type}: {message.text}")
            if message.type in ("error", "warning")
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"failed request: {request.url}"))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url, wait_until="load")
    fonts = page.evaluate("document.fonts.ready.then(set => Array.from(set).map(f => f.status))")
    drawn_with = _fonts_drawing_figure_text(page)
    images = page.evaluate(
        "Array.from(document.querySelectorAll('img, .briefing-figure svg')).map(i => i.tagName === 'IMG'"
        " ? {complete: i.complete, width: i.naturalWidth}"
        " : {complete: true, width: i.getBoundingClientRect().width})"
    )
    title = page.title()
    code_visible = page.evaluate(
        "Array.from(document.querySelectorAll("
        "'.jp-CodeCell .jp-InputArea, .jp-CodeMirrorEditor, .highlight'))"
        ".filter(e => e.offsetParent !== null && e.innerText.trim()).length"
    )
    body = page.inner_text("body")
    screenshot = tmp_path / f"{name}.png"
    page.screenshot(path=str(screenshot), full_page=True)
    page.close()

    assert problems == []
    assert [r for r in requests if r != url and not r.startswith("data:")] == []
    assert all(status == "loaded" for status in fonts), fonts
    # every letter of every figure comes from the page's own font, never from the machine's fonts
    assert all(custom for _, custom in drawn_with), drawn_with
    assert code_visible == 0
    if name == "index.html":
        assert title == "Bản tin thi đua – khen thưởng"
        assert all(p.title in body for p in pages)
    else:
        expected = next(p for p in pages if p.html_name == name)
        assert title == expected.title
        assert expected.title in body
        assert len(images) >= 2
        assert all(i["complete"] and i["width"] > 0 for i in images), images
        assert {font for font, _ in drawn_with} == {"DejaVuSans", "DejaVuSans-Bold"}
        assert "khen thưởng" in body and "Quận Tân Bình" in body
    assert screenshot.stat().st_size > 10_000
    assert not_blank(screenshot)


def test_make_briefing_default_folder_is_git_ignored():
    root = Path(__file__).resolve().parents[1]
    ignored = (root / ".gitignore").read_text(encoding="utf-8").split()
    assert "reports/" in ignored
