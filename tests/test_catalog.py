"""Reference tables: award forms, units, clusters, aliases, and the analyst's own extensions."""

from __future__ import annotations

import unicodedata
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

from emulation_analysis import AwardDataError, load_awards, load_catalog
from emulation_analysis.catalog import default_catalog

CAT = default_catalog()

# Every form named in DOMAIN.md (Law 06/2022/QH15), written out here by hand.
DOMAIN_FORMS = [
    "Huân chương Sao vàng",
    "Huân chương Hồ Chí Minh",
    *(
        f"Huân chương {o} hạng {c}"
        for o in ("Độc lập", "Quân công", "Lao động", "Bảo vệ Tổ quốc", "Chiến công")
        for c in ("Nhất", "Nhì", "Ba")
    ),
    "Huân chương Đại đoàn kết dân tộc",
    "Huân chương Dũng cảm",
    "Huân chương Hữu nghị",
    "Huy chương Quân kỳ quyết thắng",
    "Huy chương Vì an ninh Tổ quốc",
    "Huy chương Chiến sĩ vẻ vang hạng Nhất",
    "Huy chương Chiến sĩ vẻ vang hạng Nhì",
    "Huy chương Chiến sĩ vẻ vang hạng Ba",
    "Huy chương Hữu nghị",
    "Anh hùng Lao động",
    "Bà mẹ Việt Nam anh hùng",
    "Nhà giáo Nhân dân",
    "Nhà giáo Ưu tú",
    "Thầy thuốc Nhân dân",
    "Thầy thuốc Ưu tú",
    "Nghệ sĩ Nhân dân",
    "Nghệ sĩ Ưu tú",
    "Giải thưởng Hồ Chí Minh",
    "Giải thưởng Nhà nước",
    "Kỷ niệm chương",
    "Bằng khen của Thủ tướng Chính phủ",
    "Giấy khen",
    "Chiến sĩ thi đua toàn quốc",
    "Chiến sĩ thi đua cơ sở",
    "Lao động tiên tiến",
    "Cờ thi đua của Chính phủ",
    "Tập thể lao động xuất sắc",
    "Tập thể lao động tiên tiến",
    # the city-level forms a district of Ho Chi Minh City receives
    "Cờ thi đua của UBND Thành phố",
    "Bằng khen của Chủ tịch UBND Thành phố",
    "Chiến sĩ thi đua cấp Thành phố",
]
CATEGORIES = {
    "huân chương",
    "huy chương",
    "danh hiệu vinh dự",
    "giải thưởng",
    "kỷ niệm chương",
    "bằng khen",
    "cờ thi đua",
    "danh hiệu thi đua",
    "giấy khen",
}


def rank(name: str) -> int:
    return int(CAT.awards.set_index("name").loc[name, "rank"])


def test_every_domain_form_is_in_the_catalogue():
    assert sorted(set(DOMAIN_FORMS) - set(CAT.award_names)) == []


def test_award_forms_carry_name_code_category_level_and_class():
    awards = CAT.awards
    assert awards["code"].is_unique and awards["name"].is_unique and awards["rank"].is_unique
    assert all(code.isascii() and code.isalnum() for code in awards["code"])
    assert set(awards["category"]) <= CATEGORIES
    assert set(awards["level"]) <= {"Nhà nước", "Chính phủ", "bộ–tỉnh", "cơ sở"}
    assert (awards["name_en"].str.len() > 0).all()
    classed = awards[awards["class"] != ""]
    assert set(classed["class"]) == {"Nhất", "Nhì", "Ba"}
    assert all(
        name.endswith(f"hạng {cls}") for name, cls in zip(classed["name"], classed["class"], strict=True)
    )
    assert awards.set_index("name").loc["Cờ thi đua của Chính phủ", "level"] == "Chính phủ"
    assert awards.set_index("name").loc["Giấy khen", "category"] == "giấy khen"


def test_precedence_follows_the_ceremonial_order():
    # Decree 145/2013/NĐ-CP art. 25: orders, honorary titles, prizes, medals, BKTTg, CTĐCP, CSTĐTQ, then
    # ministry/province forms.
    steps = [
        "Huân chương Sao vàng",
        "Huân chương Hữu nghị",
        "Anh hùng Lao động",
        "Giải thưởng Hồ Chí Minh",
        "Huy chương Quân kỳ quyết thắng",
        "Bằng khen của Thủ tướng Chính phủ",
        "Cờ thi đua của Chính phủ",
        "Chiến sĩ thi đua toàn quốc",
        "Cờ thi đua của UBND Thành phố",
        "Giấy khen",
    ]
    assert [rank(s) for s in steps] == sorted(rank(s) for s in steps)
    orders = CAT.awards[CAT.awards["category"] == "huân chương"]["rank"]
    titles = CAT.awards[CAT.awards["category"] == "danh hiệu vinh dự"]["rank"]
    assert orders.max() < titles.min()
    for order in ("Độc lập", "Lao động", "Chiến công"):
        assert (
            rank(f"Huân chương {order} hạng Nhất")
            < rank(f"Huân chương {order} hạng Nhì")
            < rank(f"Huân chương {order} hạng Ba")
        )
    assert CAT.award_names == CAT.awards.sort_values("rank")["name"].tolist()


def test_units_have_exact_names_ascii_codes_english_names_and_cluster_order():
    units = CAT.units[CAT.units["kind"] == "quận"]
    assert units["name"].tolist() == ["Quận 1", "Quận 3", "Quận 5", "Quận 10", "Quận 11", "Quận Tân Bình"]
    assert units["code"].tolist() == ["Q1", "Q3", "Q5", "Q10", "Q11", "TB"]
    assert CAT.unit_names[:6] == units["name"].tolist(), "the districts come first, in cluster order"
    assert units["name_en"].tolist()[0] == "District 1"
    assert all(c.isascii() for c in units["code"])
    assert CAT.unit_code("Quận Tân Bình") == "TB" and CAT.unit_name("TB") == "Quận Tân Bình"
    with pytest.raises(KeyError, match="did you mean 'Quận 10'"):
        CAT.unit_name("Quan 100")


def test_clusters_name_the_system_members_and_heads_per_year():
    clusters = CAT.clusters
    y2018 = clusters[clusters["year"] == 2018]
    assert sorted(y2018["unit"]) == sorted(["Q1", "Q3", "Q5", "Q10", "Q11", "TB"])
    assert set(y2018["cluster"]) == {"Cụm thi đua 1"} and (y2018["cluster_system"] != "").all()
    heads = clusters[clusters["role"] == "cụm trưởng"].set_index("year")["unit"].to_dict()
    assert heads == {2018: "Q1", 2019: "Q3"}
    assert clusters["source"].str.contains("quanuy1hcm.org.vn").all()


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("hạng 3", "Huân chương Lao động hạng Ba"),  # as in "Huân chương Lao động hạng 3"
        ("hạng ba", "Huân chương Lao động hạng Ba"),
        ("Hạng nhì", "Huân chương Lao động hạng Nhì"),
        ("HCLĐ hạng 3", "Huân chương Lao động hạng Ba"),
        ("HCLĐ hạng Nhì", "Huân chương Lao động hạng Nhì"),
        ("HCLĐ3", "Huân chương Lao động hạng Ba"),
        ("Cờ Thi đua Chính phủ", "Cờ thi đua của Chính phủ"),
        ("cờ thi đua của Thủ tướng Chính phủ", "Cờ thi đua của Chính phủ"),
        ("CTĐCP", "Cờ thi đua của Chính phủ"),
        ("Bằng khen Thủ tướng Chính phủ", "Bằng khen của Thủ tướng Chính phủ"),
        ("Thủ tướng Chính phủ tặng bằng khen", "Bằng khen của Thủ tướng Chính phủ"),
        ("Bằng khen của Thủ tướng Chính Phủ", "Bằng khen của Thủ tướng Chính phủ"),
        ("BKTTg", "Bằng khen của Thủ tướng Chính phủ"),
        ("Bang khen Thu tuong", "Bằng khen của Thủ tướng Chính phủ"),
        ("  bằng   khen của thủ tướng chính phủ. ", "Bằng khen của Thủ tướng Chính phủ"),
        (unicodedata.normalize("NFD", "Huân chương Độc lập hạng Nhất"), "Huân chương Độc lập hạng Nhất"),
        ("Cờ thi đua của UBND TP.HCM", "Cờ thi đua của UBND Thành phố"),
        ("TTLĐXS", "Tập thể lao động xuất sắc"),
    ],
)
def test_award_aliases(spelling, canonical):
    if spelling.startswith(("hạng", "Hạng")):
        spelling = f"Huân chương Lao động {spelling}"
    assert CAT.award_lookup.resolve(spelling).canonical == canonical


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("Q.1", "Quận 1"),
        ("Q1", "Quận 1"),
        ("Quận 01", "Quận 1"),
        ("District 1", "Quận 1"),
        ("q. 10", "Quận 10"),
        ("Quan 11", "Quận 11"),
        ("Q. Tân Bình", "Quận Tân Bình"),
        ("QUẬN TÂN BÌNH", "Quận Tân Bình"),
        ("TB", "Quận Tân Bình"),
    ],
)
def test_unit_aliases(spelling, canonical):
    assert CAT.unit_lookup.resolve(spelling).canonical == canonical


def test_unaccented_spelling_resolves_only_when_unambiguous():
    assert CAT.unit_lookup.resolve("Quan Tan Binh").canonical == "Quận Tân Bình"
    extra = pd.DataFrame(
        {
            "code": ["TB2"],
            "name": ["Quận Tấn Bình"],
            "name_en": ["Tan Binh 2"],
            "kind": ["quận"],
            "display_order": ["7"],
        }
    )
    found = load_catalog(units=[extra]).unit_lookup.resolve("Quan Tan Binh")
    assert found.canonical is None and "ambiguous" in found.problem
    # The accented spellings still name one unit each.
    assert load_catalog(units=[extra]).unit_lookup.resolve("Quận Tấn Bình").canonical == "Quận Tấn Bình"


def test_wrong_diacritics_are_reported_with_a_suggestion_not_guessed():
    found = CAT.unit_lookup.resolve("Quân 5")
    assert (found.canonical, found.suggestion) == (None, "Quận 5")
    found = CAT.award_lookup.resolve("Huân chương Lao đông hạng Ba")
    assert (found.canonical, found.suggestion) == (None, "Huân chương Lao động hạng Ba")


def test_user_extends_units_awards_and_clusters_from_csv_without_editing_the_package(tmp_path: Path):
    (tmp_path / "wards.csv").write_text(
        "code,name,name_en,kind,display_order\nPPN,Phường Phú Nhuận,Phu Nhuan Ward,phường,30\n",
        encoding="utf-8",
    )
    (tmp_path / "ward_aliases.csv").write_text("alias,code\nP. Phú Nhuận,PPN\nPN,PPN\n", encoding="utf-8")
    (tmp_path / "forms.csv").write_text(
        "code,name,name_en,category,level,family,class,rank,short_name\n"
        "GKUBNDP,Giấy khen của Chủ tịch UBND phường,Ward Chair's Certificate,"
        "giấy khen,cơ sở,,,51.5,GK phường\n",
        encoding="utf-8-sig",
    )
    (tmp_path / "form_aliases.csv").write_text(
        "alias,target,note\nGKP,GKUBNDP,office abbreviation\n", encoding="utf-8"
    )
    (tmp_path / "clusters.csv").write_text(
        "cluster_system,cluster,year,unit,role,source\nUBND TP.HCM,Cụm thi đua phường 1,2025,PPN,cụm trưởng,"
        "analyst's own\n",
        encoding="utf-8",
    )
    catalog = load_catalog(
        units=[tmp_path / "wards.csv"],
        unit_aliases=[tmp_path / "ward_aliases.csv"],
        awards=[tmp_path / "forms.csv"],
        award_aliases=[tmp_path / "form_aliases.csv"],
        clusters=[tmp_path / "clusters.csv"],
    )
    records = tmp_path / "2025.csv"
    records.write_text(
        "Năm,Đơn vị,Hình thức khen thưởng,Số lượng\n2025,P. Phú Nhuận,GKP,4\n2025,Q1,Giấy khen,2\n",
        encoding="utf-8",
    )
    loaded = load_awards(records, catalog=catalog)
    assert loaded["district"].tolist() == ["Phường Phú Nhuận", "Quận 1"]
    assert loaded["award"].tolist() == ["Giấy khen của Chủ tịch UBND phường", "Giấy khen"]
    assert loaded["district"].cat.categories[-1] == "Phường Phú Nhuận"
    order = list(loaded["award"].cat.categories)
    assert (
        order.index("Giấy khen")
        < order.index("Giấy khen của Chủ tịch UBND phường")
        < order.index("Chiến sĩ thi đua cơ sở")
    )
    assert 2025 in set(catalog.clusters["year"])
    # The bundled catalogue is untouched: the ward is unknown without the extension.
    with pytest.raises(AwardDataError, match=r"value 'P\. Phú Nhuận' is not a known unit"):
        load_awards(records)


def test_a_user_alias_that_contradicts_the_catalogue_is_refused(tmp_path: Path):
    clash = pd.DataFrame({"alias": ["Q.1"], "code": ["Q3"]})
    with pytest.raises(ValueError, match=r"'Q\.1' names both 'Quận 1' and 'Quận 3'"):
        load_catalog(unit_aliases=[clash])
    with pytest.raises(ValueError, match="lacks column"):
        load_catalog(units=[pd.DataFrame({"code": ["X"]})])


def test_catalogue_files_are_clean_nfc_utf8():
    folder = resources.files("emulation_analysis").joinpath("catalogs")
    for entry in folder.iterdir():
        if not entry.name.endswith(".csv"):
            continue
        text = entry.read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text), entry.name
        table = pd.read_csv(entry, dtype=str, keep_default_na=False)
        for column in table.columns:
            assert (table[column] == table[column].str.strip()).all(), (entry.name, column)
