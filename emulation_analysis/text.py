"""Text normalisation shared by the loader, the catalogues and the extractor.

Vietnamese names reach us in many shapes: NFD from macOS, double spaces from
copy-paste, upper case in titles, no diacritics from old keyboards. Two keys
are used to match them:

* :func:`match_key` keeps the diacritics and forgets case, spacing and
  punctuation (``"Quận  10"`` and ``"quận 10."`` agree);
* :func:`loose_key` also forgets the diacritics (``"Quan 10"``), and is only
  trusted by callers when it points at a single name.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "escape_formula",
    "is_unaccented",
    "loose_key",
    "match_key",
    "nfc",
    "strip_diacritics",
    "unescape_formula",
]

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
# đ/Đ are letters of their own, not d plus a combining mark, so NFD keeps them.
_D_STROKE = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC with surrounding whitespace removed.

    Examples
    --------
    >>> nfc(" Ta\u0302n Bi\u0300nh ") == "Tân Bình"
    True
    """
    return unicodedata.normalize("NFC", text).strip()


def strip_diacritics(text: str) -> str:
    """Remove Vietnamese diacritics, including the stroke of ``đ``.

    Examples
    --------
    >>> strip_diacritics("Quận Tân Bình, Huân chương Lao động")
    'Quan Tan Binh, Huan chuong Lao dong'
    """
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", bare.translate(_D_STROKE))


def match_key(text: str) -> str:
    """Key that ignores case, spacing and punctuation but keeps diacritics.

    Examples
    --------
    >>> match_key("Q. Tân  Bình") == match_key("q tân bình")
    True
    """
    folded = unicodedata.normalize("NFC", text).casefold()
    return _NON_WORD.sub(" ", folded).strip()


def loose_key(text: str) -> str:
    """Key that also ignores diacritics (``"Tan Binh"`` matches ``"Tân Bình"``).

    Examples
    --------
    >>> loose_key("Quận Tân Bình")
    'quan tan binh'
    """
    return match_key(strip_diacritics(text))


def is_unaccented(text: str) -> bool:
    """Whether ``text`` carries no Vietnamese diacritic at all.

    Only such spellings may be matched while ignoring diacritics: text typed
    with marks, but different ones (``"khen thương"`` for ``"khen thưởng"``),
    is a typo to report, not a spelling to guess.

    Examples
    --------
    >>> is_unaccented("Tan Binh"), is_unaccented("Tân Binh")
    (True, False)
    """
    return match_key(text) == loose_key(text)


# A spreadsheet reads a cell starting with one of these as a formula (OWASP,
# "CSV Injection"): text written for people to open in Excel is prefixed with
# an apostrophe, which Excel shows as text and does not display.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(text: str) -> str:
    """``text`` made safe for a spreadsheet cell: ``'`` before a leading ``= + - @``, tab or CR.

    Examples
    --------
    >>> print(escape_formula("=HYPERLINK(A1)"), escape_formula("- Quận 1 nhận 2 Bằng khen"))
    '=HYPERLINK(A1) '- Quận 1 nhận 2 Bằng khen
    >>> escape_formula("Quận 1")
    'Quận 1'
    """
    return "'" + text if _needs_quote(text) else text


def _needs_quote(text: str) -> bool:
    # Apostrophes already in front are quoted once more, so that reading back is exact.
    return text.lstrip("'").startswith(FORMULA_STARTS)


def unescape_formula(text: str) -> str:
    """The text :func:`escape_formula` was given (other text is returned as it is).

    Examples
    --------
    >>> unescape_formula("'=1+2"), unescape_formula("'quoted"), unescape_formula("''=1")
    ('=1+2', "'quoted", "'=1")
    """
    return text[1:] if text.startswith("'") and _needs_quote(text[1:]) else text
