"""``emulation-analysis extract`` and the review CSV's round trip through ``load_awards``."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from vn_encoding import windows_1258

from emulation_analysis import AwardDataError, extract_report, load_awards, write_review_csv
from emulation_analysis.cli import main

REPORT = (
    "Năm 2018, Quận 3 nhận 2 Bằng khen của Thủ tướng Chính phủ; Quận 5 được đề nghị tặng "
    "1 Huân chương Lao động hạng Ba.\n"
    "Quận 10 nhận 02 Huân chương Lao động hạng 2 và 3, còn Quận 11 được nhận Cờ thi đua của Chính phủ.\n"
)


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "bao-cao.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def read_review(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def test_extract_writes_one_row_per_record_and_mention_with_its_sentence(report, tmp_path, capsys):
    out = tmp_path / "review.csv"
    assert main(["extract", str(report), "--out", str(out)]) == 0
    table = read_review(out)
    assert table[["district", "award", "count", "count_read", "status"]].values.tolist() == [
        ["Quận 3", "Bằng khen của Thủ tướng Chính phủ", "2", "2", "conferred"],
        ["Quận 5", "Huân chương Lao động hạng Ba", "", "1", "proposed"],
        ["Quận 10", "Huân chương Lao động hạng 2 và 3", "", "2", "conferred"],
        ["Quận 11", "Cờ thi đua của Chính phủ", "", "", "conferred"],
    ]
    assert all(e in s for e, s in zip(table["evidence"], table["sentence"], strict=True))
    assert (table["source"] == "bao-cao.txt").all()
    assert (table["review"] != "").tolist() == [False, True, True, True]
    err = capsys.readouterr().err
    assert "conferred 2 awards (+2 flagged for review); proposed 1; 1 mentions" in err
    assert "3 need a decision" in err


def test_extract_refuses_to_overwrite_unless_forced(report, tmp_path, capsys):
    out = tmp_path / "review.csv"
    out.write_text("reviewed by hand\n", encoding="utf-8")
    assert main(["extract", str(report), "--out", str(out)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "reviewed by hand\n"
    assert main(["extract", str(report), "--out", str(out), "--force"]) == 0
    assert "evidence" in out.read_text(encoding="utf-8-sig").splitlines()[0]
    with pytest.raises(FileExistsError):
        write_review_csv(extract_report(REPORT), out)


def test_unreviewed_rows_stop_load_awards_and_reviewed_file_loads(report, tmp_path):
    out = tmp_path / "review.csv"
    main(["extract", str(report), "--out", str(out)])
    with pytest.raises(AwardDataError) as error:
        load_awards(out)
    blank = [p for p in error.value.problems if p.column == "count"]
    assert blank and blank[0].lines == (3, 4, 5)

    # The reviewer's decisions: split the two-class count, keep the proposal
    # (typing its count, status stays 'proposed'), drop the mention.
    table = read_review(out)
    table.loc[1, "count"] = "1"
    split = table.loc[[2, 2]].copy()
    split["award"] = ["Huân chương Lao động hạng Nhì", "Huân chương Lao động hạng Ba"]
    split["count"] = ["1", "1"]
    table = pd.concat([table.loc[[0, 1]], split], ignore_index=True)
    table.to_csv(out, index=False, encoding="utf-8-sig")

    loaded = load_awards(out)
    assert loaded[["district", "award", "count"]].astype(str).values.tolist() == [
        ["Quận 3", "Bằng khen của Thủ tướng Chính phủ", "2"],
        ["Quận 5", "Huân chương Lao động hạng Ba", "1"],
        ["Quận 10", "Huân chương Lao động hạng Nhì", "1"],
        ["Quận 10", "Huân chương Lao động hạng Ba", "1"],
    ]
    # Review columns survive as text, so a proposal stays visible as one.
    assert {"status", "evidence", "evidence_start", "sentence", "flags", "review"} <= set(loaded.columns)
    assert loaded.loc[loaded["status"] == "conferred", "count"].sum() == 4
    assert (loaded["year"] == 2018).all()


def test_a_clean_extraction_loads_as_it_is(tmp_path):
    source = tmp_path / "sach.txt"
    source.write_text("Năm 2018, Quận 1 nhận 7 Bằng khen Thủ tướng Chính phủ, 1 Cờ Thi đua Chính phủ.")
    out = tmp_path / "review.csv"
    assert main(["extract", str(source), "-o", str(out)]) == 0
    loaded = load_awards(out)
    assert loaded["count"].tolist() == [7, 1]
    assert loaded["award"].astype(str).tolist() == [
        "Bằng khen của Thủ tướng Chính phủ",
        "Cờ thi đua của Chính phủ",
    ]


def test_year_option_stdin_and_several_files(tmp_path, monkeypatch, capsys):
    first = tmp_path / "a.txt"
    first.write_text("Quận 1 nhận 3 Giấy khen.", encoding="utf-16")
    monkeypatch.setattr("sys.stdin", io.StringIO("Quận 3 nhận 2 Giấy khen."))
    assert main(["extract", str(first), "-", "--year", "2019"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str, keep_default_na=False)
    assert table[["year", "district", "count", "source"]].values.tolist() == [
        ["2019", "Quận 1", "3", "a.txt"],
        ["2019", "Quận 3", "2", "standard input"],
    ]


@pytest.mark.parametrize("head", [b"PK\x03\x04rest", b"%PDF-1.7"])
def test_word_and_pdf_files_are_refused_with_advice(tmp_path, head, capsys):
    path = tmp_path / "report.docx"
    path.write_bytes(head)
    assert main(["extract", str(path)]) == 1
    assert "copy the report's text into a .txt file" in capsys.readouterr().err


def test_windows_1258_text_is_read(tmp_path, capsys):
    path = tmp_path / "cu.txt"
    path.write_bytes(windows_1258("Quận 5 nhận 4 Giấy khen."))
    assert main(["extract", str(path), "--year", "2018"]) == 0
    assert "Quận 5,Giấy khen,4" in capsys.readouterr().out


def test_an_output_folder_that_does_not_exist_is_named(report, tmp_path, capsys):
    out = tmp_path / "no-such-folder" / "review.csv"
    assert main(["extract", str(report), "--out", str(out)]) == 1
    assert capsys.readouterr().err == f"cannot write {out}: the folder {out.parent} does not exist\n"
    assert not out.parent.exists()


def test_extract_of_an_empty_file_says_no_text_and_fails(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    out = tmp_path / "review.csv"
    assert main(["extract", str(empty), "--out", str(out)]) == 1
    assert "no text" in capsys.readouterr().err
    assert not out.exists()
