"""Analysis functions against tables computed by hand.

2018: the numbers of the seed report (Cụm thi đua 1 review, 31/01/2019), written
out here by hand, not read from the data file. Multi-year: the synthetic fixture
tests/fixtures/synthetic_multiyear.csv (see its README), also computed by hand.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from emulation_analysis import (
    TOTAL,
    award_matrix,
    award_shares,
    cluster_heads,
    compare_years,
    medal_table,
    per_capita,
    yearly_totals,
)

HCLD2 = "Huân chương Lao động hạng Nhì"
HCLD3 = "Huân chương Lao động hạng Ba"
BKTTG = "Bằng khen của Thủ tướng Chính phủ"
CTDCP = "Cờ thi đua của Chính phủ"
DISTRICTS = ["Quận 1", "Quận 3", "Quận 5", "Quận 10", "Quận 11", "Quận Tân Bình"]

# The seed report, by hand: district -> (HCLĐ Nhì, HCLĐ Ba, BKTTg, CTĐCP),
# columns in precedence order (Decree 145/2013: Bằng khen Thủ tướng before Cờ thi đua Chính phủ).
REPORT_2018 = {
    "Quận 1": (1, 4, 7, 1),
    "Quận 3": (1, 2, 1, 0),
    "Quận 5": (0, 3, 3, 0),
    "Quận 10": (0, 1, 2, 0),
    "Quận 11": (0, 0, 1, 0),
    "Quận Tân Bình": (0, 0, 2, 0),
}


def test_fixture_is_entirely_illustrative(synthetic):
    assert synthetic["illustrative"].all()
    assert synthetic["source"].str.contains("không phải số liệu thật").all()


# --- award_matrix -------------------------------------------------------------


def test_matrix_2018_matches_report(real):
    m = award_matrix(real)
    assert list(m.index) == DISTRICTS
    assert list(m.columns) == [HCLD2, HCLD3, BKTTG, CTDCP]
    assert {d: tuple(int(v) for v in m.loc[d]) for d in DISTRICTS} == REPORT_2018
    assert all(dtype == "int64" for dtype in m.dtypes)


def test_matrix_totals(real):
    m = award_matrix(real, totals=True)
    assert m.loc[TOTAL].tolist() == [2, 10, 16, 1, 29]
    assert m[TOTAL].tolist() == [13, 4, 6, 3, 1, 2, 29]


def test_matrix_all_forms_zero_filled(real):
    m = award_matrix(real, forms="all")
    assert m.shape == (6, 54)
    assert int(m.to_numpy().sum()) == 29
    assert m.columns[0] == "Huân chương Sao vàng"


def test_matrix_named_forms_any_spelling(real):
    m = award_matrix(real, forms=["BKTTg", "HCLĐ hạng 3"])
    assert list(m.columns) == [HCLD3, BKTTG]  # precedence order, whatever order asked
    assert m[BKTTG].tolist() == [7, 1, 3, 2, 1, 2]


def test_matrix_by_year_and_split_kind(synthetic):
    by_year = award_matrix(synthetic, by="year")
    assert list(by_year.index) == [2018, 2019, 2020, 2021]
    assert by_year.loc[2019].tolist() == [3, 10, 1]  # HCLĐ Ba, BKTTg, CTĐCP
    split = award_matrix(synthetic, year=2019, split_kind=True)
    assert split.loc["Quận 1", ("cá nhân", BKTTG)] == 3
    assert split.loc["Quận 1", ("tập thể", BKTTG)] == 1
    assert split.loc["Quận 1", ("tập thể", CTDCP)] == 1
    assert split.loc["Quận 3", ("không rõ", HCLD3)] == 2
    assert list(split.columns.get_level_values(0).unique()) == ["tập thể", "cá nhân", "không rõ"]


def test_matrix_year_errors(real, synthetic):
    with pytest.raises(ValueError, match=r"year 2019 is not in the data; years available: 2018"):
        award_matrix(real, year=2019)
    with pytest.raises(ValueError, match=r"several years \(2018, 2019, 2020, 2021\)"):
        award_matrix(synthetic)


def test_year_may_be_a_numpy_integer(synthetic):
    # What an analyst types: the latest year of the data, a numpy integer.
    latest = synthetic["year"].max()
    assert award_matrix(synthetic, year=latest).equals(award_matrix(synthetic, year=2021))
    assert (
        medal_table(synthetic, year=latest).index.tolist() == medal_table(synthetic, year=2021).index.tolist()
    )


def test_matrix_sums_listed_years(synthetic):
    m = award_matrix(synthetic, year=[2018, 2019])
    assert m.loc["Quận 1"].tolist() == [3, 7, 1]
    assert m.loc["Quận 10"].tolist() == [0, 2, 0]


def test_matrix_accepts_plain_strings():
    raw = pd.DataFrame(
        {"year": [2018, 2018], "district": ["Q3", "Q1"], "award": ["BKTTg", "HCLĐ3"], "count": [1, 2]}
    )
    m = award_matrix(raw)
    assert list(m.index) == ["Quận 1", "Quận 3"]
    assert list(m.columns) == [HCLD3, BKTTG]


# --- shares -------------------------------------------------------------------


def test_shares_2018(real):
    s = award_shares(real)
    assert s.loc["Quận 1", TOTAL] == pytest.approx(13 / 29)
    assert s.loc["Quận Tân Bình", TOTAL] == pytest.approx(2 / 29)
    assert s[BKTTG].tolist() == pytest.approx([7 / 16, 1 / 16, 3 / 16, 2 / 16, 1 / 16, 2 / 16])
    assert s[HCLD2].tolist() == pytest.approx([0.5, 0.5, 0, 0, 0, 0])
    assert s[CTDCP].tolist() == pytest.approx([1, 0, 0, 0, 0, 0])
    assert s.sum().tolist() == pytest.approx([1.0] * 5)


def test_shares_of_a_form_nobody_received_are_nan(real):
    s = award_shares(real, forms=["HCSV", "BKTTg"])
    assert s["Huân chương Sao vàng"].isna().all()
    assert s.loc["Quận 1", TOTAL] == pytest.approx(13 / 29)  # total still counts every form


# --- ranking ------------------------------------------------------------------


def test_medal_table_2018(real):
    t = medal_table(real)
    # Quận 5 (0 Nhì, 3 Ba) is below Quận 3 (1 Nhì) despite more awards in all;
    # Tân Bình (2 BKTTg) is above Quận 11 (1 BKTTg).
    assert list(t.index) == ["Quận 1", "Quận 3", "Quận 5", "Quận 10", "Quận Tân Bình", "Quận 11"]
    assert t["rank"].tolist() == [1, 2, 3, 4, 5, 6]
    assert not t["tied"].any()
    assert t["total"].tolist() == [13, 4, 6, 3, 2, 1]
    assert "score" not in t


def test_medal_table_shares_ties(synthetic):
    t = medal_table(synthetic, year=2021)
    # 2021 by hand: Quận 1 (1 HCLĐ Ba, 3 BKTTg), Quận 10 (1, 1), Quận 3 (0, 2), Quận 5 (0, 2).
    assert list(t.index) == ["Quận 1", "Quận 10", "Quận 3", "Quận 5"]
    assert t["rank"].tolist() == [1, 2, 3, 3]
    assert t["tied"].tolist() == [False, False, True, True]


def test_medal_table_weights_only_from_caller(real):
    t = medal_table(real, weights={"HCLĐ hạng Nhì": 5, "HCLĐ3": 3, "BKTTg": 1, "CTĐCP": 2})
    # By hand: Q1 5+12+7+2=26, Q3 5+6+1=12, Q5 9+3=12, Q10 3+2=5, TB 2, Q11 1.
    assert t["score"].tolist() == [26, 12, 12, 5, 2, 1]
    assert t["rank"].tolist() == [1, 2, 2, 4, 5, 6]
    assert list(t.index[1:3]) == ["Quận 3", "Quận 5"]  # ties keep cluster order
    with pytest.raises(ValueError, match="weights lack a value"):
        medal_table(real, weights={"BKTTg": 1})


# --- compare_years ------------------------------------------------------------


def _row(table, district, award):
    found = table[(table["district"] == district) & (table["award"] == award)]
    assert len(found) == 1
    return found.iloc[0]


@pytest.mark.parametrize(
    ("district", "award", "base", "target", "change", "pct", "new"),
    [
        ("Quận 1", HCLD3, 2, 1, -1, -50.0, False),
        ("Quận 1", BKTTG, 3, 4, 1, 100 / 3, False),
        ("Quận 1", CTDCP, 0, 1, 1, None, True),
        ("Quận 1", TOTAL, 5, 6, 1, 20.0, False),
        ("Quận 3", HCLD3, 0, 2, 2, None, True),  # zero in the base year
        ("Quận 3", BKTTG, 1, 1, 0, 0.0, False),
        ("Quận 3", CTDCP, 0, 0, 0, None, False),
        ("Quận 3", TOTAL, 1, 3, 2, 200.0, False),
        ("Quận 5", HCLD3, 1, 0, -1, -100.0, False),
        ("Quận 5", TOTAL, 3, 3, 0, 0.0, False),
        ("Quận 10", BKTTG, 0, 2, 2, None, True),  # explicit 0 row in 2018
        ("Quận 10", TOTAL, 0, 2, 2, None, True),
        (TOTAL, HCLD3, 3, 3, 0, 0.0, False),
        (TOTAL, BKTTG, 6, 10, 4, 200 / 3, False),
        (TOTAL, CTDCP, 0, 1, 1, None, True),
        (TOTAL, TOTAL, 9, 14, 5, 500 / 9, False),
    ],
)
def test_compare_years_by_hand(synthetic, district, award, base, target, change, pct, new):
    row = _row(compare_years(synthetic, 2018, 2019), district, award)
    assert (row["base"], row["target"], row["change"]) == (base, target, change)
    if pct is None:
        assert math.isnan(row["pct_change"])
    else:
        assert row["pct_change"] == pytest.approx(pct)
    assert bool(row["is_new"]) is new


def test_compare_years_shape_and_no_infinity(synthetic):
    table = compare_years(synthetic, 2018, 2019)
    # 4 districts × (3 forms + total) + cluster (3 forms + total)
    assert len(table) == 20
    assert list(table.columns) == ["district", "award", "base", "target", "change", "pct_change", "is_new"]
    assert not pd.Series(table["pct_change"]).isin([math.inf, -math.inf]).any()
    assert table.attrs == {"base_year": 2018, "target_year": 2019}
    assert list(table["district"].cat.categories) == ["Quận 1", "Quận 3", "Quận 5", "Quận 10", TOTAL]


def test_compare_years_missing_year_names_available(synthetic, real):
    with pytest.raises(
        ValueError, match=r"year 2017 is not in the data; years available: 2018, 2019, 2020, 2021"
    ):
        compare_years(synthetic, 2017, 2019)
    with pytest.raises(ValueError, match=r"year 2019 is not in the data; years available: 2018$"):
        compare_years(real, 2018, 2019)


def test_compare_district_absent_in_target_counts_zero(synthetic):
    table = compare_years(synthetic, 2019, 2020)
    row = _row(table, "Quận 10", TOTAL)
    assert (row["base"], row["target"], row["change"], row["pct_change"]) == (2, 0, -2, -100.0)


# --- trends, clusters, per capita --------------------------------------------


def test_yearly_totals(synthetic, real):
    t = yearly_totals(synthetic)
    assert list(t.index) == [2018, 2019, 2020, 2021]
    assert list(t.columns) == ["Quận 1", "Quận 3", "Quận 5", "Quận 10"]
    expected = [[5, 1, 3, 0], [6, 3, 3, 2], [2, 4, 3, math.nan], [4, 2, 2, 2]]
    pd.testing.assert_frame_equal(
        t, pd.DataFrame(expected, index=t.index, columns=t.columns, dtype="float64")
    )
    assert yearly_totals(real).loc[2018].tolist() == [13, 4, 6, 3, 1, 2]


def test_yearly_totals_of_one_form(synthetic):
    t = yearly_totals(synthetic, forms=["HCLĐ3"])
    assert t["Quận 3"].tolist() == [0, 2, 1, 0]
    assert math.isnan(t.loc[2020, "Quận 10"])


def test_cluster_heads():
    heads = cluster_heads()
    assert heads[["year", "unit", "name"]].values.tolist() == [[2018, "Q1", "Quận 1"], [2019, "Q3", "Quận 3"]]
    assert cluster_heads(cluster_system="MTTQ").empty


def test_per_capita_uses_caller_figures_only(real):
    # Round numbers invented for the test; the package ships no population.
    pop = {
        "Quận 1": 130_000,
        "Q3": 200_000,
        "District 5": 300_000,
        "Q10": 100_000,
        "Q11": 100_000,
        "TB": 400_000,
    }
    t = per_capita(real, pop)
    assert t["awards"].tolist() == [13, 4, 6, 3, 1, 2]
    assert t["rate"].tolist() == pytest.approx([10.0, 2.0, 2.0, 3.0, 1.0, 0.5])
    assert per_capita(real, pop, per=1000)["rate"].iloc[0] == pytest.approx(0.1)
    with pytest.raises(ValueError, match="no population given for: Quận Tân Bình"):
        per_capita(real, {k: v for k, v in pop.items() if k != "TB"})
    with pytest.raises(ValueError, match="not known units: Quận 99"):
        per_capita(real, {**pop, "Quận 99": 1})
