"""Which text encoding an award file is written in, and where it stops being that encoding.

Offices save CSV as UTF-8 (with or without BOM), as UTF-16 ("Unicode text")
or in the old Vietnamese Windows code page 1258; the first bytes tell which.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import AwardDataError
from ..i18n import t

__all__ = ["UTF8_SEQUENCE", "check_options", "decode_failure", "detect_encoding", "looks_binary"]

_fail = AwardDataError.about  # one problem with a file, as an error to raise

#: A well-formed multi-byte UTF-8 character.
UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def check_options(name: str, encoding: str | None, delimiter: str | None) -> str | None:
    if delimiter is not None and (len(delimiter) != 1 or delimiter in '"\r\n'):
        raise _fail(name, t("load.bad_delimiter", "en", delimiter=repr(delimiter)))
    if encoding is None:
        return None
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise _fail(name, t("load.unknown_encoding", "en", encoding=encoding)) from None


def detect_encoding(name: str, head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        sample = head[:4096]
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > len(sample) * 0.4 and even == 0:
            return "utf-16-le"
        if even > len(sample) * 0.4 and odd == 0:
            return "utf-16-be"
        raise _fail(name, t("load.binary_file", "en"))
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    high = sum(1 for byte in head if byte >= 0x80)
    in_sequences = sum(len(m) for m in UTF8_SEQUENCE.findall(head))
    if in_sequences * 2 > high:
        # Mostly well-formed UTF-8 with a few bad bytes: reading it as
        # Windows-1258 would garble every Vietnamese letter, so say where it breaks.
        return "utf-8"
    try:
        head.decode("cp1258")
    except UnicodeDecodeError:
        raise _fail(name, t("load.unknown_text_encoding", "en")) from None
    return "cp1258"


def decode_failure(path: Path, name: str, encoding: str, given: bool) -> AwardDataError:
    """Say where a file stops being valid ``encoding``."""
    data = path.read_bytes()
    how = t("load.encoding_given", "en") if given else t("load.encoding_detected", "en")
    if codecs.lookup(encoding).name.startswith(("utf-16", "utf-32")):
        # A position inside two- or four-byte units would only confuse.
        return _fail(name, t("load.not_utf16_text", "en", encoding=encoding, how=how, upper=encoding.upper()))
    try:
        data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = f"{data[exc.start]:#04x}"
        return _fail(name, t("load.invalid_byte", "en", encoding=encoding, how=how, byte=byte), lines=(line,))
    except UnicodeError as exc:
        return _fail(name, t("load.cannot_decode_reason", "en", encoding=encoding, reason=exc))
    return _fail(name, t("load.cannot_decode", "en", encoding=encoding))


def looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
    return controls > max(2, len(sample) // 100)
