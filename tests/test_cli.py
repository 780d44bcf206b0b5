"""The command line as a user runs it: ``emulation-analysis validate PATH...``."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from emulation_analysis.cli import main

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "awards.csv"

# Read off the report of the 31 January 2019 review (../shared/seed), by hand.
PER_UNIT_2018 = {"Quận 1": 13, "Quận 3": 4, "Quận 5": 6, "Quận 10": 3, "Quận 11": 1, "Quận Tân Bình": 2}
PER_FORM_2018 = {
    "Huân chương Lao động hạng Nhì": 2,
    "Huân chương Lao động hạng Ba": 10,
    "Bằng khen của Thủ tướng Chính phủ": 16,
    "Cờ thi đua của Chính phủ": 1,
}


def _table(output: str, title: str) -> dict[str, int]:
    block = output.split(f"{title}:\n", 1)[1].split("\n\n", 1)[0]
    rows = [re.match(r"\s+(.+?)\s+(\d+)$", line) for line in block.splitlines()]
    return {m.group(1): int(m.group(2)) for m in rows if m}


def test_validate_prints_the_2018_summary(capsys):
    assert main(["validate", str(DATA)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "13 records, 29 awards, year 2018, 6 units"
    assert _table(out, "Awards per unit") == PER_UNIT_2018
    assert list(_table(out, "Awards per unit")) == list(PER_UNIT_2018)  # the cluster's order
    assert _table(out, "Awards per form") == PER_FORM_2018
    assert "illustrative" not in out


def test_validate_runs_as_an_installed_command():
    command = Path(sys.executable).parent / "emulation-analysis"
    done = subprocess.run([str(command), "validate", str(DATA)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("13 records, 29 awards, year 2018, 6 units")


def test_validate_exits_1_with_numbered_problems(tmp_path, capsys):
    bad = tmp_path / "2019.csv"
    bad.write_text(
        "Năm,Quận,Hình thức khen thưởng,Số lượng\n2019,Quan 100,BKTTg,1\n2019,Q3,BKTTg,2.5\n",
        encoding="utf-8",
    )
    assert main(["validate", str(bad)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert lines[0] == "2 problems in the award records:"
    assert lines[1] == (
        f"  1. {bad}, line 2, column 'Quận': value 'Quan 100' is not a known unit; did you mean 'Quận 10'?"
    )
    assert lines[2].startswith(f"  2. {bad}, line 3, column 'Số lượng': value '2.5' is not a whole number")


def test_validate_reports_every_file_of_several(tmp_path, capsys):
    good = tmp_path / "a.csv"
    good.write_text("year,district,award,count\n2019,Q1,BKTTg,3\n", encoding="utf-8")
    missing = tmp_path / "b.csv"
    assert main(["validate", str(good), str(missing)]) == 1
    assert f"1. {missing}: file not found" in capsys.readouterr().err


def test_validate_options_reach_the_loader(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_bytes("year|district|award|count\n2019|Q1|BKTTg|3\n2019|Q1|BKTTg|3\n".encode("cp1258"))
    assert main(["validate", str(path), "--delimiter", "|", "--keep-duplicates"]) == 0
    assert capsys.readouterr().out.startswith("2 records, 6 awards, year 2019, 1 units")
    assert main(["validate", str(path), "--delimiter", "|"]) == 1
    assert "probable double entry" in capsys.readouterr().err
    assert main(["validate", str(path), "--encoding", "utf-16"]) == 1
    assert "cannot be decoded as utf-16" in capsys.readouterr().err


def test_validate_names_an_xlsx_sheet(write_xlsx, capsys):
    path = write_xlsx(
        "so-lieu.xlsx", [["Năm", "Quận", "Hình thức", "Số lượng"], [2019, "Q5", "HCLĐ3", 1]], sheet="2019"
    )
    assert main(["validate", str(path), "--sheet", "2019"]) == 0
    assert main(["validate", str(path), "--sheet", "2020"]) == 1
    assert "has no sheet '2020'; its sheets are: 2019" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["--help"], ["validate", "--help"]])
def test_help_explains_the_commands(argv, capsys):
    with pytest.raises(SystemExit) as done:
        main(argv)
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "validate" in out
    if argv[0] == "validate":
        for option in ("PATH", "--sheet", "--keep-duplicates", "--encoding", "--delimiter", "exit"):
            assert option in out


def test_no_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as done:
        main([])
    assert done.value.code == 2
    assert "usage: emulation-analysis" in capsys.readouterr().err
