"""Reference tables: award forms, administrative units, clusters, and their aliases.

The tables are CSV files in ``emulation_analysis/catalogs/``; nothing about the
domain is hard-coded here. :func:`load_catalog` reads them, optionally adds an
analyst's own rows (another cluster, a ward, a new form), and builds the
lookups that turn any reasonable spelling into the canonical name. Units
carry the dates they existed (the six districts until 30/6/2025, the 23
wards from 1/7/2025), so a spelling such as ``Tân Bình`` may name two units
that never existed on the same day; the loader then chooses by the year.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pandas as pd

from .i18n import t
from .text import loose_key, match_key, nfc

__all__ = ["Catalog", "Lookup", "Resolution", "default_catalog", "load_catalog", "read_catalog_table"]

TableSource = str | Path | pd.DataFrame


@dataclass(frozen=True)
class Resolution:
    """Outcome of looking a name up: the canonical name, or why there is none."""

    canonical: str | None
    problem: str | None = None
    suggestion: str | None = None
    candidates: tuple[str, ...] = ()
    """The names a spelling could mean when it means more than one (``Tân Bình``)."""


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
    shared: Mapping[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    """Spellings that name several canonical names (``Tân Bình``: a district and a ward)."""

    @classmethod
    def build(cls, what: str, pairs: Iterable[tuple[str, str]], *, shared: bool = False) -> Lookup:
        """Build a lookup from ``(spelling, canonical name)`` pairs.

        With ``shared=True`` a spelling may name several canonical names: it
        is then kept apart (:attr:`shared`) and resolves to none of them, with
        all of them as :attr:`Resolution.candidates`, for the caller to choose
        from what else it knows (the year of a record).

        Raises
        ------
        ValueError
            When one spelling names two different canonical names and
            ``shared`` is false.
        """
        exact: dict[str, str] = {}
        several: dict[str, list[str]] = {}
        spellings: dict[str, str] = {}
        loose: dict[str, set[str]] = {}
        for spelling, canonical in pairs:
            key = match_key(spelling)
            if not key:
                continue
            known = several.get(key) or [exact.setdefault(key, canonical)]
            if canonical not in known:
                if not shared:
                    both = {"what": what, "spelling": repr(spelling), "first": repr(exact[key])}
                    raise ValueError(t("load.catalog_conflict", "en", **both, second=repr(canonical)))
                several[key] = [*known, canonical]
            spellings.setdefault(key, nfc(spelling))
            loose.setdefault(loose_key(spelling), set()).add(canonical)
        for key in several:
            del exact[key]
        frozen = {k: frozenset(v) for k, v in loose.items()}
        return cls(
            what, exact, frozen, tuple(sorted(frozen)), spellings, {k: tuple(v) for k, v in several.items()}
        )

    def find(self, text: str) -> str | None:
        """The canonical name for ``text``, or None; cheaper than :meth:`resolve` (no suggestion)."""
        key = match_key(text)
        if key in self.exact:
            return self.exact[key]
        if key in self.shared:
            return None
        if _loose(text, key) != key:
            return None  # typed with diacritics: not to be matched without them
        candidates = self.loose.get(key, frozenset())
        return next(iter(candidates)) if len(candidates) == 1 else None

    def resolve(self, text: str, *, suggest: bool = True) -> Resolution:
        """The canonical name for ``text`` or why it has none; ``suggest=False``: no (slow) suggestion."""
        key = match_key(text)
        if not key:
            return Resolution(None, t("load.lookup_blank", "en", what=self.what))
        if key in self.exact:
            return Resolution(self.exact[key])
        if key in self.shared:
            names = _either(self.shared[key])
            problem = t("load.lookup_several", "en", what=self.what, names=names)
            return Resolution(None, problem, candidates=self.shared[key])
        loose = _loose(text, key)
        candidates = self.loose.get(loose, frozenset())
        if loose != key:  # typed with diacritics (see is_unaccented)
            problem = t("load.lookup_unknown", "en", what=self.what)
            return Resolution(None, problem, self.suggest(text) if suggest else None)
        if len(candidates) == 1:
            return Resolution(next(iter(candidates)))
        if candidates:
            problem = t("load.lookup_unaccented", "en", names=_either(sorted(candidates)))
            return Resolution(None, problem, sorted(candidates)[0], tuple(sorted(candidates)))
        problem = t("load.lookup_unknown", "en", what=self.what)
        return Resolution(None, problem, self.suggest(text) if suggest else None)

    def suggest(self, text: str) -> str | None:
        """Closest canonical name to a misspelling, if one is close enough."""
        # The closest spelling that names one canonical name ("Tan Bin": not "Tan Binh", which names two).
        for key in difflib.get_close_matches(loose_key(text), self._loose_keys, n=3, cutoff=0.75):
            if len(self.loose[key]) == 1:
                return next(iter(self.loose[key]))
        return None

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
        One row per administrative unit, in the cluster's display order: the
        six districts, then the 23 wards that replaced them on 1 July 2025,
        grouped by ``former_district`` (a district code); ``valid_from`` and
        ``valid_to`` (ISO dates, blank when open) bound when each existed, and
        ``source`` says where the row comes from.
    clusters : DataFrame
        Cluster membership and role per year, with the cluster system named.
    old_wards : DataFrame
        The wards before 1 July 2025 and the new ward each went to (a unit
        code), ``whole`` or ``part`` (an old ward split between two new wards
        has two rows).
    unit_aliases : DataFrame
        The unit aliases table (``alias``, ``code``), bundled and extra rows.
    """

    awards: pd.DataFrame
    units: pd.DataFrame
    clusters: pd.DataFrame
    award_lookup: Lookup
    unit_lookup: Lookup
    column_lookup: Lookup
    recipient_kind_lookup: Lookup
    old_wards: pd.DataFrame = field(default_factory=pd.DataFrame)
    unit_aliases: pd.DataFrame = field(default_factory=pd.DataFrame)

    @functools.cached_property
    def old_ward_lookup(self) -> Lookup:
        """Spellings of the old wards (``P.4, Q.3``) to their name in ``old_wards`` (``Phường 4, Quận 3``).

        Built on first use: only a unit the catalogue does not know needs it.
        """
        spellings: dict[str, dict[str, str]] = {}  # per district code, one spelling per match key
        aliases = zip(self.unit_aliases["alias"], self.unit_aliases["code"], strict=True)
        for spelling, code in [*zip(self.units["name"], self.units["code"], strict=True), *aliases]:
            if not spelling.startswith(("UBND", "Ủy ban")):
                spellings.setdefault(code, {}).setdefault(match_key(spelling), spelling)
        spellings = {code: [code, *found.values()] for code, found in spellings.items()}
        rules = read_catalog_table("unit_alias_rules.csv")
        return Lookup.build("old ward", _old_ward_spellings(self.old_wards, spellings, rules))

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

    @functools.cached_property
    def _unit_rows(self) -> dict[str, dict[str, object]]:
        return {row["name"]: row for row in self.units.to_dict("records")}

    def unit_row(self, name: str) -> Mapping[str, object]:
        """The catalogue's row of a unit (column → cell), by canonical name; read once per catalogue."""
        return self._unit_rows[name]

    def unit_years(self, name: str) -> tuple[int | None, int | None]:
        """First and last year in which a unit existed for at least a day (None: open).

        Examples
        --------
        >>> default_catalog().unit_years("Quận 1"), default_catalog().unit_years("Phường Sài Gòn")
        ((None, 2025), (2025, None))
        """
        row = self.unit_row(name)
        return (
            int(str(row["valid_from"])[:4]) if row["valid_from"] else None,
            int(str(row["valid_to"])[:4]) if row["valid_to"] else None,
        )

    def unit_exists_in(self, name: str, year: int) -> bool:
        """Whether a unit existed during some part of ``year`` (2025 holds districts and wards)."""
        first, last = self.unit_years(name)
        return (first is None or first <= year) and (last is None or year <= last)

    def former_district(self, name: str) -> str:
        """The district a unit lies in: its ``former_district``, or the unit itself for a district.

        Examples
        --------
        >>> default_catalog().former_district("Phường Bàn Cờ")
        'Quận 3'
        """
        code = self.unit_row(name)["former_district"]
        return self.unit_name(str(code)) if code else name

    def wards_of(self, district: str) -> list[str]:
        """The wards lying in ``district`` (a canonical name), in display order."""
        code = self.unit_code(district)
        return self.units.loc[self.units["former_district"] == code, "name"].tolist()

    def unit_name(self, code: str) -> str:
        """Canonical name of a unit from its code or any alias."""
        found = self.unit_lookup.resolve(code)
        if found.canonical is None:
            hint = t("load.did_you_mean", "en", suggestion=found.suggestion) if found.suggestion else ""
            known = ", ".join(self.units["code"])
            raise KeyError(t("load.unknown_unit_code", "en", code=repr(code), known=known, hint=hint))
        return found.canonical


def _either(names: Iterable[str]) -> str:
    """``'Quận Tân Bình' or 'Phường Tân Bình'``: the names a spelling may mean."""
    return f" {t('reorg.or', 'en')} ".join(f"'{name}'" for name in names)


def _loose(text: str, key: str) -> str:
    """``loose_key(text)`` given ``key = match_key(text)``; ASCII text has no diacritics to drop."""
    return key if text.isascii() else loose_key(text)


def read_catalog_table(name: str) -> pd.DataFrame:
    """One of the package's tables in ``catalogs/``, every cell as text (blank cells as ``""``)."""
    with (
        resources.files("emulation_analysis").joinpath("catalogs", name).open("r", encoding="utf-8") as handle
    ):
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
        columns = {"missing": ", ".join(missing), "required": ", ".join(required)}
        raise ValueError(t("load.extra_table_columns", "en", name=name, where=where, **columns))
    return frame.map(nfc)


def _extend(
    base: pd.DataFrame, extras: Iterable[TableSource], name: str, optional: tuple[str, ...] = ()
) -> pd.DataFrame:
    required = [c for c in base.columns if c not in optional]
    frames = [base] + [_as_frame(e, name, required) for e in extras]
    return pd.concat(frames, ignore_index=True)[list(base.columns)].fillna("")


# Columns a caller's extra units table may leave out (tables written before wards were known).
_OPTIONAL_UNIT_COLUMNS = ("former_district", "valid_from", "valid_to", "source")


def _check_units(units: pd.DataFrame) -> None:
    """Dates are ISO dates and each ``former_district`` is a district's code."""
    districts = set(units.loc[units["former_district"] == "", "code"])
    for row in units.itertuples():
        for column in ("valid_from", "valid_to"):
            value = getattr(row, column)
            if value and not pd.notna(pd.to_datetime(value, format="%Y-%m-%d", errors="coerce")):
                problem = t("load.unit_date", "en", unit=repr(row.name), column=column, value=repr(value))
                raise ValueError(problem)
        if row.former_district and row.former_district not in districts:
            code = repr(row.former_district)
            raise ValueError(t("load.unit_former_district", "en", unit=repr(row.name), code=code))


def _check_shared_spellings(lookup: Lookup, units: pd.DataFrame) -> None:
    """A spelling may name two units only if they never existed on the same day (a district, a later ward)."""
    span = {
        row.name: (row.valid_from or "0000-00-00", row.valid_to or "9999-99-99") for row in units.itertuples()
    }
    for key, names in lookup.shared.items():
        for i, first in enumerate(names):
            for second in names[i + 1 :]:
                (start_a, end_a), (start_b, end_b) = span[first], span[second]
                if not (end_a < start_b or end_b < start_a):
                    spelling = repr(lookup.spellings[key])
                    both = {"first": repr(first), "second": repr(second)}
                    raise ValueError(t("load.catalog_conflict_same_time", "en", spelling=spelling, **both))


def _unit_alias_spellings(units: pd.DataFrame, rules: pd.DataFrame):
    """Routine spellings of each ward (``P. Sài Gòn``, ``UBND Phường Sài Gòn``, its code), from the rules."""
    for rule in rules[rules["applies_to"] == "phường"].itertuples():
        for unit in units[units["kind"] == "phường"].itertuples():
            bare = unit.name.removeprefix("Phường ").strip()
            yield rule.pattern.format(name=bare, code=unit.code), unit.name


def _old_ward_spellings(old_wards: pd.DataFrame, district_spellings: Mapping[str, list[str]], rules):
    """Spellings of the old wards: each rule with each of the district's spellings."""
    patterns = rules.loc[rules["applies_to"] == "phường cũ", "pattern"].tolist()
    for district, old_ward in dict.fromkeys(
        zip(old_wards["former_district"], old_wards["old_ward"], strict=True)
    ):
        bare = old_ward.removeprefix("Phường ").strip()
        numbered = bare.isdigit()
        fields = {
            "ward": bare,
            "ward2": f"{int(bare):02d}" if numbered and int(bare) < 10 else None,
            "named": None if numbered else bare,
        }
        name = _old_ward_name(old_ward, district_spellings[district][1])
        for pattern in patterns:
            needed = [f for f in fields if "{" + f + "}" in pattern]
            if any(fields[f] is None for f in needed):
                continue
            spellings = district_spellings[district] if "{district}" in pattern else [""]
            for spelling in spellings:
                yield pattern.format(district=spelling, **{f: fields[f] for f in needed}), name


def _old_ward_name(old_ward: str, district: str) -> str:
    return f"{old_ward}, {district}"


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
            target = repr(alias.target)
            raise ValueError(t("load.award_alias_target", "en", alias=repr(alias.alias), target=target))
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
    >>> cat.unit_lookup.resolve("Quan Tan Binh").canonical
    'Quận Tân Bình'
    >>> cat.unit_lookup.resolve("Tân Bình").candidates   # the loader chooses by the record's year
    ('Quận Tân Bình', 'Phường Tân Bình')
    """
    award_table = _extend(read_catalog_table("award_forms.csv"), awards, "award_forms")
    award_table["rank"] = pd.to_numeric(award_table["rank"], errors="raise")
    award_table = award_table.sort_values("rank", kind="stable").reset_index(drop=True)
    unit_table = _extend(read_catalog_table("units.csv"), units, "units", _OPTIONAL_UNIT_COLUMNS)
    _check_units(unit_table)
    for column in ("code", "name"):
        twice = unit_table.loc[unit_table[column].duplicated(), column].tolist()
        if twice:
            raise ValueError(t("load.units_twice", "en", column=column, values=", ".join(map(repr, twice))))
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
        raise ValueError(t("load.unit_alias_codes", "en", codes=", ".join(unknown)))
    unit_pairs = [(n, n) for n in unit_table["name"]]
    unit_pairs += list(zip(unit_table["code"], unit_table["name"], strict=True))
    unit_pairs += list(zip(unit_table["name_en"], unit_table["name"], strict=True))
    unit_pairs += [(a, code_to_unit[c]) for a, c in zip(*unit_alias_table.T.values[:2], strict=True)]
    alias_rules = read_catalog_table("unit_alias_rules.csv")
    unit_pairs += list(_unit_alias_spellings(unit_table, alias_rules))
    # A spelling may name two units (Tân Bình: the district until 30/6/2025, the ward after):
    # the loader chooses by the record's year, or asks.
    unit_lookup = Lookup.build("unit", unit_pairs, shared=True)
    _check_shared_spellings(unit_lookup, unit_table)

    old_ward_table = read_catalog_table("old_wards.csv")
    old_ward_table["name"] = [
        _old_ward_name(w, code_to_unit[d])
        for d, w in zip(old_ward_table["former_district"], old_ward_table["old_ward"], strict=True)
    ]

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
        old_wards=old_ward_table,
        unit_aliases=unit_alias_table,
    )


@functools.cache
def default_catalog() -> Catalog:
    """The bundled catalogue, read once per process (it is immutable)."""
    return load_catalog()
