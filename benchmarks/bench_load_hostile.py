"""Benchmark: load_awards on files built to be slow, against pandas reading the same file.

Synthetic files (nothing here is real data):

* ``wide``: 100 records with 10,000 named extra columns (a header line of 150 KB);
* ``bad-units``: 200,000 records, each naming a different unknown district (200,000 problems,
  of which the first 200 are listed with a suggestion);
* ``zip-bomb``: a workbook that unpacks to 1 GB, refused before it is unpacked.

Each case prints the median time of ``load_awards`` (until it returns or raises), the floor
(``pandas.read_csv`` of the same file; for the workbook, listing its zip archive) and their ratio.

Run: ``.venv/bin/python benchmarks/bench_load_hostile.py [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd

from emulation_analysis import AwardDataError, load_awards


def _median_seconds(action: Callable[[Path], object], path: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        with contextlib.suppress(AwardDataError):  # a refusal or a list of problems is the outcome
            action(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _wide(folder: Path) -> Path:
    extras = {f"Ghi chú bổ sung {i:05d}": ["x"] * 100 for i in range(10_000)}
    frame = pd.DataFrame(
        {"Năm": 2018, "Đơn vị": "Quận 1", "Hình thức khen thưởng": "BKTTg", "Số lượng": range(100), **extras}
    )
    path = folder / "wide.csv"
    frame.to_csv(path, index=False)
    return path


def _bad_units(folder: Path) -> Path:
    path = folder / "bad-units.csv"
    rows = "".join(f"2018,Quan x{i},BKTTg,1\n" for i in range(200_000))
    path.write_text("year,district,award,count\n" + rows, encoding="utf-8")
    return path


def _zip_bomb(folder: Path) -> Path:
    path = folder / "bomb.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["year", "district", "award", "count"])
    workbook.save(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive, archive.open("xl/pad.bin", "w") as pad:
        for _ in range(1000):
            pad.write(bytes(1_000_000))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    args = parser.parse_args()
    print(f"{'case':<10} {'floor s':>8} {'ours s':>8} {'ratio':>7}")
    with tempfile.TemporaryDirectory() as folder:
        cases = {
            "wide": (_wide(Path(folder)), lambda p: pd.read_csv(p)),
            "bad-units": (_bad_units(Path(folder)), lambda p: pd.read_csv(p)),
            "zip-bomb": (_zip_bomb(Path(folder)), lambda p: zipfile.ZipFile(p).infolist()),
        }
        for name, (path, floor_action) in cases.items():
            floor = _median_seconds(floor_action, path, args.repeat)
            ours = _median_seconds(load_awards, path, args.repeat)
            print(f"{name:<10} {floor:>8.3f} {ours:>8.3f} {ours / floor:>7.1f}")


if __name__ == "__main__":
    main()
