"""Check the cells of a table read by :mod:`.read`: one small rule per column.

A rule looks at one *distinct* value of its column (found with
:func:`pandas.factorize`) and says what it means, or what is wrong with it:
a million rows naming six districts cost six look-ups. Free text is put in
NFC and trimmed by Arrow's string kernels. Double entries are rows alike in
every column, found with :meth:`pandas.DataFrame.duplicated`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from ..catalog import Catalog, Lookup
from ..errors import SHOWN_PROBLEMS, Problem
from ..i18n import t
from ..schema import MAX_COUNT, RECIPIENT_KINDS, REQUIRED_COLUMNS, STR_DTYPE, TEXT_COLUMNS, YEAR_RANGE
from ..text import match_key, nfc, unescape_formula
from .slips import find_slips, unit_in_award
from .table import RawTable
from .units import unit_in_year, unit_rule

__all__ = ["CHECKED_COLUMNS", "NUMBER_MESSAGES", "Table", "double_entries", "validate_table"]

#: Columns checked by a rule (:func:`rules`); the others are free text.
CHECKED_COLUMNS = (*REQUIRED_COLUMNS, "recipient_kind", "illustrative")

Suggestion = str | Callable[[], str | None] | None
"""A suggestion, or how to find one (asked only for the problems that are shown)."""
Verdict = tuple[object, str | None, Suggestion]
"""What a rule makes of a value: (its meaning, the problem if any, a suggestion if any)."""
Rule = Callable[[object], Verdict]

_BOOLEAN_WORDS = {
    **dict.fromkeys(("true", "yes", "1", "x", "có", "co", "đúng", "dung", "minh hoạ", "minh họa"), True),
    **dict.fromkeys(("false", "no", "0", "không", "khong", "sai", ""), False),
}
_PLAIN_INT = re.compile(r"\d+")
_THOUSANDS_INT = re.compile(r"\d{1,3}(?:\.\d{3})+")
_DECIMAL = re.compile(r"-?\d*[.,]\d+")
_NEGATIVE = re.compile(r"-\s*\d+(?:[.,]\d+)*")
# More digits than any year or count has; Python's int() refuses text of over 4,300 digits.
_MAX_DIGITS = 18


def _text(value: object) -> str:
    """A cell as text: NFC, trimmed; a missing cell is blank, a whole float has no ``.0``."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(str(value))


# --- the rules, one per checked column -----------------------------------------------


# What is wrong with a year or a count, as message keys (written whole, so they can be found).
NUMBER_MESSAGES = {
    ("year", "blank"): "load.year_blank",
    ("count", "blank"): "load.count_blank",
    ("year", "boolean"): "load.year_boolean",
    ("count", "boolean"): "load.count_boolean",
    ("year", "fraction"): "load.year_fraction",
    ("count", "fraction"): "load.count_fraction",
    ("year", "negative"): "load.year_negative",
    ("count", "negative"): "load.count_negative",
    ("year", "not_number"): "load.year_not_number",
    ("count", "not_number"): "load.count_not_number",
    ("year", "out_of_range"): "load.year_out_of_range",
    ("count", "too_large"): "load.count_too_large",
}


def _whole(digits: str) -> int | None:
    """The number ``digits`` write, or None if it has more digits than any year or count."""
    significant = digits.lstrip("0")
    return int(significant or "0") if len(significant) <= _MAX_DIGITS else None


def whole_number(target: str) -> Rule:
    """Rule for ``year`` or ``count``: a whole number in range (``1.329`` is a count of 1329)."""

    def message(problem: str, **fields: object) -> str:
        return t(NUMBER_MESSAGES[target, problem], "en", **fields)

    def rule(raw: object) -> Verdict:
        if isinstance(raw, bool | np.bool_):
            return None, message("boolean"), None
        if isinstance(raw, float | np.floating):
            if not np.isfinite(raw) or not float(raw).is_integer():
                return None, message("fraction"), None
            raw = int(raw)
        if isinstance(raw, Decimal) and raw.is_finite():  # Parquet decimals: 3.00 is 3
            if raw != raw.to_integral_value():
                return None, message("fraction"), None
            raw = f"{raw:f}".split(".")[0]
        text = _text(raw)
        if _PLAIN_INT.fullmatch(text):
            number = _whole(text)
        elif target == "count" and _THOUSANDS_INT.fullmatch(text):
            number = _whole(text.replace(".", ""))
        elif not text:
            return None, message("blank"), None
        elif _NEGATIVE.fullmatch(text):
            return None, message("negative"), None
        elif _DECIMAL.fullmatch(text):
            return None, message("fraction"), None
        else:
            return None, message("not_number"), None
        if target == "year" and (number is None or not YEAR_RANGE[0] <= number <= YEAR_RANGE[1]):
            return None, message("out_of_range", low=YEAR_RANGE[0], high=YEAR_RANGE[1]), None
        if target == "count" and (number is None or number > MAX_COUNT):
            return None, message("too_large", limit=f"{MAX_COUNT:,}"), None
        return number, None, None

    return rule


def catalogue_name(lookup: Lookup) -> Rule:
    """Rule for ``district`` and ``award``: a name of the catalogue, by any known spelling."""

    def rule(raw: object) -> Verdict:
        text = _text(raw)
        found = lookup.resolve(text, suggest=False)
        if found.canonical is not None:
            return found.canonical, None, None
        # "HCLĐ" names an order whose forms differ by class: say so rather than guess.
        with_class = lookup.find(f"{text} hạng Ba")
        if text and with_class is not None and with_class.endswith("hạng Ba"):
            return None, t("load.award_without_class", "en"), None
        # Finding the closest name takes time: done only for the problems shown.
        suggestion = found.suggestion or (functools.partial(lookup.suggest, text) if text else None)
        return None, found.problem or t("load.lookup_unknown", "en", what=lookup.what), suggestion

    return rule


def _award_name(catalog: Catalog) -> Rule:
    """Rule for ``award``; a unit's name there is named as such (columns swapped?)."""
    name = catalogue_name(catalog.award_lookup)

    def rule(raw: object) -> Verdict:
        verdict = name(raw)
        slip = unit_in_award(_text(raw), catalog) if verdict[1] is not None else None
        return (None, slip, None) if slip else verdict

    return rule


def recipient_kind(lookup: Lookup) -> Rule:
    """Rule for ``recipient_kind``: collective, individual, or unknown (blank)."""

    def rule(raw: object) -> Verdict:
        text = _text(raw)
        found = lookup.resolve(text) if text else None
        if found is None or found.canonical == "":  # blank, or a spelling of "not stated"
            return None, None, None
        if found.canonical is None:
            return None, t("load.not_recipient_kind", "en"), found.suggestion
        return found.canonical, None, None

    return rule


def flag(raw: object) -> Verdict:
    """Rule for ``illustrative``: true or false; blank is false (real data)."""
    if isinstance(raw, bool | np.bool_):
        return bool(raw), None, None
    value = _BOOLEAN_WORDS.get(match_key(_text(raw)))
    if value is None:
        return None, t("load.not_boolean", "en"), None
    return value, None, None


def _on_text(rule: Callable[[str], Verdict]) -> Rule:
    return lambda raw: rule(_text(raw))


def rules(catalog: Catalog) -> dict[str, Rule]:
    """The rule of each checked column."""
    return {
        "year": whole_number("year"),
        "district": _on_text(unit_rule(catalog)),
        "award": _award_name(catalog),
        "count": whole_number("count"),
        "recipient_kind": recipient_kind(catalog.recipient_kind_lookup),
        "illustrative": flag,
    }


# --- applying them -------------------------------------------------------------------


@dataclass
class _Column:
    """A checked column: each row's code into the distinct values (blank cells: -1, the last)."""

    codes: np.ndarray
    distinct: list[object]
    verdicts: list[Verdict]

    @classmethod
    def check(cls, cells: pd.Series, rule: Rule) -> _Column:
        if isinstance(cells.dtype, pd.CategoricalDtype):  # a category no row holds is never reported
            codes, uniques = cells.cat.codes.to_numpy(), cells.cat.categories
        else:
            codes, uniques = pd.factorize(cells, use_na_sentinel=True)
        distinct = [*uniques, ""]
        return cls(codes, distinct, [rule(value) for value in distinct])

    def blank(self) -> np.ndarray:
        return np.array([not _text(value) for value in self.distinct])[self.codes]

    def per_row(self, values: list[object], dtype) -> np.ndarray:
        return np.asarray(values, dtype=dtype)[self.codes]

    def by_year(self, years: _Column, settle: Callable[[Verdict, object], Verdict]) -> _Column:
        """This column judged again per (value, year) pair the rows hold (a unit depends on the year)."""
        width = len(years.distinct)
        # int64: the codes may be int8 (categorical cells), too small for the product.
        own_codes = np.where(self.codes < 0, len(self.distinct) - 1, self.codes).astype(np.int64)
        pairs = own_codes * width + np.where(years.codes < 0, width - 1, years.codes)
        codes, distinct_pairs = pd.factorize(pairs)
        own, year = np.divmod(distinct_pairs, width)
        return _Column(
            codes,
            [self.distinct[i] for i in own],
            [settle(self.verdicts[i], years.verdicts[j][0]) for i, j in zip(own, year, strict=True)],
        )

    def keys(self) -> pd.Categorical:
        """Each row's value for comparing rows: its meaning, or the cell as written if it has none.

        An unknown recipient kind and false are blank, as in a file without the column.
        """
        keys = [
            _text(raw) if problem else "" if value is None or value is False else str(value)
            for raw, (value, problem, _) in zip(self.distinct, self.verdicts, strict=True)
        ]
        codes, uniques = pd.factorize(np.asarray(keys, dtype=object))
        return pd.Categorical.from_codes(codes[self.codes], categories=uniques)


def _as_str(values) -> pd.Series:
    """An Arrow string array as a pandas ``str`` series."""
    import pyarrow as pa

    return pd.Series(
        values.to_pandas(types_mapper={pa.string(): STR_DTYPE, pa.large_string(): STR_DTYPE}.get)
    )


def clean_text(cells: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Free text in NFC and trimmed, blank cells missing (pandas' ``str`` dtype); and row keys.

    The keys tell equal texts: a categorical where the column's distinct
    values were found (text that is not ASCII is normalised once per distinct
    value), else the text itself.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if cells.dtype != STR_DTYPE:  # Excel cells, Parquet numbers: each distinct value once
        codes, uniques = pd.factorize(cells, use_na_sentinel=True)
        cells = pd.Series(np.asarray([*map(_text, uniques), ""], dtype=object)[codes], dtype=STR_DTYPE)
    quoted = cells.str.startswith("'").fillna(False).to_numpy(bool)  # written as text for Excel
    if quoted.any():
        cells = cells.where(~quoted, cells[quoted].map(unescape_formula))
    values = pa.chunked_array(cells.array.__arrow_array__())
    if pc.all(pc.string_is_ascii(values)).as_py():  # ASCII is NFC already: trimming is all it needs
        values = pc.utf8_trim_whitespace(values)
        text = _as_str(pc.if_else(pc.equal(values, ""), pa.scalar(None, values.type), values))
        return text, text
    codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    distinct = pc.utf8_trim_whitespace(pc.utf8_normalize(pa.array(uniques), "NFC"))
    if distinct.equals(pa.array(uniques)) and not pc.any(pc.equal(distinct, "")).as_py():
        return cells, pd.Series(pd.Categorical.from_codes(codes, categories=uniques.astype(object)))
    distinct = pc.if_else(pc.equal(distinct, ""), pa.scalar(None, distinct.type), distinct)
    # Values that differed only in form or spacing are now equal: numbered again.
    renumber, texts = pd.factorize(_as_str(distinct), use_na_sentinel=True)
    key = pd.Categorical.from_codes(np.append(renumber, -1)[codes], categories=texts.astype(object))
    return _as_str(pa.array(texts).take(pa.array(key.codes, mask=key.codes < 0))), pd.Series(key)


@dataclass
class Table:
    """One table after validation: its problems, its records if it has none, and row keys."""

    name: str
    label: str
    lines: np.ndarray
    problems: list[Problem]
    records: pd.DataFrame | None = None
    keys: pd.DataFrame | None = None
    """Per row, what makes it the same record as another (see :func:`double_entries`)."""


def _map_columns(headers, lookup: Lookup, problem, header_at: tuple[int, ...]) -> dict[str, str]:
    """Which header holds each known column (extra columns are those left out)."""
    mapping: dict[str, str] = {}
    for header in headers:
        target = lookup.find(str(header))
        if target in mapping:
            problem(
                t("load.column_twice", "en", first=mapping[target], second=header, target=target),
                lines=header_at,
                column=str(header),
            )
        elif target is not None:
            mapping[target] = header
    found = ", ".join(f"'{h}'" for h in headers if not str(h).startswith("(no header"))
    extras = [h for h in headers if lookup.find(str(h)) is None]
    for target in REQUIRED_COLUMNS:
        if target in mapping:
            continue
        near = [(h, lookup.closest_spelling(str(h), target)) for h in extras]
        near = [(h, s) for h, s in near if s is not None]
        problem(
            t("load.required_missing", "en", target=target, found=found or t("load.headers_none", "en")),
            lines=header_at,
            column=str(near[0][0]) if near else None,
            suggestion=near[0][1] if near else None,
        )
    return mapping


def validate_table(raw: RawTable, catalog: Catalog) -> Table:
    """Check every cell of ``raw``; build its records if nothing is wrong."""
    table = Table(raw.name, raw.line_label, raw.lines, [])

    def problem(message: str, **where) -> None:
        table.problems.append(Problem(raw.name, message, line_label=raw.line_label, **where))

    header_at = (raw.header_line,) if raw.header_line else ()
    mapping = _map_columns(raw.frame.columns, catalog.column_lookup, problem, header_at)
    if any(target not in mapping for target in REQUIRED_COLUMNS):
        return table
    rule_of = rules(catalog)
    checked = {c: _Column.check(raw.frame[h], rule_of[c]) for c, h in mapping.items() if c in rule_of}
    headers = {c: h for c, h in mapping.items() if c in TEXT_COLUMNS}
    headers |= {h: h for h in raw.frame.columns if h not in mapping.values()}  # extra columns, as text
    texts, text_keys = {}, {}
    for key, header in headers.items():
        texts[key], text_keys[key] = clean_text(raw.frame[header])

    # Rows with nothing but blanks (empty lines, spacer rows) are skipped.
    blank = np.logical_and.reduce(
        [c.blank() for c in checked.values()] + [text.isna().to_numpy() for text in texts.values()]
    )
    # Totals rows, separators and a header pasted again are named once, not checked as records.
    coded = {c: (column.codes, column.distinct) for c, column in checked.items()}
    slips = find_slips(raw.frame, coded, blank, catalog)
    for position, message, shown in slips.messages:
        problem(message, lines=(int(raw.lines[position]),), value=shown)
    blank |= slips.rows
    if blank.all():
        if not slips.messages:
            problem(t("load.no_records", "en"), lines=header_at)
        return table
    if blank.any():
        for column in checked.values():
            column.codes = column.codes[~blank]
        texts = {key: text[~blank].reset_index(drop=True) for key, text in texts.items()}
        text_keys = {key: k[~blank].reset_index(drop=True) for key, k in text_keys.items()}
    table.lines = lines = raw.lines[~blank]
    checked["district"] = checked["district"].by_year(
        checked["year"], lambda verdict, year: unit_in_year(verdict, year, catalog)
    )

    for target, column in checked.items():
        at: dict[tuple[str, str | None], tuple[Suggestion, list[int]]] = {}
        for index, (raw_value, (_, message, suggestion)) in enumerate(
            zip(column.distinct, column.verdicts, strict=True)
        ):
            if message:
                shown = _text(raw_value)  # NFC, so that it matches what the user searches for
                at.setdefault((message, shown or None), (suggestion, []))[1].append(index)
        if not at:
            continue
        codes = np.where(column.codes < 0, len(column.distinct) - 1, column.codes)
        if target == "count" and "count_read" in raw.frame.columns:  # a review file from extract
            blank_count, held = t("load.count_blank", "en"), t("load.count_held", "en")
            at = {(held if m == blank_count else m, v): found for (m, v), found in at.items()}
        header = str(mapping[target])
        # The rows of each problem, found in one sort: 200,000 bad values are 200,000 problems.
        problem_of = np.full(len(column.distinct), -1)
        for number, (_, indices) in enumerate(at.values()):
            problem_of[indices] = number
        row_problem = problem_of[codes]
        order = np.argsort(row_problem, kind="stable")
        bounds = np.searchsorted(row_problem[order], np.arange(len(at) + 1))
        for number, ((message, shown), (suggestion, _)) in enumerate(at.items()):
            rows = order[bounds[number] : bounds[number + 1]]
            if shown is None and raw.formula_cells is not None and len(rows):
                rows = _formulas_without_value(raw, lines, rows, header, problem)
            if len(rows):
                if callable(suggestion):
                    suggestion = suggestion() if len(table.problems) < SHOWN_PROBLEMS else None
                # dict.fromkeys: a wide sheet's row gives several records
                where = {"lines": tuple(dict.fromkeys(lines[rows].tolist())), "column": header}
                problem(message, value=shown, suggestion=suggestion, **where)

    keys = {target: c.keys() for target, c in checked.items()}
    for target in ("recipient_kind", "illustrative"):
        keys.setdefault(target, pd.Categorical.from_codes(np.zeros(len(lines), dtype=np.int8), [""]))
    # Arrays, not series: a frame of 10,000 series would first join their indexes.
    table.keys = pd.DataFrame({**keys, **{k: v.array for k, v in text_keys.items()}}, copy=False)
    if table.problems:
        table.problems[:0] = raw.short_records
        return table
    table.records = _records(raw.name, lines, checked, texts, catalog)
    return table


def _formulas_without_value(
    raw: RawTable, lines: np.ndarray, rows: np.ndarray, header: str, problem
) -> np.ndarray:
    """Report the blank cells of ``rows`` that hold a formula; the rows left are truly blank."""
    formulas = raw.formula_cells() if raw.formula_cells is not None else frozenset()
    in_formula = np.array([(int(line), header) in formulas for line in lines[rows]], dtype=bool)
    if in_formula.any():
        where = tuple(lines[rows[in_formula]].tolist())
        problem(t("load.formula_without_value", "en"), lines=where, column=header)
    return rows[~in_formula]


def _records(name, lines, checked: dict[str, _Column], texts, catalog: Catalog) -> pd.DataFrame:
    """The loaded frame of a table without problems (see :mod:`emulation_analysis.schema`)."""
    import pyarrow as pa

    def meaning(target: str) -> list[object]:
        return [value for value, _, _ in checked[target].verdicts]

    def ordered(target: str, names: list[str]) -> pd.Categorical:
        position = {n: i for i, n in enumerate(names)}
        codes = checked[target].per_row([position.get(v, -1) for v in meaning(target)], np.int32)
        return pd.Categorical.from_codes(codes, categories=names, ordered=target != "recipient_kind")

    rows = len(lines)
    missing_text = _as_str(pa.nulls(rows, pa.large_string()))
    out = {
        "year": checked["year"].per_row([v or 0 for v in meaning("year")], np.int64),
        "district": ordered("district", catalog.unit_names),
        "award": ordered("award", catalog.award_names),
        "count": checked["count"].per_row([v or 0 for v in meaning("count")], np.int64),
        "recipient_kind": (
            ordered("recipient_kind", list(RECIPIENT_KINDS))
            if "recipient_kind" in checked
            else pd.Categorical([None] * rows, categories=RECIPIENT_KINDS)
        ),
        **{c: texts.get(c, missing_text).array for c in TEXT_COLUMNS},
        "illustrative": (
            checked["illustrative"].per_row([bool(v) for v in meaning("illustrative")], bool)
            if "illustrative" in checked
            else np.zeros(rows, dtype=bool)
        ),
        "origin_file": pd.Categorical.from_codes(np.zeros(rows, dtype=np.int8), categories=[nfc(name)]),
        "origin_line": lines.astype(np.int64),
        "origin_column": pd.Categorical.from_codes(np.full(rows, -1, dtype=np.int8), categories=[]),
    }
    extras = {h: text.array for h, text in texts.items() if h not in TEXT_COLUMNS and h not in out}
    return pd.DataFrame({**out, **extras}, copy=False)


def double_entries(tables: list[Table]) -> list[Problem]:
    """Rows alike in every column, within a table or across tables: probable double entries.

    Checked columns are compared on what they mean (``Q1`` is ``Quận 1``), or
    as written where they mean nothing; free text as written (trimmed, NFC).
    A column a table lacks is blank there.
    """
    tables = [table for table in tables if table.keys is not None]
    if sum(len(table.lines) for table in tables) < 2:
        return []
    keys = tables[0].keys
    if len(tables) > 1:
        keys = pd.concat([table.keys for table in tables], ignore_index=True)
    # Rows unlike any other on some columns are unlike any other on all: the two
    # coded columns with the most distinct values go first, all columns then
    # compare the rows left.
    coded = [c for c, dtype in keys.dtypes.items() if isinstance(dtype, pd.CategoricalDtype)]
    first = sorted(coded, key=lambda c: -len(keys.dtypes[c].categories))[:2]
    repeated = np.arange(len(keys))
    if first:  # a MultiIndex takes the categoricals' codes as they are
        repeated = np.flatnonzero(pd.MultiIndex.from_frame(keys[first]).duplicated(keep=False))
    repeated = repeated[keys.iloc[repeated].duplicated(keep=False).to_numpy()]
    if not len(repeated):
        return []
    owner = np.repeat(np.arange(len(tables)), [len(table.lines) for table in tables])[repeated]
    lines = np.concatenate([table.lines for table in tables])[repeated]
    alike = keys.iloc[repeated]
    groups = alike.groupby(list(alike.columns), sort=False, dropna=False, observed=True).ngroup().to_numpy()
    problems = []
    for group in dict.fromkeys(groups.tolist()):
        members = np.flatnonzero(groups == group)
        first = tables[owner[members[0]]]
        here = tuple(int(lines[m]) for m in members if tables[owner[m]] is first)
        elsewhere = [
            f"{tables[owner[m]].name} {tables[owner[m]].label} {int(lines[m])}"
            for m in members
            if tables[owner[m]] is not first
        ]
        also = " " + t("load.also_at", "en", places=", ".join(elsewhere)) if elsewhere else ""
        blank = t("load.blank_value", "en")
        record = ", ".join(str(alike[c].iloc[members[0]]) or blank for c in REQUIRED_COLUMNS)
        message = t("load.double_entry", "en", record=record, times=len(members), also=also)
        problems.append(Problem(first.name, message, lines=here, line_label=first.label))
    return problems
