"""Cut a 2-D draw list into few, cheap GPU batches (pure numpy, no GL).

Two things make the overlay fast on a software rasteriser (Mesa llvmpipe runs
both sides of every branch, so a fragment pays for all the code in its
shader):

* Each shape is split so that only thin bands along its outline run the
  distance-field shader; the flat inside of a panel or a button is drawn by a
  shader that just writes a colour.
* Pieces are gathered into one instanced draw per program where that cannot
  change the picture (see ``batch``).

A run is ``(program, payload)``: for "flat", "box", "panel" and "icon" the
payload is an (n, 20) float32 array of instance rows; for "text" it is a list
of Text items, for "lines" a list of Polyline items.
"""

from __future__ import annotations

import numpy as np

from engine.ui.widgets.drawlist import ICONS, Circle, Icon, Polyline, RoundRect, Text
from engine.ui.widgets.controls import Rect

ROW_FLOATS = 20  # quad xywh, shape xywh, rgba, (radius, blur, stroke, icon), (shadow, blur, drop, edge)
EDGE_BAND = 2.0  # px inside the outline that need anti-aliasing and the edge line
MIN_FLAT_AREA = 1024.0
_ICON_IDS = {name: i for i, name in enumerate(ICONS)}


def over(top, below) -> tuple[float, float, float, float]:
    """Straight-alpha compositing of two colours."""
    a = top[3] + below[3] * (1.0 - top[3])
    if a <= 0:
        return (0.0, 0.0, 0.0, 0.0)
    rgb = [(top[i] * top[3] + below[i] * below[3] * (1.0 - top[3])) / a for i in range(3)]
    return (*rgb, a)


def _row(quad, shape: Rect, colour, params, shadow) -> tuple:
    return (quad.x, quad.y, quad.w, quad.h, shape.x, shape.y, shape.w, shape.h,
            *colour, *params, *shadow)


def _box_pieces(item) -> list[tuple[str, Rect, tuple]]:
    """(program, covered quad, row) pieces for a RoundRect or Circle."""
    if isinstance(item, Circle):
        rect, radius = item.rect, item.r
    else:
        rect, radius = item.rect, item.radius
    if rect.w <= 0 or rect.h <= 0 or item.colour[3] <= 0 and item.shadow <= 0:
        return []
    radius = max(0.0, min(radius, rect.w / 2, rect.h / 2))
    reach = item.shadow_blur + item.shadow_drop if item.shadow > 0 else 0.0
    pad = max(item.blur, reach) + 1.5
    program = "panel" if item.shadow > 0 else "box"
    params = (radius, item.blur, item.stroke, 0.0)
    shadow = (item.shadow, item.shadow_blur, item.shadow_drop, item.edge)
    outer = Rect(rect.x - pad, rect.y - pad, rect.w + 2 * pad, rect.h + 2 * pad)

    def sdf(quad: Rect):
        return (program, quad, _row(quad, rect, item.colour, params, shadow))

    t, c = EDGE_BAND, radius + EDGE_BAND
    x, y, r_, top, w, h = rect.x, rect.y, rect.right, rect.top, rect.w, rect.h
    if item.blur > 0 or item.stroke > 0 or w <= 2 * c or h <= 2 * t:
        return [sdf(outer)]
    # Bands: everything outside the rect inset by t (outline, edge line, AA).
    bands = [Rect(outer.x, outer.y, outer.w, y + t - outer.y),
             Rect(outer.x, top - t, outer.w, outer.top - (top - t)),
             Rect(outer.x, y + t, x + t - outer.x, h - 2 * t),
             Rect(r_ - t, y + t, outer.right - (r_ - t), h - 2 * t)]
    if h > 2 * c:
        # Tall enough for straight sides: a cross of flat pieces, the four
        # rounded corners in distance-field squares.
        flats = [Rect(x + t, y + c, w - 2 * t, h - 2 * c)]
        if radius > 0:
            flats += [Rect(x + c, y + t, w - 2 * c, radius), Rect(x + c, top - c, w - 2 * c, radius)]
            bands += [Rect(x + t, y + t, radius, radius), Rect(r_ - c, y + t, radius, radius),
                      Rect(x + t, top - c, radius, radius), Rect(r_ - c, top - c, radius, radius)]
    else:
        # A pill: flat between its two round ends.
        flats = [Rect(x + c, y + t, w - 2 * c, h - 2 * t)]
        bands += [Rect(x + t, y + t, radius, h - 2 * t), Rect(r_ - c, y + t, radius, h - 2 * t)]
    if sum(q.w * q.h for q in flats) < MIN_FLAT_AREA:
        return [sdf(outer)]
    # Inside, the panel's own shadow lies fully under the fill.
    inner = over(item.colour, (0.0, 0.0, 0.0, item.shadow)) if item.shadow > 0 else item.colour
    pieces = [("flat", q, _row(q, rect, inner, params, shadow)) for q in flats]
    return pieces + [sdf(q) for q in bands]


def _pieces(item):
    if isinstance(item, (RoundRect, Circle)):
        return _box_pieces(item)
    if isinstance(item, Icon):
        r = item.rect
        return [("icon", r.inset(-1.0), _row(r.inset(-1.0), r, item.colour,
                                             (0, 0, 0, _ICON_IDS[item.kind]), (0, 0, 0, 0)))]
    raise TypeError(f"not a draw primitive: {item!r}")


_PIECE_CACHE: dict = {}


def _cached_pieces(item):
    # Most of a HUD frame repeats the previous one; primitives are frozen and
    # hashable, so their pieces are worked out once.
    found = _PIECE_CACHE.get(item)
    if found is None:
        if len(_PIECE_CACHE) > 4096:
            _PIECE_CACHE.clear()
        pieces = _pieces(item)
        found = _PIECE_CACHE[item] = (pieces, _bounds(pieces))
    return found


def _bounds(pieces) -> tuple[float, float, float, float] | None:
    if not pieces:
        return None
    return (min(b.x for _, b, _ in pieces), min(b.y for _, b, _ in pieces),
            max(b.right for _, b, _ in pieces), max(b.top for _, b, _ in pieces))


def _disjoint(a, b) -> bool:
    return a is None or b is None or a[0] >= b[2] or b[0] >= a[2] or a[1] >= b[3] or b[1] >= a[3]


_ORDER = ("flat", "box", "panel", "icon")
_SEGMENT_CACHE: dict = {}


def _segment_runs(segment: tuple) -> list[tuple[str, np.ndarray]]:
    """Runs for consecutive shapes (no text in between), cached: a HUD frame
    mostly repeats the last one's shapes while its texts change."""
    found = _SEGMENT_CACHE.get(segment)
    if found is not None:
        return found
    runs: list[tuple[str, list]] = []
    i, n = 0, len(segment)
    while i < n:
        group, bounds = [], []
        while i < n:
            pieces, b = _cached_pieces(segment[i])
            if group and not all(_disjoint(b, other) for other in bounds):
                break
            group.extend(pieces)
            bounds.append(b)
            i += 1
        # Shapes in a group do not overlap, so their pieces may be drawn in
        # any order: by program, starting with the one drawn last.
        first = runs[-1][0] if runs else None
        for program in sorted(_ORDER, key=lambda p: (p != first, _ORDER.index(p))):
            rows = [row for piece_program, _, row in group if piece_program == program]
            if not rows:
                continue
            if runs and runs[-1][0] == program:
                runs[-1][1].extend(rows)
            else:
                runs.append((program, rows))
    found = [(program, np.asarray(rows, dtype="f4").reshape(-1, ROW_FLOATS))
             for program, rows in runs]
    if len(_SEGMENT_CACHE) > 256:
        _SEGMENT_CACHE.clear()
    _SEGMENT_CACHE[segment] = found
    return found


def _run_kind(item) -> str:
    if isinstance(item, Text):
        return "text"
    if isinstance(item, Polyline):
        return "lines"
    return "shapes"


def batch(items) -> list[tuple[object, object]]:
    """[(program, rows or texts), ...] to draw in order.

    Consecutive shapes that do not overlap each other form a group whose
    pieces may be drawn in any order, so they are sorted by program; runs of
    the same program then merge. Consecutive texts form one run (the text
    renderer batches it per atlas page), so text should not overlap text.
    Consecutive polylines form one "lines" run (a list of Polyline items).
    """
    runs: list[tuple[object, list]] = []

    def emit(program, payload):
        if runs and runs[-1][0] == program:
            runs[-1][1].append(payload)
        else:
            runs.append((program, [payload]))

    i, n = 0, len(items)
    while i < n:
        j = i
        kind = _run_kind(items[i])
        while j < n and _run_kind(items[j]) == kind:
            j += 1
        if kind == "text":
            texts = [t for t in items[i:j] if t.text]
            if texts:
                emit("text", texts)
        elif kind == "lines":
            emit("lines", list(items[i:j]))
        else:
            for program, rows in _segment_runs(tuple(items[i:j])):
                emit(program, rows)
        i = j
    out = []
    for program, parts in runs:
        if program in ("text", "lines"):
            out.append((program, [t for part in parts for t in part]))
        else:
            out.append((program, parts[0] if len(parts) == 1 else np.concatenate(parts)))
    return out


SEGMENT_FLOATS = 9  # a xy, b xy, rgba, width


def polyline_segments(lines) -> np.ndarray:
    """(m, 9) float32 instance rows, one per segment of the Polylines: both
    ends, straight rgba and width. Segments touching a NaN point are left
    out, which breaks a line in two."""
    parts = []
    for line in lines:
        pts = line.points
        if len(pts) < 2 or line.colour[3] <= 0 or line.width <= 0:
            continue
        a, b = pts[:-1], pts[1:]
        keep = np.isfinite(a).all(axis=1) & np.isfinite(b).all(axis=1)
        if not keep.any():
            continue
        rows = np.empty((int(keep.sum()), SEGMENT_FLOATS), dtype=np.float32)
        rows[:, 0:2], rows[:, 2:4] = a[keep], b[keep]
        rows[:, 4:8] = line.colour
        rows[:, 8] = line.width
        parts.append(rows)
    if not parts:
        return np.zeros((0, SEGMENT_FLOATS), dtype=np.float32)
    return parts[0] if len(parts) == 1 else np.concatenate(parts)
