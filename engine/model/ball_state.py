"""The per-ball state a simulation holds (L1), declared once: ``Simulation``
(engine/model/simulation.py) sets it; its halves that stop balls
(``Settling``) and change their settings (``SettingChanges``) read and write
it. Arrays are (2, n) for positions and gradients, (n,) per ball."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from engine.maths.surfaces import Surface
    from engine.model.ball_extras import BallExtras
    from engine.model.ball_optimizers import BallOptimizers
    from engine.model.balls import Ball
    from engine.model.minibatch import MiniBatches


class BallState:
    """Annotations only: what a simulation's state is made of."""

    surface: Surface
    balls: list[Ball]
    n: int
    pos: np.ndarray
    prev_pos: np.ndarray
    grad: np.ndarray
    status: np.ndarray
    minimum_index: np.ndarray
    left_from: np.ndarray
    left_to: np.ndarray
    _anchor: np.ndarray
    _scratch: np.ndarray
    _tick: int
    _optim: BallOptimizers
    extras: BallExtras
    _batches: MiniBatches
    # Simulation's own, which its halves call.
    _indices: Callable[[Any], list[int]]
    _restart: Callable[[np.ndarray], None]
    hyper_of: Callable[[int], dict[str, float]]

    if TYPE_CHECKING:

        @property
        def steps(self) -> np.ndarray: ...
