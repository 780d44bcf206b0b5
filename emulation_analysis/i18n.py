"""Every user-facing string, in Vietnamese and English, from one message catalogue.

The wording lives in ``catalogs/messages.csv`` (columns ``key``, ``vi``,
``en``); :func:`t` looks a key up and fills in ``{fields}``. Numbers are
written the way each language writes them by :func:`format_number` and
:func:`format_percent`. Adding a language means adding one column to the
table and its code to :data:`LANGUAGES`. Pages, charts and tables follow
the ``lang`` their caller asks for; what is written to a terminal follows
:func:`console_lang` (the locale, or ``EMULATION_ANALYSIS_LANG``).

Examples
--------
>>> t("chart.watermark", "en")
'Illustrative data — not official figures'
>>> format_number(2104), format_number(-3.5, "vi", 1), format_percent(0.448276)
('2.104', '−3,5', '44,8 %')
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from importlib import resources
from typing import Literal

import pandas as pd

__all__ = [
    "LANGUAGES",
    "LANG_VARIABLE",
    "Lang",
    "check_lang",
    "console_lang",
    "format_number",
    "format_percent",
    "messages",
    "t",
]

Lang = Literal["vi", "en"]
LANGUAGES: tuple[str, ...] = ("vi", "en")
#: U+2212, the minus sign typography asks for (a hyphen is shorter and breaks lines).
MINUS = "\u2212"

#: Environment variable that chooses the language of terminal messages (``vi`` or ``en``).
LANG_VARIABLE = "EMULATION_ANALYSIS_LANG"


def console_lang(environ: Mapping[str, str] | None = None) -> str:
    """The language of terminal messages: ``EMULATION_ANALYSIS_LANG``, else the locale, else English.

    Examples
    --------
    >>> console_lang({"LANG": "vi_VN.UTF-8"}), console_lang({"LANG": "C.UTF-8"}), console_lang({})
    ('vi', 'en', 'en')
    >>> console_lang({"EMULATION_ANALYSIS_LANG": "vi", "LANG": "en_GB.UTF-8"})
    'vi'
    """
    environ = os.environ if environ is None else environ
    chosen = environ.get(LANG_VARIABLE, "").strip().lower()
    if chosen in LANGUAGES:
        return chosen
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable)
        if value:
            return "vi" if value.lower().startswith("vi") else "en"
    return "en"


@functools.cache
def messages() -> pd.DataFrame:
    """The message catalogue, indexed by key, one column per language."""
    # Read here, not with catalog.read_catalog_table: the catalogue words its own problems with t().
    table = resources.files("emulation_analysis").joinpath("catalogs", "messages.csv")
    with table.open("r", encoding="utf-8") as handle:
        return pd.read_csv(handle, dtype=str, keep_default_na=False).set_index("key")


def check_lang(lang: str) -> str:
    """``lang`` itself when it is a supported language code, else a ValueError listing them."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    return lang


def t(key: str, /, lang: str = "vi", **fields: object) -> str:
    """The message ``key`` in ``lang``, with ``{fields}`` filled in.

    Examples
    --------
    >>> t("chart.period.year", year=2018)
    'năm 2018'
    """
    check_lang(lang)
    table = messages()
    if key not in table.index:
        raise KeyError(f"no message {key!r} in catalogs/messages.csv")
    return table.at[key, lang].format(**fields)


def format_number(value: float, lang: str = "vi", digits: int = 0, *, signed: bool = False) -> str:
    """``1234.5`` → ``"1.234,5"`` (vi) or ``"1,234.5"`` (en); negatives with a true minus sign.

    ``signed`` writes a plus sign before a positive number (a change: ``"+12"``);
    zero has no sign either way. A missing value (NaN) is written ``"—"``.

    Examples
    --------
    >>> format_number(1234.5, "vi", 1), format_number(1234.5, "en", 1), format_number(-7, "en")
    ('1.234,5', '1,234.5', '−7')
    >>> format_number(12, signed=True), format_number(0, signed=True), format_number(float("nan"))
    ('+12', '0', '—')
    """
    check_lang(lang)
    if value != value:  # NaN
        return "—"
    shown = f"{abs(value):,.{digits}f}"
    if lang == "vi":
        shown = shown.replace(",", "\0").replace(".", ",").replace("\0", ".")
    nonzero = any(c not in "0.," for c in shown)
    if value < 0 and nonzero:
        return MINUS + shown
    return "+" + shown if signed and value > 0 and nonzero else shown


def format_percent(fraction: float, lang: str = "vi", digits: int = 1, *, signed: bool = False) -> str:
    """A fraction as a percentage: ``0.448`` → ``"44,8 %"`` (vi) or ``"44.8%"`` (en).

    Examples
    --------
    >>> format_percent(0.448276, "en"), format_percent(-0.194, "vi")
    ('44.8%', '−19,4 %')
    >>> format_percent(0.5, "vi", 0, signed=True), format_percent(0.5, "en", 0, signed=True)
    ('+50 %', '+50%')
    """
    number = format_number(100 * fraction, lang, digits, signed=signed)
    if number == "—":
        return number
    return f"{number}%" if lang == "en" else f"{number} %"
