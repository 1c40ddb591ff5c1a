"""Per-ball gradient noise and learning-rate schedules (L1).

Noise: a ball with ``noise = σ`` steps along the true gradient plus σ·ξ,
ξ ~ N(0, I), drawn from its own generator seeded by (scene seed, ball index)
and re-seeded whenever the ball restarts. A draw is taken only when the ball
steps, so the sequence, and the trajectory, does not depend on the frame rate
or on the other balls. A ball without noise draws nothing and keeps today's
trajectory bit for bit.

Schedules: after each of a ball's optimizer steps its schedule steps once
(torch's ``scheduler.step()``) and the new learning rate, and for OneCycleLR
the momentum or beta1, is written into the ball's hyper-parameters: what the
slider, the legend and the trace show is the rate in force.
"""

from __future__ import annotations

import weakref

import numpy as np

from engine.maths.schedules import Schedule


def momentum_key(defaults: dict) -> str | None:
    """Which hyper-parameter OneCycleLR cycles, as torch chooses: beta1 for
    the Adam family, else momentum; None when the optimizer has neither."""
    if "beta1" in defaults:
        return "beta1"
    return "momentum" if "momentum" in defaults else None


class BallExtras:
    def __init__(self, sim, noise: list[float], schedules: list[Schedule | None]) -> None:
        # A weak reference: the simulation owns its extras, and a cycle
        # between them would keep a whole simulation's arrays (megabytes
        # for a basin map's grid) alive until the next full collection.
        self.sim = weakref.proxy(sim)
        self.noise = np.asarray(noise, dtype=np.float64)
        self.schedules = schedules
        self.noisy = [i for i, s in enumerate(self.noise) if s > 0]
        self.scheduled = [i for i, s in enumerate(schedules) if s is not None]
        self._rngs: dict[int, np.random.Generator] = {}
        self.epoch = np.zeros(sim.n, dtype=np.int64)
        self.base_lr = np.zeros(sim.n)
        #: The gradient each noisy ball used on its last step (the true one is sim.grad).
        self.used_grad = np.full((2, sim.n), np.nan)

    @property
    def active(self) -> bool:
        return bool(self.noisy or self.scheduled)

    # -- noise --------------------------------------------------------------------
    def set_noise(self, sigma: float, indices: list[int]) -> None:
        for i in indices:
            self.noise[i] = sigma
            if i not in self._rngs:
                self._rngs[i] = self._generator(i)
        self.noisy = [i for i, s in enumerate(self.noise) if s > 0]

    def _generator(self, i: int) -> np.random.Generator:
        return np.random.default_rng([int(self.sim.seed), i])

    def draw(self, i: int) -> list[float]:
        """σ·ξ for ball i's next step, as floats (y is 0 on a 1-D landscape)."""
        xi = self._rngs[i].standard_normal(self.sim.surface.dims).tolist()
        sigma = float(self.noise[i])
        return [sigma * v for v in xi] + [0.0] * (2 - len(xi))

    def perturb_floats(self, i: int, g: list[float]) -> list[float]:
        if self.noise[i] > 0:
            g = [gi + ni for gi, ni in zip(g, self.draw(i))]
            self.used_grad[0, i], self.used_grad[1, i] = g
        return g

    def perturb_arrays(self, grad: np.ndarray, running: np.ndarray | None) -> np.ndarray:
        """The gradient the optimizer is to use: ``grad`` itself, or a copy with
        noise added for the noisy running balls."""
        moving = [i for i in self.noisy if running is None or running[i]]
        if not moving:
            return grad
        used = grad.copy()
        for i in moving:
            dx, dy = self.draw(i)
            used[0, i] += dx
            used[1, i] += dy
            self.used_grad[:, i] = used[:, i]
        return used

    # -- schedules ------------------------------------------------------------------
    def restart(self, mask: np.ndarray) -> None:
        self.used_grad[:, mask] = np.nan
        if not self.active and not self._rngs:
            return  # no ball has noise or a schedule: nothing else to restart
        for i in np.flatnonzero(mask).tolist():
            if self.noise[i] > 0 or i in self._rngs:
                self._rngs[i] = self._generator(i)
            schedule = self.schedules[i]
            if schedule is None:
                continue
            self.epoch[i] = 0
            base = self.sim.balls[i].hyper.get("lr")
            if base is None:
                base = self.sim.hyper_of(i)["lr"]
            self.base_lr[i] = base
            self._write(i, schedule.initial(base), schedule.momentum(0))

    def set_schedule(self, i: int, schedule: Schedule | None) -> None:
        """Give ball i a schedule (None: a constant rate) from now on, starting afresh."""
        old = self.schedules[i]
        self.schedules[i] = schedule
        self.scheduled = [j for j, s in enumerate(self.schedules) if s is not None]
        if schedule is None:
            if old is not None:   # back to the rate the ball started from
                self.sim._optim.set_hyper("lr", float(self.base_lr[i]), [i])
            return
        mask = np.zeros(self.sim.n, dtype=bool)
        mask[i] = True
        self.restart(mask)

    def after_step(self, stepped) -> None:
        """Step the schedules of the balls that just took an optimizer step."""
        for i in self.scheduled:
            if not stepped(i):
                continue
            schedule = self.schedules[i]
            self.epoch[i] += 1
            epoch = int(self.epoch[i])
            lr = self.sim.hyper_of(i)["lr"]
            self._write(i, schedule.next(lr, epoch, float(self.base_lr[i])), schedule.momentum(epoch))

    def _write(self, i: int, lr: float, momentum: float | None) -> None:
        optim = self.sim._optim
        optim.set_hyper("lr", lr, [i])
        if momentum is not None:
            key = momentum_key(optim.hyper[optim.kinds[i]])
            if key is not None:
                optim.set_hyper(key, momentum, [i])
