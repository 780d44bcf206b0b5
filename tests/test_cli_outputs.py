"""What the commands write, and what they never touch: ``briefing --out`` and ``extract --out``.

A briefing replaces only a folder it wrote (its manifest lists the files), checks again just
before the swap, and never deletes a file it did not write; a stopped or failed run leaves
``--out`` as it was, says so in one line and leaves no temporary folder. ``extract --out``
writes one file in one step, never through a link and never over an input.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from emulation_analysis.cli import main
from emulation_analysis.report.briefing import BRIEFINGS
from emulation_analysis.report.output_folder import MANIFEST, replace_folder, write_manifest

ROOT = Path(__file__).resolve().parents[1]


def _previous_briefing(out: Path, text: str = "previous briefing") -> None:
    out.mkdir(parents=True)
    (out / "index.html").write_text(text, encoding="utf-8")
    write_manifest(out)


def _no_kernel(*args, **kwargs):
    raise AssertionError("a kernel was started")


def _errors(capsys, argv: list[str], code: int = 1) -> list[str]:
    assert main(argv) == code
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return captured.err.splitlines()


def _beside(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir())


# --- which folders a briefing may replace --------------------------------------------------------


def test_a_folder_of_the_users_own_html_pages_is_not_replaced(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("emulation_analysis.report.briefing.run_notebooks", _no_kernel)
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("my own page", encoding="utf-8")
    (out / "about.html").write_text("my other page", encoding="utf-8")
    assert _errors(capsys, ["briefing", "--out", str(out)]) == [
        f"briefing failed; {out} left as it was.",
        f"refusing to replace {out}: it holds files no briefing wrote or that changed since "
        "(about.html, index.html); choose an empty or new folder",
    ]
    assert (out / "index.html").read_text(encoding="utf-8") == "my own page"
    assert _beside(out) == ["site"]


def test_a_page_edited_since_the_briefing_is_not_replaced(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("emulation_analysis.report.briefing.run_notebooks", _no_kernel)
    out = tmp_path / "reports"
    _previous_briefing(out)
    (out / "index.html").write_text("previous briefing, with my notes", encoding="utf-8")
    lines = _errors(capsys, ["briefing", "--out", str(out)])
    assert lines[1].startswith(f"refusing to replace {out}: ") and lines[1].endswith(
        "(index.html); choose an empty or new folder"
    )
    assert (out / "index.html").read_text(encoding="utf-8") == "previous briefing, with my notes"


@pytest.mark.parametrize("target", ["cwd", "home", "data", "holds data", "file", "under a file", "root"])
def test_obviously_wrong_output_folders_are_refused(target, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("emulation_analysis.report.briefing.run_notebooks", _no_kernel)
    home, data = tmp_path / "home", tmp_path / "store" / "data"
    home.mkdir()
    data.mkdir(parents=True)
    (data / "2019.csv").write_text("year,district,award,count\n2019,Q1,BKTTg,3\n", encoding="utf-8")
    (home / "notes.txt").write_text("mine", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(home)
    out = {
        "cwd": ".",
        "home": str(home),
        "data": str(data),
        "holds data": str(data.parent),
        "file": str(data / "2019.csv"),
        "under a file": str(home / "notes.txt" / "reports"),
        "root": "/",
    }[target]
    lines = _errors(capsys, ["briefing", "--data", str(data), "--out", out])
    assert lines[0] == f"briefing failed; {out} left as it was."
    assert (
        lines[1]
        == {
            "cwd": "refusing to use . as the output folder: it is (or holds) the current folder; "
            "name a new folder, e.g. reports",
            "home": f"refusing to use {home} as the output folder: it is (or holds) the current folder; "
            "name a new folder, e.g. reports",
            "data": f"refusing to use {data} as the output folder: it is or holds {data}, "
            "which the briefing reads; name another folder",
            "holds data": f"refusing to use {data.parent} as the output folder: it is or holds {data}, "
            "which the briefing reads; name another folder",
            "file": f"{out} exists and is not a folder",
            "under a file": f"{home / 'notes.txt'} exists and is not a folder",
            "root": "refusing to use / as the output folder: it is (or holds) the current folder; "
            "name a new folder, e.g. reports",
        }[target]
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "store"]
    assert sorted(p.name for p in data.iterdir()) == ["2019.csv"]


def test_a_folder_inside_the_data_folder_is_fine(tmp_path, monkeypatch):
    # the loader reads no subfolder: `cd so-lieu && emulation-analysis briefing --data . --out reports`
    from emulation_analysis.report.output_folder import check_out_folder

    monkeypatch.chdir(tmp_path)
    assert check_out_folder("reports", keep=["."]) == tmp_path.resolve() / "reports"


def test_the_home_folder_is_refused_by_name(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("emulation_analysis.report.briefing.run_notebooks", _no_kernel)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(ROOT)
    assert _errors(capsys, ["briefing", "--out", str(tmp_path)])[1] == (
        f"refusing to use {tmp_path} as the output folder: it is (or holds) the home folder {tmp_path}; "
        "name a new folder, e.g. reports"
    )


def _as_if_unreadable(monkeypatch, *denied: Path) -> None:
    """Make ``denied`` unreadable and unwritable: by its mode, and for root (whom modes do not stop)
    by what ``os.access`` answers."""
    for path in denied:
        path.chmod(0o500)
    if os.geteuid() == 0:
        real = os.access
        monkeypatch.setattr(os, "access", lambda p, mode, **kw: Path(p) not in denied and real(p, mode, **kw))


@pytest.mark.parametrize("which", ["out", "parent"])
def test_an_unwritable_output_folder_is_said_before_anything_renders(which, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("emulation_analysis.report.briefing.run_notebooks", _no_kernel)
    parent = tmp_path / "shared"
    out = parent / "reports"
    if which == "out":
        _previous_briefing(out)
    else:
        parent.mkdir()
    denied = out if which == "out" else parent
    _as_if_unreadable(monkeypatch, denied)
    try:
        lines = _errors(capsys, ["briefing", "--out", str(out)])
    finally:
        denied.chmod(0o755)
    assert lines == [
        f"briefing failed; {out} left as it was.",
        f"cannot use {denied}: no permission to read and write it; choose another folder with --out",
    ]


# --- the check again just before the swap ------------------------------------------------------


def _render_that_adds(out: Path, name: str):
    """A stand-in for the kernels: while 'running', the user saves a file into ``out``."""

    def run_notebooks(count, prepare, cwd, timeout, **_):
        (out / name).write_text("saved during the run", encoding="utf-8")
        return []

    return run_notebooks


def test_files_added_during_the_run_are_kept_and_the_new_pages_left_beside(tmp_path, monkeypatch, capsys):
    out = tmp_path / "reports"
    _previous_briefing(out)
    monkeypatch.setattr(
        "emulation_analysis.report.briefing.run_notebooks", _render_that_adds(out, "minutes.docx")
    )
    lines = _errors(capsys, ["briefing", "--out", str(out)])
    new = tmp_path / "reports-new"
    assert lines[-2:] == [
        f"briefing failed; {out} left as it was.",
        f"{out} changed while the pages rendered (it now holds minutes.docx), so it was left as it was; "
        f"the new pages are in {new}",
    ]
    assert (out / "minutes.docx").read_text(encoding="utf-8") == "saved during the run"
    assert (out / "index.html").read_text(encoding="utf-8") == "previous briefing"
    assert sorted(p.name for p in new.iterdir()) == sorted([MANIFEST, "index.html"])
    assert _beside(out) == ["reports", "reports-new"], "no temporary folder left"


def test_a_file_added_in_the_instant_of_the_swap_is_kept(tmp_path, monkeypatch):
    # the last wall: only the files the old manifest lists are deleted, never the folder as a whole
    new, out = tmp_path / "new", tmp_path / "reports"
    _previous_briefing(new, "fresh")
    _previous_briefing(out, "old")
    (out / "minutes.docx").write_text("saved in the instant", encoding="utf-8")
    monkeypatch.setattr("emulation_analysis.report.output_folder._foreign", lambda folder: [])
    kept = replace_folder(new, out, "en")
    assert kept == tmp_path / "reports-old"
    assert (out / "index.html").read_text(encoding="utf-8") == "fresh"
    assert sorted(p.name for p in kept.iterdir()) == ["minutes.docx"]


# --- a run that stops ---------------------------------------------------------------------------


def test_ctrl_c_says_out_was_left_as_it_was_and_removes_the_temporary_folder(tmp_path, monkeypatch, capsys):
    out = tmp_path / "reports"
    _previous_briefing(out)
    seen = []

    def interrupted(count, prepare, cwd, timeout, **_):
        seen.extend(p.name for p in tmp_path.iterdir())
        raise KeyboardInterrupt

    monkeypatch.setattr("emulation_analysis.report.briefing.run_notebooks", interrupted)
    assert _errors(capsys, ["briefing", "--out", str(out)], code=130) == [
        f"briefing interrupted; {out} left as it was."
    ]
    assert any(name.startswith(".reports.new-") for name in seen), seen
    assert _beside(out) == ["reports"]
    assert (out / "index.html").read_text(encoding="utf-8") == "previous briefing"


def test_a_full_disk_is_one_clear_message(tmp_path, monkeypatch, capsys):
    out = tmp_path / "reports"
    _previous_briefing(out)
    monkeypatch.setattr("emulation_analysis.report.briefing.run_notebooks", lambda *a, **k: [])

    def full(folder):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(folder / MANIFEST))

    monkeypatch.setattr("emulation_analysis.report.briefing.write_manifest", full)
    lines = _errors(capsys, ["briefing", "--out", str(out)])
    assert lines[0] == f"briefing failed; {out} left as it was."
    assert lines[1].startswith("cannot write ") and lines[1].endswith(": No space left on device")
    assert _beside(out) == ["reports"]


def _notebooks(folder: Path, *sources: str) -> Path:
    import nbformat

    folder.mkdir()
    for name, source in zip(BRIEFINGS, sources, strict=True):
        parameters = nbformat.v4.new_code_cell("data_path = ''", metadata={"tags": ["parameters"]})
        nbformat.write(
            nbformat.v4.new_notebook(cells=[parameters, nbformat.v4.new_code_cell(source)]), folder / name
        )
    return folder


def test_a_dying_kernel_is_one_clear_message(tmp_path, monkeypatch, capsys):
    notebooks = _notebooks(tmp_path / "notebooks", "import os\nos._exit(1)", "1 + 1")
    monkeypatch.setattr("emulation_analysis.report.briefing.notebooks_dir", lambda: notebooks)
    out = tmp_path / "reports"
    _previous_briefing(out)
    lines = _errors(capsys, ["briefing", "--out", str(out)])
    assert lines[-2:] == [
        f"briefing failed; {out} left as it was.",
        "01-phan-bo-khen-thuong.ipynb: the Python kernel died before the notebook finished (out of memory?)",
    ]
    assert (out / "index.html").read_text(encoding="utf-8") == "previous briefing"
    assert _beside(out) == ["notebooks", "reports"]


SIGTERM_RUN = """
import sys, time
from pathlib import Path
import emulation_analysis.report.briefing as briefing
from emulation_analysis.cli import main

def run_notebooks(count, prepare, cwd, timeout, **_):
    Path(sys.argv[2]).write_text("rendering", encoding="utf-8")
    time.sleep(60)

briefing.run_notebooks = run_notebooks
sys.exit(main(["briefing", "--out", sys.argv[1]]))
"""


def test_sigterm_removes_the_temporary_folder(tmp_path):
    out, started = tmp_path / "space" / "reports", tmp_path / "started"
    _previous_briefing(out)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "EMULATION_ANALYSIS_LANG": "en"}
    command = [sys.executable, "-c", textwrap.dedent(SIGTERM_RUN), str(out), str(started)]
    with subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env) as run:
        for _ in range(600):  # the render has begun once the stand-in kernel writes its file
            if started.exists() or run.poll() is not None:
                break
            time.sleep(0.1)
        assert any(p.name.startswith(".reports.new-") for p in out.parent.iterdir())
        run.send_signal(signal.SIGTERM)
        _, err = run.communicate(timeout=60)
    assert run.returncode == 128 + signal.SIGTERM
    assert err.splitlines()[-1] == f"briefing interrupted; {out} left as it was."
    assert "Traceback" not in err
    assert _beside(out) == ["reports"], "the temporary folder is gone"
    assert (out / "index.html").read_text(encoding="utf-8") == "previous briefing"


# --- extract --out --------------------------------------------------------------------------------

REPORT = "Năm 2019, Quận 5 được tặng 4 Giấy khen.\n"


@pytest.fixture
def report(tmp_path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def test_extract_out_a_folder_even_with_force(report, tmp_path, capsys):
    folder = tmp_path / "reviews"
    folder.mkdir()
    assert _errors(capsys, ["extract", str(report), "--out", str(folder), "--force"]) == [
        f"{folder}: is a folder; --out needs a file name, e.g. {folder / 'review.csv'}"
    ]
    assert list(folder.iterdir()) == []


def test_extract_out_in_a_missing_folder(report, tmp_path, capsys):
    out = tmp_path / "missing" / "x.csv"
    assert _errors(capsys, ["extract", str(report), "--out", str(out)]) == [
        f"cannot write {out}: the folder {out.parent} does not exist"
    ]


@pytest.mark.parametrize("force", [False, True])
def test_extract_never_writes_through_a_link(force, report, tmp_path, capsys):
    target, link = tmp_path / "elsewhere" / "target.csv", tmp_path / "review.csv"
    target.parent.mkdir()
    link.symlink_to(target)  # dangling: writing would create the target
    argv = ["extract", str(report), "--out", str(link), *(["--force"] if force else [])]
    assert _errors(capsys, argv) == [
        f"{link}: is a symbolic link (to {target}); name a regular file for --out"
    ]
    assert not target.exists() and link.is_symlink()


def test_extract_never_overwrites_an_input(report, capsys):
    assert _errors(capsys, ["extract", str(report), "--out", str(report), "--force"]) == [
        f"{report}: is also an input file; name another file for --out"
    ]
    assert report.read_text(encoding="utf-8") == REPORT


def test_extract_on_a_full_disk_keeps_the_old_file_and_leaves_no_partial_one(
    report, tmp_path, monkeypatch, capsys
):
    out = tmp_path / "review.csv"
    out.write_text("reviewed by hand\n", encoding="utf-8")
    written = pd.DataFrame.to_csv

    def full(self, path=None, *args, **kwargs):
        if path is None or not isinstance(path, str | Path):
            return written(self, path, *args, **kwargs)
        Path(path).write_text("year,dist", encoding="utf-8")  # a part was written, then the disk filled
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(pd.DataFrame, "to_csv", full)
    lines = _errors(capsys, ["extract", str(report), "--out", str(out), "--force"])
    assert lines[-1] == f"cannot write {out}: No space left on device"
    assert out.read_text(encoding="utf-8") == "reviewed by hand\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt", "review.csv"]


def test_a_manifest_naming_a_file_outside_its_folder_deletes_nothing_there(tmp_path):
    import hashlib
    import json

    precious = tmp_path / "precious.txt"
    precious.write_text("keep me", encoding="utf-8")
    new, out = tmp_path / "new", tmp_path / "reports"
    _previous_briefing(new, "fresh")
    _previous_briefing(out, "old")
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"]["../precious.txt"] = hashlib.sha256(precious.read_bytes()).hexdigest()
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert replace_folder(new, out, "en") is None
    assert precious.read_text(encoding="utf-8") == "keep me"
    assert (out / "index.html").read_text(encoding="utf-8") == "fresh"
