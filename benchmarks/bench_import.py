"""Benchmark: the import cost of emulation_analysis over pandas and matplotlib.

Runs ``python -X importtime`` in fresh interpreters and compares, in the same
run, ``import pandas, matplotlib, matplotlib.pyplot`` (the floor: a user of the
package needs them anyway) with the same line plus ``emulation_analysis``. Prints the
median of several runs, the difference, and the heavy optional modules that
were (wrongly) imported at package import.

Run: ``.venv/bin/python benchmarks/bench_import.py``. Target (issue 6): at most
0.1 s over the floor; openpyxl, pyarrow.parquet, nbformat, nbconvert, papermill
and ipywidgets imported only when used.
"""

from __future__ import annotations

import statistics
import subprocess
import sys

FLOOR = "import pandas, matplotlib, matplotlib.pyplot"
OURS = FLOOR + ", emulation_analysis"
OPTIONAL = ("openpyxl", "pyarrow.parquet", "nbformat", "nbconvert", "nbclient", "papermill", "ipywidgets")


def cumulative_seconds(statement: str) -> tuple[float, set[str]]:
    """Total import time of ``statement`` (µs summed over top-level imports) and module names."""
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", statement], capture_output=True, text=True, check=True
    )
    total = 0
    modules = set()
    for line in out.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line[len("import time:"):].split("|")
        modules.add(name.strip())
        if not name[1:].startswith(" "):  # top level (one space after "|"): counted once
            total += int(cumulative.strip())
    return total / 1e6, modules


def main(runs: int = 7) -> None:
    floor = [cumulative_seconds(FLOOR)[0] for _ in range(runs)]
    ours_runs = [cumulative_seconds(OURS) for _ in range(runs)]
    ours = [seconds for seconds, _ in ours_runs]
    modules = ours_runs[0][1]
    f, o = statistics.median(floor), statistics.median(ours)
    print(f"{'import':<46} {'median s':>9}")
    print(f"{FLOOR:<46} {f:>9.3f}")
    print(f"{OURS:<46} {o:>9.3f}")
    print(f"{'difference (target <= 0.100)':<46} {o - f:>9.3f}")
    eager = [m for m in OPTIONAL if m in modules]
    print("optional modules imported eagerly:", ", ".join(eager) if eager else "none")


if __name__ == "__main__":
    main()
