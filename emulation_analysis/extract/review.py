"""What extraction found, and the review CSV a person checks before loading it.

:class:`Extraction` holds the records and mentions of one text.
:func:`review_frame` puts them in one table in text order; a row that needs
a decision (a flag, a proposal, a mention) has an empty ``count`` and a
``review`` note saying what to decide, so that
:func:`~emulation_analysis.load_awards` refuses the file until a reviewer has
decided. :func:`write_review_csv` writes that table without ever overwriting
a reviewed file by accident.

What each flag asks of the reviewer is worded in ``catalogs/messages.csv``
(keys ``extract.flag.<flag>``), in Vietnamese and English; the review table
is in English unless ``lang="vi"`` is asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..i18n import check_lang, messages, t
from ..text import escape_formula

__all__ = ["REVIEW_FIELDS", "Extraction", "flag_message", "review_frame", "write_review_csv"]

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


# Text copied from the report: a cell starting with "=", "+", "-" or "@" (a
# list item "- Quận 1 nhận …") is written as text, not run by Excel as a
# formula; load_awards reads it back as it was.
FREE_TEXT_FIELDS = ("evidence", "sentence", "district_text", "award_text", "source", "note")


@dataclass(frozen=True)
class Extraction:
    """What :func:`~emulation_analysis.extract_report` found in a text.

    Attributes
    ----------
    records : DataFrame
        One row per unit, award form and count (columns ``RECORD_FIELDS``).
    mentions : DataFrame
        Award forms named without a number (columns ``MENTION_FIELDS``); they
        are never counted.
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
        >>> from emulation_analysis import extract_report
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

    def review(self, lang: str = "en") -> pd.DataFrame:
        """Records and mentions as the rows of a review CSV; see :func:`review_frame`."""
        return review_frame(self, lang=lang)


def flag_message(flag: str, lang: str = "en") -> str:
    """What a flag asks the reviewer to decide, in ``lang``; the flag itself if it has no message.

    Examples
    --------
    >>> flag_message("no_year")
    'no year is stated: type the year'
    >>> flag_message("no_year", "vi")
    'văn bản không nêu năm: nhập năm'
    """
    key = f"extract.flag.{flag}"
    return t(key, lang) if key in messages().index else flag


def review_frame(found: Extraction, *, lang: str = "en") -> pd.DataFrame:
    """Records and mentions as one table for a person to review.

    Rows are in text order. A row that needs a decision (a flag, a proposal
    or a mention) has an empty ``count``: :func:`load_awards` refuses the file
    until the reviewer types the count (accepting the row) or deletes the row.
    ``count_read`` always shows the number in the text, and ``review`` says
    what to decide, in ``lang`` (``"en"`` or ``"vi"``; English by default).
    Text copied from the report that a spreadsheet would take for a formula
    (starting with ``= + - @``) carries a leading ``'``; the loader drops it.

    Examples
    --------
    >>> from emulation_analysis import extract_report
    >>> found = extract_report("Năm 2018 Quận 3 nhận 2 Bằng khen của Thủ tướng Chính phủ; "
    ...                        "Quận 5 được đề nghị tặng 1 Bằng khen của Thủ tướng Chính phủ.")
    >>> review_frame(found)[["district", "count", "count_read", "status"]].values.tolist()
    [['Quận 3', '2', '2', 'conferred'], ['Quận 5', '', '1', 'proposed']]
    """
    check_lang(lang)
    records = found.records.copy()
    records["count_read"] = records["count"].astype(str)
    mentions = found.mentions.copy()
    mentions["count_read"] = ""
    table = pd.concat([records.drop(columns="count"), mentions], ignore_index=True)
    table = table.sort_values("evidence_start", kind="stable").reset_index(drop=True)
    needs = []
    for flags, status in zip(table["flags"], table["status"], strict=True):
        reasons = [flag_message(f, lang) for f in str(flags).split(";") if f]
        if status == "proposed":
            reasons.insert(0, t("extract.review.proposed", lang))
        needs.append(" | ".join(reasons))
    table["review"] = needs
    table["count"] = [read if not need else "" for read, need in zip(table["count_read"], needs, strict=True)]
    table["year"] = table["year"].astype("string").fillna("")
    table = table.astype({c: "object" for c in table.columns}).fillna("")
    for column in ("evidence_start", "evidence_end"):
        table[column] = table[column].astype(str)
    table = table[list(REVIEW_FIELDS)].replace({"<NA>": "", "nan": "", "None": ""})
    for column in FREE_TEXT_FIELDS:
        table[column] = table[column].map(escape_formula)
    return table


def write_review_csv(found: Extraction, path: str | Path, *, force: bool = False, lang: str = "en") -> Path:
    """Write :func:`review_frame` to ``path`` as UTF-8 CSV (with BOM, for Excel).

    ``lang`` is the language of the ``review`` notes (and of the error below).

    Raises
    ------
    FileExistsError
        If ``path`` exists and ``force`` is false: a reviewed file is never
        overwritten by accident.
    """
    check_lang(lang)
    path = Path(path)
    if path.exists() and not force:
        raise FileExistsError(t("extract.review.exists", lang, path=path))
    review_frame(found, lang=lang).to_csv(path, index=False, encoding="utf-8-sig")
    return path
