"""The package's layers, read from its own imports: they go one way, with no cycle.

Layers, lowest first: the foundation (``schema``, ``catalog``, ``text``,
``errors``, ``i18n``, ``version``) ← ``io`` ← ``analysis`` ← ``charts`` ←
``report``; ``extract`` stands beside them and uses only the foundation and
``io``; the package's front doors (``__init__``, ``__main__``, ``cli``) may use
everything. The README's "Architecture" section says the same in words.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "emulation_analysis"
FOUNDATION = {"schema", "catalog", "text", "errors", "i18n", "version"}
FRONT = {"__init__", "__main__", "cli"}
RANK = {"foundation": 0, "io": 1, "analysis": 2, "charts": 3, "report": 4, "front": 9}
# Besides the foundation, what each layer may import (besides itself).
ALLOWED = {
    "foundation": set(),
    "io": set(),
    "analysis": {"io"},
    "charts": {"io", "analysis"},
    "report": {"io", "analysis", "charts"},
    "extract": {"io"},
    "front": {"io", "analysis", "charts", "report", "extract"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in FRONT:
        return "front"
    if parts[1] in FOUNDATION:
        return "foundation"
    return parts[1]


def imports(module: str, path: Path) -> list[tuple[str, list[str], int]]:
    """(imported module, names taken from it, line) for every import, lazy ones included."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, [], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            names = [alias.name for alias in node.names]
            # "from . import narrative" imports a module, not a name.
            known = modules()
            for name in names:
                if f"{target}.{name}" in known:
                    found.append((f"{target}.{name}", [], node.lineno))
                    names = [n for n in names if n != name]
            found.append((target, names, node.lineno))
    return [(t, n, line) for t, n, line in found if t.split(".")[0] == "emulation_analysis"]


def graph() -> dict[str, set[str]]:
    known = modules()
    return {m: {t for t, _, _ in imports(m, p) if t in known and t != m} for m, p in known.items()}


def test_the_package_has_the_layers_the_readme_describes():
    layers = {layer(m) for m in modules()}
    assert {"foundation", "io", "analysis", "charts", "report", "extract", "front"} <= layers


def test_imports_go_one_way_down_the_layers():
    wrong = []
    for module, path in modules().items():
        mine = layer(module)
        for target, _, line in imports(module, path):
            theirs = layer(target)
            importing_the_front = mine == "foundation" and target == "emulation_analysis"
            if theirs in (mine, "foundation") and not importing_the_front:
                continue
            if theirs not in ALLOWED[mine]:
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {mine} imports {target} ({theirs})")
    assert not wrong, "\n".join(wrong)


def test_no_import_cycle():
    edges = graph()
    # The root __init__ imports everything and every submodule's parent is imported first:
    # that edge is Python's, not a design choice.
    edges = {m: {t for t in ts if t != "emulation_analysis"} for m, ts in edges.items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state and (cycle := visit(start)):
            pytest.fail("import cycle: " + " → ".join(cycle))


def test_no_private_name_is_imported_from_another_module():
    borrowed = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {name} from {target}"
        for module, path in modules().items()
        for target, names, line in imports(module, path)
        for name in names
        if name.startswith("_") and not name.startswith("__")
    ]
    assert not borrowed, "\n".join(borrowed)


def test_each_constant_has_one_home():
    homes: dict[str, list[str]] = {}
    for module, path in modules().items():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
            for target in targets:
                name = getattr(target, "id", "")
                if name.lstrip("_").isupper() and len(name.lstrip("_")) > 1 and name != "__all__":
                    homes.setdefault(name.lstrip("_"), []).append(module)
    twice = {name: where for name, where in homes.items() if len(where) > 1}
    assert not twice, twice


def test_no_module_is_a_grab_bag():
    # About 500 lines is enough for one idea; a longer module says what it is in its first line.
    long = {
        module: len(path.read_text(encoding="utf-8").splitlines())
        for module, path in modules().items()
        if len(path.read_text(encoding="utf-8").splitlines()) > 520
    }
    assert not long, long
