"""Records as a wide table: units as rows, award forms as columns, as offices report them.

:func:`wide_table` lays records out as an office summary (every form present,
in precedence order) or as the national statistical forms 0602/0603 of
Thông tư 2/2023/TT-BNV (``catalogs/stat_form_columns.csv``: the forms' column
numbers, captions and *Tập thể* / *Cá nhân* split, with their source). Counts
are added up, never guessed: a record whose recipient is not stated goes to a
*không rõ* column of its form, and rows by award method are added only when
the records carry a method column (``catalogs/method_headers.csv``).
:func:`emulation_analysis.load_awards` reads such a table back.
"""

from __future__ import annotations

import functools

import pandas as pd

from ..catalog import Catalog, default_catalog, read_catalog_table
from ..i18n import t
from ..schema import RECIPIENT_KINDS, TOTAL, UNKNOWN_KIND
from ..text import match_key

__all__ = ["STAT_FORMS", "wide_table"]

#: The statistical forms whose column layout :func:`wide_table` writes.
STAT_FORMS = ("0602", "0603")
#: Sub-column captions: each kind, the records that do not say, and a form not split (None).
_KIND_LABELS = {"tập thể": "Tập thể", "cá nhân": "Cá nhân", "": UNKNOWN_KIND, None: ""}


@functools.cache
def _form_columns() -> pd.DataFrame:
    return read_catalog_table("stat_form_columns.csv")


def _layout(
    form: str | None, present: list[str], kinds: list[str], split: bool, catalog: Catalog
) -> list[tuple[str, str, list[str]]]:
    """The count columns: (caption, award form, kinds it is split into; [""] when not split)."""
    if form is None:
        return [(name, name, kinds) for name in present]
    rows = _form_columns()
    rows = rows[rows["form"] == form]
    awards = catalog.awards
    columns = []
    for row in rows.itertuples():
        chosen = (
            awards[awards["code"] == row.code] if row.code else awards[awards["category"] == row.category]
        )
        kinds = row.kinds.split("|") if row.kinds and split else [None]
        caption = f"{row.column}. {row.caption}"
        columns += [(caption, name, kinds) for name in chosen["name"]]
    return columns


def _method_column(records: pd.DataFrame) -> str | None:
    table = read_catalog_table("method_headers.csv")
    headers = {match_key(a) for a in table.loc[table["use"] == "column", "alias"]}
    return next((c for c in records.columns if match_key(str(c)) in headers), None)


def wide_table(
    records: pd.DataFrame,
    *,
    form: str | None = None,
    split: bool | None = None,
    totals: bool = True,
    catalog: Catalog | None = None,
) -> pd.DataFrame:
    """Count records per year and unit (rows) and award form (columns), as a wide table.

    Parameters
    ----------
    records : DataFrame
        Award records as :func:`emulation_analysis.load_awards` returns them.
    form : {None, "0602", "0603"}
        ``None``: one column per award form present, in precedence order.
        ``"0602"`` / ``"0603"``: the statistical form's columns, in its order
        and grouping, every form of the catalogue in them (records of other
        forms are left out and listed in ``attrs["left_out"]``).
    split : bool, optional
        Split each form into *Tập thể* / *Cá nhân* columns (and *không rõ*
        where a record does not say); by default as the form does (0602 yes,
        0603 no), and yes for an office summary.
    totals : bool
        Add a *Tổng cộng* column (first for a statistical form, as its column
        1, last otherwise) and a *Tổng cộng* row.
    catalog : Catalog, optional
        Reference tables; the bundled ones by default. Units with a
        ``former_district`` (wards since 1 July 2025) are grouped under it.

    Returns
    -------
    DataFrame
        Index (year, [former district,] unit); columns a three-level
        MultiIndex (caption, award form, recipient kind). Rows by award method
        follow (index ``("Chia theo phương thức khen thưởng", method)``) when the
        records have a method column.

    Examples
    --------
    >>> from emulation_analysis import load_awards
    >>> table = wide_table(load_awards(), split=False)
    >>> int(table.loc[(2018, "Quận 1"), ("Tổng cộng", "", "")])
    13
    """
    if form is not None and form not in STAT_FORMS:
        raise ValueError(f"form must be one of {', '.join(STAT_FORMS)} or None, not {form!r}")
    catalog = catalog or default_catalog()
    split = (form != "0603") if split is None else split
    kind = records["recipient_kind"].astype(object).where(records["recipient_kind"].notna(), "")
    present = [n for n in catalog.award_names if n in set(records["award"].astype(object))]
    # An office summary is split into the kinds its records name (not split if none does).
    named = [k for k in (*RECIPIENT_KINDS, "") if k in set(kind)]
    if not split or (form is None and named == [""]):
        split, named = False, [None]
        kind = pd.Series(None, index=records.index, dtype=object)
    layout = _layout(form, present, named, split, catalog)
    placed = {name for _, name, _ in layout}
    left_out = records[~records["award"].astype(object).isin(placed)]
    used = records[records["award"].astype(object).isin(placed)]
    kind = kind[used.index]

    units = catalog.units.set_index("name")
    groups = units["former_district"] if "former_district" in units.columns else None
    keys = [used["year"].astype(int).rename("Năm")]
    if groups is not None and groups.loc[used["district"].astype(object).unique()].ne("").any():
        former = used["district"].astype(object).map(groups).map(lambda v: catalog.unit_name(v) if v else "")
        keys.append(former.rename(t("wide.former_district", "vi")))
    keys.append(used["district"].astype(object).rename("Đơn vị"))
    counts = used.groupby([*keys, used["award"].astype(object), kind], sort=False, dropna=False)[
        "count"
    ].sum()

    written = set(zip(used["award"].astype(object), kind, strict=True))
    columns = []
    for caption, name, kinds in layout:
        # A kind the form's column does not foresee (or not stated) gets a column: nothing is dropped.
        unforeseen = [k for k in (*RECIPIENT_KINDS, "") if split and k not in kinds and (name, k) in written]
        columns += [(caption, name, _KIND_LABELS[k]) for k in [*kinds, *unforeseen]]
    wanted = pd.MultiIndex.from_tuples([(name, label) for _, name, label in columns])
    counts.index = counts.index.set_levels(counts.index.levels[-1].map(_KIND_LABELS), level=-1)
    table = counts.unstack([-2, -1], fill_value=0)
    table = table.reindex(columns=wanted, fill_value=0)
    table.columns = pd.MultiIndex.from_tuples(columns)
    order = {n: i for i, n in enumerate(catalog.unit_names)}
    table = table.sort_index(
        key=lambda level: level.map(lambda v: order.get(v, v) if isinstance(v, str) else v)
    )
    table = table.astype("int64")

    method = _method_column(records)
    if totals:
        label = pd.MultiIndex.from_tuples(
            [(TOTAL,) + ("",) * (table.index.nlevels - 1)], names=table.index.names
        )
        table = pd.concat([table, pd.DataFrame([table.sum()], index=label)])
        total = table.sum(axis=1).to_frame((TOTAL, "", ""))
        table = pd.concat([total, table] if form else [table, total], axis=1).astype("int64")
    if method is not None:
        names = table.index.names
        table = pd.concat([table, _by_method(used, method, kind, table.columns, table.index.nlevels)])
        table.index.names = names
    table.attrs["form"] = form
    # synthetic records stay marked as such in every table written from them
    table.attrs["illustrative"] = bool("illustrative" in records and records["illustrative"].any())
    table.attrs["left_out"] = sorted(set(left_out["award"].astype(object)))
    return table


def _by_method(used, method, kind, columns, levels) -> pd.DataFrame:
    """The form's rows by award method (thường xuyên, chuyên đề, …), in the forms' order."""
    known = read_catalog_table("award_methods.csv")
    canonical = dict(zip(known["alias"].map(match_key), known["method"], strict=True))
    order = dict(zip(known["method"], known["order"].astype(int), strict=True))
    # a record that does not say its method is counted under "không rõ", never shown as "nan"
    methods = used[method].astype(object).map(
        lambda v: canonical.get(match_key(str(v)), str(v)) if pd.notna(v) and str(v).strip() else UNKNOWN_KIND
    )
    headings = read_catalog_table("method_headers.csv")
    heading = headings.loc[headings["use"] == "heading", "alias"].iloc[0]
    counts = used.groupby([methods, used["award"].astype(object), kind.map(_KIND_LABELS)])["count"].sum()
    rows = {}
    for (value, award, label), count in counts.items():
        row = rows.setdefault(value, pd.Series(0, index=columns, dtype="int64"))
        for column in columns:
            if column[1] == award and column[2] == label:
                row[column] += count
        if (TOTAL, "", "") in row.index:
            row[(TOTAL, "", "")] += count
    names = sorted(rows, key=lambda m: (order.get(m, len(order) + 1), m))
    index = pd.MultiIndex.from_tuples([(heading, *([""] * (levels - 2)), m) for m in names])
    return pd.DataFrame([rows[m] for m in names], index=index, columns=columns)
