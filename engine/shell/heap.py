"""Keep a long-running process's memory from creeping up (L3).

Frames, renderbuffers and numpy arrays of a megabyte or more are allocated
and freed again and again (every resize, screenshot and scene change).
glibc's malloc raises its mmap threshold each time such a block is freed,
so later blocks of that size come from the heap instead, where freed space
is fragmented and seldom returned to the system: in a soak of random use
that alone grew the process by hundreds of megabytes. Fixing the threshold
at 1 MiB keeps big blocks in their own mappings, given back when freed.
Blocks under the threshold (a basin map's per-ball arrays, the driver's
own buffers) still leave free holes inside the heap as they come and go;
``give_back_free_memory``, run every TRIM_SECONDS by the window (and by the
soak, which stands in for it), hands the whole free pages among them back.
Elsewhere (macOS, Windows, musl) this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
BIG_BLOCK = 1 << 20
#: How often a long-running process hands free heap pages back.
TRIM_SECONDS = 30.0

_libc = None


def _glibc():
    """The C library's handle where it is glibc on Linux, else None."""
    global _libc
    if _libc is None:
        _libc = False
        if sys.platform.startswith("linux"):
            try:
                libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
                libc.mallopt.argtypes, libc.mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
                libc.malloc_trim.argtypes, libc.malloc_trim.restype = (ctypes.c_size_t,), ctypes.c_int
                _libc = libc
            except (OSError, AttributeError):
                pass
    return _libc or None


def bound_heap_growth() -> bool:
    """Fix glibc's mmap and trim thresholds; True if it applied."""
    libc = _glibc()
    if libc is None:
        return False
    return bool(libc.mallopt(M_MMAP_THRESHOLD, BIG_BLOCK)) and bool(libc.mallopt(M_TRIM_THRESHOLD, 2 * BIG_BLOCK))


def give_back_free_memory(_dt: float = 0.0) -> bool:
    """Hand the heap's free pages back to the system (glibc's malloc_trim,
    which also releases free pages in the middle of the heap); True if any
    were. Takes a few milliseconds; ``_dt`` lets a clock schedule it."""
    libc = _glibc()
    return bool(libc.malloc_trim(0)) if libc is not None else False

