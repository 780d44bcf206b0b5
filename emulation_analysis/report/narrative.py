"""The written reading of the numbers: short sentences generated from the data.

Nothing here is typed by hand for a given year: each sentence is computed from
the analysis functions (totals, shares, the medal-table ranking, the cluster
table, the year comparison). The sentence templates are the ``narrative.``
messages of ``catalogs/messages.csv``; where English needs a singular and a
plural, a template comes in a ``.one`` and a ``.many`` form (the same
Vietnamese sentence in both).

>>> from emulation_analysis import load_awards
>>> distribution_reading(load_awards(), 2018)[0]
'Năm 2018, 6 đơn vị nhận tổng cộng 29 lượt khen thưởng thuộc 4 hình thức.'
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from ..analysis.clusters import cluster_heads
from ..analysis.compare import compare_years
from ..analysis.matrix import award_matrix
from ..analysis.ranking import medal_table
from ..catalog import Catalog, default_catalog
from ..charts.labels import award_label, unit_label
from ..i18n import format_number, format_percent, t
from ..schema import TOTAL

__all__ = ["comparison_reading", "distribution_reading", "join_names"]


def join_names(names: list[str], lang: str = "vi") -> str:
    """``["A", "B", "C"]`` → ``"A, B và C"`` (vi) or ``"A, B and C"`` (en).

    Examples
    --------
    >>> join_names(["A", "B", "C"]), join_names(["A", "B"], "en"), join_names(["A"])
    ('A, B và C', 'A and B', 'A')
    """
    if len(names) <= 1:
        return "".join(names)
    return t("narrative.and", lang, names=", ".join(names[:-1]), last=names[-1])


def _one_or_many(count: int, one: str, many: str) -> str:
    """The message key ``one`` when ``count`` is 1, else ``many`` (keys written out, so they can be found)."""
    return one if count == 1 else many


def _namers(lang: str, catalog: Catalog) -> tuple[Callable[[object], str], Callable[[object], str]]:
    """Functions naming a unit and an award form in ``lang`` (full names, as sentences want them)."""

    def unit(name: object) -> str:
        return unit_label(str(name), lang, catalog=catalog)

    def award(name: object) -> str:
        return award_label(str(name), lang, short=False, catalog=catalog)

    return unit, award


def _times(n: int, lang: str) -> str:
    """``"29 lượt"`` (vi) or ``"29 awards"`` (en)."""
    return t(_one_or_many(n, "narrative.times.one", "narrative.times.many"), lang, n=format_number(n, lang))


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
    catalog = catalog or default_catalog()
    unit, award = _namers(lang, catalog)
    matrix = award_matrix(records, year=year, catalog=catalog)
    totals = matrix.sum(axis=1)
    total = int(totals.sum())
    forms = [f for f in matrix.columns if matrix[f].sum() > 0]
    units = [u for u in matrix.index if totals[u] > 0]
    points = [
        t(
            _one_or_many(len(forms), "narrative.total.one", "narrative.total.many"),
            lang,
            year=year,
            units=len(units),
            awards=_times(total, lang),
            forms=len(forms),
        )
    ]
    if total == 0:
        return points
    most = int(totals.max())
    leaders = [unit(u) for u in totals.index if totals[u] == most]
    points.append(
        t(
            _one_or_many(len(leaders), "narrative.leader.one", "narrative.leader.many"),
            lang,
            names=join_names(leaders, lang),
            awards=_times(most, lang),
            share=format_percent(most / total, lang),
        )
    )

    ranking = medal_table(records, year=year, catalog=catalog)
    first = [unit(u) for u in ranking.index[ranking["rank"] == 1]]
    points.append(
        t(
            _one_or_many(len(first), "narrative.first.one", "narrative.first.many"),
            lang,
            names=join_names(first, lang),
        )
    )

    top = forms[0]
    holders = [unit(u) for u in matrix.index if matrix.loc[u, top] > 0]
    points.append(
        t(
            "narrative.highest_form",
            lang,
            form=award(top),
            awards=_times(int(matrix[top].sum()), lang),
            units=join_names(holders, lang),
        )
    )

    by_form = matrix[forms].sum()
    common = str(by_form.idxmax())
    points.append(
        t(
            "narrative.most_frequent_form",
            lang,
            form=award(common),
            awards=_times(int(by_form[common]), lang),
            share=format_percent(by_form[common] / total, lang),
            reach=int((matrix[common] > 0).sum()),
            units=len(matrix.index),
        )
    )

    fewest = int(totals.min())
    if fewest < most:
        lows = [unit(u) for u in totals.index if totals[u] == fewest]
        points.append(
            t(
                _one_or_many(len(lows), "narrative.fewest.one", "narrative.fewest.many"),
                lang,
                names=join_names(lows, lang),
                awards=_times(fewest, lang),
            )
        )

    heads = cluster_heads(catalog=catalog)
    for shown_year in (year, year + 1):
        rows = heads[heads["year"] == shown_year]
        if len(rows) == 1:
            points.append(
                t(
                    "narrative.cluster_head",
                    lang,
                    cluster=str(rows["cluster"].iloc[0]),
                    year=shown_year,
                    name=unit(rows["name"].iloc[0]),
                )
            )
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
    catalog = catalog or default_catalog()
    unit, award = _namers(lang, catalog)
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
        # a semicolon, not a comma: Vietnamese writes the decimal comma inside the percentage
        return "; " + ("+" if value > 0 else "") + format_percent(value, lang)

    def cluster_total(value: int) -> str:
        return t(
            _one_or_many(value, "narrative.cluster_total.one", "narrative.cluster_total.many"),
            lang,
            n=format_number(value, lang),
        )

    points = [
        t(
            "narrative.cluster_change",
            lang,
            base=base,
            target=target,
            base_awards=cluster_total(int(cluster["base"])),
            target_awards=cluster_total(int(cluster["target"])),
            change=signed(int(cluster["change"])) + pct(cluster),
        )
    ]
    rise = int(per_unit["change"].max())
    if rise > 0:
        names = [unit(u) for u in per_unit.index[per_unit["change"] == rise]]
        points.append(t("narrative.largest_rise", lang, names=join_names(names, lang), change=signed(rise)))
    fall = int(per_unit["change"].min())
    if fall < 0:
        names = [unit(u) for u in per_unit.index[per_unit["change"] == fall]]
        points.append(t("narrative.largest_fall", lang, names=join_names(names, lang), change=signed(fall)))
    steady = [unit(u) for u in per_unit.index[per_unit["change"] == 0]]
    if steady:
        points.append(t("narrative.unchanged", lang, names=join_names(steady, lang)))
    new = [award(f) for f in per_form.index[per_form["is_new"]]]
    if new:
        points.append(t("narrative.only_in", lang, year=target, other=base, names=join_names(new, lang)))
    gone = [award(f) for f in per_form.index[(per_form["base"] > 0) & (per_form["target"] == 0)]]
    if gone:
        points.append(t("narrative.only_in", lang, year=base, other=target, names=join_names(gone, lang)))
    return points
