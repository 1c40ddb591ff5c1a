"""Framing the landscape in the space the cards leave free (L1, no GL).

Every opaque card (the control dock, the info panel, the teaching panels,
the caption, a kiosk's prompt) is a rectangle on the screen. The largest
clear rectangle among them is where the landscape goes: the camera keeps its
eye and direction and gets a lens shift and a field of view that put the
landscape's projected outline inside that rectangle, so no card covers a
ball, the pin or a minimum.

The fit is worked out at the scene's home distance for the camera's present
direction: turning the camera keeps the landscape framed, and zooming still
zooms.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from engine.maths.camera import OrbitCamera
from engine.maths.geometry import BALL_RADIUS
from engine.ui.widgets.controls import Rect

#: Landscape samples per side used to find its outline on the screen.
OUTLINE_SAMPLES = 9
#: The framed landscape is never made larger than the scene's own framing.
MAX_MAGNIFY = 1.0
#: How much size a picture gives up per unit of distance from the centre.
CENTRE_WEIGHT = 0.5
#: The widest view the fit may ask for (degrees).
MAX_FOV = 150.0


def landscape_outline(mapping, samples: int = OUTLINE_SAMPLES) -> np.ndarray:
    """World points (k, 3) around and over the landscape, lifted by a ball's
    size, whose screen outline contains everything drawn on it."""
    lo, hi = mapping.centre - mapping.half_extent, mapping.centre + mapping.half_extent
    t = np.linspace(0.0, 1.0, samples)
    x, y = np.meshgrid(lo + (hi - lo) * t, lo + (hi - lo) * t)
    ground = mapping.to_world(x.ravel(), y.ravel())
    # A ball at the very edge reaches a ball's size beyond it and above it.
    reach = 1.0 + 1.2 * BALL_RADIUS
    lifted = ground * np.array([reach, 1.0, reach]) + np.array([0.0, 2.4 * BALL_RADIUS, 0.0])
    below = ground * np.array([reach, 1.0, reach]) - np.array([0.0, BALL_RADIUS, 0.0])
    return np.concatenate([ground, lifted, below])


def largest_clear_rect(width: float, height: float, cards, gap: float = 0.0,
                       aspect: float = 1.0) -> Rect:
    """The clear rectangle among ``cards`` (kept ``gap`` away from each) in
    which a picture of width/height ``aspect`` can be drawn largest."""
    window = Rect(0.0, 0.0, float(width), float(height))
    grown = [Rect(c.x - gap, c.y - gap, c.w + 2 * gap, c.h + 2 * gap) for c in cards
             if c is not None and c.w > 0 and c.h > 0]
    key = (float(width), float(height), round(aspect, 3), tuple(grown))
    found = _CLEAR_CACHE.get(key)
    if found is not None:
        return found
    xs = sorted({0.0, float(width)} | {min(max(v, 0.0), width) for c in grown for v in (c.x, c.right)})
    ys = sorted({0.0, float(height)} | {min(max(v, 0.0), height) for c in grown for v in (c.y, c.top)})
    xi, xj = np.triu_indices(len(xs), 1)
    yi, yj = np.triu_indices(len(ys), 1)
    x0, x1 = np.asarray(xs)[xi], np.asarray(xs)[xj]
    y0, y1 = np.asarray(ys)[yi], np.asarray(ys)[yj]
    X0, Y0 = np.meshgrid(x0, y0, indexing="ij")
    X1, Y1 = np.meshgrid(x1, y1, indexing="ij")
    clear = np.ones(X0.shape, dtype=bool)
    for c in grown:
        clear &= ~((X0 < c.right) & (X1 > c.x) & (Y0 < c.top) & (Y1 > c.y))
    # A centred picture is worth a little size: it reads as the subject.
    off_centre = np.abs((X0 + X1) / 2 - width / 2) / width + np.abs((Y0 + Y1) / 2 - height / 2) / height
    score = np.where(clear, np.minimum((X1 - X0) / aspect, Y1 - Y0) * (1.0 - CENTRE_WEIGHT * off_centre), -1.0)
    i, j = np.unravel_index(int(np.argmax(score)), score.shape)
    rect = window if score[i, j] <= 0 else Rect(float(X0[i, j]), float(Y0[i, j]),
                                                 float(X1[i, j] - X0[i, j]), float(Y1[i, j] - Y0[i, j]))
    if len(_CLEAR_CACHE) > 64:
        _CLEAR_CACHE.clear()
    _CLEAR_CACHE[key] = rect
    return rect


_CLEAR_CACHE: dict = {}


def _ndc_box(camera: OrbitCamera, points: np.ndarray, width: int, height: int):
    px = camera.project(points, width, height)
    ok = np.all(np.isfinite(px[:, :2]), axis=1)
    if not ok.any():
        return None
    x = px[ok, 0] / width * 2 - 1
    y = px[ok, 1] / height * 2 - 1
    return float(x.min()), float(x.max()), float(y.min()), float(y.max())


def framed_camera(camera: OrbitCamera, outline: np.ndarray, width: int, height: int,
                  cards, gap: float = 0.0, home_distance: float | None = None) -> OrbitCamera:
    """``camera`` with the lens shift and field of view that draw
    ``outline`` inside the largest clear rectangle among ``cards``."""
    if width <= 0 or height <= 0:
        return camera
    plain = replace(camera, shift_x=0.0, shift_y=0.0)
    probe = plain if home_distance is None else replace(plain, distance=home_distance)
    box = _ndc_box(probe, outline, width, height)
    if box is None:
        return plain
    bx0, bx1, by0, by1 = box
    bw, bh = max(bx1 - bx0, 1e-6), max(by1 - by0, 1e-6)
    aspect = (bw * width) / (bh * height)
    free = largest_clear_rect(width, height, cards, gap, aspect)
    fx0, fx1 = free.x / width * 2 - 1, free.right / width * 2 - 1
    fy0, fy1 = free.y / height * 2 - 1, free.top / height * 2 - 1
    k = min((fx1 - fx0) / bw, (fy1 - fy0) / bh, MAX_MAGNIFY)
    half = math.radians(camera.fov) / 2
    fov = min(math.degrees(2 * math.atan(math.tan(half) / max(k, 1e-3))), MAX_FOV)
    k = math.tan(half) / math.tan(math.radians(fov) / 2)  # as the view can be widened
    shift_x = (fx0 + fx1) / 2 - k * (bx0 + bx1) / 2
    shift_y = (fy0 + fy1) / 2 - k * (by0 + by1) / 2
    return replace(plain, fov=fov, shift_x=shift_x, shift_y=shift_y)
