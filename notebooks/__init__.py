"""The notebooks, shipped inside the package as ``emulation_analysis.notebooks`` (see pyproject.toml)."""
