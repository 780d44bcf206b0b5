"""The illustrative multi-year dataset: synthetic, seeded, and marked as such.

Only one year (2018) of per-district counts is public for Cụm thi đua 1, so the
year comparison and the trends cannot be shown or tested on real data alone.
This module makes a *synthetic* dataset for that purpose, kept in its own folder
(``emulation_analysis/datasets/illustrative/``), never mixed into the real ``data/awards.csv``. Every
row has ``illustrative = true``; the charts then carry the watermark and the
notebooks say so at the top.

It spans the reorganisation of 1 July 2025, as an office's own records do:
rows per district up to 2024, rows per ward (the 23 wards that replaced the
six districts) for 2025 and 2026, so the comparison across the change can be
shown (:func:`~emulation_analysis.analysis.reorganisation.by_former_district`).

How the numbers are made (so that anyone can check the committed file):

* years 2019–2024, the six districts of the cluster, six award forms; years
  2025–2026, the wards of each district (read from the unit catalogue);
* for each district × form, a yearly rate: the district's real 2018 count of
  that form, or a small base rate for forms it did not receive in 2018, scaled
  by a per-district yearly growth factor; each ward of a district draws with
  an equal part of its district's rate (the wards' expected counts add up
  to the district's);
* each count is drawn from a Poisson distribution with that rate, using
  Python's :class:`random.Random` seeded with :data:`SEED` (its
  ``random()`` stream is stable across Python versions; the Poisson draw is
  written out here rather than taken from NumPy, whose streams may change);
* zero counts are not written (as in the real records).

Regenerate with ``emulation-analysis illustrative`` (writes
``emulation_analysis/datasets/illustrative/awards.csv``); a test checks the committed file is exactly
what this produces.
"""

from __future__ import annotations

import csv
import io
import math
import random
from pathlib import Path

from ..catalog import default_catalog

__all__ = [
    "SEED",
    "WARD_YEARS",
    "YEARS",
    "illustrative_csv",
    "illustrative_data_path",
    "write_illustrative",
]

SEED = 20190131  # the day of the 2018 review conference, as a memorable seed
#: Years recorded per district (the districts existed until 30 June 2025).
YEARS = (2019, 2020, 2021, 2022, 2023, 2024)
#: Years recorded per ward (the wards exist from 1 July 2025).
WARD_YEARS = (2025, 2026)
CLUSTER = "Cụm thi đua 1 (UBND TP.HCM)"
SOURCE = "Dữ liệu minh hoạ (không phải số liệu thật)"
DISTRICTS = ("Quận 1", "Quận 3", "Quận 5", "Quận 10", "Quận 11", "Quận Tân Bình")
# Real 2018 counts (data/awards.csv) give the starting rates; other forms get BASE_RATE.
FORMS = (
    "Huân chương Lao động hạng Nhì",
    "Huân chương Lao động hạng Ba",
    "Cờ thi đua của Chính phủ",
    "Bằng khen của Thủ tướng Chính phủ",
    "Cờ thi đua của UBND Thành phố",
    "Tập thể lao động xuất sắc",
)
REAL_2018 = {
    ("Quận 1", "Huân chương Lao động hạng Nhì"): 1,
    ("Quận 1", "Huân chương Lao động hạng Ba"): 4,
    ("Quận 1", "Cờ thi đua của Chính phủ"): 1,
    ("Quận 1", "Bằng khen của Thủ tướng Chính phủ"): 7,
    ("Quận 3", "Huân chương Lao động hạng Nhì"): 1,
    ("Quận 3", "Huân chương Lao động hạng Ba"): 2,
    ("Quận 3", "Bằng khen của Thủ tướng Chính phủ"): 1,
    ("Quận 5", "Bằng khen của Thủ tướng Chính phủ"): 3,
    ("Quận 5", "Huân chương Lao động hạng Ba"): 3,
    ("Quận 10", "Huân chương Lao động hạng Ba"): 1,
    ("Quận 10", "Bằng khen của Thủ tướng Chính phủ"): 2,
    ("Quận 11", "Bằng khen của Thủ tướng Chính phủ"): 1,
    ("Quận Tân Bình", "Bằng khen của Thủ tướng Chính phủ"): 2,
}
BASE_RATE = {
    "Huân chương Lao động hạng Nhì": 0.2,
    "Huân chương Lao động hạng Ba": 0.6,
    "Cờ thi đua của Chính phủ": 0.2,
    "Bằng khen của Thủ tướng Chính phủ": 1.0,
    "Cờ thi đua của UBND Thành phố": 1.5,
    "Tập thể lao động xuất sắc": 2.5,
}
GROWTH = {
    "Quận 1": 0.97,
    "Quận 3": 1.12,
    "Quận 5": 1.0,
    "Quận 10": 1.08,
    "Quận 11": 1.2,
    "Quận Tân Bình": 1.1,
}
COLUMNS = (
    "year",
    "district",
    "award",
    "count",
    "recipient_kind",
    "cluster",
    "source",
    "note",
    "illustrative",
)


def illustrative_data_path() -> Path:
    """Where the illustrative dataset ships: inside the package, apart from the real ``data/``."""
    return Path(__file__).resolve().parents[1] / "datasets" / "illustrative" / "awards.csv"


def _poisson(rng: random.Random, rate: float) -> int:
    """Knuth's Poisson draw (fine for the small rates used here)."""
    limit, k, product = math.exp(-rate), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def _row(year: int, unit: str, form: str, count: int) -> dict[str, object]:
    return {
        "year": year,
        "district": unit,
        "award": form,
        "count": count,
        "recipient_kind": "",
        "cluster": CLUSTER,
        "source": SOURCE,
        "note": "",
        "illustrative": "true",
    }


def illustrative_rows(seed: int = SEED) -> list[dict[str, object]]:
    """The synthetic records, one dict per non-zero count, in a fixed order."""
    catalog = default_catalog()
    rng = random.Random(seed)
    rows: list[dict[str, object]] = []
    for year in (*YEARS, *WARD_YEARS):
        step = year - 2018
        for district in DISTRICTS:
            # From 1 July 2025 the records are the wards': each takes an equal part of the rate.
            units = catalog.wards_of(district) if year in WARD_YEARS else [district]
            for unit in units:
                for form in FORMS:
                    start = REAL_2018.get((district, form), BASE_RATE[form])
                    count = _poisson(rng, start * GROWTH[district] ** step / len(units))
                    if count:
                        rows.append(_row(year, unit, form, count))
    return rows


def illustrative_csv(seed: int = SEED) -> str:
    """The dataset as CSV text (UTF-8, ``\\n`` line ends), exactly as committed."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(illustrative_rows(seed))
    return buffer.getvalue()


def write_illustrative(path: str | Path | None = None, seed: int = SEED) -> Path:
    """Write the dataset to ``path`` (default: ``emulation_analysis/datasets/illustrative/awards.csv``)."""
    target = Path(path) if path is not None else illustrative_data_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(illustrative_csv(seed).encode("utf-8"))
    return target
