"""Accuracy of the award extractor on the project's own labelled sentences.

Every sentence in ``extract_cases.csv`` was written for this project (none is
copied from a published report). ``extract_expected.csv`` lists the records
each should give as (unit, award, count, recipient kind, status) plus whether
the row should carry a review flag; ``extract_mentions_expected.csv`` lists the
award mentions without a number. Cases with no expected row are negatives:
any record found there is a false positive.

Run ``python benchmarks/bench_extract.py`` (``--cases`` to list misses).
Flags about the year (``no_year``, ``period`` …) are left out of the flag
check: most test sentences state no year on purpose.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

from emulation_analysis.extract import extract_report

HERE = Path(__file__).resolve().parent
YEAR_FLAGS = frozenset({"no_year", "period", "year_from_context", "year_conflict"})
KEY = ("district", "award", "count", "recipient_kind", "status")


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(HERE / name, dtype=str, keep_default_na=False, encoding="utf-8")


def _key(row: pd.Series) -> tuple[str, ...]:
    return tuple("" if pd.isna(row[c]) or row[c] in ("<NA>", "nan", "None") else str(row[c]) for c in KEY)


def evaluate(split: str | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Per-construction counts of expected, found and correct records.

    ``split`` keeps only the ``dev`` cases (written while building the
    extractor), the ``held_out`` ones (written afterwards and labelled before
    the extractor first ran on them) or the ``review`` ones (written and
    labelled by a reviewer of the finished extractor; the misses they showed
    were then fixed, so they now guard against regressions).
    """
    cases = _read("extract_cases.csv")
    if split is not None:
        cases = cases[cases["split"] == split]
    expected = _read("extract_expected.csv")
    expected_mentions = _read("extract_mentions_expected.csv")
    stats: dict[str, Counter] = {}
    misses: list[str] = []
    for case in cases.itertuples(index=False):
        found = extract_report(case.text)
        records = found.records
        got = Counter(_key(r) for _, r in records.iterrows())
        want_rows = expected[expected["case"] == case.case]
        want = Counter(_key(r) for _, r in want_rows.iterrows())
        hits = got & want
        stat = stats.setdefault(case.construction, Counter())
        stat["cases"] += 1
        stat["expected"] += sum(want.values())
        stat["found"] += sum(got.values())
        stat["correct"] += sum(hits.values())
        # Flags: on rows found correctly, does "needs review" agree?
        want_flag = {_key(r): r["flagged"] == "yes" for _, r in want_rows.iterrows()}
        for _, row in records.iterrows():
            key = _key(row)
            if key not in want_flag:
                continue
            flagged = bool(set(str(row["flags"]).split(";")) - YEAR_FLAGS - {""})
            stat["flag_checked"] += 1
            stat["flag_agree"] += flagged == want_flag[key]
            if flagged != want_flag[key]:
                misses.append(
                    f"{case.case}: flag {'set' if flagged else 'missing'} {row['flags']!r} on {key}"
                )
        for key in (got - want).elements():
            misses.append(f"{case.case}: unexpected {key}")
        for key in (want - got).elements():
            misses.append(f"{case.case}: missed {key}")
        mention_want = {
            tuple(r[["district", "award", "status"]])
            for _, r in expected_mentions[expected_mentions["case"] == case.case].iterrows()
        }
        mention_got = {
            (str(r["district"]), str(r["award"]), str(r["status"])) for _, r in found.mentions.iterrows()
        }
        stat["mentions_expected"] += len(mention_want)
        stat["mentions_found"] += len(mention_got)
        stat["mentions_correct"] += len(mention_want & mention_got)
    table = pd.DataFrame(stats).T.fillna(0).astype(int)
    table.loc["ALL"] = table.sum()
    return table, misses


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "—"


def render(table: pd.DataFrame) -> str:
    header = (
        f"{'construction':<15} {'cases':>5} {'expected':>8} {'found':>6} {'correct':>7} "
        f"{'precision':>9} {'recall':>7} {'flags ok':>8}"
    )
    lines = [header, "-" * len(header)]
    for name, row in table.iterrows():
        if name == "ALL":
            lines.append("-" * len(header))
        lines.append(
            f"{name:<15} {row['cases']:>5} {row['expected']:>8} {row['found']:>6} {row['correct']:>7} "
            f"{_ratio(row['correct'], row['found']):>9} {_ratio(row['correct'], row['expected']):>7} "
            f"{_ratio(row['flag_agree'], row['flag_checked']):>8}"
        )
    total = table.loc["ALL"]
    lines += [
        "",
        f"mentions without a number: precision {_ratio(total['mentions_correct'], total['mentions_found'])}, "
        f"recall {_ratio(total['mentions_correct'], total['mentions_expected'])} "
        f"({total['mentions_expected']} expected)",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", action="store_true", help="list every miss")
    parser.add_argument(
        "--split", choices=["dev", "held_out", "review"], help="only these cases (default: all)"
    )
    args = parser.parse_args(argv)
    table, misses = evaluate(args.split)
    print(f"cases: {args.split or 'all'}")
    print(render(table))
    if args.cases and misses:
        print("\nMisses:")
        print("\n".join(f"  {m}" for m in misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
