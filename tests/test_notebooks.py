"""The committed notebooks: structure, parameters, deterministic outputs, and the explorer's widgets.

The outputs themselves are compared cell by cell by nbval (``make test-notebooks``); these tests
check what nbval does not: that the outputs hold nothing machine- or run-specific, that each
notebook has one ASCII ``parameters`` cell, and that the explorer redraws for every control value
(in this process) and in a kernel.
"""

from __future__ import annotations

import ast
import hashlib
import html
import json
import re
from pathlib import Path

import nbformat
import pytest

from emulation_analysis.i18n import t
from emulation_analysis.io.illustrative import illustrative_data_path
from emulation_analysis.report.briefing import BRIEFINGS, EXPLORER, LANG_TAGS
from emulation_analysis.report.execution import execute, parameterize

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
ALL = (*BRIEFINGS, EXPLORER)
EXPECTED_PARAMETERS = {
    BRIEFINGS[0]: {"data_path", "years", "districts", "lang"},
    BRIEFINGS[1]: {"data_path", "years", "districts", "lang"},
    EXPLORER: {"data_path", "lang"},
}


def read(name: str):
    return nbformat.read(NOTEBOOKS / name, as_version=4)


def test_the_notebooks_are_numbered_and_all_there():
    found = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
    assert found == sorted(ALL)
    assert all(re.match(r"\d\d-[a-z0-9-]+\.ipynb$", name) for name in found)


@pytest.mark.parametrize("name", ALL)
def test_kernelspec_is_python3(name):
    assert read(name).metadata.kernelspec.name == "python3"


@pytest.mark.parametrize("name", ALL)
def test_one_parameters_cell_with_ascii_literal_values(name):
    cells = [c for c in read(name).cells if "parameters" in c.metadata.get("tags", ())]
    assert len(cells) == 1, "exactly one cell tagged 'parameters'"
    assigned = {}
    for node in ast.parse(cells[0].source).body:
        assert isinstance(node, ast.Assign), "the parameters cell only assigns values"
        value = ast.literal_eval(node.value)
        assigned[node.targets[0].id] = value
        assert ast.unparse(node.value).isascii(), (
            f"{node.targets[0].id} must be ASCII (papermill escapes the rest)"
        )
    assert set(assigned) == EXPECTED_PARAMETERS[name]
    assert assigned["lang"] == "vi"


@pytest.mark.parametrize("name", ALL)
def test_cells_hold_no_logic(name):
    """Notebook code only calls the library: no loops, conditions or function definitions."""
    for cell in read(name).cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            assert not isinstance(
                node, ast.For | ast.While | ast.If | ast.FunctionDef | ast.ClassDef | ast.Lambda | ast.Try
            ), f"logic in a notebook cell:\n{cell.source}"


@pytest.mark.parametrize("name", ALL)
def test_committed_outputs_are_complete_and_deterministic(name):
    nb = read(name)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1)), "run as a whole, in order"
    assert "widgets" not in nb.metadata, "no widget state (random model ids)"
    text = json.dumps([c.get("outputs", []) for c in code], ensure_ascii=False)
    assert '"output_type": "error"' not in text
    assert '"name": "stderr"' not in text, "no warnings in the committed outputs"
    for pattern, what in (
        (r"0x[0-9a-f]{6,}", "memory address"),
        (r"/(?:work|tmp|home|root|usr)/", "absolute path"),
        (r"[A-Za-z]:\\\\", "Windows path"),
        (r"\d{4}-\d\d-\d\dT\d\d:\d\d", "timestamp"),
        (r"<dc:date>", "SVG date metadata"),
        (r"widget-view\+json", "widget view (random model id)"),
    ):
        assert not re.search(pattern, text), f"{what} in the outputs of {name}"
    for cell in code:
        assert "execution" not in cell.metadata, "no execution timings"


def _shown(name: str) -> str:
    """Every Markdown and HTML output of a committed notebook, joined."""
    return "\n".join(
        "".join(o["data"].get(kind, ""))
        for c in read(name).cells
        if c.cell_type == "code"
        for o in c.outputs
        if "data" in o
        for kind in ("text/markdown", "text/html")
    )


@pytest.mark.parametrize("name", BRIEFINGS)
def test_briefing_notebooks_show_svg_figures_and_their_narrative_in_one_language(name):
    nb = read(name)
    mimetypes = [k for c in nb.cells if c.cell_type == "code" for o in c.outputs for k in o.get("data", {})]
    assert "text/markdown" in mimetypes and "image/svg+xml" in mimetypes
    assert "image/png" not in mimetypes
    # no hand-written narrative cells: headings and sentences are generated in the chosen language
    assert [c.cell_type for c in nb.cells] == ["code"] * len(nb.cells)
    tags = {t for c in nb.cells for t in c.metadata.get("tags", ())}
    assert not set(LANG_TAGS.values()) & tags
    shown = _shown(name)
    assert "Những điểm chính" in shown and "Key points" not in shown
    assert "Về số liệu" in shown and "About the data" not in shown


def test_real_data_notebook_has_no_illustrative_notice_and_the_comparison_shows_one_on_its_defaults():
    first, second = _shown(BRIEFINGS[0]), _shown(BRIEFINGS[1])
    assert "Dữ liệu minh hoạ" not in first and "năm 2018" in first
    # as page 02 of the briefing: the illustrative dataset, saying so and why
    assert t("notebook.notice.headline", "vi") in second
    assert "Số liệu thật có sẵn chỉ có năm 2018" in second
    assert re.search(
        r'<div class="headline"><p>[\d.]+ lượt khen thưởng của cả cụm năm \d{4}, (tăng|giảm|bằng)', second
    )
    assert "## Xu hướng qua các năm" in second


@pytest.mark.parametrize("name", BRIEFINGS)
def test_pages_hold_no_words_for_programmers(name):
    shown = _shown(name)
    for word in (
        "dòng số liệu",
        "Tệp số liệu",
        "của gói",
        "emulation_analysis",
        "seed",
        "hạt giống",
        "Bản đồ nhiệt",
    ):
        assert word not in shown, (name, word)


def test_sanitize_file_is_ascii():
    assert (ROOT / "tests" / "nbval-sanitize.cfg").read_bytes().isascii()


# --- the explorer ---------------------------------------------------------------------------------
# Its controls are plain ipywidgets, which work without a kernel: every control value is cycled
# in this process, with the chart functions replaced by stand-ins that record what they were
# asked to draw (drawing the real charts ~60 times took most of a minute). The real charts are
# then drawn once each, in this process, and the notebook runs once in a kernel.

PLOTS = (
    "plot_distribution",
    "plot_heatmap",
    "plot_year_comparison",
    "plot_year_comparison_by_form",
    "plot_trends",
)


def _stand_in(name: str, calls: list[dict]):
    """A chart function that draws a tiny figure titled with what it was asked, and records it."""

    def plot(records, *args, lang="vi", catalog=None, year=None):
        import matplotlib.pyplot as plt

        call = {
            "chart": name,
            "args": args,
            "year": year,
            "lang": lang,
            "years": sorted(int(y) for y in records["year"].unique()),
            "districts": sorted({str(d) for d in records["district"]}),
            "forms": sorted({str(f) for f in records["award"]}),
        }
        calls.append(call)
        _, ax = plt.subplots(figsize=(1, 1))
        ax.set_axis_off()
        ax.text(0, 0, hashlib.sha256(repr(sorted(call.items())).encode()).hexdigest()[:6])
        return ax

    return plot


def _values(control) -> list:
    return [o[1] if isinstance(o, tuple) else o for o in control.options]


# each control is cycled under a chart that uses it
CHART_FOR = {
    "chart": None,
    "year": "heatmap",
    "base": "comparison",
    "target": "comparison",
    "districts": "comparison",
    "forms": "comparison",
    "lang": "comparison",
}


def _exercise(explorer, calls: list[dict]) -> dict:
    """Set every control to each of its values (and, for the lists, all of them); record each redraw."""
    report: dict = {"controls": {}, "images": set()}
    for name, control in explorer.controls.items():
        if CHART_FOR[name]:
            explorer.controls["chart"].value = CHART_FOR[name]
        start = control.value
        options = _values(control)
        choices = [(v,) for v in options] + [tuple(options)] if name in ("districts", "forms") else options
        for value in choices:
            if control.value == value:
                control.value = choices[0] if value != choices[0] else choices[-1]
            before, made = explorer.redraws, len(calls)
            control.value = value
            drawn = "data:image/svg+xml;base64," in explorer.image.value
            report["controls"].setdefault(name, []).append(
                {
                    "value": value,
                    "redrawn": explorer.redraws == before + 1,
                    "image": drawn,
                    "message": explorer.message,
                    "call": calls[-1] if len(calls) == made + 1 else None,
                }
            )
            if drawn:
                report["images"].add(hash(explorer.image.value))
        control.value = start
    report["images"] = len(report["images"])
    return report


@pytest.fixture(scope="module")
def explorer_report():
    from emulation_analysis.report.explorer import Explorer

    calls: list[dict] = []
    with pytest.MonkeyPatch.context() as patch:
        for name in PLOTS:
            patch.setattr(f"emulation_analysis.report.explorer.{name}", _stand_in(name, calls))
        explorer = Explorer(illustrative_data_path(), lang="vi")
        return _exercise(explorer, calls)


def test_explorer_redraws_for_every_control_value(explorer_report):
    controls = explorer_report["controls"]
    assert set(controls) == {"chart", "year", "base", "target", "districts", "forms", "lang"}
    for name, checks in controls.items():
        assert checks, name
        for check in checks:
            assert check["redrawn"], f"{name}={check['value']} did not redraw"
            assert check["image"] or check["message"], f"{name}={check['value']} drew nothing"


def test_explorer_draws_every_chart_on_multi_year_data(explorer_report):
    charts = explorer_report["controls"]["chart"]
    assert len(charts) == 5
    assert all(c["image"] and not c["message"] for c in charts), charts
    assert [c["call"]["chart"] for c in charts] == list(PLOTS)
    for name in ("year", "lang", "districts"):
        assert all(c["image"] for c in explorer_report["controls"][name]), name
    same = [c for c in explorer_report["controls"]["base"] if c["message"]]
    assert same and all(c["message"] == "Hãy chọn hai năm khác nhau." for c in same)
    assert explorer_report["images"] > 10, "the redrawn charts differ from each other"


def test_explorer_passes_each_choice_to_the_chart(explorer_report):
    controls = explorer_report["controls"]
    for check in controls["year"]:
        assert check["call"]["chart"] == "plot_heatmap" and check["call"]["year"] == check["value"]
    for name, position in (("base", 0), ("target", 1)):
        for check in controls[name]:
            if check["call"]:
                assert check["call"]["args"][position] == check["value"], check
    for name in ("districts", "forms"):
        for check in controls[name]:
            assert check["call"]["chart"] == "plot_year_comparison"
            assert check["call"][name] == sorted(check["value"]), check
    assert [c["call"]["lang"] for c in controls["lang"]] == [c["value"] for c in controls["lang"]]


def test_explorer_draws_each_real_chart_as_an_svg_image():
    from emulation_analysis.report.explorer import CHARTS, Explorer

    explorer = Explorer(illustrative_data_path(), lang="en")
    images = set()
    for chart in CHARTS:
        explorer.controls["chart"].value = chart
        assert explorer.message == "", chart
        image = explorer.image.value
        name = html.escape(t(CHARTS[chart][0], "en"), quote=True)
        assert image.startswith(f'<img style="max-width:100%" alt="{name}" src="data:image/svg+xml;base64,')
        images.add(explorer.image.value)
    assert len(images) == len(CHARTS)


def test_explorer_notebook_redraws_in_a_kernel():
    """The notebook itself, run once in a kernel on several years, shows controls that redraw."""
    nb = read(EXPLORER)
    nb = parameterize(nb, {"data_path": str(illustrative_data_path()), "lang": "vi"})
    check = (
        "import json as _json\n"
        "_before = explorer.redraws\n"
        "explorer.controls['chart'].value = 'trends'\n"
        "print(_json.dumps({'redrawn': explorer.redraws == _before + 1, 'message': explorer.message,"
        " 'image': 'data:image/svg+xml;base64,' in explorer.image.value}))\n"
    )
    nb.cells.append(nbformat.v4.new_code_cell(check))
    execute(nb, NOTEBOOKS, EXPLORER, timeout=300)
    widget = [
        o
        for c in nb.cells
        for o in c.get("outputs", ())
        if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]
    assert widget, "the explorer shows its widgets in the notebook"
    streams = [o["text"] for o in nb.cells[-1].outputs if o.get("output_type") == "stream"]
    assert json.loads(streams[-1]) == {"redrawn": True, "message": "", "image": True}


def test_explorer_says_why_when_the_same_year_is_compared_twice():
    from emulation_analysis.report.explorer import Explorer

    explorer = Explorer(illustrative_data_path())
    explorer.controls["chart"].value = "comparison"
    explorer.controls["base"].value = explorer.controls["target"].value
    assert explorer.message == "Hãy chọn hai năm khác nhau."
    assert "<img" not in explorer.image.value
    explorer.controls["lang"].value = "en"
    assert explorer.message == "Choose two different years."
    assert explorer.controls["year"].description == "Year"


def test_explorer_on_its_defaults_opens_several_years_and_says_they_are_illustrative():
    from emulation_analysis.report.explorer import Explorer

    explorer = Explorer()
    assert len(explorer.years) >= 3 and explorer.illustrative
    assert "Dữ liệu minh hoạ" in explorer.notice.value and "năm 2018" in explorer.notice.value
    explorer.controls["chart"].value = "trends"
    assert explorer.message == "" and "data:image/svg+xml;base64," in explorer.image.value


def test_explorer_on_one_real_year_explains_that_trends_need_three_years():
    from emulation_analysis.report.explorer import Explorer

    explorer = Explorer(ROOT / "data" / "awards.csv")
    assert explorer.notice.value == ""
    assert "data:image/svg+xml;base64," in explorer.image.value
    explorer.controls["chart"].value = "trends"
    assert "3" in explorer.message and "<img" not in explorer.image.value


def test_numbers_are_written_the_way_each_language_writes_them():
    from emulation_analysis.i18n import format_number, format_percent

    assert format_number(1234.5, "vi", 1) == "1.234,5"
    assert format_number(1234.5, "en", 1) == "1,234.5"
    assert format_percent(0.448276, "vi") == "44,8 %"
    assert format_percent(0.448276, "en") == "44.8%"
