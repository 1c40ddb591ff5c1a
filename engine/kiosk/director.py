"""Kiosk behaviour (L1): idle timer, attract mode, the operator's exit chord,
burn-in care, opening hours, and diverged balls put back.

Nothing here reads a clock: every call takes ``now`` (seconds, monotonic) and
the opening hours take the local date and time, so tests drive it with any
timeline. The director decides; the caller carries out its commands on the
session (engine/kiosk/stage.py) and the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from engine.kiosk.config import KioskConfig, OpeningHours

from engine.model.status import Status

#: The longest gap between two ticks that still turns the camera: after a
#: stall the orbit resumes instead of jumping.
MAX_TICK_SECONDS = 0.25
INTERACTIVE, COUNTDOWN, ATTRACT = "interactive", "countdown", "attract"


# -- commands ---------------------------------------------------------------------

@dataclass(frozen=True)
class ShowScene:
    """Load this scene fresh: a visitor's changes are gone."""
    name: str


@dataclass(frozen=True)
class ResetBalls:
    """Drop every ball at a new start (fixed starts go back home)."""


@dataclass(frozen=True)
class ResetBall:
    """Put one ball back at its start."""
    index: int


@dataclass(frozen=True)
class Orbit:
    degrees: float


@dataclass(frozen=True)
class Quit:
    """The operator held the exit chord."""


class ChordDetector:
    """Fires when every key of the chord has been held for ``hold_seconds``."""

    def __init__(self, keys, hold_seconds: float) -> None:
        self.keys = frozenset(keys)
        self.hold_seconds = float(hold_seconds)
        self.held: set[str] = set()
        self.since: float | None = None

    def press(self, key: str, now: float) -> None:
        self.held.add(key)
        if self.since is None and self.keys <= self.held:
            self.since = now

    def release(self, key: str, now: float) -> None:
        self.held.discard(key)
        if not self.keys <= self.held:
            self.since = None

    def release_all(self) -> None:
        """Forget held keys, e.g. when the window loses the keyboard."""
        self.held.clear()
        self.since = None

    def progress(self, now: float) -> float:
        """0 while the chord is not held, rising to 1 when it fires."""
        if self.since is None:
            return 0.0
        return min(max((now - self.since) / self.hold_seconds, 0.0), 1.0)

    def fired(self, now: float) -> bool:
        return self.since is not None and now - self.since >= self.hold_seconds


class KioskDirector:
    """Interactive use, attract mode after an idle spell, and the exit chord.

    Input methods return True when the input must not act on the app: the
    touch that wakes attract mode only wakes it (its drag and release too).
    Decisions are queued as commands; ``take_commands`` hands them over.
    """

    def __init__(self, config: KioskConfig, now: float) -> None:
        self.config = config
        self.mode = INTERACTIVE
        self.chord = ChordDetector(config.exit_chord, config.exit_hold_seconds)
        self.last_input = now
        self.attract_since: float | None = None
        self.countdown_since: float | None = None
        self.visitor_scene = config.home_scene  # the scene a visitor plays
        self.scene_index = 0
        self.scene_since = now
        self._last_tick = now
        self._pressed = False
        self._swallowing = False
        self._stopped_since: float | None = None
        self._diverged_since: dict[int, float] = {}
        self._commands: list = []

    @property
    def attract(self) -> bool:
        return self.mode == ATTRACT

    @property
    def counting_down(self) -> bool:
        return self.mode == COUNTDOWN

    def countdown_left(self, now: float) -> float:
        """Seconds before attract mode, while "Still exploring?" shows."""
        if self.countdown_since is None:
            return 0.0
        return max(0.0, self.config.countdown_seconds - (now - self.countdown_since))

    @property
    def scene(self) -> str:
        """The scene on show now."""
        if self.attract:
            return self.config.scenes[self.scene_index]
        return self.visitor_scene

    def take_commands(self) -> list:
        commands, self._commands = self._commands, []
        return commands

    # -- input ----------------------------------------------------------------
    def _activity(self, now: float) -> bool:
        """Any touch or key; True when it woke attract mode or answered the
        countdown (that touch does nothing else)."""
        self.last_input = now
        if self.mode == COUNTDOWN:
            self.mode = INTERACTIVE
            self.countdown_since = None
            return True
        if not self.attract:
            return False
        self.mode = INTERACTIVE
        self.attract_since = None
        if self.config.touch_takes_over == "home":
            self.visitor_scene = self.config.home_scene
            self._show(self.config.home_scene, now)
        else:
            # The visitor takes over the scene as the demonstration left it.
            self.visitor_scene = self.config.scenes[self.scene_index]
        return True

    def pointer_down(self, now: float) -> bool:
        self._pressed = True
        self._swallowing = self._activity(now)
        return self._swallowing

    def pointer_move(self, now: float) -> bool:
        self.last_input = now
        return self._swallowing

    def pointer_up(self, now: float) -> bool:
        swallowed = self._swallowing
        self._pressed = self._swallowing = False
        self.last_input = now
        return swallowed

    def key_down(self, key: str, now: float) -> bool:
        self.chord.press(key, now)
        return self._activity(now)

    def key_up(self, key: str, now: float) -> None:
        self.chord.release(key, now)

    # -- time -----------------------------------------------------------------
    def tick(self, now: float, statuses=()) -> None:
        """Advance to ``now``; ``statuses`` are the balls' status codes."""
        dt = min(max(now - self._last_tick, 0.0), MAX_TICK_SECONDS)
        self._last_tick = now
        if self.chord.fired(now):
            self.chord.release_all()
            self._commands.append(Quit())
            return
        cfg = self.config
        if self.mode == INTERACTIVE and not self._pressed and now - self.last_input >= cfg.idle_seconds:
            if cfg.countdown_seconds > 0:
                self.mode = COUNTDOWN
                self.countdown_since = now
                return
            self._enter_attract(now)
            return
        if self.mode == COUNTDOWN:
            if self.countdown_left(now) <= 0:
                self._enter_attract(now)
            return
        if self.attract:
            if now - self.scene_since >= cfg.attract_scene_seconds:
                self.scene_index = (self.scene_index + 1) % len(cfg.scenes)
                self._show(cfg.scenes[self.scene_index], now)
                return
            if dt > 0 and cfg.attract_orbit_degrees_per_second:
                self._commands.append(Orbit(cfg.attract_orbit_degrees_per_second * dt))
            if not cfg.attract_demo and self._all_stopped_for(now, statuses) >= cfg.attract_reset_seconds:
                self._stopped_since = None
                self._diverged_since.clear()
                self._commands.append(ResetBalls())
                return
        self._reset_diverged(now, statuses)

    def _enter_attract(self, now: float) -> None:
        self.mode = ATTRACT
        self.attract_since = now
        self.countdown_since = None
        self.visitor_scene = self.config.home_scene
        self.scene_index = 0
        self._show(self.config.scenes[0], now)

    def _show(self, name: str, now: float) -> None:
        self.scene_since = now
        self._stopped_since = None
        self._diverged_since.clear()
        self._commands.append(ShowScene(name))

    def _all_stopped_for(self, now: float, statuses) -> float:
        stopped = len(statuses) > 0 and all(int(s) != Status.RUNNING for s in statuses)
        if not stopped:
            self._stopped_since = None
            return -1.0
        if self._stopped_since is None:
            self._stopped_since = now
        return now - self._stopped_since

    def _reset_diverged(self, now: float, statuses) -> None:
        for i, status in enumerate(statuses):
            if int(status) != Status.DIVERGED:
                self._diverged_since.pop(i, None)
                continue
            since = self._diverged_since.setdefault(i, now)
            if now - since >= self.config.diverged_reset_seconds:
                del self._diverged_since[i]
                self._commands.append(ResetBall(i))


# -- burn-in care and opening hours ------------------------------------------------

#: Offsets (in units of the configured shift) visited in turn: a small ring
#: around the home position, so no pixel of the interface stays put all day.
BURN_IN_PATTERN = ((0, 0), (1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1), (0, -1), (1, -1))


def burn_in_offset(now: float, pixels: float, every_seconds: float) -> tuple[float, float]:
    """Where the static interface sits at ``now``, in pixels from home."""
    if pixels <= 0 or every_seconds <= 0:
        return 0.0, 0.0
    dx, dy = BURN_IN_PATTERN[int(now // every_seconds) % len(BURN_IN_PATTERN)]
    return dx * pixels, dy * pixels


def is_open(hours: OpeningHours | None, when: datetime) -> bool:
    """True within opening hours (always, when none are set). Hours that end
    before they start run past midnight, counted to the day they began."""
    if hours is None:
        return True
    t = when.time()
    if hours.open < hours.close:
        return when.weekday() in hours.days and hours.open <= t < hours.close
    if hours.open == hours.close:  # open round the clock on the listed days
        return when.weekday() in hours.days
    if t >= hours.open:
        return when.weekday() in hours.days
    if t < hours.close:
        return (when - timedelta(days=1)).weekday() in hours.days
    return False


def brightness(hours: OpeningHours | None, when: datetime) -> float:
    """1 while open; the configured dim level outside opening hours."""
    return 1.0 if is_open(hours, when) else hours.dim_brightness
