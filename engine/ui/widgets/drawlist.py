"""Drawing primitives for the 2-D overlay, as plain data.

The HUD describes a frame as a list of these, in painter's order; the GL layer
(engine/gl/ui.py) draws them. Keeping them as data makes the layout testable
without a GL context. Positions and sizes are window pixels, origin at the
bottom-left; colours are (r, g, b, a) floats in 0..1, not premultiplied.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from engine.ui.widgets.controls import Rect

Colour = tuple[float, float, float, float]

# Icon names the UI shader knows, in the order of their shader ids (2, 3, ...).
ICONS = (
    "play", "pause", "step", "reset", "plus", "minus",
    "fullscreen", "exit_fullscreen", "chevron_up", "chevron_down",
)


@dataclass(frozen=True)
class RoundRect:
    """A rectangle with rounded corners; ``stroke`` > 0 draws only its outline.

    ``blur`` widens the edge into a soft falloff of that many pixels, which
    makes glows from the same shape. ``shadow`` (an alpha) adds a black drop
    shadow ``shadow_blur`` px soft and ``shadow_drop`` px lower, and ``edge``
    (an alpha) a one-pixel light inner border: a whole panel in one shape.
    """

    rect: Rect
    colour: Colour
    radius: float = 0.0
    blur: float = 0.0
    stroke: float = 0.0
    shadow: float = 0.0
    shadow_blur: float = 0.0
    shadow_drop: float = 0.0
    edge: float = 0.0


@dataclass(frozen=True)
class Circle:
    cx: float
    cy: float
    r: float
    colour: Colour
    blur: float = 0.0
    stroke: float = 0.0
    shadow: float = 0.0
    shadow_blur: float = 0.0
    shadow_drop: float = 0.0
    edge: float = 0.0

    @property
    def rect(self) -> Rect:
        return Rect(self.cx - self.r, self.cy - self.r, 2 * self.r, 2 * self.r)


@dataclass(frozen=True)
class Icon:
    """One of ``ICONS`` drawn to fit the square ``rect``."""

    kind: str
    rect: Rect
    colour: Colour

    def __post_init__(self):
        if self.kind not in ICONS:
            raise ValueError(f"unknown icon '{self.kind}'; known: {', '.join(ICONS)}")


@dataclass(frozen=True)
class Text:
    """A line of text; ``y`` is the baseline, ``align`` anchors ``x``.

    ``shadow`` adds a dark offset copy underneath, for text drawn straight over
    the landscape.
    """

    text: str
    x: float
    y: float
    size: float
    colour: Colour
    bold: bool = False
    align: str = "left"  # "left" | "center" | "right"
    shadow: bool = False


@dataclass(frozen=True, eq=False)
class Polyline:
    """A line through ``points`` ((k, 2) window pixels), ``width`` px wide,
    anti-aliased, with round joins and ends; a point with a NaN coordinate
    breaks the line there. Opaque colours look best: where two segments
    meet, a translucent line is covered twice.

    Compared by identity (its points are an array).
    """

    points: np.ndarray
    colour: Colour
    width: float = 2.0

    def __post_init__(self):
        object.__setattr__(self, "points", np.asarray(self.points, dtype=np.float32).reshape(-1, 2))


Primitive = RoundRect | Circle | Icon | Text | Polyline


def shifted(primitive, dx: float, dy: float):
    """The primitive moved by (dx, dy) pixels, sizes kept (a new value: the
    original is left as it is)."""
    if not dx and not dy:
        return primitive
    if isinstance(primitive, Circle):
        return replace(primitive, cx=primitive.cx + dx, cy=primitive.cy + dy)
    if isinstance(primitive, Text):
        return replace(primitive, x=primitive.x + dx, y=primitive.y + dy)
    r = primitive.rect
    return replace(primitive, rect=Rect(r.x + dx, r.y + dy, r.w, r.h))
