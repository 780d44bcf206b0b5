"""Running notebooks: a fresh kernel of the current environment for each, side by side.

:func:`run_notebooks` runs several notebooks at once, one kernel each (started
ahead, while the notebooks are still being read), and hands each to an
export as soon as it has run; :func:`parameterize` writes papermill's
``injected-parameters`` cell; :func:`execute_in_place` re-runs notebooks and
saves them with their outputs (``make notebooks``): no timings, no widget
state, nothing that changes from one run to the next.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from ..i18n import console_lang, format_number, t

__all__ = [
    "KERNEL_ARGUMENTS",
    "TIMEOUT",
    "WARM_IMPORTS",
    "BriefingError",
    "Progress",
    "execute",
    "execute_in_place",
    "kernel_manager",
    "parameterize",
    "run_notebooks",
    "seconds_since",
]

TIMEOUT = 600

Progress = Callable[[str], None]
T = TypeVar("T")


class BriefingError(RuntimeError):
    """A briefing could not be rendered (a notebook cell failed, or the output folder is unsafe)."""


def kernel_manager():
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
        km=km if km is not None else kernel_manager(),
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
    if found:
        failed = t("briefing.error.cell_failed", console_lang(), notebook=name, cell=found[0] + 1)
    else:
        failed = t("briefing.error.a_cell_failed", console_lang(), notebook=name)
    source = "\n".join("    " + line for line in str(found[1].source).splitlines()) if found else ""
    return BriefingError(f"{failed}\n{source}\n{error.ename}: {error.evalue}".rstrip())


def _stopped(name: str, error: BaseException, timeout: int) -> BriefingError | None:
    """A kernel that died or a cell that ran too long, said in one line; None for any other error."""
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    if isinstance(error, DeadKernelError):
        return BriefingError(t("briefing.error.kernel_died", console_lang(), notebook=name))
    if isinstance(error, CellTimeoutError):
        return BriefingError(t("briefing.error.timeout", console_lang(), notebook=name, seconds=timeout))
    return None


def execute(nb, cwd: Path, name: str, timeout: int = TIMEOUT):
    """Run every cell of ``nb`` in a fresh kernel of the current environment."""
    from nbclient.exceptions import CellExecutionError

    try:
        _client(nb, cwd, timeout).execute()
    except CellExecutionError as error:
        raise _cell_error(nb, name, error) from None
    except Exception as error:
        stopped = _stopped(name, error, timeout)
        if stopped is None:
            raise
        raise stopped from None
    return nb


# What every briefing notebook imports first. A kernel started ahead imports it while it
# waits for its notebook (the parent is still importing nbformat): the same modules, the
# same state once the first cell runs, and execution counts still start at 1.
WARM_IMPORTS = ("emulation_analysis.report.notebook", "matplotlib.pyplot")


async def _launch_kernel(cwd: Path):
    """Start a kernel (as :func:`_client` would) and return its manager without waiting for it to boot.

    The kernel imports :data:`WARM_IMPORTS` as it starts.
    """
    km = kernel_manager()
    warm = f"--IPKernelApp.exec_lines=import {', '.join(WARM_IMPORTS)}"
    await km.start_kernel(extra_arguments=[*KERNEL_ARGUMENTS, KERNEL_HISTORY, warm], cwd=str(cwd))
    return km


def run_notebooks(
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
                            return _stopped(name, error, timeout) or error, None
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


def parameterize(nb, parameters: dict[str, object]):
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
    >>> print(parameterize(nb, {"lang": "en", "years": [2019, 2022]}).cells[1].source)
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
    paths: Sequence[str | Path], *, progress: Progress | None = None, progress_lang: str | None = None
) -> None:
    """Re-run notebooks with the values of their ``parameters`` cell and save them with outputs."""
    import nbformat

    for path in map(Path, paths):
        started = time.perf_counter()
        nb = nbformat.read(path, as_version=4)
        execute(nb, path.resolve().parent, path.name)
        _strip_volatile(nb)
        nbformat.validate(nb)
        nbformat.write(nb, path)
        if progress:
            lang = progress_lang or console_lang()
            seconds = seconds_since(started, lang)
            progress(t("briefing.progress.executed_file", lang, path=path, seconds=seconds))


def seconds_since(started: float, lang: str) -> str:
    """Seconds since ``started`` (a ``time.perf_counter()`` value), to a tenth, for progress lines."""
    return format_number(time.perf_counter() - started, lang, 1)
