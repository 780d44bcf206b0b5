"""Comparing years across the reorganisation of 1 July 2025: wards added up onto former districts.

Until 30 June 2025 records are kept per district; from 1 July 2025 per ward.
Each of the 23 wards lies wholly inside one former district (the rule and its
legal basis are in ``catalogs/reorganisation.csv``), so a former district's
figure after the change is exactly the sum of its wards' figures.
:func:`by_former_district` relabels ward records with their former district
and leaves district records as they are, so :func:`award_matrix`,
:func:`compare_years`, :func:`yearly_totals` and the charts show district
years and ward years on the same six rows. The reverse, splitting a district
figure onto wards, is never done: nothing says how it would divide.

:func:`ward_matrix` is the ward view (the wards grouped under their former
district), and :func:`reorganisation_note` is the sentence a table or chart
built from the added-up records carries.
"""

from __future__ import annotations

import functools
import warnings
from typing import Literal

import pandas as pd

from ..catalog import Catalog, default_catalog, read_catalog_table
from ..i18n import Lang, check_lang, t
from ..schema import TOTAL
from .matrix import award_matrix
from .records import FormSpec, YearSpec, prepare

__all__ = [
    "REPORTED_UNIT",
    "UNIT_RULE_ATTR",
    "WARDS_ADDED_UP",
    "DoubleCountWarning",
    "by_former_district",
    "double_count_message",
    "probable_double_counts",
    "reorganisation_note",
    "ward_matrix",
]

#: Column of :func:`by_former_district`'s result: the unit each record was written for.
REPORTED_UNIT = "reported_unit"
#: ``attrs`` key holding the rule's legal basis (Vietnamese) in :func:`by_former_district`'s result.
BASIS_ATTR = "unit_rule_basis"
#: Key of ``records.attrs`` naming how the records' units were settled, and its value when ward
#: figures were added up onto the former districts (the pages then say so).
UNIT_RULE_ATTR = "unit_rule"
WARDS_ADDED_UP = "wards_added_to_former_district"


class DoubleCountWarning(UserWarning):
    """A district's own record and its wards' records for the same year and form were both added."""


@functools.cache
def _reorganisation() -> pd.Series:
    """The one reorganisation the catalogue knows (1 July 2025), with its legal basis."""
    return read_catalog_table("reorganisation.csv").iloc[0]


def _former_of(records: pd.DataFrame, catalog: Catalog) -> pd.Series:
    """Each record's former district: its ward's, or its own unit when it is a district."""
    units = records["district"].cat.categories
    former = {name: catalog.former_district(name) for name in units}
    return records["district"].map(former).astype(records["district"].dtype)


def probable_double_counts(records: pd.DataFrame, *, catalog: Catalog | None = None) -> pd.DataFrame:
    """Year × former district × form where a district's own rows and rows of its wards both exist.

    Such records would be added up twice by :func:`by_former_district` if the
    district's figure already includes its wards (a district report for 2025
    next to the wards' reports for its second half may be genuine: look).

    Returns
    -------
    DataFrame
        Columns ``year``, ``district`` (the former district), ``award``,
        ``district_count``, ``ward_count`` and ``wards`` (the wards, comma-separated);
        empty when there is no overlap.
    """
    catalog = catalog or default_catalog()
    records = prepare(records, catalog)
    former = _former_of(records, catalog).astype(object)
    is_ward = former != records["district"].astype(object)
    keys = [records["year"].astype(int), former.rename("district"), records["award"].astype(object)]
    own = records[~is_ward].groupby([k[~is_ward] for k in keys])["count"].sum()
    wards = records[is_ward].groupby([k[is_ward] for k in keys])
    ward_count = wards["count"].sum()
    ward_names = wards["district"].agg(lambda s: ", ".join(dict.fromkeys(map(str, s))))
    both = own.index.intersection(ward_count.index)
    table = pd.DataFrame(
        {
            "district_count": own.reindex(both).astype("int64"),
            "ward_count": ward_count.reindex(both).astype("int64"),
            "wards": ward_names.reindex(both).astype(object),
        },
        index=both,
    )
    table.index.names = ["year", "district", "award"]
    return table.reset_index()


def double_count_message(overlap: pd.DataFrame, lang: Lang = "en") -> str:
    """The sentence naming each probable double count of :func:`probable_double_counts`."""
    lines = [
        t(
            "reorg.double_count",
            lang,
            district=row.district,
            year=row.year,
            award=row.award,
            district_count=row.district_count,
            ward_count=row.ward_count,
            wards=row.wards,
        )
        for row in overlap.itertuples()
    ]
    return t("reorg.double_counts", lang, count=len(lines), cases="; ".join(lines))


def by_former_district(
    records: pd.DataFrame,
    *,
    double_counts: Literal["warn", "raise", "ignore"] = "warn",
    catalog: Catalog | None = None,
) -> pd.DataFrame:
    """Records with every ward record moved onto its former district, for comparisons across 2025.

    Parameters
    ----------
    records : DataFrame
        Award records as returned by :func:`load_awards`: district rows,
        ward rows, or both (e.g. 2018–2024 per district, 2025–2026 per ward).
    double_counts : {"warn", "raise", "ignore"}
        What to do when a district's own record and records of its wards
        exist for the same year and form (see :func:`probable_double_counts`):
        a :class:`DoubleCountWarning` naming each case (default; both are
        kept and added, nothing is dropped), a ValueError, or nothing.
    catalog : Catalog, optional
        Reference tables; the bundled ones by default.

    Returns
    -------
    DataFrame
        The same rows and columns, ``district`` now the former district of
        each ward (district rows unchanged), plus ``reported_unit``: the unit
        the record was written for. When ward records were added up,
        ``attrs`` holds ``unit_rule`` (``"wards_added_to_former_district"``)
        and ``unit_rule_basis`` (the resolution it rests on);
        :func:`reorganisation_note` words it for the rows at hand.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"year": [2024, 2026, 2026], "district": ["Q3", "P. Bàn Cờ", "P. Nhiêu Lộc"],
    ...                      "award": ["BKTTg"] * 3, "count": [2, 1, 2]})
    >>> from emulation_analysis import yearly_totals
    >>> yearly_totals(by_former_district(rows))["Quận 3"].to_dict()   # 2026: its two wards added up
    {2024: 2.0, 2026: 3.0}
    >>> by_former_district(rows).attrs["unit_rule_basis"]
    'Nghị quyết 1685/NQ-UBTVQH15 ngày 16/6/2025, Điều 1'
    """
    if double_counts not in ("warn", "raise", "ignore"):
        raise ValueError(f"double_counts must be 'warn', 'raise' or 'ignore', not {double_counts!r}")
    catalog = catalog or default_catalog()
    records = prepare(records, catalog)
    if double_counts != "ignore":
        overlap = probable_double_counts(records, catalog=catalog)
        if len(overlap):
            message = double_count_message(overlap)
            if double_counts == "raise":
                raise ValueError(message)
            warnings.warn(message, DoubleCountWarning, stacklevel=2)
    out = records.copy()
    out[REPORTED_UNIT] = records["district"]
    out["district"] = _former_of(records, catalog)
    if (out["district"] != out[REPORTED_UNIT]).any():  # only then were wards added up
        out.attrs[UNIT_RULE_ATTR] = WARDS_ADDED_UP
        out.attrs[BASIS_ATTR] = _reorganisation()["basis"]
    return out


def reorganisation_note(records: pd.DataFrame, lang: Lang = "vi") -> str | None:
    """The sentence saying that ward figures were added up onto former districts, or None.

    It is written whenever the rows hold a record of a ward counted under its
    former district (:func:`by_former_district`), citing the resolution, so a
    chart, a table or a page built from those rows can say so.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"year": [2026], "district": ["P. Bàn Cờ"], "award": ["BKTTg"], "count": [1]})
    >>> reorganisation_note(by_former_district(rows), "en")[:60]
    'From 1 July 2025 ward figures are added up onto the former d'
    >>> reorganisation_note(rows) is None
    True
    """
    check_lang(lang)
    if REPORTED_UNIT not in records or not len(records):
        return None
    moved = records[REPORTED_UNIT].astype(object) != records["district"].astype(object)
    if not moved.any():
        return None
    row = _reorganisation()
    return t("reorg.note", lang, basis=row["basis"] if lang == "vi" else row["basis_en"])


def ward_matrix(
    records: pd.DataFrame,
    *,
    year: YearSpec = None,
    forms: FormSpec = None,
    subtotals: bool = True,
    catalog: Catalog | None = None,
) -> pd.DataFrame:
    """The ward view: ward × award form, the wards grouped under their former district.

    Parameters
    ----------
    records : DataFrame
        Award records; only ward records are counted (district records have
        no ward to go to).
    year, forms, catalog
        As in :func:`award_matrix`.
    subtotals : bool
        Add a ``"Tổng cộng"`` row after each former district's wards: the
        figure :func:`by_former_district` gives that district.

    Returns
    -------
    DataFrame
        Index ``(former_district, ward)``: every ward of each former district
        that has a ward record, zero-filled, in catalogue order.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"year": [2026, 2026], "district": ["P. Bàn Cờ", "P. Nhiêu Lộc"],
    ...                      "award": ["BKTTg", "BKTTg"], "count": [1, 2]})
    >>> ward_matrix(rows)["Bằng khen của Thủ tướng Chính phủ"].tolist()
    [1, 0, 2, 3]
    """
    catalog = catalog or default_catalog()
    records = prepare(records, catalog)
    former = _former_of(records, catalog)
    wards = records[former.astype(object) != records["district"].astype(object)]
    if wards.empty:
        raise ValueError("the records hold no ward; the ward view needs records of the wards of 1 July 2025")
    table = award_matrix(wards, year=year, forms=forms, catalog=catalog)
    present = {catalog.former_district(str(ward)) for ward in table.index}
    blocks = []
    for district in [d for d in catalog.unit_names if d in present]:
        names = catalog.wards_of(district)
        block = table.reindex(names, fill_value=0)
        if subtotals:
            block = pd.concat([block, block.sum().to_frame(TOTAL).T])
        block.index = pd.MultiIndex.from_product([[district], block.index], names=["former_district", "ward"])
        blocks.append(block)
    out = pd.concat(blocks).astype("int64")
    out.columns.name = table.columns.name
    return out
