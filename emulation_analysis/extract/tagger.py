"""Report text to sentences of tagged elements: awards, units, numbers, cue words.

The tagger walks the tokens of :func:`~.lexicon.tokenize` and groups them into
:class:`Element` runs: a catalogued award form (widened to "hạng 2 và 3" when
two classes share one count), an award named by a head word and the words
after it ("Bằng khen của Bộ Công an"), a unit, a number written in figures or
in words, a year or a period, or a cue word from the extractor's vocabulary.
Numbers that cannot be counts (dates, decree numbers, percentages) keep no
value. Sentences end at a full stop or a line break, except that a list under
a heading ending in ``:`` stays in the heading's sentence.

Examples
--------
>>> from emulation_analysis import default_catalog
>>> from emulation_analysis.extract.lexicon import lexicon_for, tokenize
>>> text = "Năm 2018, Quận 3 nhận 2 Bằng khen của Thủ tướng Chính phủ."
>>> [sentence] = tag_sentences(text, tokenize(text), lexicon_for(default_catalog()))
>>> [(str(e.kind), e.text) for e in sentence.elements if e.kind in ("year", "unit", "num", "award")]
... # doctest: +NORMALIZE_WHITESPACE
[('year', 'Năm 2018'), ('unit', 'Quận 3'), ('num', '2'),
 ('award', 'Bằng khen của Thủ tướng Chính phủ')]
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..schema import YEAR_RANGE
from ..text import nfc
from .lexicon import NUMBER_WORDS_WINDOW, Kind, Lexicon, Token
from .names import AwardName, Element, NameReader, UnitName

__all__ = ["PLAN_CUE_WINDOW", "Sentence", "tag_sentences"]


@dataclass(slots=True)
class Sentence:
    index: int
    paragraph: int
    start: int
    end: int
    elements: list[Element] = field(default_factory=list)
    segments: list[int] = field(default_factory=list)  # segment number of each element
    about_locality: bool = False  # "toàn quận có …": about the whole locality, no unit of its own
    # Segments ended by ":" ("Quận 3:", "… các hình thức sau:"): they introduce what follows.
    introductions: frozenset[int] = frozenset()


# Words a plan cue may stand before its year ("phương hướng, nhiệm vụ năm 2023").
PLAN_CUE_WINDOW = 2
# From "cho N" back to the award whose recipients a title describes ("Huân
# chương … của Chủ tịch nước cho 8 chiến sĩ thi đua cơ sở"), in elements.
TITLE_AWARD_WINDOW = 16

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
        if any(t.kind != Kind.NL for t in tokens[first:stop]):
            sentences.append((first, stop, paragraph))
        first = stop + 1

    previous: Token | None = None  # the last token of the sentence that is not a line break
    for i, token in enumerate(tokens):
        if token.kind == Kind.NL:
            previous = previous if previous is not None and previous.start >= tokens[first].start else None
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
            continue
        previous = token
        if token.kind == Kind.PUNCT and token.text in _SENTENCE_END:
            following = tokens[i + 1] if i + 1 < len(tokens) else None
            before = tokens[i - 1] if i else None
            if before is not None and before.key in lexicon.abbreviations:
                continue
            if (
                following is None
                or following.kind == Kind.NL
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
        and token.kind == Kind.NUM
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


class _Tagger(NameReader):
    def __init__(self, text: str, tokens: list[Token], lexicon: Lexicon):
        super().__init__(text, tokens, lexicon)
        # First words of the year and period cues: only these can start a time expression.
        self.time_words = lexicon.year_cues | {cue[0] for cue in lexicon.period_cues}

    def tag(self, first: int, stop: int) -> list[Element]:
        tokens = self.tokens
        out: list[Element] = []
        i = first
        while i < stop:
            token = tokens[i]
            if token.kind == Kind.NL:  # a list item inside a sentence
                out.append(Element(Kind.SEP, token.start, token.start, ""))
                i += 1
                continue
            if token.kind == Kind.PUNCT:
                kind = {":": Kind.COLON, ";": Kind.SEP, ",": Kind.COMMA}.get(token.text, Kind.PUNCT)
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
            if token.kind == Kind.NUM:
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
        previous = next((e for e in reversed(out) if e.kind == Kind.AWARD), None)
        if previous is None or previous.value.ambiguous_class:
            return None
        named: AwardName = previous.value
        family = self.lex.classed_awards.get(named.canonical or "")
        if family is None:
            families = {nfc(f).casefold(): f for f in self.lex.classed_awards.values()}
            family = families.get(nfc(named.text).casefold())
        if family is None:
            return None
        element = self.element(Kind.AWARD, i, i + 2)
        found = self.lex.resolve_award(f"{family} {element.text}")
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
        if token.key not in self.time_words:
            return None
        two = tuple(t.key for t in tokens[i : i + 2])
        if two in self.lex.period_cues and i + 2 < stop and _is_year(tokens[i + 2]):
            end = _period_end(tokens, i + 2, stop)
            if end is not None:
                return self.element(Kind.PERIOD, i, end[1] - 1 + 1, (tokens[i + 2].value, end[0])), end[1]
            return self.element(Kind.YEAR, i, i + 3, tokens[i + 2].value), i + 3
        if token.key in self.lex.year_cues and i + 1 < stop and _is_year(tokens[i + 1]):
            # "ngày 31 tháng 1 năm 2019" is a date, and "tăng 25% so với năm
            # 2018" names the year compared with: neither is the awards' year.
            if (i >= 2 and tokens[i - 2].key == "tháng") or self.after_cue(i, self.lex.comparison_cues):
                return self.element(Kind.DATE, i, i + 2), i + 2
            # "phương hướng, nhiệm vụ năm 2023": the year planned for, not the year reported on.
            if self.after_cue(i, self.lex.plan_cues, PLAN_CUE_WINDOW):
                return self.element(Kind.PLAN_YEAR, i, i + 2, tokens[i + 1].value), i + 2
            end = _period_end(tokens, i + 1, stop)
            if end is not None:
                return self.element(Kind.PERIOD, i, end[1], (tokens[i + 1].value, end[0])), end[1]
            return self.element(Kind.YEAR, i, i + 2, tokens[i + 1].value), i + 2
        return None

    def after_cue(self, i: int, cues: frozenset[tuple[str, ...]], window: int = 0) -> bool:
        """Whether one of ``cues`` ends just before ``tokens[i]`` (or up to ``window`` words before).

        "so với năm 2018" (a comparison), "phương hướng, nhiệm vụ năm 2023" (a plan).
        """
        words = [t.key for t in self.tokens[max(0, i - 4 - window) : i] if t.kind != Kind.PUNCT]
        for skip in range(min(window, len(words)) + 1):
            keys = tuple(words[: len(words) - skip])
            if any(keys[-len(cue) :] == cue for cue in cues if len(cue) <= len(keys)):
                return True
        return False

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
        return self.element(Kind.NUM, i, i + 1, value)

    def titled_recipients(self, i: int, end: int, out: list[Element]) -> str | None:
        """The recipients a title names after another award's count, or None if it is an award.

        In "Bằng khen … cho 8 chiến sĩ thi đua cơ sở" (or "đối với 10 tập thể
        lao động xuất sắc") the title says who received the Bằng khen: its
        first words are a recipient word, whose kind is returned. Without an
        award before "cho N" in the clause ("Quận 10 có 7 Chiến sĩ thi đua cơ
        sở") the title is the award counted.
        """
        if len(out) < 3 or out[-1].kind != Kind.NUM or out[-2].kind != Kind.RECIPIENT_MARKER:
            return None
        for element in reversed(out[-TITLE_AWARD_WINDOW:-2]):
            if element.kind in (Kind.SEP, Kind.COLON):
                return None
            if element.kind == Kind.AWARD:
                break
        else:
            return None
        keys = [t.key for t in self.tokens[i:end]]
        for size in range(len(keys), 0, -1):
            kind = self.lex.recipient_words.get(tuple(keys[:size]))
            if kind is not None:
                return kind
        return None

    def phrase(self, i: int, stop: int, out: list[Element]) -> int:
        tokens = self.tokens
        match = self.lex.matcher.match(tokens, i, stop)
        loose = self.lex.loose_matcher.match(tokens, i, stop, loose=True)
        if loose is not None and (match is None or loose[0] > match[0]):
            match = loose
        if match is None:
            out.append(self.element(Kind.WORD, i, i + 1, tokens[i].key))
            return i + 1
        end, phrases = match
        phrase = phrases[0]
        role = phrase.role
        if role == Kind.RECIPIENT and tokens[i].capitalised:
            # "cho 12 chiến sĩ thi đua" describes people; "Chiến sĩ thi đua" names the title.
            head = next((p for p in phrases if p.role == Kind.AWARD_HEAD), None)
            role = Kind.AWARD_HEAD if head is not None else role
        if role in (Kind.AWARD, Kind.AWARD_HEAD):
            described = self.titled_recipients(i, end, out)
            if described is not None:
                out.append(self.element(Kind.RECIPIENT, i, end, described))
                return end
        if role == Kind.AWARD:
            end, award = self.known_award(i, end, stop, phrase.value)
            out.append(self.element(Kind.AWARD, i, end, award))
        elif role == Kind.AWARD_HEAD:
            out.append(self.named_award(i, end, stop))
            end = self.tokens_end(out[-1], i)
        elif role == Kind.UNNAMED_AWARD:
            out.append(self.element(Kind.AWARD, i, end, AwardName(None, self.text_of(i, end), unnamed=True)))
        elif role == Kind.UNIT:
            element = self.element(Kind.UNIT, i, end)
            element.value = UnitName(phrase.value, element.text)
            out.append(element)
        elif role == Kind.UNIT_TYPE:
            end = self.unit_name_end(i, end, stop)
            element = self.element(Kind.UNIT if end > match[0] else Kind.WORD, i, end)
            if element.kind == Kind.UNIT:
                element.value = UnitName(self.lex.resolve_unit(element.text).canonical, element.text)
            elif end < stop and tokens[end].key in ("có", "đã"):
                # "huyện có 6 đơn vị …": the locality as a whole, not a unit.
                element.kind, element.value = Kind.LOCALITY, tokens[i].key
            else:
                element.value = tokens[i].key
            out.append(element)
        elif role == Kind.ORG_TYPE:
            name_end = self.org_name_end(i, end, stop)
            if name_end > end and tokens[i].capitalised:
                element = self.element(Kind.UNIT, i, name_end)
                element.value = UnitName(self.lex.resolve_unit(element.text).canonical, element.text)
                out.append(element)
                end = name_end
            else:
                out.append(self.element(Kind.WORD, i, end, phrase.value))
        elif (
            role == Kind.LOCALITY and end < stop and (tokens[end].kind == Kind.NUM or tokens[end].capitalised)
        ):
            # "toàn Quận 10": the unit is named after all.
            out.append(self.element(Kind.WORD, i, i + 1, tokens[i].key))
            return i + 1
        elif role == Kind.NUMBER:
            parsed = self.lex.parse_number_words(
                [t.key for t in tokens[i : min(stop, i + NUMBER_WORDS_WINDOW)]]
            )
            if parsed is None:
                out.append(self.element(Kind.WORD, i, i + 1, tokens[i].key))
                return i + 1
            end = i + parsed[1]
            out.append(self.element(Kind.NUM, i, end, parsed[0]))
        elif role in (Kind.PLAIN, Kind.NAME_CONNECTOR, Kind.NAME_END):
            out.append(self.element(Kind.WORD, i, end, phrase.value))
        else:
            out.append(self.element(role, i, end, phrase.value))
        return end


def _mark_givers(elements: list[Element]) -> None:
    """Units that give rather than receive: "Giấy khen của UBND quận Tân Bình", "do Công an Quận 1 tặng".

    A unit after "của" is the giver when "của" follows an award or a
    proposal ("theo đề nghị của Sở Nội vụ"); after a recipient ("12 cá nhân
    của Quận 3") it is where the recipients belong. A unit after "do" gives.
    """
    for i, element in enumerate(elements):
        if element.kind != Kind.UNIT:
            continue
        j = i - 1
        while (
            j >= 0
            and i - j <= 3
            and elements[j].kind in (Kind.WORD, Kind.GIVER)
            and elements[j].value
            not in (
                "của",
                "do",
            )
        ):
            j -= 1
        if j < 0 or elements[j].kind != Kind.WORD:
            continue
        if elements[j].value == "do" or (
            elements[j].value == "của" and j > 0 and elements[j - 1].kind in (Kind.AWARD, Kind.STATUS)
        ):
            element.giver_role = True


def tag_sentences(
    text: str, tokens: list[Token], lexicon: Lexicon, *, first_index: int = 0, first_paragraph: int = 0
) -> list[Sentence]:
    """The sentences of ``text`` (already tokenized), each with its tagged elements.

    ``segments`` numbers the clauses of a sentence: each ``;`` or ``:`` (and
    each item of a list under a heading) starts a new one. ``first_index``
    and ``first_paragraph`` number the sentences of a part of a longer text.
    """
    tagger = _Tagger(text, tokens, lexicon)
    sentences: list[Sentence] = []
    for index, (first, stop, paragraph) in enumerate(_split_sentences(tokens, lexicon), first_index):
        paragraph += first_paragraph
        elements = tagger.tag(first, stop)
        if not elements:
            continue
        _mark_givers(elements)
        segments, segment, introductions = [], 0, set()
        for element in elements:
            if element.kind == Kind.COLON:
                introductions.add(segment)
            if element.kind in (Kind.SEP, Kind.COLON):
                segment += 1
            segments.append(segment)
        start, end = tokens[first].start, tokens[stop - 1].end
        locality = any(e.kind == Kind.LOCALITY for e in elements)
        sentences.append(
            Sentence(index, paragraph, start, end, elements, segments, locality, frozenset(introductions))
        )
    return sentences
