"""emulation-analysis: award records of Vietnamese emulation & commendation offices.

Load records with :func:`load_awards`, look names up in :func:`load_catalog`,
analyse and chart them with the functions exported below.
"""

from .analysis.clusters import cluster_heads
from .analysis.compare import compare_years
from .analysis.matrix import award_matrix
from .analysis.per_capita import per_capita
from .analysis.ranking import medal_table
from .analysis.reorganisation import (
    DoubleCountWarning,
    by_former_district,
    probable_double_counts,
    reorganisation_note,
    ward_matrix,
)
from .analysis.shares import award_shares
from .analysis.trends import yearly_totals
from .catalog import Catalog, default_catalog, load_catalog
from .charts.comparison import plot_year_comparison, plot_year_comparison_by_form
from .charts.distribution import plot_distribution, plot_heatmap
from .charts.labels import award_colour, award_label, label, unit_label
from .charts.layout import source_line
from .charts.style import chart_style, save_figure, svg_bytes
from .charts.trends import plot_trends
from .errors import AwardDataError, Problem
from .extract import Extraction, extract_awards, extract_mentions, extract_report, write_review_csv
from .io.load import bundled_data_path, load_awards, validate_records
from .schema import RECORD_COLUMNS, TOTAL
from .version import __version__

__all__ = [
    "RECORD_COLUMNS",
    "TOTAL",
    "AwardDataError",
    "Catalog",
    "DoubleCountWarning",
    "Extraction",
    "Problem",
    "__version__",
    "award_colour",
    "award_label",
    "award_matrix",
    "award_shares",
    "bundled_data_path",
    "by_former_district",
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
    "probable_double_counts",
    "reorganisation_note",
    "save_figure",
    "source_line",
    "svg_bytes",
    "unit_label",
    "validate_records",
    "ward_matrix",
    "write_review_csv",
    "yearly_totals",
]
