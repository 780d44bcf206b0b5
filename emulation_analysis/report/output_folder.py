"""The briefing's output folder: which folders may be replaced, and replacing one safely.

A briefing is rendered into a temporary folder beside ``--out`` and then takes
its place. Replacing a folder deletes what was in it, so only a folder this
package wrote may be replaced: one holding nothing but the files listed in
its manifest (:data:`MANIFEST`, written with every briefing, each file with
its SHA-256), unchanged. A folder of the user's own ``.html`` pages has no
manifest and is never ours. The check runs before anything is rendered
(:func:`check_out_folder`, which also refuses the obviously wrong targets:
the current folder, the home folder, the data folder or one holding the data) and again
just before the swap (:func:`replace_folder`): files added during the render
keep the old folder where it is, and the new pages are left beside it, in a
folder that is named.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..i18n import console_lang, t
from ..version import __version__
from .execution import BriefingError

__all__ = ["MANIFEST", "check_out_folder", "new_render_folder", "replace_folder", "write_manifest"]

#: Written into every briefing folder: the files the briefing wrote, so that only those are ever deleted.
MANIFEST = ".briefing-manifest.json"
# How many file names an error lists (the rest are counted).
LISTED = 5


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_manifest(folder: Path) -> Path:
    """List every file of ``folder`` (names and SHA-256) in its manifest; return the manifest's path."""
    files = {p.name: _sha256(p) for p in sorted(folder.iterdir()) if p.is_file() and p.name != MANIFEST}
    manifest = folder / MANIFEST
    written_by = f"emulation-analysis {__version__}"
    manifest.write_text(json.dumps({"written_by": written_by, "files": files}, indent=1), encoding="utf-8")
    return manifest


def _listed_files(folder: Path) -> dict[str, str]:
    """The files ``folder``'s manifest lists (name → SHA-256); empty without a readable manifest."""
    try:
        listed = json.loads((folder / MANIFEST).read_text(encoding="utf-8")).get("files", {})
    except (OSError, ValueError, AttributeError):
        return {}
    if not isinstance(listed, dict):
        return {}
    # plain file names only: a manifest naming "../x" must never reach outside its folder
    return {
        str(k): str(v) for k, v in listed.items() if str(k) not in ("", ".", "..") and Path(str(k)).name == k
    }


def _foreign(folder: Path) -> list[str]:
    """Names in ``folder`` that its briefing did not write (or that changed since), sorted."""
    listed = _listed_files(folder)
    foreign = []
    for entry in folder.iterdir():
        if entry.name == MANIFEST and listed:
            continue
        ours = entry.name in listed and entry.is_file() and not entry.is_symlink()
        if not ours or _sha256(entry) != listed[entry.name]:
            foreign.append(entry.name)
    return sorted(foreign)


def _named(names: list[str]) -> str:
    shown = ", ".join(names[:LISTED])
    return shown + (f", … (+{len(names) - LISTED})" if len(names) > LISTED else "")


def _holds(folder: Path, path: Path) -> bool:
    """Whether ``path`` is ``folder`` or inside it."""
    return path == folder or folder in path.parents


def check_out_folder(out: str | Path, *, keep: Iterable[str | Path] = (), lang: str | None = None) -> Path:
    """The absolute output folder, once it is safe to render into it; else a BriefingError saying why.

    Refused: a file (or a path under one); the current folder, the home
    folder, or any folder holding them or one of ``keep`` (the data, the
    notebooks, the package), the root included; a folder holding files no
    briefing wrote; a folder (or the nearest existing parent) that cannot be
    read and written. A folder inside the data folder is fine: the loader
    reads no subfolder.
    """
    lang = lang or console_lang()
    given = out
    out = Path(out).expanduser().resolve()
    if out.exists() and not out.is_dir():
        raise BriefingError(t("briefing.error.not_a_folder", lang, path=given))
    guarded = [(Path.cwd().resolve(), "cwd"), (Path.home().resolve(), "home")]
    guarded += [(Path(kept).resolve(), "data") for kept in keep]
    for place, what in guarded:
        if _holds(out, place):
            key = {
                "cwd": "briefing.error.out_holds_cwd",
                "home": "briefing.error.out_holds_home",
                "data": "briefing.error.out_holds_data",
            }[what]
            raise BriefingError(t(key, lang, path=given, kept=place))
    existing = out if out.exists() else next(p for p in out.parents if p.exists())
    if not existing.is_dir():  # a file where a parent folder should be
        raise BriefingError(t("briefing.error.not_a_folder", lang, path=existing))
    if not os.access(existing, os.R_OK | os.W_OK | os.X_OK):
        raise BriefingError(t("briefing.error.no_access", lang, path=existing))
    if out.exists():
        try:
            foreign = _foreign(out)
        except OSError as error:
            raise BriefingError(t("briefing.error.no_access", lang, path=error.filename or out)) from None
        if foreign:
            raise BriefingError(t("briefing.error.foreign_files", lang, path=given, files=_named(foreign)))
    return out


def new_render_folder(out: Path, lang: str | None = None) -> Path:
    """A new empty folder beside ``out`` (same file system) to render into; its parents are created."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    except OSError as error:
        reason = error.strerror or str(error)
        raise BriefingError(
            t("briefing.error.cannot_write", lang or console_lang(), path=out, reason=reason)
        ) from None


def _free_name(out: Path, suffix: str) -> Path:
    candidate, number = out.with_name(f"{out.name}-{suffix}"), 2
    while candidate.exists() or candidate.is_symlink():
        candidate, number = out.with_name(f"{out.name}-{suffix}-{number}"), number + 1
    return candidate


def replace_folder(rendered: Path, out: Path, lang: str | None = None) -> Path | None:
    """Put ``rendered`` in the place of ``out``, deleting only the files the old briefing wrote.

    ``out`` is checked again first: when it now holds files no briefing wrote,
    it stays as it is and ``rendered`` is renamed to a free ``<out>-new``
    folder beside it, which the BriefingError names. Returns the folder where
    files that appeared in the old folder during the swap itself were kept
    (``<out>-old``), or None (the usual case: the old folder is gone).
    """
    lang = lang or console_lang()
    os.chmod(rendered, 0o755)
    if not out.exists():
        rendered.rename(out)
        return None
    foreign = _foreign(out)
    if foreign:
        kept = _free_name(out, "new")
        rendered.rename(kept)
        raise BriefingError(t("briefing.error.out_changed", lang, path=out, files=_named(foreign), new=kept))
    listed = _listed_files(out)
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    out.rename(old)
    try:
        rendered.rename(out)
    except OSError:
        old.rename(out)
        raise
    for name in [*listed, MANIFEST]:
        path = old / name
        if path.is_file() and not path.is_symlink() and (name == MANIFEST or _sha256(path) == listed[name]):
            path.unlink()
    try:
        old.rmdir()
    except OSError:  # something was added in the instant between the check and the rename: kept
        kept = _free_name(out, "old")
        old.rename(kept)
        return kept
    return None
