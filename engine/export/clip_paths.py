"""Where a clip goes (no GL, no window): the kind of clip a path names, the
one-line errors a user can cause, and the checks and temporary files beside
the target that let nothing appear there until a clip is whole
(engine/export/clips.py writes them)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from engine.support.files import temporary_beside


class ExportError(Exception):
    """A clip that cannot be written; ``str()`` is one line for the user."""


def clip_format(path) -> str:
    """"mp4", "gif" or "png" (a folder of frames) for an output path.

    The extension decides; a path ending in a slash, an existing folder or a
    name with no extension at all means a folder of PNG frames.
    """
    text = os.fspath(path)
    suffix = Path(text).suffix.lower()
    if suffix in (".mp4", ".gif"):
        return suffix[1:]
    if text.endswith(("/", os.sep)) or Path(text).is_dir() or not suffix:
        return "png"
    raise ExportError(f"{text}: unknown kind of clip '{suffix}'; use .mp4, .gif, "
                      "or a folder name ending in / for PNG frames")


def even_size(size: tuple[int, int]) -> tuple[int, int]:
    """The size rounded up to even numbers, as yuv420p needs."""
    width, height = size
    return width + width % 2, height + height % 2


def _existing_parent(path: Path) -> Path:
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise ExportError(f"cannot write {path}: folder {folder} {what}")
    return folder


def _make_temporary_file(path: Path) -> Path:
    _existing_parent(path)
    try:
        return temporary_beside(path)
    except OSError as exc:
        raise ExportError(_cannot_write(path, exc)) from None


def _cannot_write(path: Path, exc: OSError) -> str:
    reason = exc.strerror or (os.strerror(exc.errno) if exc.errno else None) or str(exc)
    if exc.errno == errno.ENOSPC:
        reason = "the disk is full"
    return f"cannot write {path}: {reason}"
