"""The notebooks' entry point: parameters, then the header, tables, figures and readings they show.

The notebooks in ``notebooks/`` hold no logic: each starts with
:func:`start`, which reads the papermill parameters (ASCII only: a data path,
years, district codes, a language code), loads and filters the records and
picks the years to show, then calls the analysis and chart functions of the
package through the returned :class:`Context`:

>>> ctx = start(lang="vi")                      # doctest: +SKIP
>>> ctx.header("distribution")                  # doctest: +SKIP
>>> ctx.key_points("distribution")              # doctest: +SKIP
>>> ctx.figure(plot_distribution, year=ctx.year, section="distribution")  # doctest: +SKIP
>>> ctx.about("distribution")                   # doctest: +SKIP

Every word is generated at run time in the chosen language (headings
included), so a notebook shows its narrative in one language; a section
with nothing to show (trends with fewer than three years) is left out,
heading and all. The page's blocks are described in :mod:`.page`.

Everything displayed is deterministic (figures are SVG with a fixed hash salt
and no date, see :mod:`.figures`; tables are HTML without random ids, see
:mod:`.tables`), so the committed notebooks can be checked cell by cell with
``pytest --nbval``. Wording comes from ``catalogs/messages.csv``.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..analysis.clusters import heads_of_records
from ..analysis.compare import PERCENT_MIN_BASE, compare_years, percent_shown
from ..analysis.reorganisation import by_former_district, double_count_message, probable_double_counts
from ..analysis.sources import MAX_LISTED_SOURCES, distinct_sources, sources_table
from ..catalog import Catalog, default_catalog
from ..charts.labels import unit_label
from ..i18n import check_lang, console_lang, format_number, t
from ..io.illustrative import illustrative_data_path
from ..io.load import load_awards
from ..schema import TOTAL
from . import narrative
from .display import TITLE_METADATA_KEY, display_bundle, markdown, markdown_text
from .figures import configure_figures, display_figure
from .page import (
    about_html,
    headline_html,
    key_points_html,
    notice_html,
    page_note_html,
    section_markdown,
    section_note_html,
)
from .tables import table_html

__all__ = ["NOTICE", "Context", "load_records", "notice", "start", "years_phrase"]

#: The page titles, by the ``kind`` :meth:`Context.title` is given: with a cluster, without one.
TITLE_KEYS = {
    "distribution": ("notebook.title.distribution", "notebook.title.distribution.plain"),
    "comparison": ("notebook.title.comparison", "notebook.title.comparison.plain"),
    "comparison_missing": ("notebook.title.comparison_missing", "notebook.title.comparison_missing.plain"),
}
#: What an analyst reads first in a notebook (left out of the briefings), by kind.
GUIDE_KEYS = {"distribution": "notebook.guide.distribution", "comparison": "notebook.guide.comparison"}


def notice(lang: str = "vi") -> str:
    """The illustrative-data notice (Markdown), its first sentence in bold."""
    return f"**{t('notebook.notice.headline', lang)}** {t('notebook.notice.body', lang)}"


#: The notice's first sentence in Vietnamese, as pages on illustrative data show it.
NOTICE = t("notebook.notice.headline", "vi")


def years_phrase(years: Sequence[int], lang: str = "vi") -> str:
    """``[2018]`` → ``"năm 2018"``; ``[2018, 2019]`` → ``"các năm 2018, 2019"`` (or in English).

    Examples
    --------
    >>> years_phrase([2018]), years_phrase([2018, 2019], "en")
    ('năm 2018', 'the years 2018, 2019')
    """
    listed = ", ".join(str(y) for y in years)
    return t("notebook.year.one" if len(years) == 1 else "notebook.year.many", lang, years=listed)


def _years_of(records: pd.DataFrame) -> list[int]:
    return sorted(int(y) for y in pd.unique(records["year"]))


def load_records(
    data_path: str | Path | None,
    *,
    needs_years: int = 1,
    catalog: Catalog | None = None,
    lang: str = "en",
) -> tuple[pd.DataFrame, list[int]]:
    """The records a notebook or the explorer starts from, and the real years they stand in for.

    With a ``data_path``, its records. Without, the bundled real records; but
    when those hold fewer than ``needs_years`` years (only 2018 is public),
    the illustrative dataset instead, so that a comparison can be shown at
    all. The second value then lists the real years (``[2018]``), for the
    page to say why it shows illustrative data; otherwise it is empty. Ward
    records are added up onto their former districts (:func:`by_former_district`); a probable
    double count (a district's own record beside its wards' for the same year and form) is
    written to stderr in ``lang``, one plain line (the briefing lists it with the notebook's name).
    """
    with warnings.catch_warnings(record=True) as warned:  # told as plain lines, not Python's format
        records = load_awards(data_path or None, catalog=catalog)
    for warning in warned:
        print(warning.message, file=sys.stderr)
    if not (data_path or len(_years_of(records)) >= needs_years):
        real_years = _years_of(records)
        records = load_awards(illustrative_data_path(), catalog=catalog)
    else:
        real_years = []
    # Ward records (from 1 July 2025) count under their former district, so years before and
    # after the reorganisation compare on the same six rows; pages and charts then say so.
    overlap = probable_double_counts(records, catalog=catalog)
    if len(overlap):
        print(double_count_message(overlap, lang), file=sys.stderr)
    return by_former_district(records, double_counts="ignore", catalog=catalog), real_years


# --- the notebook context ------------------------------------------------------------


@dataclass
class Context:
    """What a notebook works on: the filtered records, the language and the years to show.

    Attributes
    ----------
    records : DataFrame
        The loaded records, restricted to the chosen districts.
    lang : {"vi", "en"}
    years : list of int
        Every year present in ``records``.
    year : int
        The year the distribution is shown for (the latest real year by default).
    base, target : int or None
        The two years compared (``None`` when there is no earlier year to compare with).
    illustrative : bool
        Whether any row is illustrative (the header then shows the notice).
    stands_in_for : list of int
        The real years the illustrative data stand in for, when the notebook
        was run on its defaults and the bundled real data are too short.
    """

    records: pd.DataFrame
    lang: str
    years: list[int]
    year: int
    base: int | None
    target: int | None
    illustrative: bool
    data_name: str
    districts: list[str]
    catalog: Catalog = field(repr=False)
    stands_in_for: list[int] = field(default_factory=list)

    # -- text pieces --
    @property
    def cluster(self) -> str:
        clusters = [c for c in pd.unique(self.records["cluster"].dropna()) if c]
        return clusters[0] if len(clusters) == 1 else ""

    @property
    def selected(self) -> bool:
        """Whether the reader chose some units (shares are then of those units)."""
        return bool(self.districts)

    def title(self, kind: str) -> str:
        """Title of a notebook or briefing page, taken from the data."""
        if kind == "comparison" and self.base is None:
            kind = "comparison_missing"
        with_cluster, plain = TITLE_KEYS[kind]
        return t(
            with_cluster if self.cluster else plain,
            self.lang,
            cluster=self.cluster,
            year=self.year,
            base=self.base,
            target=self.target,
        )

    def scope(self, kind: str) -> tuple[pd.DataFrame, list[int]]:
        """The records and years a page is about: the chosen year for the distribution, else all."""
        if kind == "distribution":
            return self.records[self.records["year"] == self.year], [self.year]
        return self.records, self.years

    def period(self, kind: str = "comparison") -> str:
        _, years = self.scope(kind)
        if len(years) == 1:
            return t("notebook.period.one", self.lang, year=years[0])
        return t("notebook.period.many", self.lang, first=years[0], last=years[-1])

    def unit_label(self, name: str) -> str:
        """A unit's name in the notebook's language."""
        return unit_label(name, self.lang, catalog=self.catalog)

    def headline(self, kind: str) -> str:
        """The page's one-sentence headline, its key number first ("" without a comparison)."""
        if kind == "distribution":
            return narrative.distribution_headline(
                self.records, self.year, lang=self.lang, selected=self.selected, catalog=self.catalog
            )
        if self.base is None:
            return ""
        return narrative.comparison_headline(
            self.records, self.base, self.target, lang=self.lang, selected=self.selected, catalog=self.catalog
        )

    # -- displays --
    def header(self, kind: str) -> None:
        """Show the title, the illustrative notice, a note when needed, and the headline."""
        title = self.title(kind)
        records, years = self.scope(kind)
        illustrative = bool(records["illustrative"].any())
        period = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
        info = {"title": title, "period": period, "years": years, "illustrative": illustrative}
        markdown(f"# {markdown_text(title)}", {TITLE_METADATA_KEY: info})
        blocks = [notice_html(self.lang)] if illustrative else []
        if self.stands_in_for:
            have = years_phrase(self.stands_in_for, self.lang)
            blocks.append(page_note_html(t("notebook.illustrative_instead", self.lang, have=have)))
        if kind == "comparison" and self.base is None:
            have = years_phrase(self.years, self.lang)
            if len(self.years) < 2:
                note = t("notebook.needs_years", self.lang, have=have)
            else:
                listed = ", ".join(map(str, self.years))
                note = t("notebook.no_earlier_year", self.lang, year=self.year, available=listed)
            blocks.append(page_note_html(note))
        headline = self.headline(kind)
        if headline:
            blocks.append(headline_html(headline))
        display_bundle({"text/html": "\n".join(blocks)})

    def guide(self, kind: str) -> None:
        """How to use the notebook, in its language (for analysts; left out of the briefings)."""
        markdown(t(GUIDE_KEYS[kind], self.lang))

    def key_points(self, kind: str) -> None:
        """The key points, written from the data (nothing without a comparison)."""
        if kind == "distribution":
            points = narrative.distribution_reading(
                self.records, self.year, lang=self.lang, selected=self.selected, catalog=self.catalog
            )
        elif kind == "comparison":
            if self.base is None:
                return
            points = narrative.comparison_reading(
                self.records,
                self.base,
                self.target,
                lang=self.lang,
                selected=self.selected,
                catalog=self.catalog,
            )
        else:
            raise ValueError(f"unknown kind {kind!r}; use 'distribution' or 'comparison'")
        display_bundle({"text/html": key_points_html(points, self.lang)})

    def _section(self, section: str) -> None:
        if section:
            scope = narrative.scope_of(self.records, selected=self.selected)
            scope_words = t(narrative.SCOPE_KEYS[scope][1], self.lang)
            cluster = markdown_text(self.cluster)
            markdown(
                section_markdown(section, self.lang, scope=scope_words, cluster=cluster, n=PERCENT_MIN_BASE)
            )

    def table(
        self,
        what: pd.DataFrame | Callable,
        *args,
        needs_years: int = 1,
        percent: bool = False,
        section: str = "",
        **kwargs,
    ) -> None:
        """Show a table under its section heading: a DataFrame, or an analysis function called on the records.

        With a function, it is called as ``what(ctx.records, *args, **kwargs)``
        when the data holds at least ``needs_years`` years; otherwise nothing
        is shown, heading included (a section with nothing to show is left out).
        """
        if len(self.years) < needs_years:
            return
        if callable(what):
            what = what(self.records, *args, **kwargs)
        self._section(section)
        display_bundle({"text/html": table_html(what, lang=self.lang, percent=percent, catalog=self.catalog)})

    def figure(self, chart: Callable, *args, needs_years: int = 1, section: str = "", **kwargs) -> None:
        """Draw ``chart(ctx.records, *args, lang=ctx.lang, **kwargs)`` and show it as SVG.

        Shows nothing when the data holds fewer than ``needs_years`` years. The
        figure's text is SVG text, not glyph outlines: the HTML briefing embeds
        the font once for all its figures (a fifth of the bytes, and words a
        reader can search); in JupyterLab the viewer's DejaVu Sans, or else its
        sans-serif font, draws it.
        """
        if len(self.years) < needs_years:
            return
        self._section(section)
        display_figure(chart(self.records, *args, lang=self.lang, **kwargs), fonttype="none")

    def comparison_figure(self, chart: Callable, **kwargs) -> None:
        """Draw ``chart(ctx.records, ctx.base, ctx.target, ...)``; nothing without two years to compare."""
        if self.base is None:
            return
        self.figure(chart, self.base, self.target, **kwargs)

    def change_table(self, by: str = "district") -> None:
        """The year comparison as a table, under its heading: totals per unit (``by="district"``) or per form.

        Percent changes on a base of fewer than
        :data:`~emulation_analysis.analysis.compare.PERCENT_MIN_BASE` awards
        are left out (—), as a note under the table says.
        """
        if self.base is None:
            return
        changes = compare_years(self.records, self.base, self.target, catalog=self.catalog)
        if by == "district":
            rows, section = changes[changes["award"] == TOTAL].set_index("district"), "change_district"
        elif by == "award":
            rows, section = changes[changes["district"] == TOTAL].set_index("award"), "change_award"
        else:
            raise ValueError("by must be 'district' or 'award'")
        rows = rows[["base", "target", "change", "pct_change"]].copy()
        small = ~rows["base"].map(percent_shown).astype(bool)
        rows.loc[small, "pct_change"] = float("nan")
        rows = rows.rename(columns={"base": str(self.base), "target": str(self.target)})
        rows.index = rows.index.astype(str)
        self.table(rows, section=section)
        if small.any():
            note = t("notebook.note.no_percent", self.lang, n=PERCENT_MIN_BASE, year=self.base)
            display_bundle({"text/html": section_note_html(note)})

    def cluster_heads(self) -> None:
        """The heads of the cluster the records name, for the years shown (nothing when unknown)."""
        records, _ = self.scope("distribution")
        heads = heads_of_records(records, catalog=self.catalog)
        if heads.empty:
            return
        table = pd.DataFrame(
            {"name": [self.unit_label(n) for n in heads["name"]]}, index=pd.Index(heads["year"], name="year")
        )
        self.table(table, section="cluster_heads")

    def about(self, kind: str) -> None:
        """The "About the data" block: source, period, what was counted."""
        records, _ = self.scope(kind)
        counted = t(
            "notebook.about.counted",
            self.lang,
            awards=narrative.awards_phrase(int(records["count"].sum()), self.lang),
            forms=format_number(int(records.loc[records["count"] > 0, "award"].nunique()), self.lang),
            units=narrative.units_phrase(
                int(records.loc[records["count"] > 0, "district"].nunique()), self.lang
            ),
        )
        if len(distinct_sources(records)) > MAX_LISTED_SOURCES:
            # the charts count these documents and point the reader here
            self.table(sources_table(records).set_index("source"), section="sources")
        heads = heads_of_records(records, catalog=self.catalog) if kind == "distribution" else None
        heads_source = "; ".join(sorted(set(heads["source"]))) if heads is not None and len(heads) else ""
        block = about_html(
            records,
            self.lang,
            period=self.period(kind),
            counted=counted,
            selected=", ".join(self.unit_label(d) for d in self.districts),
            heads_source=heads_source,
        )
        display_bundle({"text/html": block})


def _shown_path(path: str | Path) -> str:
    """A data path as shown to readers: its last two parts, never the machine's absolute path."""
    parts = Path(path).parts
    return "/".join(parts[-2:]) if Path(path).is_file() and len(parts) > 1 else Path(path).name


def _codes(values: Sequence[str] | str | None) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = values.replace(",", " ").split()
    return [str(v) for v in values if str(v).strip()]


def start(
    data_path: str | Path | None = "",
    years: Sequence[int] | int | None = (),
    districts: Sequence[str] | str | None = (),
    lang: str = "vi",
    *,
    needs_years: int = 1,
    catalog: Catalog | None = None,
) -> Context:
    """Read a notebook's parameters and prepare what its cells show.

    Parameters
    ----------
    data_path : str or Path
        Award records (file or folder); ``""`` means the bundled real data.
    years : list of int
        The years to show. Empty: the distribution is shown for the latest
        real (not illustrative) year and the comparison for the last two years
        in the data. One year: that year, compared with the year before it.
        Several: the distribution for the last, the comparison first → last.
    districts : list of str
        Unit codes or names (``["Q1", "TB"]``); empty means every unit.
    lang : {"vi", "en"}
    needs_years : int
        Years the notebook needs (2 for the comparison). When ``data_path``
        and ``years`` are empty and the bundled real data hold fewer, the
        illustrative dataset is used instead, and the page says so (see
        :func:`load_records`).

    Returns
    -------
    Context

    Raises
    ------
    ValueError
        For an unknown language, district or year (naming the known ones).
    """
    check_lang(lang)
    catalog = catalog or default_catalog()
    configure_figures()
    data_name = t("notebook.data.bundled", console_lang()) if not data_path else _shown_path(data_path)
    asked_years = [years] if isinstance(years, int) else list(years or ())
    records, stands_in_for = load_records(
        data_path, needs_years=1 if asked_years else needs_years, catalog=catalog, lang=lang
    )
    names = []
    for code in _codes(districts):
        try:
            names.append(catalog.unit_name(code))
        except KeyError as error:
            raise ValueError(error.args[0]) from None
    if names:
        present = set(records["district"].astype(str))
        missing = [n for n in names if n not in present]
        if missing:
            raise ValueError(
                t("notebook.error.no_records", console_lang(), units=", ".join(missing), data=data_name)
            )
        records = records[records["district"].isin(names)].reset_index(drop=True)
    available = sorted(int(y) for y in pd.unique(records["year"]))
    wanted = sorted({int(y) for y in asked_years})
    unknown = [y for y in wanted if y not in available]
    if unknown:
        raise ValueError(
            t(
                "notebook.error.unknown_years",
                console_lang(),
                years=", ".join(map(str, unknown)),
                available=", ".join(map(str, available)),
            )
        )
    real_years = sorted(int(y) for y in pd.unique(records.loc[~records["illustrative"], "year"]))
    year = wanted[-1] if wanted else (real_years or available)[-1]
    if len(wanted) >= 2:
        base, target = wanted[0], wanted[-1]
    elif len(wanted) == 1:
        earlier = [y for y in available if y < wanted[0]]
        base, target = (earlier[-1], wanted[0]) if earlier else (None, None)
    else:
        base, target = (available[-2], available[-1]) if len(available) >= 2 else (None, None)
    return Context(
        records=records,
        lang=lang,
        years=available,
        year=year,
        base=base,
        target=target,
        illustrative=bool(records["illustrative"].any()),
        data_name=data_name,
        districts=names,
        catalog=catalog,
        stands_in_for=stands_in_for,
    )
