"""Interactive explorer for JupyterLab: ipywidgets controls that redraw the package's charts.

>>> explorer = Explorer()          # doctest: +SKIP
>>> explorer                       # doctest: +SKIP

Controls: the chart, the year (or the two years compared), the units, the
award forms and the language. Only the controls the chosen chart uses are
shown; every change redraws the chart with the same functions the notebooks
and briefings use; a choice the data cannot answer (the same year twice) is
said in words instead of a chart. Switching the language translates every
label, the chart names and the option lists. On its defaults the explorer
opens data with several years: the bundled real records while they hold
several, else the illustrative dataset, with a notice saying so. Not part of
the HTML briefings: widgets need a running kernel.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path

import pandas as pd

from ..catalog import Catalog, default_catalog
from ..charts.comparison import plot_year_comparison, plot_year_comparison_by_form
from ..charts.distribution import plot_distribution, plot_heatmap
from ..charts.labels import award_label, unit_label
from ..charts.trends import plot_trends
from ..i18n import LANGUAGES, check_lang, t
from .display import markdown
from .figures import configure_figures, figure_of, figure_svg
from .notebook import load_records, years_phrase

__all__ = ["CHARTS", "CONTROL_KEYS", "Explorer"]

#: chart key -> (message key of its name, years of records it needs)
CHARTS: dict[str, tuple[str, int]] = {
    "distribution": ("explorer.chart.distribution", 1),
    "heatmap": ("explorer.chart.heatmap", 1),
    "comparison": ("explorer.chart.comparison", 2),
    "comparison_by_form": ("explorer.chart.comparison_by_form", 2),
    "trends": ("explorer.chart.trends", 3),
}
#: chart key -> the year controls it uses (units, forms, chart and language are always shown)
YEAR_CONTROLS: dict[str, tuple[str, ...]] = {
    "distribution": ("year",),
    "heatmap": ("year",),
    "comparison": ("base", "target"),
    "comparison_by_form": ("base", "target"),
    "trends": (),
}
#: control -> message key of its label
CONTROL_KEYS = {
    "chart": "explorer.control.chart",
    "year": "explorer.control.year",
    "base": "explorer.control.base",
    "target": "explorer.control.target",
    "districts": "explorer.control.districts",
    "forms": "explorer.control.forms",
    "lang": "explorer.control.lang",
}
#: language code -> message key of its name (each language named in itself)
LANGUAGE_KEYS = {"vi": "explorer.language.vi", "en": "explorer.language.en"}
# Wide enough for the longest label ("Năm so sánh", "Compared year"): never cut.
LABEL_WIDTH = "9rem"
# JupyterLab has no style for the notice: the pale yellow of the briefing index's badge.
NOTICE_STYLE = "background:#fff3cd;border:1px solid #e0c36b;border-radius:3px;padding:0.2rem 0.6rem"


class Explorer:
    """ipywidgets controls over the award records and a chart redrawn on every change.

    Parameters
    ----------
    data_path : str or Path
        Records to explore (file or folder); ``""`` means the bundled real
        data, or the illustrative dataset while those hold a single year.
    lang : {"vi", "en"}
        The language the explorer starts in.

    Attributes
    ----------
    controls : dict of str to ipywidgets.Widget
        ``chart``, ``year``, ``base``, ``target``, ``districts``, ``forms``, ``lang``.
    image : ipywidgets.HTML
        Holds the current chart as an embedded SVG image, or a message.
    notice : ipywidgets.HTML
        Says when the data are illustrative (empty otherwise).
    hint : ipywidgets.HTML
        How to choose several units or forms.
    redraws : int
        How many times the chart was redrawn (every control change redraws).
    message : str
        The message shown instead of a chart ("" when a chart is shown).
    """

    def __init__(self, data_path: str | Path = "", *, lang: str = "vi", catalog: Catalog | None = None):
        import ipywidgets as widgets

        check_lang(lang)
        configure_figures()
        self.catalog = catalog or default_catalog()
        self.records, self.stands_in_for = load_records(
            data_path, needs_years=2, catalog=self.catalog, lang=lang
        )
        self.years = sorted(int(y) for y in pd.unique(self.records["year"]))
        self.districts = [
            str(d) for d in self.records["district"].cat.remove_unused_categories().cat.categories
        ]
        self.forms = [str(f) for f in self.records["award"].cat.remove_unused_categories().cat.categories]
        self.illustrative = bool(self.records["illustrative"].any())
        latest = self.years[-1]
        wide = widgets.Layout(width="30rem")
        style = {"description_width": LABEL_WIDTH}
        self.controls = {
            "chart": widgets.Dropdown(
                options=self._chart_options(lang), value="distribution", layout=wide, style=style
            ),
            "year": widgets.Dropdown(options=self.years, value=latest, style=style),
            "base": widgets.Dropdown(
                options=self.years, value=self.years[-2] if len(self.years) > 1 else latest, style=style
            ),
            "target": widgets.Dropdown(options=self.years, value=latest, style=style),
            "districts": widgets.SelectMultiple(
                options=self._unit_options(lang),
                value=tuple(self.districts),
                rows=min(len(self.districts), 10),
                layout=widgets.Layout(width="22rem"),
                style=style,
            ),
            "forms": widgets.SelectMultiple(
                options=self._form_options(lang),
                value=tuple(self.forms),
                rows=min(len(self.forms), 8),
                layout=wide,
                style=style,
            ),
            "lang": widgets.ToggleButtons(options=self._language_options(), value=lang, style=style),
        }
        self.notice = widgets.HTML()
        self.hint = widgets.HTML()
        self.image = widgets.HTML()
        self.redraws = 0
        self.message = ""
        self._relabelling = False
        self._describe(lang)
        self._show_controls()
        for control in self.controls.values():
            control.observe(self._changed, names="value")
        self.ui = widgets.VBox(
            [
                self.notice,
                widgets.HBox([self.controls["chart"], self.controls["lang"]]),
                widgets.HBox([self.controls["year"], self.controls["base"], self.controls["target"]]),
                widgets.HBox([self.controls["districts"], self.controls["forms"]]),
                self.hint,
                self.image,
            ]
        )
        self.redraw()

    # -- state ----------------------------------------------------------------------
    @property
    def lang(self) -> str:
        return self.controls["lang"].value

    @staticmethod
    def _chart_options(lang: str) -> list[tuple[str, str]]:
        return [(t(key, lang), chart) for chart, (key, _) in CHARTS.items()]

    @staticmethod
    def _language_options() -> list[tuple[str, str]]:
        return [(t(LANGUAGE_KEYS[code], code), code) for code in LANGUAGES]

    def _unit_options(self, lang: str) -> list[tuple[str, str]]:
        return [(unit_label(name, lang, catalog=self.catalog), name) for name in self.districts]

    def _form_options(self, lang: str) -> list[tuple[str, str]]:
        return [(award_label(name, lang, short=False, catalog=self.catalog), name) for name in self.forms]

    def _describe(self, lang: str) -> None:
        """Put every label, option list and note in ``lang`` (the chosen values stay)."""
        for key, control in self.controls.items():
            control.description = t(CONTROL_KEYS[key], lang)
        self._relabelling = True
        try:
            for key, options in (
                ("chart", self._chart_options(lang)),
                ("districts", self._unit_options(lang)),
                ("forms", self._form_options(lang)),
            ):
                control = self.controls[key]
                chosen = control.value
                control.options = options
                control.value = chosen
        finally:
            self._relabelling = False
        self.hint.value = f"<small>{html.escape(t('explorer.multi_select', lang))}</small>"
        notes = []
        if self.illustrative:
            notes.append(f"<strong>{html.escape(t('notebook.notice.headline', lang))}</strong>")
        if self.stands_in_for:
            have = years_phrase(self.stands_in_for, lang)
            notes.append(html.escape(t("explorer.illustrative_instead", lang, have=have)))
        box = f'<div class="illustrative-notice" style="{NOTICE_STYLE}"><p>{" ".join(notes)}</p></div>'
        self.notice.value = box if notes else ""

    def _show_controls(self) -> None:
        """Show the year controls the chosen chart uses, hide the others."""
        used = YEAR_CONTROLS[self.controls["chart"].value]
        for key in ("year", "base", "target"):
            self.controls[key].layout.display = None if key in used else "none"

    def selection(self) -> pd.DataFrame:
        """The records of the chosen units and award forms."""
        records = self.records
        keep = records["district"].isin(self.controls["districts"].value) & records["award"].isin(
            self.controls["forms"].value
        )
        return records[keep].reset_index(drop=True)

    # -- drawing --------------------------------------------------------------------
    def draw(self):
        """Draw the chart for the current choices; returns the Axes (or array of Axes).

        Raises
        ------
        ValueError
            With a message for the reader when the choices cannot be drawn.
        """
        lang = self.lang
        chart = self.controls["chart"].value
        records = self.selection()
        needed = CHARTS[chart][1]
        if records.empty:
            raise ValueError(t("explorer.empty", lang))
        if len(pd.unique(records["year"])) < needed:
            raise ValueError(t("explorer.needs_years", lang, n=needed))
        base, target = self.controls["base"].value, self.controls["target"].value
        if needed == 2 and base == target:
            raise ValueError(t("explorer.same_year", lang))
        year = self.controls["year"].value
        if chart in ("distribution", "heatmap"):
            if year not in set(records["year"]):
                raise ValueError(t("explorer.empty", lang))
            plot = plot_distribution if chart == "distribution" else plot_heatmap
            return plot(records, year=year, lang=lang, catalog=self.catalog)
        if chart == "comparison":
            return plot_year_comparison(records, base, target, lang=lang, catalog=self.catalog)
        if chart == "comparison_by_form":
            return plot_year_comparison_by_form(records, base, target, lang=lang, catalog=self.catalog)
        return plot_trends(records, lang=lang, catalog=self.catalog)

    def redraw(self) -> None:
        """Redraw the chart (or the reason there is none) into :attr:`image`."""
        import matplotlib.pyplot as plt

        self.redraws += 1
        try:
            drawn = self.draw()
        except ValueError as error:
            self.message = str(error)
            self.image.value = f"<p><em>{html.escape(self.message)}</em></p>"
            return
        figure = figure_of(drawn)
        svg = figure_svg(figure)
        plt.close(figure)
        self.message = ""
        data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
        alt = html.escape(t(CHARTS[self.controls["chart"].value][0], self.lang), quote=True)
        self.image.value = f'<img style="max-width:100%" alt="{alt}" src="data:image/svg+xml;base64,{data}">'

    def _changed(self, change) -> None:
        if self._relabelling:
            return
        if change["owner"] is self.controls["lang"]:
            self._describe(change["new"])
        if change["owner"] is self.controls["chart"]:
            self._show_controls()
        self.redraw()

    # -- display ----------------------------------------------------------------------
    def guide(self) -> None:
        """What the explorer is and how to use it, in its language (Markdown)."""
        markdown(f"# {t('explorer.title', self.lang)}\n\n{t('explorer.guide', self.lang)}")

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.ui._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = t("explorer.fallback", self.lang)
        return bundle
