"""The basin map (L1): "where would the ball end up from here?"

Runs one optimizer, with one set of hyper-parameters, from every point of a
grid of starts until each start has settled in a minimum or diverged, and
records which. It can run on a worker thread while the window stays
responsive: progress is readable at any time and the work can be cancelled.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field

import numpy as np

from engine.maths.surfaces import Surface
from engine.model.balls import BallSpec
from engine.model.simulation import Simulation
from engine.model.status import Status

#: Labels in the result grid besides minimum indices (0 = global, 1.. = local).
DIVERGES = -1
UNLISTED = -2   # settled in a minimum the landscape does not list
UNDECIDED = -3  # still moving when the step budget ran out

DEFAULT_RESOLUTION = 256
MAX_STEPS = 20_000
CHUNK_STEPS = 40
#: Threads that share a map's starts: the cores a small machine has.
WORKERS = max(1, min(2, os.cpu_count() or 1))
#: Once no more than this share of a simulation's balls still run, the rest
#: go on in a smaller one: stepping stopped balls along costs as much as
#: stepping running ones.
COMPACT_SHARE = 0.99


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


def _labels_of(sim: Simulation, balls: np.ndarray) -> np.ndarray:
    """The label of each of ``balls``: a minimum's index or one of the codes above."""
    status = sim.status[balls]
    found = sim.minimum_index[balls]
    labels = np.full(balls.size, UNDECIDED, dtype=np.int64)
    labels[status == Status.DIVERGED] = DIVERGES
    settled = (status == Status.GLOBAL) | (status == Status.LOCAL)
    labels[settled] = np.where(found[settled] >= 0, found[settled], UNLISTED)
    return labels


@dataclass
class BasinJob:
    """A basin-map computation that can run on a worker thread."""

    surface: Surface
    optimizer: str
    hyper: dict[str, float]
    resolution: int = DEFAULT_RESOLUTION
    max_steps: int = MAX_STEPS
    workers: int = WORKERS
    progress: float = 0.0
    result: BasinMap | None = None
    error: str | None = None
    _cancel: threading.Event = field(default_factory=threading.Event, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)

    def run(self) -> BasinMap | None:
        """Compute the map here and now (the worker thread calls this).

        The starts are dealt out to ``workers`` threads, each stepping its
        own share as one simulation; numpy lets go of the interpreter lock
        in its array passes, so the shares run on separate cores. The
        labels do not depend on how the starts are shared out.
        """
        start_time = time.perf_counter()
        xs, ys = grid_starts(self.surface, self.resolution)
        gx, gy = np.meshgrid(xs, ys)
        starts = np.stack([gx.ravel(), gy.ravel()])
        count = starts.shape[1]
        labels = np.full(count, UNDECIDED, dtype=np.int64)
        shares = np.array_split(np.arange(count), max(1, min(self.workers, count)))
        self._left = [share.size for share in shares]
        steps = [0] * len(shares)
        failures: list[Exception] = []

        def run_share(k, share):
            try:
                self._run_share(k, share, starts, labels, steps)
            except Exception as exc:  # raised again below, on the calling thread
                failures.append(exc)
                self._cancel.set()

        threads = [threading.Thread(target=run_share, args=(k, share), name=f"basin-map-{k}", daemon=True)
                   for k, share in enumerate(shares[1:], start=1)]
        for thread in threads:
            thread.start()
        run_share(0, shares[0])
        for thread in threads:
            thread.join()
        if failures:
            raise failures[0]
        if self._cancel.is_set():
            return None
        self.result = BasinMap(self.surface, self.optimizer, dict(self.hyper), xs, ys,
                               labels.reshape(gy.shape), max(steps),
                               time.perf_counter() - start_time)
        self.progress = 1.0
        return self.result

    def _run_share(self, k: int, index: np.ndarray, starts: np.ndarray, labels: np.ndarray,
                   steps_taken: list[int]) -> None:
        """Run the starts ``index`` to their ends; write their labels."""
        spec = BallSpec(optimizer=self.optimizer, hyper=dict(self.hyper))
        sim = Simulation(self.surface, [spec] * index.size, seed=0, record_paths=False,
                         starts=starts[:, index])
        count = labels.size
        steps = 0
        while steps < self.max_steps:
            if self._cancel.is_set():
                return
            taken = sim.step(CHUNK_STEPS)
            steps += taken
            running = sim.status == Status.RUNNING
            moving = int(np.count_nonzero(running))
            self._left[k] = moving
            steps_taken[k] = steps
            self.progress = max(self.progress, min(0.99, 1.0 - sum(self._left) / count,
                                                   steps / self.max_steps))
            if moving == 0 or taken == 0:
                break
            if moving <= COMPACT_SHARE * sim.n:
                # The stopped balls are done: label them and go on with a
                # smaller simulation of the rest, which steps them to the
                # same bits (a ball's path never depends on its neighbours).
                stopped = np.flatnonzero(~running)
                labels[index[stopped]] = _labels_of(sim, stopped)
                kept = np.flatnonzero(running)
                sim, index = sim.take(kept), index[kept]
        labels[index] = _labels_of(sim, np.arange(sim.n))

    def start(self) -> BasinJob:
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
