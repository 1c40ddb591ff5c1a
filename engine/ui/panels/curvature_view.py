"""The curvature view (L1): what the HUD and the 3-D picture show of the
landscape's curvature at the selected ball (see engine/maths/curvature.py)."""

from __future__ import annotations

import math

from engine.maths.curvature import curvature_at, describe
from engine.support.i18n import N_, _, number
from engine.ui.actions import format_number

OFF = {"lr_mark": None, "curvature": "", "stable_below": ""}


def curvature_state(sim, i: int, on: bool) -> dict:
    """HUD state: the stability mark 2/λmax for the lr slider and the read-outs."""
    if not on:
        return dict(OFF)
    x, y = float(sim.pos[0, i]), float(sim.pos[1, i])
    c = curvature_at(sim.surface, x, y) if math.isfinite(x) and math.isfinite(y) else None
    if c is None:
        return {"lr_mark": None, "curvature": "—", "stable_below": "—"}
    limit = c.stability_limit
    return {"lr_mark": limit, "curvature": _shape_words(describe(c)),
            "stable_below": _("any rate") if limit is None else format_number(limit, 3)}


#: The shapes engine/maths/curvature.py ``describe`` names, for the catalogs.
SHAPES = {"curves up": N_("curves up"), "curves down": N_("curves down"),  # i18n: not on screen (a key)
          "flat": N_("flat"),
          "saddle": N_("saddle"), "bowl": N_("bowl"), "hilltop": N_("hilltop")}


def _shape_words(text: str) -> str:
    """"saddle · κ 12" with the shape in the language on screen."""
    shape, sep, rest = text.partition(" · ")
    return _(SHAPES.get(shape, shape)) + sep + number(rest)


def curvature_cross(sim, i: int, x: float, y: float):
    """The cross's arms at the point (x, y) where ball i is drawn."""
    if not (math.isfinite(x) and math.isfinite(y)):
        return None
    c = curvature_at(sim.surface, x, y)
    return None if c is None else c.cross(sim.surface.extent)
