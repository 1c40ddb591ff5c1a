"""When a ball stops (L1): it left the landscape, it rests on a minimum to
the eye, or it has settled where the slope is flat.

``Settling`` holds these checks for the simulation, which inherits them: the
divergence test every step, the arrival test every ARRIVE_EVERY steps and
the settling test every SETTLE_STEPS steps. Each depends only on a ball's
own state and the step count, so the step at which a ball stops is the same
at any frame rate and whatever balls are beside it.
"""

from __future__ import annotations

import numpy as np

from engine.maths.surfaces import hessian
from engine.model.ball_state import BallState
from engine.model.status import Status

#: A ball must move almost nothing for this many steps, at a tiny gradient,
#: before it counts as converged.
SETTLE_STEPS = 20
#: Arrived at a listed minimum: within this share of the domain of it
#: (a fifth of the ball's width), its last step under ARRIVE_STEP_SHARE.
ARRIVE_SHARE = 0.01
#: Arrival is checked this often (steps; SETTLE_STEPS is a multiple of it).
ARRIVE_EVERY = 4
ARRIVE_STEP_SHARE = 5e-4   # about half a pixel at 720 lines


class Settling(BallState):
    """The stopping rules of ``Simulation`` (see there for the state they read)."""

    def _init_tolerances(self) -> None:
        s = self.surface
        xx, yy = s.sample_grid(33)
        gx, gy = s.gradient(xx.ravel(), yy.ravel())
        typical = float(np.median(np.hypot(gx, gy))) or 1.0
        self.step_tol = 1e-7 * s.extent
        self.grad_tol = 1e-5 * typical
        # The status follows the eye: on a listed minimum a ball has arrived
        # once it sits on the mark and what is left of its movement is far
        # below a pixel; the panel does not read "Running" while it rests
        # on the pin. Elsewhere the strict test above decides.
        self.arrive_radius = ARRIVE_SHARE * s.extent
        self.arrive_step = ARRIVE_STEP_SHARE * s.extent
        self.near_minimum = 2e-3 * s.extent

    def _update_status(self, running: np.ndarray | None) -> None:
        self._tick += 1
        # Divergence is checked every step, cheaply: two passes find the
        # extreme coordinates, and only if one is out of bounds (or NaN, whose
        # comparisons are false) are the balls examined one by one.
        coords = self.pos if self.surface.dims == 2 else self.pos[:1]
        lo, hi = self.surface.domain
        centre, half = 0.5 * (lo + hi), 0.5 * (hi - lo)
        # On a domain centred on 0, lo <= x <= hi is exactly |x - centre| <= half.
        if centre != 0.0 or not (coords.max() <= hi and coords.min() >= lo):
            d = self._scratch[: len(coords)]
            np.subtract(coords, centre, out=d)
            np.abs(d, out=d)
            inside = np.all(d <= half, axis=0)
            running = inside if running is None else running & inside
            self._mark_diverged(~running & (self.status == Status.RUNNING))
        # Convergence is judged every SETTLE_STEPS steps: a ball that moved
        # almost nothing over the whole window, whose last step and gradient
        # are tiny, has settled. Depends only on the step count, so it is
        # the same at any frame rate.
        if self._tick % ARRIVE_EVERY == 0:
            self._arrive(running)
        if self._tick % SETTLE_STEPS:
            return
        window = self.steps >= SETTLE_STEPS
        if running is not None:
            window &= running
        # The gradient test first, on every ball; the movement tests only on
        # the few that pass it.
        g2 = self.grad[0] * self.grad[0] + self.grad[1] * self.grad[1]
        window &= g2 < self.grad_tol ** 2
        candidates = np.flatnonzero(window)
        if candidates.size:
            here = self.pos[:, candidates]
            d = here - self._anchor[:, candidates]
            d *= d
            moved = d[0] + d[1]
            d = here - self.prev_pos[:, candidates]
            d *= d
            last = d[0] + d[1]
            settled = (moved < (SETTLE_STEPS * self.step_tol) ** 2) & (last < self.step_tol ** 2)
            if settled.any():
                self._classify(candidates[settled])
        np.copyto(self._anchor, self.pos)

    def _mark_diverged(self, balls: np.ndarray) -> None:
        """Balls whose step left the landscape: remember the step that left
        (from ``left_from`` to ``left_to``), so it can be shown."""
        if not balls.any():
            return
        self.status[balls] = Status.DIVERGED
        self.left_from[:, balls] = self.prev_pos[:, balls]
        self.left_to[:, balls] = self.pos[:, balls]

    def _arrive(self, running: np.ndarray | None) -> None:
        """Stop the running balls that rest on a listed minimum, to the eye:
        on its mark, hardly moved over the last window, a last step far
        below a pixel. The cheap test (the last step) goes first, on every
        ball; the rest only on the few that pass it."""
        minima = self.surface.minima
        if not minima:
            return
        # First the x part of the last step alone, four passes over one row:
        # |dx| >= a gives dx² + dy² >= a² in floats too (rounding keeps order),
        # so only the balls under it can pass the whole test. Most balls of a
        # big simulation are still moving and drop out here.
        dx = self._scratch[0]
        np.subtract(self.pos[0], self.prev_pos[0], out=dx)
        np.abs(dx, out=dx)
        candidates = np.flatnonzero(dx < self.arrive_step)
        if not candidates.size:
            return
        # Then the whole last step, dx² + dy², from the |dx| already there.
        # Rows are gathered one by one: numpy's take on a row costs a
        # quarter of indexing columns of the two-row array.
        step2 = dx.take(candidates)
        step2 *= step2
        dy = self.pos[1].take(candidates)
        dy -= self.prev_pos[1].take(candidates)
        dy *= dy
        step2 += dy
        window = step2 < self.arrive_step ** 2
        window &= self.status.take(candidates) == Status.RUNNING
        if running is not None:
            window &= running.take(candidates)
        candidates = candidates[window]
        if not candidates.size:
            return
        # A ball on noisy or mini-batch gradients keeps jittering about the
        # bottom (that is the lesson): only its true gradient settles it.
        if self.extras.noisy or self._batches.active:
            stochastic = self.extras.noise[candidates] > 0
            if self._batches.active:
                stochastic |= np.array([self._batches.sizes[i] > 0 for i in candidates.tolist()], dtype=bool)
            candidates = candidates[~stochastic]
        candidates = candidates[self.steps[candidates] >= SETTLE_STEPS]
        if not candidates.size:
            return
        x, y = self.pos[0].take(candidates), self.pos[1].take(candidates)
        dist = np.array([np.hypot(m.x - x, m.y - y) for m in minima])
        best = np.argmin(dist, axis=0)
        near = dist[best, np.arange(candidates.size)] <= self.arrive_radius
        moved = np.hypot(x - self._anchor[0].take(candidates), y - self._anchor[1].take(candidates))
        with np.errstate(invalid="ignore"):
            done = near & (moved < self.arrive_radius)
        if not done.any():
            return
        balls, best = candidates[done], best[done]
        self.minimum_index[balls] = best
        is_global = np.array([m.is_global for m in minima])
        self.status[balls] = np.where(is_global[best], Status.GLOBAL, Status.LOCAL)

    def _classify(self, balls: np.ndarray) -> None:
        """Stop the settled ``balls`` that are in a minimum, and say which."""
        x, y = self.pos[:, balls]
        minima = self.surface.minima
        best = np.full(balls.size, -1)
        best_d = np.full(balls.size, np.inf)
        for k, m in enumerate(minima):
            dist = np.hypot(m.x - x, m.y - y)
            closer = dist < best_d
            best[closer], best_d[closer] = k, dist[closer]
        near = (best >= 0) & (best_d <= self.near_minimum)
        if near.any():
            self.minimum_index[balls[near]] = best[near]
            is_global = np.array([m.is_global for m in minima])
            self.status[balls[near]] = np.where(is_global[best[near]], Status.GLOBAL, Status.LOCAL)
        rest = ~near
        if not rest.any():
            return
        h = hessian(self.surface, x[rest], y[rest])
        is_min = h[:, 0, 0] > 0
        if self.surface.dims == 2:
            is_min &= np.linalg.det(h) > 0
        # A minimum the landscape does not list (e.g. a far ripple) stops the
        # ball; on a saddle or ridge it is balanced and keeps going.
        self.status[balls[rest][is_min]] = Status.LOCAL
