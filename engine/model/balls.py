"""The balls a simulation runs (L1): ``BallSpec``, one ball as a scene
describes it, and ``Ball``, one ball as the simulation has it now (its
settings a frozen ``BallSettings``, replaced whole on every change), and the
seeded random starts they drop from."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from engine.maths.optim import optimizer_class
from engine.maths.surfaces import Surface
from engine.model.settings import BallSettings


@dataclass
class BallSpec:
    """One ball as a scene describes it."""

    optimizer: str = "sgd"
    hyper: dict[str, float] = field(default_factory=dict)
    start: tuple[float, float] | None = None  # None: a seeded random start
    colour: tuple[float, float, float] = (0.86, 0.12, 0.1)
    label: str = ""
    noise: float = 0.0          # σ of the Gaussian noise added to each step's gradient
    schedule: object = None     # an engine.maths.schedules.Schedule, or None: constant lr
    #: On a data landscape: samples per step's gradient (0: all of them).
    batch_size: int = 0

    def __post_init__(self) -> None:
        # What the label speaks of: the values as made, before any change.
        self._labelled = (self.optimizer, dict(self.hyper))

    def settings(self) -> BallSettings:
        """The settings this ball starts with: its optimizer's defaults with
        the scene's values over them."""
        return BallSettings.of(self.optimizer, self.hyper, self.noise, self.schedule, self.batch_size)


@dataclass(frozen=True)
class Ball:
    """One ball as the simulation has it now: where it starts from, how it
    looks and its settings. Frozen: a change of settings is a new Ball."""

    settings: BallSettings
    start: tuple[float, float] | None = None
    colour: tuple[float, float, float] = (0.86, 0.12, 0.1)
    label: str = ""
    #: The optimizer and the values the scene gave, which the label speaks of.
    labelled: tuple = ("sgd", ())

    @classmethod
    def of(cls, spec: BallSpec) -> Ball:
        optimizer, given = getattr(spec, "_labelled", (spec.optimizer, spec.hyper))
        return cls(spec.settings(), spec.start, tuple(spec.colour), spec.label,
                   (optimizer, tuple((k, float(v)) for k, v in given.items())))

    @property
    def optimizer(self) -> str:
        return self.settings.optimizer

    @property
    def hyper(self):
        return self.settings.hyper

    @property
    def noise(self) -> float:
        return self.settings.noise

    @property
    def schedule(self):
        return self.settings.schedule

    @property
    def batch_size(self) -> int:
        return self.settings.batch_size

    def display_label(self) -> str:
        """The scene's label while the ball keeps the settings it was given
        ("Too big (0.95)"); once they change, the optimizer's own name, so
        the label never tells of settings the ball no longer has."""
        optimizer, given = self.labelled
        kept = self.optimizer == optimizer and all(
            float(self.hyper.get(k, v)) == float(v) for k, v in given)
        return self.label if self.label and kept else optimizer_class(self.optimizer).title


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
        with np.errstate(all="ignore"):  # never where a formula is undefined
            ok &= np.isfinite(surface.value(cand[0], cand[1]))
        out[:, todo[ok]] = cand[:, ok]
        todo = todo[~ok]
    return out
