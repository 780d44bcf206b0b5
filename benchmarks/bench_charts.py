"""Benchmark: chart text layout against the floor of measuring each word once.

Measures in the same run:

* the floor: ``text_width_pt`` of every word of a long source line, once each
  (what any wrapping must at least do);
* ours: ``fit_text`` of that line to a chart's width (words measured once,
  lines broken greedily), for lines of 100 and 400 words;
* a distribution chart of 30 rows whose 30 sources are 12 words each, against
  the same chart with one short source (the line then says "Nguồn: 30 văn bản").

The median of several runs is printed with the ratio to its floor. Before the
linear wrapping, a 100-word line took about 7 s and 400 words 88 s (issue 15).

Run: ``.venv/bin/python benchmarks/bench_charts.py [--repeat 5]``.
Targets: fit_text <= 3x the floor at 100 and at 400 words (linear, not quadratic);
the chart with 30 long sources <= 1.3x the chart with one.
"""

from __future__ import annotations

import argparse
import statistics
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd

from emulation_analysis.charts.distribution import plot_distribution
from emulation_analysis.charts.layout import fit_text, text_width_pt

WORDS = [
    "Quyết",
    "định",
    "số",
    "1234/QĐ-UBND",
    "ngày",
    "31/01/2019",
    "của",
    "Ủy",
    "ban",
    "nhân",
    "dân",
    "Thành",
    "phố",
    "về",
    "khen",
    "thưởng",
]


def line(n: int) -> str:
    return " ".join(WORDS[i % len(WORDS)] + ("" if i < len(WORDS) else str(i)) for i in range(n))


def median_seconds(work, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def records(sources: int) -> pd.DataFrame:
    rows = 30
    return pd.DataFrame(
        {
            "year": [2022] * rows,
            "district": [["Quận 1", "Quận 3", "Quận 5", "Quận 10", "Quận 11"][i % 5] for i in range(rows)],
            "award": ["BKTTg"] * rows,
            "count": [1 + i % 4 for i in range(rows)],
            "source": [f"{line(11)} {i % sources}" for i in range(rows)],
        }
    )


def chart(frame: pd.DataFrame) -> None:
    plot_distribution(frame)
    plt.close("all")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs of each (median)")
    args = parser.parse_args()
    print(f"{'job (median of ' + str(args.repeat) + ')':<44} {'seconds':>8} {'ratio':>6}")
    for n in (100, 400):
        text = line(n)
        floor = median_seconds(
            lambda text=text: [text_width_pt(w, 7.5) for w in text.split(" ")], args.repeat
        )
        ours = median_seconds(lambda text=text: fit_text(text, 400, 7.5), args.repeat)
        print(f"{f'floor: measure {n} words once':<44} {floor:>8.3f} {1:>6.2f}")
        print(f"{f'fit_text, {n}-word source line':<44} {ours:>8.3f} {ours / floor:>6.2f}   target <= 3.00")
    chart(records(1))  # fonts and caches warm
    one = median_seconds(lambda: chart(records(1)), args.repeat)
    many = median_seconds(lambda: chart(records(30)), args.repeat)
    print(f"{'floor: chart, 30 rows, one source':<44} {one:>8.3f} {1:>6.2f}")
    print(f"{'chart, 30 rows, 30 sources of 12 words':<44} {many:>8.3f} {many / one:>6.2f}   target <= 1.30")


if __name__ == "__main__":
    main()
