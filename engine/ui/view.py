"""What the 3-D view draws in one frame (L1 data, no GL).

The caller fills these from the simulation with positions already
interpolated for the frame; the renderer only reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from engine.maths.camera import OrbitCamera
from engine.maths.surfaces import Surface

from engine.model.status import Status



@dataclass
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


@dataclass
class FrameView:
    surface: Surface
    camera: OrbitCamera
    width: int
    height: int
    balls: list[BallView] = field(default_factory=list)
    show_local_minima: bool = True
    show_arrows: bool = False
    basin: object = None                  # a BasinMap to colour the landscape by


def path_colour(ball_colour) -> tuple[float, float, float]:
    """The trail of a ball: a light tint of its colour, readable on red."""
    r, g, b = (float(c) for c in ball_colour)
    return (0.78 + 0.22 * r, 0.78 + 0.22 * g, 0.78 + 0.22 * b)
