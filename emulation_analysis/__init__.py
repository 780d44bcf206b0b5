"""emulation-analysis: award records of Vietnamese emulation & commendation offices.

Load records with :func:`load_awards`, look names up in :func:`load_catalog`,
analyse and chart them with the functions exported below.
"""

from .catalog import Catalog, default_catalog, load_catalog
from .errors import AwardDataError, Problem
from .loader import RECORD_COLUMNS, bundled_data_path, load_awards, validate_records

__all__ = [
    "RECORD_COLUMNS",
    "AwardDataError",
    "Catalog",
    "Problem",
    "bundled_data_path",
    "default_catalog",
    "load_awards",
    "load_catalog",
    "validate_records",
]
__version__ = "0.1.0"
