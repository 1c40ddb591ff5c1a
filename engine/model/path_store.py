"""Every ball's path as one growing array of rows (L1).

Row k holds every ball's position after the k-th recorded step, shape
(rows, 2, n): one copy per step however many balls there are. A ball's path
is the run of rows from the one it (re)started on. Paths longer than the cap
are thinned (every other old point dropped), so a kiosk running all day keeps
a bounded, drawable path.
"""

from __future__ import annotations

import numpy as np


class PathStore:
    def __init__(self, n: int, max_points: int) -> None:
        self.n = n
        self.max_points = max_points
        self._rows = 0
        self._buf = np.zeros((0, 2, n))
        self._from = np.zeros(n, dtype=np.int64)
        self._len = np.zeros(n, dtype=np.int64)

    def path(self, i: int) -> np.ndarray:
        """Ball i's positions from its start to now, shape (k, 2)."""
        a = self._from[i]
        return self._buf[a:a + self._len[i], :, i]

    def restart(self, mask: np.ndarray, pos: np.ndarray, start: np.ndarray) -> None:
        """The balls in ``mask`` begin a new path at ``start``."""
        if self._rows == 0:
            self._append_row(pos)
        row = self._rows - 1
        self._buf[row][:, mask] = start[:, mask]
        self._from[mask] = row
        self._len[mask] = 1

    def append(self, pos: np.ndarray, moved) -> None:
        """Record ``pos``; the balls that ``moved`` (None: all; a mask; or a
        list of indices) gain a point."""
        self._append_row(pos)
        lengths = self._len
        if moved is None:
            lengths += 1
        elif isinstance(moved, list):
            for i in moved:
                lengths[i] = lengths.item(i) + 1
        else:
            lengths += moved

    def _append_row(self, pos: np.ndarray) -> None:
        if self._rows == len(self._buf):
            self._grow()
        self._buf[self._rows] = pos
        self._rows += 1

    def _grow(self) -> None:
        keep_from = int(self._from.min()) if self._rows else 0
        live = self._rows - keep_from
        if live >= self.max_points:
            self._thin()
            return
        capacity = min(max(256, 2 * live), self.max_points + 1)
        buf = np.zeros((capacity, 2, self.n))
        buf[:live] = self._buf[keep_from:self._rows]
        self._buf = buf
        self._rows = live
        self._from -= keep_from

    def _thin(self) -> None:
        """Drop every other old point so very long runs stay bounded."""
        keep_from = int(self._from.min())
        rows = self._buf[keep_from:self._rows]
        last = rows[-1:]
        thinned = np.concatenate([rows[:-1:2], last])
        self._buf[: len(thinned)] = thinned
        self._rows = len(thinned)
        # Each ball's path start moves to its thinned row, lengths shrink alike.
        start = (self._from - keep_from + 1) // 2
        end = (self._from - keep_from + self._len - 1 + 1) // 2
        self._from = np.minimum(start, self._rows - 1)
        self._len = np.clip(end - start + 1, 1, self._rows - self._from)
