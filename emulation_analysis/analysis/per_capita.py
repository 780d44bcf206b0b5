"""Awards per inhabitants, with population figures the caller supplies."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..catalog import Catalog, default_catalog
from .matrix import award_matrix
from .records import YearSpec

__all__ = ["per_capita"]


def per_capita(
    df: pd.DataFrame,
    population: Mapping[str, float] | pd.Series,
    *,
    year: YearSpec = None,
    per: int = 100_000,
    catalog: Catalog | None = None,
) -> pd.DataFrame:
    """Awards per ``per`` inhabitants of each district.

    The package ships no population figures: pass your own, from a source
    you can cite, and cite it beside the result. Figures from different
    tables (census vs. administrative estimates) should not be mixed.

    Parameters
    ----------
    df : DataFrame
        Award records as returned by :func:`load_awards`.
    population : mapping or Series
        Inhabitants per district, keyed by name, code or any alias the
        catalogue knows (``"Q1"``, ``"Quận 1"``, ``"District 1"``).
    year : int or list of int, optional
        As in :func:`award_matrix`.
    per : int
        The denominator: 100 000 by default.
    catalog : Catalog, optional
        Reference tables; the bundled ones by default.

    Returns
    -------
    DataFrame
        Indexed by district in cluster order, columns ``awards`` (int),
        ``population`` and ``rate`` (awards per ``per`` inhabitants).

    Raises
    ------
    ValueError
        When a district of the data has no population, or a figure is not
        a positive number, or a key is not a known unit.

    Examples
    --------
    >>> from emulation_analysis import load_awards
    >>> pop = {"Q1": 100_000, "Q3": 200_000, "Q5": 100_000, "Q10": 100_000,
    ...        "Q11": 100_000, "TB": 400_000}           # made-up round numbers
    >>> per_capita(load_awards(), pop)["rate"].tolist()
    [13.0, 2.0, 6.0, 3.0, 1.0, 0.5]
    """
    catalog = catalog or default_catalog()
    if per <= 0:
        raise ValueError(f"per must be a positive number of inhabitants, not {per!r}")
    counts = award_matrix(df, year=year, catalog=catalog).sum(axis=1)
    figures: dict[str, float] = {}
    unknown: list[str] = []
    for key, value in dict(population).items():
        name = catalog.unit_lookup.resolve(str(key)).canonical
        if name is None:
            unknown.append(str(key))
            continue
        number = float(value)
        if not number > 0:
            raise ValueError(f"population of {name} must be a positive number, not {value!r}")
        figures[name] = number
    if unknown:
        raise ValueError(f"population keys are not known units: {', '.join(unknown)}")
    missing = [d for d in counts.index if d not in figures]
    if missing:
        raise ValueError(f"no population given for: {', '.join(missing)}")
    table = pd.DataFrame({"awards": counts.astype("int64")})
    table["population"] = [figures[d] for d in table.index]
    table["rate"] = table["awards"] * per / table["population"]
    table.index.name = "district"
    return table
