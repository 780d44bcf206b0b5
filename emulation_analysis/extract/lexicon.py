"""Vocabulary of the award extractor, read from ``catalogs/extract_*.csv``.

The extractor knows no Vietnamese word by itself: number words, givers,
proposal and receipt cues, recipient words and the small function words it
relies on are rows of CSV tables, and award forms and units come from the
:class:`~emulation_analysis.catalog.Catalog`. This module turns them into

* a tokenizer that keeps character offsets (so evidence is an exact span),
* a phrase matcher over token keys (longest match wins), and
* a parser for Vietnamese number words (``hai mươi mốt`` → 21).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Any

import pandas as pd

from ..catalog import Catalog, Resolution, read_catalog_table
from ..text import loose_key, match_key, nfc

__all__ = [
    "MAX_COUNT_DIGITS",
    "NUMBER_WORDS_WINDOW",
    "Kind",
    "Lexicon",
    "Phrase",
    "Token",
    "build_lexicon",
    "lexicon_for",
    "read_vocabulary",
    "tokenize",
]

# A thousands separator is a dot followed by exactly three digits ("1.329");
# "1,5" is a decimal and never a count of awards.
_TOKEN = re.compile(
    r"(?P<nl>\n[ \t\r]*(?:\n[ \t\r]*)*)"
    r"|(?P<num>\d{1,3}(?:\.\d{3})+(?!\d)|\d+(?:,\d+)?)"
    r"|(?P<word>[^\W\d_]+)"
    r"|(?P<punct>[^\s\w]|_)"
)


class Kind(StrEnum):
    """What a token, a matched phrase or a tagged element is.

    Token kinds (``WORD``, ``NUM``, ``PUNCT``, ``NL``), the roles of the
    vocabulary tables (the ``role`` column of ``extract_words.csv`` and the
    table a phrase comes from) and the element kinds the tagger adds
    (``YEAR``, ``PERIOD``, ``DATE``, ``SEP`` …) share one namespace: an
    element's kind is its phrase's role.
    """

    AWARD = "award"
    UNIT = "unit"
    GIVER = "giver"
    STATUS = "status"
    RECIPIENT = "recipient"
    PLAIN = "plain"
    AWARD_HEAD = "award_head"
    DISTRIBUTIVE = "distributive"
    VAGUE = "vague"
    APPROXIMATE = "approximate"
    TOTAL = "total"
    CLASSIFIER = "classifier"
    GIFT_VERB = "gift_verb"
    AWARD_LINK = "award_link"
    RECIPIENT_MARKER = "recipient_marker"
    CONJUNCTION = "conjunction"
    ALTERNATIVE = "alternative"
    UNIT_TYPE = "unit_type"
    NAME_CONNECTOR = "name_connector"
    NAME_END = "name_end"
    ORG_TYPE = "org_type"
    LOCALITY = "locality"
    UNNAMED_AWARD = "unnamed_award"
    PLAN_CUE = "plan_cue"
    PLAN_YEAR = "plan_year"
    NUMBER = "number"
    WORD = "word"
    NUM = "num"
    YEAR = "year"
    PERIOD = "period"
    DATE = "date"
    SEP = "sep"
    COLON = "colon"
    COMMA = "comma"
    PUNCT = "punct"
    END = "end"
    NL = "nl"
    YEAR_CUE = "year_cue"
    PERIOD_CUE = "period_cue"
    DATE_WORD = "date_word"
    ABBREVIATION = "abbreviation"
    COMPARISON = "comparison"


_TOKEN_KINDS = {"word": Kind.WORD, "punct": Kind.PUNCT}

# A count of awards never runs past this many digits; a longer run of digits
# (a serial number, garbage) is kept as a number that counts nothing, which
# also keeps Python's int() away from its 4,300-digit limit.
MAX_COUNT_DIGITS = 9


@dataclass(frozen=True, slots=True)
class Token:
    """One word, number, punctuation mark or line break, with its offsets."""

    kind: Kind  # WORD, NUM, PUNCT or NL
    text: str
    start: int
    end: int
    key: str
    value: int | None = None  # numbers only; None for decimals
    paragraph_break: bool = False  # "nl" tokens spanning a blank line

    @property
    def capitalised(self) -> bool:
        return self.kind == Kind.WORD and self.text[:1].isupper()


def tokenize(text: str, start: int = 0, stop: int | None = None) -> list[Token]:
    """Split NFC text (or ``text[start:stop]``) into tokens that remember where they are.

    Examples
    --------
    >>> [(str(t.kind), t.text, t.value) for t in tokenize("Quận 1 nhận 1.329 lượt")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('word', 'Quận', None), ('num', '1', 1), ('word', 'nhận', None),
     ('num', '1.329', 1329), ('word', 'lượt', None)]
    """
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text, start, len(text) if stop is None else stop):
        kind = match.lastgroup or "punct"
        raw = match.group()
        if kind == "nl":
            tokens.append(Token(Kind.NL, raw, match.start(), match.end(), "\n", None, raw.count("\n") > 1))
        elif kind == "num":
            digits = raw.replace(".", "")
            value = None if "," in raw or len(digits) > MAX_COUNT_DIGITS else int(digits)
            tokens.append(Token(Kind.NUM, raw, match.start(), match.end(), raw, value))
        else:
            tokens.append(Token(_TOKEN_KINDS[kind], raw, match.start(), match.end(), raw.casefold()))
    return tokens


def _phrase_keys(spelling: str) -> tuple[str, ...]:
    """Token keys of a catalogue spelling, punctuation dropped as match_key drops it."""
    return tuple(t.key for t in tokenize(nfc(spelling)) if t.kind in (Kind.WORD, Kind.NUM))


@dataclass(frozen=True)
class Phrase:
    """What a matched run of tokens is: an award form, a unit, a cue …"""

    role: Kind
    value: Any = None


# Longer matches always win; on equal length the role earlier here wins, so a
# catalogued award or unit outranks a generic head word or function word.
_ROLE_PRIORITY = (
    Kind.AWARD,
    Kind.UNIT,
    Kind.GIVER,
    Kind.STATUS,
    Kind.RECIPIENT,
    Kind.PLAIN,
    Kind.AWARD_HEAD,
    Kind.DISTRIBUTIVE,
    Kind.VAGUE,
    Kind.APPROXIMATE,
    Kind.TOTAL,
    Kind.CLASSIFIER,
    Kind.GIFT_VERB,
    Kind.AWARD_LINK,
    Kind.RECIPIENT_MARKER,
    Kind.CONJUNCTION,
    Kind.ALTERNATIVE,
    Kind.UNIT_TYPE,
    Kind.ORG_TYPE,
    Kind.LOCALITY,
    Kind.UNNAMED_AWARD,
    Kind.PLAN_CUE,
    Kind.NAME_CONNECTOR,
    Kind.NAME_END,
    Kind.NUMBER,
)
# Skippable inside a phrase: catalogue keys drop punctuation ("TP.HCM",
# "Cờ thi đua cấp bộ, ngành, tỉnh"), so the text may carry it.
_SKIPPABLE = frozenset({".", ",", "-"})


@lru_cache(maxsize=65_536)
def _loose_word(word: str) -> str:
    """``loose_key`` of one word; a report repeats few distinct words, so each is keyed once."""
    return loose_key(word)


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    phrases: list[Phrase] = field(default_factory=list)


class PhraseMatcher:
    """Longest-match lookup of token-key sequences (a trie)."""

    def __init__(self) -> None:
        self._root = _Node()

    def add(self, keys: Sequence[str], phrase: Phrase) -> None:
        if not keys:
            return
        node = self._root
        for key in keys:
            node = node.children.setdefault(key, _Node())
        if phrase not in node.phrases:
            node.phrases.append(phrase)
            node.phrases.sort(key=lambda p: _ROLE_PRIORITY.index(p.role))

    def match(
        self, tokens: Sequence[Token], start: int, stop: int, *, loose: bool = False
    ) -> tuple[int, list[Phrase]] | None:
        """Longest phrase starting at ``tokens[start]``: (end index, phrases) or None."""
        node = self._root
        best: tuple[int, list[Phrase]] | None = None
        i = start
        while i < stop:
            token = tokens[i]
            if token.kind == Kind.PUNCT and token.text in _SKIPPABLE and i > start:
                i += 1
                continue
            if token.kind not in (Kind.WORD, Kind.NUM):
                break
            node = node.children.get(_loose_word(token.text) if loose else token.key)
            if node is None:
                break
            i += 1
            if node.phrases:
                best = (i, node.phrases)
        return best


def read_vocabulary(name: str) -> pd.DataFrame:
    """One of the bundled ``catalogs/extract_*.csv`` tables, NFC-normalised."""
    return read_catalog_table(f"extract_{name}.csv").map(nfc)


# The longest number written in words a report uses ("chín trăm chín mươi chín
# nghìn chín trăm chín mươi chín") is 11 words: the parser never looks further.
NUMBER_WORDS_WINDOW = 16


@dataclass(frozen=True)
class NumberWord:
    value: int
    role: str


# Distinct names remembered between calls: enough for any real report, and a
# bound on the memory a hostile text full of invented names can take.
_RESOLVED_KEPT = 20_000


@dataclass
class Lexicon:
    """Everything the extractor matches text against."""

    catalog: Catalog
    matcher: PhraseMatcher
    loose_matcher: PhraseMatcher
    number_words: dict[str, NumberWord]
    abbreviations: frozenset[str]
    unit_types: frozenset[str]
    award_vocabulary: frozenset[str]
    classed_awards: dict[str, str]  # canonical → family, for awards with a class
    class_spellings: frozenset[str]
    # Words before a year that make it the year compared with ("so với năm 2018").
    comparison_cues: frozenset[tuple[str, ...]] = frozenset()
    year_cues: frozenset[str] = frozenset()  # "năm 2018"
    # "giai đoạn 2016 – 2020", "năm học 2023 – 2024": a period follows.
    period_cues: frozenset[tuple[str, ...]] = frozenset()
    # "phương hướng, nhiệm vụ năm 2023": the year after it is planned for, not reported on.
    plan_cues: frozenset[tuple[str, ...]] = frozenset()
    non_state_awards: frozenset[str] = frozenset()  # "huy hiệu đảng": named, kept apart
    # "II.", "b)": the marks that number a report's sections.
    section_marks: frozenset[str] = frozenset()
    givers: dict[tuple[str, ...], str] = field(default_factory=dict)  # token keys → the giver table's wording
    giver_levels: tuple[tuple[tuple[str, ...], str], ...] = ()  # name prefix → level of its forms
    recipient_words: dict[tuple[str, ...], str] = field(default_factory=dict)  # token keys → kind

    def giver_form(self, head: str, giver: str) -> tuple[Resolution, str]:
        """The catalogued form of ``head`` given by ``giver``, and the giver as the tables write it.

        "Bằng khen" of "UBND TPHCM" is *Bằng khen của UBND Thành phố*; of
        "Bộ Y tế" (a ministry, by ``extract_giver_levels.csv``) it is *Bằng
        khen cấp bộ, ngành, tỉnh*. When neither is catalogued the resolution
        of "``head`` của ``giver``" is returned (unknown, with a suggestion).
        """
        remembered = self.resolved.get(("giver", head, giver))
        if remembered is None:
            remembered = self.resolved[("giver", head, giver)] = self.find_giver_form(head, giver)
        return remembered

    def find_giver_form(self, head: str, giver: str) -> tuple[Resolution, str]:
        keys = _phrase_keys(giver)
        named = self.givers.get(keys, giver)
        found = self.resolve_award(f"{head} của {named}")
        if found.canonical is not None:
            return found, named
        for prefix, level in self.giver_levels:
            if keys[: len(prefix)] == prefix and len(keys) > len(prefix):
                by_level = self.resolve_award(f"{head} cấp {level}")
                if by_level.canonical is not None:
                    return by_level, giver
        return self.resolve_award(f"{head} của {giver}"), giver

    # Names already looked up: a report names the same few forms and units
    # hundreds of times, and a miss costs a close-match search of the catalogue.
    resolved: dict[tuple[str, ...], Any] = field(default_factory=dict)

    def resolve_award(self, text: str) -> Resolution:
        """The catalogue's reading of an award name (looked up once per distinct name)."""
        return self.resolve("award", text)

    def resolve_unit(self, text: str) -> Resolution:
        """The catalogue's reading of a unit name (looked up once per distinct name)."""
        return self.resolve("unit", text)

    def resolve(self, what: str, text: str) -> Resolution:
        found = self.resolved.get((what, text))
        if found is None:
            if len(self.resolved) >= _RESOLVED_KEPT:
                self.resolved.clear()
            lookup = self.catalog.award_lookup if what == "award" else self.catalog.unit_lookup
            found = self.resolved[(what, text)] = lookup.resolve(text)
        return found

    def parse_number_words(self, keys: Sequence[str]) -> tuple[int, int] | None:
        """Value of the longest run of number words at the start of ``keys``.

        Returns ``(value, words used)`` or None when ``keys`` does not start
        with a number.

        Examples
        --------
        >>> from emulation_analysis import default_catalog
        >>> lex = build_lexicon(default_catalog())
        >>> lex.parse_number_words(["hai", "mươi", "mốt", "cá"])
        (21, 3)
        >>> lex.parse_number_words(["mười", "lăm"])
        (15, 2)
        >>> lex.parse_number_words(["lăm"]) is None
        True
        """
        total = group = pending = 0
        used = 0
        previous = ""
        for key in keys[:NUMBER_WORDS_WINDOW]:
            word = self.number_words.get(key)
            if word is None:
                break
            role = word.role
            if role == "digit":
                if pending or previous == "digit":
                    break
                pending = word.value
            elif role == "after_tens":
                if previous not in ("ten", "tens"):
                    break
                pending = word.value
            elif role == "ten":
                if pending or previous in ("ten", "tens"):
                    break
                group += 10
            elif role == "tens":
                if not pending:
                    break
                group += pending * 10
                pending = 0
            elif role == "hundred":
                if not pending:
                    break
                group += pending * 100
                pending = 0
            elif role == "thousand":
                if not (pending or group):
                    break
                total += (group + pending) * 1000
                group = pending = 0
            elif role == "zero" and previous != "hundred":
                break
            previous = role
            used += 1
        # A run may not end on a connector ("một trăm linh" is not 100).
        while used and self.number_words[keys[used - 1]].role == "zero":
            used -= 1
        value = total + group + pending
        if not used or not value:
            return None
        return value, used


def _rows(table: pd.DataFrame, *columns: str) -> Iterable[tuple[str, ...]]:
    return table[list(columns)].itertuples(index=False, name=None)


def build_lexicon(catalog: Catalog) -> Lexicon:
    """Build the matcher from the catalogue and the extractor's vocabulary tables."""
    matcher = PhraseMatcher()
    loose = PhraseMatcher()
    award_vocabulary: set[str] = set()
    for spelling, canonical in catalog.award_lookup.exact.items():
        keys = tuple(spelling.split())
        matcher.add(keys, Phrase(Kind.AWARD, canonical))
        award_vocabulary.update(keys)
    # Without diacritics a spelling is trusted only when it names one form,
    # exactly as the loader trusts it.
    for spelling, names in catalog.award_lookup.loose.items():
        if len(names) == 1:
            loose.add(tuple(spelling.split()), Phrase(Kind.AWARD, next(iter(names))))
    for spelling, canonical in catalog.unit_lookup.exact.items():
        matcher.add(tuple(spelling.split()), Phrase(Kind.UNIT, canonical))
    for spelling, names in catalog.unit_lookup.loose.items():
        if len(names) == 1:
            loose.add(tuple(spelling.split()), Phrase(Kind.UNIT, next(iter(names))))

    givers: dict[tuple[str, ...], str] = {}
    for phrase, giver in _rows(read_vocabulary("givers"), "phrase", "giver"):
        matcher.add(_phrase_keys(phrase), Phrase(Kind.GIVER, giver))
        givers[_phrase_keys(phrase)] = giver
    for phrase, status, strength in _rows(read_vocabulary("status_cues"), "phrase", "status", "strength"):
        matcher.add(_phrase_keys(phrase), Phrase(Kind.STATUS, (status, strength)))
    recipient_words: dict[tuple[str, ...], str] = {}
    for phrase, kind in _rows(read_vocabulary("recipient_words"), "phrase", "kind"):
        matcher.add(_phrase_keys(phrase), Phrase(Kind.RECIPIENT, kind))
        recipient_words[_phrase_keys(phrase)] = kind

    words = read_vocabulary("words")
    by_role: dict[str, set[str]] = {}
    for phrase, role in _rows(words, "phrase", "role"):
        by_role.setdefault(role, set()).add(match_key(phrase))
        if role in _ROLE_PRIORITY:
            matcher.add(_phrase_keys(phrase), Phrase(Kind(role), match_key(phrase)))

    number_words = {
        word.casefold(): NumberWord(int(value), role)
        for word, value, role in _rows(read_vocabulary("number_words"), "word", "value", "role")
    }
    for word, spec in number_words.items():
        if spec.role in ("digit", "ten"):
            matcher.add((word,), Phrase(Kind.NUMBER, word))

    awards = catalog.awards
    classed = {
        name: family
        for name, family, cls in zip(awards["name"], awards["family"], awards["class"], strict=True)
        if cls
    }
    class_table = read_catalog_table("award_classes.csv")

    def cues(role: str) -> frozenset[tuple[str, ...]]:
        return frozenset(_phrase_keys(phrase) for phrase, r in _rows(words, "phrase", "role") if r == role)

    return Lexicon(
        catalog=catalog,
        matcher=matcher,
        loose_matcher=loose,
        number_words=number_words,
        abbreviations=frozenset(by_role.get("abbreviation", ())),
        unit_types=frozenset(by_role.get("unit_type", ())),
        award_vocabulary=frozenset(award_vocabulary),
        classed_awards=classed,
        class_spellings=frozenset(s.casefold() for s in class_table["spelling"]),
        comparison_cues=cues("comparison"),
        year_cues=frozenset(by_role.get("year_cue", ())),
        period_cues=cues("period_cue"),
        section_marks=frozenset(by_role.get("section_mark", ())),
        non_state_awards=frozenset(by_role.get("non_state_award", ())),
        plan_cues=cues("plan_cue"),
        givers=givers,
        recipient_words=recipient_words,
        giver_levels=tuple(
            (_phrase_keys(prefix), level)
            for prefix, level in _rows(read_vocabulary("giver_levels"), "prefix", "level")
        ),
    )


_CACHE: dict[int, tuple[Catalog, Lexicon]] = {}


def lexicon_for(catalog: Catalog) -> Lexicon:
    """The lexicon of ``catalog``, built once per catalogue object."""
    cached = _CACHE.get(id(catalog))
    if cached is not None and cached[0] is catalog:
        return cached[1]
    lexicon = build_lexicon(catalog)
    # Holding the catalogue keeps its id from being reused by another object.
    _CACHE[id(catalog)] = (catalog, lexicon)
    return lexicon
