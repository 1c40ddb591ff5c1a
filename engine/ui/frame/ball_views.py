"""Each ball as the 3-D view draws it (L1): a step as a jump along the
segment between θk and θk+1, lifted in a low arc; a ball at rest with its
moment of success; a ball that flew off leaving along its step and fading,
with a note saying why. Made from the simulation, the scene (the labels),
the landscape's mapping and how long ago each ball arrived or flew off;
returned as ``BallView`` values.
"""

from __future__ import annotations

import math

import numpy as np

from engine.maths.geometry import HOP_RISE
from engine.model.status import Status
from engine.support.i18n import N_
from engine.ui.frame.view import BallView

#: A ball that flew off is seen leaving for this many seconds, then gone.
FLY_SECONDS = 4.0
FLY_SPEED = 0.35          # landscape extents per second while it leaves
FLEW_OFF_NOTE = N_("Steps too big — it flew off. Try a smaller learning rate.")
#: Reaching the lowest point gets a short moment of success at the ball.
SUCCESS_NOTE = N_("Found the lowest point!")
SUCCESS_SECONDS = 2.5


def ball_view(sim, scene, mapping, i: int, alpha: float, arrived_for: float | None = None,
              flown_for: float = 0.0) -> BallView:
    """Ball i as drawn ``alpha`` of the way through its step under way:
    a jump from θk (``prev_pos``) to θk+1 (``pos``) along the straight
    segment between them, lifted in a low arc (never a slide along the
    surface). A stopped ball rests and shows no step; a ball that flew
    off the landscape carries on along its step and fades. ``arrived_for``:
    seconds since it reached the lowest point (None: it has not);
    ``flown_for``: seconds since it flew off."""
    ball = sim.balls[i]
    start = (float(sim.start[0, i]), float(sim.start[1, i]))
    x0, y0 = (float(v) for v in sim.prev_pos[:, i])
    x1, y1 = (float(v) for v in sim.pos[:, i])
    status = int(sim.status[i])
    common = dict(colour=ball.colour, path=sim.path(i), start=start, status=status,
                  label=scene.label_shown(i, ball.display_label()))
    if status == Status.DIVERGED:
        last = tuple(float(v) for v in sim.left_from[:, i])
        beyond = tuple(float(v) for v in sim.left_to[:, i])
        if not all(math.isfinite(v) for v in last):
            last, beyond = (x0, y0), (x1, y1)
        return _flying_view(sim.surface, mapping, flown_for, last, beyond, common)
    moving = status == Status.RUNNING and (x0, y0) != (x1, y1)
    if not moving:
        note = SUCCESS_NOTE if arrived_for is not None and arrived_for < SUCCESS_SECONDS else ""
        return BallView(x=x1, y=y1, note=note, **common)
    x, y = x0 + alpha * (x1 - x0), y0 + alpha * (y1 - y0)
    centre = mapping.hop_centre((x0, y0), (x1, y1), alpha)
    return BallView(x=x, y=y, centre=tuple(float(v) for v in centre), step=(x1 - x0, y1 - y0),
                    origin=(x0, y0), **common)


def _flying_view(surface, mapping, age: float, last, beyond, common) -> BallView:
    """A ball whose step left the landscape ``age`` seconds ago: seen
    leaving along that step, then fading out, with a note at the ball
    saying why."""
    x0, y0 = last
    d = np.array(beyond, dtype=np.float64) - np.array(last, dtype=np.float64)
    length = float(np.hypot(*d)) if np.all(np.isfinite(d)) else 0.0
    if length > 0:
        # Drawn at a readable speed: a third of the landscape per second.
        u = d / length
        travel = FLY_SPEED * surface.extent * age
        x, y = x0 + u[0] * travel, y0 + u[1] * travel
    else:
        x, y = x0, y0
    t = min(age / FLY_SECONDS, 1.0)
    base = mapping.ball_centre(np.array(x0), np.array(y0))
    lo, hi = surface.domain
    cx = float(np.clip(x, lo - 0.6 * surface.extent, hi + 0.6 * surface.extent))
    cy = float(np.clip(y, lo - 0.6 * surface.extent, hi + 0.6 * surface.extent))
    wx, wz = mapping.world_xz(cx, cy)
    # Up and away: it climbs as it goes, as a jump too big to land would.
    gone = float(np.hypot(wx - base[0], wz - base[2]))
    centre = (float(wx), float(base[1]) + 0.4 * HOP_RISE * gone + 0.15 * t, float(wz))
    opacity = max(0.0, 1.0 - age / FLY_SECONDS)
    return BallView(x=cx, y=cy, centre=centre, opacity=opacity, note=FLEW_OFF_NOTE,
                    note_at=tuple(float(v) for v in base), **common)


def noisy_gradient(sim, i: int):
    """The gradient ball i used on its last step, when gradient noise is on."""
    if not sim.balls[i].noise:
        return None
    g = sim.extras.used_grad[:, i]
    return (float(g[0]), float(g[1])) if np.all(np.isfinite(g)) else None
