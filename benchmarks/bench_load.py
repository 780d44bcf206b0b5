"""Benchmark: load_awards against the plain pandas reader of the same file.

Generates realistic award files (the catalogues' real names, Vietnamese headers,
aliases and NFD text mixed in, one row per award decision) at 10^4, 10^5 and
10^6 rows (and 10^3 with ``--sizes``), as UTF-8 CSV, Windows-1258 CSV, .xlsx (10^4, 10^5) and Parquet, then
measures in the same run, on the same file:

* time: median of several runs of ``load_awards`` and of the floor
  (``pandas.read_csv`` with the C engine and default dtypes, ``pandas.read_excel``,
  ``pandas.read_parquet``), and their ratio;
* peak memory: each load runs in a fresh subprocess; the increase of its peak
  resident set size over the size after imports, and the ratio of the two;
* "again": the ratio of the medians when each process loads the file a second
  time (a notebook loading again; the first load took memory from the system).

A last row measures the wide layout (format ``wide-xlsx``): an office summary sheet of 23
units × every catalogue form (split Tập thể / Cá nhân, a totals row and column) × 10 years,
as ``write_wide_workbook`` writes it, against ``pandas.read_excel`` of the same sheet. The
units are 23 benchmark units added to the catalogue, standing in for the wards (which exist
only from 1 July 2025, so ten years of them would be refused).

Run: ``.venv/bin/python benchmarks/bench_load.py [--sizes 1000 10000 1000000] [--formats csv-utf8 parquet]``.
Targets: time ratio <= 2.5 and memory ratio <= 2 for CSV and Parquet at 10^6 rows; a first
load of 10^3 rows under 50 ms (the "ours s" column); the wide sheet under 0.5 s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from emulation_analysis import (
    default_catalog,
    load_catalog,
    validate_records,
    wide_table,
    write_wide_workbook,
)

SEED = 20190131
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Quốc", "Đức", "Thu", "Hoài"]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Nhung",
    "Phúc",
    "Phương",
    "Quân",
    "Quyên",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thắng",
    "Trang",
    "Trung",
    "Tuấn",
    "Vân",
    "Việt",
    "Yến",
]
COLLECTIVES = [
    "Phòng Nội vụ",
    "Phòng Tư pháp",
    "Trường Tiểu học Lê Lợi",
    "Trạm Y tế",
    "Ban Chỉ huy Quân sự",
    "Đội Quản lý trật tự đô thị",
    "Phòng Giáo dục và Đào tạo",
    "Văn phòng HĐND và UBND",
]
ROWS_PER_DECISION = 40


def make_records(rows: int, seed: int = SEED) -> pd.DataFrame:
    """Synthetic award decisions, one row per recipient, as office spreadsheets hold them.

    Benchmark input only, never data: names from the catalogues, written the
    ways analysts type them (aliases, lower case, NFD from macOS), a running
    number (STT), recipients' names, and decision numbers shared by ~40 rows.
    """
    rng = np.random.default_rng(seed)
    catalog = default_catalog()
    # case-folded aliases, as typed, of the units that existed in the years written (1995–2024)
    districts = set(catalog.units.loc[catalog.units["former_district"].eq(""), "name"])
    unit_spellings = sorted(alias for alias, unit in catalog.unit_lookup.exact.items() if unit in districts)
    typed = ["BKTTg", "Cờ Thi đua Chính phủ", "HCLĐ hạng 3", "Bằng khen Thủ tướng Chính phủ", "LĐTT"]
    award_spellings = [*catalog.awards["name"], *typed]
    award_spellings += [unicodedata.normalize("NFD", a) for a in award_spellings[:20]]
    collective = rng.random(rows) < 0.2
    people = (
        pd.Series(rng.choice(FAMILY, rows)) + " " + rng.choice(MIDDLE, rows) + " " + rng.choice(GIVEN, rows)
    )
    recipients = np.where(collective, rng.choice(COLLECTIVES, rows), people)
    counts = np.where(rng.random(rows) < 0.97, "1", rng.choice(["02", "04", "1.329", "12"], rows))
    decisions = np.arange(rows) // ROWS_PER_DECISION
    return pd.DataFrame(
        {
            "STT": np.arange(1, rows + 1).astype(str),
            "Năm": (1995 + decisions % 30).astype(str),
            "Đơn vị": rng.choice(unit_spellings, rows),
            "Họ và tên / Tập thể": recipients,
            "Hình thức khen thưởng": rng.choice(award_spellings, rows),
            "Số lượng": counts,
            "Đối tượng": np.where(collective, "tập thể", rng.choice(["cá nhân", "Cá nhân", "CN"], rows)),
            "Số quyết định": [f"{d}/QĐ-UBND" for d in decisions],
            "Nguồn": "Sổ theo dõi khen thưởng",
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
    # One conversion per distinct value: a million calls would dominate the run.
    legacy = records.apply(lambda column: column.map({v: windows_1258_form(v) for v in column.unique()}))
    legacy.columns = [windows_1258_form(c) for c in records.columns]
    legacy.to_csv(files["csv-cp1258"], index=False, encoding="cp1258")
    files["parquet"] = folder / "records.parquet"
    records.to_parquet(files["parquet"], index=False)
    if with_excel:
        files["xlsx"] = folder / "records.xlsx"
        records.to_excel(files["xlsx"], index=False)
    return files


WIDE_UNITS = 23
WIDE_YEARS = range(2025, 2035)  # the wards exist from 1 July 2025 on


def wide_units() -> pd.DataFrame:
    """The wide sheet's 23 units: stand-ins for the wards, valid in every year of the sheet.

    The real wards exist only from 1 July 2025, so ten years of them would be refused.
    """
    units = default_catalog().units
    numbers = range(1, WIDE_UNITS + 1)
    return pd.DataFrame(
        {
            "code": [f"BENCH{n:02d}" for n in numbers],
            "name": [f"Đơn vị thử {n:02d}" for n in numbers],
            "name_en": [f"Benchmark unit {n:02d}" for n in numbers],
            "kind": "phường",
            "display_order": [1000 + n for n in numbers],
        }
    ).reindex(columns=units.columns, fill_value="")


def write_wide_file(folder: Path, seed: int = SEED) -> tuple[Path, list[Path]]:
    """A synthetic wide summary sheet (benchmark input only) and the units table it needs, if any.

    With the catalogue's own wards no units table is added (their codes would be given twice).
    """
    units = wide_units()
    extra = [] if units["code"].isin(default_catalog().units["code"]).all() else [folder / "units.csv"]
    for units_path in extra:
        units.to_csv(units_path, index=False)
    catalog = load_catalog(units=extra) if extra else default_catalog()
    rng = np.random.default_rng(seed)
    cells = [
        (year, unit, award, kind)
        for year in WIDE_YEARS
        for unit in wide_units()["name"]
        for award in catalog.award_names
        for kind in ("tập thể", "cá nhân")
    ]
    frame = pd.DataFrame(cells, columns=["year", "district", "award", "recipient_kind"])
    frame["count"] = rng.integers(0, 12, len(frame)).astype(str)
    records = validate_records(frame, catalog=catalog)
    path = write_wide_workbook(wide_table(records, catalog=catalog), folder / "wide.xlsx")
    return path, extra


CHILD = r"""
import json, sys, time, gc
import pandas as pd
import emulation_analysis
from emulation_analysis import load_awards, load_catalog
kind, fmt, path = sys.argv[1], sys.argv[2], sys.argv[3]
catalog = load_catalog(units=[sys.argv[4]]) if len(sys.argv) > 4 else None
def floor():
    if fmt.startswith("csv"):
        return pd.read_csv(path, encoding="cp1258" if fmt == "csv-cp1258" else "utf-8")
    if fmt.endswith("xlsx"):
        return pd.read_excel(path)
    return pd.read_parquet(path)
def ours():
    return load_awards(path, catalog=catalog)
run = ours if kind == "ours" else floor
# The catalogue is read once per process (see bench_import and the printed
# catalogue line); what is compared here is the cost of loading a file.
emulation_analysis.default_catalog()
if fmt.endswith("xlsx"):
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
peak = status("VmHWM:") - before
# The same file once more in the same process: what a notebook pays when it
# loads again (memory already taken from the system, caches warm).
del frame
gc.collect()
start = time.perf_counter()
frame = run()
again = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "again": again, "peak_kib": peak, "rows": len(frame)}))
"""


def measure(kind: str, fmt: str, path: Path, *extra: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, kind, fmt, str(path), *map(str, extra)],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        raise SystemExit(f"{kind} failed on {path}:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 1_000_000])
    parser.add_argument(
        "--formats",
        nargs="+",
        default=["csv-utf8", "csv-cp1258", "parquet", "xlsx", "wide-xlsx"],
        help="formats to measure",
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (median)")
    args = parser.parse_args()
    print(
        f"{'rows':>9} {'format':<11} {'floor s':>8} {'ours s':>8} {'ratio':>6} {'again':>6} "
        f"{'floor MiB':>9} {'ours MiB':>9} {'mem ratio':>9}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for rows in args.sizes:
            folder = Path(tmp) / str(rows)
            folder.mkdir()
            files = write_files(
                make_records(rows), folder, with_excel=rows <= 100_000 and "xlsx" in args.formats
            )
            for fmt, path in files.items():
                if fmt not in args.formats:
                    continue
                repeat = 1 if fmt == "xlsx" and rows > 10_000 else args.repeat
                floor, ours = [], []
                for _ in range(repeat):  # alternated, so a slow spell of the machine hits both
                    floor.append(measure("floor", fmt, path))
                    ours.append(measure("ours", fmt, path))
                assert ours[0]["rows"] == floor[0]["rows"] == rows
                f_s = statistics.median(r["seconds"] for r in floor)
                o_s = statistics.median(r["seconds"] for r in ours)
                f_again = statistics.median(r["again"] for r in floor)
                again = statistics.median(r["again"] for r in ours) / f_again
                f_m = statistics.median(r["peak_kib"] for r in floor) / 1024
                o_m = statistics.median(r["peak_kib"] for r in ours) / 1024
                print(
                    f"{rows:>9} {fmt:<11} {f_s:>8.3f} {o_s:>8.3f} {o_s / f_s:>6.2f} {again:>6.2f} "
                    f"{f_m:>9.1f} {o_m:>9.1f} {o_m / max(f_m, 0.1):>9.2f}",
                    flush=True,
                )
        if "wide-xlsx" in args.formats:
            path, units = write_wide_file(Path(tmp))
            floor, ours = [], []
            for _ in range(args.repeat):
                floor.append(measure("floor", "wide-xlsx", path))
                ours.append(measure("ours", "wide-xlsx", path, *units))
            f_s = statistics.median(r["seconds"] for r in floor)
            o_s = statistics.median(r["seconds"] for r in ours)
            again = statistics.median(r["again"] for r in ours) / statistics.median(r["again"] for r in floor)
            f_m = statistics.median(r["peak_kib"] for r in floor) / 1024
            o_m = statistics.median(r["peak_kib"] for r in ours) / 1024
            cells = f"{ours[0]['rows']}c"  # records read: one per non-blank count cell
            print(
                f"{cells:>9} {'wide-xlsx':<11} {f_s:>8.3f} {o_s:>8.3f} {o_s / f_s:>6.2f} {again:>6.2f} "
                f"{f_m:>9.1f} {o_m:>9.1f} {o_m / max(f_m, 0.1):>9.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
