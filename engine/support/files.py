"""Writing files whole or not at all (L0): every file Downhill writes goes
to a hidden temporary file beside its target and is renamed into place only
once complete, so a failure or an interruption leaves nothing half-written."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
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
    with interrupts_deferred():
        os.chmod(temporary, usual_mode(0o666))
        os.replace(temporary, path)


_deferring = False


@contextlib.contextmanager
def interrupts_deferred():
    """Hold back Ctrl+C (SIGINT) for the few lines of a block that must
    not be cut in two, such as moving a finished file into place; an
    interrupt that came meanwhile is raised as KeyboardInterrupt when the
    block ends. Off the main thread, where signals cannot be caught, the
    block just runs."""
    import signal
    import threading
    global _deferring
    if _deferring or threading.current_thread() is not threading.main_thread():
        yield  # nested: the outer block holds the interrupt until it ends
        return
    caught = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: caught.append(number))
    _deferring = True
    try:
        yield
    finally:
        _deferring = False
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


@contextlib.contextmanager
def interrupts_blocked():
    """Block Ctrl+C (SIGINT) in the operating system for a block of OpenGL
    driver work: compiling shaders, drawing a frame. Mesa's
    software rasterizer did not survive a signal in the middle of compiling
    (a segmentation fault instead of exit 130, about one Ctrl+C in thirty
    during ``record``'s start). A Ctrl+C that came meanwhile is delivered
    when the block ends, and Python raises KeyboardInterrupt there as
    usual. (Mesa starts its own threads with every signal blocked, so a
    Ctrl+C always comes to the main thread.) Off the main thread, or where
    the platform cannot mask signals, the block just runs."""
    import signal
    import threading
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


_STANDARD_STREAMS = {"/dev/stdout": 1, "/dev/stderr": 2}
_DESCRIPTOR_PATH = re.compile(r"/(?:dev/fd|proc/self/fd)/(\d+)")


def output_target(path) -> tuple[Path | int, bool]:
    """Where writing ``path`` really goes, and whether to write it directly.

    ``/dev/stdout``, ``/dev/stderr`` and ``/dev/fd/N`` are the program's
    own open streams: they come back as the descriptor number, to be
    written through a copy of it, wherever the shell pointed them.

    A symbolic link is followed: the file it points to is replaced, whole,
    and the link stays. A character device or FIFO (``/dev/stdout``,
    ``/dev/null``, a pipe) is written directly, never replaced. A folder,
    socket or block device is refused. Raises OSError with a one-line
    ``strerror`` (a NUL byte, a name too long included)."""
    problem = path_problem(path)
    if problem:
        raise OSError(errno.EINVAL, problem)
    name = os.fspath(path)
    match = _DESCRIPTOR_PATH.fullmatch(name)
    if name in _STANDARD_STREAMS or match:
        return (_STANDARD_STREAMS[name] if name in _STANDARD_STREAMS else int(match[1])), True
    target = Path(os.path.realpath(path))
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return target, False
    if stat.S_ISREG(info.st_mode):
        return target, False
    if stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode):
        return target, True
    if stat.S_ISDIR(info.st_mode):
        raise OSError(errno.EISDIR, "is a folder")
    raise OSError(errno.EINVAL, "is not a regular file, a character device or a FIFO")


@contextlib.contextmanager
def atomic_file(path, mode: str = "wb", **open_options):
    """Open a temporary file for writing ``path``; on leaving the block it
    replaces ``path``, or, on any exception, is removed and the error raised.
    A device or FIFO at ``path`` is written directly (see ``output_target``)."""
    target, direct = output_target(path)
    if direct:
        opened = os.dup(target) if isinstance(target, int) else target
        with open(opened, mode.replace("x", "w"), **open_options) as stream:
            yield stream
        return
    temporary = temporary_beside(target)
    try:
        with open(temporary, mode, **open_options) as stream:
            yield stream
        publish(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


# -- reading the user's own files -------------------------------------------------

#: Scene and settings files are a few kilobytes; anything bigger is not one.
MAX_SETTINGS_BYTES = 1 << 20
#: Whole numbers in a scene or settings file stay within 64 bits.
MAX_TOML_INTEGER = 2**64


class UserFileError(ValueError):
    """A file the user named cannot be read as asked; str() is one line
    without the path (the caller names the file)."""


def path_problem(path) -> str | None:
    """Why the operating system cannot even look ``path`` up (a NUL byte,
    a name too long), or None."""
    try:
        os.stat(path)
    except ValueError:
        return "the path contains a NUL byte"
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            return "the path is too long"
    return None


def read_small_text(path, limit: int = MAX_SETTINGS_BYTES) -> str:
    """A small UTF-8 file's text. Refuses, without opening it, anything that
    is not a regular file (a FIFO would block the reader for ever, a device
    never ends)."""
    problem = path_problem(path)
    if problem:
        raise UserFileError(problem)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise UserFileError("no such file") from None
    except OSError as exc:
        raise UserFileError(f"cannot read the file ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise UserFileError("is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise UserFileError("is not a regular file (a device, FIFO or socket)")
    if info.st_size > limit:
        raise UserFileError(f"is {info.st_size:,d} bytes; at most {limit:,d} are read")
    try:
        with open(path, "rb") as stream:
            data = stream.read(limit + 1)
    except OSError as exc:
        raise UserFileError(f"cannot read the file ({exc.strerror})") from None
    if len(data) > limit:
        raise UserFileError(f"is larger than {limit:,d} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise UserFileError("cannot read the file (not UTF-8 text)") from None


def parse_toml(text: str) -> dict:
    """tomllib.loads with every failure as one UserFileError: syntax errors,
    nesting too deep for the parser, integers too long to convert or beyond
    64 bits."""
    import tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UserFileError(f"not valid TOML: {exc}") from None
    except RecursionError:
        raise UserFileError("not valid TOML: nested too deeply") from None
    except (ValueError, OverflowError, MemoryError):
        raise UserFileError("not valid TOML: a number is too long") from None
    pending = [(data, 0)]
    while pending:  # iterative: a deep file must not exhaust the stack here either
        node, depth = pending.pop()
        if depth > 64:
            raise UserFileError("nested more than 64 levels deep")
        values = node.values() if isinstance(node, dict) else node
        for value in values:
            if isinstance(value, (dict, list)):
                pending.append((value, depth + 1))
            elif isinstance(value, int) and not isinstance(value, bool) and abs(value) >= MAX_TOML_INTEGER:
                raise UserFileError("a whole number is larger than 64 bits")
    return data


def read_toml(path) -> dict:
    """A small TOML file (scene, settings) as a dict; UserFileError otherwise."""
    return parse_toml(read_small_text(path))
