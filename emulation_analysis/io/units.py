"""Which unit a cell names, given the record's year: districts until 30/6/2025, wards after.

A unit cell is read in two steps. :func:`unit_rule` looks the text up once per
distinct value and keeps every unit it could mean (``Tân Bình`` is both the
district and, since 1 July 2025, a ward; ``Phường 4, Quận 3`` is an old ward,
now part of a new one). :func:`unit_in_year` then settles each (text, year)
pair the table holds: the one candidate that existed in that year, or a
problem that says why there is none (a ward before it existed, a district
after it ended, an old ward that was split) or asks which one was meant.
Nothing is guessed: two units existing in the same year are never chosen
between, and a split old ward is never given to one of its parts.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from ..catalog import Catalog
from ..i18n import t

__all__ = ["UnitCandidates", "date_text", "unit_in_year", "unit_rule"]

Verdict = tuple[object, str | None, str | None]


@dataclass(frozen=True)
class UnitCandidates:
    """What a unit cell may mean before its year is known."""

    names: tuple[str, ...]
    """Canonical units, catalogue order."""
    problem_if_several: str | None = None
    """The look-up's own wording when several remain (ambiguous without diacritics)."""
    old_ward: str | None = None
    """The old ward written (``"Phường 4, Quận 3"``) when the cell named one."""


def date_text(iso: str, lang: str = "en") -> str:
    """An ISO date as each language writes it: ``2025-07-01`` (en), ``01/07/2025`` (vi)."""
    if lang == "vi":
        year, month, day = iso.split("-")
        return f"{day}/{month}/{year}"
    return iso


def unit_rule(catalog: Catalog) -> Callable[[str], Verdict]:
    """Rule for the unit column, given a cell's text (NFC, trimmed): the units it may mean, or why none."""
    order = {name: i for i, name in enumerate(catalog.unit_names)}
    new_wards = dict(zip(catalog.units["code"], catalog.units["name"], strict=True))

    def rule(text: str) -> Verdict:
        found = catalog.unit_lookup.resolve(text, suggest=False)  # suggested for shown problems only
        if found.canonical is not None:
            return UnitCandidates((found.canonical,)), None, None
        if found.candidates:
            names = tuple(sorted(found.candidates, key=order.__getitem__))
            shared = found.problem if "without diacritics" in (found.problem or "") else None
            return UnitCandidates(names, problem_if_several=shared), None, None
        old = catalog.old_ward_lookup.find(text) if text else None
        if old is not None:
            rows = catalog.old_wards[catalog.old_wards["name"] == old]
            names = tuple(sorted({new_wards[c] for c in rows["new_ward"]}, key=order.__getitem__))
            return UnitCandidates(names, old_ward=old), None, None
        later = functools.partial(catalog.unit_lookup.suggest, text) if text else None
        suggestion = found.suggestion or later
        return None, found.problem or t("load.unknown_unit", "en"), suggestion

    return rule


def _choices(names: tuple[str, ...], catalog: Catalog) -> str:
    """``'Quận Tân Bình' (until …) or 'Phường Tân Bình' (from …)``: how to write each unit."""
    written = []
    for name in names:
        row = catalog.unit_row(name)
        if row["valid_to"] and not row["valid_from"]:
            written.append(t("reorg.choice_until", "en", name=name, end=date_text(row["valid_to"])))
        elif row["valid_from"]:
            written.append(t("reorg.choice_from", "en", name=name, start=date_text(row["valid_from"])))
        else:
            written.append(t("reorg.choice", "en", name=name))
    return f" {t('reorg.or', 'en')} ".join(written)


def _old_ward_problem(candidates: UnitCandidates, year: object, catalog: Catalog) -> str | None:
    """Why an old ward's name cannot stand for a unit in ``year``, or None when it can."""
    rows = catalog.old_wards[catalog.old_wards["name"] == candidates.old_ward]
    end = date_text(rows["valid_to"].iloc[0])
    exists = [n for n in candidates.names if year is None or catalog.unit_exists_in(n, int(year))]
    if len(exists) == len(candidates.names) == 1:
        return None
    if not exists:
        district = catalog.unit_name(rows["former_district"].iloc[0])
        return t(
            "reorg.old_ward_before",
            "en",
            old=candidates.old_ward,
            end=end,
            new=", ".join(candidates.names),
            year=year,
            district=district,
        )
    wards = ", ".join(candidates.names)
    return t("reorg.old_ward_split", "en", old=candidates.old_ward, end=end, wards=wards)


def unit_in_year(verdict: Verdict, year: object, catalog: Catalog) -> Verdict:
    """Settle a :func:`unit_rule` verdict for a record of ``year`` (None when the year is unreadable)."""
    candidates, problem, suggestion = verdict
    if not isinstance(candidates, UnitCandidates):
        return None, problem, suggestion
    if candidates.old_ward is not None:
        old_problem = _old_ward_problem(candidates, year, catalog)
        return (None, old_problem, None) if old_problem else (candidates.names[0], None, None)
    names = candidates.names
    if len(names) == 1:
        if year is None or catalog.unit_exists_in(names[0], int(year)):
            return names[0], None, None
        return None, _outside(names, int(year), catalog), None
    if candidates.problem_if_several:  # ambiguous without diacritics: the year does not help
        return None, candidates.problem_if_several, names[0]
    if year is None:
        choices = _choices(names, catalog)
        return None, t("reorg.ambiguous_any", "en", count=len(names), choices=choices), None
    year = int(year)
    exists = [n for n in names if catalog.unit_exists_in(n, year)]
    # The name had one meaning before the units created later took it (Tân Bình in 2019 is the
    # district); once a second unit bears it, it is never read as one of them.
    later = [n for n in names if n not in exists and (catalog.unit_years(n)[0] or year) > year]
    if len(exists) == 1 and len(later) == len(names) - 1:
        return exists[0], None, None
    if not exists:
        return None, _outside(names, year, catalog), None
    choices = _choices(names, catalog)
    if len(exists) > 1:
        return None, t("reorg.ambiguous", "en", count=len(exists), year=year, choices=choices), None
    return None, t("reorg.ambiguous_any", "en", count=len(names), choices=choices), None


def _outside(names: tuple[str, ...], year: int, catalog: Catalog) -> str:
    """A unit named for a year in which it did not exist: its dates, and what to write instead."""
    if len(names) > 1:
        return t("reorg.none_in_year", "en", year=year, choices=_choices(names, catalog))
    name = names[0]
    row = catalog.unit_row(name)
    first, _ = catalog.unit_years(name)
    if first is not None and year < first:
        former = catalog.former_district(name)
        if former != name:
            return t(
                "reorg.not_yet_former",
                "en",
                unit=name,
                start=date_text(row["valid_from"]),
                year=year,
                former=former,
            )
        return t("reorg.not_yet", "en", unit=name, start=date_text(row["valid_from"]), year=year)
    wards = catalog.wards_of(name)
    if wards:
        return t(
            "reorg.no_longer_wards",
            "en",
            unit=name,
            end=date_text(row["valid_to"]),
            year=year,
            wards=", ".join(wards),
        )
    return t("reorg.no_longer", "en", unit=name, end=date_text(row["valid_to"]), year=year)
