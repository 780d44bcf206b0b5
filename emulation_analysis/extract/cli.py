"""``emulation-analysis extract FILE... --out review.csv``: report text to a review CSV."""

from __future__ import annotations

import argparse
import codecs
import sys
from pathlib import Path

import pandas as pd

from .grammar import REVIEW_FIELDS, extract_report, review_frame

__all__ = ["add_extract_parser", "read_report_text"]


class ReportTextError(ValueError):
    """A report file that cannot be read as text."""


def read_report_text(path: str | Path) -> str:
    """Text of a report file: UTF-8 (with or without BOM), UTF-16 or Windows-1258.

    ``"-"`` reads standard input, so a paragraph can be pasted in.
    """
    if str(path) == "-":
        return sys.stdin.read()
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise ReportTextError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise ReportTextError(f"{path}: is a folder; name the report files") from None
    if raw.startswith((b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0")):
        raise ReportTextError(
            f"{path}: is a Word, PDF or Excel file; copy the report's text into a .txt file (UTF-8) first"
        )
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        # Old Vietnamese Windows text; cp1258 decodes any byte, so it is the last resort.
        return raw.decode("cp1258", errors="replace")


def _extract(args: argparse.Namespace) -> int:
    out = Path(args.out) if args.out else None
    if out is not None and out.exists() and not args.force:
        print(f"{out} already exists; choose another name or add --force to overwrite it", file=sys.stderr)
        return 1
    tables = []
    for name in args.files:
        try:
            text = read_report_text(name)
        except ReportTextError as error:
            print(error, file=sys.stderr)
            return 1
        source = args.source or ("standard input" if name == "-" else Path(name).name)
        found = extract_report(text, year=args.year, source=source)
        tables.append(review_frame(found))
        _report(found, source)
    table = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=list(REVIEW_FIELDS))
    if out is None:
        table.to_csv(sys.stdout, index=False)
    else:
        table.to_csv(out, index=False, encoding="utf-8-sig")
        decide = int((table["count"] == "").sum())
        print(
            f"wrote {len(table)} rows to {out}; "
            + (
                f"{decide} need a decision (empty 'count', see the 'review' column) "
                "before load_awards accepts the file"
                if decide
                else "every row is ready to load"
            ),
            file=sys.stderr,
        )
    return 0


def _report(found, source: str) -> None:
    """Per-file summary on stderr: proposals and flagged counts never join the conferred total."""
    totals = found.totals()
    conferred, proposed = totals.loc["conferred"], totals.loc["proposed"]
    print(
        f"{source}: {len(found.records)} records — conferred {conferred['count']} awards"
        + (f" (+{conferred['flagged_count']} flagged for review)" if conferred["flagged_count"] else "")
        + f"; proposed {proposed['count'] + proposed['flagged_count']}"
        + f"; {len(found.mentions)} mentions without a number",
        file=sys.stderr,
    )


def add_extract_parser(commands) -> None:
    """Add the ``extract`` subcommand to the CLI's subparsers."""
    extract = commands.add_parser(
        "extract",
        help="read award counts from report text into a CSV for review",
        description=(
            "Read award counts from report prose (plain text files in UTF-8, UTF-16 or "
            "Windows-1258; '-' reads standard input) and write one row per unit, award form "
            "and count, with the sentence and exact span each came from. Rows that need a "
            "decision (proposals, awards named without a number, anything flagged) have an "
            "empty 'count' and a 'review' note: load_awards / 'validate' refuse the file "
            "until the reviewer types the count or deletes the row."
        ),
    )
    extract.add_argument("files", nargs="+", metavar="FILE", help="report text file, or - for standard input")
    extract.add_argument("--out", "-o", metavar="CSV", help="review CSV to write (default: standard output)")
    extract.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    extract.add_argument(
        "--year", type=int, help="year of the awards where the text states none (or only a period)"
    )
    extract.add_argument("--source", help="text for the source column (default: the file name)")
    extract.set_defaults(handler=_extract)
