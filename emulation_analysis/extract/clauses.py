"""One sentence's tagged elements to items: which number counts which award form.

A count is a number (with "khoảng", "tổng cộng", "lượt" … around it) that
stands before an award form, or before recipient words that an award form
then follows ("4 tập thể và 9 cá nhân được … tặng Bằng khen"), or after an
award form and a colon ("Bằng khen …: 2 tập thể, 4 cá nhân"). An award form
that no number counts is a mention, never a count of 1.

Examples
--------
>>> from emulation_analysis import default_catalog
>>> from emulation_analysis.extract.lexicon import lexicon_for, tokenize
>>> from emulation_analysis.extract.tagger import tag_sentences
>>> text = "Quận 3 nhận 4 tập thể và 9 cá nhân được tặng Bằng khen; có Giấy khen."
>>> [sentence] = tag_sentences(text, tokenize(text), lexicon_for(default_catalog()))
>>> items, _ = read_items(sentence)
>>> [(None if i.count is None else i.count.value, i.kind, sorted(i.flags)) for i in items]
[(4, 'tập thể', []), (9, 'cá nhân', []), (None, None, ['no_count'])]
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .lexicon import Kind
from .tagger import Sentence

__all__ = ["GIVER_SKIP_WINDOW", "LINK_WINDOW", "RECIPIENT_WINDOW", "Count", "Item", "read_items"]

# Look-ahead windows, in elements. LINK_WINDOW: from counts of recipients to
# the award they received ("4 tập thể và 9 cá nhân được Chủ tịch UBND Thành phố
# tặng Bằng khen"). GIVER_SKIP_WINDOW: over a giver between a form and "cho"
# ("… hạng Nhì của Chủ tịch nước cho 3 cá nhân"). RECIPIENT_WINDOW: from a
# "cho" that names no number to the one that does ("cho cán bộ có thành tích
# … cho 5 cá nhân").
LINK_WINDOW = 12
GIVER_SKIP_WINDOW = 8
RECIPIENT_WINDOW = 16


@dataclass(slots=True)
class Count:
    value: int
    elements: list[int]
    flags: set[str] = field(default_factory=set)
    by_turns: bool = False  # counted in "lượt"


@dataclass(slots=True)
class Item:
    """One count of one award form (before units, status and year are attached)."""

    count: Count | None
    award: int  # element index of the award
    kind: str | None
    elements: list[int]
    flags: set[str] = field(default_factory=set)
    reason: str | None = None  # mentions only: no_count or vague_quantity


class _SentenceReader:
    """Finds the award items of one sentence."""

    def __init__(self, sentence: Sentence):
        self.s = sentence
        self.e = sentence.elements
        self.used: set[int] = set()
        self.items: list[Item] = []

    def kind(self, i: int) -> str:
        return self.e[i].kind if 0 <= i < len(self.e) else Kind.END

    def count_at(self, i: int) -> tuple[Count, int] | None:
        """A count starting at element ``i`` (with "khoảng", "tổng cộng", "lượt" …)."""
        flags: set[str] = set()
        used = []
        while self.kind(i) in (Kind.APPROXIMATE, Kind.TOTAL):
            flags.add("approximate" if self.kind(i) == Kind.APPROXIMATE else "possible_total")
            used.append(i)
            i += 1
        if self.kind(i) != Kind.NUM or self.e[i].value is None or i in self.used:
            return None
        value = self.e[i].value
        used.append(i)
        i += 1
        # "2 hoặc 3 Bằng khen": keep the first figure, flag the alternative.
        if (
            self.kind(i) == Kind.ALTERNATIVE
            and self.kind(i + 1) == Kind.NUM
            and self.e[i + 1].value is not None
        ):
            flags.add("alternative_counts")
            used += [i, i + 1]
            i += 2
        by_turns = False
        if self.kind(i) == Kind.CLASSIFIER:
            by_turns = True
            used.append(i)
            i += 1
        return Count(value, used, flags, by_turns), i

    def kind_group(self, i: int) -> tuple[list[tuple[Count, str | None, list[int]]], int] | None:
        """``4 tập thể và 9 cá nhân`` / ``40 tập thể, cá nhân`` starting at ``i``."""
        entries: list[tuple[Count, str | None, list[int]]] = []
        while True:
            found = self.count_at(i)
            if found is None or self.kind(found[1]) != Kind.RECIPIENT:
                break
            count, j = found
            kind: str | None = self.e[j].value
            used = [j]
            j += 1
            if (
                self.kind(j) in (Kind.COMMA, Kind.CONJUNCTION)
                and self.kind(j + 1) == Kind.RECIPIENT
                and (self.e[j + 1].value != kind)
            ):
                count.flags.add("mixed_kinds")
                kind = None
                used += [j, j + 1]
                j += 2
            entries.append((count, kind, used))
            i = j
            if self.kind(i) in (Kind.COMMA, Kind.CONJUNCTION):
                following = self.count_at(i + 1)
                if following is not None and self.kind(following[1]) == Kind.RECIPIENT:
                    i += 1
                    continue
            break
        return (entries, i) if entries else None

    def read(self) -> list[Item]:
        i = 0
        while i < len(self.e):
            kind = self.kind(i)
            if kind == Kind.AWARD and i not in self.used:
                i = self.award_first(i)
            elif kind in (Kind.NUM, Kind.APPROXIMATE, Kind.TOTAL):
                i = self.count_first(i)
            else:
                i += 1
        for i, element in enumerate(self.e):
            # "khen thưởng" without a count is the ordinary word, not a mention of an award.
            if element.kind == Kind.AWARD and i not in self.used and not element.value.unnamed:
                self.items.append(self.mention(i))
        self.items.sort(key=lambda item: min(item.elements))
        return self.items

    def count_first(self, i: int) -> int:
        found = self.count_at(i)
        if found is None:
            return i + 1
        count, j = found
        if self.kind(j) == Kind.AWARD and j not in self.used:
            item = Item(count, j, None, [*count.elements, j], set(count.flags))
            self.used.update(item.elements)
            k = j + 1
            # "… 2 Bằng khen cho cá nhân", "… 1 Bằng khen cho 01 cá nhân" (the count restated)
            if self.kind(k) == Kind.RECIPIENT_MARKER and self.kind(k + 1) == Kind.RECIPIENT:
                item.kind = self.e[k + 1].value
                item.elements += [k, k + 1]
                self.used.update((k, k + 1))
            elif (
                self.kind(k) == Kind.RECIPIENT_MARKER
                and self.kind(k + 1) == Kind.NUM
                and self.e[k + 1].value == count.value
                and self.kind(k + 2) == Kind.RECIPIENT
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
        for j in range(k, min(k + LINK_WINDOW, len(self.e))):
            kind = self.kind(j)
            if kind == Kind.AWARD:
                return j if linked and j not in self.used else None
            if kind in (Kind.STATUS, Kind.GIFT_VERB, Kind.AWARD_LINK):
                linked = True
            elif kind not in (Kind.GIVER, Kind.WORD, Kind.UNIT, Kind.COMMA, Kind.PUNCT):
                return None
        return None

    def award_first(self, i: int) -> int:
        if self.e[i].value.unnamed:
            return self.unnamed_award(i)
        j = i + 1
        # "… Bằng khen cho Quận Tân Bình: 3 tập thể, 2 cá nhân"
        if (
            self.kind(j) == Kind.RECIPIENT_MARKER
            and self.kind(j + 1) == Kind.UNIT
            and self.kind(j + 2) == Kind.COLON
        ):
            j += 2
        if self.kind(j) == Kind.COLON:
            return self.colon_list(i, j + 1)
        # "Huân chương Lao động hạng Nhì của Chủ tịch nước cho 3 cá nhân": the giver, then the count.
        if self.kind(j) == Kind.WORD and self.e[j].value == "của":
            k = j + 1
            while k < min(j + GIVER_SKIP_WINDOW, len(self.e)) and self.kind(k) in (
                Kind.GIVER,
                Kind.WORD,
                Kind.UNIT,
            ):
                k += 1
            if self.kind(k) == Kind.RECIPIENT_MARKER and k > j + 1:
                j = k
        # "tặng Bằng khen cho cán bộ có thành tích … cho 5 cá nhân": the last "cho N" counts.
        if self.kind(j) == Kind.RECIPIENT_MARKER and self.kind_group(j + 1) is None:
            for k in range(j + 1, min(j + RECIPIENT_WINDOW, len(self.e))):
                if self.kind(k) in (Kind.AWARD, Kind.SEP, Kind.COLON, Kind.NUM):
                    break
                if self.kind(k) == Kind.RECIPIENT_MARKER and self.kind_group(k + 1) is not None:
                    j = k
                    break
        if self.kind(j) == Kind.RECIPIENT_MARKER:
            return self.counted_after(i, j, j + 1) or i + 1
        # "tặng Bằng khen của Thủ tướng Chính phủ 3 tập thể, 7 cá nhân": no "cho".
        return self.counted_after(i, None, j) or i + 1

    def counted_after(self, award: int, marker: int | None, j: int) -> int | None:
        """Items for the recipients counted at ``j`` after ``award``; the index after them, or None."""
        group = self.kind_group(j)
        if group is None:
            return None
        entries, k = group
        linking = [] if marker is None else [marker]
        for count, kind, used in entries:
            self.items.append(
                Item(count, award, kind, [award, *linking, *count.elements, *used], set(count.flags))
            )
            self.used.update(count.elements)
            self.used.update(used)
        self.used.update((award, *linking))
        return k

    def unnamed_award(self, i: int) -> int:
        """``khen thưởng [đột xuất] [cho] 2.306 lượt tập thể, cá nhân``: counts of awards of no named form.

        Only counts of recipients are read, never a colon list ("đề nghị khen
        thưởng: …" names the forms after it), and not when the recipients are
        then linked to a named form ("khen thưởng 320 lượt … bằng Giấy khen").
        """
        j = i + 1
        while self.kind(j) == Kind.WORD and j - i <= 2:  # "đột xuất", "kịp thời"
            j += 1
        marker = j if self.kind(j) == Kind.RECIPIENT_MARKER else None
        group = self.kind_group(j + 1 if marker is not None else j)
        if group is None or self.linked_award(group[1]) is not None:
            return i + 1
        return self.counted_after(i, marker, j + 1 if marker is not None else j) or i + 1

    def colon_list(self, award: int, j: int) -> int:
        """``Bằng khen …: 2 tập thể, 4 cá nhân`` or ``Huân chương …: 3``."""
        found_any = False
        while j < len(self.e):
            kind = self.kind(j)
            if kind in (Kind.AWARD, Kind.COLON) and found_any:
                break
            if kind == Kind.AWARD:
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
                Kind.COMMA,
                Kind.SEP,
                Kind.CONJUNCTION,
                Kind.END,
                Kind.PUNCT,
                Kind.UNIT,
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
            if kind == Kind.VAGUE:
                reason = "vague_quantity"
                break
            if kind in (Kind.NUM, Kind.AWARD, Kind.SEP, Kind.COLON):
                break
        return Item(None, i, None, [i], {reason}, reason)


def read_items(sentence: Sentence) -> tuple[list[Item], set[int]]:
    """The items of ``sentence`` in text order, and the indices of the elements they used."""
    reader = _SentenceReader(sentence)
    items = reader.read()
    return items, reader.used
