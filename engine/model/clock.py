"""The fixed-timestep clock (L1), after Glenn Fiedler's "Fix Your Timestep!".

The clock never reads the wall clock: the caller passes the elapsed time in,
so tests can drive it with any sequence of frame times. The simulation only
ever advances in whole fixed steps; the frame rate decides how many steps run
per frame, never what a step does.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_FRAME_SECONDS = 0.25


@dataclass
class FixedClock:
    steps_per_second: float = 30.0
    max_frame: float = MAX_FRAME_SECONDS
    accumulator: float = 0.0

    def __post_init__(self) -> None:
        self.set_rate(self.steps_per_second)

    @property
    def dt(self) -> float:
        return 1.0 / self.steps_per_second

    def set_rate(self, steps_per_second: float) -> None:
        if not steps_per_second > 0:
            raise ValueError(f"steps per second must be positive, got {steps_per_second}")
        # Keep the fraction of a step already accumulated, so a speed change
        # does not make the ball jump.
        fraction = self.alpha if hasattr(self, "_rate_set") else 0.0
        self.steps_per_second = float(steps_per_second)
        self.accumulator = fraction * self.dt
        self._rate_set = True

    def advance(self, elapsed: float) -> int:
        """Add a frame's elapsed seconds; return how many fixed steps to run.

        A long frame (a stall, a dragged window) is clamped so the simulation
        never tries to catch up in one burst: the spiral of death.
        """
        elapsed = min(max(float(elapsed), 0.0), self.max_frame)
        self.accumulator += elapsed
        # A step that falls due exactly on this frame counts now, not one
        # frame late because of rounding in the sum of frame times.
        steps = int(self.accumulator / self.dt + 1e-9)
        self.accumulator -= steps * self.dt
        if self.accumulator < 0.0:  # rounding guard
            self.accumulator = 0.0
        return steps

    @property
    def alpha(self) -> float:
        """How far between the previous and the current step to draw, 0..1."""
        return min(max(self.accumulator / self.dt, 0.0), 1.0)

    def reset(self) -> None:
        self.accumulator = 0.0
