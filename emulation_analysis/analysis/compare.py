"""Year-over-year comparison per district and award form."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..catalog import Catalog, default_catalog
from ..schema import TOTAL
from .records import FormSpec, check_year, form_columns, prepare, present_districts

__all__ = ["PERCENT_MIN_BASE", "compare_years", "percent_shown"]

#: Below this many awards in the base year a percent change says more about chance than about
#: change ("+3 (+300 %)"): readers are shown the change in awards alone, with a note.
PERCENT_MIN_BASE = 5


def percent_shown(base: float) -> bool:
    """Whether a percentage change on ``base`` awards is shown to readers (see :data:`PERCENT_MIN_BASE`).

    >>> percent_shown(4), percent_shown(5)
    (False, True)
    """
    return base >= PERCENT_MIN_BASE


def compare_years(
    df: pd.DataFrame,
    base: int,
    target: int,
    *,
    forms: FormSpec = None,
    catalog: Catalog | None = None,
) -> pd.DataFrame:
    """Base-year and target-year counts, their change and percent change.

    Parameters
    ----------
    df : DataFrame
        Award records as returned by :func:`load_awards`.
    base, target : int
        The years compared (``target`` minus ``base``).
    forms : None, "all" or list of str
        Forms compared: those present in either year (default), every
        catalogue form, or the forms named.
    catalog : Catalog, optional
        Reference tables; the bundled ones by default.

    Returns
    -------
    DataFrame
        One row per district × form, then per district a ``"Tổng cộng"``
        (total) row, then the cluster's rows (district ``"Tổng cộng"``) per
        form and overall. Columns: ``district``, ``award``, ``base``,
        ``target``, ``change`` (int), ``pct_change`` (float, percent; NaN when
        the base is 0, since growth from nothing has no percentage) and
        ``is_new`` (True when the base is 0 and the target is not: show these
        as "mới"/"new"). Districts are those with records in either year; a
        district absent in one year counts 0 there. ``attrs`` holds
        ``base_year`` and ``target_year``.

    Raises
    ------
    ValueError
        When a year has no records; the message lists the years available.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"year": [2018, 2019, 2019], "district": ["Q1", "Q1", "Q3"],
    ...                      "award": ["BKTTg", "BKTTg", "BKTTg"], "count": [2, 3, 1]})
    >>> c = compare_years(rows, 2018, 2019)
    >>> c[["district", "base", "target", "change", "pct_change", "is_new"]].head(3)
      district  base  target  change  pct_change  is_new
    0   Quận 1     2       3       1        50.0   False
    1   Quận 1     2       3       1        50.0   False
    2   Quận 3     0       1       1         NaN    True
    >>> c["award"].head(2).tolist()   # a form, then the district's total
    ['Bằng khen của Thủ tướng Chính phủ', 'Tổng cộng']
    """
    catalog = catalog or default_catalog()
    records = prepare(df, catalog)
    check_year(records, base)
    check_year(records, target)
    if int(base) == int(target):
        raise ValueError(f"base and target are the same year ({base}); pick two different years")
    both = records[records["year"].isin([int(base), int(target)])]
    forms_shown = form_columns(both, forms, catalog)
    districts = present_districts(both)
    keep = both[both["award"].isin(forms_shown)]
    counts = (
        keep.groupby(
            [keep["year"].astype(int), keep["district"].astype(object), keep["award"].astype(object)]
        )["count"]
        .sum()
        .unstack("year")
        .reindex(columns=[int(base), int(target)])
    )
    full = pd.MultiIndex.from_product([districts, forms_shown], names=["district", "award"])
    counts = counts.reindex(full).fillna(0).astype("int64")
    counts.columns = ["base", "target"]

    per_district = counts.groupby(level="district", sort=False).sum()
    per_district.index = pd.MultiIndex.from_product([per_district.index, [TOTAL]], names=full.names)
    cluster = counts.groupby(level="award", sort=False).sum()
    cluster.index = pd.MultiIndex.from_product([[TOTAL], cluster.index], names=full.names)
    grand = pd.DataFrame([counts.sum()], index=pd.MultiIndex.from_tuples([(TOTAL, TOTAL)], names=full.names))

    blocks = []
    for district in districts:
        blocks += [counts.loc[[district]], per_district.loc[[district]]]
    table = pd.concat([*blocks, cluster, grand]).reset_index()
    table["change"] = table["target"] - table["base"]
    base_values = table["base"].to_numpy(dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(
            base_values > 0, table["change"] / np.where(base_values > 0, base_values, 1) * 100, np.nan
        )
    table["pct_change"] = pct.astype("float64")
    table["is_new"] = (table["base"] == 0) & (table["target"] > 0)
    table["district"] = pd.Categorical(table["district"], categories=[*districts, TOTAL], ordered=True)
    table["award"] = pd.Categorical(table["award"], categories=[*forms_shown, TOTAL], ordered=True)
    table = table[["district", "award", "base", "target", "change", "pct_change", "is_new"]]
    table.attrs.update(base_year=int(base), target_year=int(target))
    return table
