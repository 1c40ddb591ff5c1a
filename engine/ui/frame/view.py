"""What one frame shows (L1 data, no GL): the contract between the layers.

Once per frame the session builds a frozen ``Frame``: the 3-D view
(``FrameView``, with ball positions already interpolated for the frame) and
the 2-D overlay as draw lists. The GL layer draws a ``Frame`` and reads
nothing else; the kiosk and clip overlays are functions ``Frame -> Frame``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from engine.maths.camera import OrbitCamera
from engine.maths.surfaces import Surface
from engine.model.status import Status


@dataclass(frozen=True)
class BallView:
    x: float
    y: float
    colour: tuple[float, float, float]
    path: np.ndarray                      # (k, 2) landscape points from the start
    start: tuple[float, float]
    status: int = Status.RUNNING
    label: str = ""
    step: tuple[float, float] | None = None  # the last step taken, for its arrow
    noisy_gradient: tuple[float, float] | None = None  # with gradient noise: the gradient it used
    curvature: list | None = None         # the curvature view's cross: [(arm (2,), curves down?)]
    # The world point of the ball's centre as drawn (mid-jump it is above
    # the surface); None: resting on the surface at (x, y).
    centre: tuple[float, float, float] | None = None
    # Where the step under way started (θk): the step arrow is drawn from it.
    origin: tuple[float, float] | None = None
    opacity: float = 1.0                  # a ball that flew off fades away
    note: str = ""                        # plain words at the ball (why it left)
    note_at: tuple[float, float, float] | None = None   # where the note points (world)
    together: int = 1                     # balls drawn at this spot (first of a group)


def spread_together(balls: list[BallView], mapping, radius: float) -> list[BallView]:
    """Balls at the same spot stay visible: each group of balls closer than
    a ball's radius is drawn as a small ring around the spot they share, and
    its first ball carries the count (a "×3" badge). Only the drawn centre
    moves, by about a ball's radius; the landscape position is untouched."""
    import math

    import numpy as np
    centres = []
    for b in balls:
        c = b.centre if b.centre is not None else tuple(
            float(v) for v in mapping.ball_centre(np.array(b.x), np.array(b.y), radius))
        centres.append(np.array(c, dtype=np.float64))
    group = list(range(len(balls)))
    for i in range(len(balls)):
        if balls[i].opacity <= 0 or not np.all(np.isfinite(centres[i])):
            continue
        for j in range(i):
            if group[j] == j and balls[j].opacity > 0 and np.linalg.norm(centres[i] - centres[j]) < radius:
                group[i] = j
                break
    out = list(balls)
    for lead in set(group):
        members = [i for i, g in enumerate(group) if g == lead]
        if len(members) < 2:
            continue
        for k, i in enumerate(members):
            angle = 2 * math.pi * k / len(members)
            c = centres[lead] + 1.05 * radius * np.array([math.cos(angle), 0.0, math.sin(angle)])
            out[i] = replace(out[i], centre=tuple(float(v) for v in c),
                             together=len(members) if i == lead else 1)
    return out


@dataclass(frozen=True)
class FrameView:
    surface: Surface
    camera: OrbitCamera
    width: int
    height: int
    balls: tuple[BallView, ...] = ()
    show_local_minima: bool = True
    show_arrows: bool = False
    basin: object = None                  # a BasinMap to colour the landscape by
    backdrop: tuple | None = None         # (top, bottom) colours behind the landscape; None: the usual
    line_scale: float = 1.0               # trails drawn this much wider (the projector theme)


def path_colour(ball_colour) -> tuple[float, float, float]:
    """The trail of a ball: its own colour, lightened a little so that a
    red ball's trail still reads on the red landscape."""
    r, g, b = (float(c) for c in ball_colour)
    return (0.4 + 0.6 * r, 0.4 + 0.6 * g, 0.4 + 0.6 * b)


@dataclass(frozen=True)
class Framing:
    """How the landscape is fitted between the cards: the camera as turned
    (before any lens shift), the landscape's outline, the gap kept from
    each card and the scene's home distance. A ``Frame -> Frame`` overlay
    that adds cards (the kiosk's prompt) frames the view again with it."""

    camera: OrbitCamera
    outline: np.ndarray
    gap: float = 0.0
    home_distance: float | None = None
    cards: tuple = ()                  # the opaque cards the frame's view is clear of
    keys: tuple = ()                   # and the picture's keys (arrows, basin map, update)

    def camera_clear_of(self, width: int, height: int, cards) -> OrbitCamera:
        from engine.ui.frame.framing import framed_camera
        return framed_camera(self.camera, self.outline, width, height, list(cards), self.gap,
                             home_distance=self.home_distance)


@dataclass(frozen=True)
class Frame:
    """Everything the painter draws for one frame, in painter's order: the
    3-D view; the teaching panels (``panels``); the minimap into its
    rectangle (``minimap``, None when hidden), which needs the view; then the
    control dock (``hud``), short notices (``overlays``) and any open menu
    (``menus``), which stay on top of everything."""
    view: FrameView
    scale: float = 1.0                  # the interface scale the lists were laid out at
    panels: tuple = ()
    minimap: object = None              # a widgets.Rect, or None
    hud: tuple = ()
    overlays: tuple = ()
    menus: tuple = ()
    framing: Framing | None = None      # to frame the view again (overlays that add cards)
    caption: object = None              # the caption card's Rect, or None

    @property
    def width(self) -> int:
        return self.view.width

    @property
    def height(self) -> int:
        return self.view.height
