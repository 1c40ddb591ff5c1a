"""Writing files whole or not at all (L0): every file Downhill writes goes
through one ``Output``, which checks the path before any work (one line,
``cannot write PATH: PROBLEM``, for every path that cannot be written) and
writes to a hidden temporary file beside the target, renamed into place only
once complete, so a failure or an interruption leaves nothing half-written.
Also reading the user's small files (scenes, settings) with one-line errors."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path


def temporary_beside(path: Path, folder: bool = False) -> Path:
    """A new, empty hidden file (or folder) in ``path``'s folder (raises
    OSError). Its name takes only the start of ``path``'s, so that it fits
    wherever ``path``'s own name fits."""
    prefix = f".{path.name[:40]}."
    if folder:
        return Path(tempfile.mkdtemp(prefix=prefix, suffix=".part", dir=path.parent))
    handle, name = tempfile.mkstemp(prefix=prefix, suffix=".part", dir=path.parent)
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


class OutputError(OSError):
    """An output the user named that cannot be written, found before any
    work or met while writing. ``str()`` is one line,
    ``cannot write PATH: PROBLEM``, with the path shortened to fit."""

    def __init__(self, path, problem: str, code: int = errno.EINVAL) -> None:
        super().__init__(code, problem)
        self.path, self.problem = os.fspath(path), problem

    def __str__(self) -> str:
        return f"cannot write {shown_path(self.path)}: {self.problem}"


def shown_path(path, limit: int = 100) -> str:
    """``path`` for a one-line message: control characters escaped, and a
    long one cut in the middle, so the message still ends in its problem."""
    text = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in os.fspath(path))
    return text if len(text) <= limit else f"{text[: limit // 2 - 2]}...{text[-(limit // 2 - 1):]}"


def check_output(path, *, folder: bool = False, devices: bool = True, parents: bool = False,
                 append: bool = False, what: str = "a file") -> tuple[Path | int, bool]:
    """Check, before any work, that ``path`` can be written, and say where
    writing it goes and whether directly; OutputError names the problem (a
    name the system refuses, a missing folder, a folder where a file should
    be, a read-only file system, no permission).

    ``/dev/stdout``, ``/dev/stderr`` and ``/dev/fd/N`` come back as the
    descriptor number. A symbolic link is followed (the file it points to is
    replaced, the link stays). A character device or FIFO is written
    directly, where ``devices`` allows it. ``folder``: the output is a
    folder (PNG frames); ``parents``: missing folders above it are made;
    ``append``: an existing file is added to (a log), not replaced."""
    problem = path_problem(path)
    if problem:
        raise OutputError(path, problem, errno.ENAMETOOLONG)
    name = os.fspath(path)
    match = _DESCRIPTOR_PATH.fullmatch(name)
    if name in _STANDARD_STREAMS or match:
        if folder or not devices:
            raise OutputError(path, f"is one of the program's own streams; {what} needs a regular file")
        return (_STANDARD_STREAMS[name] if name in _STANDARD_STREAMS else int(match[1])), True
    target = Path(os.path.realpath(path))
    try:
        mode = os.stat(target).st_mode
    except (FileNotFoundError, NotADirectoryError):
        mode = None
    except OSError as exc:
        raise OutputError(path, write_problem(exc), exc.errno or errno.EIO) from None
    if mode is not None:
        if stat.S_ISDIR(mode) != folder:
            raise OutputError(path, f"is a folder, not {what}" if not folder else f"is a file, not {what}")
        if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
            if devices:
                return target, True
            raise OutputError(path, f"is a device or FIFO; {what} needs a regular file")
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            raise OutputError(path, "is not a regular file, a character device or a FIFO")
    place = target.parent if os.path.islink(name) else Path(name).parent  # as the user named it
    if not target.parent.is_dir():
        if parents and not target.parent.exists():
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise OutputError(path, f"cannot make folder {shown_path(place)} "
                                        f"({write_problem(exc)})", exc.errno or errno.EIO) from None
        else:
            what_is_wrong = "is not a folder" if target.parent.exists() else "does not exist"
            raise OutputError(path, f"folder {shown_path(place)} {what_is_wrong}", errno.ENOENT)
    unwritable = [p for p in ([target] if append and mode is not None else []) + [target.parent]
                  if not os.access(p, os.W_OK | (os.X_OK if p.is_dir() else 0))]
    if unwritable:
        raise OutputError(path, _no_write(unwritable[0], place), errno.EACCES)
    return target, False


def _no_write(where: Path, shown: Path) -> str:
    with contextlib.suppress(OSError, AttributeError):  # no statvfs on Windows
        if os.statvfs(where).f_flag & os.ST_RDONLY:
            return "the file system is read-only"
    return f"no permission to write in folder {shown_path(shown)}" if where.is_dir() else \
        "no permission to write the file"


def write_problem(exc: OSError) -> str:
    """An OSError met on the way to an output, as the words that end its line."""
    reasons = {errno.ENOSPC: "the disk is full (No space left on device)",
               errno.EROFS: "the file system is read-only",
               getattr(errno, "EDQUOT", -1): "the disk quota is used up"}
    if exc.errno in reasons:
        return reasons[exc.errno]
    return exc.strerror or (os.strerror(exc.errno) if exc.errno else None) or str(exc)


class Output:
    """One output, from its check to the finished file (or folder of files)
    in place: every file Downhill writes goes through one.

        output = Output(path)             # checked, its temporary made: OutputError now
        with output.open("w") as stream:
            ...
        output.publish()                  # or output.discard(): the path stays as it was

    ``check`` is ``check_output``'s options. A device or FIFO is written
    directly; anything else to a hidden temporary file (or folder) beside
    the target, renamed into place only once complete."""

    def __init__(self, path, **check) -> None:
        self.path = path
        self.folder = bool(check.get("folder"))
        target, self.direct = check_output(path, **check)
        #: The program's own stream (/dev/stdout, /dev/fd/N), if that is the output.
        self.descriptor = target if isinstance(target, int) else None
        self.target = target if isinstance(target, Path) else Path(os.fspath(path))
        self.temporary: Path | None = None
        #: True once the whole output is in place at the target.
        self.published = False
        if not self.direct:
            try:
                self.temporary = temporary_beside(self.target, folder=self.folder)
            except OSError as exc:
                raise self.failed(exc) from None

    def open(self, mode: str = "wb", **open_options):
        if self.temporary is None:  # a device, FIFO or stream, written directly
            target = self.target if self.descriptor is None else os.dup(self.descriptor)
            return open(target, mode.replace("x", "w"), **open_options)
        return open(self.temporary, mode, **open_options)

    @property
    def where(self) -> Path:
        """Where the writing goes: the temporary, or the device or FIFO itself."""
        return self.temporary if self.temporary is not None else self.target

    def publish(self) -> None:
        """Move the finished output into place; Ctrl+C never cuts the move in two."""
        with interrupts_deferred():
            if self.temporary is not None:
                (_publish_folder if self.folder else publish)(self.temporary, self.target)
            self.published = True

    def discard(self) -> None:
        if self.published or self.temporary is None:
            return
        if self.folder:
            shutil.rmtree(self.temporary, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                os.unlink(self.temporary)

    def failed(self, exc: OSError) -> OutputError:
        """``exc``, met while writing, as the one line that says so."""
        if isinstance(exc, OutputError):
            return exc
        return OutputError(self.path, write_problem(exc), exc.errno or errno.EIO)


def _publish_folder(temporary: Path, target: Path) -> None:
    """Put a finished folder of files in place of ``target``, moving an
    earlier one aside first (a rename cannot replace a folder that is not
    empty) and back if the move fails."""
    os.chmod(temporary, usual_mode(0o777))
    for item in temporary.iterdir():
        os.chmod(item, usual_mode(0o666))
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=".old.", suffix=".part", dir=target.parent))
        os.rmdir(old)
        os.rename(target, old)
    try:
        os.rename(temporary, target)
    except BaseException:
        if old is not None:
            os.rename(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def atomic_file(path, mode: str = "wb", **options):
    """Open ``path`` for writing through an ``Output`` (``options`` beyond
    ``open``'s are its checks): on leaving the block the file is in place;
    on any exception nothing is, and an OSError comes out as OutputError."""
    output = Output(path, **{k: options.pop(k) for k in ("parents", "what") if k in options})
    try:
        with output.open(mode, **options) as stream:
            yield stream
        output.publish()
    except OSError as exc:
        output.discard()
        raise output.failed(exc) from None
    except BaseException:
        output.discard()
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
            return _too_long(Path(path))
    return None


def _too_long(path: Path) -> str:
    limit = 255
    with contextlib.suppress(OSError, ValueError, AttributeError):  # no pathconf on Windows
        limit = os.pathconf(next((p for p in path.parents if os.path.isdir(p)), "."), "PC_NAME_MAX")
    sizes = [len(os.fsencode(part)) for part in path.parts]
    if sizes and sizes[-1] > limit:
        return f"the name is too long (the system allows {limit} bytes)"
    if any(size > limit for size in sizes):
        return f"a folder's name in it is too long (the system allows {limit} bytes)"
    return "the path is too long"


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
