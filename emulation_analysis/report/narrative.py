"""The written reading of the numbers: short sentences generated from the data.

Nothing here is typed by hand for a given year: each sentence is computed from
the analysis functions (totals, shares, the medal-table ranking, the cluster
table, the year comparison). The sentence templates are the ``narrative.``
messages of ``catalogs/messages.csv``; where English needs a singular and a
plural, a template comes in a ``.one`` and a ``.many`` form (the same
Vietnamese sentence in both).

Shares and totals name what they are of: the cluster when the records name
one, the selected units when the reader chose some (``selected=True``),
else all units. A percent change is given only when the base year has at
least :data:`~emulation_analysis.analysis.compare.PERCENT_MIN_BASE` awards.

>>> from emulation_analysis import load_awards
>>> distribution_reading(load_awards(), 2018)[0]
'Năm 2018, 6 đơn vị nhận tổng cộng 29 lượt khen thưởng thuộc 4 hình thức.'
>>> distribution_headline(load_awards(), 2018, lang="en")
'29 awards to 6 units in 2018; District 1 received the most: 13 awards (44.8% of the cluster).'
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from ..analysis.clusters import heads_of_records
from ..analysis.compare import PERCENT_MIN_BASE, compare_years, percent_shown
from ..analysis.matrix import award_matrix
from ..analysis.ranking import medal_table
from ..catalog import Catalog, default_catalog
from ..charts.labels import award_label, unit_label
from ..i18n import format_number, format_percent, t
from ..schema import TOTAL

__all__ = [
    "awards_phrase",
    "comparison_headline",
    "comparison_reading",
    "distribution_headline",
    "distribution_reading",
    "join_names",
    "scope_of",
    "units_phrase",
]


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


def awards_phrase(n: int, lang: str) -> str:
    """``"29 lượt"`` (vi) or ``"29 awards"`` (en)."""
    return t(_one_or_many(n, "narrative.times.one", "narrative.times.many"), lang, n=format_number(n, lang))


def units_phrase(n: int, lang: str) -> str:
    """``"6 đơn vị"`` (vi) or ``"6 units"`` (en)."""
    return t(_one_or_many(n, "narrative.units.one", "narrative.units.many"), lang, n=format_number(n, lang))


def scope_of(records: pd.DataFrame, *, selected: bool = False) -> str:
    """What a total or share of ``records`` is of: ``"selected"``, ``"cluster"`` or ``"all"``.

    ``"cluster"`` only when every record names the same cluster; a reader's
    choice of units (``selected``) comes first.

    Examples
    --------
    >>> from emulation_analysis import load_awards
    >>> scope_of(load_awards()), scope_of(load_awards(), selected=True)
    ('cluster', 'selected')
    >>> scope_of(load_awards().assign(cluster=""))
    'all'
    """
    if selected:
        return "selected"
    clusters = {str(c).strip() for c in records["cluster"].fillna("")}
    return "cluster" if len(clusters) == 1 and "" not in clusters else "all"


#: scope -> message keys of the words after a share ("44,8 % của cả cụm") and after a total
SCOPE_KEYS = {
    "cluster": ("narrative.scope.cluster", "narrative.scope_in.cluster"),
    "selected": ("narrative.scope.selected", "narrative.scope_in.selected"),
    "all": ("narrative.scope.all", "narrative.scope_in.all"),
}


def _share_of(scope: str, lang: str) -> str:
    return t(SCOPE_KEYS[scope][0], lang)


def _total_of(scope: str, lang: str) -> str:
    return t(SCOPE_KEYS[scope][1], lang)


def distribution_headline(
    records: pd.DataFrame,
    year: int,
    *,
    lang: str = "vi",
    selected: bool = False,
    catalog: Catalog | None = None,
) -> str:
    """One sentence, the key number first: the year's total and the unit with most awards."""
    catalog = catalog or default_catalog()
    unit, _ = _namers(lang, catalog)
    totals = award_matrix(records, year=year, catalog=catalog).sum(axis=1)
    totals = totals[totals > 0]
    total = int(totals.sum())
    if total == 0:
        return t("narrative.headline.none", lang, year=year)
    if len(totals) == 1:
        return t(
            "narrative.headline.single",
            lang,
            total=awards_phrase(total, lang),
            names=unit(totals.index[0]),
            year=year,
        )
    most = int(totals.max())
    leaders = [unit(u) for u in totals.index if totals[u] == most]
    return t(
        _one_or_many(len(leaders), "narrative.headline.year.one", "narrative.headline.year.many"),
        lang,
        total=awards_phrase(total, lang),
        units=units_phrase(len(totals), lang),
        year=year,
        names=join_names(leaders, lang),
        awards=awards_phrase(most, lang),
        share=format_percent(most / total, lang),
        scope=_share_of(scope_of(records, selected=selected), lang),
    )


def distribution_reading(
    records: pd.DataFrame,
    year: int,
    *,
    lang: str = "vi",
    selected: bool = False,
    catalog: Catalog | None = None,
) -> list[str]:
    """Sentences describing one year's distribution of awards across the units.

    Parameters
    ----------
    records : DataFrame
        Records as returned by :func:`emulation_analysis.load_awards`.
    year : int
    lang : {"vi", "en"}
    selected : bool
        Whether ``records`` hold only the units a reader chose: shares are
        then said to be "of the selected units", not of the cluster.

    Returns
    -------
    list of str
        Markdown sentences: the total, the unit with most awards and its share,
        the medal-table leader, the highest form, the most frequent form, the
        unit(s) with fewest awards, and the head of the cluster the records
        name when the cluster table knows it for ``year``.
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
            units=units_phrase(len(units), lang),
            awards=awards_phrase(total, lang),
            forms=format_number(len(forms), lang),
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
            awards=awards_phrase(most, lang),
            share=format_percent(most / total, lang),
            scope=_share_of(scope_of(records, selected=selected), lang),
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
            awards=awards_phrase(int(matrix[top].sum()), lang),
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
            awards=awards_phrase(int(by_form[common]), lang),
            share=format_percent(by_form[common] / total, lang),
            reach=format_number(int((matrix[common] > 0).sum()), lang),
            units=format_number(len(matrix.index), lang),
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
                awards=awards_phrase(fewest, lang),
            )
        )

    heads = heads_of_records(records[records["year"] == year], catalog=catalog)
    if len(heads) == 1:
        points.append(
            t(
                "narrative.cluster_head",
                lang,
                cluster=str(heads["cluster"].iloc[0]),
                year=year,
                name=unit(heads["name"].iloc[0]),
            )
        )
    return points


def comparison_headline(
    records: pd.DataFrame,
    base: int,
    target: int,
    *,
    lang: str = "vi",
    selected: bool = False,
    catalog: Catalog | None = None,
) -> str:
    """One sentence, the key number first: the target year's total and its change since the base year."""
    changes = compare_years(records, base, target, catalog=catalog or default_catalog())
    grand = changes[(changes["district"] == TOTAL) & (changes["award"] == TOTAL)].iloc[0]
    before, after = int(grand["base"]), int(grand["target"])
    change = after - before
    amount = awards_phrase(abs(change), lang)
    if change and percent_shown(before):
        amount += f" ({format_percent(abs(change) / before, lang)})"
    key = "narrative.headline.same"
    if change > 0:
        key = "narrative.headline.rise"
    elif change < 0:
        key = "narrative.headline.fall"
    return t(
        key,
        lang,
        awards=awards_phrase(after, lang),
        scope=_total_of(scope_of(records, selected=selected), lang),
        target=target,
        base=base,
        change=amount,
    )


def comparison_reading(
    records: pd.DataFrame,
    base: int,
    target: int,
    *,
    lang: str = "vi",
    selected: bool = False,
    catalog: Catalog | None = None,
) -> list[str]:
    """Sentences describing the change between two years.

    ``selected`` as in :func:`distribution_reading`.

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
        if not percent_shown(int(row["base"])):
            return "; " + t("narrative.no_percent", lang, year=base, n=PERCENT_MIN_BASE)
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
            scope=_total_of(scope_of(records, selected=selected), lang),
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
