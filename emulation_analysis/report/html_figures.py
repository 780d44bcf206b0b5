"""Figures of one HTML page: matplotlib SVG made compact, with the page's one embedded font.

A briefing page shows its figures as inline SVG. Drawn with
``svg.fonttype: "none"`` (see :func:`emulation_analysis.charts.style.svg_bytes`), their
text is ``<text>`` elements rather than glyph outlines; the page then carries
the font itself, once: for each face the figures use (regular, bold), a
subset of the font matplotlib drew with, holding only the characters the
page's figures show, as a ``data:`` URI in an ``@font-face`` rule. The letters
are therefore the same on every machine, offline, whatever fonts it has, and
readers can search and copy the figures' words.

:class:`InlineFigures` collects the figures of one page
(:meth:`InlineFigures.add`) and gives the CSS they need
(:meth:`InlineFigures.css`). Nothing is shared between pages or kept between
calls beyond the instance.
"""

from __future__ import annotations

import base64
import html
import io
import math
import re
import unicodedata
from dataclasses import dataclass, field

__all__ = ["FontKey", "InlineFigures", "font_face_css", "self_close"]

_PROLOG = re.compile(r"\A.*?(?=<svg\b)", re.S)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.S)
_LINE_BREAK_SPACE = re.compile(r"\s*\n\s*")
_NUMBER = re.compile(r"-?\d+\.\d{3,}")
# Positions only: path data, x/y/width/height and translate()/rotate(). A
# scale() or matrix() (an image's size, a glyph's scale) keeps every digit.
_POSITIONS = re.compile(r'\bd="[^"]*"|\b(?:x|y|width|height)="[^"]*"|(?:translate|rotate)\([^)]*\)')
_NO_ROTATION = re.compile(r' transform="rotate\(-?0 [^)]*\)"')
_PATH_DEF = re.compile(r'<path id="[^"]+"[^>]*/>')
# A group's id (matplotlib's numbered figure_1, text_12, …, or a chart's gid such
# as source-line) is repeated by every figure of a page, which makes duplicate
# ids in the page; nothing refers to them, so they go.
_GROUP_ID = re.compile(r'<g id="([^"]*)"(/?)>')
_EMPTY_DEFS = re.compile(r"<defs\s*/>|<defs></defs>")
# References to a definition: clip paths, markers, glyphs (long hashed ids).
_REFERENCE = re.compile(r'(?<=url\(#)[^)"]+(?=\))|(?<=href="#)[^"]+(?=")')
_ID_OR_REFERENCE = re.compile(rf'(?<=\bid=")[^"]+(?=")|{_REFERENCE.pattern}')
_GROUP_TAG = re.compile(r"<(/?)g\b([^>]*)>")
_STYLE_ATTRIBUTE = re.compile(r' style="([^"]*)"')
_SVG_EMPTY_ELEMENT = re.compile(
    r"<(path|use|rect|image|circle|ellipse|line|polyline|polygon|stop)\b([^<>]*)></\1>"
)
_TEXT = re.compile(r"<text\b([^>]*)>(.*?)</text>", re.S)
_VIEW_BOX_WIDTH = re.compile(r'<svg\b[^>]*?\bviewBox="[-\d.]+ [-\d.]+ ([\d.]+) ')
_FONT_SIZE = re.compile(r"font-size:\s*([\d.]+)px")
_TAG = re.compile(r"<[^>]+>")


def _round(match: re.Match) -> str:
    text = f"{float(match.group(0)):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _unwrap_bare_groups(svg: str) -> str:
    """Remove ``<g>`` elements without attributes (keeping what they hold)."""
    out: list[str] = []
    kept: list[bool] = []
    position = 0
    for match in _GROUP_TAG.finditer(svg):
        out.append(svg[position : match.start()])
        position = match.end()
        if match.group(1):
            if kept.pop():
                out.append(match.group(0))
        elif match.group(2).endswith("/"):  # <g …/> holds nothing and closes itself
            if match.group(2) != "/":
                out.append(match.group(0))
        else:
            keep = bool(match.group(2).strip())
            kept.append(keep)
            if keep:
                out.append(match.group(0))
    out.append(svg[position:])
    return "".join(out)


def _declarations(style: str) -> dict[str, str]:
    pairs = (part.partition(":") for part in style.split(";"))
    return {name.strip(): value.strip() for name, _, value in pairs if name.strip()}


@dataclass(frozen=True, order=True)
class FontKey:
    """One face as the figures' text asks for it (CSS values, as matplotlib writes them)."""

    family: str  # the CSS font-family list, e.g. "'DejaVu Sans', sans-serif"
    weight: str = "400"
    style: str = "normal"
    stretch: str = "normal"

    @classmethod
    def of(cls, declarations: dict[str, str]) -> FontKey | None:
        family = declarations.get("font-family")
        if not family:
            return None
        return cls(
            family,
            declarations.get("font-weight", "400"),
            declarations.get("font-style", "normal"),
            declarations.get("font-stretch", "normal"),
        )

    @property
    def names(self) -> list[str]:
        return [name.strip().strip("'\"") for name in self.family.split(",") if name.strip()]


def _font_file(key: FontKey) -> str:
    """The font file matplotlib draws ``key`` with (the same lookup as when it laid the text out)."""
    from matplotlib.font_manager import FontProperties, findfont

    weight: int | str = int(key.weight) if key.weight.isdigit() else key.weight
    properties = FontProperties(family=key.names, weight=weight, style=key.style, stretch=key.stretch)
    return findfont(properties)


def font_face_css(key: FontKey, characters: str) -> str:
    """An ``@font-face`` rule embedding the subset of ``key``'s font that draws ``characters``.

    The subset is WOFF (zlib) in a ``data:`` URI, without hinting
    instructions (browsers render unhinted outlines well; the instructions
    were half the bytes), with kerning and ligatures, and with the features
    that place marks when the text has combining marks. It keeps the font's
    copyright, names and licence address, and the font's own timestamp, so
    the same characters give the same bytes.

    Examples
    --------
    >>> rule = font_face_css(FontKey("'DejaVu Sans', sans-serif", "700"), "Quận Tân Bình")
    >>> rule.startswith('@font-face{font-family:"DejaVu Sans";font-weight:700;')
    True
    >>> "src:url(data:font/woff;base64," in rule
    True
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff"
    options.hinting = False
    options.layout_features = ["kern", "liga"]  # what matplotlib's layout (raqm) applied too
    if any(unicodedata.combining(c) for c in characters):  # letters and marks written apart (NFD)
        options.layout_features += ["ccmp", "mark", "mkmk"]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 14]
    options.drop_tables += ["FFTM"]  # FontForge's timestamps: nothing a browser reads
    font = TTFont(_font_file(key), lazy=True, recalcTimestamp=False, fontNumber=0)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (
        f'@font-face{{font-family:"{key.names[0]}";font-weight:{key.weight};font-style:{key.style};'
        f'font-stretch:{key.stretch};src:url(data:font/woff;base64,{data}) format("woff")}}'
    )


@dataclass
class InlineFigures:
    """The SVG figures of one page, compacted, and the CSS they share.

    :meth:`add` each figure in page order and put what it returns in the
    page; put :meth:`css` in the page's ``<style>``. Each figure loses its
    prolog, metadata, indentation, the ids of its groups (repeated by every
    figure, referred to by nothing) and the groups left without attributes;
    positions are rounded to 0.01 pt. Across the figures of one page
    it names referenced definitions briefly (``d0``, …), leaves out a path
    definition (a tick marker, a glyph outline of a figure drawn with
    ``svg.fonttype: "path"``) that an earlier figure already defines with the
    same id and outline (ids resolve across the whole page), turns every
    ``style`` attribute into a class shared by the page, and notes the
    characters each font face draws.

    Examples
    --------
    >>> page = InlineFigures()
    >>> figure = (
    ...     '<?xml version="1.0"?>\\n<svg viewBox="0 0 10 10">\\n <defs>\\n'
    ...     '  <path id="m1a2b3c4d5e" d="M 1.123456 2 \\nL 3 4" style="stroke: #000000"/>\\n </defs>\\n'
    ...     ' <use xlink:href="#m1a2b3c4d5e" x="2" y="2" style="stroke: #000000"/>\\n'
    ...     ' <g id="line2d_1"/>\\n <g id="text_1">\\n'
    ...     '  <text style="font-size: 9px; font-family: \\'DejaVu Sans\\', sans-serif"'
    ...     ' x="1.23456" y="5" transform="rotate(-0 1.23456 5)">Quận 1</text>\\n </g>\\n</svg>\\n'
    ... )
    >>> print(page.add(figure).replace("><", ">\\n<"))
    <svg class="f0" viewBox="0 0 10 10">
    <defs>
    <path id="d0" d="M 1.12 2 L 3 4" class="f1"/>
    </defs>
    <use xlink:href="#d0" x="2" y="2" class="f1"/>
    <text class="f2" x="1.23" y="5">Quận 1</text>
    </svg>
    >>> print(page.add(figure).replace("><", ">\\n<"))  # the marker is already defined on the page
    <svg class="f0" viewBox="0 0 10 10">
    <use xlink:href="#d0" x="2" y="2" class="f1"/>
    <text class="f2" x="1.23" y="5">Quận 1</text>
    </svg>
    >>> "".join(sorted(page.characters[FontKey("'DejaVu Sans', sans-serif")]))
    ' 1Qnuậ'
    >>> print(page.css(fonts=False).replace("}", "}\\n"))  # 9 px text at the figure's own width
    .briefing-figure .f0{min-width:10px}
    .briefing-figure .f1{stroke:#000000}
    .briefing-figure .f2{font-size:9px;font-family:'DejaVu Sans',sans-serif}
    <BLANKLINE>
    """

    scope: str = ".briefing-figure"
    #: The smallest size, in CSS px, any text of a figure may be shown at: a figure is
    #: given the ``min-width`` that keeps its smallest text that large (its box scrolls
    #: sideways on a screen narrower than that).
    min_text_px: float = 9.0
    seen: set[str] = field(default_factory=set)
    classes: dict[str, str] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)
    characters: dict[FontKey, set[str]] = field(default_factory=dict)

    def add(self, svg: str) -> str:
        """``svg`` (a matplotlib SVG document) as an element to put inline in the page."""
        svg = _PROLOG.sub("", svg, count=1)
        svg = _METADATA.sub("", svg, count=1)
        # a line break between two tags goes; inside a path's data it becomes one space
        svg = _LINE_BREAK_SPACE.sub(lambda m: "" if svg[m.start() - 1 : m.start()] == ">" else " ", svg)
        svg = _NO_ROTATION.sub("", svg)
        # positions to 0.01 pt (a 600 dpi printer dot is 0.12 pt); no space left at the end of path data
        svg = _POSITIONS.sub(lambda m: _NUMBER.sub(_round, m.group(0)).replace(' "', '"'), svg)
        referenced = set(_REFERENCE.findall(svg))

        def group(match: re.Match) -> str:  # an empty group goes; one holding something loses its id
            if match.group(1) in referenced:
                return match.group(0)
            return "" if match.group(2) else "<g>"

        svg = _unwrap_bare_groups(_GROUP_ID.sub(group, svg))
        svg = self._short_ids(svg)
        svg = _EMPTY_DEFS.sub("", _PATH_DEF.sub(self._once, svg))
        for match in _TEXT.finditer(svg):
            style = _STYLE_ATTRIBUTE.search(match.group(1))
            key = FontKey.of(_declarations(style.group(1))) if style else None
            if key is not None:
                shown = html.unescape(_TAG.sub("", match.group(2)))
                self.characters.setdefault(key, set()).update(shown)
        svg = self._min_width(svg)
        return _STYLE_ATTRIBUTE.sub(self._class, svg).strip()

    def _min_width(self, svg: str) -> str:
        """Give the figure the ``min-width`` at which its smallest text is :attr:`min_text_px`."""
        width = _VIEW_BOX_WIDTH.search(svg)
        sizes = [float(size) for text in _TEXT.finditer(svg) for size in _FONT_SIZE.findall(text.group(1))]
        if not width or not sizes:
            return svg
        # one viewBox unit is shown as (shown width / viewBox width) CSS px
        least = math.ceil(self.min_text_px * float(width.group(1)) / min(sizes))
        return re.sub(r"<svg\b", f'<svg style="min-width: {least}px"', svg, count=1)

    def _short_ids(self, svg: str) -> str:
        """Name the definitions the figure refers to ``d0``, ``d1``, … (one name per id on the page).

        matplotlib's ids are hashes of the definition's content, so one id
        stands for one outline or clip wherever it appears: the short names
        keep that, and the page's ``#d0`` references stay right.
        """
        for name in dict.fromkeys(_REFERENCE.findall(svg)):
            if name not in self.ids:
                self.ids[name] = f"d{len(self.ids)}"
        return _ID_OR_REFERENCE.sub(lambda m: self.ids.get(m.group(0), m.group(0)), svg)

    def _once(self, match: re.Match) -> str:
        if match.group(0) in self.seen:
            return ""
        self.seen.add(match.group(0))
        return match.group(0)

    def _class(self, match: re.Match) -> str:
        style = match.group(1)
        if style not in self.classes:
            self.classes[style] = f"f{len(self.classes)}"
        return f' class="{self.classes[style]}"'

    def css(self, *, fonts: bool = True) -> str:
        """The rules the added figures need: their classes, then one ``@font-face`` per face used."""
        rules = []
        for style, name in self.classes.items():
            compact = ";".join(f"{k}:{v.replace(', ', ',')}" for k, v in _declarations(style).items())
            rules.append(f"{self.scope} .{name}{{{compact}}}")
        if fonts:
            for key in sorted(self.characters):
                characters = "".join(sorted(self.characters[key]))
                if characters.strip():
                    rules.append(font_face_css(key, characters))
        return "".join(rules)


def self_close(page: str) -> str:
    """SVG elements without content written ``<path …/>`` again.

    An HTML serializer (nbconvert's final pass over the page) writes every
    element with an end tag, ``<path …></path>``; inside ``<svg>`` the HTML
    parser reads the short form the same way.

    >>> self_close('<svg><path d="M 0 0"></path><text x="1">a</text></svg>')
    '<svg><path d="M 0 0"/><text x="1">a</text></svg>'
    """
    return _SVG_EMPTY_ELEMENT.sub(r"<\1\2/>", page)
