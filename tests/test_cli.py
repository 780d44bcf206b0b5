"""The command line as a user runs it: ``emulation-analysis COMMAND ...`` and its mistakes."""

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


COMMANDS = ["validate", "extract", "briefing", "notebooks", "illustrative"]


def test_one_command_tree_lists_every_subcommand(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert out.startswith("usage: emulation-analysis")
    for command in COMMANDS:
        assert re.search(rf"^\s+{command}\b", out, re.MULTILINE), command


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("extract", ["FILE", "--out", "--force", "--year", "--source", "standard input"]),
        ("briefing", ["--data", "--years", "--districts", "--lang", "--out", "index.html"]),
        ("notebooks", ["--inplace", "NOTEBOOK", "parameters"]),
        ("illustrative", ["--out", "--seed", "20190131", "synthetic"]),
    ],
)
def test_each_subcommand_explains_its_options(command, options, capsys):
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    assert out.startswith(f"usage: emulation-analysis {command}")
    for option in options:
        assert option in out, option


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["valdate", "x.csv"], "'valdate' is not a command; did you mean 'validate'?"),
        (["report"], "'report' is not a command; the commands are: " + ", ".join(COMMANDS)),
        (["extract", "a.txt", "--year", "19"], "argument --year: '19' is not a year; write the year in four"),
        (["briefing", "--years", "2018", "twenty"], "argument --years: 'twenty' is not a year"),
        (["briefing", "--lang", "fr"], "argument --lang: invalid choice: 'fr'"),
        (["notebooks"], "the following arguments are required: --inplace"),
        (["illustrative", "--seed", "x"], "argument --seed: 'x' is not a whole number"),
    ],
)
def test_mistakes_are_usage_errors_that_say_what_is_wrong(argv, expected, capsys):
    with pytest.raises(SystemExit) as done:
        main(argv)
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: emulation-analysis")
    assert expected in err
    assert "See 'emulation-analysis --help' for the commands" in err


def test_a_missing_file_is_named_once_with_its_path(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for argv, name in (
        (["extract", "missing.txt"], "missing.txt"),
        (["notebooks", "--inplace", "missing.ipynb"], "missing.ipynb"),
        (["validate", "missing.csv"], "missing.csv"),
        (["briefing", "--data", "missing.csv", "--out", "reports"], "missing.csv"),
    ):
        assert main(argv) == 1, argv
        captured = capsys.readouterr()
        assert captured.out == ""
        assert f"{name}: file not found" in captured.err, argv
    assert list(tmp_path.iterdir()) == []


def test_python_dash_m_is_the_same_command():
    done = subprocess.run(
        [sys.executable, "-m", "emulation_analysis", "validate", str(DATA)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("13 records, 29 awards, year 2018, 6 units")


def test_version(capsys):
    from emulation_analysis import __version__

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == f"emulation-analysis {__version__}\n"


def test_illustrative_writes_where_told(tmp_path, capsys):
    out = tmp_path / "demo.csv"
    assert main(["illustrative", "--out", str(out), "--seed", "7"]) == 0
    assert capsys.readouterr().out == f"wrote {out}\n"
    assert out.read_text(encoding="utf-8").startswith("year,district,award,count")


@pytest.mark.parametrize("variable", ["LANG", "LC_ALL", "EMULATION_ANALYSIS_LANG"])
def test_a_vietnamese_locale_gets_vietnamese_messages(variable, monkeypatch, capsys):
    for name in ("EMULATION_ANALYSIS_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(variable, "vi" if variable == "EMULATION_ANALYSIS_LANG" else "vi_VN.UTF-8")
    assert main(["validate", str(DATA)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "13 bản ghi, 29 lượt khen thưởng, năm 2018, 6 đơn vị"
    assert "Khen thưởng theo đơn vị:" in out
    with pytest.raises(SystemExit):
        main(["briefing", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert help_text.startswith("cách dùng: emulation-analysis briefing")
    assert "ngôn ngữ của các trang (mặc định: vi)" in help_text and "tuỳ chọn:" in help_text
    with pytest.raises(SystemExit):
        main(["valdate"])
    assert "lỗi: 'valdate' không phải là lệnh; có phải ý bạn là 'validate'?" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["briefing", "--lang", "fr"])
    assert (
        "lỗi: đối số --lang: lựa chọn không hợp lệ: 'fr' (chọn một trong: 'vi', 'en')"
        in capsys.readouterr().err
    )


def test_every_command_message_is_in_both_languages_and_kept_together():
    from emulation_analysis.i18n import messages

    table = messages()
    keys = table.index.tolist()
    ours = [i for i, key in enumerate(keys) if key.startswith("cli.")]
    assert ours == list(range(ours[0], ours[0] + len(ours))), "the cli. block is one contiguous block"
    assert (table.loc[table.index.str.startswith("cli."), ["vi", "en"]] != "").all().all()
    for module in ("cli.py", "report/briefing.py"):
        source = (ROOT / "emulation_analysis" / module).read_text(encoding="utf-8")
        for key in re.findall(r'"(cli\.[a-z_.]+)"', source):
            assert key in table.index, key


def test_notebooks_reexecutes_the_named_notebooks_in_place(tmp_path, monkeypatch, capsys):
    # the re-execution itself is what `make notebooks` runs; here, the command's wiring
    done = []

    def execute_in_place(paths, *, progress, progress_lang):
        done.extend(paths)
        progress(f"executed {paths[0]} in 1.0 s")

    monkeypatch.setattr("emulation_analysis.report.briefing.execute_in_place", execute_in_place)
    notebook = tmp_path / "01.ipynb"
    notebook.write_text("{}", encoding="utf-8")
    assert main(["notebooks", "--inplace", str(notebook)]) == 0
    assert done == [str(notebook)]
    assert capsys.readouterr().out == f"executed {notebook} in 1.0 s\n"


def test_notebooks_refuses_what_is_not_a_notebook(tmp_path, capsys):
    table = tmp_path / "awards.csv"
    table.write_text("year\n", encoding="utf-8")
    assert main(["notebooks", "--inplace", str(table)]) == 1
    assert capsys.readouterr().err == f"{table}: is not a Jupyter notebook (.ipynb)\n"
    assert table.read_text(encoding="utf-8") == "year\n"


def test_illustrative_says_when_it_cannot_write(tmp_path, capsys):
    folder = tmp_path / "taken"
    folder.mkdir()
    assert main(["illustrative", "--out", str(folder)]) == 1
    assert capsys.readouterr().err.startswith(f"cannot write {folder}: ")
