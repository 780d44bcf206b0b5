"""What a briefing page carries on paper: a running header, page numbers, the illustrative notice.

Chromium prints CSS page-margin boxes (``@top-left``, ``@bottom-center``, …;
since version 131), so each printed A4 page repeats the page's title at the
top, its number at the foot, and, on a page of illustrative data, the
notice in red at the foot, left. Text from the data (a cluster's name in the
title) reaches the CSS only as an escaped string: it can neither close the
string nor the ``<style>`` element.
"""

from __future__ import annotations

from ..i18n import t

__all__ = ["PAGE_FONT", "css_string", "print_css"]

#: The page's own font (JupyterLab's content font, which the briefing template uses for the
#: body): a page-margin box does not inherit it from the page.
PAGE_FONT = (
    'system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif,'
    '"Apple Color Emoji","Segoe UI Emoji"'
)


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string: every character but letters, digits and spaces escaped.

    Examples
    --------
    >>> print(css_string('Cụm "1" </style>'))
    "Cụm \\000022 1\\000022  \\00003c \\00002f style\\00003e "
    """
    def escaped(character: str) -> str:
        if character.isalnum() or character == " ":
            return character
        return f"\\{ord(character):06x} "

    return '"' + "".join(" " if c.isspace() else escaped(c) for c in text) + '"'


def _page_number_content(lang: str) -> str:
    """``"Trang " counter(page) "/" counter(pages)``, from the catalogue's wording."""
    marker = "\0"
    text = t("page.print.page_number", lang, page=f"{marker}page{marker}", pages=f"{marker}pages{marker}")
    parts = []
    for index, piece in enumerate(text.split(marker)):
        if index % 2:
            parts.append(f"counter({piece})")
        elif piece:
            parts.append(css_string(piece) if piece.strip() else f'"{piece}"')
    return " ".join(parts)


def print_css(title: str, lang: str = "vi", *, illustrative: bool = False) -> str:
    """The ``@page`` rule of a briefing page: A4, its title at the top, page numbers at the foot.

    Examples
    --------
    >>> rule = print_css("Phân bổ khen thưởng 2018", "en", illustrative=True)
    >>> 'content:"Page " counter(page) " of " counter(pages)' in rule
    True
    >>> "@bottom-left" in rule, "@bottom-left" in print_css("Phân bổ", "vi")
    (True, False)
    """
    small = f"font-size:8pt;font-family:{PAGE_FONT}"
    boxes = [
        f"@top-left{{content:{css_string(title)};{small};color:#555;vertical-align:bottom}}",
        f"@bottom-right{{content:{_page_number_content(lang)};{small};color:#555}}",
    ]
    if illustrative:
        notice = t("notebook.notice.headline", lang)
        boxes.append(
            f"@bottom-left{{content:{css_string(notice)};{small};font-weight:bold;color:#b2182b}}"
        )
    return "@page{size:A4;margin:16mm 14mm;" + "".join(boxes) + "}"
