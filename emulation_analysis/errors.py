"""The one error type for bad award data, and the problems it carries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["AwardDataError", "Problem"]

_SHOWN_LINES = 5
_SHOWN_PROBLEMS = 200


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
        where = [self.file]
        if self.lines:
            shown = ", ".join(str(n) for n in self.lines[:_SHOWN_LINES])
            more = len(self.lines) - _SHOWN_LINES
            plural = "s" if len(self.lines) > 1 else ""
            where.append(f"{self.line_label}{plural} {shown}" + (f" (+{more} more)" if more > 0 else ""))
        if self.column is not None:
            where.append(f"column '{self.column}'")
        text = ", ".join(where) + ": "
        if self.value is not None:
            text += f"value '{self.value}' "
        text += self.message
        if self.suggestion is not None:
            text += f"; did you mean '{self.suggestion}'?"
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
        body = [f"  {i}. {p}" for i, p in enumerate(self.problems[:_SHOWN_PROBLEMS], 1)]
        if count > _SHOWN_PROBLEMS:
            body.append(f"  … and {count - _SHOWN_PROBLEMS} more (see the error's .problems)")
        return "\n".join([head, *body])
