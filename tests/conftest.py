"""Shared fixtures. Keep each one small: several test modules build on them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
import pytest

from emulation_analysis import load_awards

HEADER = "year,district,award,count"
SYNTHETIC_MULTIYEAR = Path(__file__).parent / "fixtures" / "synthetic_multiyear.csv"


@pytest.fixture(autouse=True)
def english_command_line(monkeypatch):
    """The command's messages in English whatever the machine's locale (tests/test_cli.py sets vi)."""
    monkeypatch.setenv("EMULATION_ANALYSIS_LANG", "en")


@pytest.fixture(scope="module")
def real() -> pd.DataFrame:
    """The bundled real records (2018), loaded once per test module."""
    return load_awards()


@pytest.fixture(scope="module")
def synthetic() -> pd.DataFrame:
    """The synthetic multi-year test fixture (every row illustrative), once per module."""
    return load_awards(SYNTHETIC_MULTIYEAR)


@pytest.fixture
def write_text(tmp_path: Path) -> Callable[..., Path]:
    """Write ``text`` (or bytes) to ``tmp_path / name`` in ``encoding`` and return the path."""

    def write(name: str, text: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
        return path

    return write


@pytest.fixture
def write_xlsx(tmp_path: Path) -> Callable[..., Path]:
    """Write rows (title rows first, if any) to the first sheet of a new workbook."""
    import openpyxl

    def write(name: str, rows: Sequence[Sequence[object]], sheet: str = "Sheet1") -> Path:
        workbook = openpyxl.Workbook()
        worksheet = workbook.active
        worksheet.title = sheet
        for row in rows:
            worksheet.append(list(row))
        path = tmp_path / name
        workbook.save(path)
        return path

    return write


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's headless chromium through Playwright, one per session (two cannot run at once)."""
    if not CHROMIUM.exists():
        pytest.skip(
            f"Debian's chromium is not installed ({CHROMIUM}); `make system-deps` as root installs it"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:  # pragma: no cover
        pytest.skip(f"the playwright Python package is missing: {error}")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        yield launched
        launched.close()
