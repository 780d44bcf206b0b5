"""Extraction: award records read from report prose, for a reviewer to check."""
