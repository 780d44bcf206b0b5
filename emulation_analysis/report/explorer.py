"""Interactive explorer for JupyterLab: ipywidgets controls that redraw the package's charts.

>>> explorer = Explorer()          # doctest: +SKIP
>>> explorer                       # doctest: +SKIP

Controls: the chart, the year (or the two years compared), the units, the
award forms and the language. Every change redraws the chart with the same
functions the notebooks and briefings use; a choice the data cannot answer
(trends with fewer than three years, the same year twice) is said in words
instead of a chart. Not part of the HTML briefings: widgets need a running kernel.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path

import pandas as pd

from ..analysis.reorganisation import by_former_district
from ..catalog import Catalog, default_catalog
from ..charts.comparison import plot_year_comparison, plot_year_comparison_by_form
from ..charts.distribution import plot_distribution, plot_heatmap
from ..charts.trends import plot_trends
from ..i18n import LANGUAGES, check_lang, t
from ..io.load import load_awards
from .display import markdown, markdown_text
from .figures import configure_figures, display_figure, figure_of, figure_svg

__all__ = ["CHARTS", "CONTROL_KEYS", "Explorer"]

#: chart key -> (message key of its name, years of records it needs)
CHARTS: dict[str, tuple[str, int]] = {
    "distribution": ("explorer.chart.distribution", 1),
    "heatmap": ("explorer.chart.heatmap", 1),
    "comparison": ("explorer.chart.comparison", 2),
    "comparison_by_form": ("explorer.chart.comparison_by_form", 2),
    "trends": ("explorer.chart.trends", 3),
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


class Explorer:
    """ipywidgets controls over the award records and a chart redrawn on every change.

    Parameters
    ----------
    data_path : str or Path
        Records to explore (file or folder); ``""`` means the bundled real data.
    lang : {"vi", "en"}
        The language the explorer starts in.

    Attributes
    ----------
    controls : dict of str to ipywidgets.Widget
        ``chart``, ``year``, ``base``, ``target``, ``districts``, ``forms``, ``lang``.
    image : ipywidgets.HTML
        Holds the current chart as an embedded SVG image, or a message.
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
        # Ward records (from 1 July 2025) are added up onto their former districts, so the years
        # before and after the reorganisation compare on the same rows; the charts say so.
        records = load_awards(data_path or None, catalog=self.catalog)
        self.records = by_former_district(records, catalog=self.catalog)
        self.years = sorted(int(y) for y in pd.unique(self.records["year"]))
        districts = [str(d) for d in self.records["district"].cat.remove_unused_categories().cat.categories]
        forms = [str(f) for f in self.records["award"].cat.remove_unused_categories().cat.categories]
        real = sorted(int(y) for y in pd.unique(self.records.loc[~self.records["illustrative"], "year"]))
        latest = (real or self.years)[-1]
        layout = widgets.Layout(width="26rem")
        self.controls = {
            "chart": widgets.Dropdown(options=self._chart_options(lang), value="distribution", layout=layout),
            "year": widgets.Dropdown(options=self.years, value=latest),
            "base": widgets.Dropdown(
                options=self.years, value=self.years[-2] if len(self.years) > 1 else latest
            ),
            "target": widgets.Dropdown(options=self.years, value=self.years[-1]),
            "districts": widgets.SelectMultiple(
                options=districts, value=tuple(districts), rows=len(districts)
            ),
            "forms": widgets.SelectMultiple(
                options=forms, value=tuple(forms), rows=min(len(forms), 8), layout=layout
            ),
            "lang": widgets.ToggleButtons(options=list(LANGUAGES), value=lang),
        }
        self.image = widgets.HTML()
        self.redraws = 0
        self.message = ""
        self._describe(lang)
        for control in self.controls.values():
            control.observe(self._changed, names="value")
        self.ui = widgets.VBox(
            [
                widgets.HBox([self.controls["chart"], self.controls["lang"]]),
                widgets.HBox([self.controls["year"], self.controls["base"], self.controls["target"]]),
                widgets.HBox([self.controls["districts"], self.controls["forms"]]),
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
        """Chart names in the starting language, the other in brackets (options keep their labels)."""
        options = []
        other = next(code for code in LANGUAGES if code != lang)
        for chart, (key, _) in CHARTS.items():
            options.append((f"{t(key, lang)} ({t(key, other)})", chart))
        return options

    def _describe(self, lang: str) -> None:
        for key, control in self.controls.items():
            control.description = t(CONTROL_KEYS[key], lang)

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
        if change["owner"] is self.controls["lang"]:
            self._describe(change["new"])
        self.redraw()

    # -- display ----------------------------------------------------------------------
    def show_static(self) -> None:
        """Show the default chart as a static SVG (readable without a running kernel)."""
        markdown(t("explorer.static", self.lang))
        try:
            drawn = self.draw()
        except ValueError as error:
            markdown(f"*{markdown_text(error)}*")
            return
        display_figure(drawn)

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.ui._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = t("explorer.fallback", self.lang)
        return bundle
