"""Offline HTML briefings rendered from the notebooks, and in-place re-execution of the notebooks.

:func:`render_briefings` runs every briefing notebook (``notebooks/01-…``,
``notebooks/02-…``) with papermill-style parameters (a ``parameters`` cell,
then an injected cell with the values), each in its own kernel, side by side,
exports each to one self-contained HTML page with the template
``templates/briefing`` (the ``lab`` template without any external script or
font; code hidden; figures inline, with their font) and writes an
``index.html`` linking them. The pages are rendered in a temporary folder
next to the target, which then replaces the target in one step: a failing
notebook leaves the previous reports untouched.

:func:`execute_in_place` re-runs notebooks and saves them with their outputs
(``emulation-analysis notebooks --inplace``, which ``make notebooks`` runs): no
timings, no widget state, nothing that changes from one run to the next.
"""

from __future__ import annotations

import contextlib
import html
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from ..i18n import format_number, t
from ..version import __version__
from .notebook import NOTICE, TITLE_METADATA_KEY, text

__all__ = [
    "BRIEFINGS",
    "EXPLORER",
    "BriefingError",
    "Job",
    "Page",
    "default_jobs",
    "execute_in_place",
    "export_html",
    "html_exporter",
    "notebooks_dir",
    "render_briefings",
]

BRIEFINGS = ("01-phan-bo-khen-thuong.ipynb", "02-so-sanh-cac-nam.ipynb")
EXPLORER = "03-kham-pha.ipynb"
COMPARISON = BRIEFINGS[1]
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
TIMEOUT = 600
# Cells carrying one of these tags are left out of a briefing in the other language.
LANG_TAGS = {"vi": "lang-vi", "en": "lang-en"}
ANALYST_TAG = "analyst-only"

Progress = Callable[[str], None]
T = TypeVar("T")


class BriefingError(RuntimeError):
    """A briefing could not be rendered (a notebook cell failed, or the output folder is unsafe)."""


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
    raise BriefingError(
        f"the notebooks were not found in {candidates[0]}; reinstall the package "
        "(pip install emulation-analysis, or pip install -e . in a checkout) or pass notebooks="
    )


# --- execution ---------------------------------------------------------------------------


def _kernel_manager():
    """A kernel manager running ``python -m ipykernel`` of this interpreter (the current env)."""
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    class CurrentEnv(KernelSpecManager):
        def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
            return KernelSpec(
                argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                display_name="Python 3",
                language="python",
                name="python3",
            )

    return AsyncKernelManager(kernel_name="python3", kernel_spec_manager=CurrentEnv())


def _failed_cell(nb) -> tuple[int, object] | None:
    for index, cell in enumerate(nb.cells):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", ())):
            return index, cell
    return None


# What nbclient passes to a kernel it starts itself (its default history file included),
# so that a kernel started ahead by _launch_kernel is the same kernel.
KERNEL_ARGUMENTS = ("--IPKernelApp.log_level=ERROR",)
KERNEL_HISTORY = "--HistoryManager.hist_file=:memory:"


def _client(nb, cwd: Path, timeout: int, km=None):
    from nbclient import NotebookClient

    return NotebookClient(
        nb,
        km=km if km is not None else _kernel_manager(),
        # the kernel's own log only warns that local TCP is unencrypted; errors still show
        extra_arguments=list(KERNEL_ARGUMENTS),
        timeout=timeout,
        record_timing=False,
        store_widget_state=False,
        # a kernel whose notebook has run has nothing left to flush
        shutdown_kernel="immediate",
        resources={"metadata": {"path": str(cwd)}},
    )


def _cell_error(nb, name: str, error) -> BriefingError:
    found = _failed_cell(nb)
    where = f"cell {found[0] + 1}" if found else "a cell"
    source = "\n".join("    " + line for line in str(found[1].source).splitlines()) if found else ""
    return BriefingError(f"{name}: {where} failed:\n{source}\n{error.ename}: {error.evalue}".rstrip())


def _execute(nb, cwd: Path, name: str, timeout: int = TIMEOUT):
    """Run every cell of ``nb`` in a fresh kernel of the current environment."""
    from nbclient.exceptions import CellExecutionError

    try:
        _client(nb, cwd, timeout).execute()
    except CellExecutionError as error:
        raise _cell_error(nb, name, error) from None
    return nb


# What every briefing notebook imports first. A kernel started ahead imports it while it
# waits for its notebook (the parent is still importing nbformat): the same modules, the
# same state once the first cell runs, and execution counts still start at 1.
WARM_IMPORTS = ("emulation_analysis.report.notebook", "matplotlib.pyplot")


async def _launch_kernel(cwd: Path):
    """Start a kernel (as :func:`_client` would) and return its manager without waiting for it to boot.

    The kernel imports :data:`WARM_IMPORTS` as it starts.
    """
    km = _kernel_manager()
    warm = f"--IPKernelApp.exec_lines=import {', '.join(WARM_IMPORTS)}"
    await km.start_kernel(extra_arguments=[*KERNEL_ARGUMENTS, KERNEL_HISTORY, warm], cwd=str(cwd))
    return km


def _run_notebooks(
    count: int,
    prepare: Callable[[], Sequence[tuple[Any, str]]],
    cwd: Path,
    timeout: int = TIMEOUT,
    *,
    done: Callable[[int, float], None] | None = None,
    then: Callable[[int, Any], T] | None = None,
    warm_up: Callable[[], object] | None = None,
) -> list[T | None]:
    """Run ``count`` notebooks side by side, one fresh kernel each, at most one per CPU.

    The first kernels are started before ``prepare()`` is called, so they boot
    while the notebooks are read and parameterised (nbformat's import
    included); ``prepare`` returns the ``(notebook, name)`` pairs. Each
    notebook is handed to ``then(number, notebook)`` (the export) in a worker
    thread as soon as it has run, while the other kernels still work; before
    the first, that thread runs ``warm_up()`` (what every export needs), while
    the kernels run their cells.

    Kernels share nothing, so a page is the same whether its notebook ran alone
    or beside others. Every notebook runs to its end and every kernel is shut
    down; then the first failure, in the order given, is raised.

    Returns
    -------
    list
        What ``then`` returned for each notebook, in the order given.
    """
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from jupyter_core.utils import run_sync

    async def run_all() -> list[tuple[BaseException | None, T | None]]:
        started_ahead: list = []
        try:
            for _ in range(max(1, min(count, os.cpu_count() or 1))):
                started_ahead.append(await _launch_kernel(cwd))
            # blocking on purpose: the kernels boot meanwhile (nbclient imports nbformat: ~2 s)
            from nbclient.exceptions import CellExecutionError

            notebooks = prepare()
            slots = asyncio.Semaphore(len(started_ahead))
            loop = asyncio.get_running_loop()
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="briefing-export") as exports:
                # a failed warm-up is not reported: the export that needed it fails with the reason
                warmed = loop.run_in_executor(exports, warm_up or (lambda: None))

                async def run(number: int, nb, name: str) -> tuple[BaseException | None, T | None]:
                    async with slots:
                        km = started_ahead.pop(0) if started_ahead else await _launch_kernel(cwd)
                        started = time.perf_counter()
                        try:
                            await _client(nb, cwd, timeout, km=km).async_execute(cleanup_kc=True)
                        except CellExecutionError as error:
                            return _cell_error(nb, name, error), None
                        except Exception as error:  # re-raised below, in notebook order
                            return error, None
                    if done:
                        done(number, time.perf_counter() - started)
                    if then is None:
                        return None, None
                    try:
                        return None, await loop.run_in_executor(exports, then, number, nb)
                    except Exception as error:
                        return error, None

                results = await asyncio.gather(*(run(i, nb, name) for i, (nb, name) in enumerate(notebooks)))
                await asyncio.gather(warmed, return_exceptions=True)
                return results
        finally:
            for km in started_ahead:  # launched but never given a notebook (prepare failed)
                await km.shutdown_kernel(now=True)

    results = run_sync(run_all)()
    for error, _ in results:
        if error is not None:
            raise error
    return [result for _, result in results]


def _parameterize(nb, parameters: dict[str, object]):
    """Insert an ``injected-parameters`` cell after the ``parameters`` cell, as papermill does.

    The cell assigns each value as a Python literal under a ``# Parameters``
    comment; an earlier injected cell is replaced, and without a
    ``parameters`` cell the values go first. The notebooks stay papermill
    notebooks (``papermill 01-….ipynb out.ipynb -p lang en`` works), but
    writing one cell here spares importing papermill (half a second, with
    requests and pyarrow's file systems) while the kernels wait.

    Examples
    --------
    >>> import nbformat
    >>> cell = nbformat.v4.new_code_cell("lang = 'vi'", metadata={"tags": ["parameters"]})
    >>> nb = nbformat.v4.new_notebook(cells=[cell])
    >>> print(_parameterize(nb, {"lang": "en", "years": [2019, 2022]}).cells[1].source)
    # Parameters
    lang = 'en'
    years = [2019, 2022]
    <BLANKLINE>
    """
    import nbformat

    source = "# Parameters\n" + "".join(f"{name} = {value!r}\n" for name, value in parameters.items())
    injected = nbformat.v4.new_code_cell(source=source, metadata={"tags": ["injected-parameters"]})

    def tagged(tag: str) -> int:
        return next((i for i, c in enumerate(nb.cells) if tag in c.metadata.get("tags", ())), -1)

    if (at := tagged("injected-parameters")) >= 0:
        nb.cells[at] = injected
    else:
        nb.cells.insert(tagged("parameters") + 1, injected)
    nb.metadata.setdefault("papermill", {})["parameters"] = dict(parameters)
    return nb


def _strip_volatile(nb):
    """Remove what changes between identical runs: widget views and state, timings."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for output in cell.get("outputs", ()):
            data = output.get("data")
            if data:
                data.pop("application/vnd.jupyter.widget-view+json", None)
    return nb


def execute_in_place(
    paths: Sequence[str | Path], *, progress: Progress | None = None, progress_lang: str = "en"
) -> None:
    """Re-run notebooks with the values of their ``parameters`` cell and save them with outputs.

    ``progress`` is called with one line per notebook, in ``progress_lang``.
    """
    import nbformat

    for path in map(Path, paths):
        started = time.perf_counter()
        nb = nbformat.read(path, as_version=4)
        _execute(nb, path.resolve().parent, path.name)
        _strip_volatile(nb)
        nbformat.validate(nb)
        nbformat.write(nb, path)
        if progress:
            seconds = format_number(time.perf_counter() - started, progress_lang, 1)
            progress(t("cli.progress.executed_in_place", progress_lang, path=path, seconds=seconds))


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
    :class:`emulation_analysis.inline_svg.InlineFigures`.
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

    exporter = exporter if exporter is not None else html_exporter(lang)
    figures_css = _inline_figures(nb)
    body, _ = exporter.from_notebook_node(
        nb, resources={"briefing_footer": footer, "briefing_figures_css": figures_css}
    )
    return self_close(body)


def _index_html(pages: list[Page], lang: str) -> str:
    periods = sorted({p.period for p in pages if p.period and not p.illustrative})
    title = "Bản tin thi đua – khen thưởng" if lang != "en" else "Emulation and commendation briefing"
    notice = NOTICE if lang != "en" else text("notice", "en").split("**")[1]

    def item(page: Page) -> str:
        badge = f' <span class="badge">{html.escape(notice)}</span>' if page.illustrative else ""
        return f'<li><a href="{html.escape(page.html_name)}">{html.escape(page.title)}</a>{badge}</li>'

    # Pages on illustrative data are listed apart, under their own heading, so
    # that no reader takes them for part of the briefing on real figures.
    items = [item(p) for p in pages if not p.illustrative]
    demos = [item(p) for p in pages if p.illustrative]
    heading = "Các trang" if lang != "en" else "Pages"
    demo_heading = (
        "Trang minh hoạ cách đọc — dữ liệu giả lập, không dùng để đánh giá"
        if lang != "en"
        else "Demonstration pages — synthetic data, not for assessment"
    )
    demo_block = f"<h2>{html.escape(demo_heading)}</h2>\n<ul>\n{chr(10).join(demos)}\n</ul>" if demos else ""
    period = ("Kỳ số liệu: " if lang != "en" else "Periods: ") + ", ".join(periods) if periods else ""
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
  footer {{ margin-top: 3rem; font-size: 0.8rem; color: #555; }}
</style>
</head>
<body>
<main>
<h1>{html.escape(title)}</h1>
<p>{html.escape(period)}</p>
<h2>{heading}</h2>
<ul>
{chr(10).join(items)}
</ul>
{demo_block}
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


def default_jobs(
    data: str | Path | None = None,
    *,
    years: Sequence[int] = (),
    districts: Sequence[str] = (),
    lang: str = "vi",
    work: Path | None = None,
    progress_lang: str = "en",
) -> list[Job]:
    """The briefing notebooks and their parameters.

    With ``data``, every notebook runs on it. Without, they run on the bundled
    real data, except the year comparison while the real data holds a single
    year: it runs on the illustrative dataset (and says so, in ``progress_lang``).
    """
    from ..io.load import load_awards

    common = {"years": [int(y) for y in years], "districts": [str(d) for d in districts], "lang": lang}
    if data is not None:
        path = str(Path(data).resolve())
        return [Job(name, {"data_path": path, **common}) for name in BRIEFINGS]
    jobs = []
    real_years = sorted(int(y) for y in load_awards()["year"].unique())
    for name in BRIEFINGS:
        if name == COMPARISON and len(real_years) < 2:
            path = _illustrative_path(work or Path(tempfile.gettempdir()))
            note = t("cli.progress.illustrative", progress_lang, year=real_years[0])
            jobs.append(Job(name, {"data_path": str(path), **common}, note))
        else:
            jobs.append(Job(name, {"data_path": "", **common}))
    return jobs


def _check_replaceable(out: Path) -> None:
    if not out.exists():
        return
    if not out.is_dir():
        raise BriefingError(f"{out} exists and is not a folder")
    foreign = [p.name for p in out.iterdir() if p.suffix != ".html" or not p.is_file()]
    if foreign:
        raise BriefingError(
            f"refusing to replace {out}: it holds files that are not briefing pages "
            f"({', '.join(sorted(foreign)[:5])}); choose an empty or new folder"
        )


def _swap_into_place(rendered: Path, out: Path) -> None:
    """Replace ``out`` by ``rendered`` (same filesystem): two renames, old removed last."""
    os.chmod(rendered, 0o755)
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        out.rename(old)
        try:
            rendered.rename(out)
        except OSError:
            old.rename(out)
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        rendered.rename(out)


def render_briefings(
    out_dir: str | Path = "reports",
    *,
    data: str | Path | None = None,
    years: Sequence[int] = (),
    districts: Sequence[str] = (),
    lang: str = "vi",
    notebooks: str | Path | None = None,
    progress: Progress | None = None,
    progress_lang: str = "en",
    timeout: int = TIMEOUT,
) -> list[Page]:
    """Render every briefing notebook into ``out_dir`` (one HTML page each, plus ``index.html``).

    Parameters
    ----------
    out_dir : path
        Replaced as a whole once every page has rendered; created if missing.
        It may only hold HTML pages (a previous briefing), so that a mistyped
        folder is never wiped.
    data : path, optional
        The analyst's records (file or folder). Default: the bundled real data
        (and the illustrative dataset for the comparison, see :func:`default_jobs`).
    years, districts, lang
        Passed to every notebook as parameters (ASCII: years, unit codes, ``"vi"``/``"en"``).
    notebooks : path, optional
        Folder holding the notebooks (default: :func:`notebooks_dir`).
    progress : callable, optional
        Called with one line of text per step, in ``progress_lang`` (``"en"`` or ``"vi"``).

    Returns
    -------
    list of Page

    Raises
    ------
    AwardDataError
        When the records do not load (every problem listed).
    BriefingError
        When a notebook cell fails (the cell and its error are named).
    """
    from ..io.load import load_awards

    say = progress or (lambda _line: None)
    source = Path(notebooks) if notebooks is not None else notebooks_dir()
    out = Path(out_dir).resolve()
    _check_replaceable(out)
    if data is not None:
        load_awards(data)  # every problem at once, before any kernel starts
    out.parent.mkdir(parents=True, exist_ok=True)
    rendered = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        with tempfile.TemporaryDirectory(prefix="briefing-work-") as work:
            jobs = default_jobs(
                data,
                years=years,
                districts=districts,
                lang=lang,
                work=Path(work),
                progress_lang=progress_lang,
            )

            def prepare() -> list[tuple[Any, str]]:
                import nbformat

                notebooks = []
                for number, job in enumerate(jobs, 1):
                    note = f" ({job.note})" if job.note else ""
                    say(
                        t(
                            "cli.progress.running",
                            progress_lang,
                            number=number,
                            total=len(jobs),
                            notebook=job.notebook,
                        )
                        + note
                    )
                    nb = nbformat.read(source / job.notebook, as_version=4)
                    notebooks.append((_parameterize(nb, job.parameters), job.notebook))
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
                    say(
                        "      "
                        + t("cli.progress.warning", progress_lang, notebook=job.notebook, warning=warning)
                    )
                seconds = format_number(time.perf_counter() - started, progress_lang, 1)
                say("      " + t("cli.progress.exported", progress_lang, seconds=seconds, page=html_name))
                return Page(job.notebook, html_name, title, period, illustrative, warnings)

            pages = _run_notebooks(
                len(jobs),
                prepare,
                source,
                timeout,
                done=lambda i, seconds: say(
                    "      "
                    + t(
                        "cli.progress.executed",
                        progress_lang,
                        number=i + 1,
                        total=len(jobs),
                        seconds=format_number(seconds, progress_lang, 1),
                    )
                ),
                then=export,
                warm_up=warm_up,
            )
        (rendered / "index.html").write_text(_index_html(pages, lang), encoding="utf-8")
        _swap_into_place(rendered, out)
    except BaseException:
        shutil.rmtree(rendered, ignore_errors=True)
        raise
    say(t("cli.progress.ready", progress_lang, index=out / "index.html"))
    return pages
