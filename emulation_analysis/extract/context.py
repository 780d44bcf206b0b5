"""What an item takes from around it: the giver, the units, the status and the year.

* A generic form completed by a giver stated apart ("Thủ tướng Chính phủ
  tặng Bằng khen" is *Bằng khen của Thủ tướng Chính phủ*).
* The units named together before a count ("Quận 5 và Quận 11 mỗi quận …").
* ``proposed`` or ``conferred``, from the cues of the item's clause.
* The year or period in force where the item stands.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .clauses import Item
from .lexicon import Kind, Lexicon
from .names import AwardName, Element, UnitName
from .tagger import Sentence

__all__ = [
    "GIVER_WINDOW",
    "TimeIndex",
    "TimeMark",
    "UnitGroup",
    "attach_giver",
    "clause_statuses",
    "unit_groups",
]


# How many elements a giver stated apart may span ("Chủ tịch Ủy ban nhân dân
# Thành phố" is one giver element; "Liên đoàn Lao động Thành phố" three).
GIVER_WINDOW = 10


def attach_giver(sentence: Sentence, item: Item, lexicon: Lexicon) -> None:
    """Complete a generic form with a giver stated apart.

    "Thủ tướng Chính phủ tặng Bằng khen" and "Bằng khen do Chủ tịch UBND
    Thành phố tặng" are *Bằng khen của …*; a ministry's or a province's
    Bằng khen is *Bằng khen cấp bộ, ngành, tỉnh* (see :meth:`Lexicon.giver_form`).
    """
    elements = sentence.elements
    award_el = elements[item.award]
    award: AwardName = award_el.value
    if award.unnamed and award.giver is None:
        _attach_unnamed_giver(elements, item)
        return
    if award.canonical is not None or award.ambiguous_class or award.giver is not None or award.unnamed:
        return
    if "của" in award.text.casefold().split():  # the name states its giver already
        return
    stated = _giver_before(elements, item) or _giver_after(elements, item)
    if stated is None:
        return
    giver_elements, verb = stated
    named = [elements[g].value for g in giver_elements if elements[g].kind == Kind.GIVER]
    if not named and not elements[giver_elements[0]].text[:1].isupper():
        return
    # The giver table's wording first ("Chủ tịch UBND Thành phố" for "Chủ tịch
    # Ủy ban nhân dân Thành phố"), then the words as written.
    candidates = [*named[-1:], _span_text(elements, giver_elements)]
    for giver in candidates:
        found, giver = lexicon.giver_form(award.text, giver)
        if found.canonical is not None:
            break
    else:
        found, giver = lexicon.giver_form(award.text, candidates[0])
    composed = f"{award.text} của {giver}"
    award_el.value = AwardName(found.canonical, composed, giver=giver, suggestion=found.suggestion)
    for g in giver_elements:
        elements[g].giver_role = True
    item.elements += [*giver_elements, verb]


def _attach_unnamed_giver(elements: Sequence[Element], item: Item) -> None:
    """The giver of awards of no named form, kept for the note: "412 tập thể được UBND huyện khen thưởng".

    After "được" the words before "khen thưởng" name who gave, whatever they
    are ("được Liên đoàn Lao động Thành phố khen thưởng"); without it only
    givers of the giver table do ("Chủ tịch nước, Thủ tướng Chính phủ khen
    thưởng"), since "Quận 3 khen thưởng …" names the unit that reports.
    """
    j = item.award - 1
    span: list[int] = []
    while (
        j >= 0
        and elements[j].kind in (Kind.GIVER, Kind.UNIT, Kind.WORD, Kind.COMMA, Kind.CONJUNCTION)
        and len(span) < GIVER_WINDOW
    ):
        span.insert(0, j)
        j -= 1
    passive = j >= 0 and elements[j].kind == Kind.STATUS and elements[j].text.casefold() == "được"
    while span and elements[span[0]].kind in (Kind.COMMA, Kind.CONJUNCTION):
        span.pop(0)
    if not span or not (passive or all(elements[g].kind != Kind.WORD for g in span)):
        return
    if not passive and any(elements[g].kind == Kind.UNIT for g in span):
        return
    givers: list[list[str]] = [[]]
    for g in span:
        if elements[g].kind in (Kind.COMMA, Kind.CONJUNCTION):
            givers.append([])
        else:
            # The giver table's wording ("UBND Thành phố" for "UBND TPHCM"), else as written.
            givers[-1].append(elements[g].value if elements[g].kind == Kind.GIVER else elements[g].text)
            elements[g].giver_role = True
    award: AwardName = elements[item.award].value
    named = ", ".join(" ".join(words) for words in givers if words)
    elements[item.award].value = AwardName(None, award.text, giver=named, unnamed=True)
    item.elements += span


def _giver_before(elements: Sequence[Element], item: Item) -> tuple[list[int], int] | None:
    """ "<giver> tặng [N] <award>": the giver's elements and the verb."""
    j = item.award - 1
    while j >= 0 and elements[j].kind in (Kind.NUM, Kind.CLASSIFIER, Kind.APPROXIMATE) and j in item.elements:
        j -= 1
    if j < 0 or elements[j].kind != Kind.GIFT_VERB:
        return None
    k = j - 1
    giver_elements: list[int] = []
    while (
        k >= 0
        and elements[k].kind in (Kind.GIVER, Kind.WORD, Kind.UNIT)
        and len(giver_elements) < GIVER_WINDOW
    ):
        giver_elements.insert(0, k)
        k -= 1
    return (giver_elements, j) if giver_elements else None


def _giver_after(elements: Sequence[Element], item: Item) -> tuple[list[int], int] | None:
    """ "<award> do <giver> tặng": the giver's elements and the verb."""
    k = item.award + 1
    if not (k < len(elements) and elements[k].kind == Kind.WORD and elements[k].value == "do"):
        return None
    giver_elements: list[int] = []
    k += 1
    while k < len(elements) and elements[k].kind in (Kind.GIVER, Kind.WORD, Kind.UNIT):
        giver_elements.append(k)
        k += 1
        if len(giver_elements) > GIVER_WINDOW:
            return None
    if giver_elements and k < len(elements) and elements[k].kind == Kind.GIFT_VERB:
        return giver_elements, k
    return None


def _span_text(elements: Sequence[Element], indices: Sequence[int]) -> str:
    parts = [elements[i].text for i in indices]
    return " ".join(p for p in parts if p)


@dataclass
class UnitGroup:
    units: list[UnitName]
    first: int
    last: int
    distributive: bool


def unit_groups(sentence: Sentence, used: set[int], lexicon: Lexicon) -> list[UnitGroup]:
    """Units named together ("Quận 5 và Quận 11", "Quận 5 và 11"), each group once."""
    elements = sentence.elements
    groups: list[UnitGroup] = []
    i = 0
    while i < len(elements):
        element = elements[i]
        if element.kind != Kind.UNIT or element.giver_role:
            i += 1
            continue
        units = [element.value]
        first = last = i
        j = i + 1
        while j + 1 < len(elements) and elements[j].kind in (Kind.COMMA, Kind.CONJUNCTION):
            nxt = elements[j + 1]
            if nxt.kind == Kind.UNIT and not nxt.giver_role:
                units.append(nxt.value)
                last = j = j + 1
                j += 1
                continue
            # "Quận 5 và 11": a bare number after a numbered unit names a unit of the same type.
            type_word = units[-1].text.split()[0]
            if (
                nxt.kind == Kind.NUM
                and nxt.value is not None
                and j + 1 not in used
                and units[-1].text.split()[-1].isdigit()
                and (
                    j + 2 >= len(elements)
                    or elements[j + 2].kind not in (Kind.AWARD, Kind.RECIPIENT, Kind.CLASSIFIER)
                )
            ):
                text = f"{type_word} {nxt.text}"
                units.append(UnitName(lexicon.resolve_unit(text).canonical, text))
                last = j = j + 1
                j += 1
                continue
            break
        k = last + 1
        if k < len(elements) and elements[k].kind == Kind.COMMA:
            k += 1
        distributive = k < len(elements) and elements[k].kind == Kind.DISTRIBUTIVE
        groups.append(UnitGroup(units, first, last, distributive))
        i = last + 1
    return groups


def clause_statuses(sentence: Sentence) -> list[str]:
    """``proposed`` or ``conferred`` for an item ending at each element of ``sentence``.

    A proposal cue governs the rest of its clause (up to ``;`` or ``:``); a
    strong receipt cue ("nhận") after it takes over, a weak one ("được") does
    not ("đề nghị cho … được tặng"). A clause without cues inherits the last
    cue of the sentence before it; a sentence without cues reports awards.
    One pass over the sentence, so that a long one costs no more per item.
    """

    def step(state: str | None, element: Element) -> str | None:
        if element.kind != Kind.STATUS:
            return state
        status, strength = element.value
        return status if status == "proposed" or strength == "strong" or state is None else state

    out: list[str] = []
    whole: str | None = None  # over every element before, all clauses
    inherited: str | None = None  # over the clauses before this one
    here: str | None = None  # over this clause so far
    segment = -1
    for element, element_segment in zip(sentence.elements, sentence.segments, strict=True):
        if element_segment != segment:
            segment, inherited, here = element_segment, whole, None
        out.append(here or inherited or "conferred")
        here, whole = step(here, element), step(whole, element)
    return out


@dataclass(frozen=True)
class TimeMark:
    position: int
    sentence: int
    paragraph: int
    value: int | tuple[int, int]


class TimeIndex:
    """The years and periods of a text, to ask which one is in force at a place.

    Built once per text; each question is a binary search, so a report with
    thousands of counts and years costs no more per count than a short one.
    """

    def __init__(self, sentences: Iterable[Sentence] = ()):
        self.marks: list[TimeMark] = []
        self.positions: list[int] = []
        self.by_sentence: dict[int, tuple[int, int]] = {}  # sentence → range of its marks
        self.second_value = 0  # index of the first mark whose value differs from an earlier one
        self.add(sentences)

    def add(self, sentences: Iterable[Sentence]) -> None:
        """The marks of more sentences, which follow those added before (a report read in parts)."""
        for s in sentences:
            for e in s.elements:
                if e.kind not in (Kind.YEAR, Kind.PERIOD):
                    continue
                i = len(self.marks)
                self.marks.append(TimeMark(e.start, s.index, s.paragraph, e.value))
                self.positions.append(e.start)
                first, _ = self.by_sentence.get(s.index, (i, i))
                self.by_sentence[s.index] = (first, i + 1)
        values = self.marks
        while self.second_value < len(values) and values[self.second_value].value == values[0].value:
            self.second_value += 1

    def of(
        self, sentence: Sentence, position: int, year: int | None
    ) -> tuple[int | None, str | None, set[str]]:
        """(year, period text, flags) for an item at ``position`` in ``sentence``."""
        flags: set[str] = set()
        here = self.by_sentence.get(sentence.index)
        chosen: TimeMark | None = None
        if here is not None:
            first, stop = here
            count_before = bisect_left(self.positions, position, first, stop)
            chosen = self.marks[count_before - 1] if count_before > first else self.marks[first]
        else:
            count_before = bisect_left(self.positions, position)
            if count_before:
                chosen = self.marks[count_before - 1]
                if count_before > self.second_value:
                    flags.add("year_from_context")
            elif self.marks and self.marks[0].paragraph == sentence.paragraph:
                chosen = self.marks[0]
                flags.add("year_from_context")
        if chosen is None:
            if year is None:
                flags.add("no_year")
            return year, None, flags
        if isinstance(chosen.value, tuple):
            period = f"{chosen.value[0]}–{chosen.value[1]}"
            if year is None:
                flags.add("period")
            return year, period, flags
        if year is not None and year != chosen.value:
            flags.add("year_conflict")
        return chosen.value, None, flags
