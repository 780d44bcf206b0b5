"""The one error type for bad award data, and the problems it carries."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from .i18n import t

__all__ = ["SHOWN_CHARACTERS", "SHOWN_PROBLEMS", "AwardDataError", "Problem", "visible"]

_SHOWN_LINES = 5
SHOWN_PROBLEMS = 200
"""Problems an error's message lists; the others are in its ``problems``."""
SHOWN_CHARACTERS = 80
"""Characters of a value a message shows; longer values are cut (their length said)."""
_NOT_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e]")
# Characters that show as nothing or as a space, or drive the terminal: control and format
# characters (BOM, zero-width space, direction marks), separators other than the space.
_HIDDEN_CATEGORIES = frozenset(("Cc", "Cf", "Cs", "Co", "Zl", "Zp", "Zs"))


def _escape(match: re.Match) -> str:
    char = match.group()
    if unicodedata.category(char) not in _HIDDEN_CATEGORIES:
        return char
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible(text: str, limit: int | None = None) -> str:
    r"""``text`` as a message shows it: hidden and control characters escaped, long text cut.

    A value that looks right but is not (a BOM, a zero-width or no-break
    space) shows what is wrong with it, and no cell can drive the terminal.

    Examples
    --------
    >>> visible("\ufeffQuận\u00a01\x1b[31m")
    '\\ufeffQuận\\xa01\\x1b[31m'
    >>> visible("9" * 5000, limit=20)
    '99999999999999999999… (5000 characters)'
    """
    if limit is not None and len(text) > limit:
        text = f"{text[:limit]}… ({len(text)} characters)"
    return _NOT_PRINTABLE_ASCII.sub(_escape, text)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as the input allows.

    Attributes
    ----------
    file : str
        The file as the caller named it.
    message : str
        What is wrong, in words a spreadsheet user understands.
    lines : tuple of int
        Line numbers as a text editor shows them (row numbers as Excel shows
        them for ``.xlsx``); empty when the problem concerns the whole file.
    line_label : str
        ``"line"`` for text files, ``"row"`` for spreadsheets and Parquet.
    column : str or None
        The column header as written in the file.
    value : str or None
        The offending value as written in the file.
    suggestion : str or None
        The closest valid value, for near-misses.
    """

    file: str
    message: str
    lines: tuple[int, ...] = ()
    line_label: str = "line"
    column: str | None = None
    value: str | None = None
    suggestion: str | None = None

    @property
    def line(self) -> int | None:
        """The first line (or row) concerned, if any."""
        return self.lines[0] if self.lines else None

    def __str__(self) -> str:
        return visible(self._text())

    def _text(self) -> str:
        where = [self.file]
        if self.lines:
            shown = ", ".join(str(n) for n in self.lines[:_SHOWN_LINES])
            more = len(self.lines) - _SHOWN_LINES
            plural = "s" if len(self.lines) > 1 else ""
            where.append(f"{self.line_label}{plural} {shown}" + (f" (+{more} more)" if more > 0 else ""))
        if self.column is not None:
            where.append(f"column '{visible(self.column, SHOWN_CHARACTERS)}'")
        text = ", ".join(where) + ": "
        if self.value is not None:
            text += f"value '{visible(self.value, SHOWN_CHARACTERS)}' "
        text += self.message
        if self.suggestion is not None:
            text += t("load.did_you_mean", "en", suggestion=self.suggestion)
        return text


class AwardDataError(ValueError):
    """Raised when award records cannot be loaded as they are.

    The message lists every problem found (not only the first); the
    :attr:`problems` attribute holds them as :class:`Problem` objects.
    """

    def __init__(self, problems: Sequence[Problem]):
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self._render())

    @classmethod
    def about(cls, file: str, message: str, **where) -> AwardDataError:
        """The error for one problem with ``file`` (``where``: lines, column, value …)."""
        return cls([Problem(file, message, **where)])

    def _render(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the award records:"
        body = [f"  {i}. {p}" for i, p in enumerate(self.problems[:SHOWN_PROBLEMS], 1)]
        if count > SHOWN_PROBLEMS:
            body.append(f"  … and {count - SHOWN_PROBLEMS} more (see the error's .problems)")
        return "\n".join([head, *body])
