"""What extraction found, and the review CSV a person checks before loading it.

:class:`Extraction` holds the records and mentions of one text.
:func:`review_frame` puts them in one table in text order; a row that needs
a decision (a flag, a proposal, a mention) has an empty ``count`` and a
``review`` note saying what to decide, so that
:func:`~emulation_analysis.load_awards` refuses the file until a reviewer has
decided. :func:`write_review_csv` writes that table without ever overwriting
a reviewed file by accident.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..catalog import Catalog, default_catalog
from .lexicon import lexicon_for

__all__ = ["REVIEW_FIELDS", "Extraction", "review_frame", "write_review_csv"]

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

    def review(self) -> pd.DataFrame:
        """Records and mentions as the rows of a review CSV; see :func:`review_frame`."""
        return review_frame(self)


def review_frame(found: Extraction, *, catalog: Catalog | None = None) -> pd.DataFrame:
    """Records and mentions as one table for a person to review.

    Rows are in text order. A row that needs a decision (a flag, a proposal
    or a mention) has an empty ``count``: :func:`load_awards` refuses the file
    until the reviewer types the count (accepting the row) or deletes the row.
    ``count_read`` always shows the number in the text, and ``review`` says
    what to decide.

    Examples
    --------
    >>> from emulation_analysis import extract_report
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
