"""Benchmark: load_awards against the plain pandas reader of the same file.

Generates realistic award files (the catalogues' real names, Vietnamese headers,
aliases and NFD text mixed in, one row per award decision) at 10^4, 10^5 and
10^6 rows, as UTF-8 CSV, Windows-1258 CSV, .xlsx (10^4, 10^5) and Parquet, then
measures in the same run, on the same file:

* time: median of several runs of ``load_awards`` and of the floor
  (``pandas.read_csv`` with the C engine and default dtypes, ``pandas.read_excel``,
  ``pandas.read_parquet``), and their ratio;
* peak memory: each load runs in a fresh subprocess; the increase of its peak
  resident set size over the size after imports, and the ratio of the two.

Run: ``.venv/bin/python benchmarks/bench_load.py [--sizes 10000 100000 1000000]``.
Targets (issue 6): ratio <= 1.5 for CSV and Parquet at 10^6 rows, memory ratio <= 2.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from emulation_analysis import default_catalog

SEED = 20190131
HEADERS = ["Năm", "Đơn vị", "Hình thức khen thưởng", "Số lượng", "Đối tượng", "Nguồn", "Ghi chú"]


def make_records(rows: int, seed: int = SEED) -> pd.DataFrame:
    """Synthetic records with the spellings analysts really type (benchmark only)."""
    rng = np.random.default_rng(seed)
    catalog = default_catalog()
    unit_spellings = sorted(catalog.unit_lookup.exact)  # lower-cased aliases, as typed
    award_spellings = list(catalog.awards["name"]) + ["BKTTg", "Cờ Thi đua Chính phủ", "HCLĐ hạng 3",
                                                      "Bằng khen Thủ tướng Chính phủ", "hạng nhì"[:0] + "LĐTT"]
    award_spellings += [unicodedata.normalize("NFD", a) for a in award_spellings[:20]]
    counts = np.where(rng.random(rows) < 0.97, "1", rng.choice(["02", "04", "1.329", "12"], rows))
    return pd.DataFrame(
        {
            "Năm": rng.integers(1995, 2025, rows).astype(str),
            "Đơn vị": rng.choice(unit_spellings, rows),
            "Hình thức khen thưởng": rng.choice(award_spellings, rows),
            "Số lượng": counts,
            "Đối tượng": rng.choice(["cá nhân", "tập thể", "Cá nhân", ""], rows),
            "Nguồn": rng.choice(["Quyết định khen thưởng", "Báo cáo tổng kết"], rows),
            "Ghi chú": [f"QĐ số {n}/QĐ-UBND" for n in range(rows)],
        }
    )


_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def windows_1258_form(text: str) -> str:
    """Spell ``text`` as Windows-1258 files do: tone marks as separate combining characters.

    The code page has â, ê, ô, ơ, ư, ă, đ but no letter carrying a tone, so
    "ậ" is written "â" followed by a combining dot below.
    """
    out = []
    for char in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in decomposed if c in _TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
        out.append(base + tones)
    return "".join(out)


def write_files(records: pd.DataFrame, folder: Path, with_excel: bool) -> dict[str, Path]:
    files = {}
    files["csv-utf8"] = folder / "records-utf8.csv"
    records.to_csv(files["csv-utf8"], index=False, encoding="utf-8")
    files["csv-cp1258"] = folder / "records-cp1258.csv"
    legacy = records.map(windows_1258_form)
    legacy.columns = [windows_1258_form(c) for c in records.columns]
    legacy.to_csv(files["csv-cp1258"], index=False, encoding="cp1258")
    files["parquet"] = folder / "records.parquet"
    records.to_parquet(files["parquet"], index=False)
    if with_excel:
        files["xlsx"] = folder / "records.xlsx"
        records.to_excel(files["xlsx"], index=False)
    return files


CHILD = r"""
import json, sys, time, gc
import pandas as pd
import emulation_analysis
from emulation_analysis import load_awards
kind, fmt, path = sys.argv[1], sys.argv[2], sys.argv[3]
def floor():
    if fmt.startswith("csv"):
        return pd.read_csv(path, encoding="cp1258" if fmt == "csv-cp1258" else "utf-8")
    if fmt == "xlsx":
        return pd.read_excel(path)
    return pd.read_parquet(path)
def ours():
    return load_awards(path)
run = ours if kind == "ours" else floor
if fmt == "xlsx":
    import openpyxl  # noqa: F401  imported before the baseline, as both readers need it
if fmt == "parquet":
    import pyarrow.parquet  # noqa: F401
def status(field):
    with open("/proc/self/status") as handle:
        return next(int(line.split()[1]) for line in handle if line.startswith(field))
gc.collect()
# Writing 5 to clear_refs resets the peak (VmHWM) to the current size (Linux),
# so the peak read afterwards belongs to the load alone, not to the imports.
with open("/proc/self/clear_refs", "w") as handle:
    handle.write("5")
before = status("VmRSS:")
start = time.perf_counter()
frame = run()
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "peak_kib": status("VmHWM:") - before, "rows": len(frame)}))
"""


def measure(kind: str, fmt: str, path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, kind, fmt, str(path)], capture_output=True, text=True, check=False
    )
    if out.returncode:
        raise SystemExit(f"{kind} failed on {path}:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    args = parser.parse_args()
    print(f"{'rows':>9} {'format':<11} {'floor s':>8} {'ours s':>8} {'ratio':>6} "
          f"{'floor MiB':>9} {'ours MiB':>9} {'mem ratio':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for rows in args.sizes:
            folder = Path(tmp) / str(rows)
            folder.mkdir()
            files = write_files(make_records(rows), folder, with_excel=rows <= 100_000)
            for fmt, path in files.items():
                repeat = 1 if fmt == "xlsx" and rows > 10_000 else args.repeat
                floor = [measure("floor", fmt, path) for _ in range(repeat)]
                ours = [measure("ours", fmt, path) for _ in range(repeat)]
                assert ours[0]["rows"] == floor[0]["rows"] == rows
                f_s = statistics.median(r["seconds"] for r in floor)
                o_s = statistics.median(r["seconds"] for r in ours)
                f_m = statistics.median(r["peak_kib"] for r in floor) / 1024
                o_m = statistics.median(r["peak_kib"] for r in ours) / 1024
                print(f"{rows:>9} {fmt:<11} {f_s:>8.3f} {o_s:>8.3f} {o_s / f_s:>6.2f} "
                      f"{f_m:>9.1f} {o_m:>9.1f} {o_m / max(f_m, 0.1):>9.2f}", flush=True)


if __name__ == "__main__":
    main()
