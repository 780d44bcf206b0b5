"""Names in report text: award forms, units and offices, read from their first words.

:class:`NameReader` holds what the tagger needs to read a name that starts at
a token: a catalogued award (widened to "hạng 2 và 3" when two classes share
one count), an award named by a head word and the words after it ("Bằng khen
của Bộ Công an"), a unit after its type word ("Quận Bình Thạnh") and an office
after its type word ("Sở Giáo dục và Đào tạo"). Each look-ahead is bounded by
a named window, so a text of endless capitalised words costs no more per word.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..text import match_key
from .lexicon import NUMBER_WORDS_WINDOW, Kind, Lexicon, Token

__all__ = [
    "AWARD_NAME_WINDOW",
    "ORG_NAME_WINDOW",
    "UNIT_NAME_WINDOW",
    "AwardName",
    "Element",
    "NameReader",
    "UnitName",
]


@dataclass(slots=True)
class AwardName:
    canonical: str | None
    text: str
    ambiguous_class: bool = False
    giver: str | None = None
    suggestion: str | None = None
    broken_down: bool = False  # an order named without its class, then split by class
    unnamed: bool = False  # "… được khen thưởng": awards whose form the text does not name
    non_state: bool = False  # "Huy hiệu Đảng": named, but not a state award


@dataclass(slots=True)
class UnitName:
    canonical: str | None
    text: str


@dataclass(slots=True)
class Element:
    """A tagged run of tokens: an award, a unit, a number, a cue word …"""

    kind: str
    start: int
    end: int
    text: str
    value: Any = None
    giver_role: bool = False  # a unit that is named as the giver, not the recipient


# Look-ahead windows, in tokens: how far a name may run after its head word
# ("Bằng khen của Bộ Nông nghiệp và Phát triển nông thôn" is 10), after a unit
# type word ("Quận Bình Thạnh") and after an office's type word ("Sở Giáo dục
# và Đào tạo", "Ban Chỉ huy Quân sự Quận 11"); a longer run is not one name.
AWARD_NAME_WINDOW = 16
UNIT_NAME_WINDOW = 4
ORG_NAME_WINDOW = 10


class NameReader:
    """Reads the names that start at a token of ``tokens`` (see the module docstring)."""

    def __init__(self, text: str, tokens: list[Token], lexicon: Lexicon):
        self.text = text
        self.tokens = tokens
        self.lex = lexicon

    def element(self, kind: str, first: int, stop: int, value: Any = None) -> Element:
        start, end = self.tokens[first].start, self.tokens[stop - 1].end
        return Element(kind, start, end, self.text[start:end], value)

    def text_of(self, first: int, stop: int) -> str:
        return self.text[self.tokens[first].start : self.tokens[stop - 1].end]

    def tokens_end(self, element: Element, first: int) -> int:
        """The token index just after ``element``, which starts at token ``first``."""
        k = first
        while k < len(self.tokens) and self.tokens[k].end <= element.end:
            k += 1
        return k

    def named_award(self, i: int, end: int, stop: int) -> Element:
        """An award named by a head word and the words after it, resolved against the catalogue.

        A giver the catalogue does not spell this way is looked up in the
        giver tables: "Bằng khen của UBND TPHCM" is *Bằng khen của UBND Thành
        phố*, "Bằng khen của Bộ Y tế" *Bằng khen cấp bộ, ngành, tỉnh*.
        """
        end = self.extend_name(end, stop)
        text = self.text_of(i, end)
        found = self.lex.resolve_award(text)
        giver = None
        if found.canonical is None:
            keys = [t.key for t in self.tokens[i:end]]
            if "của" in keys:
                at = i + keys.index("của")
                if at + 1 < end:
                    found, giver = self.lex.giver_form(self.text_of(i, at), self.text_of(at + 1, end))
        award = AwardName(found.canonical, text, giver=giver, suggestion=found.suggestion)
        key = match_key(text)
        award.non_state = any(key == head or key.startswith(head + " ") for head in self.lex.non_state_awards)
        return self.element(Kind.AWARD, i, end, award)

    def org_name_end(self, i: int, end: int, stop: int) -> int:
        """End of "Sở Giáo dục và Đào tạo", "Công an tỉnh Đồng Nai" after an office's type word.

        The name starts with a capitalised word (or a place); it goes on over
        capitalised words, the lower-case syllables of a proper name after a
        capitalised one, "và" or "&" between capitalised words, and a place
        ("tỉnh Đồng Nai", "Quận 11"); it stops at any word of the vocabulary.
        """
        tokens = self.tokens
        k = end
        stop = min(stop, end + ORG_NAME_WINDOW)
        while k < stop:
            token = tokens[k]
            match = self.lex.matcher.match(tokens, k, stop)
            role = match[1][0].role if match is not None else None
            if role in (Kind.UNIT, Kind.UNIT_TYPE):
                place_end = match[0] if role == Kind.UNIT else self.unit_name_end(k, match[0], stop)
                if place_end == match[0] and role == Kind.UNIT_TYPE and not token.capitalised:
                    break
                k = place_end
                continue
            if token.kind == Kind.NUM and k > end and tokens[k - 1].capitalised:
                k += 1
                continue
            if token.kind == Kind.PUNCT and token.text == "&" and k > end and k + 1 < stop:
                k += 1
                continue
            if token.kind != Kind.WORD:
                break
            if token.capitalised and (
                role is None or role in (Kind.ORG_TYPE, Kind.AWARD_HEAD, Kind.UNIT_TYPE)
            ):
                if k > end and role == Kind.ORG_TYPE:
                    break  # "… và Trường THPT …": another office
                k += 1
                continue
            if k == end:
                break
            previous = tokens[k - 1]
            if token.key == "và" and k + 1 < stop and tokens[k + 1].capitalised:
                following = self.lex.matcher.match(tokens, k + 1, stop)
                if following is not None and following[1][0].role in (
                    Kind.ORG_TYPE,
                    Kind.UNIT,
                    Kind.UNIT_TYPE,
                ):
                    break
                k += 1
                continue
            if previous.capitalised and role in (None, Kind.PLAIN) and token.key not in ("của", "cho"):
                k += 1
                continue
            break
        return k

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
            if j < stop and tokens[j].key in self.lex.class_spellings and not self.starts_count(j, stop):
                wide = self.text[tokens[i].start : tokens[j].end]
                return j + 1, AwardName(None, wide, ambiguous_class=True)
        return end, AwardName(canonical, text)

    def starts_count(self, j: int, stop: int) -> bool:
        """Whether ``tokens[j]``, a class spelling, is rather the start of a count.

        "hạng 2 và 3 Bằng khen" and "hạng Ba và hai Bằng khen" count what
        follows; so does "hạng Ba và hai mươi mốt Bằng khen", where the number
        runs on past the word that spells a class (a class is one word, so a
        longer run of number words is always a count).
        """
        window = self.tokens[j : min(stop, j + NUMBER_WORDS_WINDOW)]
        parsed = self.lex.parse_number_words([t.key for t in window])
        used = 1 if parsed is None else parsed[1]
        return used > 1 or self.starts_count_target(j + used, stop)

    def starts_count_target(self, j: int, stop: int) -> bool:
        """Whether ``tokens[j]`` begins something a number could count."""
        if j >= stop:
            return False
        token = self.tokens[j]
        if token.kind == Kind.NUM:
            return True
        match = self.lex.matcher.match(self.tokens, j, stop)
        return match is not None and match[1][0].role in (
            Kind.AWARD,
            Kind.AWARD_HEAD,
            Kind.RECIPIENT,
            Kind.CLASSIFIER,
        )

    def extend_name(self, j: int, stop: int) -> int:
        """End of an award name that starts with a head word ("Bằng khen của Bộ Công an")."""
        tokens = self.tokens
        stops = {
            Kind.STATUS,
            Kind.RECIPIENT,
            Kind.GIFT_VERB,
            Kind.RECIPIENT_MARKER,
            Kind.CONJUNCTION,
            Kind.ALTERNATIVE,
            Kind.DISTRIBUTIVE,
            Kind.VAGUE,
            Kind.APPROXIMATE,
            Kind.TOTAL,
            Kind.CLASSIFIER,
            Kind.AWARD,
            Kind.AWARD_HEAD,
            Kind.NAME_END,
        }
        end = j
        k = j
        after_giver = False
        stop = min(stop, j + AWARD_NAME_WINDOW)
        while k < stop:
            token = tokens[k]
            if token.kind == Kind.PUNCT:
                # "TP.HCM": a dot inside a name, not a full stop; "NN&PTNT": one name.
                if (
                    token.text in (".", "&")
                    and k > j
                    and tokens[k - 1].end == token.start
                    and k + 1 < stop
                    and (tokens[k + 1].start == token.end)
                ):
                    k += 1
                    continue
                break
            if token.kind == Kind.NUM:
                previous = tokens[k - 1]
                if previous.capitalised or previous.key == "hạng":
                    k += 1
                    end = k
                    continue
                break
            if token.kind != Kind.WORD:
                break
            match = self.lex.matcher.match(tokens, k, stop)
            if match is not None and match[1][0].role in stops:
                break
            # Proper names capitalise only their first syllable ("Bộ Quốc phòng"),
            # so after "của" a lower-case word may follow a capitalised one.
            after_giver = after_giver or tokens[k - 1].key == "của"
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
        if end < stop and tokens[end].kind == Kind.NUM and tokens[end].value is not None:
            return end + 1
        k = end
        while k < stop and tokens[k].capitalised and k - end < UNIT_NAME_WINDOW:
            k += 1
        return k
