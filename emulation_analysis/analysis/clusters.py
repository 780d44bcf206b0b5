"""Emulation-cluster heads over the years, from the cluster table."""

from __future__ import annotations

import pandas as pd

from ..catalog import Catalog, default_catalog

__all__ = ["cluster_heads"]

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
