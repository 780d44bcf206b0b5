"""Award totals per district per year."""

from __future__ import annotations

import pandas as pd

from ..catalog import Catalog, default_catalog
from .records import FormSpec, prepare, present_districts, resolve_forms

__all__ = ["yearly_totals"]


def yearly_totals(
    df: pd.DataFrame,
    *,
    forms: FormSpec = None,
    catalog: Catalog | None = None,
) -> pd.DataFrame:
    """Total awards of each district in each year of the data.

    Parameters
    ----------
    df : DataFrame
        Award records as returned by :func:`load_awards`, any number of years.
    forms : None, "all" or list of str
        Count only these forms (any spelling the catalogue knows); all forms
        by default.
    catalog : Catalog, optional
        Reference tables; the bundled ones by default.

    Returns
    -------
    DataFrame
        Index ``year`` (the years present in the data, ascending), one column
        per district in cluster order. A district with records in a year but
        none of the chosen forms gets 0; a district with no record at all in
        a year gets NaN: a missing report is not a report of zero awards.

    Examples
    --------
    >>> from emulation_analysis import load_awards
    >>> yearly_totals(load_awards()).loc[2018].astype(int).tolist()
    [13, 4, 6, 3, 1, 2]
    """
    catalog = catalog or default_catalog()
    records = prepare(df, catalog)
    years = sorted(int(y) for y in pd.unique(records["year"]))
    districts = present_districts(records)
    reported = records.groupby([records["year"].astype(int), records["district"].astype(object)]).size()
    names = resolve_forms(forms, catalog)
    chosen = records if names is None else records[records["award"].isin(names)]
    totals = (
        chosen.groupby([chosen["year"].astype(int), chosen["district"].astype(object)])["count"]
        .sum()
        .reindex(reported.index, fill_value=0)
        .unstack("district")
        .reindex(index=years, columns=districts)
        .astype("float64")
    )
    totals.index.name = "year"
    totals.columns.name = "district"
    return totals
