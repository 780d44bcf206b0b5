"""Load award records from CSV, Excel or Parquet into one validated DataFrame.

Each file is read (:mod:`.read`), its cells checked (:mod:`.validate`), and
the records of all files joined into one frame of the shape
:mod:`emulation_analysis.schema` declares. Every problem of every file is
reported at once, in one :class:`~emulation_analysis.errors.AwardDataError`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from ..catalog import Catalog, default_catalog
from ..errors import AwardDataError, Problem
from ..i18n import t
from ..schema import RECORD_COLUMNS, check_frame
from .excel import ALL_SHEETS, MAX_UNZIPPED_MB, SheetChoice
from .read import SUPPORTED_SUFFIXES, RawTable, read_tables
from .validate import CHECKED_COLUMNS, double_entries, validate_table
from .wide import read_wide, with_columns

__all__ = [
    "bundled_data_path",
    "load_awards",
    "validate_records",
]


def bundled_data_path() -> Path:
    """Path of the bundled real records (the 2018 review of Cụm thi đua 1)."""
    return Path(str(resources.files("emulation_analysis").joinpath("datasets", "awards.csv")))


def _shown_name(path: str | Path) -> str:
    """How a file is named in problems and ``origin_file``: bytes of a name that is not UTF-8 escaped.

    Such a name (copied from an old system) reaches Python with stand-ins
    for its bytes, which no text column or terminal accepts.
    """
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _expand_sources(source: str | Path | Iterable[str | Path]) -> list[tuple[Path, str]]:
    items = [source] if isinstance(source, str | Path) else list(source)
    if not items:
        raise AwardDataError([Problem(t("load.no_files_name", "en"), t("load.no_files", "en"))])
    files: list[tuple[Path, str]] = []
    for item in items:
        path = Path(item)
        if not path.is_dir():
            files.append((path, _shown_name(item)))
            continue
        found = sorted(
            p
            for p in path.iterdir()
            if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES and not p.name.startswith((".", "~$"))
        )
        if not found:
            raise AwardDataError([Problem(_shown_name(path), t("load.empty_folder", "en"))])
        files += [(p, _shown_name(p)) for p in found]
    return files


def load_awards(
    source: str | Path | Iterable[str | Path] | None = None,
    *,
    sheet: SheetChoice = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    duplicates: str = "error",
    catalog: Catalog | None = None,
    year: int | None = None,
    max_unzipped_mb: float = MAX_UNZIPPED_MB,
) -> pd.DataFrame:
    """Load award records and check every value against the catalogues.

    Parameters
    ----------
    source : path, list of paths, folder, or None
        CSV/text files (UTF-8 with or without BOM, UTF-16, Windows-1258;
        ``,`` ``;`` or tab separated), ``.xlsx`` workbooks and Parquet files.
        A folder stands for every such file in it. ``None`` loads the bundled
        real data (the 2018 review of Cụm thi đua 1).
    sheet : str, int, list or "*", optional
        Worksheet of an ``.xlsx`` file, by name or number (from 0). By default
        the sheet Excel opens on if it is visible, else the first visible one,
        with a warning naming other visible sheets that also hold records. A
        list loads several sheets and ``"*"`` every visible sheet holding
        records; ``origin_file`` then names each row's sheet
        (``"file.xlsx [sheet 2019]"``).
    encoding, delimiter : str, optional
        Override the detected text encoding or delimiter.
    duplicates : {"error", "keep"}
        Exactly repeated rows are reported as probable double entry unless
        ``"keep"`` is given (e.g. one row per individual award decision).
    catalog : Catalog, optional
        Reference tables, extended with the analyst's own; see
        :func:`emulation_analysis.load_catalog`.
    year : int, optional
        The year of wide sheets that say it neither in a ``Năm`` column, nor
        in their title (``… năm 2024``), nor in the sheet's name.
    max_unzipped_mb : float
        An ``.xlsx`` file that unpacks to more megabytes than this (200 by
        default) is refused before it is read: a zip bomb would otherwise
        fill the memory.

    Wide sheets (units as rows, one column per award form, optionally split
    *Tập thể* / *Cá nhân*, with a totals row and column) are read as well:
    each count cell becomes a record, its column letter kept in
    ``origin_column``; totals are checked against the cells, then dropped.

    Returns
    -------
    DataFrame
        One row per input row, nothing merged or dropped, with columns
        ``year`` (int), ``district`` and ``award`` (ordered categoricals: cluster
        order and precedence order), ``count`` (int), ``recipient_kind``
        (``"tập thể"``, ``"cá nhân"`` or missing), ``cluster``, ``source``,
        ``note``, ``illustrative`` (bool), ``origin_file`` and ``origin_line``
        (where the row came from: the line as a text editor shows it, or the
        row as Excel shows it), ``origin_column`` (the column letter of a wide
        sheet's cell; missing for long tables), then any extra columns of the input.

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
        raise ValueError(t("load.duplicates_option", "en", value=repr(duplicates)))
    catalog = catalog or default_catalog()
    files = [(bundled_data_path(), "awards.csv")] if source is None else _expand_sources(source)

    # Header detection looks up the same cells under each candidate delimiter.
    column_of = functools.lru_cache(maxsize=4096)(catalog.column_lookup.find)

    def header_score(row: Sequence[object]) -> int:
        return len({column_of(str(c)) for c in row if c is not None} & set(RECORD_COLUMNS))

    def few_values(header: str) -> bool:  # the checked columns: each distinct value is looked up once
        return column_of(header) in CHECKED_COLUMNS

    tables = []
    problems: list[Problem] = []
    for path, name in files:
        options = {"sheet": sheet, "encoding": encoding, "delimiter": delimiter}
        try:
            if sheet is None or (isinstance(sheet, str | int) and sheet != ALL_SHEETS):
                # A wide sheet (units as rows, award forms as columns) is told by its first rows.
                wide = read_wide(path, name, catalog, year=year, max_unzipped_mb=max_unzipped_mb, **options)
            else:
                wide = None  # several sheets: each is read in the long layout
            if wide is not None:
                raws = [wide.raw]
            else:
                limits = {"few_values": few_values, "max_unzipped_mb": max_unzipped_mb}
                raws = read_tables(path, name, header_score, **limits, **options)
        except AwardDataError as exc:
            problems += exc.problems
            continue
        for raw in raws:
            table = validate_table(raw, catalog)
            if wide is not None and table.records is not None:
                table.records = with_columns(table.records, wide.letters)
            problems += table.problems
            tables.append(table)
    if duplicates == "error":
        # Also when other problems were found: a double entry is a mistake of
        # its own, and listing it now spares the user another round.
        problems += double_entries(tables)
    if problems:
        raise AwardDataError(problems)
    frames = [t.records for t in tables if t.records is not None]
    if not frames:
        raise AwardDataError([Problem(files[0][1], t("load.holds_no_records", "en"))])
    return _combine(frames)


def validate_records(
    frame: pd.DataFrame, *, name: str = "DataFrame", catalog: Catalog | None = None
) -> pd.DataFrame:
    """Validate records already in memory (columns named as in a file).

    Parameters
    ----------
    frame : DataFrame
        Cells as read from a spreadsheet: text or numbers, headers in English
        or Vietnamese.
    name : str
        How problems refer to the table.
    catalog : Catalog, optional
        Reference tables; the bundled ones by default.

    Returns
    -------
    DataFrame
        What :func:`load_awards` would return for the same cells; rows are
        numbered from 1 in ``origin_line`` and in problems.

    Raises
    ------
    AwardDataError
        Listing every problem, double entries included.

    Examples
    --------
    >>> raw = pd.DataFrame({"Năm": ["2018"], "Quận": ["Q1"],
    ...                     "Hình thức khen thưởng": ["BKTTg"], "Số lượng": ["7"]})
    >>> row = validate_records(raw).iloc[0]
    >>> row["district"], row["award"], int(row["count"])
    ('Quận 1', 'Bằng khen của Thủ tướng Chính phủ', 7)
    """
    frame = frame.reset_index(drop=True)
    frame.columns = [str(c) for c in frame.columns]
    raw = RawTable(name, frame, np.arange(1, len(frame) + 1, dtype=np.int64), "row")
    table = validate_table(raw, catalog or default_catalog())
    problems = table.problems + double_entries([table])
    if problems or table.records is None:
        raise AwardDataError(problems or [Problem(name, t("load.holds_no_records", "en"))])
    return check_frame(table.records)


def _combine(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """One frame of all files' records, ``origin_file`` listing the files in order."""
    if len(frames) > 1:
        files = list(dict.fromkeys(f["origin_file"].cat.categories[0] for f in frames))
        letters = list(dict.fromkeys(c for f in frames for c in f["origin_column"].cat.categories))
        for frame in frames:
            frame["origin_file"] = frame["origin_file"].cat.set_categories(files)
            frame["origin_column"] = frame["origin_column"].cat.set_categories(letters)
        frames = [pd.concat(frames, ignore_index=True)]
    return check_frame(frames[0])
