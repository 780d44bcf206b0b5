"""Reference tables: award forms, administrative units, clusters, and their aliases.

The tables are CSV files in ``emulation_analysis/catalogs/``; nothing about the
domain is hard-coded here. :func:`load_catalog` reads them, optionally adds an
analyst's own rows (another cluster, a ward, a new form), and builds the
lookups that turn any reasonable spelling into the canonical name.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pandas as pd

from .text import loose_key, match_key, nfc

__all__ = ["Catalog", "Lookup", "Resolution", "default_catalog", "load_catalog", "read_catalog_table"]

TableSource = str | Path | pd.DataFrame


@dataclass(frozen=True)
class Resolution:
    """Outcome of looking a name up: the canonical name, or why there is none."""

    canonical: str | None
    problem: str | None = None
    suggestion: str | None = None


@dataclass(frozen=True)
class Lookup:
    """Maps spellings to canonical names.

    Matching ignores case, spacing and punctuation. A spelling written
    without any diacritic is also matched ignoring diacritics, but only when
    it points at a single canonical name; a spelling *with* diacritics that
    differ from every known one is reported (with a suggestion), not guessed.

    Examples
    --------
    >>> units = Lookup.build("unit", [("Quận 1", "Quận 1"), ("Q.1", "Quận 1")])
    >>> units.resolve("q 1").canonical, units.resolve("Quan 1").canonical
    ('Quận 1', 'Quận 1')
    >>> found = units.resolve("Quân 1")
    >>> found.canonical, found.suggestion
    (None, 'Quận 1')
    """

    what: str
    exact: Mapping[str, str]
    loose: Mapping[str, frozenset[str]]
    _loose_keys: tuple[str, ...] = field(default=(), repr=False)
    spellings: Mapping[str, str] = field(default_factory=dict, repr=False)
    """First spelling, as written in the table, of each exact key."""

    @classmethod
    def build(cls, what: str, pairs: Iterable[tuple[str, str]]) -> Lookup:
        """Build a lookup from ``(spelling, canonical name)`` pairs.

        Raises
        ------
        ValueError
            When one spelling names two different canonical names.
        """
        exact: dict[str, str] = {}
        spellings: dict[str, str] = {}
        loose: dict[str, set[str]] = {}
        for spelling, canonical in pairs:
            key = match_key(spelling)
            if not key:
                continue
            if exact.setdefault(key, canonical) != canonical:
                raise ValueError(
                    f"catalogue conflict: {what} spelling {spelling!r} names both "
                    f"{exact[key]!r} and {canonical!r}"
                )
            spellings.setdefault(key, nfc(spelling))
            loose.setdefault(loose_key(spelling), set()).add(canonical)
        frozen = {k: frozenset(v) for k, v in loose.items()}
        return cls(what, exact, frozen, tuple(sorted(frozen)), spellings)

    def find(self, text: str) -> str | None:
        """The canonical name for ``text``, or None; cheaper than :meth:`resolve` (no suggestion)."""
        key = match_key(text)
        if key in self.exact:
            return self.exact[key]
        if _loose(text, key) != key:
            return None  # typed with diacritics: not to be matched without them
        candidates = self.loose.get(key, frozenset())
        return next(iter(candidates)) if len(candidates) == 1 else None

    def resolve(self, text: str, *, suggest: bool = True) -> Resolution:
        """Return the canonical name for ``text`` or the reason it has none.

        ``suggest=False`` leaves out the closest name to a misspelling (the
        slow part), for a caller that finds it later with :meth:`suggest`.
        """
        key = match_key(text)
        if not key:
            return Resolution(None, f"{self.what} is blank")
        if key in self.exact:
            return Resolution(self.exact[key])
        loose = _loose(text, key)
        candidates = self.loose.get(loose, frozenset())
        if loose != key:  # typed with diacritics (see is_unaccented)
            return Resolution(None, f"is not a known {self.what}", self.suggest(text) if suggest else None)
        if len(candidates) == 1:
            return Resolution(next(iter(candidates)))
        if candidates:
            names = " or ".join(f"'{c}'" for c in sorted(candidates))
            return Resolution(
                None,
                f"is ambiguous without diacritics: it could be {names}",
                sorted(candidates)[0],
            )
        return Resolution(None, f"is not a known {self.what}", self.suggest(text) if suggest else None)

    def suggest(self, text: str) -> str | None:
        """Closest canonical name to a misspelling, if one is close enough."""
        close = difflib.get_close_matches(loose_key(text), self._loose_keys, n=1, cutoff=0.75)
        if not close:
            return None
        candidates = self.loose[close[0]]
        return sorted(candidates)[0] if len(candidates) == 1 else None

    def closest_spelling(self, text: str, canonical: str) -> str | None:
        """The known spelling of ``canonical`` closest to ``text``, as the table writes it.

        Used to suggest a column header in the user's own language
        (``"Hình thức khen thưởng"`` rather than ``"award"``).
        """
        keys = [k for k, c in self.exact.items() if c == canonical]
        by_loose = {loose_key(k): k for k in reversed(keys)}
        close = difflib.get_close_matches(loose_key(text), list(by_loose), n=1, cutoff=0.75)
        return self.spellings.get(by_loose[close[0]]) if close else None


@dataclass(frozen=True)
class Catalog:
    """All reference tables and the lookups built from them.

    Attributes
    ----------
    awards : DataFrame
        One row per award form, in precedence order (``rank`` 1 is highest).
    units : DataFrame
        One row per administrative unit, in the cluster's display order.
    clusters : DataFrame
        Cluster membership and role per year, with the cluster system named.
    """

    awards: pd.DataFrame
    units: pd.DataFrame
    clusters: pd.DataFrame
    award_lookup: Lookup
    unit_lookup: Lookup
    column_lookup: Lookup
    recipient_kind_lookup: Lookup

    @property
    def award_names(self) -> list[str]:
        """Canonical award names, highest precedence first."""
        return self.awards["name"].tolist()

    @property
    def unit_names(self) -> list[str]:
        """Canonical unit names in display order."""
        return self.units["name"].tolist()

    def unit_code(self, name: str) -> str:
        """ASCII code of a unit (``"Quận Tân Bình"`` → ``"TB"``)."""
        return self.units.set_index("name").loc[name, "code"]

    def unit_name(self, code: str) -> str:
        """Canonical name of a unit from its code or any alias."""
        found = self.unit_lookup.resolve(code)
        if found.canonical is None:
            hint = f"; did you mean '{found.suggestion}'?" if found.suggestion else ""
            known = ", ".join(self.units["code"])
            raise KeyError(f"unknown unit {code!r} (known codes: {known}){hint}")
        return found.canonical


def _loose(text: str, key: str) -> str:
    """``loose_key(text)`` given ``key = match_key(text)``; ASCII text has no diacritics to drop."""
    return key if text.isascii() else loose_key(text)


def read_catalog_table(name: str) -> pd.DataFrame:
    """One of the package's tables in ``catalogs/``, every cell as text (blank cells as ``""``)."""
    with resources.files("emulation_analysis").joinpath("catalogs", name).open(
        "r", encoding="utf-8"
    ) as handle:
        return pd.read_csv(handle, dtype=str, keep_default_na=False)


def _as_frame(extra: TableSource, name: str, required: list[str]) -> pd.DataFrame:
    frame = (
        extra.astype(str)
        if isinstance(extra, pd.DataFrame)
        else pd.read_csv(extra, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    )
    missing = [c for c in required if c not in frame.columns]
    if missing:
        where = "DataFrame" if isinstance(extra, pd.DataFrame) else str(extra)
        raise ValueError(
            f"extra {name} table {where} lacks column(s) {', '.join(missing)}; "
            f"expected the columns of the bundled {name} table: {', '.join(required)}"
        )
    return frame.map(nfc)


def _extend(base: pd.DataFrame, extras: Iterable[TableSource], name: str) -> pd.DataFrame:
    frames = [base] + [_as_frame(e, name, list(base.columns)) for e in extras]
    return pd.concat(frames, ignore_index=True)[list(base.columns)]


def _award_spellings(awards: pd.DataFrame, aliases: pd.DataFrame, classes: pd.DataFrame):
    by_code = dict(zip(awards["code"], awards["name"], strict=True))
    by_name = {match_key(n): n for n in awards["name"]}
    families: dict[str, dict[str, str]] = {}
    for row in awards.itertuples():
        yield row.name, row.name
        yield row.code, row.name
        yield row.short_name, row.name
        yield row.name_en, row.name
        if row.family:
            families.setdefault(match_key(row.family), {})[row.cls] = row.name
            families[match_key(row.family)]["_name"] = row.family
    family_aliases: list[tuple[str, str]] = [(f["_name"], k) for k, f in families.items()]
    for alias in aliases.itertuples():
        target = match_key(alias.target)
        if target in families:
            family_aliases.append((alias.alias, target))
        elif alias.target in by_code:
            yield alias.alias, by_code[alias.target]
        elif target in by_name:
            yield alias.alias, by_name[target]
        else:
            raise ValueError(f"award alias {alias.alias!r} points at unknown {alias.target!r}")
    for spelling, family in family_aliases:
        for cls in classes.itertuples():
            canonical = families[family].get(cls.cls)
            if canonical is None:
                continue
            yield f"{spelling} hạng {cls.spelling}", canonical
            yield f"{spelling} {cls.spelling}", canonical
            if cls.spelling.isdigit():
                yield f"{spelling}{cls.spelling}", canonical


def load_catalog(
    *,
    awards: Iterable[TableSource] = (),
    award_aliases: Iterable[TableSource] = (),
    units: Iterable[TableSource] = (),
    unit_aliases: Iterable[TableSource] = (),
    clusters: Iterable[TableSource] = (),
) -> Catalog:
    """Read the bundled reference tables, extended by the caller's own.

    Parameters
    ----------
    awards, award_aliases, units, unit_aliases, clusters : iterable of path or DataFrame
        Extra rows with the same columns as the bundled table of that name
        (see ``emulation_analysis/catalogs/``). A ward, another cluster or a
        new award form is added this way without editing the package.

    Returns
    -------
    Catalog

    Examples
    --------
    >>> cat = load_catalog()
    >>> cat.award_lookup.resolve("HCLĐ hạng 3").canonical
    'Huân chương Lao động hạng Ba'
    >>> cat.unit_lookup.resolve("Tan Binh").canonical
    'Quận Tân Bình'
    """
    award_table = _extend(read_catalog_table("award_forms.csv"), awards, "award_forms")
    award_table["rank"] = pd.to_numeric(award_table["rank"], errors="raise")
    award_table = award_table.sort_values("rank", kind="stable").reset_index(drop=True)
    unit_table = _extend(read_catalog_table("units.csv"), units, "units")
    unit_table["display_order"] = pd.to_numeric(unit_table["display_order"], errors="raise")
    unit_table = unit_table.sort_values("display_order", kind="stable").reset_index(drop=True)
    cluster_table = _extend(read_catalog_table("clusters.csv"), clusters, "clusters")
    cluster_table["year"] = cluster_table["year"].astype(int)

    classes = read_catalog_table("award_classes.csv").rename(columns={"class": "cls"})
    alias_table = _extend(read_catalog_table("award_aliases.csv"), award_aliases, "award_aliases")
    award_lookup = Lookup.build(
        "award form",
        _award_spellings(award_table.rename(columns={"class": "cls"}), alias_table, classes),
    )

    unit_alias_table = _extend(read_catalog_table("unit_aliases.csv"), unit_aliases, "unit_aliases")
    code_to_unit = dict(zip(unit_table["code"], unit_table["name"], strict=True))
    unknown = sorted(set(unit_alias_table["code"]) - set(code_to_unit))
    if unknown:
        raise ValueError(f"unit aliases point at unknown unit codes: {', '.join(unknown)}")
    unit_pairs = [(n, n) for n in unit_table["name"]]
    unit_pairs += list(zip(unit_table["code"], unit_table["name"], strict=True))
    unit_pairs += list(zip(unit_table["name_en"], unit_table["name"], strict=True))
    unit_pairs += [(a, code_to_unit[c]) for a, c in zip(*unit_alias_table.T.values[:2], strict=True)]
    unit_lookup = Lookup.build("unit", unit_pairs)

    columns = read_catalog_table("columns.csv")
    column_lookup = Lookup.build("column", zip(columns["alias"], columns["column"], strict=True))
    kinds = read_catalog_table("recipient_kinds.csv")
    # An alias with a blank kind ("không rõ", "unknown") says the record does not tell: it resolves to "".
    kind_lookup = Lookup.build("recipient kind", zip(kinds["alias"], kinds["kind"], strict=True))
    return Catalog(
        awards=award_table,
        units=unit_table,
        clusters=cluster_table,
        award_lookup=award_lookup,
        unit_lookup=unit_lookup,
        column_lookup=column_lookup,
        recipient_kind_lookup=kind_lookup,
    )


@functools.cache
def default_catalog() -> Catalog:
    """The bundled catalogue, read once per process (it is immutable)."""
    return load_catalog()
