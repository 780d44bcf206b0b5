"""Offline HTML briefings rendered from the notebooks.

:func:`render_briefings` runs every briefing notebook (``notebooks/01-…``,
``notebooks/02-…``) with papermill-style parameters (a ``parameters`` cell,
then an injected cell with the values), each in its own kernel, side by side,
exports each to one self-contained HTML page with the template
``templates/briefing`` (the ``lab`` template without any external script or
font; code hidden; figures inline, with their font) and writes an
``index.html`` linking them. The pages are rendered in a temporary folder
next to the target, which then replaces the target in one step: a failing
notebook leaves the previous reports untouched.

:func:`execute_in_place` (from :mod:`.execution`, which runs the kernels)
re-runs notebooks and saves them with their outputs (``make notebooks``).
"""

from __future__ import annotations

import contextlib
import html
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..i18n import check_lang, console_lang, format_number, t
from ..version import __version__
from .display import TITLE_METADATA_KEY
from .execution import (
    TIMEOUT,
    BriefingError,
    Progress,
    execute_in_place,
    parameterize,
    run_notebooks,
    seconds_since,
)
from .output_folder import check_out_folder, new_render_folder, replace_folder, write_manifest

__all__ = [
    "BRIEFINGS",
    "EXPLORER",
    "BriefingError",
    "Job",
    "Page",
    "Plan",
    "execute_in_place",
    "export_html",
    "html_exporter",
    "notebooks_dir",
    "plan_briefing",
    "render_briefings",
]

BRIEFINGS = ("01-phan-bo-khen-thuong.ipynb", "02-so-sanh-cac-nam.ipynb")
EXPLORER = "03-kham-pha.ipynb"
COMPARISON = BRIEFINGS[1]
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
# Cells carrying one of these tags are left out of a briefing in the other language.
LANG_TAGS = {"vi": "lang-vi", "en": "lang-en"}
ANALYST_TAG = "analyst-only"
# Progress lines about one notebook are indented under the line that started it.
INDENT = " " * 6


@dataclass(frozen=True)
class Job:
    """One notebook to render, with its papermill parameters."""

    notebook: str
    parameters: dict[str, object]
    note: str = ""


@dataclass
class Page:
    """One rendered page of a briefing."""

    notebook: str
    html_name: str
    title: str
    period: str
    illustrative: bool
    warnings: list[str] = field(default_factory=list)


def notebooks_dir() -> Path:
    """The folder of the notebooks, as the package ``emulation_analysis.notebooks`` finds it.

    In a source checkout (an editable install) that package is the repository's
    top-level ``notebooks/`` folder, where analysts open them; an installed
    wheel carries them inside the package. A checkout put on ``sys.path``
    without installing it is found next to the package.
    """
    package = Path(__file__).resolve().parents[1]
    candidates = []
    with contextlib.suppress(ModuleNotFoundError):  # not installed: a checkout on sys.path
        candidates.append(Path(resources.files("emulation_analysis.notebooks").joinpath(BRIEFINGS[0])).parent)
    candidates.append(package.parent / "notebooks")
    for folder in candidates:
        # another checkout's editable install would map the name to its own notebooks: not those
        if (folder / BRIEFINGS[0]).is_file() and folder.resolve().parent in (package, package.parent):
            return folder
    raise BriefingError(t("briefing.error.no_notebooks", console_lang(), folder=candidates[0]))


# --- export --------------------------------------------------------------------------------


def _page_info(nb, fallback: str) -> tuple[str, str, bool]:
    for cell in nb.cells:
        for output in cell.get("outputs", ()):
            info = output.get("metadata", {}).get(TITLE_METADATA_KEY)
            if info:
                return info["title"], str(info.get("period", "")), bool(info.get("illustrative"))
    return fallback, "", False


def _briefing_cells(nb, lang: str) -> list[str]:
    """Keep what a reader sees: no empty code cells, no cells of the other language, no stderr."""
    other = {tag for code, tag in LANG_TAGS.items() if code != lang} | {ANALYST_TAG}
    kept, warnings = [], []
    for cell in nb.cells:
        if other & set(cell.metadata.get("tags", ())):
            continue
        if cell.cell_type == "code":
            outputs = []
            for output in cell.outputs:
                if output.get("output_type") == "stream" and output.get("name") == "stderr":
                    warnings.append(output.get("text", "").strip())
                    continue
                outputs.append(output)
            cell.outputs = outputs
            if not outputs:
                continue
        kept.append(cell)
    nb.cells = kept
    return warnings


def _inline_figures(nb) -> str:
    """Put the SVG figures into the page itself, compacted; return the CSS they need.

    The CSS holds the figures' shared styles and the page's embedded font (one
    subset per face, only the characters its figures show): see
    :class:`emulation_analysis.report.html_figures.InlineFigures`.
    """
    from .html_figures import InlineFigures

    page = InlineFigures(scope=".briefing-figure")
    for cell in nb.cells:
        for output in cell.get("outputs", ()):
            data = output.get("data", {})
            svg = data.get("image/svg+xml")
            if svg and "text/html" not in data:
                output["data"] = {"text/html": f'<div class="briefing-figure">{page.add(svg)}</div>'}
    return page.css()


def html_exporter(lang: str = "vi"):
    """The nbconvert exporter of the briefing pages (template ``briefing``, code hidden)."""
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="briefing",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        anchor_link_text="",
        language_code=lang,
    )


def export_html(nb, *, lang: str = "vi", footer: str = "", exporter=None) -> str:
    """One self-contained HTML page of an executed notebook (code hidden, figures and their font inline).

    Parameters
    ----------
    nb : NotebookNode
        Executed; its SVG outputs are replaced by inline figures.
    lang : {"vi", "en"}
        The page's language (``<html lang>``).
    footer : str
        The line at the foot of the page.
    exporter : HTMLExporter, optional
        From :func:`html_exporter` for ``lang``: the pages of one briefing share
        one, so its templates are read and compiled once. Default: a new one.
    """
    from .html_figures import self_close
    from .page_print import print_css
    from .tables import keep_names_whole

    exporter = exporter if exporter is not None else html_exporter(lang)
    figures_css = _inline_figures(nb)
    for cell in nb.cells:  # unit names in the page's sentences never break across lines
        for output in cell.get("outputs", ()):
            data = output.get("data", {})
            for kind in ("text/markdown", "text/html"):
                if kind in data and "<svg" not in data[kind]:  # a figure's words never wrap
                    data[kind] = keep_names_whole(data[kind])
    title, _, illustrative = _page_info(nb, "")
    resources = {
        "briefing_footer": footer,
        "briefing_figures_css": figures_css,
        # the running header, page numbers and notice of the printed page; the notice above tables
        "briefing_print_css": print_css(title, lang, illustrative=illustrative),
        "briefing_notice": t("notebook.notice.headline", lang) if illustrative else "",
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return self_close(body)


def _index_html(pages: list[Page], lang: str, notes: Sequence[str] = ()) -> str:
    # one span over the real pages ("2023–2024"), not each page's period side by side
    years = [int(y) for p in pages if not p.illustrative for y in p.period.replace("–", " ").split()]
    periods = [f"{min(years)}–{max(years)}" if min(years) < max(years) else str(years[0])] if years else []
    title = t("briefing.index.title", lang)
    notice = t("notebook.notice.headline", lang)

    def item(page: Page) -> str:
        badge = f' <span class="badge">{html.escape(notice)}</span>' if page.illustrative else ""
        return f'<li><a href="{html.escape(page.html_name)}">{html.escape(page.title)}</a>{badge}</li>'

    # Pages on illustrative data are listed apart, under their own heading, so
    # that no reader takes them for part of the briefing on real figures.
    items = [item(p) for p in pages if not p.illustrative]
    demos = [item(p) for p in pages if p.illustrative]
    heading = t("briefing.index.pages", lang)
    demo_heading = t("briefing.index.demo_pages", lang)
    demo_block = f"<h2>{html.escape(demo_heading)}</h2>\n<ul>\n{chr(10).join(demos)}\n</ul>" if demos else ""
    period = t("briefing.index.periods", lang, periods=", ".join(periods)) if periods else ""
    # a page left out says why, in one line under the list
    left_out = "".join(f'<p class="left-out">{html.escape(note)}</p>\n' for note in notes)
    footer = f"emulation-analysis {__version__}"
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{html.escape(title)}</title>
<style>
  body {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
         max-width: 48rem; margin: 2rem auto; padding: 0 1.5rem; color: #222; line-height: 1.5; }}
  h1 {{ font-size: 1.6rem; }}
  li {{ margin: 0.6rem 0; font-size: 1.1rem; }}
  .badge {{ display: inline-block; margin-left: 0.5rem; padding: 0 0.4rem; font-size: 0.8rem;
           background: #fff3cd; border: 1px solid #e0c36b; border-radius: 3px; }}
  .left-out {{ color: #555; }}
  footer {{ margin-top: 3rem; font-size: 0.8rem; color: #555; }}
</style>
</head>
<body>
<main>
<h1>{html.escape(title)}</h1>
<p>{html.escape(period)}</p>
<h2>{html.escape(heading)}</h2>
<ul>
{chr(10).join(items)}
</ul>
{left_out}{demo_block}
</main>
<footer>{html.escape(footer)}</footer>
</body>
</html>
"""


# --- the briefing set ------------------------------------------------------------------------


def _illustrative_path(work: Path) -> Path:
    from ..io.illustrative import illustrative_data_path, write_illustrative

    committed = illustrative_data_path()
    return committed if committed.is_file() else write_illustrative(work / "illustrative.csv")


@dataclass(frozen=True)
class Plan:
    """What a briefing renders: the notebooks to run, and why any page is left out.

    ``left_out`` holds ``(message key, fields)`` pairs: the index says each in
    the pages' language, the progress in the console's.
    """

    jobs: list[Job]
    left_out: list[tuple[str, dict[str, object]]] = field(default_factory=list)


def _unit_names(records, districts: Sequence[str], data_name: str, lang: str) -> list[str]:
    """The units named by ``districts`` (codes or names), each with records; else a BriefingError."""
    from ..catalog import default_catalog

    catalog = default_catalog()
    present = list(records["district"].cat.remove_unused_categories().cat.categories)
    codes = ", ".join(catalog.unit_code(name) for name in present)
    names = []
    for code in districts:
        found = catalog.unit_lookup.resolve(str(code))
        if found.canonical is None and found.suggestion:
            close = {"suggestion": catalog.unit_code(found.suggestion), "name": found.suggestion}
            raise BriefingError(t("briefing.error.unknown_unit_close", lang, code=code, codes=codes, **close))
        if found.canonical is None:
            raise BriefingError(t("briefing.error.unknown_unit", lang, code=code, codes=codes))
        if found.canonical not in present:
            fields = {"code": code, "name": found.canonical, "data": data_name, "codes": codes}
            if (former := catalog.former_district(found.canonical)) in present:  # a ward: as its district
                raise BriefingError(t("briefing.error.ward_added_up", lang, district=former, **fields))
            raise BriefingError(t("briefing.error.unit_not_in_data", lang, **fields))
        names.append(found.canonical)
    return names


def plan_briefing(
    data: str | Path | None = None,
    *,
    years: Sequence[int] = (),
    districts: Sequence[str] = (),
    lang: str = "vi",
    work: Path | None = None,
    progress_lang: str | None = None,
) -> Plan:
    """Check the briefing's arguments against the data (before any kernel starts) and plan its pages.

    Every page runs on ``data`` (default: the bundled real data). Page 01
    shows the last of ``years`` (default: the latest real year); page 02
    compares the first and last of ``years``, or the one year given with the
    year before it, or the last two years. When the data has no earlier year
    to compare with, page 02 is left out (and the index says why), except on
    the default run (no data, no years) while the bundled data holds a single
    year: the comparison then runs on the illustrative dataset, says so as it
    runs, and the index lists it apart as a demonstration.

    Raises
    ------
    AwardDataError
        When the records do not load (every problem listed).
    BriefingError
        For a unit code or a year the data does not hold (naming those it holds).
    """
    from ..analysis.reorganisation import by_former_district  # the units as the pages show them
    from ..io.load import load_awards

    check_lang(lang)
    say_lang = progress_lang or console_lang()
    records = by_former_district(load_awards(data), double_counts="ignore")
    data_name = str(data) if data is not None else t("briefing.data.bundled", say_lang)
    names = _unit_names(records, districts, data_name, say_lang)
    if names:
        records = records[records["district"].isin(names)]
    available = sorted(int(y) for y in records["year"].unique())
    wanted = sorted({int(y) for y in years})
    missing = [y for y in wanted if y not in available]
    if missing:
        listed = {"missing": ", ".join(map(str, missing)), "available": ", ".join(map(str, available))}
        raise BriefingError(t("briefing.error.missing_years", say_lang, data=data_name, **listed))
    common = {"years": wanted, "districts": [str(d) for d in districts], "lang": lang}
    path = str(Path(data).resolve()) if data is not None else ""
    jobs = [Job(BRIEFINGS[0], {"data_path": path, **common})]
    if len(wanted) >= 2 or (wanted and available[0] < wanted[0]) or (not wanted and len(available) >= 2):
        return Plan([*jobs, Job(COMPARISON, {"data_path": path, **common})])
    if data is None and not wanted:
        illustrative = str(_illustrative_path(work or Path(tempfile.gettempdir())))
        note = t("briefing.progress.illustrative_comparison", say_lang, year=available[0])
        return Plan([*jobs, Job(COMPARISON, {"data_path": illustrative, **common}, note)])
    if wanted and len(available) > 1:
        return Plan(jobs, [("briefing.left_out.no_earlier_year", {"year": wanted[0]})])
    return Plan(jobs, [("briefing.left_out.one_year", {"year": available[0]})])


def render_briefings(
    out_dir: str | Path = "reports",
    *,
    data: str | Path | None = None,
    years: Sequence[int] = (),
    districts: Sequence[str] = (),
    lang: str = "vi",
    notebooks: str | Path | None = None,
    progress: Progress | None = None,
    progress_lang: str | None = None,
    timeout: int = TIMEOUT,
) -> list[Page]:
    """Render every briefing notebook into ``out_dir`` (one HTML page each, plus ``index.html``).

    Every argument is checked before any kernel starts (:func:`plan_briefing`,
    :func:`.output_folder.check_out_folder`).

    Parameters
    ----------
    out_dir : path
        Replaced as a whole once every page has rendered; created if missing.
        Only a folder a briefing wrote may be replaced (its manifest lists its
        files, unchanged), so that no file of the user's is ever deleted; the
        current folder, the home folder and a folder holding the data are refused.
    data : path, optional
        The analyst's records (file or folder). Default: the bundled real data
        (and the illustrative dataset for the comparison, see :func:`plan_briefing`).
    years, districts, lang
        Passed to every notebook as parameters (ASCII: years, unit codes, ``"vi"``/``"en"``).
    notebooks : path, optional
        Folder holding the notebooks (default: :func:`notebooks_dir`).
    progress : callable, optional
        Called with one line of text per step.

    Returns
    -------
    list of Page

    Raises
    ------
    AwardDataError
        When the records do not load (every problem listed).
    BriefingError
        When an argument does not fit the data or the output folder is unsafe
        (before anything runs), when a notebook cell fails (the cell and its
        error are named) or its kernel dies, or when files appeared in the
        output folder while the pages rendered (the new pages are then left
        in a folder beside it, which the error names).
    """
    say = progress or (lambda _line: None)
    say_lang = progress_lang or console_lang()
    source = Path(notebooks) if notebooks is not None else notebooks_dir()
    package = Path(__file__).resolve().parents[1]
    kept = [package, source, *([data] if data is not None else [])]
    out = check_out_folder(out_dir, keep=kept, lang=say_lang)
    with tempfile.TemporaryDirectory(prefix="briefing-work-") as work:
        plan = plan_briefing(
            data, years=years, districts=districts, lang=lang, work=Path(work), progress_lang=say_lang
        )
        jobs = plan.jobs
        for key, fields in plan.left_out:
            say(t(key, say_lang, **fields))
        rendered = new_render_folder(out, say_lang)
        try:

            def prepare() -> list[tuple[Any, str]]:
                import nbformat

                notebooks = []
                for number, job in enumerate(jobs, 1):
                    fields = {"number": number, "count": len(jobs), "notebook": job.notebook}
                    if job.note:
                        say(t("briefing.progress.running_note", say_lang, note=job.note, **fields))
                    else:
                        say(t("briefing.progress.running", say_lang, **fields))
                    nb = nbformat.read(source / job.notebook, as_version=4)
                    notebooks.append((parameterize(nb, job.parameters), job.notebook))
                return notebooks

            exporters: list = []  # one for every page, made by the export thread

            def warm_up() -> None:
                # While the kernels work: import nbconvert and fontTools and compile the
                # templates (by converting an empty notebook), so the first page waits for none.
                import fontTools.subset  # noqa: F401
                import nbformat

                exporters.append(html_exporter(lang))
                exporters[0].from_notebook_node(nbformat.v4.new_notebook())

            def export(number: int, nb) -> Page:
                started = time.perf_counter()
                if not exporters:
                    exporters.append(html_exporter(lang))
                job = jobs[number]
                title, period, illustrative = _page_info(nb, Path(job.notebook).stem)
                nb.metadata["title"] = title
                warnings = _briefing_cells(nb, lang)
                html_name = Path(job.notebook).with_suffix(".html").name
                footer = f"emulation-analysis {__version__}" + (f" · {period}" if period else "")
                page = export_html(nb, lang=lang, footer=footer, exporter=exporters[0])
                (rendered / html_name).write_text(page, encoding="utf-8")
                for warning in warnings:
                    warned = t("briefing.progress.warning", say_lang, notebook=job.notebook, warning=warning)
                    say(INDENT + warned)
                say(
                    INDENT
                    + t(
                        "briefing.progress.exported",
                        say_lang,
                        seconds=seconds_since(started, say_lang),
                        page=html_name,
                    )
                )
                return Page(job.notebook, html_name, title, period, illustrative, warnings)

            pages = run_notebooks(
                len(jobs),
                prepare,
                source,
                timeout,
                done=lambda i, seconds: say(
                    INDENT
                    + t(
                        "briefing.progress.executed",
                        say_lang,
                        number=i + 1,
                        count=len(jobs),
                        seconds=format_number(seconds, say_lang, 1),
                    )
                ),
                then=export,
                warm_up=warm_up,
            )
            notes = [t(key, lang, **fields) for key, fields in plan.left_out]
            (rendered / "index.html").write_text(_index_html(pages, lang, notes), encoding="utf-8")
            write_manifest(rendered)
            left = replace_folder(rendered, out, say_lang)
        except BaseException:
            shutil.rmtree(rendered, ignore_errors=True)  # gone already once it took out's place
            raise
    if left is not None:
        say(t("briefing.progress.kept_added_files", say_lang, path=out, kept=left))
    say(t("briefing.progress.ready", say_lang, path=out / "index.html"))
    return pages
