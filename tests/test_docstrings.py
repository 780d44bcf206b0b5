"""Every example in the package's docstrings runs and prints what it shows."""

import doctest
import importlib
import pkgutil

import pytest

import emulation_analysis

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(emulation_analysis.__path__, prefix="emulation_analysis.")
    if not info.name.endswith("__main__")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, name


def test_the_examples_cover_each_layer():
    with_examples = set()
    for name in MODULES:
        finder = doctest.DocTestFinder()
        if any(test.examples for test in finder.find(importlib.import_module(name))):
            with_examples.add(name.split(".")[1])
    assert {"catalog", "text", "io", "analysis", "charts", "report"} <= with_examples
