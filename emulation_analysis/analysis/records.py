"""Helpers shared by the analysis and chart modules (not public).

They check that a frame looks like loaded award records, pick the year(s) a
question is about, and resolve the award forms a caller names. Each public
function calls them first, so every function reports a missing year or an
unknown form in the same words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from numbers import Integral

import pandas as pd

from ..catalog import Catalog, default_catalog

_NEEDED = ("year", "district", "award", "count")

YearSpec = int | Sequence[int] | None
FormSpec = str | Sequence[str] | None


def prepare(df: pd.DataFrame, catalog: Catalog | None = None) -> pd.DataFrame:
    """Return ``df`` with ordered categorical ``district`` and ``award`` columns.

    Records from :func:`load_awards` pass through untouched; a hand-built
    frame with plain strings is ordered by the catalogue (cluster order,
    precedence order), so every function sorts the same way.
    """
    missing = [c for c in _NEEDED if c not in df.columns]
    if missing:
        raise ValueError(
            f"the records lack column(s) {', '.join(missing)}; "
            "expected award records as returned by load_awards()"
        )
    catalog = catalog or default_catalog()
    out = df
    for column, names, lookup in (
        ("district", catalog.unit_names, catalog.unit_lookup),
        ("award", catalog.award_names, catalog.award_lookup),
    ):
        if isinstance(out[column].dtype, pd.CategoricalDtype) and out[column].cat.ordered:
            continue
        resolved = [lookup.resolve(str(v)).canonical for v in out[column]]
        unknown = sorted({str(v) for v, r in zip(out[column], resolved, strict=True) if r is None})
        if unknown:
            raise ValueError(f"unknown {column} value(s): {', '.join(unknown)}")
        out = out.assign(**{column: pd.Categorical(resolved, categories=names, ordered=True)})
    return out


def years_text(years: Iterable[int]) -> str:
    return ", ".join(str(y) for y in sorted(set(years)))


def available_years(df: pd.DataFrame) -> list[int]:
    return sorted(int(y) for y in pd.unique(df["year"]))


def check_year(df: pd.DataFrame, year: int) -> None:
    """Raise a ValueError naming the available years when ``year`` has no records."""
    years = available_years(df)
    if int(year) not in years:
        raise ValueError(f"year {year} is not in the data; years available: {years_text(years)}")


def select_years(df: pd.DataFrame, year: YearSpec) -> tuple[pd.DataFrame, list[int]]:
    """Rows of the requested year(s).

    ``None`` means the single year the data holds; several years are summed
    only when the caller lists them, so two years are never mixed by accident.
    """
    years = available_years(df)
    if not years:
        raise ValueError("the records are empty")
    if year is None:
        if len(years) > 1:
            raise ValueError(
                f"the data holds several years ({years_text(years)}); pass year=… "
                "(one year, or a list of years to add up)"
            )
        return df, years
    # numbers.Integral also accepts numpy integers, e.g. ``df['year'].max()``.
    wanted = [int(year)] if isinstance(year, Integral) else [int(y) for y in year]
    for y in wanted:
        check_year(df, y)
    return df[df["year"].isin(wanted)], sorted(set(wanted))


def resolve_forms(forms: FormSpec, catalog: Catalog) -> list[str] | None:
    """Canonical award names for the caller's list (any spelling), in precedence order."""
    if forms is None or (isinstance(forms, str) and forms == "all"):
        return None if forms is None else list(catalog.award_names)
    items = [forms] if isinstance(forms, str) else list(forms)
    names: list[str] = []
    bad: list[str] = []
    for item in items:
        found = catalog.award_lookup.resolve(str(item)).canonical
        if found is None:
            bad.append(str(item))
        else:
            names.append(found)
    if bad:
        raise ValueError(f"unknown award form(s): {', '.join(bad)}")
    order = {n: i for i, n in enumerate(catalog.award_names)}
    return sorted(set(names), key=order.__getitem__)


def form_columns(records: pd.DataFrame, forms: FormSpec, catalog: Catalog) -> list[str]:
    """The forms a table shows: the ones named, else the ones present, in precedence order."""
    named = resolve_forms(forms, catalog)
    if named is not None:
        return named
    present = records["award"].cat.remove_unused_categories().cat.categories
    return list(present)


def present_districts(records: pd.DataFrame) -> list[str]:
    """Districts with at least one record, in cluster order."""
    return list(records["district"].cat.remove_unused_categories().cat.categories)
