"""District × award-form count tables."""

from __future__ import annotations

from typing import Literal

import pandas as pd

from ..catalog import Catalog, default_catalog
from ..schema import RECIPIENT_KINDS, TOTAL, UNKNOWN_KIND
from .records import FormSpec, YearSpec, form_columns, prepare, present_districts, select_years

__all__ = ["award_matrix"]

_KINDS = (*RECIPIENT_KINDS, UNKNOWN_KIND)


def award_matrix(
    df: pd.DataFrame,
    *,
    year: YearSpec = None,
    by: Literal["district", "year"] = "district",
    forms: FormSpec = None,
    split_kind: bool = False,
    totals: bool = False,
    catalog: Catalog | None = None,
) -> pd.DataFrame:
    """Count awards per district (or per year) and award form.

    Parameters
    ----------
    df : DataFrame
        Award records as returned by :func:`load_awards`.
    year : int or list of int, optional
        The year to count. ``None`` is allowed when the data holds one year;
        a list adds those years up. With ``by="year"``, ``None`` means all years.
    by : {"district", "year"}
        What the rows are: districts in cluster order, or years in order.
    forms : None, "all" or list of str
        Columns: the forms present in the selected records (default), every
        catalogue form, or the forms named (any spelling the catalogue knows).
    split_kind : bool
        Split each form by recipient kind (collective / individual), as the
        state statistical form 0602 does. Columns become a MultiIndex
        ``(recipient_kind, award)``; rows whose kind is not recorded go to
        ``"không rõ"`` (shown only when there are such rows).
    totals : bool
        Add a ``"Tổng cộng"`` row and column.
    catalog : Catalog, optional
        Reference tables; the bundled ones by default.

    Returns
    -------
    DataFrame
        Integer counts, zero where a district recorded none of a form. Rows in
        cluster order (districts with at least one record in the selection),
        columns in precedence order.

    Raises
    ------
    ValueError
        When ``year`` is not in the data (the message lists the years held),
        or the data holds several years and ``year`` is not given.

    Examples
    --------
    >>> from emulation_analysis import load_awards
    >>> m = award_matrix(load_awards(), totals=True)
    >>> int(m.loc["Quận 1", "Bằng khen của Thủ tướng Chính phủ"])
    7
    >>> int(m.loc["Tổng cộng", "Tổng cộng"])
    29
    """
    if by not in ("district", "year"):
        raise ValueError(f"by must be 'district' or 'year', not {by!r}")
    catalog = catalog or default_catalog()
    records = prepare(df, catalog)
    if by == "year" and year is None:
        selected = records
    else:
        selected, _ = select_years(records, year)
    columns = form_columns(selected, forms, catalog)
    if by == "district":
        rows: list = present_districts(selected)
    else:
        rows = sorted(int(y) for y in pd.unique(selected["year"]))
    keep = selected[selected["award"].isin(columns)]
    row_key = keep[by].astype(object) if by == "district" else keep["year"].astype(int)

    if split_kind:
        kind = keep["recipient_kind"].astype(object).where(keep["recipient_kind"].notna(), UNKNOWN_KIND)
        kinds = [k for k in _KINDS if k != UNKNOWN_KIND or (kind == UNKNOWN_KIND).any()]
        counts = keep.groupby([row_key, kind.rename("recipient_kind"), keep["award"].astype(object)])[
            "count"
        ].sum()
        table = counts.unstack(["recipient_kind", "award"])
        full = pd.MultiIndex.from_product([kinds, columns], names=["recipient_kind", "award"])
        table = table.reindex(index=rows, columns=full).fillna(0).astype("int64")
    else:
        counts = keep.groupby([row_key, keep["award"].astype(object)])["count"].sum()
        table = counts.unstack("award") if len(counts) else pd.DataFrame(index=rows)
        table = table.reindex(index=rows, columns=columns).fillna(0).astype("int64")
        table.columns.name = "award"
    table.index.name = by
    if totals:
        table = _with_totals(table)
    return table


def _with_totals(table: pd.DataFrame) -> pd.DataFrame:
    out = table.copy()
    out.index = pd.Index(list(out.index), dtype=object, name=table.index.name)
    if isinstance(out.columns, pd.MultiIndex):
        out[(TOTAL, TOTAL)] = out.sum(axis=1)
    else:
        out[TOTAL] = out.sum(axis=1)
    out.loc[TOTAL] = out.sum(axis=0)
    return out.astype("int64")
