"""Each ball's loss over its steps, kept small enough to plot every frame (L1).

``record`` is called once per frame with the simulation's step counts and
losses. A ball keeps at most ``max_points`` samples: when it fills up, every
other sample is dropped and from then on a sample is taken only every
``stride`` steps (doubled at each thinning), so a run of any length costs the
same to store and to draw and still shows its whole course. The newest value
is always kept apart, so the line reaches the present between samples.

A ball whose step count goes down has been reset or placed somewhere new:
its history starts over. ``restart`` does the same on request, for a restart
that the step count alone cannot reveal.
"""

from __future__ import annotations

import numpy as np

#: Enough for a plot a few hundred pixels wide: about a point per pixel.
DEFAULT_MAX_POINTS = 256


class LossHistory:
    def __init__(self, n: int, max_points: int = DEFAULT_MAX_POINTS) -> None:
        if max_points < 4 or max_points % 2:
            raise ValueError("max_points must be an even number of at least 4")
        self.max_points = int(max_points)
        self._allocate(int(n))

    def _allocate(self, n: int) -> None:
        self.n = n
        self._steps = np.zeros((n, self.max_points), dtype=np.int64)
        self._loss = np.zeros((n, self.max_points), dtype=np.float64)
        self._lr = np.full((n, self.max_points), np.nan)   # the learning rate in force
        self.last_lr = np.full(n, np.nan)
        self.count = np.zeros(n, dtype=np.int64)
        self.stride = np.ones(n, dtype=np.int64)
        self.last_step = np.full(n, -1, dtype=np.int64)   # the newest value seen
        self.last_loss = np.full(n, np.nan)
        self.version = 0  # grows whenever anything changes (for caches)

    # -- writing ----------------------------------------------------------------
    def restart(self, balls=None) -> None:
        """Forget the history of ``balls`` (an index, indices, a mask, or all)."""
        index = np.arange(self.n)[balls] if balls is not None else np.arange(self.n)
        self.count[index] = 0
        self.stride[index] = 1
        self.last_step[index] = -1
        self.last_loss[index] = np.nan
        self.last_lr[index] = np.nan
        self.version += 1

    def record(self, steps, loss, lr=None) -> None:
        """Note each ball's step count and loss now (and the learning rate in
        force, when given); cheap when nothing moved."""
        steps = np.asarray(steps, dtype=np.int64).reshape(-1)
        loss = np.asarray(loss, dtype=np.float64).reshape(-1)
        lr = np.full(len(steps), np.nan) if lr is None else np.asarray(lr, dtype=np.float64).reshape(-1)
        if len(steps) != self.n:
            # Another scene with another number of balls: start over.
            self._allocate(len(steps))
        went_back = steps < self.last_step
        if went_back.any():
            self.restart(went_back)
        moved = steps != self.last_step
        if not moved.any():
            return
        last_kept = np.where(self.count > 0,
                             self._steps[np.arange(self.n), np.maximum(self.count - 1, 0)], -1)
        due = moved & ((self.count == 0) | (steps - last_kept >= self.stride))
        for i in np.flatnonzero(due):
            if self.count[i] == self.max_points:
                self._thin(i)
            c = self.count[i]
            self._steps[i, c], self._loss[i, c], self._lr[i, c] = steps[i], loss[i], lr[i]
            self.count[i] = c + 1
        self.last_step[moved] = steps[moved]
        self.last_loss[moved] = loss[moved]
        self.last_lr[moved] = lr[moved]
        self.version += 1

    def _thin(self, i: int) -> None:
        """Keep every other sample (the first one among them) and sample half
        as often from now on."""
        keep = self.max_points // 2
        self._steps[i, :keep] = self._steps[i, 0:self.max_points:2]
        self._loss[i, :keep] = self._loss[i, 0:self.max_points:2]
        self._lr[i, :keep] = self._lr[i, 0:self.max_points:2]
        self.count[i] = keep
        self.stride[i] *= 2

    # -- reading ----------------------------------------------------------------
    def series(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """(steps, losses) of ball ``i`` in step order, ending with the newest
        value; at most ``max_points + 1`` points. Copies, safe to keep."""
        c = int(self.count[i])
        steps, loss = self._steps[i, :c], self._loss[i, :c]
        if self.last_step[i] >= 0 and (c == 0 or self.last_step[i] > steps[-1]):
            return (np.append(steps, self.last_step[i]), np.append(loss, self.last_loss[i]))
        return steps.copy(), loss.copy()

    def lr_series(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """(steps, learning rates) of ball ``i``, sampled as ``series``; NaN where not recorded."""
        c = int(self.count[i])
        steps, lr = self._steps[i, :c], self._lr[i, :c]
        if self.last_step[i] >= 0 and (c == 0 or self.last_step[i] > steps[-1]):
            return (np.append(steps, self.last_step[i]), np.append(lr, self.last_lr[i]))
        return steps.copy(), lr.copy()

    def lr_varies(self, i: int) -> bool:
        """Whether ball ``i``'s learning rate changed during its recorded run."""
        lr = self.lr_series(i)[1]
        lr = lr[np.isfinite(lr)]
        return len(lr) > 1 and float(lr.min()) != float(lr.max())

    def max_step(self) -> int:
        return int(self.last_step.max()) if self.n else -1

    def finite_losses(self) -> np.ndarray:
        """Every finite loss in view (samples and newest values), flat."""
        parts = [self.series(i)[1] for i in range(self.n)]
        values = np.concatenate(parts) if parts else np.zeros(0)
        return values[np.isfinite(values)]
