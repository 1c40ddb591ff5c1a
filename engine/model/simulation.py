"""The simulation of N balls descending one landscape (L1).

Many balls step together as numpy arrays; a handful (or the last few still
running) step one by one in plain floats, the same IEEE operations in the same
order, so either way gives the same bits. Each ball has its own settings
(one frozen ``BallSettings``, engine/model/settings.py, replaced by a new
value on every change), path and status. A step is a pure function of the state and
the parameters in force, so the same scene, seed and sequence of changes give
bit-identical trajectories whatever the frame rate that drives it, and a
ball's trajectory does not depend on the other balls beside it.
"""

from __future__ import annotations

import copy

import numpy as np

from engine.maths.optim.base import BALL_ERRORS
from engine.maths.surfaces import Surface
from engine.model.ball_changes import SettingChanges
from engine.model.ball_extras import BallExtras
from engine.model.ball_optimizers import BallOptimizers
from engine.model.balls import Ball, BallSpec, random_starts
from engine.model.minibatch import MiniBatches
from engine.model.path_store import PathStore
from engine.model.settings import BallSettings
from engine.model.settling import ARRIVE_EVERY, SETTLE_STEPS, Settling
from engine.model.status import Status

#: Up to this many balls step one by one in plain floats, above it as arrays.
STEP_EACH_MAX = 16
#: Paths longer than this many points are thinned (every other old point is
#: dropped) so a kiosk running all day keeps a bounded, drawable path.
MAX_PATH_POINTS = 200_000


class Simulation(SettingChanges, Settling):
    def __init__(self, surface: Surface, balls: list[BallSpec], seed: int = 0,
                 record_paths: bool = True, max_path_points: int = MAX_PATH_POINTS,
                 starts: np.ndarray | None = None) -> None:
        """``starts`` (2, n), when given, is where every ball starts, now and
        after each reset, instead of its own start or a random one."""
        if not balls:
            raise ValueError("a simulation needs at least one ball")
        self.surface = surface
        made: dict[int, Ball] = {}   # one Ball for a spec shared by many (a basin map's grid)
        #: Each ball as it is now (a frozen Ball; a change replaces it).
        self.balls: list[Ball] = [made.get(id(b)) or made.setdefault(id(b), Ball.of(b)) for b in balls]
        self.n = len(balls)
        self.seed = seed
        self.record_paths = record_paths
        self.max_path_points = max_path_points
        self.rng = np.random.default_rng(seed)
        n = self.n
        self._given_starts = None if starts is None else np.array(starts, dtype=np.float64).reshape(2, n)

        self.pos = np.zeros((2, n))
        self.prev_pos = np.zeros((2, n))
        self.start = np.zeros((2, n))
        self.grad = np.zeros((2, n))
        self.status = np.zeros(n, dtype=np.int8)
        self.minimum_index = np.full(n, -1, dtype=np.int64)
        # The step that took a ball off the landscape (NaN until one does).
        self.left_from = np.full((2, n), np.nan)
        self.left_to = np.full((2, n), np.nan)
        self._steps = np.zeros(n, dtype=np.int64)
        self._steps_pending = 0
        self._anchor = np.zeros((2, n))
        self._scratch = np.zeros((2, n))
        self._work: dict = {}  # the landscape's scratch arrays for this simulation
        self._tick = 0

        if len(made) == 1:  # one spec shared by all (a basin map's grid)
            specs = [(balls[0].optimizer, balls[0].hyper)] * n
        else:
            specs = [(b.optimizer, b.hyper) for b in balls]
        self._optim = BallOptimizers(n, specs)
        self.extras = BallExtras(self, [b.noise for b in self.balls], [b.schedule for b in self.balls])

        self._init_tolerances()
        self._batches = MiniBatches(surface, [b.batch_size for b in self.balls], seed)
        self._paths = PathStore(n, max_path_points) if record_paths else None
        self._loss_cache: tuple[int, np.ndarray] | None = None
        self._version = 0
        self.reset()

    # -- set-up ---------------------------------------------------------------
    # -- queries --------------------------------------------------------------
    @property
    def kind(self) -> list[str]:
        """Each ball's optimizer name."""
        return self._optim.kind

    @property
    def hyper(self) -> dict[str, dict[str, np.ndarray]]:
        """Per optimizer, each hyper-parameter as one value per ball."""
        return self._optim.hyper

    @property
    def _opts(self):
        return self._optim.opts

    @property
    def steps(self) -> np.ndarray:
        """Steps each ball has taken since its start, shape (n,)."""
        if self._steps_pending:
            self._steps += self._steps_pending
            self._steps_pending = 0
        return self._steps

    @property
    def running(self) -> np.ndarray:
        return self.status == Status.RUNNING

    @property
    def any_running(self) -> bool:
        return bool(np.any(self.status == Status.RUNNING))

    @property
    def loss(self) -> np.ndarray:
        """Loss at the current positions (computed on demand, then cached)."""
        if self._loss_cache is None or self._loss_cache[0] != self._version:
            with np.errstate(all="ignore"):
                value = np.asarray(self.surface.value(self.pos[0], self.pos[1]), dtype=np.float64)
            self._loss_cache = (self._version, np.broadcast_to(value, (self.n,)).copy())
        return self._loss_cache[1]

    def hyper_of(self, i: int) -> dict[str, float]:
        """Ball i's hyper-parameters in force now: its settings, but for the
        learning rate (and momentum) a schedule sets step by step."""
        return self._optim.hyper_of(i)

    def settings_of(self, i: int) -> BallSettings:
        """Ball i's settings: one frozen value (a change makes a new one)."""
        return self.balls[i].settings

    def path(self, i: int) -> np.ndarray:
        """The ball's positions from its start to now, shape (k, 2)."""
        if not self.record_paths:
            return np.stack([self.start[:, i], self.pos[:, i]])
        return self._paths.path(i)

    def status_name(self, i: int) -> str:
        return Status(int(self.status[i])).trace_name

    def minimum_label(self, i: int) -> str:
        k = self.minimum_index[i]
        return self.surface.minima[k].label if k >= 0 else ""

    # -- control --------------------------------------------------------------
    def reset(self, seed: int | None = None) -> None:
        """Send every ball back: fixed starts to their start, others to a new random one."""
        if seed is not None:
            self.seed = seed
            self.rng = np.random.default_rng(seed)
        if self._given_starts is not None:
            self.start[:] = self._given_starts
            if self.surface.dims == 1:
                self.start[1] = 0.0
            self._restart(np.ones(self.n, dtype=bool))
            return
        randoms = [i for i, b in enumerate(self.balls) if b.start is None]
        drawn = random_starts(self.surface, self.rng, len(randoms))
        self.start[:, randoms] = drawn
        fixed = [i for i, b in enumerate(self.balls) if b.start is not None]
        if fixed:
            self.start[:, fixed] = np.array([self.balls[i].start for i in fixed], dtype=np.float64).T
        self._restart(np.ones(self.n, dtype=bool))

    def place(self, i: int, x: float, y: float) -> None:
        """Drop ball i at (x, y) with fresh optimizer state."""
        self.start[:, i] = (x, y if self.surface.dims == 2 else 0.0)
        mask = np.zeros(self.n, dtype=bool)
        mask[i] = True
        self._restart(mask)

    def start_at(self, points: np.ndarray) -> None:
        """Restart every ball at the given points, shape (2, n)."""
        self.start[:] = np.asarray(points, dtype=np.float64).reshape(2, self.n)
        if self.surface.dims == 1:
            self.start[1] = 0.0
        self._restart(np.ones(self.n, dtype=bool))

    def lr_in_force(self) -> np.ndarray:
        """The learning rate each ball's next step will use, shape (n,)."""
        return np.array([self._optim.hyper[k]["lr"][i] for i, k in enumerate(self._optim.kinds)])

    def take(self, index) -> Simulation:
        """The balls ``index`` alone, as they are now: a smaller simulation
        that steps them to the very same bits this one would, since a ball's
        trajectory does not depend on the balls beside it. Paths are not
        carried over, so this is for simulations that record none."""
        if self.record_paths:
            raise ValueError("take() is for simulations that record no paths")
        if self.extras.active or self._batches.active:
            raise ValueError("take() is for balls with exact gradients and no schedule")
        index = np.asarray(index, dtype=np.int64)
        if index.size == 0:
            raise ValueError("a simulation needs at least one ball")
        part = copy.copy(self)  # settings and tolerances as they are; per-ball state below
        part.n = int(index.size)
        part.balls = [self.balls[i] for i in index.tolist()]
        for name in ("pos", "prev_pos", "start", "grad", "_anchor", "_scratch"):
            setattr(part, name, np.ascontiguousarray(getattr(self, name)[:, index]))
        if self._given_starts is not None:
            part._given_starts = self._given_starts[:, index]
        part.status = self.status[index]
        part.minimum_index = self.minimum_index[index]
        part._steps = self.steps[index]
        part._steps_pending = 0
        part.rng = copy.deepcopy(self.rng)
        part._work = {}
        part._loss_cache = None
        part._optim = self._optim.take(index)
        part.extras = BallExtras(part, [0.0] * part.n, [None] * part.n)
        return part
    def _indices(self, balls) -> list[int]:
        if balls is None:
            return list(range(self.n))
        if isinstance(balls, (int, np.integer)):
            return [int(balls)]
        return [int(b) for b in balls]

    def _restart(self, mask: np.ndarray) -> None:
        self.pos[:, mask] = self.start[:, mask]
        self.prev_pos[:, mask] = self.start[:, mask]
        self.status[mask] = Status.RUNNING
        self.minimum_index[mask] = -1
        self.steps[mask] = 0
        self._anchor[:, mask] = self.start[:, mask]
        self._optim.reset(mask)
        self.extras.restart(mask)
        self._batches.restart(np.flatnonzero(mask))
        if self._paths is not None:
            self._paths.restart(mask, self.pos, self.start)
        self._version += 1

    # -- stepping -------------------------------------------------------------
    def step(self, count: int = 1) -> int:
        """Advance every running ball by up to ``count`` fixed steps.

        Returns the number of steps taken (fewer when every ball has stopped).
        """
        taken = 0
        with np.errstate(all="ignore"):
            for _ in range(count):
                if self.n <= STEP_EACH_MAX:
                    running = [i for i, code in enumerate(self.status.tolist()) if code == Status.RUNNING]
                    if not running:
                        break
                    self._step_each(running)
                elif not self.status.any():  # Status.RUNNING is 0: every ball runs
                    self._step_arrays(None)
                else:
                    mask = self.status == Status.RUNNING
                    moving = int(np.count_nonzero(mask))
                    if moving == 0:
                        break
                    if moving <= STEP_EACH_MAX:
                        self._step_each(np.flatnonzero(mask).tolist())
                    else:
                        self._step_arrays(mask)
                taken += 1
        return taken

    def _step_arrays(self, running: np.ndarray | None) -> None:
        """One step of every running ball (None: all of them) as whole arrays."""
        name = self._optim.sole
        if running is None and name is not None:
            # Every ball moves: the two position arrays trade places and the
            # optimizer writes the new positions over the older ones, which
            # saves copying the old positions aside.
            self.pos, self.prev_pos = self.prev_pos, self.pos
            self.surface.gradient_into(self.prev_pos, self.grad, self._work)
            if self._batches.active:
                self._batches.patch(self.prev_pos, self.grad, range(self.n))
            used = self.extras.perturb_arrays(self.grad, None) if self.extras.noisy else self.grad
            self._opts[name].step(self.prev_pos, used, self._optim.args(name), out=self.pos)
            # Counted when next read: an increment of every ball costs a pass.
            self._steps_pending += 1
        else:
            np.copyto(self.prev_pos, self.pos)
            self.surface.gradient_into(self.pos, self.grad, self._work)
            if self._batches.active:
                moving = range(self.n) if running is None else np.flatnonzero(running)
                self._batches.patch(self.pos[:, moving], sub := self.grad[:, moving], moving)
                self.grad[:, moving] = sub
            used = self.extras.perturb_arrays(self.grad, running) if self.extras.noisy else self.grad
            for name, opt in self._opts.items():
                if name == self._optim.sole:
                    active = running
                else:
                    active = self._optim.kind_mask(name)
                    if running is not None:
                        active = running & active
                    if not active.any():
                        continue
                opt.step(self.pos, used, self._optim.args(name), active)
            steps = self.steps
            steps += 1 if running is None else running
        if self.extras.scheduled:
            self.extras.after_step(lambda i: running is None or bool(running[i]))
        self._version += 1
        self._update_status(running)
        if self._paths is not None:
            self._paths.append(self.pos, running)

    def _step_each(self, running: list[int]) -> None:
        """``_step_arrays`` for a handful of running balls, one by one in floats.

        Every operation is the one the array path does, in the same order, so
        the two agree bit for bit; a dozen numpy calls on arrays of a few
        numbers would cost a hundred times the arithmetic. Only the running
        balls get a new gradient: nothing reads a stopped ball's.
        """
        pos, grad = self.pos, self.grad
        self.prev_pos[...] = pos
        point = self.surface.gradient_point
        if point is None:  # the landscape's array gradient, at the running balls only
            few = np.empty((2, len(running)))
            self.surface.gradient_into(pos[:, running], few)
            if self._batches.active:
                self._batches.patch(pos[:, running], few, running)
            grad[:, running] = few
            few = few.T.tolist()
        lo, hi = self.surface.domain
        centre, half = 0.5 * (lo + hi), 0.5 * (hi - lo)
        inside = True
        tiny = False
        arrive_step2 = self.arrive_step * self.arrive_step
        for j, i in enumerate(running):
            x = [pos.item(0, i), pos.item(1, i)]
            x_before = x[0], x[1]
            if point is None:
                g = few[j]
            else:
                g = list(point(x[0], x[1]))
                grad[0, i], grad[1, i] = g
            name = self._optim.kinds[i]
            used = grad
            if self.extras.noisy:
                g = self.extras.perturb_floats(i, g)
                if self.extras.noise[i] > 0:
                    used = grad.copy()
                    used[0, i], used[1, i] = g
            try:
                self._opts[name].step_floats(i, x, g, self._optim.floats(i))
            except BALL_ERRORS:
                active = np.zeros(self.n, dtype=bool)
                active[i] = True
                self._opts[name].step(pos, used, self._optim.args(name), active)
                x = [pos.item(0, i), pos.item(1, i)]
            else:
                pos[0, i], pos[1, i] = x
            inside = inside and all(abs(v - centre) <= half for v in x[: self.surface.dims])
            dx, dy = x[0] - x_before[0], x[1] - x_before[1]
            tiny = tiny or dx * dx + dy * dy < arrive_step2
        steps = self.steps
        for i in running:
            steps[i] = steps.item(i) + 1
        if self.extras.scheduled:
            stepped = set(running)
            self.extras.after_step(stepped.__contains__)
        self._version += 1
        # The status checks run when due: every step a ball leaves the
        # landscape, every SETTLE_STEPS for convergence, and every
        # ARRIVE_EVERY when some ball's last step was small enough for the
        # arrival check (which looks at no other ball). Skipping them
        # otherwise changes nothing and saves their numpy calls.
        due = (self._tick + 1) % SETTLE_STEPS == 0 or (tiny and (self._tick + 1) % ARRIVE_EVERY == 0)
        if inside and not due:
            self._tick += 1
        else:  # a divergence to mark or a convergence check due: as for arrays
            mask = None
            if len(running) < self.n:
                mask = np.zeros(self.n, dtype=bool)
                mask[running] = True
            self._update_status(mask)
        if self._paths is not None:
            self._paths.append(pos, running)
