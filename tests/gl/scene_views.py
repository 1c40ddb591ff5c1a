"""Hand-made frames for render tests: a real descent on the saddle computed
here with plain momentum, so the tests need nothing beyond the landscape."""

from __future__ import annotations

import numpy as np

from engine.maths.camera import OrbitCamera
from engine.maths.surfaces import make_surface
from engine.ui.frame.view import BallView, FrameView

BALL_RED = (0.9, 0.08, 0.06)


def momentum_path(surface, start, lr=0.002, momentum=0.9, steps=400) -> np.ndarray:
    p = np.array(start, dtype=np.float64)
    v = np.zeros(2)
    out = [p.copy()]
    for _ in range(steps):
        gx, gy = surface.gradient(p[0], p[1])
        v = momentum * v - lr * np.array([float(gx), float(gy)])
        p = p + v
        out.append(p.copy())
    return np.array(out)


def saddle_view(width: int, height: int, steps: int = 90, camera: OrbitCamera | None = None,
                surface=None) -> FrameView:
    surface = surface or make_surface("saddle")
    start = (-2.6, -0.35)
    path = momentum_path(surface, start, steps=steps)
    ball = BallView(x=float(path[-1, 0]), y=float(path[-1, 1]), colour=BALL_RED, path=path,
                    start=start, label="momentum")
    return FrameView(surface=surface, camera=camera or OrbitCamera(), width=width, height=height,
                     balls=[ball])


def parabola_view(width: int, height: int, steps: int = 5, camera: OrbitCamera | None = None) -> FrameView:
    """A learning rate a little too large on L = x^2: the ball zig-zags."""
    surface = make_surface("parabola")
    x = [1.8]
    for _ in range(steps):
        x.append(x[-1] - 0.85 * 2.0 * x[-1])
    path = np.stack([np.array(x), np.zeros(len(x))], axis=1)
    ball = BallView(x=float(x[-1]), y=0.0, colour=BALL_RED, path=path, start=(1.8, 0.0), label="sgd")
    camera = camera or OrbitCamera(yaw=0.0, pitch=6.0, distance=2.7, target=(0.0, 0.4, 0.0))
    return FrameView(surface=surface, camera=camera, width=width, height=height, balls=[ball])
