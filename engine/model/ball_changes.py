"""How a simulation's balls change their settings (L1): the optimizer, a
hyper-parameter, the noise, the schedule and the batch size, each from the
very next step. Every change makes each ball a new frozen ``Ball`` with new
``BallSettings`` (balls that shared one share the new one); a ball that had
stopped runs again. Mixed into ``Simulation``, whose state it changes."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from engine.maths.schedules import preset_schedule
from engine.model.ball_state import BallState
from engine.model.balls import Ball
from engine.model.settings import BallSettings, setting
from engine.model.status import Status


class SettingChanges(BallState):
    """The settings half of ``Simulation`` (engine/model/simulation.py)."""

    def _resettle(self, indices, change) -> None:
        """Give balls ``indices`` new settings, ``change(old settings)``: each
        a new frozen value; balls that shared one share the new one."""
        made: dict[int, Ball] = {}
        for i in indices:
            old = self.balls[i]
            new = made.get(id(old))
            if new is None:
                new = made[id(old)] = replace(old, settings=change(old.settings))
            self.balls[i] = new

    def set_optimizer(self, name: str, balls=None) -> None:
        """Switch balls to another optimizer; they go on from where they are."""
        indices = self._indices(balls)
        # Only the learning rate carries over: the new optimizer starts
        # with its own defaults for the rest (Momentum with momentum 0.9,
        # not the 0 that plain SGD had).
        carried = [{"lr": self.hyper_of(i)["lr"]} for i in indices]
        self._optim.assign(indices, name, carried)
        for i in indices:
            old = self.balls[i].settings
            self.balls[i] = replace(self.balls[i], settings=BallSettings.of(
                name, self.hyper_of(i), old.noise, old.schedule, old.batch_size))
        self._wake(indices)

    def change(self, name: str, value, balls=None) -> None:
        """Change setting ``name`` (a row of engine/model/settings.py: a
        hyper-parameter, "noise", "schedule" as a preset's index, or
        "batch_size") of these balls; it acts from the very next step. The
        value is taken as given: the controls, the command line and scene
        files check it against the table first."""
        if setting(name).per_ball:
            if name == "noise":
                return self.set_noise(value, balls)
            if name == "schedule":
                return self._set_schedule_preset(int(value), balls)
            for i in self._indices(balls):
                self.set_batch_size(i, int(value))
            return
        self.set_hyper(name, value, balls)

    def set_hyper(self, key: str, value: float, balls=None) -> None:
        """Change a hyper-parameter; it takes effect at the very next step.
        (The ball's own settings, "noise" and "schedule", go to ``change``.)"""
        if key in ("noise", "schedule", "batch_size"):
            return self.change(key, value, balls)
        value = float(value)
        indices = self._indices(balls)
        self._optim.set_hyper(key, value, indices)
        self._resettle(indices, lambda old: old.with_value(key, value))
        self._wake(indices)

    def _wake(self, indices: list[int]) -> None:
        """A change of settings acts at once: a stopped ball runs again,
        from where it rests, or from its start if it flew off."""
        flown = np.zeros(self.n, dtype=bool)
        for i in indices:
            status = int(self.status[i])
            if status == Status.DIVERGED:
                flown[i] = True
            elif status != Status.RUNNING:
                self.status[i] = Status.RUNNING
                self.minimum_index[i] = -1
                self._anchor[:, i] = self.pos[:, i]
                self.prev_pos[:, i] = self.pos[:, i]
        if flown.any():
            self._restart(flown)

    def set_noise(self, sigma: float, balls=None) -> None:
        """Gradient noise σ for these balls from their next step on (0: exact gradients)."""
        indices = self._indices(balls)
        sigma = float(sigma)
        self.extras.set_noise(sigma, indices)
        self._resettle(indices, lambda old: old.with_value("noise", sigma))

    def set_schedule(self, schedule, balls=None) -> None:
        """A learning-rate schedule (None: a constant rate) for these balls, starting afresh."""
        for i in self._indices(balls):
            self._resettle([i], lambda old: old.with_schedule(schedule))
            self.extras.set_schedule(i, schedule)

    def _set_schedule_preset(self, index: int, balls) -> None:
        """The advanced panel's schedule number ``index`` (0: a constant
        rate), starting from each ball's own learning rate."""
        for i in self._indices(balls):
            base = self.balls[i].settings.hyper["lr"]
            self.set_schedule(preset_schedule(index, base), balls=i)

    def set_batch_size(self, i: int, size: int) -> None:
        """On a data landscape: ball i's samples per step (0: all of them),
        from its very next step."""
        self._batches.set_size(i, int(size))
        self._resettle([i], lambda old: old.with_value("batch_size", self._batches.sizes[i]))
