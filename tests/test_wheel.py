"""The wheel is complete: installed where this checkout cannot be seen, it renders the briefings.

The wheel is built from a copy of the sources (so the checkout gets no ``build/``), then installed
with ``--no-deps`` into a new virtual environment. That environment borrows the dependencies of
the one running the tests through a ``.pth`` file naming its site-packages folders: plain folder
lines in a ``.pth`` file do not run the ``.pth`` files found there, so the checkout's editable
install (a finder hooked in by such a file) stays out, and the tests check that it does. The data
files the dependencies install beside them (nbconvert's ``lab`` template, in
``share/jupyter``) are borrowed the same way, through ``JUPYTER_PATH``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import venv
from importlib import metadata
from pathlib import Path

import pytest

from emulation_analysis.report.briefing import BRIEFINGS, EXPLORER
from emulation_analysis.report.output_folder import MANIFEST

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SOURCES = ("pyproject.toml", "README.md", "emulation_analysis", "notebooks")


def test_pyproject_lists_every_package_folder():
    package = ROOT / "emulation_analysis"
    folders = {
        ".".join(("emulation_analysis", *path.relative_to(package).parts))
        for path in [package, *package.rglob("*")]
        if path.is_dir() and path.name != "__pycache__"
    }
    mapped = PYPROJECT["tool"]["setuptools"]["package-dir"]
    assert mapped == {"emulation_analysis.notebooks": "notebooks"}
    assert sorted(PYPROJECT["tool"]["setuptools"]["packages"]) == sorted(folders | set(mapped))


def _backend_installed() -> bool:
    """Whether this environment has the build backend pyproject.toml asks for (then no download)."""
    (requirement,) = PYPROJECT["build-system"]["requires"]
    name, bound = re.fullmatch(r"([A-Za-z0-9_.-]+)>=([0-9.]+)", requirement).groups()
    try:
        installed = metadata.version(name)
    except metadata.PackageNotFoundError:
        return False

    def numbers(version: str) -> tuple[int, ...]:
        return tuple(int(part) for part in re.findall(r"\d+", version)[:3])

    return numbers(installed) >= numbers(bound)


def _clean_env() -> dict[str, str]:
    """This process's environment without anything that would put the checkout on sys.path."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP")}
    env["PYTHONNOUSERSITE"] = "1"
    borrowed = str(Path(sys.prefix) / "share" / "jupyter")
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [env.get("JUPYTER_PATH"), borrowed]))
    return env


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    done = subprocess.run(command, cwd=cwd, env=_clean_env(), capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"{' '.join(command)}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    """The wheel, and what its build printed."""
    work = tmp_path_factory.mktemp("wheel-build")
    source = work / "source"
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(
                path, source / name, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints")
            )
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(path, source / name)
    isolation = ["--no-build-isolation"] if _backend_installed() else []  # else pip fetches setuptools
    dist = work / "dist"
    pip = [sys.executable, "-m", "pip", "wheel", "-v", "--no-deps", *isolation]
    done = _run([*pip, "--wheel-dir", str(dist), str(source)], cwd=work)
    (wheel,) = dist.glob("emulation_analysis-*.whl")
    return wheel, done.stdout + done.stderr


@pytest.fixture(scope="module")
def wheel(built) -> Path:
    return built[0]


def test_building_the_wheel_prints_no_warning_about_our_configuration(built):
    _, log = built
    warnings = [line for line in log.splitlines() if re.search(r"Warning\b|deprecated", line)]
    assert warnings == []


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A new virtual environment holding the wheel; returns its ``bin`` folder."""
    env_dir = tmp_path_factory.mktemp("wheel-venv") / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(
        _run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], env_dir
        ).stdout.strip()
    )
    borrowed = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (site / "borrowed-dependencies.pth").write_text("\n".join(borrowed) + "\n", encoding="utf-8")
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        cwd=env_dir,
    )
    return env_dir / "bin"


def test_wheel_holds_the_notebooks_catalogues_data_and_templates(wheel):
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    for notebook in (*BRIEFINGS, EXPLORER):
        assert f"emulation_analysis/notebooks/{notebook}" in names
    for required in (
        "emulation_analysis/catalogs/messages.csv",
        "emulation_analysis/datasets/awards.csv",
        "emulation_analysis/datasets/illustrative/awards.csv",
        "emulation_analysis/templates/briefing/index.html.j2",
        "emulation_analysis/templates/briefing/conf.json",
        "emulation_analysis/__main__.py",
    ):
        assert required in names, required
    assert not any("__pycache__" in name or name.startswith("notebooks/") for name in names)


def test_installed_package_is_the_wheel_not_the_checkout(installed, tmp_path):
    script = (
        "import sys, emulation_analysis\n"
        "from emulation_analysis.report.briefing import notebooks_dir\n"
        "from emulation_analysis.report.execution import kernel_manager\n"
        "print(emulation_analysis.__file__)\n"
        "print(notebooks_dir())\n"
        "print(kernel_manager().kernel_spec.argv[0])\n"
        "print(sys.executable)\n"
        "print(any((f if isinstance(f, type) else type(f)).__module__.startswith('__editable__')"
        " for f in sys.meta_path))\n"
    )
    package, notebooks, kernel, python, editable = _run(
        [str(installed / "python"), "-c", script], cwd=tmp_path
    ).stdout.splitlines()
    env_dir = installed.parent.resolve()
    assert Path(package).resolve().is_relative_to(env_dir), package
    assert Path(notebooks).resolve().is_relative_to(env_dir), notebooks
    assert kernel == python and Path(python).parent == installed, "the briefing's kernels run in the venv"
    assert editable == "False", "the checkout's editable install leaked in"


def test_installed_command_renders_the_briefings_on_its_own(installed, tmp_path):
    out = tmp_path / "reports"
    done = _run([str(installed / "emulation-analysis"), "briefing", "--out", str(out)], cwd=tmp_path)
    assert "briefing ready" in done.stderr
    pages = sorted(p.name for p in out.iterdir())
    assert pages == sorted([*(Path(n).with_suffix(".html").name for n in BRIEFINGS), "index.html", MANIFEST])
    index = (out / "index.html").read_text(encoding="utf-8")
    first = (out / Path(BRIEFINGS[0]).with_suffix(".html").name).read_text(encoding="utf-8")
    assert "<title>Bản tin thi đua – khen thưởng</title>" in index
    assert "<title>Phân bố khen thưởng trong Cụm thi đua 1 (UBND TP.HCM) năm 2018</title>" in first
    assert '<html lang="vi">' in first and "Quận Tân Bình" in first
    help_text = _run([str(installed / "python"), "-m", "emulation_analysis", "--help"], cwd=tmp_path).stdout
    assert "illustrative" in help_text and "notebooks" in help_text
