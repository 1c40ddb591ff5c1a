"""The "fit" panel (L1): on a data landscape, the data and each ball's model.

The ball's position is the model's two parameters, so the panel draws what
that model says about the data: the straight line through Galton's heights,
or the boundary where the logistic model is 50 % sure between two irises.
One line per ball, in the ball's colour; they move as the balls move.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from engine.support.i18n import N_, _, number
from engine.ui.widgets import textmetrics as tm
from engine.ui.widgets.drawlist import Circle, Polyline, RoundRect, Text
from engine.ui.widgets.controls import Rect

#: The data landscapes' axes (engine/maths/surfaces/data_models.py), for the
#: catalogs; the iris species keep their Latin names in every language.
AXIS_WORDS = {"mid-parent height (in)": N_("mid-parent height (in)"),  # i18n: not on screen (a key)
              "child height (in)": N_("child height (in)"),  # i18n: not on screen (a key)
              "petal length (cm)": N_("petal length (cm)"),  # i18n: not on screen (a key)
              "petal width (cm)": N_("petal width (cm)")}  # i18n: not on screen (a key)

#: Design pixels at 1080 lines.
FIT_NATURAL, FIT_LEAST = (380.0, 330.0), (250.0, 220.0)
TITLE_H, PAD = 34.0, 14.0
CLASS_COLOURS = ((0.62, 0.55, 0.95, 0.85), (0.98, 0.80, 0.30, 0.85))


@dataclass(frozen=True)
class FitState:
    """What the panel shows: the landscape (a DataSurface) and each ball's
    (w, b, colour)."""

    surface: object
    models: tuple[tuple[float, float, tuple], ...]


def fit_state(sim) -> FitState | None:
    surface = sim.surface
    if not hasattr(surface, "fit_line"):
        return None
    models = tuple((float(sim.pos[0, i]), float(sim.pos[1, i]), tuple(sim.balls[i].colour))
                   for i in range(sim.n))
    return FitState(surface, models)


def clip_line(a: float, b: float, c: float, box: tuple[float, float, float, float]):
    """The segment of the line a*X + b*Y = c inside box (x0, y0, x1, y1), or None."""
    x0, y0, x1, y1 = box
    if not all(math.isfinite(v) for v in (a, b, c)) or (a == 0 and b == 0):
        return None
    points = []
    if b != 0:
        for x in (x0, x1):
            y = (c - a * x) / b
            if y0 <= y <= y1:
                points.append((x, y))
    if a != 0:
        for y in (y0, y1):
            x = (c - b * y) / a
            if x0 <= x <= x1:
                points.append((x, y))
    if len(points) < 2:
        return None
    points.sort()
    return points[0], points[-1]


def _range(values: np.ndarray) -> tuple[float, float]:
    lo, hi = float(values.min()), float(values.max())
    pad = 0.08 * (hi - lo or 1.0)
    return lo - pad, hi + pad


def fit_primitives(rect: Rect, fit: FitState, s: float, theme) -> list:
    t, surface = theme, fit.surface
    title_font, tick_font = max(17 * s, 11.0), max(13 * s, 11.0)
    shapes = [RoundRect(rect, t.panel, 20 * s, edge=t.panel_edge[3])]
    dots, lines, texts = [], [], []

    def text(value, x, cy, size, colour, bold=False, align="left"):
        texts.append(Text(value, round(x), round(tm.baseline_for_centre(cy, size)),
                          tm.pixel_size(size), colour, bold, align))

    title = _("Each ball's line") if surface.fit_kind == "line" else _("Each ball's boundary")
    room = rect.w - 2 * PAD * s
    title_cy = rect.top - TITLE_H * s / 2 - PAD * s * 0.35
    text(tm.fit(title, title_font, room, True), rect.x + PAD * s, title_cy, title_font, t.text, True)
    area = Rect(rect.x + PAD * s * 1.6, rect.y + PAD * s + 2.2 * tick_font,
                rect.w - PAD * s * 2.6, rect.h - TITLE_H * s - PAD * s * 1.6 - 2.2 * tick_font)
    if area.w < 20 or area.h < 20:
        return shapes + texts
    X, Y, weight = surface.points()
    (x0, x1), (y0, y1) = _range(X), _range(Y)
    y_lines = y1  # the lines stay among the data, clear of the key
    if surface.fit_kind == "boundary":  # room above the flowers for the key
        y1 += (y1 - y0) * 3.2 * tick_font / max(area.h, 1.0)

    def to_px(px, py):
        return (area.x + (np.asarray(px) - x0) / (x1 - x0) * area.w,
                area.y + (np.asarray(py) - y0) / (y1 - y0) * area.h)

    axis = (1.0, 1.0, 1.0, 0.35)
    lines.append(Polyline([(area.x, area.top), (area.x, area.y), (area.right, area.y)], axis, 1.0))
    x_words = _(AXIS_WORDS.get(surface.x_label, surface.x_label))
    text(tm.fit(x_words, tick_font, area.w), area.right, area.y - tick_font * 0.9,
         tick_font, t.text_dim, align="right")
    text(number(f"{x0:.0f}" if x1 - x0 > 8 else f"{x0:.1f}"), area.x, area.y - tick_font * 0.9, tick_font,
         t.text_dim)
    y_words = _(AXIS_WORDS.get(surface.y_label, surface.y_label))
    text(tm.fit(y_words, tick_font, area.w - 8 * s), area.x + 6 * s,
         area.top - tick_font * 0.2, tick_font, t.text_dim)
    px, py = to_px(X, Y)
    if surface.fit_kind == "line":
        # One dot per cell of Galton's table, its area the number of children.
        radius = np.sqrt(weight / weight.max()) * 7.0 * s + 1.2
        for cx, cy, r in zip(px, py, radius):
            dots.append(Circle(float(cx), float(cy), float(r), (0.85, 0.88, 0.95, 0.55)))
    else:
        for cx, cy, k in zip(px, py, weight):
            dots.append(Circle(float(cx), float(cy), 3.2 * s + 1.0, CLASS_COLOURS[int(k)]))
        # The key: one line under the axis label, above the flowers.
        x_key, y_key = area.x + 14 * s, area.top - tick_font * 1.6
        for k, name in enumerate(surface.classes):
            dots.append(Circle(x_key, y_key, 4 * s + 1, CLASS_COLOURS[k]))
            text(name, x_key + 8 * s, y_key, tick_font, t.text_dim)
            x_key += tm.measure(name, tick_font) + 26 * s
    width = max(2.0, 3.0 * s)
    for w, b, colour in fit.models:
        seg = clip_line(*surface.fit_line(w, b), (x0, y0, x1, y_lines))
        if seg is None:
            continue
        (ax, ay), (bx, by) = seg
        (qx0, qx1), (qy0, qy1) = to_px([ax, bx], [ay, by])
        lines.append(Polyline([(qx0, qy0), (qx1, qy1)], (*colour[:3], 1.0), width))
    return shapes + dots + lines + texts
