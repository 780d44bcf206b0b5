"""Command line: ``emulation-analysis validate|...``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import pandas as pd

from .errors import AwardDataError
from .extract.cli import add_extract_parser
from .io.load import load_awards

__all__ = ["main", "summarize"]


def summarize(records: pd.DataFrame) -> str:
    """Plain-text summary of loaded records: rows, years, units, awards per form and unit.

    Examples
    --------
    >>> print(summarize(load_awards()).splitlines()[0])
    13 records, 29 awards, year 2018, 6 units
    """
    years = sorted(records["year"].unique().tolist())
    year_text = f"year {years[0]}" if len(years) == 1 else f"years {', '.join(map(str, years))}"
    units = records["district"].cat.remove_unused_categories().cat.categories
    lines = [
        f"{len(records)} records, {int(records['count'].sum())} awards, {year_text}, {len(units)} units",
    ]
    illustrative = int(records["illustrative"].sum())
    if illustrative:
        lines.append(f"WARNING: {illustrative} records are illustrative, not official figures")
    for title, column in (("Awards per form", "award"), ("Awards per unit", "district")):
        totals = records.groupby(column, observed=True)["count"].sum()
        width = max(len(str(k)) for k in totals.index)
        lines += ["", f"{title}:"]
        lines += [f"  {name:<{width}}  {int(total):>6}" for name, total in totals.items()]
    return "\n".join(lines)


def _validate(args: argparse.Namespace) -> int:
    try:
        records = load_awards(
            args.paths,
            sheet=args.sheet,
            encoding=args.encoding,
            delimiter=args.delimiter,
            duplicates="keep" if args.keep_duplicates else "error",
        )
    except AwardDataError as error:
        print(error, file=sys.stderr)
        return 1
    print(summarize(records))
    return 0


def _briefing(args: argparse.Namespace) -> int:
    from .report.briefing import BriefingError, render_briefings

    def progress(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    try:
        render_briefings(
            args.out,
            data=args.data,
            years=args.years or (),
            districts=args.districts or (),
            lang=args.lang,
            progress=progress,
        )
    except (AwardDataError, BriefingError) as error:
        print(f"briefing failed; {args.out} left as it was.\n{error}", file=sys.stderr)
        return 1
    return 0


def _add_briefing_parser(commands) -> None:
    briefing = commands.add_parser(
        "briefing",
        help="render the notebooks into offline HTML briefings (one page each plus index.html)",
        description=(
            "Run every briefing notebook on the records and write one self-contained HTML page per "
            "notebook, plus index.html, into the output folder. Without --data: the bundled real "
            "data (and the illustrative dataset for the year comparison while the real data holds a "
            "single year). The folder is replaced only once every page has rendered."
        ),
    )
    add = briefing.add_argument
    add("--data", metavar="PATH", help="award records: a file or a folder (default: bundled data)")
    add(
        "--years", nargs="+", type=int, metavar="YEAR",
        help="years to show: the distribution for the last one, the comparison first → last",
    )
    add("--districts", nargs="+", metavar="CODE", help="unit codes, e.g. Q1 Q3 TB (default: all)")
    add("--lang", choices=("vi", "en"), default="vi", help="language of the pages (default: vi)")
    add("--out", default="reports", metavar="DIR", help="output folder (default: reports)")
    briefing.set_defaults(handler=_briefing)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="emulation-analysis",
        description="Check, summarise and report emulation & commendation award records.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate = commands.add_parser(
        "validate",
        help="check award files and print a summary, or every problem found",
        description=(
            "Load award records (CSV/TXT in UTF-8, UTF-16 or Windows-1258; .xlsx; Parquet; "
            "or folders of them), check every value, and print a summary. On bad input, "
            "print each problem with its file, line, column and value, and exit with status 1."
        ),
    )
    validate.add_argument("paths", nargs="+", metavar="PATH", help="file or folder of award records")
    validate.add_argument("--sheet", help="worksheet of .xlsx files (default: the first)")
    validate.add_argument("--encoding", help="text encoding of CSV/TXT files (default: detected)")
    validate.add_argument("--delimiter", help="field separator of CSV/TXT files (default: detected)")
    validate.add_argument(
        "--keep-duplicates",
        action="store_true",
        help="accept exactly repeated rows (otherwise reported as probable double entry)",
    )
    validate.set_defaults(handler=_validate)
    _add_briefing_parser(commands)
    add_extract_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``emulation-analysis`` command."""
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
