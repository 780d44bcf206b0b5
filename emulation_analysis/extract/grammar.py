"""Award records from report prose, each with the exact span it came from.

Year-end and review-conference reports state award counts in sentences
("Quận 1 nhận 1 Huân chương Lao động hạng Nhì, 4 …; Quận 3 nhận …").
:func:`extract_report` reads such text into

* ``records``: one row per (unit, award form, count) in the loader's schema,
  with ``status`` (``conferred`` or ``proposed``), the ``evidence`` span and
  its character offsets, the sentence, and ``flags`` naming anything a person
  must decide; and
* ``mentions``: award forms named without a number, reported for review and
  never counted as 1.

The words the extractor relies on live in ``catalogs/extract_*.csv`` and in the
award and unit catalogues. The work is done in steps, one module each:
:mod:`.lexicon` (tokens and vocabulary), :mod:`.tagger` (tagged sentences),
:mod:`.clauses` (which number counts which form), :mod:`.context` (unit,
status and year of each count); this module turns the result into rows, and
:mod:`.review` into the table a person checks.

Nothing is guessed silently: when a count, a unit, a class, a year or a form
is not certain the row carries a flag saying so, and
:func:`~emulation_analysis.write_review_csv` leaves the ``count`` cell of such
rows empty so that :func:`~emulation_analysis.load_awards` refuses the file
until a reviewer has decided.
"""

from __future__ import annotations

import gc
import re
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import pandas as pd

from ..catalog import Catalog, default_catalog
from ..i18n import check_lang, t
from ..text import nfc
from .clauses import Item, read_items
from .context import TimeIndex, UnitGroup, attach_giver, clause_statuses, unit_groups
from .lexicon import Kind, lexicon_for, tokenize
from .names import AwardName, UnitName
from .review import Extraction
from .tagger import Sentence, tag_sentences

__all__ = [
    "MENTION_FIELDS",
    "RECORD_FIELDS",
    "NoTextError",
    "extract_awards",
    "extract_mentions",
    "extract_report",
]

RECORD_FIELDS = (
    "year",
    "district",
    "award",
    "count",
    "recipient_kind",
    "source",
    "status",
    "flags",
    "evidence",
    "evidence_start",
    "evidence_end",
    "sentence",
    "period",
    "district_text",
    "award_text",
    "note",
)
MENTION_FIELDS = tuple(f for f in RECORD_FIELDS if f != "count")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class NoTextError(ValueError):
    """The text given to the extractor holds no words at all."""


def extract_report(
    text: str,
    *,
    year: int | None = None,
    source: str | None = None,
    catalog: Catalog | None = None,
    lang: str = "en",
) -> Extraction:
    """Read award counts and award mentions out of report prose.

    Parameters
    ----------
    text : str
        Report text in any Unicode form; it is NFC-normalised first (and
        control characters other than line breaks and tabs become spaces), and
        the evidence offsets index that text (identical for clean NFC input).
    year : int, optional
        Year of the awards where the text states none (and where it states a
        period rather than a year). A year the text states wins; when it
        differs from ``year`` the row is flagged ``year_conflict``.
    source : str, optional
        Copied into the ``source`` column (a file name, a URL, a title).
    catalog : Catalog, optional
        Award forms and units to resolve names against; the bundled
        catalogue by default.
    lang : {"en", "vi"}, optional
        Language of the ``note`` column (English by default).

    Returns
    -------
    Extraction
        ``records`` and ``mentions`` DataFrames, in text order.

    Raises
    ------
    NoTextError
        If ``text`` holds no letter or digit (an empty file, only spaces or
        control characters): there is nothing to read, which is not the same
        as a report without awards.

    Examples
    --------
    >>> found = extract_report(
    ...     "Tổng kết năm 2018: Quận 10 nhận 01 Huân chương Lao động hạng Ba, "
    ...     "hai Bằng khen của Thủ tướng Chính phủ; Quận 11 được tặng Cờ thi đua của Chính phủ.")
    >>> found.records[["year", "district", "award", "count"]].values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [[2018, 'Quận 10', 'Huân chương Lao động hạng Ba', 1],
     [2018, 'Quận 10', 'Bằng khen của Thủ tướng Chính phủ', 2]]
    >>> found.mentions[["district", "award", "flags"]].values.tolist()
    [['Quận 11', 'Cờ thi đua của Chính phủ', 'no_count']]
    """
    check_lang(lang)
    if not any(ch.isalnum() for ch in text):
        raise NoTextError(t("extract.no_text", lang))
    catalog = catalog or default_catalog()
    # Control characters (a terminal escape, a stray NUL) become spaces: the
    # offsets stay those of the text given, and none reaches the review table.
    text = _CONTROL.sub(" ", unicodedata.normalize("NFC", text))
    with _cyclic_gc_paused():
        return _extract(text, year, source, catalog, lang)


# A part of the text read at once: whole paragraphs, about this many characters.
PART_CHARS = 65_536
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n\s*")


def _parts(text: str) -> Iterator[tuple[int, int]]:
    """``(start, stop)`` of parts of ``text`` that end after a blank line (or at its end)."""
    start = 0
    while len(text) - start > PART_CHARS:
        found = _PARAGRAPH_BREAK.search(text, start + PART_CHARS)
        if found is None:
            break
        yield start, found.end()
        start = found.end()
    yield start, len(text)


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause CPython's cyclic garbage collector while a text is read.

    Reading builds a few small objects per word (tokens, elements), none of
    them in a cycle; the collector would rescan all of them again and again as
    they accumulate, so that a 5 MB report took twice as long per kilobyte as
    a 300 KB one. It runs again (and collects) when reading is done.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _extract(text: str, year: int | None, source: str | None, catalog: Catalog, lang: str) -> Extraction:
    lexicon = lexicon_for(catalog)
    times = TimeIndex()
    rows: list[dict[str, Any]] = []
    mention_rows: list[dict[str, Any]] = []
    context = _UnitContext()
    index = paragraph = 0
    # Read part by part (whole paragraphs), so that the tokens and elements of
    # only one part are held at a time: memory grows with the rows found.
    for start, stop in _parts(text):
        sentences = tag_sentences(
            text, tokenize(text, start, stop), lexicon, first_index=index, first_paragraph=paragraph
        )
        if not sentences:
            continue
        index, paragraph = sentences[-1].index + 1, sentences[-1].paragraph + 1
        times.add(sentences)
        for sentence in sentences:
            if _opens_section(sentence, lexicon.section_marks):
                context.clear()
            items, used = read_items(sentence)
            for item in items:
                attach_giver(sentence, item, lexicon)
            _flag_sums(sentence, items)
            groups = unit_groups(sentence, used, lexicon)
            statuses = clause_statuses(sentence) if items else []
            for item in items:
                rows_out = mention_rows if item.count is None else rows
                rows_out += _rows_for(
                    item, sentence, groups, context, statuses, times, text, year, source, lang
                )
            context.add(sentence, groups)
    _flag_repeats(rows)

    records = _frame(rows, RECORD_FIELDS)
    mentions = _frame(mention_rows, MENTION_FIELDS)
    return Extraction(records, mentions, text)


def _rows_for(
    item: Item,
    sentence: Sentence,
    groups: list[UnitGroup],
    context: _UnitContext,
    statuses: list[str],
    times: TimeIndex,
    text: str,
    year: int | None,
    source: str | None,
    lang: str,
) -> list[dict[str, Any]]:
    elements = sentence.elements
    count_ref = max(item.count.elements) if item.count is not None else item.award
    ref = max(item.award, count_ref)
    flags = set(item.flags)

    # The unit: the last group named before the count, else the first after it
    # in the same clause, else (flagged) one from an earlier sentence.
    group = next((g for g in reversed(groups) if g.last < ref), None)
    # Carried across ";" or a list item of the same sentence, unless the unit's
    # clause introduces what follows ("Quận 3: …", "Quận 3 nhận các hình thức sau: …").
    segment_of = sentence.segments
    if (
        group is not None
        and segment_of[group.last] != segment_of[ref]
        and segment_of[group.last] not in sentence.introductions
    ):
        flags.add("inherited_unit")
    if group is None:
        group = next(
            (g for g in groups if g.first > ref and sentence.segments[g.first] == sentence.segments[ref]),
            None,
        )
    # A sentence about the whole locality ("toàn quận có …", "huyện có …")
    # takes no unit from the sentences before it.
    if group is None and not sentence.about_locality:
        group = context.before(sentence)
        if group is not None:
            flags.add("unit_from_context")
    units: list[UnitName | None] = list(group.units) if group is not None else [None]
    if group is None:
        flags.add("no_unit")
    span = list(item.elements)
    if group is not None and len(group.units) > 1:
        if not group.distributive:
            flags.add("shared_units")
        if group.first >= min(span) - 12 and group.first < min(span):
            span += [group.first]
    start = min(elements[i].start for i in span)
    end = max(elements[i].end for i in span)

    award: AwardName = elements[item.award].value
    if award.ambiguous_class:
        flags.add("ambiguous_class")
    elif award.unnamed:
        flags.add("no_form")
    elif award.canonical is None:
        flags.add("unknown_award")
        if award.non_state:
            flags.add("not_state_award")
        if award.broken_down:
            flags.add("possible_total")
    status = statuses[ref]
    row_year, period, time_flags = times.of(sentence, start, year)
    flags |= time_flags
    notes = []
    if award.giver:
        key = "extract.note.unnamed_giver" if award.unnamed else "extract.note.giver"
        notes.append(_note(key, lang, giver=award.giver))
    if item.count is not None and item.count.by_turns:
        notes.append(_note("extract.note.turns", lang))
    if award.canonical is None and award.suggestion:
        notes.append(_note("extract.note.suggestion", lang, form=award.suggestion))
    out = []
    for unit in units:
        unit_flags = set(flags)
        if unit is not None and unit.canonical is None:
            unit_flags.add("unknown_unit")
        row = {
            "year": row_year,
            "district": None if unit is None else (unit.canonical or nfc(unit.text)),
            "award": UNNAMED_FORM if award.unnamed else award.canonical or nfc(award.text),
            "recipient_kind": item.kind,
            "source": source,
            "status": status,
            "flags": ";".join(sorted(unit_flags)),
            "evidence": text[start:end],
            "evidence_start": start,
            "evidence_end": end,
            "sentence": _shown_sentence(text, sentence, start, end),
            "period": period,
            "district_text": None if unit is None else unit.text,
            "award_text": award.text,
            "note": "; ".join(notes) or None,
        }
        if item.count is not None:
            row["count"] = item.count.value
        out.append(row)
    return out


# The form of a count whose text names none ("412 tập thể được UBND huyện khen
# thưởng"): kept, held for review, never dropped. Award names are Vietnamese
# in every language of the review table.
UNNAMED_FORM = t("extract.unnamed_form", "vi")


@lru_cache(maxsize=4096)
def _note(key: str, lang: str, **fields: str) -> str:
    """A note of the review table; a report repeats the same few, so each is worded once."""
    return t(key, lang, **fields)


def _opens_section(sentence: Sentence, section_marks: frozenset[str]) -> bool:
    """Whether ``sentence`` starts a section: "2.", "II.", "b)" or a heading in capitals.

    A count after it takes no unit from before it: the report has changed subject.
    """
    elements = sentence.elements
    first = elements[0]
    second = elements[1] if len(elements) > 1 else None
    marked = second is not None and second.kind == Kind.PUNCT and second.text in (".", ")")
    if marked and (
        first.kind == Kind.NUM or (first.kind == Kind.WORD and first.text.casefold() in section_marks)
    ):
        return True
    if not first.text.isupper():
        return False  # a heading in capitals starts with a word in capitals
    words = [
        e.text for e in elements if e.kind not in (Kind.PUNCT, Kind.COMMA, Kind.COLON, Kind.SEP, Kind.NUM)
    ]
    letters = "".join(w for w in words if any(c.isalpha() for c in w))
    return len(words) >= 2 and letters.isupper()


def _flag_sums(sentence: Sentence, items: list[Item]) -> None:
    """Flag ``possible_total`` on a count of unnamed forms that sums the per-form counts after it."""
    named_after, sum_after = 0, 0  # over the items after the one looked at
    for item in reversed(items):
        if item.count is None:
            continue
        if sentence.elements[item.award].value.unnamed:
            if named_after >= 2 and sum_after == item.count.value:
                item.flags.add("possible_total")
        else:
            named_after, sum_after = named_after + 1, sum_after + item.count.value


def _flag_repeats(rows: list[dict[str, Any]]) -> None:
    """Flag ``possible_repeat`` on a count that restates an earlier one (a headline, a caption).

    Same unit, form, count, recipients, status, year and period (a missing
    year matches any): the later
    row is held, so :meth:`Extraction.totals` counts the fact once.
    """
    seen: dict[tuple, list[tuple]] = {}
    for row in rows:
        key = tuple(row[c] for c in ("district", "award", "count", "recipient_kind", "status"))
        when = (row["year"], row["period"])
        earlier = seen.setdefault(key, [])
        # A headline often states no year where the body does: a missing year matches any.
        if any(w == when or (None in (w[0], when[0]) and w[1] == when[1]) for w in earlier):
            flags = set(filter(None, row["flags"].split(";")))
            flags.add("possible_repeat")
            row["flags"] = ";".join(sorted(flags))
        earlier.append(when)


class _UnitContext:
    """The units named in the sentences read so far, for a count whose sentence names none.

    Only the last group of this paragraph and of the whole text are kept: a
    report of any length costs the same per count.
    """

    def __init__(self) -> None:
        self.last: UnitGroup | None = None
        self.last_paragraph = -1
        self.in_paragraph: UnitGroup | None = None

    def clear(self) -> None:
        self.last = self.in_paragraph = None

    def add(self, sentence: Sentence, groups: list[UnitGroup]) -> None:
        if sentence.paragraph != self.last_paragraph:
            self.last_paragraph, self.in_paragraph = sentence.paragraph, None
        if groups:
            self.last = self.in_paragraph = groups[-1]

    def before(self, sentence: Sentence) -> UnitGroup | None:
        """This paragraph's last unit, else the report's; a reviewer confirms either."""
        if sentence.paragraph == self.last_paragraph and self.in_paragraph is not None:
            return self.in_paragraph
        return self.last


# A sentence longer than this is shown as the part around the evidence: a
# text with no full stop must not copy itself into every row.
SENTENCE_SHOWN = 600


def _shown_sentence(text: str, sentence: Sentence, start: int, end: int) -> str:
    if sentence.end - sentence.start <= SENTENCE_SHOWN:
        return text[sentence.start : sentence.end].strip()
    margin = max(0, (SENTENCE_SHOWN - (end - start)) // 2)
    first, stop = max(sentence.start, start - margin), min(sentence.end, end + margin)
    clipped = text[first:stop].strip()
    return ("…" if first > sentence.start else "") + clipped + ("…" if stop < sentence.end else "")


def _frame(rows: list[dict[str, Any]], fields: Sequence[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(fields))
    frame["year"] = frame["year"].astype("Int64")
    if "count" in frame:
        frame["count"] = frame["count"].astype("int64")
    for column in ("evidence_start", "evidence_end"):
        frame[column] = frame[column].astype("int64")
    for column in fields:
        if column not in ("year", "count", "evidence_start", "evidence_end"):
            frame[column] = frame[column].astype("str")
    return frame.reset_index(drop=True)


def extract_awards(
    text: str,
    *,
    year: int | None = None,
    source: str | None = None,
    catalog: Catalog | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """Award counts in ``text``, one row per unit, form and count.

    The ``records`` of :func:`extract_report`; see there for the parameters.
    Columns: :data:`RECORD_FIELDS`. Rows with a non-empty ``flags`` or a
    ``status`` of ``proposed`` are not plain conferred counts: filter them
    before adding counts up, or use :meth:`Extraction.totals`.

    Examples
    --------
    >>> rows = extract_awards("Năm 2018, Quận 5 và Quận 11 mỗi quận nhận 1 Bằng khen "
    ...                       "của Thủ tướng Chính phủ.")
    >>> rows[["district", "count", "status", "flags"]].values.tolist()
    [['Quận 5', 1, 'conferred', ''], ['Quận 11', 1, 'conferred', '']]
    """
    return extract_report(text, year=year, source=source, catalog=catalog, lang=lang).records


def extract_mentions(
    text: str,
    *,
    year: int | None = None,
    source: str | None = None,
    catalog: Catalog | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """Award forms named in ``text`` without a number (never counted as 1).

    The ``mentions`` of :func:`extract_report`; ``flags`` says ``no_count``
    or ``vague_quantity`` ("một số", "nhiều" …).

    Examples
    --------
    >>> extract_mentions("Nhiều cá nhân được tặng Giấy khen.")[["award", "flags"]].values.tolist()
    [['Giấy khen', 'no_unit;no_year;vague_quantity']]
    """
    return extract_report(text, year=year, source=source, catalog=catalog, lang=lang).mentions
