"""The command line: one ``emulation-analysis`` command, one subcommand per task.

::

    emulation-analysis validate PATH... [--sheet S] [--encoding E] [--delimiter D] [--keep-duplicates]
    emulation-analysis extract FILE... [--out CSV] [--force] [--year YEAR] [--source TEXT]
    emulation-analysis briefing [--data PATH] [--years YEAR...] [--districts CODE...] [--lang vi|en]
                                [--out DIR]
    emulation-analysis notebooks --inplace NOTEBOOK...     (maintainers: ``make notebooks``)
    emulation-analysis illustrative [--out CSV] [--seed N] (maintainers: the illustrative dataset)

``python -m emulation_analysis`` is the same command. Every message it writes
(help, errors, progress) comes from ``catalogs/messages.csv`` (keys ``cli.…``),
in English, or in Vietnamese when the locale (``LC_ALL``, ``LC_MESSAGES``,
``LANG``) is Vietnamese; ``EMULATION_ANALYSIS_LANG=vi`` or ``=en`` overrides
the locale.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import difflib
import errno
import os
import re
import signal
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from .analysis.reorganisation import double_count_message, probable_double_counts
from .errors import AwardDataError
from .i18n import LANGUAGES, console_lang, t
from .io.illustrative import SEED
from .io.load import load_awards
from .version import __version__

__all__ = ["COMMANDS", "ReportTextError", "build_parser", "main", "read_report_text", "summarize"]

PROG = "emulation-analysis"
# Each command with its message keys (help line, description), written whole so they can be found.
COMMAND_TEXTS = {
    "validate": ("cli.validate.help", "cli.validate.description"),
    "extract": ("cli.extract.help", "cli.extract.description"),
    "briefing": ("cli.briefing.help", "cli.briefing.description"),
    "notebooks": ("cli.notebooks.help", "cli.notebooks.description"),
    "illustrative": ("cli.illustrative.help", "cli.illustrative.description"),
}
COMMANDS = tuple(COMMAND_TEXTS)


# --- argparse, speaking the catalogue's language ------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose own words (usage, section titles, errors) come from the catalogue."""

    def __init__(self, *args, lang: str = "en", **kwargs):
        self.lang = lang
        kwargs.setdefault("formatter_class", _formatter(lang))
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = t("cli.arguments", lang)
        self._optionals.title = t("cli.options", lang)
        self.add_argument("-h", "--help", action="help", help=t("cli.help", lang))

    def error(self, message: str):
        self.print_usage(sys.stderr)
        lang = self.lang
        self.exit(
            2,
            t("cli.error", lang, prog=self.prog, message=_argparse_message(message, lang))
            + "\n"
            + t("cli.error_hint", lang, prog=PROG)
            + "\n",
        )


# argparse's own messages (Python 3.11 wording), and the catalogue key that says each in our words
ARGPARSE_MESSAGES = (
    (r"the following arguments are required: (?P<names>.+)", "cli.argparse.required"),
    (
        r"argument (?P<argument>\S+): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)",
        "cli.argparse.invalid_choice",
    ),
    (r"unrecognized arguments: (?P<names>.+)", "cli.argparse.unrecognized"),
    (r"argument (?P<argument>\S+): expected one argument", "cli.argparse.one_value"),
    (r"argument (?P<argument>\S+): expected at least one argument", "cli.argparse.some_values"),
    (r"argument (?P<argument>\S+): (?P<message>.+)", "cli.argparse.argument"),
)


def _argparse_message(message: str, lang: str) -> str:
    """One of argparse's own error messages in ``lang`` (unchanged when it is not a known one).

    Examples
    --------
    >>> _argparse_message("the following arguments are required: PATH", "vi")
    'thiếu đối số bắt buộc: PATH'
    >>> _argparse_message("argument --lang: invalid choice: 'fr' (choose from 'vi', 'en')", "en")
    "argument --lang: invalid choice: 'fr' (choose from 'vi', 'en')"
    """
    for pattern, key in ARGPARSE_MESSAGES:
        found = re.fullmatch(pattern, message, re.DOTALL)
        if found:
            return t(key, lang, **found.groupdict())
    return message


def _formatter(lang: str) -> type[argparse.HelpFormatter]:
    class Formatter(argparse.HelpFormatter):
        def add_usage(self, usage, actions, groups, prefix=None):
            # argparse asks with prefix="" when it builds a subcommand's prog from the parent's usage
            if prefix is None:
                prefix = t("cli.usage", lang) + " "
            super().add_usage(usage, actions, groups, prefix=prefix)

    return Formatter


def _year(lang: str):
    """An argparse ``type``: a year written in four digits."""

    def year(value: str) -> int:
        if not (value.isascii() and value.isdigit() and len(value) == 4):
            raise argparse.ArgumentTypeError(t("cli.bad_year", lang, value=value))
        return int(value)

    return year


def _integer(lang: str):
    def integer(value: str) -> int:
        try:
            return int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(t("cli.bad_integer", lang, value=value)) from None

    return integer


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


# --- validate ------------------------------------------------------------------------------------


def summarize(records: pd.DataFrame, lang: str = "en") -> str:
    """Plain-text summary of loaded records: rows, years, units, awards per form and unit.

    Examples
    --------
    >>> print(summarize(load_awards()).splitlines()[0])
    13 records, 29 awards, year 2018, 6 units
    >>> print(summarize(load_awards(), "vi").splitlines()[0])
    13 bản ghi, 29 lượt khen thưởng, năm 2018, 6 đơn vị
    """
    years = sorted(records["year"].unique().tolist())
    period = (
        t("cli.summary.year", lang, year=years[0])
        if len(years) == 1
        else t("cli.summary.years", lang, years=", ".join(map(str, years)))
    )
    units = records["district"].cat.remove_unused_categories().cat.categories
    awards = int(records["count"].sum())
    lines = [
        t("cli.summary.head", lang, records=len(records), awards=awards, period=period, units=len(units))
    ]
    illustrative = int(records["illustrative"].sum())
    if illustrative:
        lines.append(t("cli.summary.illustrative", lang, count=illustrative))
    overlap = probable_double_counts(records)  # a district's own record beside its wards'
    if len(overlap):
        lines.append(double_count_message(overlap, lang))
    for key, column in (("cli.summary.per_form", "award"), ("cli.summary.per_unit", "district")):
        totals = records.groupby(column, observed=True)["count"].sum()
        width = max(len(str(k)) for k in totals.index)
        lines += ["", f"{t(key, lang)}:"]
        lines += [f"  {name:<{width}}  {int(total):>6}" for name, total in totals.items()]
    return "\n".join(lines)


def _validate(args: argparse.Namespace) -> int:
    try:
        with warnings.catch_warnings(record=True) as warned:  # told as plain lines, not Python's format
            records = load_awards(
                args.paths,
                sheet=args.sheet[0] if args.sheet and len(args.sheet) == 1 else args.sheet,
                encoding=args.encoding,
                delimiter=args.delimiter,
                duplicates="keep" if args.keep_duplicates else "error",
            )
    except AwardDataError as error:
        print(error, file=sys.stderr)
        return 1
    for warning in warned:
        print(warning.message, file=sys.stderr)
    print(summarize(records, args.lang_cli))
    return 0


# --- extract -------------------------------------------------------------------------------------


class ReportTextError(ValueError):
    """A report file that cannot be read as text."""


def read_report_text(path: str | Path, lang: str = "en") -> str:
    """Text of a report file: UTF-8 (with or without BOM), UTF-16 or Windows-1258.

    ``"-"`` reads standard input, so a paragraph can be pasted in.
    """
    if str(path) == "-":
        return sys.stdin.read()
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise ReportTextError(t("cli.file_not_found", lang, path=path)) from None
    except IsADirectoryError:
        raise ReportTextError(t("cli.is_folder", lang, path=path)) from None
    if raw.startswith((b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0")):
        raise ReportTextError(t("cli.not_text", lang, path=path))
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        # Old Vietnamese Windows text; cp1258 decodes any byte, so it is the last resort.
        return raw.decode("cp1258", errors="replace")


def _out_file_problem(out: Path, inputs: Sequence[str], force: bool, lang: str) -> str | None:
    """Why ``extract`` may not write ``out`` (said before any report is read), or None."""
    if out.is_symlink():  # a dangling link too: writing would create its target, somewhere else
        return t("cli.extract.out_is_link", lang, path=out, target=os.readlink(out))
    if out.is_dir():  # --force would not help: say what it is
        return t("cli.extract.out_is_folder", lang, path=out, example=out / "review.csv")
    if out.exists() and any(name != "-" and Path(name).exists() and out.samefile(name) for name in inputs):
        return t("cli.extract.out_is_input", lang, path=out)
    if out.exists() and not force:
        return t("cli.extract.exists", lang, out=out)
    if not out.parent.is_dir():
        return t("cli.cannot_write", lang, path=out, reason=t("cli.no_folder", lang, folder=out.parent))
    if not os.access(out.parent, os.W_OK | os.X_OK):
        return t("cli.cannot_write", lang, path=out, reason=os.strerror(errno.EACCES))
    return None


def _write_csv(table: pd.DataFrame, out: Path) -> None:
    """Write ``table`` to ``out`` in one step: a file beside it, then renamed over it.

    A full disk or an interruption leaves ``out`` as it was (and no partial file).
    """
    partial = out.with_name(f".{out.name}.{os.getpid()}.partial")
    try:
        table.to_csv(partial, index=False, encoding="utf-8-sig")
        os.replace(partial, out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _extract(args: argparse.Namespace) -> int:
    from .extract import REVIEW_FIELDS, NoTextError, extract_report, review_frame

    lang = args.lang_cli
    out = Path(args.out) if args.out else None
    problem = _out_file_problem(out, args.files, args.force, lang) if out is not None else None
    if problem:
        _say(problem)
        return 1
    tables = []
    for name in args.files:
        try:
            text = read_report_text(name, lang)
        except ReportTextError as error:
            _say(str(error))
            return 1
        source = args.source or (t("cli.extract.stdin", lang) if name == "-" else Path(name).name)
        try:
            found = extract_report(text, year=args.year, source=source)
        except NoTextError:
            _say(f"{source}: {t('extract.no_text', lang)}")
            return 1
        tables.append(review_frame(found))
        _extract_summary(found, source, lang)
    table = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=list(REVIEW_FIELDS))
    if out is None:
        table.to_csv(sys.stdout, index=False)
        return 0
    try:
        _write_csv(table, out)
    except OSError as error:
        _say(t("cli.cannot_write", lang, path=out, reason=error.strerror or error))
        return 1
    decide = int((table["count"] == "").sum())
    if decide:
        _say(t("cli.extract.wrote_decide", lang, rows=len(table), out=out, decide=decide))
    else:
        _say(t("cli.extract.wrote_ready", lang, rows=len(table), out=out))
    return 0


def _extract_summary(found, source: str, lang: str) -> None:
    """Per-file summary on stderr: proposals and flagged counts never join the conferred total."""
    totals = found.totals()
    conferred, proposed = totals.loc["conferred"], totals.loc["proposed"]
    flagged = conferred["flagged_count"]
    _say(
        t(
            "cli.extract.summary",
            lang,
            source=source,
            records=len(found.records),
            conferred=conferred["count"],
            flagged=" " + t("cli.extract.flagged", lang, count=flagged) if flagged else "",
            proposed=proposed["count"] + proposed["flagged_count"],
            mentions=len(found.mentions),
        )
    )


# --- briefing ------------------------------------------------------------------------------------


class _Terminated(KeyboardInterrupt):
    """SIGTERM, unwound like Ctrl-C so that the temporary folder is removed on the way out."""


def _terminated(signum, frame):
    raise _Terminated


@contextlib.contextmanager
def _sigterm_unwinds():
    """While inside, SIGTERM raises :class:`_Terminated` (in the main thread; elsewhere it cannot)."""
    try:
        previous = signal.signal(signal.SIGTERM, _terminated)
    except ValueError:  # not the main thread: signals cannot be handled here
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


# Exit codes of a briefing stopped by a signal, as a shell reports them (128 + the signal's number).
INTERRUPTED, TERMINATED = 128 + signal.SIGINT, 128 + signal.SIGTERM


def _briefing(args: argparse.Namespace) -> int:
    from .report.briefing import BriefingError, render_briefings

    lang = args.lang_cli
    failed = t("cli.briefing.failed", lang, out=args.out)
    try:
        with _sigterm_unwinds():
            render_briefings(
                args.out,
                data=args.data,
                years=args.years or (),
                districts=args.districts or (),
                lang=args.lang,
                progress=_say,
                progress_lang=lang,
            )
    except (AwardDataError, BriefingError) as error:
        _say(f"{failed}\n{error}")
        return 1
    except OSError as error:  # a full disk, or permissions changed during the render
        reason = error.strerror or error
        _say(f"{failed}\n" + t("cli.cannot_write", lang, path=error.filename or args.out, reason=reason))
        return 1
    except KeyboardInterrupt as stop:  # Ctrl-C, or SIGTERM: the temporary folder is gone already
        _say(t("cli.briefing.interrupted", lang, out=args.out))
        return TERMINATED if isinstance(stop, _Terminated) else INTERRUPTED
    return 0


# --- maintenance: notebooks, illustrative dataset --------------------------------------------------


def _notebooks(args: argparse.Namespace) -> int:
    from .report.briefing import BriefingError, execute_in_place

    lang = args.lang_cli
    problems = [
        t("cli.file_not_found", lang, path=path)
        if not Path(path).is_file()
        else t("cli.not_notebook", lang, path=path)
        for path in args.inplace
        if not (Path(path).is_file() and Path(path).suffix == ".ipynb")
    ]
    if problems:
        _say("\n".join(problems))
        return 1
    try:
        execute_in_place(args.inplace, progress=print, progress_lang=args.lang_cli)
    except BriefingError as error:
        _say(str(error))
        return 1
    return 0


def _illustrative(args: argparse.Namespace) -> int:
    from .io.illustrative import write_illustrative

    try:
        written = write_illustrative(args.out, args.seed)
    except OSError as error:
        _say(t("cli.cannot_write", args.lang_cli, path=args.out, reason=error.strerror or error))
        return 1
    print(t("cli.illustrative.wrote", args.lang_cli, path=written))
    return 0


# --- the tree --------------------------------------------------------------------------------------


def build_parser(lang: str | None = None) -> argparse.ArgumentParser:
    """The ``emulation-analysis`` parser and its subcommands, in ``lang`` (default: the console's)."""
    lang = lang or console_lang()
    parser = _Parser(prog=PROG, description=t("cli.description", lang), lang=lang)
    parser.add_argument(
        "--version", action="version", version=f"{PROG} {__version__}", help=t("cli.version", lang)
    )
    parser.set_defaults(lang_cli=lang)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    def command(name: str, handler) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=t(COMMAND_TEXTS[name][0], lang),
            description=t(COMMAND_TEXTS[name][1], lang),
            lang=lang,
        )
        sub.set_defaults(handler=handler)
        return sub

    validate = command("validate", _validate)
    validate.add_argument("paths", nargs="+", metavar="PATH", help=t("cli.validate.paths", lang))
    validate.add_argument("--sheet", action="append", help=t("cli.validate.sheet", lang))
    validate.add_argument("--encoding", help=t("cli.validate.encoding", lang))
    validate.add_argument("--delimiter", help=t("cli.validate.delimiter", lang))
    validate.add_argument(
        "--keep-duplicates", action="store_true", help=t("cli.validate.keep_duplicates", lang)
    )

    extract = command("extract", _extract)
    extract.add_argument("files", nargs="+", metavar="FILE", help=t("cli.extract.files", lang))
    extract.add_argument("--out", "-o", metavar="CSV", help=t("cli.extract.out", lang))
    extract.add_argument("--force", action="store_true", help=t("cli.extract.force", lang))
    extract.add_argument("--year", type=_year(lang), metavar="YEAR", help=t("cli.extract.year", lang))
    extract.add_argument("--source", help=t("cli.extract.source", lang))

    briefing = command("briefing", _briefing)
    briefing.add_argument("--data", metavar="PATH", help=t("cli.briefing.data", lang))
    briefing.add_argument(
        "--years", nargs="+", type=_year(lang), metavar="YEAR", help=t("cli.briefing.years", lang)
    )
    briefing.add_argument("--districts", nargs="+", metavar="CODE", help=t("cli.briefing.districts", lang))
    briefing.add_argument("--lang", choices=LANGUAGES, default="vi", help=t("cli.briefing.lang", lang))
    briefing.add_argument("--out", default="reports", metavar="DIR", help=t("cli.briefing.out", lang))

    notebooks = command("notebooks", _notebooks)
    notebooks.add_argument(
        "--inplace", nargs="+", required=True, metavar="NOTEBOOK", help=t("cli.notebooks.inplace", lang)
    )

    illustrative = command("illustrative", _illustrative)
    illustrative.add_argument("--out", metavar="CSV", help=t("cli.illustrative.out", lang))
    illustrative.add_argument(
        "--seed", type=_integer(lang), default=SEED, help=t("cli.illustrative.seed", lang, seed=SEED)
    )
    return parser


def _command_problem(argv: Sequence[str], lang: str) -> str | None:
    """A clear word for a missing or mistyped command (argparse's own is terse), or None."""
    commands = ", ".join(COMMANDS)
    if not argv:
        return t("cli.no_command", lang, commands=commands)
    first = argv[0]
    if first.startswith("-") or first in COMMANDS:
        return None
    close = difflib.get_close_matches(first, COMMANDS, n=1, cutoff=0.6)
    if close:
        return t("cli.did_you_mean", lang, command=first, suggestion=close[0], commands=commands)
    return t("cli.unknown_command", lang, command=first, commands=commands)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``emulation-analysis`` command (and of ``python -m emulation_analysis``)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = console_lang()
    parser = build_parser(lang)
    problem = _command_problem(argv, lang)
    if problem:
        parser.error(problem)
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
