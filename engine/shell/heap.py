"""Keep a long-running process's memory from creeping up (L3).

Frames, renderbuffers and numpy arrays of a megabyte or more are allocated
and freed again and again (every resize, screenshot and scene change).
glibc's malloc raises its mmap threshold each time such a block is freed,
so later blocks of that size come from the heap instead, where freed space
is fragmented and seldom returned to the system: in a soak of random use
that alone grew the process by hundreds of megabytes. Fixing the threshold
at 1 MiB keeps big blocks in their own mappings, given back when freed.
Elsewhere (macOS, Windows, musl) this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
BIG_BLOCK = 1 << 20


def bound_heap_growth() -> bool:
    """Fix glibc's mmap and trim thresholds; True if it applied."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, BIG_BLOCK)) and bool(mallopt(M_TRIM_THRESHOLD, 2 * BIG_BLOCK))

