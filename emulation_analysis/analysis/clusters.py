"""Emulation-cluster heads over the years, from the cluster table.

:func:`cluster_heads` lists the table; :func:`heads_of_records` keeps the
heads of the cluster the records themselves name (their ``cluster`` column)
for the years they hold, so that a page never shows heads of another cluster
or of years it is not about.
"""

from __future__ import annotations

import pandas as pd

from ..catalog import Catalog, default_catalog

__all__ = ["cluster_heads", "heads_of_records"]

_HEAD_ROLE = "cụm trưởng"


def cluster_heads(
    clusters: pd.DataFrame | None = None,
    *,
    cluster: str | None = None,
    cluster_system: str | None = None,
    catalog: Catalog | None = None,
) -> pd.DataFrame:
    """Which unit headed each cluster in each year.

    Parameters
    ----------
    clusters : DataFrame, optional
        A cluster table with the columns of ``catalog.clusters``
        (``cluster_system, cluster, year, unit, role, source``); the
        catalogue's own by default.
    cluster, cluster_system : str, optional
        Keep only this cluster (e.g. ``"Cụm thi đua 1"``) or cluster system
        (e.g. ``"UBND TP.HCM"``): clusters of the same name exist in
        several systems.
    catalog : Catalog, optional
        Gives unit names for the unit codes; the bundled one by default.

    Returns
    -------
    DataFrame
        Columns ``cluster_system``, ``cluster``, ``year``, ``unit`` (code),
        ``name``, ``name_en``, ``source``; sorted by system, cluster, year.
        Years the table does not record are absent, not guessed.

    Examples
    --------
    >>> cluster_heads()[["year", "name"]].values.tolist()
    [[2018, 'Quận 1'], [2019, 'Quận 3']]
    """
    catalog = catalog or default_catalog()
    table = catalog.clusters if clusters is None else clusters
    heads = table[table["role"] == _HEAD_ROLE]
    if cluster is not None:
        heads = heads[heads["cluster"] == cluster]
    if cluster_system is not None:
        heads = heads[heads["cluster_system"] == cluster_system]
    units = catalog.units.set_index("code")[["name", "name_en"]]
    out = heads.join(units, on="unit")
    out = out.assign(year=out["year"].astype("int64"))
    out = out.sort_values(["cluster_system", "cluster", "year"], kind="stable")
    return out[["cluster_system", "cluster", "year", "unit", "name", "name_en", "source"]].reset_index(
        drop=True
    )


def heads_of_records(records: pd.DataFrame, *, catalog: Catalog | None = None) -> pd.DataFrame:
    """The heads of the cluster the records name, for the years the records hold.

    A record names its cluster as ``"Cụm thi đua 1 (UBND TP.HCM)"`` (cluster,
    then system in brackets) or, when only one system has a cluster of that
    name, as ``"Cụm thi đua 1"``. Records that name no cluster, or a cluster
    the table does not know, get no heads: they are not guessed.

    Returns
    -------
    DataFrame
        As :func:`cluster_heads`, restricted to those clusters and years.

    Examples
    --------
    >>> from emulation_analysis import load_awards
    >>> heads_of_records(load_awards())[["year", "name"]].values.tolist()
    [[2018, 'Quận 1']]
    >>> heads_of_records(load_awards().assign(cluster="")).empty
    True
    """
    heads = cluster_heads(catalog=catalog)
    named = {str(c).strip() for c in records["cluster"].dropna()} - {""}
    full_names = heads["cluster"] + " (" + heads["cluster_system"] + ")"
    systems_per_cluster = heads.groupby("cluster")["cluster_system"].transform("nunique")
    named_alone = heads["cluster"].isin(named) & (systems_per_cluster == 1)
    years = {int(y) for y in pd.unique(records["year"])}
    keep = (full_names.isin(named) | named_alone) & heads["year"].isin(years)
    return heads[keep].reset_index(drop=True)
