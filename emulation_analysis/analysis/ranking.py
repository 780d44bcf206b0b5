"""Medal-table ranking of districts by award precedence."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..catalog import Catalog, default_catalog
from .matrix import award_matrix
from .records import YearSpec, resolve_forms

__all__ = ["medal_table"]


def medal_table(
    df: pd.DataFrame,
    *,
    year: YearSpec = None,
    weights: Mapping[str, float] | None = None,
    catalog: Catalog | None = None,
) -> pd.DataFrame:
    """Rank districts as in a medal table: the highest form first, then the next.

    Without ``weights`` a district ranks above another when it has more of the
    highest-precedence form on which they differ (2 × Huân chương Lao động
    hạng Nhì beats 1 × hạng Nhì and any number of lower forms). Districts
    with identical counts share a rank, and the next rank is skipped
    (1, 2, 2, 4).

    Parameters
    ----------
    df : DataFrame
        Award records as returned by :func:`load_awards`.
    year : int or list of int, optional
        As in :func:`award_matrix`.
    weights : mapping of str to number, optional
        Points per award of each form (keys in any spelling the catalogue
        knows). When given, districts are ranked by the weighted score
        instead. Every form present must have a weight: the package holds
        no official weighting and does not invent one.
    catalog : Catalog, optional
        Reference tables; the bundled ones by default.

    Returns
    -------
    DataFrame
        Indexed by district, best first (cluster order among ties). Columns:
        ``rank`` (int), ``tied`` (bool: another district shares the rank),
        one count column per form in precedence order, ``total`` and, with
        ``weights``, ``score``.

    Examples
    --------
    >>> from emulation_analysis import load_awards
    >>> t = medal_table(load_awards())
    >>> t.index[:3].tolist()
    ['Quận 1', 'Quận 3', 'Quận 5']
    >>> t["rank"].tolist()
    [1, 2, 3, 4, 5, 6]
    """
    catalog = catalog or default_catalog()
    counts = award_matrix(df, year=year, catalog=catalog)
    forms = list(counts.columns)
    table = counts.copy()
    table["total"] = counts.sum(axis=1)
    if weights is not None:
        resolved: dict[str, float] = {}
        for key, value in weights.items():
            name = resolve_forms([key], catalog)
            resolved[name[0]] = float(value)  # type: ignore[index]
        unweighted = [f for f in forms if f not in resolved]
        if unweighted:
            raise ValueError("weights lack a value for form(s) present in the data: " + "; ".join(unweighted))
        table["score"] = counts.mul(pd.Series(resolved)[forms], axis=1).sum(axis=1)
        keys = [table["score"].to_numpy()]
    else:
        keys = [counts[f].to_numpy() for f in forms]
    # Lexicographic "dense tuple" comparison: a row's key is its tuple of counts.
    key_tuples = list(zip(*keys, strict=True)) if keys else [()] * len(table)
    position = {k: i for i, k in enumerate(sorted(set(key_tuples), reverse=True))}
    groups = np.array([position[k] for k in key_tuples], dtype=int)
    order = np.argsort(groups, kind="stable")
    table = table.iloc[order]
    groups = groups[order]
    ranks = np.empty(len(groups), dtype="int64")
    for i, g in enumerate(groups):
        ranks[i] = ranks[i - 1] if i and groups[i - 1] == g else i + 1
    sizes = pd.Series(groups).map(pd.Series(groups).value_counts()).to_numpy()
    table.insert(0, "tied", sizes > 1)
    table.insert(0, "rank", ranks)
    table.index = pd.Index(list(table.index), dtype=object, name="district")
    return table
