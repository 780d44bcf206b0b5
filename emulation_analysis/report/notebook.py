"""The notebooks' entry point: parameters, then the header, tables, figures and readings they show.

The notebooks in ``notebooks/`` hold no logic: each starts with
:func:`start`, which reads the papermill parameters (ASCII only: a data path,
years, district codes, a language code), loads and filters the records and
picks the years to show, then calls the analysis and chart functions of the
package through the returned :class:`Context`:

>>> ctx = start(lang="vi")                      # doctest: +SKIP
>>> ctx.header("distribution")                  # doctest: +SKIP
>>> ctx.figure(plot_distribution, year=ctx.year)  # doctest: +SKIP

Everything displayed is deterministic (figures are SVG with a fixed hash salt
and no date, see :mod:`.figures`; tables are HTML without random ids, see
:mod:`.tables`), so the committed notebooks can be checked cell by cell with
``pytest --nbval``. Wording comes from ``catalogs/messages.csv``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..analysis.compare import compare_years
from ..catalog import Catalog, default_catalog
from ..charts.labels import unit_label
from ..i18n import check_lang, console_lang, format_number, t
from ..io.load import load_awards
from ..schema import TOTAL
from . import narrative
from .display import TITLE_METADATA_KEY, display_bundle, markdown, markdown_text
from .figures import configure_figures, display_figure
from .tables import table_html

__all__ = ["NOTICE", "Context", "notice", "start", "years_phrase"]

#: The notebooks' titles, by the ``kind`` :meth:`Context.title` is given.
TITLE_KEYS = {
    "distribution": "notebook.title.distribution",
    "comparison": "notebook.title.comparison",
    "comparison_missing": "notebook.title.comparison_missing",
}


def notice(lang: str = "vi") -> str:
    """The illustrative-data notice of a page header (Markdown), its first sentence in bold."""
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
        The two years compared (``None`` when the data holds a single year).
    illustrative : bool
        Whether any row is illustrative (the header then shows :func:`notice`).
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

    # -- text pieces --
    @property
    def cluster(self) -> str:
        clusters = [c for c in pd.unique(self.records["cluster"].dropna()) if c]
        return clusters[0] if len(clusters) == 1 else ""

    def title(self, kind: str) -> str:
        """Title of a notebook or briefing page, taken from the data."""
        where = t("notebook.where", self.lang, cluster=self.cluster) if self.cluster else ""
        if kind == "comparison" and self.base is None:
            kind = "comparison_missing"
        title = t(
            TITLE_KEYS[kind], self.lang, where=where, year=self.year, base=self.base, target=self.target
        )
        return " ".join(title.split())

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

    # -- displays --
    def header(self, kind: str) -> None:
        """Show the title, the period and source of the data, and the illustrative notice."""
        title = self.title(kind)
        records, years = self.scope(kind)
        lines = [
            f"# {markdown_text(title)}",
            "",
            f"**{self.period(kind)}**  ",
        ]
        facts = t(
            "notebook.facts",
            self.lang,
            records=format_number(len(records), self.lang),
            awards=format_number(int(records["count"].sum()), self.lang),
            units=records["district"].nunique(),
        )
        lines.append(facts + "  ")
        if self.districts:
            lines.append(
                t(
                    "notebook.districts",
                    self.lang,
                    names=markdown_text(", ".join(self.unit_label(d) for d in self.districts)),
                )
                + "  "
            )
        for source in sorted({s for s in records["source"].dropna() if s}):
            lines.append(t("notebook.source", self.lang, source=markdown_text(source)) + "  ")
        lines.append(t("notebook.data", self.lang, name=markdown_text(self.data_name)))
        illustrative = bool(records["illustrative"].any())
        if illustrative:
            lines += ["", "> " + notice(self.lang)]
        if kind == "comparison" and self.base is None and len(self.years) >= 2:
            listed = ", ".join(map(str, self.years))
            lines += ["", "> " + t("notebook.no_earlier_year", self.lang, year=self.year, available=listed)]
        elif kind == "comparison" and self.base is None:
            lines += [
                "",
                "> "
                + t("notebook.needs_years", self.lang, needed=2, have=years_phrase(self.years, self.lang)),
            ]
        period = years[0] if len(years) == 1 else f"{years[0]}-{years[-1]}"
        markdown(
            "\n".join(lines),
            {TITLE_METADATA_KEY: {"title": title, "period": str(period), "illustrative": illustrative}},
        )

    def unit_label(self, name: str) -> str:
        """A unit's name in the notebook's language."""
        return unit_label(name, self.lang, catalog=self.catalog)

    def _has_years(self, needed: int) -> bool:
        if len(self.years) >= needed:
            return True
        markdown(t("notebook.skipped", self.lang, needed=needed, have=years_phrase(self.years, self.lang)))
        return False

    def table(
        self, what: pd.DataFrame | Callable, *args, needs_years: int = 1, percent: bool = False, **kwargs
    ) -> None:
        """Show a table: a DataFrame, or an analysis function called on the records.

        With a function, it is called as ``what(ctx.records, *args, **kwargs)``
        when the data holds at least ``needs_years`` years; otherwise a short
        note says what is missing.
        """
        if callable(what):
            if not self._has_years(needs_years):
                return
            what = what(self.records, *args, **kwargs)
        display_bundle({"text/html": table_html(what, lang=self.lang, percent=percent, catalog=self.catalog)})

    def figure(self, chart: Callable, *args, needs_years: int = 1, **kwargs) -> None:
        """Draw ``chart(ctx.records, *args, lang=ctx.lang, **kwargs)`` and show it as SVG.

        Shows nothing when the data holds fewer than ``needs_years`` years (the
        table of the same section says what is missing). The figure's text is
        SVG text, not glyph outlines: the HTML briefing embeds the font once
        for all its figures (a fifth of the bytes, and words a reader can
        search); in JupyterLab the viewer's DejaVu Sans, or else its sans-serif
        font, draws it.
        """
        if len(self.years) < needs_years or any(arg is None for arg in args):  # no base year
            return
        display_figure(chart(self.records, *args, lang=self.lang, **kwargs), fonttype="none")

    def reading(self, kind: str) -> None:
        """Show the written reading of the numbers, generated from the data."""
        if kind == "distribution":
            points = narrative.distribution_reading(
                self.records, self.year, lang=self.lang, catalog=self.catalog
            )
        elif kind == "comparison":
            if self.base is None:
                return
            points = narrative.comparison_reading(
                self.records, self.base, self.target, lang=self.lang, catalog=self.catalog
            )
        else:
            raise ValueError(f"unknown reading {kind!r}; use 'distribution' or 'comparison'")
        markdown("\n".join(f"- {markdown_text(p)}" for p in points))

    def change_table(self, by: str = "district") -> None:
        """The year comparison as a table: totals per district (``by="district"``) or per form."""
        if not self._has_years(2) or self.base is None:  # the header says why there is no base year
            return
        changes = compare_years(self.records, self.base, self.target, catalog=self.catalog)
        if by == "district":
            rows = changes[changes["award"] == TOTAL].set_index("district")
        elif by == "award":
            rows = changes[changes["district"] == TOTAL].set_index("award")
        else:
            raise ValueError("by must be 'district' or 'award'")
        rows = rows[["base", "target", "change", "pct_change", "is_new"]]
        rows = rows.rename(columns={"base": str(self.base), "target": str(self.target)})
        rows.index = rows.index.astype(str)
        self.table(rows)


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
    data_name = t("notebook.data.bundled", lang) if not data_path else _shown_path(data_path)
    records = load_awards(data_path or None, catalog=catalog)
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
    wanted = sorted({int(y) for y in ([years] if isinstance(years, int) else list(years or ()))})
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
    )
