"""``python -m emulation_analysis``: the ``emulation-analysis`` command."""

import sys

from .cli import main

sys.exit(main())
