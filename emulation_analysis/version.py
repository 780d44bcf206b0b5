"""The package version, in one place (read by the package and its briefings)."""

__version__ = "0.1.0"
