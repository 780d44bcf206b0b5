"""emulation-analysis: award records of Vietnamese emulation & commendation offices.

Load records with :func:`load_awards`, look names up in :func:`load_catalog`,
analyse and chart them with the functions exported below.
"""

from .catalog import Catalog, default_catalog, load_catalog
from .charts import (
    plot_distribution,
    plot_heatmap,
    plot_trends,
    plot_year_comparison,
    plot_year_comparison_by_form,
    source_line,
)
from .clusters import cluster_heads
from .compare import compare_years
from .errors import AwardDataError, Problem
from .extract import Extraction, extract_awards, extract_mentions, extract_report, write_review_csv
from .labels import award_colour, award_label, label, unit_label
from .loader import RECORD_COLUMNS, bundled_data_path, load_awards, validate_records
from .matrix import TOTAL, award_matrix
from .per_capita import per_capita
from .ranking import medal_table
from .shares import award_shares
from .style import chart_style, save_figure, svg_bytes
from .trends import yearly_totals

__all__ = [
    "RECORD_COLUMNS",
    "TOTAL",
    "AwardDataError",
    "Catalog",
    "Extraction",
    "Problem",
    "award_colour",
    "award_label",
    "award_matrix",
    "award_shares",
    "bundled_data_path",
    "chart_style",
    "cluster_heads",
    "compare_years",
    "default_catalog",
    "extract_awards",
    "extract_mentions",
    "extract_report",
    "label",
    "load_awards",
    "load_catalog",
    "medal_table",
    "per_capita",
    "plot_distribution",
    "plot_heatmap",
    "plot_trends",
    "plot_year_comparison",
    "plot_year_comparison_by_form",
    "save_figure",
    "source_line",
    "svg_bytes",
    "unit_label",
    "validate_records",
    "write_review_csv",
    "yearly_totals",
]
__version__ = "0.1.0"
