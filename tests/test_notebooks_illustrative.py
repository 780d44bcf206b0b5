"""The illustrative dataset: reproduced by its seeded script, every row marked, kept apart."""

from __future__ import annotations

from pathlib import Path

from emulation_analysis import by_former_district, load_awards
from emulation_analysis.cli import main
from emulation_analysis.io.illustrative import SEED, illustrative_csv, illustrative_data_path

ROOT = Path(__file__).resolve().parents[1]


def test_committed_file_is_what_the_seeded_script_writes(tmp_path):
    out = tmp_path / "awards.csv"
    assert main(["illustrative", "--out", str(out)]) == 0
    assert out.read_bytes() == illustrative_data_path().read_bytes()
    packaged = ROOT / "emulation_analysis" / "datasets" / "illustrative" / "awards.csv"
    assert illustrative_data_path() == packaged


def test_another_seed_gives_other_numbers():
    assert illustrative_csv(SEED + 1) != illustrative_csv(SEED)


def test_every_row_is_illustrative_and_loads_cleanly():
    records = load_awards(illustrative_data_path())
    assert records["illustrative"].all()
    assert sorted(records["year"].unique().tolist()) == list(range(2019, 2027))
    assert records["source"].str.contains("minh hoạ").all()
    # It spans the reorganisation: the six districts up to 2024, their 23 wards in 2025 and 2026.
    districts = records[records["year"] <= 2024]["district"].astype(str)
    wards = records[records["year"] >= 2025]["district"].astype(str)
    assert districts.nunique() == 6 and districts.str.startswith("Quận").all()
    assert wards.nunique() == 23 and wards.str.startswith("Phường").all()
    added_up = by_former_district(records, double_counts="raise")
    assert sorted(added_up["district"].astype(str).unique()) == sorted(districts.unique())
    assert added_up["count"].sum() == records["count"].sum()


def test_real_data_holds_no_illustrative_row():
    real = load_awards(ROOT / "data" / "awards.csv")
    assert not real["illustrative"].any()
    assert "illustrative" not in (ROOT / "data" / "awards.csv").read_text(encoding="utf-8").split("\n", 1)[1]


def test_the_folder_says_it_is_synthetic():
    readme = (illustrative_data_path().parent / "README.md").read_text(encoding="utf-8")
    assert "synthetic" in readme and "không phải số liệu chính thức" in readme
    assert "emulation-analysis illustrative" in readme


def test_data_folder_holds_only_real_records():
    """data/ is for real records: every table there loads with no illustrative row."""
    tables = sorted((ROOT / "data").rglob("*.csv"))
    assert tables, "data/ should hold the real records"
    for table in tables:
        assert not load_awards(table)["illustrative"].any(), table
