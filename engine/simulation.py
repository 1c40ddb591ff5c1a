"""The simulation of N balls descending one landscape (L1).

All balls step together as numpy arrays. Each ball has its own optimizer,
hyper-parameters, path and status. A step is a pure function of the state and
the parameters in force, so the same scene, seed and sequence of changes give
bit-identical trajectories whatever the frame rate that drives it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .optimizers import optimizer_class
from .surfaces import Surface, hessian

RUNNING, GLOBAL, LOCAL, DIVERGED = 0, 1, 2, 3
STATUS_NAMES = ("running", "global-minimum", "local-minimum", "diverged")
STATUS_TEXT = ("running", "reached the global minimum", "stuck in a local minimum", "diverged")

#: A ball must move almost nothing for this many steps, at a tiny gradient,
#: before it counts as converged.
SETTLE_STEPS = 20
#: Paths longer than this many points are thinned (every other old point is
#: dropped) so a kiosk running all day keeps a bounded, drawable path.
MAX_PATH_POINTS = 200_000


@dataclass
class BallSpec:
    """One ball as a scene describes it."""

    optimizer: str = "sgd"
    hyper: dict[str, float] = field(default_factory=dict)
    start: tuple[float, float] | None = None  # None: a seeded random start
    colour: tuple[float, float, float] = (0.86, 0.12, 0.1)
    label: str = ""

    def display_label(self) -> str:
        return self.label or optimizer_class(self.optimizer).title


def random_starts(surface: Surface, rng: np.random.Generator, count: int) -> np.ndarray:
    """Uniform starts over the domain, never on top of a known minimum.

    Returns shape (2, count). Rejection sampling keeps the draw uniform over
    the allowed region and deterministic for a given generator state.
    """
    lo, hi = surface.domain
    keep_out = 0.06 * surface.extent
    minima = np.array([(m.x, m.y) for m in surface.minima]).reshape(-1, 2)
    out = np.empty((2, count))
    todo = np.arange(count)
    while todo.size:
        cand = rng.uniform(lo, hi, size=(2, todo.size))
        if surface.dims == 1:
            cand[1] = 0.0
        dist = np.hypot(cand[0][:, None] - minima[:, 0], cand[1][:, None] - minima[:, 1])
        ok = dist.min(axis=1) > keep_out if len(minima) else np.ones(todo.size, bool)
        out[:, todo[ok]] = cand[:, ok]
        todo = todo[~ok]
    return out


class Simulation:
    def __init__(self, surface: Surface, balls: list[BallSpec], seed: int = 0,
                 record_paths: bool = True, max_path_points: int = MAX_PATH_POINTS) -> None:
        if not balls:
            raise ValueError("a simulation needs at least one ball")
        self.surface = surface
        self.balls = list(balls)
        self.n = len(balls)
        self.seed = seed
        self.record_paths = record_paths
        self.max_path_points = max_path_points
        self.rng = np.random.default_rng(seed)
        n = self.n

        self.pos = np.zeros((2, n))
        self.prev_pos = np.zeros((2, n))
        self.start = np.zeros((2, n))
        self.grad = np.zeros((2, n))
        self.status = np.zeros(n, dtype=np.int8)
        self.minimum_index = np.full(n, -1, dtype=np.int64)
        self.steps = np.zeros(n, dtype=np.int64)
        self._anchor = np.zeros((2, n))
        self._scratch = np.zeros((2, n))
        self._tick = 0

        # One optimizer instance per kind in use, sized for every ball; a ball
        # steps only under the kind it currently uses.
        self._opts: dict[str, object] = {}
        self.hyper: dict[str, dict[str, np.ndarray]] = {}
        self.kind = np.empty(n, dtype=object)
        for i, ball in enumerate(self.balls):
            self._assign_optimizer(i, ball.optimizer, ball.hyper)

        self._init_tolerances()
        self._rows = 0
        self._buf = np.zeros((0, 2, n))
        self._path_from = np.zeros(n, dtype=np.int64)
        self._path_len = np.zeros(n, dtype=np.int64)
        self._loss_cache: tuple[int, np.ndarray] | None = None
        self._version = 0
        self.reset()

    # -- set-up ---------------------------------------------------------------
    def _init_tolerances(self) -> None:
        s = self.surface
        lo, hi = s.domain
        axis = np.linspace(lo, hi, 33)
        if s.dims == 1:
            gx, gy = s.gradient(axis, np.zeros_like(axis))
        else:
            xx, yy = np.meshgrid(axis, axis)
            gx, gy = s.gradient(xx.ravel(), yy.ravel())
        typical = float(np.median(np.hypot(gx, gy))) or 1.0
        self.step_tol = 1e-7 * s.extent
        self.grad_tol = 1e-5 * typical
        self.near_minimum = 2e-3 * s.extent

    def _assign_optimizer(self, i: int, name: str, values: dict[str, float]) -> None:
        cls = optimizer_class(name)
        if name not in self._opts:
            self._opts[name] = cls(self.n, dims=2)
            self.hyper[name] = {k: np.full(self.n, v, dtype=np.float64) for k, v in cls.defaults.items()}
        for key in cls.defaults:
            if key in values:
                self.hyper[name][key][i] = float(values[key])
        mask = np.zeros(self.n, dtype=bool)
        mask[i] = True
        self._opts[name].reset(mask)
        self.kind[i] = name

    # -- queries --------------------------------------------------------------
    @property
    def running(self) -> np.ndarray:
        return self.status == RUNNING

    @property
    def any_running(self) -> bool:
        return bool(np.any(self.status == RUNNING))

    @property
    def loss(self) -> np.ndarray:
        """Loss at the current positions (computed on demand, then cached)."""
        if self._loss_cache is None or self._loss_cache[0] != self._version:
            with np.errstate(all="ignore"):
                value = np.asarray(self.surface.value(self.pos[0], self.pos[1]), dtype=np.float64)
            self._loss_cache = (self._version, np.broadcast_to(value, (self.n,)).copy())
        return self._loss_cache[1]

    def hyper_of(self, i: int) -> dict[str, float]:
        return {k: float(v[i]) for k, v in self.hyper[self.kind[i]].items()}

    def path(self, i: int) -> np.ndarray:
        """The ball's positions from its start to now, shape (k, 2)."""
        if not self.record_paths:
            return np.stack([self.start[:, i], self.pos[:, i]])
        a = self._path_from[i]
        return self._buf[a:a + self._path_len[i], :, i]

    def status_name(self, i: int) -> str:
        return STATUS_NAMES[self.status[i]]

    def minimum_label(self, i: int) -> str:
        k = self.minimum_index[i]
        return self.surface.minima[k].label if k >= 0 else ""

    # -- control --------------------------------------------------------------
    def reset(self, seed: int | None = None) -> None:
        """Send every ball back: fixed starts to their start, others to a new random one."""
        if seed is not None:
            self.seed = seed
            self.rng = np.random.default_rng(seed)
        randoms = [i for i, b in enumerate(self.balls) if b.start is None]
        drawn = random_starts(self.surface, self.rng, len(randoms))
        for j, i in enumerate(randoms):
            self.start[:, i] = drawn[:, j]
        for i, ball in enumerate(self.balls):
            if ball.start is not None:
                self.start[:, i] = ball.start
        self._restart(np.ones(self.n, dtype=bool))

    def place(self, i: int, x: float, y: float) -> None:
        """Drop ball i at (x, y) with fresh optimizer state."""
        self.start[:, i] = (x, y if self.surface.dims == 2 else 0.0)
        mask = np.zeros(self.n, dtype=bool)
        mask[i] = True
        self._restart(mask)

    def set_optimizer(self, name: str, balls=None) -> None:
        """Switch balls to another optimizer; they go on from where they are."""
        for i in self._indices(balls):
            # Only the learning rate carries over: the new optimizer starts
            # with its own defaults for the rest (Momentum with momentum 0.9,
            # not the 0 that plain SGD had).
            carried = {"lr": self.hyper_of(i)["lr"]}
            self._assign_optimizer(i, name, carried)
            self.balls[i].optimizer = name
            self.balls[i].hyper = self.hyper_of(i)

    def set_hyper(self, key: str, value: float, balls=None) -> None:
        """Change a hyper-parameter; it takes effect at the very next step."""
        for i in self._indices(balls):
            table = self.hyper[self.kind[i]]
            if key in table:
                table[key][i] = float(value)
            self.balls[i].hyper[key] = float(value)

    def _indices(self, balls) -> list[int]:
        if balls is None:
            return list(range(self.n))
        if isinstance(balls, (int, np.integer)):
            return [int(balls)]
        return [int(b) for b in balls]

    def _restart(self, mask: np.ndarray) -> None:
        self.pos[:, mask] = self.start[:, mask]
        self.prev_pos[:, mask] = self.start[:, mask]
        self.status[mask] = RUNNING
        self.minimum_index[mask] = -1
        self.steps[mask] = 0
        self._anchor[:, mask] = self.start[:, mask]
        for opt in self._opts.values():
            opt.reset(mask)
        if self.record_paths:
            if self._rows == 0:
                self._append_row()
            row = self._rows - 1
            self._buf[row][:, mask] = self.start[:, mask]
            self._path_from[mask] = row
            self._path_len[mask] = 1
        self._version += 1

    # -- stepping -------------------------------------------------------------
    def step(self, count: int = 1) -> int:
        """Advance every running ball by up to ``count`` fixed steps.

        Returns the number of steps taken (fewer when every ball has stopped).
        """
        taken = 0
        with np.errstate(all="ignore"):
            for _ in range(count):
                running = self.status == RUNNING
                n_running = int(np.count_nonzero(running))
                if n_running == 0:
                    break
                self._step_once(running, n_running == self.n)
                taken += 1
        return taken

    def _step_once(self, running: np.ndarray, all_running: bool) -> None:
        np.copyto(self.prev_pos, self.pos)
        self.surface.gradient_into(self.pos, self.grad)
        kinds = self._opts.keys()
        for name in kinds:
            opt = self._opts[name]
            if len(kinds) == 1:
                active = None if all_running else running
            else:
                active = running & (self.kind == name)
                if not active.any():
                    continue
            opt.step(self.pos, self.grad, self.hyper[name], active)
        if all_running:
            self.steps += 1
        else:
            self.steps += running
        self._version += 1
        self._update_status(running)
        if self.record_paths:
            self._append_row()
            self._path_len += running

    def _update_status(self, running: np.ndarray) -> None:
        self._tick += 1
        # Divergence is checked every step, cheaply: one pass finds the
        # largest coordinate, and only if that is out of bounds (or NaN, whose
        # comparisons are false) are the balls examined one by one.
        d = self._scratch
        lo, hi = self.surface.domain
        centre, half = 0.5 * (lo + hi), 0.5 * (hi - lo)
        coords = self.pos if self.surface.dims == 2 else self.pos[:1]
        np.subtract(coords, centre, out=d[: len(coords)])
        np.abs(d[: len(coords)], out=d[: len(coords)])
        if not (d[: len(coords)].max() <= half):
            inside = np.all(d[: len(coords)] <= half, axis=0)
            diverged = running & ~inside
            self.status[diverged] = DIVERGED
            running = running & inside
        # Convergence is judged every SETTLE_STEPS steps: a ball that moved
        # almost nothing over the whole window, whose last step and gradient
        # are tiny, has settled. Depends only on the step count, so it is
        # the same at any frame rate.
        if self._tick % SETTLE_STEPS:
            return
        window = running & (self.steps >= SETTLE_STEPS)
        np.subtract(self.pos, self._anchor, out=d)
        d *= d
        moved = d[0] + d[1]
        np.subtract(self.pos, self.prev_pos, out=d)
        d *= d
        last = d[0] + d[1]
        g2 = self.grad[0] * self.grad[0] + self.grad[1] * self.grad[1]
        settled = (window & (moved < (SETTLE_STEPS * self.step_tol) ** 2)
                   & (last < self.step_tol ** 2) & (g2 < self.grad_tol ** 2))
        np.copyto(self._anchor, self.pos)
        for i in np.flatnonzero(settled):
            self._classify(int(i))

    def _classify(self, i: int) -> None:
        x, y = self.pos[:, i]
        best, best_d = -1, np.inf
        for k, m in enumerate(self.surface.minima):
            dist = np.hypot(m.x - x, m.y - y)
            if dist < best_d:
                best, best_d = k, dist
        if best >= 0 and best_d <= self.near_minimum:
            self.minimum_index[i] = best
            self.status[i] = GLOBAL if self.surface.minima[best].is_global else LOCAL
            return
        h = hessian(self.surface, np.array([x]), np.array([y]))[0]
        if self.surface.dims == 1:
            is_min = h[0, 0] > 0
        else:
            is_min = h[0, 0] > 0 and np.linalg.det(h) > 0
        if is_min:  # a minimum the landscape does not list (e.g. a far ripple)
            self.status[i] = LOCAL
        # Otherwise it is balanced on a saddle or ridge: keep going.

    # -- path storage ---------------------------------------------------------
    def _append_row(self) -> None:
        if self._rows == len(self._buf):
            self._grow()
        self._buf[self._rows] = self.pos
        self._rows += 1

    def _grow(self) -> None:
        keep_from = int(self._path_from.min()) if self._rows else 0
        live = self._rows - keep_from
        if live >= self.max_path_points:
            self._thin()
            return
        capacity = min(max(256, 2 * live), self.max_path_points + 1)
        buf = np.zeros((capacity, 2, self.n))
        buf[:live] = self._buf[keep_from:self._rows]
        self._buf = buf
        self._rows = live
        self._path_from -= keep_from

    def _thin(self) -> None:
        """Drop every other old point so very long runs stay bounded."""
        keep_from = int(self._path_from.min())
        rows = self._buf[keep_from:self._rows]
        last = rows[-1:]
        thinned = np.concatenate([rows[:-1:2], last])
        self._buf[: len(thinned)] = thinned
        self._rows = len(thinned)
        # Each ball's path start moves to its thinned row, lengths shrink alike.
        start = (self._path_from - keep_from + 1) // 2
        end = (self._path_from - keep_from + self._path_len - 1 + 1) // 2
        self._path_from = np.minimum(start, self._rows - 1)
        self._path_len = np.clip(end - start + 1, 1, self._rows - self._path_from)
