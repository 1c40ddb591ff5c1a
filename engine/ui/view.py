"""What one frame shows (L1 data, no GL): the contract between the layers.

Once per frame the session builds a frozen ``Frame``: the 3-D view
(``FrameView``, with ball positions already interpolated for the frame) and
the 2-D overlay as draw lists. The GL layer draws a ``Frame`` and reads
nothing else; the kiosk and clip overlays are functions ``Frame -> Frame``.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    """The trail of a ball: a light tint of its colour, readable on red."""
    r, g, b = (float(c) for c in ball_colour)
    return (0.78 + 0.22 * r, 0.78 + 0.22 * g, 0.78 + 0.22 * b)


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

    @property
    def width(self) -> int:
        return self.view.width

    @property
    def height(self) -> int:
        return self.view.height
