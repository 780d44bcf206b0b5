"""Generated reports: every count comes back, each with the exact span it was read from."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from emulation_analysis import extract_report

UNITS = {"Quận 1": "Quận 1", "quận Tân Bình": "Quận Tân Bình", "Q.3": "Quận 3", "Quận 10": "Quận 10"}
AWARDS = {
    "Huân chương Lao động hạng Nhì": "Huân chương Lao động hạng Nhì",
    "HCLĐ hạng 3": "Huân chương Lao động hạng Ba",
    "Cờ Thi đua Chính phủ": "Cờ thi đua của Chính phủ",
    "Bằng khen Thủ tướng Chính phủ": "Bằng khen của Thủ tướng Chính phủ",
    "Giấy khen": "Giấy khen",
}
NUMBER_WORDS = {1: "một", 2: "hai", 5: "năm", 10: "mười", 12: "mười hai", 21: "hai mươi mốt"}


@st.composite
def numbers(draw) -> tuple[str, int]:
    value = draw(st.integers(min_value=1, max_value=2500))
    style = draw(st.sampled_from(["plain", "zero", "words"]))
    if style == "words" and value in NUMBER_WORDS:
        return NUMBER_WORDS[value], value
    if style == "zero" and value < 10:
        return f"0{value}", value
    return (f"{value:,}".replace(",", ".") if value >= 1000 else str(value)), value


@st.composite
def reports(draw) -> tuple[str, list[tuple[str, str, int]]]:
    units = draw(st.lists(st.sampled_from(sorted(UNITS)), min_size=1, max_size=4, unique=True))
    clauses, facts = [], []
    for unit in units:
        awards = draw(st.lists(st.sampled_from(sorted(AWARDS)), min_size=1, max_size=3, unique=True))
        items = []
        for award in awards:
            spelled, value = draw(numbers())
            items.append(f"{spelled} {award}")
            facts.append((UNITS[unit], AWARDS[award], value))
        listed = items[0] if len(items) == 1 else ", ".join(items[:-1]) + " và " + items[-1]
        verb = draw(st.sampled_from(["nhận", "được tặng", ":"]))
        clauses.append(f"{unit}: {listed}" if verb == ":" else f"{unit} {verb} {listed}")
    distractor = draw(st.sampled_from(["", "Quận có 10 phường, đạt 98% kế hoạch. ", "Ngày 31/01/2019, "]))
    return f"{distractor}Năm 2018, " + "; ".join(clauses) + ".", facts


@settings(max_examples=150, deadline=None)
@given(reports())
def test_generated_reports_are_read_back_exactly(report):
    text, facts = report
    found = extract_report(text)
    records = found.records
    got = sorted(zip(records["district"], records["award"], records["count"], strict=True))
    assert got == sorted(facts), text
    assert (records["flags"] == "").all(), records[["evidence", "flags"]]
    assert (records["year"] == 2018).all() and (records["status"] == "conferred").all()
    for row in records.itertuples():
        assert text[row.evidence_start : row.evidence_end] == row.evidence
    assert found.mentions.empty


def _load_benchmark():
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_extract.py"
    spec = importlib.util.spec_from_file_location("bench_extract", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_benchmark_has_enough_cases_and_stays_accurate():
    bench = _load_benchmark()
    cases = bench._read("extract_cases.csv")
    assert len(cases) >= 40
    constructions = set(cases["construction"])
    assert {
        "unit_list",
        "shared_units",
        "leading_zeros",
        "thousands",
        "number_words",
        "kinds",
        "luot",
        "colon",
        "giver",
        "proposal",
        "ambiguous",
        "negative",
        "mention",
        "unknown",
    } <= constructions
    table, misses = bench.evaluate()
    total = table.loc["ALL"]
    assert total["correct"] / total["found"] >= 0.95, misses
    assert total["correct"] / total["expected"] >= 0.95, misses
