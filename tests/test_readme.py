"""Every ``python`` block of the READMEs runs, as written, in a folder holding the files it names.

The blocks of one README run in order in one namespace (a later block may use what an earlier one
loaded), in a temporary folder laid out as an analyst's: ``so-lieu/`` with records of three years
(``2019.xlsx`` among them), a report paragraph ``bao-cao-2019.txt``, population figures
``dan-so.csv`` and the extra catalogue tables ``my_*.csv``. The figures there are made up for
the test; the README tells the reader to use their own.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

from emulation_analysis import bundled_data_path
from emulation_analysis.io.illustrative import illustrative_data_path

ROOT = Path(__file__).resolve().parents[1]
READMES = ["README.md", "data/README.md"]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)
REPORT = (
    "Năm 2019, Quận 1 nhận 1 Huân chương Lao động hạng Nhì, 4 Bằng khen của Thủ tướng Chính phủ; "
    "Quận 3 được đề nghị tặng 1 Huân chương Lao động hạng Ba.\n"
)


def python_blocks(name: str) -> list[str]:
    return BLOCK.findall((ROOT / name).read_text(encoding="utf-8"))


def test_the_readmes_have_python_examples():
    assert len(python_blocks("README.md")) >= 4
    assert len(python_blocks("data/README.md")) >= 1


@pytest.fixture
def analyst_folder(tmp_path, monkeypatch) -> Path:
    """What the examples name: three years of records, a report, population figures, extra tables."""
    records = tmp_path / "so-lieu"
    records.mkdir()
    shutil.copy(bundled_data_path(), records / "2018.csv")
    later = pd.read_csv(illustrative_data_path(), dtype=str, keep_default_na=False)
    later[later["year"] == "2019"].to_excel(records / "2019.xlsx", index=False)
    later[later["year"] == "2020"].to_csv(records / "2020.csv", index=False)
    (tmp_path / "bao-cao-2019.txt").write_text(REPORT, encoding="utf-8")
    population = {"Q1": 142_000, "Q3": 190_000, "Q5": 159_000, "Q10": 234_000, "Q11": 209_000, "TB": 474_000}
    pd.Series(population, name="population").rename_axis("district").to_csv(tmp_path / "dan-so.csv")
    tables = ROOT / "emulation_analysis" / "catalogs"

    def header(table: str) -> str:
        return (tables / table).read_text(encoding="utf-8").splitlines()[0] + "\n"

    (tmp_path / "my_units.csv").write_text(
        header("units.csv") + "BN,Phường Bến Nghé,Ben Nghe Ward,phường,20\n", encoding="utf-8"
    )
    (tmp_path / "my_unit_aliases.csv").write_text(
        header("unit_aliases.csv") + "P. Bến Nghé,BN\n", encoding="utf-8"
    )
    (tmp_path / "my_forms.csv").write_text(header("award_forms.csv"), encoding="utf-8")
    (tmp_path / "my_clusters.csv").write_text(header("clusters.csv"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("name", READMES)
def test_every_python_block_runs(name, analyst_folder):
    import matplotlib.pyplot as plt

    backend = matplotlib.get_backend()
    matplotlib.use("Agg")
    namespace: dict[str, object] = {"__name__": f"readme:{name}"}
    try:
        for number, block in enumerate(python_blocks(name), 1):
            code = compile(block, f"{name}, python block {number}", "exec")
            exec(code, namespace)
    finally:
        plt.close("all")
        matplotlib.use(backend)
    if name == "README.md":
        assert sorted(namespace["mine"]["year"].unique().tolist()) == [2018, 2019, 2020]
        assert (analyst_folder / "review.csv").is_file()
        assert (analyst_folder / "phan-bo-2018.svg").is_file()
