"""The message catalogue ``catalogs/messages.csv``: complete, consistent, and all of it in use.

Keys are found by reading the package's source: every string literal shaped
like a key (``area.name``, dotted, lower case) counts as a use. Code must
therefore name each key whole (``"narrative.times.one"``), never build it
(``f"narrative.times.{n}"``); families of keys are written out where they
are chosen (a dict of keys, or two literals for a singular and a plural).
"""

import ast
import re
import string
from functools import cache
from pathlib import Path

import pytest

import emulation_analysis
from emulation_analysis.i18n import LANGUAGES, messages, t

PACKAGE = Path(emulation_analysis.__file__).parent
# Areas whose keys must all be used and whose keys in code must all exist. Other areas
# (``load.``, ``cli.``, ``extract.``) join by adding their prefix once their code names
# every key as a literal.
# extract.flag.* keys are named after the flags: tests/test_extract.py checks each flag has its message.
CHECKED_AREAS = ("chart", "notebook", "narrative", "explorer", "briefing", "load", "cli", "reorg")
KEY_SHAPE = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+")
LOOKUPS = {"t", "label"}  # the names the package calls i18n.t by


def _checked(key: str) -> bool:
    return key.split(".")[0] in CHECKED_AREAS or "." not in key


@cache
def _sources() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(PACKAGE.rglob("*.py"))}


@cache
def _literals() -> frozenset[str]:
    """Every string literal of the package shaped like a message key."""
    return frozenset(
        node.value
        for tree in _sources().values()
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and KEY_SHAPE.fullmatch(node.value)
    )


def _lookups() -> list[tuple[str, int, ast.expr]]:
    """``(file, line, first argument)`` of every call ``t(...)`` or ``label(...)``."""
    found = []
    for path, tree in _sources().items():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id in LOOKUPS and node.args:
                found.append((str(path.relative_to(PACKAGE)), node.lineno, node.args[0]))
    return found


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_the_table_has_a_column_per_language_and_unique_keys():
    table = messages()
    assert list(table.columns) == list(LANGUAGES)
    assert table.index.is_unique, table.index[table.index.duplicated()].tolist()
    assert all(KEY_SHAPE.fullmatch(key) for key in table.index), [
        k for k in table.index if not KEY_SHAPE.fullmatch(k)
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_message_is_empty(lang):
    table = messages()
    empty = table.index[table[lang].str.strip() == ""].tolist()
    assert not empty, f"keys without {lang} wording: {empty}"


def test_every_language_has_the_same_placeholders():
    table = messages()
    differing = {
        key: {lang: sorted(_fields(row[lang])) for lang in LANGUAGES}
        for key, row in table.iterrows()
        if len({frozenset(_fields(row[lang])) for lang in LANGUAGES}) > 1
    }
    assert not differing


def test_keys_named_in_the_code_are_in_the_table():
    known = set(messages().index)
    named = {key for key in _literals() if key.split(".")[0] in CHECKED_AREAS}
    looked_up = {arg.value for _, _, arg in _lookups() if isinstance(arg, ast.Constant)}
    assert not sorted((named | looked_up) - known)


def test_keys_are_never_built_from_pieces():
    def built_here(arg: ast.expr) -> bool:
        method = arg.func.attr if isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute) else ""
        return method == "format" or isinstance(arg, ast.JoinedStr | ast.BinOp)

    built = [f"{where}:{line}" for where, line, arg in _lookups() if built_here(arg)]
    assert not built, "name message keys whole, so they can be found: " + ", ".join(built)
    for tree in _sources().values():
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                start = str(node.values[0].value)
                assert not any(start.startswith(f"{area}.") for area in CHECKED_AREAS), start


def test_every_message_is_used_somewhere_in_the_package():
    unused = sorted(key for key in messages().index if _checked(key) and key not in _literals())
    assert not unused


def test_the_scan_sees_keys_in_each_area():
    areas = {key.split(".")[0] for key in _literals()}
    assert set(CHECKED_AREAS) <= areas
    assert t("chart.watermark", "en") == "Illustrative data — not official figures"
