"""Load award records from CSV, Excel or Parquet into one validated DataFrame.

Validation works on each column's *distinct* values (a district name is
resolved once, however many rows repeat it), so a million rows cost little
more than reading them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from .catalog import Catalog, Lookup, default_catalog
from .errors import AwardDataError, Problem
from .readers import SUPPORTED_SUFFIXES, RawTable, read_table
from .text import match_key, nfc

__all__ = [
    "load_awards",
    "validate_records",
    "RECORD_COLUMNS",
    "REQUIRED_COLUMNS",
    "RECIPIENT_KINDS",
    "bundled_data_path",
]

REQUIRED_COLUMNS = ("year", "district", "award", "count")
TEXT_COLUMNS = ("cluster", "source", "note")
RECORD_COLUMNS = (
    *REQUIRED_COLUMNS,
    "recipient_kind",
    *TEXT_COLUMNS,
    "illustrative",
    "origin_file",
    "origin_line",
)
RECIPIENT_KINDS = ("tập thể", "cá nhân")
YEAR_RANGE = (1945, 2100)

_BOOLEAN_WORDS = {
    **dict.fromkeys(("true", "yes", "1", "x", "có", "co", "đúng", "dung", "minh hoạ", "minh họa"), True),
    **dict.fromkeys(("false", "no", "0", "không", "khong", "sai", ""), False),
}
_PLAIN_INT = re.compile(r"\d+")
_THOUSANDS_INT = re.compile(r"\d{1,3}(?:\.\d{3})+")
_DECIMAL = re.compile(r"-?\d*[.,]\d+")
_NEGATIVE = re.compile(r"-\s*\d+(?:[.,]\d+)*")


def bundled_data_path() -> Path:
    """Path of the bundled real records (the 2018 review of Cụm thi đua 1)."""
    return Path(str(resources.files(__package__).joinpath("datasets", "awards.csv")))


def _expand_sources(source: str | Path | Iterable[str | Path]) -> list[tuple[Path, str]]:
    items = [source] if isinstance(source, str | Path) else list(source)
    if not items:
        raise AwardDataError([Problem("(no files)", "no input files were given")])
    files: list[tuple[Path, str]] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            found = sorted(
                p
                for p in path.iterdir()
                if p.is_file()
                and p.suffix.lower() in SUPPORTED_SUFFIXES
                and not p.name.startswith((".", "~$"))
            )
            if not found:
                raise AwardDataError(
                    [Problem(str(path), "folder holds no .csv, .txt, .tsv, .xlsx or .parquet file")]
                )
            files += [(p, str(p)) for p in found]
        else:
            files.append((path, str(item)))
    return files


def load_awards(
    source: str | Path | Iterable[str | Path] | None = None,
    *,
    sheet: str | int | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    duplicates: str = "error",
    catalog: Catalog | None = None,
) -> pd.DataFrame:
    """Load award records and check every value against the catalogues.

    Parameters
    ----------
    source : path, list of paths, folder, or None
        CSV/text files (UTF-8 with or without BOM, UTF-16, Windows-1258;
        ``,`` ``;`` or tab separated), ``.xlsx`` workbooks and Parquet files.
        A folder stands for every such file in it. ``None`` loads the bundled
        real data (the 2018 review of Cụm thi đua 1).
    sheet : str or int, optional
        Worksheet of an ``.xlsx`` file; the first sheet by default.
    encoding, delimiter : str, optional
        Override the detected text encoding or delimiter.
    duplicates : {"error", "keep"}
        Exactly repeated rows are reported as probable double entry unless
        ``"keep"`` is given (e.g. one row per individual award decision).
    catalog : Catalog, optional
        Reference tables, extended with the analyst's own; see
        :func:`emulation_analysis.load_catalog`.

    Returns
    -------
    DataFrame
        One row per input row, nothing merged or dropped, with columns
        ``year`` (int), ``district`` and ``award`` (ordered categoricals: cluster
        order and precedence order), ``count`` (int), ``recipient_kind``
        (``"tập thể"``, ``"cá nhân"`` or missing), ``cluster``, ``source``,
        ``note``, ``illustrative`` (bool), ``origin_file`` and ``origin_line``
        (where the row came from: the line as a text editor shows it, or the
        row as Excel shows it), then any extra columns of the input.

    Raises
    ------
    AwardDataError
        Listing every problem found, each with file, line, column and value.

    Examples
    --------
    >>> awards = load_awards()
    >>> int(awards["count"].sum())
    29
    >>> awards["district"].cat.categories[:2].tolist()
    ['Quận 1', 'Quận 3']
    """
    if duplicates not in ("error", "keep"):
        raise ValueError(f"duplicates must be 'error' or 'keep', not {duplicates!r}")
    catalog = catalog or default_catalog()
    if source is None:
        files = [(bundled_data_path(), "awards.csv")]
    else:
        files = _expand_sources(source)

    def header_score(row: Sequence[object]) -> int:
        names = {catalog.column_lookup.resolve(str(c)).canonical for c in row if c is not None}
        return len(names & set(RECORD_COLUMNS))

    frames: list[pd.DataFrame] = []
    problems: list[Problem] = []
    for path, name in files:
        try:
            raw = read_table(
                path, name, header_score, sheet=sheet, encoding=encoding, delimiter=delimiter
            )
        except AwardDataError as exc:
            problems += exc.problems
            continue
        frame, found = _validate_table(raw, catalog)
        problems += found
        if frame is not None:
            frames.append(frame)
    if not problems and frames:
        records = _combine(frames)
        if duplicates == "error":
            problems += _double_entries(records)
        if not problems:
            return records
    if not problems:
        problems.append(Problem(files[0][1], "holds no records"))
    raise AwardDataError(problems)


def validate_records(frame: pd.DataFrame, *, name: str = "DataFrame", catalog: Catalog | None = None) -> pd.DataFrame:
    """Validate records already in memory (columns named as in a file).

    Row numbers in errors count from 1. Returns the frame :func:`load_awards`
    would return for the same cells.

    Examples
    --------
    >>> raw = pd.DataFrame({"Năm": ["2018"], "Quận": ["Q1"],
    ...                     "Hình thức khen thưởng": ["BKTTg"], "Số lượng": ["7"]})
    >>> validate_records(raw)[["district", "award", "count"]].iloc[0].tolist()
    ['Quận 1', 'Bằng khen của Thủ tướng Chính phủ', 7]
    """
    catalog = catalog or default_catalog()
    raw = RawTable(name, frame.reset_index(drop=True), np.arange(1, len(frame) + 1), "row")
    records, problems = _validate_table(raw, catalog)
    if records is not None and not problems:
        problems = _double_entries(records)
    if problems or records is None:
        raise AwardDataError(problems or [Problem(name, "holds no records")])
    return records


# --- validation of one table ------------------------------------------------


class _Column:
    """A column's distinct values and, for each row, which value it holds."""

    def __init__(self, series: pd.Series):
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        self.codes = codes
        self.uniques = list(uniques)

    def remap(self, values: list[object], dtype=object, missing: object = None) -> np.ndarray:
        """Per-row array from one value per distinct value (``missing`` for NA)."""
        return np.asarray([*values, missing], dtype=dtype)[self.codes]


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(str(value))


def _shown(value: object) -> str:
    return "" if value is None or value is pd.NA else str(value)


def _validate_table(raw: RawTable, catalog: Catalog) -> tuple[pd.DataFrame | None, list[Problem]]:
    frame = raw.frame
    problems: list[Problem] = []

    def problem(message: str, **where) -> None:
        problems.append(Problem(raw.name, message, line_label=raw.line_label, **where))

    mapping, extras = _map_columns(frame.columns, catalog.column_lookup, problem)
    if any(col not in mapping for col in REQUIRED_COLUMNS):
        return None, problems

    blank = _blank_rows(frame)
    if blank.any():
        frame = frame.loc[~blank]
        lines = raw.lines[~blank]
    else:
        lines = raw.lines
    if frame.empty:
        problem("has a header row but no records")
        return None, problems

    columns = {target: _Column(frame[header]) for target, header in mapping.items()}
    if raw.exact_lines is not None and _has_line_break(columns):
        lines = raw.exact_lines()[~blank] if blank.any() else raw.exact_lines()

    def report(target: str, index: int, message: str, suggestion: str | None = None) -> None:
        rows = np.flatnonzero(columns[target].codes == index)
        problem(
            message,
            lines=tuple(int(n) for n in lines[rows]),
            column=mapping[target],
            value=_shown(columns[target].uniques[index]),
            suggestion=suggestion,
        )

    def report_missing(target: str, message: str) -> None:
        rows = np.flatnonzero(columns[target].codes == -1)
        if len(rows):
            problem(message, lines=tuple(int(n) for n in lines[rows]), column=mapping[target], value="")

    out: dict[str, object] = {}
    out["year"] = _whole_numbers(columns["year"], report, report_missing, "year")
    out["district"] = _categories(
        columns["district"], catalog.unit_lookup, catalog.unit_names, report, report_missing, "district"
    )
    out["award"] = _categories(
        columns["award"], catalog.award_lookup, catalog.award_names, report, report_missing, "award"
    )
    out["count"] = _whole_numbers(columns["count"], report, report_missing, "count")
    if "recipient_kind" in columns:
        out["recipient_kind"] = _recipient_kinds(
            columns["recipient_kind"], catalog.recipient_kind_lookup, report
        )
    else:
        out["recipient_kind"] = pd.Categorical([None] * len(frame), categories=RECIPIENT_KINDS)
    for target in TEXT_COLUMNS:
        out[target] = _free_text(columns[target]) if target in columns else pd.array(
            [None] * len(frame), dtype="str"
        )
    if "illustrative" in columns:
        out["illustrative"] = _booleans(columns["illustrative"], report)
    else:
        out["illustrative"] = np.zeros(len(frame), dtype=bool)
    if problems:
        return None, problems
    records = pd.DataFrame(out)
    records["origin_file"] = pd.Categorical.from_codes(
        np.zeros(len(frame), dtype=np.int8), categories=[raw.name]
    )
    records["origin_line"] = lines.astype(np.int64)
    for header in extras:
        records[nfc(header)] = _free_text(_Column(frame[header]))
    return records, problems


def _map_columns(headers, lookup: Lookup, problem) -> tuple[dict[str, str], list[str]]:
    mapping: dict[str, str] = {}
    extras: list[str] = []
    for header in headers:
        target = lookup.resolve(str(header)).canonical
        if target is None:
            extras.append(header)
        elif target in mapping:
            problem(
                f"columns '{mapping[target]}' and '{header}' both hold the {target}; keep one",
                column=str(header),
            )
        else:
            mapping[target] = header
    for target in REQUIRED_COLUMNS:
        if target in mapping:
            continue
        near = [h for h in extras if lookup.suggest(str(h)) is not None and lookup.resolve(
            lookup.suggest(str(h)) or "").canonical == target]
        found = ", ".join(f"'{h}'" for h in headers)
        problem(
            f"required column '{target}' is missing (headers found: {found})",
            column=near[0] if near else None,
            suggestion=_column_hint(target, lookup) if near else None,
        )
    return mapping, extras


def _column_hint(target: str, lookup: Lookup) -> str:
    vietnamese = [a for a, t in lookup.exact.items() if t == target and not a.isascii()]
    return vietnamese[0] if vietnamese else target


def _blank_rows(frame: pd.DataFrame) -> np.ndarray:
    blank = np.ones(len(frame), dtype=bool)
    for column in frame.columns:
        series = frame[column]
        blank &= (series.isna() | (series.astype("str").str.strip() == "")).to_numpy() if series.dtype == object else (
            series.isna() | (series == "")
        ).to_numpy(dtype=bool, na_value=True)
        if not blank.any():
            break
    return blank


def _has_line_break(columns: dict[str, _Column]) -> bool:
    return any(isinstance(u, str) and "\n" in u for c in columns.values() for u in c.uniques)


def _whole_numbers(column: _Column, report, report_missing, target: str) -> np.ndarray:
    values: list[object] = []
    for index, raw in enumerate(column.uniques):
        number, message = _parse_whole(raw, target)
        if message:
            report(target, index, message)
        values.append(number)
    if target == "year":
        report_missing(target, "year is blank")
    else:
        report_missing(target, "count is blank; write 0 if none were awarded")
    if any(v is None for v in values) or (column.codes == -1).any():
        return column.remap(values)
    return column.remap(values, dtype=np.int64, missing=0)


def _parse_whole(raw: object, target: str) -> tuple[int | None, str | None]:
    if isinstance(raw, bool | np.bool_):
        return None, f"is not a {target}"
    if isinstance(raw, int | np.integer):
        number = int(raw)
    elif isinstance(raw, float | np.floating):
        if not float(raw).is_integer():
            return None, f"is not a whole number; a {target} counts whole awards"
        number = int(raw)
    else:
        text = nfc(str(raw))
        if _PLAIN_INT.fullmatch(text):
            number = int(text)
        elif target == "count" and _THOUSANDS_INT.fullmatch(text):
            number = int(text.replace(".", ""))
        elif not text:
            return None, f"{target} is blank" + ("; write 0 if none were awarded" if target == "count" else "")
        elif _NEGATIVE.fullmatch(text):
            return None, f"is negative; a {target} is a whole number ≥ 0"
        elif _DECIMAL.fullmatch(text):
            return None, f"is not a whole number; a {target} counts whole awards" if target == "count" else "is not a year"
        else:
            return None, f"is not a {'number' if target == 'count' else 'year (four digits, e.g. 2018)'}"
    if number < 0:
        return None, f"is negative; a {target} is a whole number ≥ 0"
    if target == "year" and not YEAR_RANGE[0] <= number <= YEAR_RANGE[1]:
        return None, f"is not a plausible year (expected {YEAR_RANGE[0]}–{YEAR_RANGE[1]})"
    return number, None


def _categories(column: _Column, lookup: Lookup, names: list[str], report, report_missing, target: str):
    position = {name: i for i, name in enumerate(names)}
    codes: list[int] = []
    for index, raw in enumerate(column.uniques):
        text = _text(raw)
        found = lookup.resolve(text)
        if found.canonical is None:
            report(target, index, found.problem or f"is not a known {lookup.what}", found.suggestion)
            codes.append(-1)
        else:
            codes.append(position[found.canonical])
    report_missing(target, f"{lookup.what} is blank")
    table = np.asarray(codes + [-1], dtype=np.int32)
    return pd.Categorical.from_codes(table[column.codes], categories=names, ordered=True)


def _recipient_kinds(column: _Column, lookup: Lookup, report) -> pd.Categorical:
    kinds: list[object] = []
    for index, raw in enumerate(column.uniques):
        text = _text(raw)
        if match_key(text) in ("", "không rõ", "unknown"):
            kinds.append(None)
            continue
        found = lookup.resolve(text)
        if found.canonical is None:
            report(
                "recipient_kind",
                index,
                "is not a recipient kind (use 'tập thể', 'cá nhân' or leave blank)",
                found.suggestion,
            )
        kinds.append(found.canonical)
    return pd.Categorical(column.remap(kinds), categories=RECIPIENT_KINDS)


def _free_text(column: _Column) -> pd.arrays.ArrowStringArray:
    values = [(_text(u) or None) for u in column.uniques]
    return pd.array(column.remap(values), dtype="str")


def _booleans(column: _Column, report) -> np.ndarray:
    flags: list[object] = []
    for index, raw in enumerate(column.uniques):
        if isinstance(raw, bool | np.bool_):
            flags.append(bool(raw))
            continue
        flag = _BOOLEAN_WORDS.get(match_key(_text(raw)))
        if flag is None:
            report("illustrative", index, "is not true/false (use true, false or leave blank)")
        flags.append(flag)
    flags.append(False)  # a blank cell means real data
    return np.asarray(flags, dtype=object)[column.codes].astype(bool)


# --- across tables ----------------------------------------------------------


def _combine(frames: list[pd.DataFrame]) -> pd.DataFrame:
    if len(frames) == 1:
        return frames[0]
    files = [f["origin_file"].cat.categories[0] for f in frames]
    for frame in frames:
        frame["origin_file"] = frame["origin_file"].cat.set_categories(files)
    return pd.concat(frames, ignore_index=True)


def _double_entries(records: pd.DataFrame) -> list[Problem]:
    data_columns = [c for c in records.columns if c not in ("origin_file", "origin_line")]
    repeated = records.duplicated(subset=data_columns, keep=False)
    if not repeated.any():
        return []
    problems = []
    groups = records.loc[repeated].groupby(data_columns, observed=True, dropna=False, sort=False)
    for _, group in groups:
        first = group.iloc[0]
        places = [f"{f} line {n}" for f, n in zip(group["origin_file"], group["origin_line"], strict=True)]
        problems.append(
            Problem(
                str(first["origin_file"]),
                f"repeats the same record ({first['year']}, {first['district']}, {first['award']}, "
                f"{first['count']}) at {', '.join(places[1:])}: probable double entry "
                "(load with duplicates='keep' if these are separate awards)",
                lines=(int(first["origin_line"]),),
            )
        )
    return problems
