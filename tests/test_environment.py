"""Setup: environment.yml and pyproject.toml must name the same dependencies with the same lower bounds."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
IGNORED = {"python", "pip", "-e ."}
SPEC = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(?:(>=|==|=)\s*([0-9][0-9A-Za-z.]*))?\s*$")


def _parse(spec: str) -> tuple[str, str | None]:
    match = SPEC.match(spec)
    assert match, f"cannot read the dependency {spec!r}"
    name, _, bound = match.groups()
    return re.sub(r"[-_.]+", "-", name).lower(), bound


def _pyproject() -> dict[str, str | None]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        specs += extra
    return dict(_parse(s) for s in specs)


def _conda() -> dict[str, str | None]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    specs: list[str] = []
    for item in env["dependencies"]:
        if isinstance(item, dict):
            specs += item.get("pip", [])  # the pip: section counts too
        else:
            specs.append(item)
    parsed = dict(_parse(s) for s in specs if s.strip() not in IGNORED and not s.startswith("python="))
    return {name: bound for name, bound in parsed.items() if name not in IGNORED}


def test_environment_yml_and_pyproject_name_the_same_dependencies_and_lower_bounds():
    assert _conda() == _pyproject()


def test_every_dependency_has_a_lower_bound():
    assert [name for name, bound in _pyproject().items() if bound is None] == []


def test_environment_yml_is_conda_forge_python_311():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"]
    assert "python=3.11" in env["dependencies"]


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def test_lower_bounds_are_versions_actually_installed_and_tested():
    too_old = {}
    for name, bound in _pyproject().items():
        installed = metadata.version(name)
        if _version(installed) < _version(bound):
            too_old[name] = (installed, bound)
    assert too_old == {}


def test_readme_opens_with_the_two_commands_and_make_help_lists_them():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in first_block.strip().splitlines()]
    assert commands == ["make briefing", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("help", "briefing", "test"):
        assert re.search(rf"^{target}:.*## ", makefile, re.MULTILINE), target
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci
