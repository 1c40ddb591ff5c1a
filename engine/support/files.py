"""Writing files whole or not at all (L0): every file Downhill writes goes
to a hidden temporary file beside its target and is renamed into place only
once complete, so a failure or an interruption leaves nothing half-written."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def temporary_beside(path: Path) -> Path:
    """A new, empty hidden file in ``path``'s folder (raises OSError)."""
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(handle)
    return Path(name)


def usual_mode(mode: int) -> int:
    """``mode`` less the process's umask: what a plain open() would give."""
    umask = os.umask(0)
    os.umask(umask)
    return mode & ~umask


def publish(temporary: Path, path: Path) -> None:
    """Move a finished temporary file into place with the usual permissions
    (mkstemp makes files private)."""
    os.chmod(temporary, usual_mode(0o666))
    os.replace(temporary, path)


@contextlib.contextmanager
def atomic_file(path, mode: str = "wb", **open_options):
    """Open a temporary file for writing ``path``; on leaving the block it
    replaces ``path``, or, on any exception, is removed and the error raised."""
    path = Path(path)
    temporary = temporary_beside(path)
    try:
        with open(temporary, mode, **open_options) as stream:
            yield stream
        publish(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
