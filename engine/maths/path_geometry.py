"""Descent paths as line-segment instances (L0/L1, no GL).

A segment instance is 8 float32: start xyz, start arc length, end xyz, end
arc length. Arc length is measured in world units along the drawn path, so
dashes keep the same length wherever the path goes.

Paths can hold 100k points, most of them crowded near a minimum. ``PathTrace``
keeps only points at least ``min_step`` apart (about a pixel or two), drapes
long jumps over the surface so they never cut through a hill, and consumes a
growing path incrementally: each frame only the new points are turned into
segments, so the GPU buffer can be appended to instead of rewritten.
"""

from __future__ import annotations

import numpy as np

from engine.maths.geometry import WorldMapping

SEGMENT_FLOATS = 8
PATH_LIFT = 0.008


def path_segments(mapping: WorldMapping, points, s_start: float = 0.0,
                  max_step: float | None = 0.02, lift: float = PATH_LIFT) -> tuple[np.ndarray, float]:
    """Segments (m, 8) float32 through landscape ``points`` (k, 2), with arc
    length starting at ``s_start``; also the final arc length. With
    ``max_step`` long segments are split so the path drapes over the
    surface; without, each step is one straight chord."""
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    if len(pts) < 2:
        return np.empty((0, SEGMENT_FLOATS), np.float32), s_start
    if max_step is not None:
        pts = _subdivide(mapping, pts, max_step)
    points, normals = mapping.surface_frame(pts[:, 0], pts[:, 1])
    world = np.nan_to_num(points + lift * normals)
    step = np.sqrt((np.diff(world, axis=0) ** 2).sum(axis=1))
    s = s_start + np.concatenate([[0.0], np.cumsum(step)])
    out = np.empty((len(world) - 1, SEGMENT_FLOATS), np.float32)
    out[:, 0:3], out[:, 3] = world[:-1], s[:-1]
    out[:, 4:7], out[:, 7] = world[1:], s[1:]
    return out, float(s[-1])


def _subdivide(mapping: WorldMapping, pts: np.ndarray, max_step: float) -> np.ndarray:
    """Insert points so no segment spans more than ``max_step`` world units
    horizontally; the inserted points then follow the surface."""
    span = np.hypot(*np.diff(pts, axis=0).T) / mapping.half_extent
    pieces = np.maximum(1, np.ceil(span / max_step).astype(np.int64))
    if np.all(pieces == 1):
        return pts
    pieces = np.minimum(pieces, 512)
    starts = np.repeat(pts[:-1], pieces, axis=0)
    deltas = np.repeat(np.diff(pts, axis=0) / pieces[:, None], pieces, axis=0)
    offsets = np.arange(pieces.sum()) - np.repeat(np.cumsum(pieces) - pieces, pieces)
    return np.vstack([starts + offsets[:, None] * deltas, pts[-1:]])


def decimate(points, min_step: float, anchor=None) -> np.ndarray:
    """Indices of the points to keep so that each kept point is at least
    ``min_step`` (landscape units) from the one kept before it, starting
    from ``anchor`` (the last point kept earlier) or, without one, from the
    first point, which is then kept.

    Measuring from the last kept point, not along the path, collapses the
    jitter of a noisy descent around a slowly moving mean. Runs of long steps
    are taken whole and short steps are searched in growing windows, so a
    path of 100k points costs milliseconds in the usual cases.
    """
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    n = len(pts)
    if n == 0:
        return np.empty(0, np.int64)
    limit2 = min_step * min_step
    if anchor is None:
        kept, last, i = [np.arange(1)], pts[0], 1
    else:
        kept, last, i = [], np.asarray(anchor, dtype=np.float64), 0
    predecessor = np.vstack([last[None, :], pts[:-1]]) if anchor is not None else np.vstack([pts[:1], pts[:-1]])
    long_step = ((pts - predecessor) ** 2).sum(axis=1) >= limit2
    short_at = np.flatnonzero(~long_step)
    previous_kept = True          # is the last kept point pts[i - 1]?
    window = 32
    while i < n:
        if previous_kept and long_step[i]:
            k = np.searchsorted(short_at, i)
            stop = int(short_at[k]) if k < len(short_at) else n
            kept.append(np.arange(i, stop))
            last, i = pts[stop - 1], stop
            continue
        end = min(n, i + window)
        far = np.flatnonzero(((pts[i:end] - last) ** 2).sum(axis=1) >= limit2)
        if far.size == 0:
            i, window, previous_kept = end, min(2 * window, 1 << 16), False
            continue
        j = i + int(far[0])
        kept.append(np.arange(j, j + 1))
        last, i, window, previous_kept = pts[j], j + 1, 32, True
    return np.concatenate(kept).astype(np.int64) if kept else np.empty(0, np.int64)


class PathTrace:
    """Incremental segments of one ball's path, plus a live tail to the ball.

    ``segments`` only grows until the path stops continuing the one seen
    before (a new run); then everything restarts and ``generation`` counts
    up, telling the uploader to rewrite its buffer. ``tail`` is rebuilt on
    every update and joins the last kept point to the ball's drawn position.

    On a 2-D landscape the path drapes over the surface. A 1-D curve is
    seen from the side, where the classic picture is a straight chord per
    step, showing each jump across the valley.
    """

    def __init__(self, mapping: WorldMapping, min_step_world: float = 0.004,
                 max_step_world: float = 0.02, max_segments: int = 3000) -> None:
        self.mapping = mapping
        self.min_step = min_step_world * mapping.half_extent
        self.max_segments = max_segments
        self.max_step = max_step_world if mapping.surface.dims == 2 else None
        self.generation = 0
        self._clear()

    def _clear(self) -> None:
        self._buffer = np.empty((256, SEGMENT_FLOATS), np.float32)
        self.count = 0
        self._kept = np.empty((256, 2), np.float64)   # landscape points kept so far
        self._kept_count = 0
        self._consumed = 0
        self._first = None
        self._seen_last = None     # last path point consumed
        self._last_kept = None
        self._s = 0.0              # world arc length at the last kept point
        self._left_landscape = False
        self.tail = np.empty((0, SEGMENT_FLOATS), np.float32)
        self._last_call = None

    @property
    def segments(self) -> np.ndarray:
        return self._buffer[: self.count]

    def _continues(self, path: np.ndarray) -> bool:
        if self._first is None:
            return True
        return (len(path) >= self._consumed
                and np.array_equal(path[0], self._first)
                and np.array_equal(path[self._consumed - 1], self._seen_last))

    def update(self, path, head) -> None:
        """Follow ``path`` (k, 2) and end the tail at ``head`` (x, y)."""
        path = np.asarray(path, dtype=np.float64).reshape(-1, 2)
        head = (float(head[0]), float(head[1]))
        if (len(path), head) == self._last_call and len(path) and self._continues(path):
            return
        self._last_call = (len(path), head)
        if not self._continues(path):
            self._clear()
            self.generation += 1
        if len(path) == 0:
            self.tail = np.empty((0, SEGMENT_FLOATS), np.float32)
            return
        if self._first is None:
            self._first = path[0].copy()
        fresh = path[self._consumed:]
        if self._left_landscape:
            fresh = fresh[:0]
        else:
            # A diverging ball leaves the landscape; its trail stops at the edge.
            outside = ~(np.isfinite(fresh).all(axis=1) & self.mapping.surface.contains(fresh[:, 0], fresh[:, 1]))
            if outside.any():
                fresh = fresh[: int(np.argmax(outside))]
                self._left_landscape = True
        if len(fresh):
            chain = fresh[decimate(fresh, self.min_step, self._last_kept)]
            if self._last_kept is not None:
                chain = np.vstack([self._last_kept[None, :], chain])
            if len(chain) >= 2:
                segs, self._s = path_segments(self.mapping, chain, self._s, self.max_step)
                self._append(segs)
            self._keep(chain if self._last_kept is None else chain[1:])
            self._last_kept = chain[-1].copy()
        self._consumed = len(path)
        self._seen_last = path[-1].copy()
        if self.count > self.max_segments:
            self._coarsen()
        if self._last_kept is None:
            self.tail = np.empty((0, SEGMENT_FLOATS), np.float32)
            return
        head_inside = bool(np.isfinite(head).all() and self.mapping.surface.contains(*head))
        if self._left_landscape or not head_inside or head == (self._last_kept[0], self._last_kept[1]):
            self.tail = np.empty((0, SEGMENT_FLOATS), np.float32)
        else:
            self.tail, _ = path_segments(self.mapping, [self._last_kept, head], self._s, self.max_step)

    def _coarsen(self) -> None:
        """Past ``max_segments`` (a path scribbling in place for a long
        time) keep points twice as far apart, thinning the points already
        kept rather than the whole path, and start the buffer again."""
        while self.count > self.max_segments:
            self.min_step *= 2.0
            kept = self._kept[: self._kept_count].copy()
            kept = kept[decimate(kept, self.min_step)]
            self.generation += 1
            self._buffer = np.empty((256, SEGMENT_FLOATS), np.float32)
            self.count, self._kept_count, self._s = 0, 0, 0.0
            segs, self._s = path_segments(self.mapping, kept, 0.0, self.max_step)
            self._append(segs)
            self._keep(kept)
            self._last_kept = kept[-1].copy()

    def _keep(self, points: np.ndarray) -> None:
        need = self._kept_count + len(points)
        if need > len(self._kept):
            grown = np.empty((max(need, 2 * len(self._kept)), 2), np.float64)
            grown[: self._kept_count] = self._kept[: self._kept_count]
            self._kept = grown
        self._kept[self._kept_count:need] = points
        self._kept_count = need

    def _append(self, segs: np.ndarray) -> None:
        need = self.count + len(segs)
        if need > len(self._buffer):
            grown = np.empty((max(need, 2 * len(self._buffer)), SEGMENT_FLOATS), np.float32)
            grown[: self.count] = self._buffer[: self.count]
            self._buffer = grown
        self._buffer[self.count:need] = segs
        self.count = need
