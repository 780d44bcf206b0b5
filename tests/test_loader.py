"""The loader's rules, as a user of ``load_awards`` sees them (synthetic data only)."""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from vn_encoding import windows_1258

from emulation_analysis import RECORD_COLUMNS, AwardDataError, load_awards, validate_records

UNITS = ["Quận 1", "Quận 3", "Quận 5", "Quận 10", "Quận 11", "Quận Tân Bình"]
H = "year,district,award,count"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_result_schema_is_stable():
    awards = load_awards()
    assert tuple(awards.columns) == RECORD_COLUMNS
    assert {c: str(t) for c, t in awards.dtypes.items()} == {
        "year": "int64",
        "district": "category",
        "award": "category",
        "count": "int64",
        "recipient_kind": "category",
        "cluster": "str",
        "source": "str",
        "note": "str",
        "illustrative": "bool",
        "origin_file": "category",
        "origin_line": "int64",
        "origin_column": "category",
    }
    assert awards["district"].cat.ordered and awards["award"].cat.ordered
    # The catalogue's units: the six districts in cluster order, then the 23 wards by former district.
    assert list(awards["district"].cat.categories[:6]) == UNITS
    assert len(awards["district"].cat.categories) == 29
    assert list(awards["recipient_kind"].cat.categories) == ["tập thể", "cá nhân"]
    award_order = list(awards["award"].cat.categories)
    assert award_order.index("Bằng khen của Thủ tướng Chính phủ") < award_order.index(
        "Cờ thi đua của Chính phủ"
    )
    assert award_order.index("Huân chương Lao động hạng Nhì") < award_order.index(
        "Huân chương Lao động hạng Ba"
    )


def test_sorting_by_district_follows_the_cluster_order(write_text):
    path = write_text("a.csv", f"{H}\n2018,TB,BKTTg,1\n2018,Q10,BKTTg,1\n2018,Q3,BKTTg,1\n2018,Q1,BKTTg,1\n")
    ordered = load_awards(path).sort_values("district")["district"].tolist()
    assert ordered == ["Quận 1", "Quận 3", "Quận 10", "Quận Tân Bình"]


def test_vietnamese_headers_counts_and_names_resolve(write_text):
    path = write_text(
        "2019.csv",
        "Năm;Quận;Hình thức khen thưởng;Số lượng;Đối tượng;Ghi chú\n"
        "2019;Q.1;HCLĐ hạng 3;02;Tập thể;\n"
        '2019;District 10;Giấy khen;"1.329";cá nhân;x\n'
        "2019;Tan Binh;Bằng khen Thủ tướng Chính phủ;0;;\n",
    )
    loaded = load_awards(path)
    assert loaded["district"].tolist() == ["Quận 1", "Quận 10", "Quận Tân Bình"]
    assert loaded["award"].tolist() == [
        "Huân chương Lao động hạng Ba",
        "Giấy khen",
        "Bằng khen của Thủ tướng Chính phủ",
    ]
    assert loaded["count"].tolist() == [2, 1329, 0]
    kinds = loaded["recipient_kind"]
    assert kinds.tolist()[:2] == ["tập thể", "cá nhân"] and kinds.isna().tolist() == [False, False, True]
    assert loaded["note"].isna().tolist() == [True, False, True]


def test_one_row_per_input_row_nothing_merged_or_dropped(write_text):
    rows = ["2018,Q1,BKTTg,1", "2018,Q1,BKTTg,2", "2018,Quận 1,Bằng khen Thủ tướng,1"]
    path = write_text("a.csv", "\n".join([H, *rows]) + "\n")
    loaded = load_awards(path, duplicates="keep")
    assert len(loaded) == 3 and loaded["count"].tolist() == [1, 2, 1]
    assert loaded["origin_line"].tolist() == [2, 3, 4]
    with pytest.raises(AwardDataError, match="probable double entry"):
        load_awards(path)
    with pytest.raises(ValueError, match="duplicates must be"):
        load_awards(path, duplicates="drop")


def test_blank_lines_are_skipped_but_lines_keep_their_numbers(write_text):
    path = write_text("a.csv", f"\n{H}\n2018,Q1,BKTTg,1\n\n,,,\n2018,Q3,BKTTg,1\n\n")
    loaded = load_awards(path)
    assert loaded["origin_line"].tolist() == [3, 6]


def test_multi_line_cells_count_as_several_lines(write_text):
    path = write_text("a.csv", f'{H},note\n2018,Q1,BKTTg,1,"một\nhai"\n2018,Q3,BKTTg,1,\n')
    loaded = load_awards(path)
    assert loaded["origin_line"].tolist() == [2, 4]
    assert loaded["note"].iloc[0] == "một\nhai"


def test_title_rows_above_the_header_are_skipped_in_csv_and_xlsx(write_text, write_xlsx):
    csv_path = write_text(
        "a.csv", f"BẢNG TỔNG HỢP\nCụm thi đua 1;;;\n\n{H.replace(',', ';')}\n2018;Q1;BKTTg;1\n"
    )
    assert load_awards(csv_path)["origin_line"].tolist() == [5]
    xlsx_path = write_xlsx(
        "a.xlsx",
        [["BẢNG TỔNG HỢP KHEN THƯỞNG"], [None, "năm 2018"], [], H.split(","), [2018, "Q1", "BKTTg", 1]],
    )
    loaded = load_awards(xlsx_path)
    assert loaded["origin_line"].tolist() == [5]
    assert loaded["count"].tolist() == [1]


def test_xlsx_sheet_by_name_or_number(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.title = "2018"
    workbook.active.append(H.split(","))
    workbook.active.append([2018, "Q1", "BKTTg", 7])
    second = workbook.create_sheet("2019")
    second.append(["Năm", "Đơn vị", "Hình thức khen thưởng", "Số lượng"])
    second.append([2019, "Q3", "HCLĐ hạng 2", 1])
    path = tmp_path / "tong-hop.xlsx"
    workbook.save(path)
    with pytest.warns(UserWarning, match="other visible sheets also hold records: '2019'"):
        assert load_awards(path)["year"].tolist() == [2018]
    by_name = load_awards(path, sheet="2019")
    assert by_name["award"].tolist() == ["Huân chương Lao động hạng Nhì"]
    assert str(by_name["origin_file"].iloc[0]) == f"{path} [sheet 2019]"
    assert load_awards(path, sheet=1)["year"].tolist() == [2019]


def test_encodings_and_delimiters_are_detected(write_text):
    rows = (
        "Năm\tĐơn vị\tHình thức khen thưởng\tSố lượng\r\n2018\tQuận Tân Bình\tBằng khen của Thủ tướng\t2\r\n"
    )
    expected = (["Quận Tân Bình"], ["Bằng khen của Thủ tướng Chính phủ"], [2])
    for name, data in [
        ("utf16.txt", rows.encode("utf-16")),
        ("utf16le.txt", rows.encode("utf-16-le")),
        ("bom.csv", rows.replace("\t", ",").encode("utf-8-sig")),
        ("plain.csv", rows.replace("\t", ";").encode("utf-8")),
        ("windows.csv", windows_1258(rows.replace("\t", ","))),
        ("office-export.xls", rows.encode("utf-16")),  # "Unicode text" saved under an .xls name
    ]:
        loaded = load_awards(write_text(name, data))
        got = (loaded["district"].tolist(), loaded["award"].tolist(), loaded["count"].tolist())
        assert got == expected, name


def test_encoding_and_delimiter_can_be_given(write_text):
    path = write_text("a.csv", windows_1258(f"{H}|note\n2018|Q1|BKTTg|1|Tân Bình\n".replace(",", "|")))
    loaded = load_awards(path, encoding="cp1258", delimiter="|")
    assert loaded["note"].tolist() == ["Tân Bình"]


def test_several_files_and_folders(tmp_path, write_text, write_xlsx):
    write_text("so-lieu/2018.csv", f"{H}\n2018,Q1,BKTTg,1\n")
    write_text("so-lieu/.an.csv", "không phải bảng")
    write_text("so-lieu/~$2019.xlsx", b"lock file of an open workbook")
    write_text("so-lieu/ghi-chu.docx", b"PK\x03\x04")
    xlsx = write_xlsx("so-lieu/2019.xlsx", [H.split(","), [2019, "Q3", "BKTTg", 2]])
    pd.DataFrame({"year": [2020], "district": ["Q5"], "award": ["HCLĐ3"], "count": [3]}).to_parquet(
        tmp_path / "so-lieu" / "2020.parquet"
    )
    folder = load_awards(tmp_path / "so-lieu")
    assert folder["year"].tolist() == [2018, 2019, 2020]
    assert [Path(str(f)).name for f in folder["origin_file"].cat.categories] == [
        "2018.csv",
        "2019.xlsx",
        "2020.parquet",
    ]
    listed = load_awards([tmp_path / "so-lieu" / "2018.csv", xlsx])
    assert listed["district"].tolist() == ["Quận 1", "Quận 3"]
    assert listed["district"].cat.categories.tolist()[:6] == UNITS


def test_input_files_are_never_modified(tmp_path, write_text, write_xlsx):
    good = [
        write_text("a.csv", f"\ufeff{H}\n2018,Q1,BKTTg,1\n"),
        write_xlsx("b.xlsx", [["Tiêu đề"], H.split(","), [2018, "Q3", "BKTTg", 1]]),
    ]
    bad = [write_text("c.csv", f"{H}\n2018,Quan 100,BKTTg,x\n"), write_xlsx("d.xlsx", [[H]])]
    before = {p: digest(p) for p in good + bad}
    times = {p: p.stat().st_mtime_ns for p in good + bad}
    load_awards(good)
    for path in bad:
        with pytest.raises(AwardDataError):
            load_awards(path)
    assert {p: digest(p) for p in good + bad} == before
    assert {p: p.stat().st_mtime_ns for p in good + bad} == times
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.xlsx", "c.csv", "d.xlsx"]


def test_text_is_nfc_and_trimmed(write_text):
    nfd = unicodedata.normalize(
        "NFD", f"{H},cluster,note,Ghi chú riêng\n2018,  Tân Bình ,BKTTg,1, Cụm 1 , Nguyễn ,Đã xét\n"
    )
    loaded = load_awards(write_text("a.csv", nfd))
    assert loaded["district"].tolist() == ["Quận Tân Bình"]
    assert loaded["cluster"].tolist() == ["Cụm 1"] and loaded["note"].tolist() == ["Nguyễn"]
    assert "Ghi chú riêng" in loaded.columns and loaded["Ghi chú riêng"].tolist() == ["Đã xét"]
    for value in [*loaded.columns, *loaded["cluster"], *loaded["note"], *loaded["Ghi chú riêng"]]:
        assert unicodedata.is_normalized("NFC", value)


@pytest.mark.parametrize(
    "cells",
    [
        ["a ", "b"],
        ["a", "\tb"],
        ["", "a", "b  "],
        ["Lê ", "b"],
        [" Lê", "", "d\u00a0", "e"],
        ["x", "", "   ", "c", ""],
        ["\u00a0Lê", "Hà", "Nguyễn\u0085"],
        ["Hà ", "Lê"],
        ["a\u00a0", "b"],
        ["à", "b\u0085"],
        ["x", "y", ""],
    ],
)
def test_free_text_is_trimmed_wherever_the_space_is(write_text, cells):
    """ASCII and Vietnamese values, spaces or tabs at either end, blanks first, last or between."""
    body = "".join(f"2018,Q1,BKTTg,{n},{c}\n" for n, c in enumerate(cells))
    loaded = load_awards(write_text("a.csv", f"{H},Người nhận\n{body}"))
    expected = [c.strip() or None for c in cells]
    assert [None if pd.isna(v) else v for v in loaded["Người nhận"]] == expected


@pytest.mark.parametrize(
    "written",
    [
        "Nguyễn Thị Hà",  # precomposed, as typed on Windows or a phone
        unicodedata.normalize("NFD", "Nguyễn Thị Hà"),  # macOS
        "Trần Văn Bình",
        "\u2126 ohm \u212b",  # compatibility-looking characters NFC replaces
        "\u1f71 Greek",
        "\u0958 Devanagari",
    ],
)
def test_free_text_comes_back_in_nfc_however_it_was_typed(write_text, written):
    body = f"{H},Người nhận\n2018,Q1,BKTTg,1,{written}\n2018,Q3,BKTTg,1,{written}\n2018,Q5,BKTTg,1,Lê\n"
    loaded = load_awards(write_text("a.csv", body))
    expected = unicodedata.normalize("NFC", written)
    assert loaded["Người nhận"].tolist() == [expected, expected, "Lê"]


def test_characters_trusted_to_be_nfc_never_change_or_combine():
    """The loader skips normalising text made only of U+0000–U+02FF and U+1E00–U+1EFF."""
    trusted = [chr(c) for c in [*range(0x300), *range(0x1E00, 0x1F00)]]
    for first in trusted:
        pairs = "\x00".join(first + second for second in trusted)
        assert unicodedata.normalize("NFC", pairs) == pairs, f"U+{ord(first):04X}"


def test_illustrative_flag_defaults_to_false_and_reads_yes_no_words(write_text):
    path = write_text(
        "a.csv", f"{H},illustrative\n2018,Q1,BKTTg,1,true\n2018,Q3,BKTTg,1,\n2018,Q5,BKTTg,1,không\n"
    )
    assert load_awards(path)["illustrative"].tolist() == [True, False, False]
    assert not load_awards()["illustrative"].any()


def test_trailing_separators_do_not_make_columns(write_text):
    path = write_text("a.csv", f"{H},,\n2018,Q1,BKTTg,1,,\n")
    assert tuple(load_awards(path).columns) == RECORD_COLUMNS
    # Empty fields beyond the header on some records only (as some programs write them).
    ragged = write_text("b.csv", f"{H}\n2018,Q1,BKTTg,1,,\n2018,Q3,BKTTg,2\n2018,Q5,BKTTg,3,\n")
    loaded = load_awards(ragged)
    assert tuple(loaded.columns) == RECORD_COLUMNS
    assert loaded["count"].tolist() == [1, 2, 3] and loaded["origin_line"].tolist() == [2, 3, 4]


def test_validate_records_checks_frames_in_memory():
    frame = pd.DataFrame(
        {
            "Năm": [2018, 2018],
            "Quận": ["Q1", "Q 3"],
            "Hình thức": ["CTĐCP", "HCLĐ hạng nhì"],
            "Số lượng": [1, 2],
        }
    )
    records = validate_records(frame)
    assert records["award"].tolist() == ["Cờ thi đua của Chính phủ", "Huân chương Lao động hạng Nhì"]
    assert records["origin_line"].tolist() == [1, 2]
    frame.loc[1, "Số lượng"] = -2
    with pytest.raises(AwardDataError, match=r"DataFrame, row 2, column 'Số lượng': value '-2' is negative"):
        validate_records(frame)


def test_categorical_columns_are_checked_on_the_values_rows_hold():
    """A category no row uses (left over from filtering a frame) is not reported."""
    frame = pd.DataFrame(
        {
            "year": ["2018", "2018", "2019"],
            "district": pd.Categorical(["Q1", "Q3", "Quận 99"], categories=["Q1", "Q3", "Quận 99", "Q 7"]),
            "award": pd.Categorical(["BKTTg", "bkttg", "BKTTg"]),
            "count": ["1", "2", "3"],
            "source": pd.Categorical([" Báo cáo ", None, "x"], categories=["x", " Báo cáo ", "unused"]),
        }
    )
    records = validate_records(frame.iloc[:2])
    assert records["district"].tolist() == ["Quận 1", "Quận 3"]
    assert records["source"].tolist()[0] == "Báo cáo" and pd.isna(records["source"].tolist()[1])
    with pytest.raises(AwardDataError) as caught:
        validate_records(frame)
    (problem,) = caught.value.problems
    assert (problem.lines, problem.value) == ((3,), "Quận 99")


def test_excel_numbers_and_text_numbers_both_work(write_xlsx):
    path = write_xlsx(
        "a.xlsx",
        [
            H.split(","),
            [2018.0, "Q1", "BKTTg", 7.0],
            ["2018", "Q3", "BKTTg", "02"],
            [2018, "Q5", "BKTTg", "1.329"],
        ],
    )
    loaded = load_awards(path)
    assert loaded["year"].tolist() == [2018] * 3
    assert loaded["count"].tolist() == [7, 2, 1329]
    assert loaded["count"].dtype == np.int64


def test_double_entries_compare_running_numbers_as_written(write_text):
    """A running-number column (STT) tells rows apart: "01" and "1" are different cells."""
    path = write_text(
        "stt.csv",
        "STT,year,district,award,count,note\n"
        "01,2018,Q1,BKTTg,1,a\n"
        "1,2018,Q1,BKTTg,1,a\n"
        "2,2018,Q1,BKTTg,1,b\n"
        "2,2018,Q1,BKTTg,1,b\n"
        "3,2018,Q1,BKTTg,1,b\n",
    )
    with pytest.raises(AwardDataError) as caught:
        load_awards(path)
    (problem,) = caught.value.problems
    assert problem.lines == (4, 5)
    assert "double entry" in problem.message
    kept = load_awards(path, duplicates="keep")
    assert kept["STT"].tolist() == ["01", "1", "2", "2", "3"]


@pytest.mark.parametrize("index_name", [None, "STT"])
def test_parquet_written_with_a_pandas_index_loads_its_columns_only(tmp_path, index_name):
    """A frame saved with ``to_parquet()`` keeps its index in the file; it is not a record column."""
    frame = pd.DataFrame(
        {"Năm": [2018, 2019], "Quận": ["Q1", "Q3"], "Hình thức": ["BKTTg", "CTĐCP"], "Số lượng": [1, 2]},
        index=pd.Index([7, 3], name=index_name),
    )
    frame.to_parquet(tmp_path / "a.parquet")
    loaded = load_awards(tmp_path / "a.parquet")
    assert tuple(loaded.columns) == RECORD_COLUMNS
    assert loaded["district"].tolist() == ["Quận 1", "Quận 3"] and loaded["origin_line"].tolist() == [1, 2]


@pytest.mark.parametrize("line_break", ["\n", "\r\n", " \n ", "\r"])
def test_a_line_break_alone_in_an_unnamed_column_still_counts_for_line_numbers(write_text, line_break):
    """Excel writes a trailing separator; an Alt+Enter cell there makes its record span two lines."""
    first = f'year,district,award,count,\n2018,Q1,BKTTg,1,"{line_break}"\n'
    path = write_text("a.csv", f"{first}2018,Q3,BKTTg,x,\n")
    with pytest.raises(AwardDataError) as caught:
        load_awards(path)
    (problem,) = caught.value.problems
    assert problem.lines == (4,) and problem.value == "x"
    ok = write_text("b.csv", f"{first}2018,Q3,BKTTg,2,\n")
    assert load_awards(ok)["origin_line"].tolist() == [2, 4]


@pytest.mark.parametrize("form", ["csv", "parquet"])
def test_a_large_file_read_in_pieces_keeps_each_row_s_values(tmp_path, form):
    """Arrow reads a large file in pieces, each with its own list of distinct values.

    The pieces' lists differ here (districts in another order in the second
    half, one spelling only at the end); every row must still get its own value.
    """
    rows = 240_000  # about 5 MB of CSV: more than one of Arrow's 4 MB blocks
    spellings = ["Q1", "Quận 3", "q5", "Q10", "Quận 11", "TB"]
    order = np.arange(rows) % 6
    order[rows // 2 :] = 5 - order[rows // 2 :]
    written = [spellings[i] for i in order]
    written[-3:] = ["Quận Tân Bình"] * 3
    frame = pd.DataFrame(
        {
            "STT": np.arange(1, rows + 1).astype(str),
            "year": (2000 + (np.arange(rows) // 1000) % 20).astype(str),
            "district": written,
            "award": "BKTTg",
            "count": (np.arange(rows) % 7).astype(str),
        }
    )
    path = tmp_path / f"a.{form}"
    if form == "csv":
        frame.to_csv(path, index=False)
    else:
        frame.to_parquet(path, index=False, row_group_size=50_000)
    loaded = load_awards(path)
    assert loaded["district"].astype(str).tolist() == [UNITS[i] for i in order[:-3]] + ["Quận Tân Bình"] * 3
    assert (loaded["year"].to_numpy() == frame["year"].astype(int).to_numpy()).all()
    assert (loaded["count"].to_numpy() == frame["count"].astype(int).to_numpy()).all()


@pytest.mark.parametrize("index_type", ["uint8", "uint32", "int8", "int64"])
def test_parquet_dictionary_columns_load_whatever_their_index_type(tmp_path, index_type):
    """pandas writes categoricals with signed indices; other writers may use unsigned ones."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    indices = pa.array([0, 1, None, 0], type=getattr(pa, index_type)())
    district = pa.DictionaryArray.from_arrays(indices, pa.array(["Q1", "Quận 3"]))
    source = pa.DictionaryArray.from_arrays(
        pa.array([1, 1, 0, 0], type=getattr(pa, index_type)()), pa.array(["a", "b"])
    )
    table = pa.table(
        {
            "year": ["2018", "2019", "2020", "2021"],
            "district": district,
            "award": ["BKTTg"] * 4,
            "count": ["1", "2", "3", "4"],
            "source": source,
        }
    )
    pq.write_table(table, tmp_path / "a.parquet")
    with pytest.raises(AwardDataError) as caught:  # the blank district is reported, on its row
        load_awards(tmp_path / "a.parquet")
    (problem,) = caught.value.problems
    assert problem.lines == (3,) and problem.column == "district" and "is blank" in problem.message
    pq.write_table(table.set_column(1, "district", district.fill_null("TB")), tmp_path / "b.parquet")
    loaded = load_awards(tmp_path / "b.parquet")
    assert loaded["district"].astype(str).tolist() == ["Quận 1", "Quận 3", "Quận Tân Bình", "Quận 1"]
    assert loaded["source"].tolist() == ["b", "b", "a", "a"]


def test_a_large_file_with_line_breaks_in_cells_keeps_every_line_number(tmp_path):
    """Records spanning two lines throughout a file Arrow reads in several pieces."""
    rows = 150_000
    spans = np.arange(rows) % 997 == 0
    note = np.where(spans, "dòng một\ndòng hai", "ghi chú " * 4)
    frame = pd.DataFrame(
        {"STT": np.arange(rows).astype(str), "year": "2018", "district": "Q1", "award": "BKTTg"}
        | {"count": (np.arange(rows) % 7).astype(str), "note": note}
    )
    frame.to_csv(tmp_path / "a.csv", index=False)
    loaded = load_awards(tmp_path / "a.csv")
    expected = 2 + np.arange(rows) + np.cumsum(spans) - spans
    assert (loaded["origin_line"].to_numpy() == expected).all()
    assert (loaded["note"].to_numpy() == np.char.strip(note.astype(str))).all()
