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
from pathlib import Path

import pandas as pd

from ..catalog import Catalog, default_catalog
from ..io.load import load_awards
from .notebook import LANGS, configure_figures, display_figure, figure_svg, markdown, text

__all__ = ["CHARTS", "Explorer"]

# chart key -> (Vietnamese label, English label, years needed)
CHARTS: dict[str, tuple[str, str, int]] = {
    "distribution": ("Phân bố theo đơn vị", "Distribution across units", 1),
    "heatmap": ("Bản đồ nhiệt", "Heatmap", 1),
    "comparison": ("So sánh hai năm", "Two years compared", 2),
    "comparison_by_form": ("So sánh theo hình thức", "Comparison per form", 2),
    "trends": ("Xu hướng qua các năm", "Trends over the years", 3),
}
CONTROL_LABELS = {
    "chart": ("Biểu đồ", "Chart"),
    "year": ("Năm", "Year"),
    "base": ("Năm gốc", "Base year"),
    "target": ("Năm so sánh", "Compared year"),
    "districts": ("Đơn vị", "Units"),
    "forms": ("Hình thức", "Award forms"),
    "lang": ("Ngôn ngữ", "Language"),
}
MESSAGES = {
    "empty": ("Không có số liệu cho lựa chọn này.", "No records for this choice."),
    "same_year": ("Hãy chọn hai năm khác nhau.", "Choose two different years."),
    "needs": (
        "Biểu đồ này cần số liệu của ít nhất {n} năm.",
        "This chart needs records of at least {n} years.",
    ),
    "fallback": (
        "Trình khám phá khen thưởng: chạy sổ trong JupyterLab để dùng các điều khiển.",
        "Award explorer: run the notebook in JupyterLab to use the controls.",
    ),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


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

        if lang not in LANGS:
            raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
        configure_figures()
        self.catalog = catalog or default_catalog()
        self.records = load_awards(data_path or None, catalog=self.catalog)
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
            "lang": widgets.ToggleButtons(options=list(LANGS), value=lang),
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
        for key, (vi, en, _) in CHARTS.items():
            first, second = (en, vi) if lang == "en" else (vi, en)
            options.append((f"{first} ({second})", key))
        return options

    def _describe(self, lang: str) -> None:
        for key, control in self.controls.items():
            control.description = _pick(CONTROL_LABELS[key], lang)

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
        from ..charts import comparison, distribution, trends

        lang = self.lang
        chart = self.controls["chart"].value
        records = self.selection()
        needed = CHARTS[chart][2]
        if records.empty:
            raise ValueError(_pick(MESSAGES["empty"], lang))
        if len(pd.unique(records["year"])) < needed:
            raise ValueError(_pick(MESSAGES["needs"], lang).format(n=needed))
        base, target = self.controls["base"].value, self.controls["target"].value
        if needed == 2 and base == target:
            raise ValueError(_pick(MESSAGES["same_year"], lang))
        year = self.controls["year"].value
        if chart in ("distribution", "heatmap"):
            if year not in set(records["year"]):
                raise ValueError(_pick(MESSAGES["empty"], lang))
            plot = distribution.plot_distribution if chart == "distribution" else distribution.plot_heatmap
            return plot(records, year=year, lang=lang, catalog=self.catalog)
        if chart == "comparison":
            return comparison.plot_year_comparison(records, base, target, lang=lang, catalog=self.catalog)
        if chart == "comparison_by_form":
            return comparison.plot_year_comparison_by_form(
                records, base, target, lang=lang, catalog=self.catalog
            )
        return trends.plot_trends(records, lang=lang, catalog=self.catalog)

    def redraw(self) -> None:
        """Redraw the chart (or the reason there is none) into :attr:`image`."""
        import matplotlib.pyplot as plt

        from .notebook import _figure_of

        self.redraws += 1
        try:
            drawn = self.draw()
        except ValueError as error:
            self.message = str(error)
            self.image.value = f"<p><em>{_escape(self.message)}</em></p>"
            return
        figure = _figure_of(drawn)
        svg = figure_svg(figure)
        plt.close(figure)
        self.message = ""
        data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
        self.image.value = f'<img style="max-width:100%" alt="chart" src="data:image/svg+xml;base64,{data}">'

    def _changed(self, change) -> None:
        if change["owner"] is self.controls["lang"]:
            self._describe(change["new"])
        self.redraw()

    # -- display ----------------------------------------------------------------------
    def show_static(self) -> None:
        """Show the default chart as a static SVG (readable without a running kernel)."""
        markdown(text("static", self.lang))
        try:
            drawn = self.draw()
        except ValueError as error:
            markdown(f"*{error}*")
            return
        display_figure(drawn)

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.ui._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = _pick(MESSAGES["fallback"], self.lang)
        return bundle


def _escape(value: str) -> str:
    import html

    return html.escape(value, quote=True)
