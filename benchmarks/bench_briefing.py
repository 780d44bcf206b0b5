"""Benchmark: the briefing (``make briefing``) against the floor of one-cell notebooks.

Measures in the same run:

* ours: ``render_briefings`` into a temporary folder, exactly what
  ``emulation-analysis briefing --out reports`` does (every briefing notebook
  parameterised, executed in a kernel of this environment, exported to HTML
  with the package's ``briefing`` template, plus ``index.html``);
* the floor: as many one-cell notebooks (``1 + 1``) as there are briefing
  pages, each executed with the same kernel set-up (``execution.execute``) and
  exported with the same nbconvert exporter and template
  (``briefing.export_html``) and written to a temporary folder: the fixed
  cost of kernel start-up and template rendering.

Both run in a fresh interpreter each time (imports included, as on the command
line); the median of several runs is printed with the ratio, then the size of
each page against the size of the one-cell page.

Run: ``.venv/bin/python benchmarks/bench_briefing.py [--repeat 5]``.
Targets (issue 6): time ratio <= 1.5; each page <= 1.3x the one-cell page.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

CHILD = r"""
import json, sys, tempfile, time
from pathlib import Path
start = time.perf_counter()
kind = sys.argv[1]
out = Path(tempfile.mkdtemp(prefix="bench-briefing-")) / "reports"
sizes = {}
if kind == "ours":
    from emulation_analysis.report.briefing import render_briefings
    pages = render_briefings(out)
    sizes = {p.html_name: (out / p.html_name).stat().st_size for p in pages}
else:
    import nbformat
    from emulation_analysis.report.briefing import BRIEFINGS, export_html
    from emulation_analysis.report.execution import execute
    out.mkdir()
    for number in range(len(BRIEFINGS)):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nb.metadata["title"] = "one cell"
        execute(nb, out, "one-cell.ipynb")
        page = out / f"one-cell-{number}.html"
        page.write_text(export_html(nb, lang="vi", footer="emulation-analysis"), encoding="utf-8")
        sizes[page.name] = page.stat().st_size
elapsed = time.perf_counter() - start
import shutil; shutil.rmtree(out.parent)
print(json.dumps({"seconds": elapsed, "sizes": sizes}))
"""


def measure(kind: str) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, kind], capture_output=True, text=True, check=False)
    if out.returncode:
        raise SystemExit(f"{kind} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs of each (median)")
    args = parser.parse_args()
    floor, ours = [], []
    for _ in range(args.repeat):  # interleaved, so that drift affects both alike
        floor.append(measure("floor"))
        ours.append(measure("ours"))
    f_s = statistics.median(r["seconds"] for r in floor)
    o_s = statistics.median(r["seconds"] for r in ours)
    n = len(ours[0]["sizes"])
    job = f"job ({n} pages, median of {args.repeat})"
    print(f"{job:<40} {'seconds':>8} {'ratio':>6}")
    print(f"{'floor: one-cell notebooks':<40} {f_s:>8.2f} {1:>6.2f}")
    print(f"{'render_briefings (make briefing)':<40} {o_s:>8.2f} {o_s / f_s:>6.2f}   target <= 1.50")
    one_cell = statistics.median(floor[0]["sizes"].values())
    print()
    print(f"{'page':<40} {'KB':>8} {'ratio':>6}")
    print(f"{'one-cell page':<40} {one_cell / 1000:>8.1f} {1:>6.2f}")
    for name, size in ours[0]["sizes"].items():
        print(f"{name:<40} {size / 1000:>8.1f} {size / one_cell:>6.2f}   target <= 1.30")


if __name__ == "__main__":
    main()
