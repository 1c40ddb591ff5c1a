"""The attract demonstration (L1): a ghost finger performs what a scene's
caption invites ("Try: ...") on the real controls, and one line of narration
says what just happened.

The finger drags the step size up, presses New start, then switches to
Momentum. Every move is an ordinary action (engine/ui/actions.py) that the
window carries out, so the picture is the real simulation's. The narration
of an outcome is read from the simulation (the ball's status, whether its
loss went up), never assumed. No clock is read: ``advance`` takes ``now``,
the simulation, the selected ball and the controls (for the finger).
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.model.status import Status
from engine.ui import visitor_words as words
from engine.ui.actions import Reset, SetHyper, SetOptimizer

#: How many times the scene's own step size the finger drags it to.
BIG_STEP_FACTOR = 10.0
#: Seconds the finger takes to travel to a control, and to drag a slider.
TRAVEL, DRAG = 0.8, 1.4


@dataclass(frozen=True)
class Move:
    at: float        # seconds after the demonstration began
    control: str     # "lr", "reset", "momentum", or "" (the finger rests)
    narration: str = ""  # said when the move is done; "outcome" reads the ball


SCRIPT = (
    Move(0.0, "", words.DEMO_WATCH),
    Move(4.0, "lr", words.DEMO_BIGGER),
    Move(10.0, "", "outcome"),
    Move(14.0, "reset", words.DEMO_NEW_START),
    Move(20.0, "", "outcome"),
    Move(23.0, "momentum", words.DEMO_MOMENTUM),
    Move(31.0, "", "outcome"),
)


@dataclass(frozen=True)
class Finger:
    """Where the ghost finger is (pixels) and whether it is pressing."""
    x: float
    y: float
    pressing: bool = False


class Demonstration:
    def __init__(self, now: float, sim, selected: int, script=SCRIPT) -> None:
        self.script = tuple(script)
        self.start = now
        self.done = 0            # moves carried out so far
        self.narration = ""
        self.finger: Finger | None = None
        self.home_lr = float(sim.hyper_of(selected).get("lr", 0.05))
        self._loss_mark: float | None = None
        self._rose = False

    # -- time -------------------------------------------------------------------
    def advance(self, now: float, sim, selected: int, hud) -> list:
        """The actions to carry out by ``now``."""
        t = now - self.start
        actions = []
        self._watch_loss(sim, selected)
        while self.done < len(self.script):
            move = self.script[self.done]
            if move.control and t < move.at + TRAVEL + (DRAG if move.control == "lr" else 0.2):
                break  # the finger is still on its way
            if not move.control and t < move.at:
                break
            actions += self._finish(move, sim, selected)
            self.done += 1
        self.finger = self._finger_at(t, hud)
        if self.finger is not None and self.finger.pressing and self._current_control(t) == "lr":
            actions.append(SetHyper("lr", self._dragged_lr(t)))
        return actions

    def _finish(self, move: Move, sim, selected: int) -> list:
        actions = []
        if move.control == "lr":
            actions.append(SetHyper("lr", self.home_lr * BIG_STEP_FACTOR))
            self._loss_mark, self._rose = None, False
        elif move.control == "reset":
            actions += [SetHyper("lr", self.home_lr), Reset()]
            self._loss_mark, self._rose = None, False
        elif move.control == "momentum":
            actions += [SetOptimizer("momentum"), Reset()]
            self._loss_mark, self._rose = None, False
        self.narration = self.outcome(sim, selected) if move.narration == "outcome" else move.narration
        return actions

    def _watch_loss(self, sim, selected: int) -> None:
        loss = float(sim.loss[selected])
        if self._loss_mark is not None and loss > self._loss_mark + 1e-12:
            self._rose = True
        self._loss_mark = loss

    def outcome(self, sim, selected: int) -> str:
        """What the selected ball did, in plain words."""
        status = int(sim.status[selected])
        if status == Status.RUNNING and self._rose:
            return words.DEMO_OVERSHOOT
        return words.status_words(status)

    # -- the finger --------------------------------------------------------------
    def _current_control(self, t: float) -> str:
        for move in reversed(self.script):
            if move.control and t >= move.at:
                return move.control if t < move.at + TRAVEL + DRAG + 0.6 else ""
        return ""

    def _dragged_lr(self, t: float) -> float:
        move = next(m for m in self.script if m.control == "lr" and t >= m.at)
        f = min(max((t - move.at - TRAVEL) / DRAG, 0.0), 1.0)
        return self.home_lr * BIG_STEP_FACTOR ** f

    def _finger_at(self, t: float, hud) -> Finger | None:
        control = self._current_control(t)
        if not control:
            return None
        move = next(m for m in reversed(self.script) if m.control == control and t >= m.at)
        target = _control_point(hud, control, self._dragged_lr(t) if control == "lr" else None)
        if target is None:
            return None
        if control == "lr":
            start = _control_point(hud, "lr", self.home_lr)
        else:
            start = (target[0] + 120 * hud.scale, target[1] - 160 * hud.scale)
        f = min(max((t - move.at) / TRAVEL, 0.0), 1.0)
        if control == "lr" and t >= move.at + TRAVEL:
            return Finger(target[0], target[1], pressing=t < move.at + TRAVEL + DRAG)
        sx, sy = start[0] + 60 * hud.scale, start[1] - 120 * hud.scale
        ex, ey = target
        ease = f * f * (3 - 2 * f)
        pressing = control != "lr" and f >= 1.0 and t < move.at + TRAVEL + 0.4
        return Finger(sx + (ex - sx) * ease, sy + (ey - sy) * ease, pressing)


def _control_point(hud, control: str, lr: float | None = None):
    """The pixel the finger touches to work ``control``."""
    if control == "lr":
        s = hud.lr_slider
        if s.rect is None or "lr" not in hud.layout.groups:
            return None
        return s.x_for_value(lr), s.track_y
    if control == "reset":
        r = hud.reset_button.rect
        return (r.cx, r.cy) if r is not None else None
    if control == "momentum":
        choice = hud.optimizer_choice
        if "momentum" not in choice.options or not getattr(choice, "segments", None):
            return None
        r = choice.segments[choice.options.index("momentum")]
        return r.cx, r.cy
    return None
