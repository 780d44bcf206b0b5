"""Chart wording and domain colours, read from tables in ``catalogs/``.

* ``chart_labels.csv``: every title, axis label and fixed phrase, one
  column per language, so charts and notebooks say the same thing.
* ``award_colours.csv``: one fixed colour per award form (by code), used by
  every chart, so "Bằng khen Thủ tướng" is the same orange everywhere.
* ``unit_styles.csv``: colour and marker per unit for line charts.

Names of units and forms come from the catalogue (``name``/``short_name``
for Vietnamese, ``name_en`` for English).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from importlib import resources
from typing import Literal, TypeVar

import pandas as pd

from .catalog import Catalog, default_catalog

__all__ = ["LANGUAGES", "award_colour", "award_label", "label", "labels_table", "unit_label", "unit_style"]

Lang = Literal["vi", "en"]
T = TypeVar("T")
LANGUAGES: tuple[str, ...] = ("vi", "en")

# Colours for forms or units a caller adds to the catalogue without giving a
# colour: greys of distinct lightness, assigned by precedence so they are stable.
_FALLBACK_COLOURS = ("#555555", "#777777", "#999999", "#BBBBBB", "#DDDDDD")
_FALLBACK_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


def _read(name: str) -> pd.DataFrame:
    with resources.files(__package__).joinpath("catalogs", name).open("r", encoding="utf-8") as handle:
        return pd.read_csv(handle, dtype=str, keep_default_na=False)


@functools.cache
def labels_table() -> pd.DataFrame:
    """The chart wording table, indexed by key, one column per language."""
    return _read("chart_labels.csv").set_index("key")


@functools.cache
def _award_colours() -> dict[str, str]:
    table = _read("award_colours.csv")
    return dict(zip(table["code"], table["colour"], strict=True))


@functools.cache
def _unit_styles() -> dict[str, tuple[str, str]]:
    table = _read("unit_styles.csv")
    return {r.code: (r.colour, r.marker) for r in table.itertuples()}


def check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    return lang


def label(key: str, lang: Lang = "vi", **fields: object) -> str:
    """Wording for ``key`` in ``lang``, with ``{fields}`` filled in.

    Examples
    --------
    >>> label("distribution_title", period=label("period_year", year=2018))
    'Khen thưởng theo đơn vị, năm 2018'
    >>> label("watermark", "en")
    'Illustrative data — not official figures'
    """
    check_lang(lang)
    table = labels_table()
    if key not in table.index:
        raise KeyError(f"no chart label {key!r}; known keys: {', '.join(table.index)}")
    return table.at[key, lang].format(**fields)


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
    if name == label("total", "vi"):
        return label("total", lang)
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
