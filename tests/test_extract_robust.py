"""Extraction on hostile and careless input: empty text, huge numbers, formula cells, held rows."""

from __future__ import annotations

import tracemalloc

import pandas as pd
import pytest

from emulation_analysis import extract_report, load_awards
from emulation_analysis.errors import AwardDataError
from emulation_analysis.extract import NoTextError, review_frame, write_review_csv
from emulation_analysis.text import escape_formula, unescape_formula


@pytest.mark.parametrize("text", ["", "   \n\n  ", "\x00\x01\x1b\x7f\u200b"])
def test_text_without_words_is_an_error_not_an_empty_result(text):
    with pytest.raises(NoTextError, match="no text"):
        extract_report(text)


def test_a_count_of_thousands_of_digits_is_held_not_a_crash():
    # More than Python's 4,300-digit limit for int(): never a ValueError from int().
    found = extract_report("Năm 2019, Quận 1 nhận " + "9" * 5000 + " Bằng khen của Thủ tướng Chính phủ.")
    assert found.records.empty
    assert found.mentions["award"].tolist() == ["Bằng khen của Thủ tướng Chính phủ"]
    assert review_frame(found)["count"].tolist() == [""]


@pytest.mark.parametrize(
    "cell", ["=1+2", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "'=1", "''-1", "'quoted", "Quận 1", ""]
)
def test_formula_escape_round_trips(cell):
    escaped = escape_formula(cell)
    assert not escaped.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert unescape_formula(escaped) == cell


def test_review_csv_cells_are_not_formulas_and_load_back_as_written(tmp_path):
    text = "- Quận 1 nhận 2 Bằng khen của Thủ tướng Chính phủ năm 2019.\n- Quận 3 nhận 1 Giấy khen năm 2019."
    found = extract_report(text, source='=HYPERLINK("http://x","x")')
    path = write_review_csv(found, tmp_path / "review.csv")
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    for column in ("evidence", "sentence", "source"):
        assert not raw[column].str.match(r"[=+\-@\t\r]").any(), column
    assert raw.loc[0, "source"] == '\'=HYPERLINK("http://x","x")'
    assert raw.loc[0, "sentence"].startswith("'- Quận 1")
    loaded = load_awards(path)
    assert set(loaded["source"]) == {'=HYPERLINK("http://x","x")'}


def test_a_held_row_asks_for_the_count_read_not_for_zero(tmp_path):
    found = extract_report("Quận 3 đề nghị tặng 2 Bằng khen của Thủ tướng Chính phủ.", year=2019)
    path = write_review_csv(found, tmp_path / "review.csv")
    with pytest.raises(AwardDataError) as error:
        load_awards(path)
    message = str(error.value)
    assert "count_read" in message and "delete the row" in message
    assert "write 0" not in message


def test_memory_grows_with_the_text_not_with_its_square():
    # One sentence of 3,000 award names: each row keeps a window of the sentence, not all of it.
    tracemalloc.start()
    try:
        found = extract_report("Bằng khen " * 3000, year=2019)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(found.mentions) == 3000
    assert found.mentions["sentence"].str.len().max() <= 700
    assert peak < 60_000_000, peak
