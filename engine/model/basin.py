"""The basin map (L1): "where would the ball end up from here?"

Runs one optimizer, with one set of hyper-parameters, from every point of a
grid of starts until each start has settled in a minimum or diverged, and
records which. It can run on a worker thread while the window stays
responsive: progress is readable at any time and the work can be cancelled.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import numpy as np

from engine.model.simulation import BallSpec, Simulation
from engine.model.status import Status
from engine.maths.surfaces import Surface

#: Labels in the result grid besides minimum indices (0 = global, 1.. = local).
DIVERGES = -1
UNLISTED = -2   # settled in a minimum the landscape does not list
UNDECIDED = -3  # still moving when the step budget ran out

DEFAULT_RESOLUTION = 256
MAX_STEPS = 20_000
CHUNK_STEPS = 40


@dataclass
class BasinMap:
    """Which minimum each start of an n x n grid reaches.

    ``labels[j, i]`` is for the start at x = xs[i], y = ys[j]: the index of the
    minimum in ``surface.minima``, or DIVERGES / UNLISTED / UNDECIDED.
    """

    surface: Surface
    optimizer: str
    hyper: dict[str, float]
    xs: np.ndarray
    ys: np.ndarray
    labels: np.ndarray
    steps: int
    seconds: float

    def share(self, label: int) -> float:
        return float(np.mean(self.labels == label))

    def label_at(self, x: float, y: float) -> int:
        i = int(np.argmin(np.abs(self.xs - x)))
        j = int(np.argmin(np.abs(self.ys - y))) if len(self.ys) > 1 else 0
        return int(self.labels[j, i])


def grid_starts(surface: Surface, resolution: int) -> tuple[np.ndarray, np.ndarray]:
    """Cell centres of an n x n grid over the domain (n x 1 for 1-D landscapes)."""
    lo, hi = surface.domain
    cell = (hi - lo) / resolution
    xs = lo + cell * (np.arange(resolution) + 0.5)
    ys = xs.copy() if surface.dims == 2 else np.zeros(1)
    return xs, ys


@dataclass
class BasinJob:
    """A basin-map computation that can run on a worker thread."""

    surface: Surface
    optimizer: str
    hyper: dict[str, float]
    resolution: int = DEFAULT_RESOLUTION
    max_steps: int = MAX_STEPS
    progress: float = 0.0
    result: BasinMap | None = None
    error: str | None = None
    _cancel: threading.Event = field(default_factory=threading.Event, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)

    def run(self) -> BasinMap | None:
        """Compute the map here and now (the worker thread calls this)."""
        start_time = time.perf_counter()
        xs, ys = grid_starts(self.surface, self.resolution)
        gx, gy = np.meshgrid(xs, ys)
        count = gx.size
        spec = BallSpec(optimizer=self.optimizer, hyper=dict(self.hyper))
        sim = Simulation(self.surface, [spec] * count, seed=0, record_paths=False)
        sim.start_at(np.stack([gx.ravel(), gy.ravel()]))
        steps = 0
        while steps < self.max_steps:
            if self._cancel.is_set():
                return None
            taken = sim.step(CHUNK_STEPS)
            steps += taken
            running = int(np.count_nonzero(sim.status == Status.RUNNING))
            self.progress = max(self.progress, min(0.99, 1.0 - running / count, steps / self.max_steps))
            if running == 0 or taken == 0:
                break
        labels = np.full(count, UNDECIDED, dtype=np.int64)
        labels[sim.status == Status.DIVERGED] = DIVERGES
        settled = (sim.status == Status.GLOBAL) | (sim.status == Status.LOCAL)
        labels[settled] = np.where(sim.minimum_index[settled] >= 0, sim.minimum_index[settled], UNLISTED)
        self.result = BasinMap(self.surface, self.optimizer, dict(self.hyper), xs, ys,
                               labels.reshape(gy.shape), steps, time.perf_counter() - start_time)
        self.progress = 1.0
        return self.result

    def start(self) -> "BasinJob":
        """Run on a daemon thread; poll ``progress`` and ``result``."""
        def work():
            try:
                self.run()
            except Exception as exc:  # reported on screen, never fatal
                self.error = f"{exc.__class__.__name__}: {exc}"
        self._thread = threading.Thread(target=work, name="basin-map", daemon=True)
        self._thread.start()
        return self

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def done(self) -> bool:
        return self.result is not None or self.error is not None

    def wait(self, timeout: float | None = None) -> BasinMap | None:
        if self._thread is not None:
            self._thread.join(timeout)
        return self.result


class BasinWatch:
    """Keeps one basin map up to date for a chosen optimizer and settings.

    ``want(surface, optimizer, hyper)`` starts a job in the background unless
    the map for exactly these settings is shown or being computed (a
    previous job is cancelled); ``poll()`` picks up a finished one.
    """

    def __init__(self) -> None:
        self.map: BasinMap | None = None
        self._job: BasinJob | None = None
        self._key = None

    def want(self, surface: Surface, optimizer: str, hyper: dict[str, float]) -> None:
        key = (id(surface), optimizer, tuple(sorted(hyper.items())))
        if self._key == key and (self.map is not None or self._job is not None):
            return  # computed, or being computed, for these very settings
        self.cancel()
        self._key = key
        self._job = BasinJob(surface, optimizer, hyper).start()

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
        self._job = None

    def clear(self) -> None:
        """Forget the map (another landscape is shown)."""
        self.cancel()
        self.map = None
        self._key = None

    def poll(self) -> None:
        job = self._job
        if job is not None and job.done:
            self._job = None
            if job.result is not None:
                self.map = job.result

    @property
    def progress(self) -> float | None:
        """0..1 while a map is being computed, else None."""
        return self._job.progress if self._job is not None else None

    def finish(self, timeout: float = 120.0) -> None:
        """Wait for the job in progress (single pictures and clips)."""
        if self._job is not None:
            self._job.wait(timeout)
            self.poll()
