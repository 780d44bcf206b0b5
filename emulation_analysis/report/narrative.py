"""The written reading of the numbers: short sentences generated from the data.

Nothing here is typed by hand for a given year: each sentence is computed from
the analysis functions (totals, shares, the medal-table ranking, the cluster
table, the year comparison), in Vietnamese or English.

>>> from emulation_analysis import load_awards
>>> distribution_reading(load_awards(), 2018)[0]
'Năm 2018, 6 đơn vị nhận tổng cộng 29 lượt khen thưởng thuộc 4 hình thức.'
"""

from __future__ import annotations

import pandas as pd

from ..catalog import Catalog, default_catalog
from ..schema import TOTAL
from .notebook import format_number, format_percent

__all__ = ["comparison_reading", "distribution_reading", "join_names"]


def join_names(names: list[str], lang: str = "vi") -> str:
    """``["A", "B", "C"]`` → ``"A, B và C"`` (vi) or ``"A, B and C"`` (en)."""
    if len(names) <= 1:
        return "".join(names)
    word = " and " if lang == "en" else " và "
    return ", ".join(names[:-1]) + word + names[-1]


class _Names:
    def __init__(self, catalog: Catalog, lang: str):
        self.lang = lang
        self.units = dict(zip(catalog.units["name"], catalog.units["name_en"], strict=True))
        self.awards = dict(zip(catalog.awards["name"], catalog.awards["name_en"], strict=True))

    def unit(self, name: str) -> str:
        return self.units.get(name, name) if self.lang == "en" else name

    def award(self, name: str) -> str:
        return self.awards.get(name, name) if self.lang == "en" else name


def _times(n: int, lang: str) -> str:
    if lang == "en":
        return f"{format_number(n, lang)} award" + ("" if n == 1 else "s")
    return f"{format_number(n, lang)} lượt"


def distribution_reading(
    records: pd.DataFrame, year: int, *, lang: str = "vi", catalog: Catalog | None = None
) -> list[str]:
    """Sentences describing one year's distribution of awards across the units.

    Parameters
    ----------
    records : DataFrame
        Records as returned by :func:`emulation_analysis.load_awards`.
    year : int
    lang : {"vi", "en"}

    Returns
    -------
    list of str
        Markdown sentences: the total, the unit with most awards and its share,
        the medal-table leader, the highest form, the most frequent form, the
        unit(s) with fewest awards, and the cluster head when the cluster
        table knows it.
    """
    from ..analysis.clusters import cluster_heads
    from ..analysis.matrix import award_matrix
    from ..analysis.ranking import medal_table

    catalog = catalog or default_catalog()
    n = _Names(catalog, lang)
    en = lang == "en"
    matrix = award_matrix(records, year=year, catalog=catalog)
    totals = matrix.sum(axis=1)
    total = int(totals.sum())
    forms = [f for f in matrix.columns if matrix[f].sum() > 0]
    units = [u for u in matrix.index if totals[u] > 0]
    points: list[str] = []
    if en:
        points.append(
            f"In {year}, {len(units)} units received {_times(total, lang)} in total, "
            f"of {len(forms)} award form{'s' if len(forms) != 1 else ''}."
        )
    else:
        points.append(
            f"Năm {year}, {len(units)} đơn vị nhận tổng cộng {_times(total, lang)} khen thưởng "
            f"thuộc {len(forms)} hình thức."
        )
    if total == 0:
        return points
    most = int(totals.max())
    leaders = [n.unit(u) for u in totals.index if totals[u] == most]
    share = format_percent(most / total, lang)
    if en:
        verb, each = ("leads", "") if len(leaders) == 1 else ("lead", " each")
        points.append(
            f"{join_names(leaders, lang)} {verb} with {_times(most, lang)}{each} ({share} of the cluster)."
        )
    else:
        each = " mỗi đơn vị" if len(leaders) > 1 else ""
        points.append(
            f"{join_names(leaders, lang)} có nhiều lượt khen thưởng nhất: {_times(most, lang)}{each} "
            f"({share} của cả cụm)."
        )

    ranking = medal_table(records, year=year, catalog=catalog)
    first = [n.unit(str(u)) for u in ranking.index[ranking["rank"] == 1]]
    if en:
        tie = " (tied)" if len(first) > 1 else ""
        points.append(
            f"By the order of precedence of the forms (more of the highest form first), "
            f"{join_names(first, lang)} rank{'s' if len(first) == 1 else ''} first{tie}."
        )
    else:
        tie = " (đồng hạng)" if len(first) > 1 else ""
        points.append(
            f"Xếp theo thứ bậc hình thức (nhiều hình thức cao hơn được xếp trên), "
            f"{join_names(first, lang)} đứng thứ nhất{tie}."
        )

    top = forms[0]
    holders = [n.unit(u) for u in matrix.index if matrix.loc[u, top] > 0]
    count = int(matrix[top].sum())
    if en:
        points.append(
            f"The highest form awarded is the {n.award(top)}: {_times(count, lang)}, "
            f"to {join_names(holders, lang)}."
        )
    else:
        points.append(
            f"Hình thức cao nhất là {n.award(top)}: {_times(count, lang)}, tại {join_names(holders, lang)}."
        )

    by_form = matrix[forms].sum()
    common = str(by_form.idxmax())
    reach = int((matrix[common] > 0).sum())
    share = format_percent(by_form[common] / total, lang)
    if en:
        points.append(
            f"The most frequent form is the {n.award(common)}: {_times(int(by_form[common]), lang)} "
            f"({share}), received by {reach} of the {len(matrix.index)} units."
        )
    else:
        points.append(
            f"Hình thức được trao nhiều nhất là {n.award(common)}: {_times(int(by_form[common]), lang)} "
            f"({share}), có ở {reach}/{len(matrix.index)} đơn vị."
        )

    fewest = int(totals.min())
    if fewest < most:
        lows = [n.unit(u) for u in totals.index if totals[u] == fewest]
        if en:
            each = " each" if len(lows) > 1 else ""
            points.append(f"Fewest awards: {join_names(lows, lang)} ({_times(fewest, lang)}{each}).")
        else:
            each = " mỗi đơn vị" if len(lows) > 1 else ""
            points.append(
                f"Ít lượt khen thưởng nhất: {join_names(lows, lang)} ({_times(fewest, lang)}{each})."
            )

    heads = cluster_heads(catalog=catalog)
    for shown_year in (year, year + 1):
        rows = heads[heads["year"] == shown_year]
        if len(rows) == 1:
            name = n.unit(str(rows["name"].iloc[0]))
            cluster = str(rows["cluster"].iloc[0])
            if en:
                points.append(f"Head of {cluster} in {shown_year}: {name}.")
            else:
                points.append(f"Cụm trưởng {cluster} năm {shown_year}: {name}.")
    return points


def comparison_reading(
    records: pd.DataFrame, base: int, target: int, *, lang: str = "vi", catalog: Catalog | None = None
) -> list[str]:
    """Sentences describing the change between two years.

    Returns
    -------
    list of str
        Markdown sentences: the cluster total in both years and its change,
        the largest rise and fall per unit, forms new in the target year and
        forms no longer awarded.
    """
    from ..analysis.compare import compare_years

    catalog = catalog or default_catalog()
    n = _Names(catalog, lang)
    en = lang == "en"
    changes = compare_years(records, base, target, catalog=catalog)
    cluster = changes[(changes["district"] == TOTAL) & (changes["award"] == TOTAL)].iloc[0]
    per_unit = changes[(changes["award"] == TOTAL) & (changes["district"] != TOTAL)].set_index("district")
    per_form = changes[(changes["district"] == TOTAL) & (changes["award"] != TOTAL)].set_index("award")

    def signed(value: int) -> str:
        return ("+" if value > 0 else "") + format_number(value, lang)

    def pct(row) -> str:
        if pd.isna(row["pct_change"]):
            return ""
        value = row["pct_change"] / 100
        return ", " + ("+" if value > 0 else "") + format_percent(value, lang)

    points: list[str] = []
    if en:
        points.append(
            f"Awards in the cluster: {_times(int(cluster['base']), lang)} in {base}, "
            f"{_times(int(cluster['target']), lang)} in {target} "
            f"({signed(int(cluster['change']))}{pct(cluster)})."
        )
    else:
        points.append(
            f"Tổng số lượt khen thưởng của cụm: {format_number(int(cluster['base']), lang)} năm {base}, "
            f"{format_number(int(cluster['target']), lang)} năm {target} "
            f"({signed(int(cluster['change']))}{pct(cluster)})."
        )
    rise = int(per_unit["change"].max())
    if rise > 0:
        names = [n.unit(str(u)) for u in per_unit.index[per_unit["change"] == rise]]
        points.append(
            f"Largest rise: {join_names(names, lang)} ({signed(rise)})."
            if en
            else f"Tăng nhiều nhất: {join_names(names, lang)} ({signed(rise)} lượt)."
        )
    fall = int(per_unit["change"].min())
    if fall < 0:
        names = [n.unit(str(u)) for u in per_unit.index[per_unit["change"] == fall]]
        points.append(
            f"Largest fall: {join_names(names, lang)} ({signed(fall)})."
            if en
            else f"Giảm nhiều nhất: {join_names(names, lang)} ({signed(fall)} lượt)."
        )
    steady = [n.unit(str(u)) for u in per_unit.index[per_unit["change"] == 0]]
    if steady:
        points.append(
            f"Unchanged: {join_names(steady, lang)}." if en else f"Không đổi: {join_names(steady, lang)}."
        )
    new = [n.award(str(f)) for f in per_form.index[per_form["is_new"]]]
    if new:
        points.append(
            f"Awarded in {target} but not in {base}: {join_names(new, lang)}."
            if en
            else f"Có trong năm {target} nhưng không có trong năm {base}: {join_names(new, lang)}."
        )
    gone = [n.award(str(f)) for f in per_form.index[(per_form["base"] > 0) & (per_form["target"] == 0)]]
    if gone:
        points.append(
            f"Awarded in {base} but not in {target}: {join_names(gone, lang)}."
            if en
            else f"Có trong năm {base} nhưng không có trong năm {target}: {join_names(gone, lang)}."
        )
    return points
