"""The minimap (L1, numpy only): a top-down contour view of the landscape
with every ball's path, the balls, the starts and the minima.

Landscape x runs to the right and y up, as the 3-D view's default camera
shows it from its front edge. The picture of the ground is an RGBA8 array
computed once per landscape (or basin map); what moves is a list of 2-D
primitives in window pixels (``drawlist.Polyline``), drawn over it. A 1-D
landscape is shown from the side instead: its curve, x to the right and
the drawn height up.
"""

from __future__ import annotations

import numpy as np

from engine.maths.geometry import WorldMapping
from engine.ui.frame.basin_palette import basin_rgb
from engine.ui.widgets.drawlist import Polyline
from engine.ui.widgets.controls import Rect

LOW_RED, HIGH_RED = np.array([0.16, 0.015, 0.02]), np.array([0.98, 0.36, 0.22])
CONTOURS = 14
GLOBAL_MARK = (1.0, 1.0, 1.0, 1.0)
LOCAL_MARK = (0.7, 0.7, 0.74, 1.0)
DARK = (0.03, 0.02, 0.03, 0.9)


def ground_texture(mapping: WorldMapping, n: int = 192, basin=None) -> np.ndarray:
    """(n, n, 4) uint8, row 0 at landscape y = low (GL's first row is the
    bottom). Reds by drawn height with contour lines; with a BasinMap, the
    basin palette shaded lightly by height, contours kept faint."""
    surface = mapping.surface
    lo, hi = surface.domain
    centres = lo + (hi - lo) * (np.arange(n) + 0.5) / n
    if surface.dims == 1:
        return _side_texture(mapping, n)
    x, y = np.meshgrid(centres, centres)
    h = np.nan_to_num(mapping.height_fraction(x, y))
    # Contour lines where the height band changes between neighbours.
    band = np.floor(h * CONTOURS)
    edge = np.zeros_like(h, dtype=bool)
    edge[:, 1:] |= band[:, 1:] != band[:, :-1]
    edge[1:, :] |= band[1:, :] != band[:-1, :]
    if basin is None:
        t = h[..., None] ** 0.8
        rgb = LOW_RED * (1 - t) + HIGH_RED * t
        rgb = np.where(edge[..., None], rgb * 0.55, rgb)
    else:
        i = np.clip(np.searchsorted(basin.xs, centres) - 1, 0, len(basin.xs) - 1)
        i = np.where(np.abs(basin.xs[np.minimum(i + 1, len(basin.xs) - 1)] - centres)
                     < np.abs(basin.xs[i] - centres), np.minimum(i + 1, len(basin.xs) - 1), i)
        j = np.clip(np.searchsorted(basin.ys, centres) - 1, 0, len(basin.ys) - 1)
        j = np.where(np.abs(basin.ys[np.minimum(j + 1, len(basin.ys) - 1)] - centres)
                     < np.abs(basin.ys[j] - centres), np.minimum(j + 1, len(basin.ys) - 1), j)
        labels = basin.labels[np.ix_(j, i)]
        rgb = basin_rgb(labels, surface.minima) * (0.72 + 0.28 * h[..., None])
        rgb = np.where(edge[..., None], rgb * 0.8, rgb)
    alpha = np.ones(h.shape + (1,))
    return (np.clip(np.concatenate([rgb, alpha], axis=-1), 0, 1) * 255 + 0.5).astype(np.uint8)


def _side_texture(mapping: WorldMapping, n: int) -> np.ndarray:
    """A dark card with the area under the curve faintly red."""
    lo, hi = mapping.surface.domain
    x = lo + (hi - lo) * (np.arange(n) + 0.5) / n
    h = np.nan_to_num(mapping.height_fraction(x, np.zeros_like(x)))
    rows = (np.arange(n) + 0.5)[:, None] / n
    under = rows < h[None, :]
    rgb = np.where(under[..., None], LOW_RED * 1.6, np.array([0.06, 0.05, 0.07]))
    out = np.concatenate([rgb, np.ones((n, n, 1))], axis=-1)
    return (out * 255 + 0.5).astype(np.uint8)


def map_points(mapping: WorldMapping, rect: Rect, x, y) -> np.ndarray:
    """Landscape points to window pixels (k, 2) inside ``rect``."""
    surface = mapping.surface
    lo, hi = surface.domain
    x = np.asarray(x, dtype=np.float64)
    u = (x - lo) / (hi - lo)
    if surface.dims == 1:
        v = np.nan_to_num(mapping.height_fraction(x, np.zeros_like(x)))
    else:
        v = (np.asarray(y, dtype=np.float64) - lo) / (hi - lo)
    return np.stack([rect.x + u * rect.w, rect.y + v * rect.h], axis=-1)


def _dot(p, radius: float, colour) -> Polyline:
    # A zero-length capsule is a disc.
    return Polyline(np.array([p, p]), colour, width=2.0 * radius)


def overlay_lines(mapping: WorldMapping, rect: Rect, balls, scale: float = 1.0,
                  show_local_minima: bool = True) -> list[Polyline]:
    """The minimap's moving layer in painter's order: the 1-D curve, paths,
    minima, starts, balls. Points outside the map are dropped."""
    surface = mapping.surface
    lo, hi = surface.domain
    out: list[Polyline] = []
    if surface.dims == 1:
        xs = np.linspace(lo, hi, 128)
        out.append(Polyline(map_points(mapping, rect, xs, 0 * xs), (0.95, 0.3, 0.22, 1.0), 2.0 * scale))

    def inside(x, y):
        return np.isfinite(x) & np.isfinite(y) & (x >= lo) & (x <= hi) & ((y >= lo) & (y <= hi) | (surface.dims == 1))

    for ball in balls:
        path = np.asarray(ball.path if ball.path is not None else np.empty((0, 2)), dtype=np.float64)
        if len(path) >= 1:
            # A ball that flew off ends its trail where its path ends.
            pts = path if ball.note_at is not None else np.vstack([path, [[ball.x, ball.y]]])
            px = map_points(mapping, rect, pts[:, 0], pts[:, 1])
            px[~inside(pts[:, 0], pts[:, 1])] = np.nan
            out.append(Polyline(px, DARK, 3.4 * scale))
            out.append(Polyline(px, (*ball.colour, 1.0), 1.8 * scale))
    for m in surface.minima:
        if m.is_global or show_local_minima:
            p = map_points(mapping, rect, m.x, m.y)
            out.append(_dot(p, (5.0 if m.is_global else 3.4) * scale, DARK))
            out.append(_dot(p, (3.8 if m.is_global else 2.4) * scale,
                            GLOBAL_MARK if m.is_global else LOCAL_MARK))
    for ball in balls:
        sx, sy = ball.start
        if inside(np.array(sx), np.array(sy)):
            p = map_points(mapping, rect, sx, sy)
            out.append(_dot(p, 3.2 * scale, (1.0, 0.96, 0.94, 0.95)))
            out.append(_dot(p, 2.0 * scale, (*ball.colour, 1.0)))
    for ball in balls:
        if ball.note_at is not None:
            continue  # it flew off: seen leaving in the 3-D view, gone from the map
        if inside(np.array(ball.x), np.array(ball.y)):
            p = map_points(mapping, rect, ball.x, ball.y)
            out.append(_dot(p, 5.2 * scale, DARK))
            out.append(_dot(p, 4.0 * scale, (*ball.colour, 1.0)))
    return out
