"""Write Vietnamese the way Windows-1258 ("Vietnamese (Windows)") files hold it.

Windows-1258 has the base letters (â, ê, ô, ơ, ư, ă, đ) but only a few
precomposed toned letters; the other tones are separate combining marks
after the letter. Python's ``cp1258`` codec does no such decomposition, so
tests that write such files use :func:`windows_1258`.
"""

from __future__ import annotations

import unicodedata

TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng


def windows_1258(text: str) -> bytes:
    """Encode ``text`` as Windows-1258, splitting off tone marks where needed.

    Raises ``UnicodeEncodeError`` for characters Windows-1258 cannot hold.
    """
    out = []
    for char in unicodedata.normalize("NFC", text):
        try:
            out.append(char.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in TONE_MARKS))
        tones = "".join(p for p in parts if p in TONE_MARKS)
        out.append((base + tones).encode("cp1258"))
    return b"".join(out)


def encodable_in_1258(text: str) -> bool:
    """Whether :func:`windows_1258` can write ``text``."""
    try:
        windows_1258(text)
    except UnicodeEncodeError:
        return False
    return True
