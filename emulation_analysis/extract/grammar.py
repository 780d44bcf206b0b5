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
award and unit catalogues; nothing Vietnamese is spelled out in this module.
Nothing is guessed silently: when a count, a unit, a class, a year or a form
is not certain the row carries a flag saying so, and
:func:`write_review_csv` leaves the ``count`` cell of such rows empty so that
:func:`~emulation_analysis.load_awards` refuses the file until a reviewer has
decided.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..catalog import Catalog, default_catalog
from ..schema import YEAR_RANGE
from ..text import nfc
from .lexicon import Lexicon, Token, lexicon_for, tokenize

__all__ = [
    "MENTION_FIELDS",
    "RECORD_FIELDS",
    "REVIEW_FIELDS",
    "Extraction",
    "extract_awards",
    "extract_mentions",
    "extract_report",
    "review_frame",
    "write_review_csv",
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
# Column order of the review CSV: what the reviewer decides first, the
# evidence next, the bookkeeping last. ``count`` is empty where a decision is
# needed; ``count_read`` always holds what the text says.
REVIEW_FIELDS = (
    "year",
    "district",
    "award",
    "count",
    "recipient_kind",
    "status",
    "review",
    "count_read",
    "evidence",
    "sentence",
    "flags",
    "evidence_start",
    "evidence_end",
    "period",
    "district_text",
    "award_text",
    "source",
    "note",
)


# --- what the tagger produces ------------------------------------------------


@dataclass
class AwardName:
    canonical: str | None
    text: str
    ambiguous_class: bool = False
    giver: str | None = None
    suggestion: str | None = None
    broken_down: bool = False  # an order named without its class, then split by class


@dataclass
class UnitName:
    canonical: str | None
    text: str


@dataclass
class Element:
    """A tagged run of tokens: an award, a unit, a number, a cue word …"""

    kind: str
    start: int
    end: int
    text: str
    value: Any = None
    giver_role: bool = False  # a unit that is named as the giver, not the recipient


@dataclass
class Sentence:
    index: int
    paragraph: int
    start: int
    end: int
    elements: list[Element] = field(default_factory=list)
    segments: list[int] = field(default_factory=list)  # segment number of each element


@dataclass
class Count:
    value: int
    elements: list[int]
    flags: set[str] = field(default_factory=set)
    by_turns: bool = False  # counted in "lượt"


@dataclass
class Item:
    """One count of one award form (before units, status and year are attached)."""

    count: Count | None
    award: int  # element index of the award
    kind: str | None
    elements: list[int]
    flags: set[str] = field(default_factory=set)
    reason: str | None = None  # mentions only: no_count or vague_quantity


# --- sentences -----------------------------------------------------------------

_BULLETS = frozenset("-+•*–")
_SENTENCE_END = frozenset(".!?…")


def _split_sentences(tokens: list[Token], lexicon: Lexicon) -> list[tuple[int, int, int]]:
    """Token ranges ``(first, stop, paragraph)`` of the sentences.

    A line break ends a sentence, except inside a list introduced by a line
    ending in ``:`` (the list items become ``;``-like segments of the same
    sentence, so the heading's unit, award or cue governs them).
    """
    sentences: list[tuple[int, int, int]] = []
    paragraph = 0
    first = 0
    in_list = False

    def close(stop: int) -> None:
        nonlocal first
        if any(t.kind != "nl" for t in tokens[first:stop]):
            sentences.append((first, stop, paragraph))
        first = stop + 1

    for i, token in enumerate(tokens):
        if token.kind == "nl":
            previous = next((t for t in reversed(tokens[first:i]) if t.kind != "nl"), None)
            following = tokens[i + 1] if i + 1 < len(tokens) else None
            opens_list = previous is not None and previous.text == ":"
            continues_list = in_list and following is not None and following.text in _BULLETS
            if not token.paragraph_break and (opens_list or continues_list):
                in_list = True
                continue
            in_list = False
            close(i)
            if token.paragraph_break:
                paragraph += 1
        elif token.kind == "punct" and token.text in _SENTENCE_END:
            following = tokens[i + 1] if i + 1 < len(tokens) else None
            before = tokens[i - 1] if i else None
            if before is not None and before.key in lexicon.abbreviations:
                continue
            if (
                following is None
                or following.kind == "nl"
                or (following.start > token.end and (following.capitalised or following.text in _BULLETS))
            ):
                close(i + 1)
                first = i + 1
    close(len(tokens))
    return sentences


# --- tagging -------------------------------------------------------------------


def _is_year(token: Token | None) -> bool:
    return (
        token is not None
        and token.kind == "num"
        and token.value is not None
        and len(token.text) == 4
        and YEAR_RANGE[0] <= token.value <= YEAR_RANGE[1]
    )


def _period_end(tokens: list[Token], i: int, stop: int) -> tuple[int, int] | None:
    """After a year at ``tokens[i]``: ``– 2020`` / ``đến năm 2020`` → (end year, next index)."""
    j = i + 1
    if j < stop and (tokens[j].text in ("-", "–", "—") or tokens[j].key == "đến"):
        j += 1
        if j < stop and tokens[j].key == "năm":
            j += 1
        if j < stop and _is_year(tokens[j]):
            return tokens[j].value, j + 1
    return None


class _Tagger:
    def __init__(self, text: str, tokens: list[Token], lexicon: Lexicon):
        self.text = text
        self.tokens = tokens
        self.lex = lexicon
        self.roles = {"year_cue": {"năm"}, "period_cue": {"giai đoạn", "nhiệm kỳ", "thời kỳ"}}

    def element(self, kind: str, first: int, stop: int, value: Any = None) -> Element:
        start, end = self.tokens[first].start, self.tokens[stop - 1].end
        return Element(kind, start, end, self.text[start:end], value)

    def tag(self, first: int, stop: int) -> list[Element]:
        tokens = self.tokens
        out: list[Element] = []
        i = first
        while i < stop:
            token = tokens[i]
            if token.kind == "nl":  # a list item inside a sentence
                out.append(Element("sep", token.start, token.start, ""))
                i += 1
                continue
            if token.kind == "punct":
                kind = {":": "colon", ";": "sep", ",": "comma"}.get(token.text, "punct")
                out.append(self.element(kind, i, i + 1, token.text))
                i += 1
                continue
            found = self.time_expression(i, stop)
            if found is not None:
                element, i = found
                out.append(element)
                continue
            elided = self.elided_class(i, stop, out)
            if elided is not None:
                out.append(elided)
                i += 2
                continue
            if token.kind == "num":
                out.append(self.number(i, stop))
                i += 1
                continue
            i = self.phrase(i, stop, out)
        return out

    def elided_class(self, i: int, stop: int, out: list[Element]) -> Element | None:
        """``hạng Ba`` standing for a class of the order named just before, or None.

        "… Huân chương Lao động hạng Nhì cho 01 tập thể và hạng Ba cho 03 cá
        nhân" and "03 Huân chương Lao động (01 hạng Nhì, 02 hạng Ba)" name the
        order once; each later "hạng …" is that order's class.
        """
        tokens = self.tokens
        if not (
            tokens[i].key == "hạng"
            and i + 1 < stop
            and tokens[i + 1].key.casefold() in self.lex.class_spellings
        ):
            return None
        previous = next((e for e in reversed(out) if e.kind == "award"), None)
        if previous is None or previous.value.ambiguous_class:
            return None
        named: AwardName = previous.value
        family = self.lex.classed_awards.get(named.canonical or "")
        if family is None:
            families = {nfc(f).casefold(): f for f in self.lex.classed_awards.values()}
            family = families.get(nfc(named.text).casefold())
        if family is None:
            return None
        element = self.element("award", i, i + 2)
        found = self.lex.catalog.award_lookup.resolve(f"{family} {element.text}")
        if found.canonical is None:
            return None
        element.value = AwardName(found.canonical, element.text)
        if named.canonical is None:
            # The order's total, broken down by class after it: not a form of its own.
            named.broken_down = True
        return element

    def time_expression(self, i: int, stop: int) -> tuple[Element, int] | None:
        """``năm 2018``, ``giai đoạn 2016 – 2020``, dates; None if not one."""
        tokens = self.tokens
        token = tokens[i]
        two = " ".join(t.key for t in tokens[i : i + 2])
        if two in self.roles["period_cue"] and i + 2 < stop and _is_year(tokens[i + 2]):
            end = _period_end(tokens, i + 2, stop)
            if end is not None:
                return self.element("period", i, end[1] - 1 + 1, (tokens[i + 2].value, end[0])), end[1]
            return self.element("year", i, i + 3, tokens[i + 2].value), i + 3
        if token.key in self.roles["year_cue"] and i + 1 < stop and _is_year(tokens[i + 1]):
            # "ngày 31 tháng 1 năm 2019" is a date, and "tăng 25% so với năm
            # 2018" names the year compared with: neither is the awards' year.
            if (i >= 2 and tokens[i - 2].key == "tháng") or self.after_comparison(i):
                return self.element("date", i, i + 2), i + 2
            end = _period_end(tokens, i + 1, stop)
            if end is not None:
                return self.element("period", i, end[1], (tokens[i + 1].value, end[0])), end[1]
            return self.element("year", i, i + 2, tokens[i + 1].value), i + 2
        return None

    def after_comparison(self, i: int) -> bool:
        """Whether the tokens just before ``tokens[i]`` are a comparison cue ("so với")."""
        keys = tuple(t.key for t in self.tokens[max(0, i - 4) : i])
        return any(keys[-len(cue) :] == cue for cue in self.lex.comparison_cues if len(cue) <= len(keys))

    def number(self, i: int, stop: int) -> Element:
        tokens = self.tokens
        token = tokens[i]
        before = tokens[i - 1] if i > 0 else None
        after = tokens[i + 1] if i + 1 < stop else None
        # Dates (31/1/2019), decree numbers (91/2017/NĐ-CP), percentages and
        # decimals are never counts.
        value = token.value
        if (before is not None and before.text in "/.") and before.end == token.start:
            value = None
        if after is not None and after.text in ("/", "%") and after.start == token.end:
            value = None
        return self.element("num", i, i + 1, value)

    def phrase(self, i: int, stop: int, out: list[Element]) -> int:
        tokens = self.tokens
        match = self.lex.matcher.match(tokens, i, stop)
        loose = self.lex.loose_matcher.match(tokens, i, stop, loose=True)
        if loose is not None and (match is None or loose[0] > match[0]):
            match = loose
        if match is None:
            out.append(self.element("word", i, i + 1, tokens[i].key))
            return i + 1
        end, phrases = match
        phrase = phrases[0]
        role = phrase.role
        if role == "award":
            end, award = self.known_award(i, end, stop, phrase.value)
            out.append(self.element("award", i, end, award))
        elif role == "award_head":
            end = self.extend_name(end, stop)
            text = self.text[tokens[i].start : tokens[end - 1].end]
            found = self.lex.catalog.award_lookup.resolve(text)
            out.append(
                self.element("award", i, end, AwardName(found.canonical, text, suggestion=found.suggestion))
            )
        elif role == "unit":
            element = self.element("unit", i, end)
            element.value = UnitName(phrase.value, element.text)
            out.append(element)
        elif role == "unit_type":
            end = self.unit_name_end(i, end, stop)
            element = self.element("unit" if end > match[0] else "word", i, end)
            if element.kind == "unit":
                element.value = UnitName(
                    self.lex.catalog.unit_lookup.resolve(element.text).canonical, element.text
                )
            else:
                element.value = tokens[i].key
            out.append(element)
        elif role == "number":
            parsed = self.lex.parse_number_words([t.key for t in tokens[i:stop]])
            if parsed is None:
                out.append(self.element("word", i, i + 1, tokens[i].key))
                return i + 1
            end = i + parsed[1]
            out.append(self.element("num", i, end, parsed[0]))
        elif role in ("plain", "name_connector"):
            out.append(self.element("word", i, end, phrase.value))
        else:
            out.append(self.element(role, i, end, phrase.value))
        return end

    def known_award(self, i: int, end: int, stop: int, canonical: str) -> tuple[int, AwardName]:
        """A catalogued award; widened when another class follows ("hạng 2 và 3")."""
        tokens = self.tokens
        text = self.text[tokens[i].start : tokens[end - 1].end]
        if canonical not in self.lex.classed_awards:
            return end, AwardName(canonical, text)
        j = end
        if j < stop and (tokens[j].key in ("và", "hoặc") or tokens[j].text in (",", "/")):
            j += 1
            if j < stop and tokens[j].key == "hạng":
                j += 1
            if (
                j < stop
                and tokens[j].key in self.lex.class_spellings
                and not self.starts_count_target(j + 1, stop)
            ):
                wide = self.text[tokens[i].start : tokens[j].end]
                return j + 1, AwardName(None, wide, ambiguous_class=True)
        return end, AwardName(canonical, text)

    def starts_count_target(self, j: int, stop: int) -> bool:
        """Whether ``tokens[j]`` begins something a number could count."""
        if j >= stop:
            return False
        token = self.tokens[j]
        if token.kind == "num":
            return True
        match = self.lex.matcher.match(self.tokens, j, stop)
        return match is not None and match[1][0].role in ("award", "award_head", "recipient", "classifier")

    def extend_name(self, j: int, stop: int) -> int:
        """End of an award name that starts with a head word ("Bằng khen của Bộ Công an")."""
        tokens = self.tokens
        stops = {
            "status",
            "recipient",
            "gift_verb",
            "recipient_marker",
            "conjunction",
            "alternative",
            "distributive",
            "vague",
            "approximate",
            "total",
            "classifier",
            "award",
            "award_head",
        }
        end = j
        k = j
        while k < stop:
            token = tokens[k]
            if token.kind == "punct":
                # "TP.HCM": a dot inside a name, not a full stop.
                if (
                    token.text == "."
                    and k > j
                    and tokens[k - 1].end == token.start
                    and k + 1 < stop
                    and (tokens[k + 1].start == token.end)
                ):
                    k += 1
                    continue
                break
            if token.kind == "num":
                previous = tokens[k - 1]
                if previous.capitalised or previous.key == "hạng":
                    k += 1
                    end = k
                    continue
                break
            if token.kind != "word":
                break
            match = self.lex.matcher.match(tokens, k, stop)
            if match is not None and match[1][0].role in stops:
                break
            # Proper names capitalise only their first syllable ("Bộ Quốc phòng"),
            # so after "của" a lower-case word may follow a capitalised one.
            after_giver = any(t.key == "của" for t in tokens[j:k])
            lower_in_name = after_giver and tokens[k - 1].capitalised
            if not (token.capitalised or token.key in self.lex.award_vocabulary or lower_in_name):
                break
            k += 1
            end = k
        # A name does not end on "của", "cấp", "hạng".
        while end > j and tokens[end - 1].key in ("của", "cấp", "hạng"):
            end -= 1
        return end

    def unit_name_end(self, i: int, end: int, stop: int) -> int:
        """End of "Phường 5", "Quận Bình Thạnh" after a unit type word, or ``end`` if none."""
        tokens = self.tokens
        if end < stop and tokens[end].kind == "num" and tokens[end].value is not None:
            return end + 1
        k = end
        while k < stop and tokens[k].capitalised and k - end < 4:
            k += 1
        return k


# --- reading counts --------------------------------------------------------------


class _SentenceReader:
    """Finds the award items of one sentence."""

    def __init__(self, sentence: Sentence, tagger: _Tagger):
        self.s = sentence
        self.e = sentence.elements
        self.tagger = tagger
        self.used: set[int] = set()
        self.items: list[Item] = []

    def kind(self, i: int) -> str:
        return self.e[i].kind if 0 <= i < len(self.e) else "end"

    def count_at(self, i: int) -> tuple[Count, int] | None:
        """A count starting at element ``i`` (with "khoảng", "tổng cộng", "lượt" …)."""
        flags: set[str] = set()
        used = []
        while self.kind(i) in ("approximate", "total"):
            flags.add("approximate" if self.kind(i) == "approximate" else "possible_total")
            used.append(i)
            i += 1
        if self.kind(i) != "num" or self.e[i].value is None or i in self.used:
            return None
        value = self.e[i].value
        used.append(i)
        i += 1
        # "2 hoặc 3 Bằng khen": keep the first figure, flag the alternative.
        if self.kind(i) == "alternative" and self.kind(i + 1) == "num" and self.e[i + 1].value is not None:
            flags.add("alternative_counts")
            used += [i, i + 1]
            i += 2
        by_turns = False
        if self.kind(i) == "classifier":
            by_turns = True
            used.append(i)
            i += 1
        return Count(value, used, flags, by_turns), i

    def kind_group(self, i: int) -> tuple[list[tuple[Count, str | None, list[int]]], int] | None:
        """``4 tập thể và 9 cá nhân`` / ``40 tập thể, cá nhân`` starting at ``i``."""
        entries: list[tuple[Count, str | None, list[int]]] = []
        while True:
            found = self.count_at(i)
            if found is None or self.kind(found[1]) != "recipient":
                break
            count, j = found
            kind: str | None = self.e[j].value
            used = [j]
            j += 1
            if (
                self.kind(j) in ("comma", "conjunction")
                and self.kind(j + 1) == "recipient"
                and (self.e[j + 1].value != kind)
            ):
                count.flags.add("mixed_kinds")
                kind = None
                used += [j, j + 1]
                j += 2
            entries.append((count, kind, used))
            i = j
            if self.kind(i) in ("comma", "conjunction"):
                following = self.count_at(i + 1)
                if following is not None and self.kind(following[1]) == "recipient":
                    i += 1
                    continue
            break
        return (entries, i) if entries else None

    def read(self) -> list[Item]:
        i = 0
        while i < len(self.e):
            kind = self.kind(i)
            if kind == "award" and i not in self.used:
                i = self.award_first(i)
            elif kind in ("num", "approximate", "total"):
                i = self.count_first(i)
            else:
                i += 1
        for i, element in enumerate(self.e):
            if element.kind == "award" and i not in self.used:
                self.items.append(self.mention(i))
        self.items.sort(key=lambda item: min(item.elements))
        return self.items

    def count_first(self, i: int) -> int:
        found = self.count_at(i)
        if found is None:
            return i + 1
        count, j = found
        if self.kind(j) == "award" and j not in self.used:
            item = Item(count, j, None, [*count.elements, j], set(count.flags))
            self.used.update(item.elements)
            k = j + 1
            # "… 2 Bằng khen cho cá nhân", "… 1 Bằng khen cho 01 cá nhân" (the count restated)
            if self.kind(k) == "recipient_marker" and self.kind(k + 1) == "recipient":
                item.kind = self.e[k + 1].value
                item.elements += [k, k + 1]
                self.used.update((k, k + 1))
            elif (
                self.kind(k) == "recipient_marker"
                and self.kind(k + 1) == "num"
                and self.e[k + 1].value == count.value
                and self.kind(k + 2) == "recipient"
            ):
                item.kind = self.e[k + 2].value
                item.elements += [k, k + 1, k + 2]
                self.used.update((k, k + 1, k + 2))
            self.items.append(item)
            return j + 1
        group = self.kind_group(i)
        if group is None:
            return j
        entries, k = group
        award = self.linked_award(k)
        if award is None:
            return k
        for count, kind, used in entries:
            self.items.append(Item(count, award, kind, [*count.elements, *used, award], set(count.flags)))
            self.used.update(count.elements)
            self.used.update(used)
        self.used.add(award)
        return k

    def linked_award(self, k: int) -> int | None:
        """The award that counts before it refer to: "… được … tặng Bằng khen"."""
        linked = False
        for j in range(k, min(k + 12, len(self.e))):
            kind = self.kind(j)
            if kind == "award":
                return j if linked and j not in self.used else None
            if kind in ("status", "gift_verb", "award_link"):
                linked = True
            elif kind not in ("giver", "word", "unit", "comma", "punct"):
                return None
        return None

    def award_first(self, i: int) -> int:
        j = i + 1
        # "… Bằng khen cho Quận Tân Bình: 3 tập thể, 2 cá nhân"
        if self.kind(j) == "recipient_marker" and self.kind(j + 1) == "unit" and self.kind(j + 2) == "colon":
            j += 2
        if self.kind(j) == "colon":
            return self.colon_list(i, j + 1)
        if self.kind(j) == "recipient_marker":
            group = self.kind_group(j + 1)
            if group is not None:
                entries, k = group
                for count, kind, used in entries:
                    self.items.append(Item(count, i, kind, [i, j, *count.elements, *used], set(count.flags)))
                    self.used.update(count.elements)
                    self.used.update(used)
                self.used.update((i, j))
                return k
        return i + 1

    def colon_list(self, award: int, j: int) -> int:
        """``Bằng khen …: 2 tập thể, 4 cá nhân`` or ``Huân chương …: 3``."""
        found_any = False
        while j < len(self.e):
            kind = self.kind(j)
            if kind in ("award", "colon") and found_any:
                break
            if kind == "award":
                break
            group = self.kind_group(j)
            if group is not None:
                entries, k = group
                for count, rkind, used in entries:
                    self.items.append(
                        Item(count, award, rkind, [award, *count.elements, *used], set(count.flags))
                    )
                    self.used.update(count.elements)
                    self.used.update(used)
                found_any = True
                j = k
                continue
            found = self.count_at(j)
            if found is not None and self.kind(found[1]) in (
                "comma",
                "sep",
                "conjunction",
                "end",
                "punct",
                "unit",
            ):
                count, k = found
                self.items.append(Item(count, award, None, [award, *count.elements], set(count.flags)))
                self.used.update(count.elements)
                found_any = True
                j = k
                continue
            if found is not None:  # a number that counts something else: the list is over
                break
            j += 1
        if found_any:
            self.used.add(award)
        return j

    def mention(self, i: int) -> Item:
        reason = "no_count"
        for j in range(i - 1, max(-1, i - 8), -1):
            kind = self.kind(j)
            if kind == "vague":
                reason = "vague_quantity"
                break
            if kind in ("num", "award", "sep", "colon"):
                break
        return Item(None, i, None, [i], {reason}, reason)


# --- givers, units, status, years -------------------------------------------------


def _attach_giver(sentence: Sentence, item: Item, lexicon: Lexicon) -> None:
    """Complete a generic form with a giver stated apart: "Thủ tướng Chính phủ tặng Bằng khen"."""
    elements = sentence.elements
    award_el = elements[item.award]
    award: AwardName = award_el.value
    if award.canonical is not None or award.ambiguous_class or award.giver is not None:
        return
    if any(e.kind == "word" and e.value == "của" for e in _between(elements, award_el.start, award_el.end)):
        return
    j = item.award - 1
    while j >= 0 and elements[j].kind in ("num", "classifier", "approximate") and j in item.elements:
        j -= 1
    if j < 0 or elements[j].kind != "gift_verb":
        return
    verb = j
    k = verb - 1
    giver_elements: list[int] = []
    while k >= 0 and elements[k].kind in ("giver", "word", "unit") and len(giver_elements) < 10:
        giver_elements.insert(0, k)
        k -= 1
    if not giver_elements:
        return
    named = [elements[g].value for g in giver_elements if elements[g].kind == "giver"]
    if not named and not elements[giver_elements[0]].text[:1].isupper():
        return
    # The giver table's wording first ("Chủ tịch UBND Thành phố" for "Chủ tịch
    # Ủy ban nhân dân Thành phố"), then the words as written.
    written = _span_text(elements, giver_elements)
    candidates = [*named[-1:], written]
    for giver in candidates:
        composed = f"{award.text} của {giver}"
        found = lexicon.catalog.award_lookup.resolve(composed)
        if found.canonical is not None:
            break
    else:
        giver = candidates[0]
        composed = f"{award.text} của {giver}"
        found = lexicon.catalog.award_lookup.resolve(composed)
    award_el.value = AwardName(found.canonical, composed, giver=giver, suggestion=found.suggestion)
    for g in giver_elements:
        elements[g].giver_role = True
    item.elements += [*giver_elements, verb]


def _between(elements: Sequence[Element], start: int, end: int) -> list[Element]:
    return [e for e in elements if start <= e.start and e.end <= end]


def _span_text(elements: Sequence[Element], indices: Sequence[int]) -> str:
    parts = [elements[i].text for i in indices]
    return " ".join(p for p in parts if p)


@dataclass
class _UnitGroup:
    units: list[UnitName]
    first: int
    last: int
    distributive: bool


def _unit_groups(sentence: Sentence, used: set[int], lexicon: Lexicon) -> list[_UnitGroup]:
    """Units named together ("Quận 5 và Quận 11", "Quận 5 và 11"), each group once."""
    elements = sentence.elements
    groups: list[_UnitGroup] = []
    i = 0
    while i < len(elements):
        element = elements[i]
        if element.kind != "unit" or element.giver_role:
            i += 1
            continue
        units = [element.value]
        first = last = i
        j = i + 1
        while j + 1 < len(elements) and elements[j].kind in ("comma", "conjunction"):
            nxt = elements[j + 1]
            if nxt.kind == "unit" and not nxt.giver_role:
                units.append(nxt.value)
                last = j = j + 1
                j += 1
                continue
            # "Quận 5 và 11": a bare number after a numbered unit names a unit of the same type.
            type_word = units[-1].text.split()[0]
            if (
                nxt.kind == "num"
                and nxt.value is not None
                and j + 1 not in used
                and units[-1].text.split()[-1].isdigit()
                and (
                    j + 2 >= len(elements) or elements[j + 2].kind not in ("award", "recipient", "classifier")
                )
            ):
                text = f"{type_word} {nxt.text}"
                units.append(UnitName(lexicon.catalog.unit_lookup.resolve(text).canonical, text))
                last = j = j + 1
                j += 1
                continue
            break
        k = last + 1
        if k < len(elements) and elements[k].kind == "comma":
            k += 1
        distributive = k < len(elements) and elements[k].kind == "distributive"
        groups.append(_UnitGroup(units, first, last, distributive))
        i = last + 1
    return groups


def _status(sentence: Sentence, ref: int) -> str:
    """``proposed`` or ``conferred`` for an item whose last element is ``ref``.

    A proposal cue governs the rest of its clause (up to ``;`` or ``:``); a
    strong receipt cue ("nhận") after it takes over, a weak one ("được") does
    not ("đề nghị cho … được tặng"). A clause without cues inherits the last
    cue of the sentence before it; a sentence without cues reports awards.
    """
    segment = sentence.segments[ref]

    def decide(indices: Iterable[int]) -> str | None:
        state = None
        for j in indices:
            element = sentence.elements[j]
            if element.kind != "status":
                continue
            status, strength = element.value
            if status == "proposed" or strength == "strong" or state is None:
                state = status
        return state

    here = [j for j in range(ref) if sentence.segments[j] == segment]
    before = [j for j in range(ref) if sentence.segments[j] < segment]
    return decide(here) or decide(before) or "conferred"


@dataclass(frozen=True)
class _TimeMark:
    position: int
    sentence: int
    paragraph: int
    value: int | tuple[int, int]


def _time_of(
    marks: list[_TimeMark], sentence: Sentence, position: int, year: int | None
) -> tuple[int | None, str | None, set[str]]:
    """(year, period text, flags) for an item at ``position`` in ``sentence``."""
    flags: set[str] = set()
    here = [m for m in marks if m.sentence == sentence.index]
    chosen: _TimeMark | None = None
    if here:
        before = [m for m in here if m.position < position]
        chosen = before[-1] if before else here[0]
    else:
        before = [m for m in marks if m.position < position]
        if before:
            chosen = before[-1]
            if len({m.value for m in before}) > 1:
                flags.add("year_from_context")
        else:
            after = [m for m in marks if m.paragraph == sentence.paragraph and m.position > position]
            if after:
                chosen = after[0]
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


# --- the public API ------------------------------------------------------------------


@dataclass(frozen=True)
class Extraction:
    """What :func:`extract_report` found in a text.

    Attributes
    ----------
    records : DataFrame
        One row per unit, award form and count (columns :data:`RECORD_FIELDS`).
    mentions : DataFrame
        Award forms named without a number (columns :data:`MENTION_FIELDS`);
        they are never counted.
    text : str
        The NFC-normalised text; ``evidence_start`` and ``evidence_end`` index it.
    """

    records: pd.DataFrame
    mentions: pd.DataFrame
    text: str

    def totals(self) -> pd.DataFrame:
        """Award counts by status, with flagged rows kept apart from the rest.

        Returns
        -------
        DataFrame
            Index ``status`` (``conferred``, ``proposed``); columns ``records``
            (rows), ``count`` (sum over unflagged rows) and ``flagged_count``
            (sum over rows awaiting a decision).

        Examples
        --------
        >>> found = extract_report("Năm 2018, Quận 3 nhận 2 Bằng khen của Thủ tướng Chính phủ "
        ...                        "và đề nghị tặng 1 Huân chương Lao động hạng Ba.")
        >>> found.totals()["count"].to_dict()
        {'conferred': 2, 'proposed': 1}
        """
        records = self.records
        flagged = records["flags"].astype(str) != ""
        table = pd.DataFrame(
            {
                "records": records.groupby("status").size(),
                "count": records.loc[~flagged].groupby("status")["count"].sum(),
                "flagged_count": records.loc[flagged].groupby("status")["count"].sum(),
            }
        )
        table = table.reindex(["conferred", "proposed"]).fillna(0).astype("int64")
        table.index.name = "status"
        return table

    def review(self) -> pd.DataFrame:
        """Records and mentions as the rows of a review CSV; see :func:`review_frame`."""
        return review_frame(self)


def extract_report(
    text: str,
    *,
    year: int | None = None,
    source: str | None = None,
    catalog: Catalog | None = None,
) -> Extraction:
    """Read award counts and award mentions out of report prose.

    Parameters
    ----------
    text : str
        Report text in any Unicode form; it is NFC-normalised first, and the
        evidence offsets index the normalised text (identical for NFC input).
    year : int, optional
        Year of the awards where the text states none (and where it states a
        period rather than a year). A year the text states wins; when it
        differs from ``year`` the row is flagged ``year_conflict``.
    source : str, optional
        Copied into the ``source`` column (a file name, a URL, a title).
    catalog : Catalog, optional
        Award forms and units to resolve names against; the bundled
        catalogue by default.

    Returns
    -------
    Extraction
        ``records`` and ``mentions`` DataFrames, in text order.

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
    catalog = catalog or default_catalog()
    lexicon = lexicon_for(catalog)
    text = unicodedata.normalize("NFC", text)
    tokens = tokenize(text)
    tagger = _Tagger(text, tokens, lexicon)
    sentences: list[Sentence] = []
    for index, (first, stop, paragraph) in enumerate(_split_sentences(tokens, lexicon)):
        elements = tagger.tag(first, stop)
        if not elements:
            continue
        segments, segment = [], 0
        for element in elements:
            if element.kind in ("sep", "colon"):
                segment += 1
            segments.append(segment)
        start, end = tokens[first].start, tokens[stop - 1].end
        sentences.append(Sentence(index, paragraph, start, end, elements, segments))
    marks = [
        _TimeMark(e.start, s.index, s.paragraph, e.value)
        for s in sentences
        for e in s.elements
        if e.kind in ("year", "period")
    ]

    rows: list[dict[str, Any]] = []
    mention_rows: list[dict[str, Any]] = []
    previous_groups: list[tuple[int, _UnitGroup]] = []  # (paragraph, group)
    for sentence in sentences:
        reader = _SentenceReader(sentence, tagger)
        items = reader.read()
        for item in items:
            _attach_giver(sentence, item, lexicon)
        groups = _unit_groups(sentence, reader.used, lexicon)
        for item in items:
            rows_out = mention_rows if item.count is None else rows
            rows_out += _rows_for(item, sentence, groups, previous_groups, marks, text, year, source)
        previous_groups += [(sentence.paragraph, g) for g in groups]

    records = _frame(rows, RECORD_FIELDS)
    mentions = _frame(mention_rows, MENTION_FIELDS)
    return Extraction(records, mentions, text)


def _rows_for(
    item: Item,
    sentence: Sentence,
    groups: list[_UnitGroup],
    previous_groups: list[tuple[int, _UnitGroup]],
    marks: list[_TimeMark],
    text: str,
    year: int | None,
    source: str | None,
) -> list[dict[str, Any]]:
    elements = sentence.elements
    count_ref = max(item.count.elements) if item.count is not None else item.award
    ref = max(item.award, count_ref)
    flags = set(item.flags)

    # The unit: the last group named before the count, else the first after it
    # in the same clause, else (flagged) one from an earlier sentence.
    group = next((g for g in reversed(groups) if g.last < ref), None)
    if group is None:
        group = next(
            (g for g in groups if g.first > ref and sentence.segments[g.first] == sentence.segments[ref]),
            None,
        )
    if group is None:
        # Prefer this paragraph's last unit, else the report's; a reviewer confirms either.
        earlier = [g for p, g in previous_groups if p == sentence.paragraph] or [
            g for _, g in previous_groups
        ]
        if earlier:
            group = earlier[-1]
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
    elif award.canonical is None:
        flags.add("unknown_award")
        if award.broken_down:
            flags.add("possible_total")
    status = _status(sentence, ref)
    row_year, period, time_flags = _time_of(marks, sentence, start, year)
    flags |= time_flags
    notes = []
    if award.giver:
        notes.append(f"giver stated apart from the form: {award.giver}")
    if item.count is not None and item.count.by_turns:
        notes.append("counted in lượt (award instances)")
    if award.canonical is None and award.suggestion:
        notes.append(f"closest catalogued form: {award.suggestion}")
    out = []
    for unit in units:
        unit_flags = set(flags)
        if unit is not None and unit.canonical is None:
            unit_flags.add("unknown_unit")
        row = {
            "year": row_year,
            "district": None if unit is None else (unit.canonical or nfc(unit.text)),
            "award": award.canonical or nfc(award.text),
            "recipient_kind": item.kind,
            "source": source,
            "status": status,
            "flags": ";".join(sorted(unit_flags)),
            "evidence": text[start:end],
            "evidence_start": start,
            "evidence_end": end,
            "sentence": text[sentence.start : sentence.end].strip(),
            "period": period,
            "district_text": None if unit is None else unit.text,
            "award_text": award.text,
            "note": "; ".join(notes) or None,
        }
        if item.count is not None:
            row["count"] = item.count.value
        out.append(row)
    return out


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
    return extract_report(text, year=year, source=source, catalog=catalog).records


def extract_mentions(
    text: str,
    *,
    year: int | None = None,
    source: str | None = None,
    catalog: Catalog | None = None,
) -> pd.DataFrame:
    """Award forms named in ``text`` without a number (never counted as 1).

    The ``mentions`` of :func:`extract_report`; ``flags`` says ``no_count``
    or ``vague_quantity`` ("một số", "nhiều" …).

    Examples
    --------
    >>> extract_mentions("Nhiều cá nhân được tặng Giấy khen.")[["award", "flags"]].values.tolist()
    [['Giấy khen', 'no_unit;no_year;vague_quantity']]
    """
    return extract_report(text, year=year, source=source, catalog=catalog).mentions


# --- review CSV ------------------------------------------------------------------------


def review_frame(found: Extraction, *, catalog: Catalog | None = None) -> pd.DataFrame:
    """Records and mentions as one table for a person to review.

    Rows are in text order. A row that needs a decision (a flag, a proposal
    or a mention) has an empty ``count``: :func:`load_awards` refuses the file
    until the reviewer types the count (accepting the row) or deletes the row.
    ``count_read`` always shows the number in the text, and ``review`` says
    what to decide.

    Examples
    --------
    >>> found = extract_report("Năm 2018 Quận 3 nhận 2 Bằng khen của Thủ tướng Chính phủ; "
    ...                        "Quận 5 được đề nghị tặng 1 Bằng khen của Thủ tướng Chính phủ.")
    >>> review_frame(found)[["district", "count", "count_read", "status"]].values.tolist()
    [['Quận 3', '2', '2', 'conferred'], ['Quận 5', '', '1', 'proposed']]
    """
    lexicon = lexicon_for(catalog or default_catalog())
    records = found.records.copy()
    records["count_read"] = records["count"].astype(str)
    mentions = found.mentions.copy()
    mentions["count_read"] = ""
    table = pd.concat([records.drop(columns="count"), mentions], ignore_index=True)
    table = table.sort_values("evidence_start", kind="stable").reset_index(drop=True)
    needs = []
    for flags, status in zip(table["flags"], table["status"], strict=True):
        reasons = [lexicon.flag_messages.get(f, f) for f in str(flags).split(";") if f]
        if status == "proposed":
            reasons.insert(
                0,
                "a proposal, not a conferred award: delete the row, or type the count and "
                "keep status 'proposed' so analyses can leave it out",
            )
        needs.append(" | ".join(reasons))
    table["review"] = needs
    table["count"] = [read if not need else "" for read, need in zip(table["count_read"], needs, strict=True)]
    table["year"] = table["year"].astype("string").fillna("")
    table = table.astype({c: "object" for c in table.columns}).fillna("")
    for column in ("evidence_start", "evidence_end"):
        table[column] = table[column].astype(str)
    return table[list(REVIEW_FIELDS)].replace({"<NA>": "", "nan": "", "None": ""})


def write_review_csv(found: Extraction, path: str | Path, *, force: bool = False) -> Path:
    """Write :func:`review_frame` to ``path`` as UTF-8 CSV (with BOM, for Excel).

    Raises
    ------
    FileExistsError
        If ``path`` exists and ``force`` is false: a reviewed file is never
        overwritten by accident.
    """
    path = Path(path)
    if path.exists() and not force:
        raise FileExistsError(f"{path} already exists; choose another name or pass force=True (--force)")
    review_frame(found).to_csv(path, index=False, encoding="utf-8-sig")
    return path
