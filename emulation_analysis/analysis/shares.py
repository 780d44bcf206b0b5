"""Each district's share of the cluster's awards."""

from __future__ import annotations

import pandas as pd

from ..catalog import Catalog
from ..schema import TOTAL
from .matrix import award_matrix
from .records import FormSpec, YearSpec

__all__ = ["award_shares"]


def award_shares(
    df: pd.DataFrame,
    *,
    year: YearSpec = None,
    forms: FormSpec = None,
    catalog: Catalog | None = None,
) -> pd.DataFrame:
    """Share of the cluster's awards held by each district, overall and per form.

    Parameters
    ----------
    df : DataFrame
        Award records as returned by :func:`load_awards`.
    year : int or list of int, optional
        As in :func:`award_matrix`.
    forms : None, "all" or list of str
        As in :func:`award_matrix`. The ``"Tổng cộng"`` column always counts
        every form in the selection, whatever ``forms`` shows.
    catalog : Catalog, optional
        Reference tables; the bundled ones by default.

    Returns
    -------
    DataFrame
        Fractions between 0 and 1. Column ``f`` holds each district's part of
        the cluster's awards of form ``f`` (each column sums to 1; NaN when
        the cluster received none of ``f``). Column ``"Tổng cộng"`` holds each
        district's part of all the cluster's awards. Rows in cluster order.

    Examples
    --------
    >>> from emulation_analysis import load_awards
    >>> s = award_shares(load_awards())
    >>> round(float(s.loc["Quận 1", "Tổng cộng"]), 4)   # 13 of 29 awards
    0.4483
    >>> float(s.loc["Quận 1", "Cờ thi đua của Chính phủ"])
    1.0
    """
    counts = award_matrix(df, year=year, forms=forms, catalog=catalog)
    every = award_matrix(df, year=year, catalog=catalog).sum(axis=1)
    column_totals = counts.sum(axis=0)
    # A form nobody received has no shares to speak of: NaN, not 0/0 = inf.
    shares = counts.div(column_totals.where(column_totals > 0), axis=1).astype("float64")
    grand = every.sum()
    shares[TOTAL] = (every / grand).astype("float64") if grand > 0 else float("nan")
    return shares
