"""Where a clip goes (no GL, no window): the kind of clip a path names and
the one-line error a user can cause. The path itself is checked and written
through engine/support/files.py's Output, as every output is
(engine/export/clips.py)."""

from __future__ import annotations

import os
from pathlib import Path

from engine.support.files import shown_path


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
    # os.path.isdir, not Path.is_dir: a name too long to look up is an
    # error for the writer to report, not a traceback here.
    if text.endswith(("/", os.sep)) or os.path.isdir(text) or not suffix:
        return "png"
    raise ExportError(f"{shown_path(text)}: unknown kind of clip '{suffix}'; use .mp4, .gif, "
                      "or a folder name ending in / for PNG frames")


def even_size(size: tuple[int, int]) -> tuple[int, int]:
    """The size rounded up to even numbers, as yuv420p needs."""
    width, height = size
    return width + width % 2, height + height % 2
