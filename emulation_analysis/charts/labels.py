"""Chart wording and domain colours, read from tables in ``catalogs/``.

* wording comes from the message catalogue (:mod:`emulation_analysis.i18n`),
  so charts and notebooks say the same thing.
* ``award_colours.csv``: one fixed colour per award form (by code), used by
  every chart, so "Bằng khen Thủ tướng" is the same orange everywhere.
* ``unit_styles.csv``: colour and marker per unit for line charts.

Names of units and forms come from the catalogue (``name``/``short_name``
for Vietnamese, ``name_en`` for English).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import TypeVar

import pandas as pd

from ..catalog import Catalog, default_catalog, read_catalog_table
from ..i18n import Lang, check_lang
from ..i18n import t as label
from ..schema import TOTAL

__all__ = ["award_colour", "award_label", "label", "unit_label", "unit_style"]

T = TypeVar("T")

# Colours for forms or units a caller adds to the catalogue without giving a
# colour: greys of distinct lightness, assigned by precedence so they are stable.
_FALLBACK_COLOURS = ("#555555", "#777777", "#999999", "#BBBBBB", "#DDDDDD")
_FALLBACK_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


@functools.cache
def _award_colours() -> dict[str, str]:
    table = read_catalog_table("award_colours.csv")
    return dict(zip(table["code"], table["colour"], strict=True))


@functools.cache
def _unit_styles() -> dict[str, tuple[str, str]]:
    table = read_catalog_table("unit_styles.csv")
    return {r.code: (r.colour, r.marker) for r in table.itertuples()}


def award_label(name: str, lang: Lang = "vi", *, short: bool = True, catalog: Catalog | None = None) -> str:
    """Display name of an award form: the catalogue's short name, full name or English name.

    Examples
    --------
    >>> award_label("Bằng khen của Thủ tướng Chính phủ")
    'Bằng khen Thủ tướng'
    >>> award_label("Huân chương Lao động hạng Ba", "en")
    'Labour Order, Third Class'
    """
    check_lang(lang)
    catalog = catalog or default_catalog()
    rows = catalog.awards[catalog.awards["name"] == name]
    if rows.empty:
        return name
    row = rows.iloc[0]
    if lang == "en":
        return row["name_en"] or name
    return (row["short_name"] or name) if short else name


def unit_label(name: str, lang: Lang = "vi", *, catalog: Catalog | None = None) -> str:
    """Display name of a unit (district or ward) in ``lang``.

    Examples
    --------
    >>> unit_label("Quận Tân Bình", "en")
    'Tan Binh District'
    """
    check_lang(lang)
    catalog = catalog or default_catalog()
    if name == TOTAL:
        return label("chart.total", lang)
    rows = catalog.units[catalog.units["name"] == name]
    if rows.empty or lang == "vi":
        return name
    return rows.iloc[0]["name_en"] or name


def _styled(
    name: str, table: pd.DataFrame, names: list[str], styles: Mapping[str, T], fallback: Callable[[int], T]
) -> T:
    """The style of ``name`` from ``styles`` (keyed by catalogue code), else ``fallback(position)``.

    ``table`` is the catalogue table holding ``name`` and ``code``; a name the
    style table does not list gets a fallback chosen by its catalogue position,
    so it is the same on every chart.
    """
    rows = table[table["name"] == name]
    code = rows.iloc[0]["code"] if not rows.empty else None
    if code in styles:
        return styles[code]
    return fallback(names.index(name) if name in names else 0)


def award_colour(name: str, *, catalog: Catalog | None = None) -> str:
    """The fixed colour of an award form (by catalogue code), as ``#RRGGBB``.

    Examples
    --------
    >>> award_colour("Bằng khen của Thủ tướng Chính phủ")
    '#E69F00'
    """
    catalog = catalog or default_catalog()
    return _styled(
        name,
        catalog.awards,
        catalog.award_names,
        _award_colours(),
        lambda position: _FALLBACK_COLOURS[position % len(_FALLBACK_COLOURS)],
    )


def unit_style(name: str, *, catalog: Catalog | None = None) -> tuple[str, str]:
    """``(colour, marker)`` of a unit in line charts.

    Examples
    --------
    >>> unit_style("Quận 1")
    ('#0072B2', 'o')
    """
    catalog = catalog or default_catalog()
    return _styled(
        name,
        catalog.units,
        catalog.unit_names,
        _unit_styles(),
        lambda position: (
            _FALLBACK_COLOURS[position % len(_FALLBACK_COLOURS)],
            _FALLBACK_MARKERS[position % len(_FALLBACK_MARKERS)],
        ),
    )
