"""The one vocabulary of user actions, and how the controls word numbers
and statuses.

Every control (the dock, the teaching panels, the menus, keys) asks for a
change as one of these small frozen values: compare them with ``==``. Each
is carried out in exactly one place: the layer that owns it registers its
handler in the one ``ActionRegistry`` (engine/ui/registry.py): the session
for the simulation, camera and views, the window for what only a window can
do (fullscreen, screenshots, clips), the kiosk for its director's commands.
Statuses are the simulation's codes (engine.model.status) or their names.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from engine.model.settings import setting
from engine.model.status import Status
from engine.support.i18n import N_, number


# Actions -------------------------------------------------------------------
@dataclass(frozen=True)
class SetHyper:
    """Set the selected ball's setting ``name`` (a row of the table of
    settings, engine/model/settings.py: "lr", "momentum", "beta1", ...,
    "noise", or "schedule" with a preset's number) to ``value``."""

    name: str
    value: float | int


@dataclass(frozen=True)
class SetOptimizer:
    name: str


@dataclass(frozen=True)
class SetSpeed:
    value: float


@dataclass(frozen=True)
class TogglePlay:
    pass


@dataclass(frozen=True)
class Step:
    pass


@dataclass(frozen=True)
class NudgeHyper:
    """Nudge the selected ball's hyper-parameter ``name`` by ``steps`` fine
    steps (the − / + beside the learning-rate slider): one unit of its
    second significant digit, so any two-digit value can be reached."""

    name: str
    steps: int


@dataclass(frozen=True)
class StartTyping:
    """Start typing a value for the selected ball's setting ``name`` (L)."""

    name: str


@dataclass(frozen=True)
class TypeCharacter:
    """One more character of the value being typed: a digit or "."."""

    char: str


@dataclass(frozen=True)
class EraseTyped:
    """Backspace: take back the last character typed."""


@dataclass(frozen=True)
class CancelTyping:
    """Esc: forget the value being typed."""


@dataclass(frozen=True)
class FinishTyping:
    """Enter: set the value typed (a value out of range is said, not set)."""


def nudge_value(value: float, steps: int, low: float, high: float) -> float:
    """``value`` moved ``steps`` units of its second significant digit,
    kept in [low, high]: 0.95 → 0.96, 1.2 → 1.3, 0.02 → 0.021; going down
    from a power of ten takes the finer unit (1.0 → 0.99)."""
    v = float(value)
    for _ in range(abs(int(steps))):
        up = steps > 0
        e = math.floor(math.log10(v)) if v > 0 else math.floor(math.log10(low))
        unit = 10.0 ** (e - 1)
        snapped = round(v / unit) * unit
        if not up and abs(snapped - 10.0 ** e) < unit * 1e-6:
            unit /= 10.0                     # below a power of ten the digits are finer
        v = snapped + (unit if up else -unit)
        v = float(f"{v:.3g}")
        v = min(max(v, low), high)
    return v


@dataclass(frozen=True)
class Reset:
    pass


@dataclass(frozen=True)
class ZoomIn:
    pass


@dataclass(frozen=True)
class ZoomOut:
    pass


@dataclass(frozen=True)
class ToggleFullscreen:
    pass


@dataclass(frozen=True)
class SelectBall:
    """The controls now act on ball ``index``."""

    index: int


@dataclass(frozen=True)
class LoadScene:
    name: str


@dataclass(frozen=True)
class ToggleView:
    """Teaching view ``name`` (engine.model.views) is now ``on``."""

    name: str
    on: bool


@dataclass(frozen=True)
class TurnCamera:
    """Turn the camera by whole key steps (yaw right, pitch up)."""

    yaw_steps: int
    pitch_steps: int


@dataclass(frozen=True)
class HomeView:
    """Back to the scene's camera; the balls stay where they are."""


@dataclass(frozen=True)
class SetLanguage:
    """Every word on screen in language ``code`` (a catalog's code)."""

    code: str


@dataclass(frozen=True)
class MoveFocus:
    """Move the keyboard's focus ring ``step`` controls on (Tab: 1,
    Shift+Tab: -1)."""

    step: int


@dataclass(frozen=True)
class PressFocused:
    """Enter or Space: tap the control under the focus ring."""


@dataclass(frozen=True)
class AdjustFocused:
    """Arrow keys: move the slider under the focus ring (coarse: Shift)."""

    steps: int
    coarse: bool = False


@dataclass(frozen=True)
class ToggleKeyHelp:
    """The "?" card that lists every key."""


@dataclass(frozen=True)
class StartPlacing:
    """Show a cursor on the landscape, at the selected ball, to move with
    the arrow keys."""


@dataclass(frozen=True)
class MovePlacing:
    """Move the placement cursor by whole key steps across the landscape."""

    dx: int
    dy: int
    coarse: bool = False


@dataclass(frozen=True)
class DropAtPlacing:
    """Drop the selected ball where the placement cursor is."""


@dataclass(frozen=True)
class CancelKeyModes:
    """Esc: close the key card and the placement cursor, clear the ring."""


@dataclass(frozen=True)
class SetDisplay:
    """A switch of the View menu's lower part: "projector" (the theme),
    "large_text" or "reduced_motion" is now ``on``."""

    name: str
    on: bool


@dataclass(frozen=True)
class TakeScreenshot:
    pass


@dataclass(frozen=True)
class ToggleRecording:
    pass


@dataclass(frozen=True)
class SaveScene:
    """Write what is on screen as a scene file (engine/model/scene_writer.py)."""


@dataclass(frozen=True)
class SetBatchSize:
    """On a data landscape: the selected ball's mini-batch size (0: all)."""

    value: int


@dataclass(frozen=True)
class UseFormula:
    """Make ``text`` (a formula of x and y) the landscape."""

    text: str


@dataclass(frozen=True)
class LeaveFullscreen:
    pass


@dataclass(frozen=True)
class CloseWindow:
    pass


Action = (SetHyper | NudgeHyper | StartTyping | TypeCharacter | EraseTyped | CancelTyping | FinishTyping
          | SetOptimizer | SetSpeed | TogglePlay | Step | Reset | ZoomIn | ZoomOut
          | ToggleFullscreen | SelectBall | LoadScene | ToggleView | TurnCamera | HomeView | SetLanguage
          | MoveFocus | PressFocused | AdjustFocused | ToggleKeyHelp | StartPlacing | MovePlacing
          | DropAtPlacing | CancelKeyModes | SetDisplay
          | TakeScreenshot | ToggleRecording | SaveScene | SetBatchSize | UseFormula | LeaveFullscreen
          | CloseWindow)

# (key the simulation uses, label a visitor reads); the first two are shown
# up front, the rest behind "More".
OPTIMIZERS = (("sgd", N_("SGD")), ("momentum", N_("Momentum")), ("nesterov", N_("Nesterov")),
              ("adam", N_("Adam")), ("rmsprop", N_("RMSprop")), ("adagrad", N_("Adagrad")),
              ("adamw", N_("AdamW")), ("nadam", N_("NAdam")), ("radam", N_("RAdam")), ("adamax", N_("Adamax")),
              ("adadelta", N_("Adadelta")), ("rprop", N_("Rprop")), ("asgd", N_("ASGD")))
FRONT_COUNT = 2
MORE = "more"
MOMENTUM_OPTIMIZERS = frozenset({"momentum", "nesterov"})

STATUS_TEXT = {
    "running": N_("Running"),
    "paused": N_("Paused"),
    "global": N_("Reached the global minimum"),
    "local": N_("Stuck in a local minimum"),
    "diverged": N_("Diverged"),
}
_STATUS_CODES = {Status.RUNNING: "running", Status.GLOBAL: "global", Status.LOCAL: "local",
                 Status.DIVERGED: "diverged"}
_STATUS_ALIASES = {v.lower(): k for k, v in STATUS_TEXT.items()}

#: The dock's sliders' ends: the learning rate's range and the part of the
#: momentum's worth trying, from the table of settings.
LR_RANGE = setting("lr").slider_range
SPEED_RANGE = (1.0, 240.0)
MOMENTUM_RANGE = setting("momentum").slider_range


def format_number(value: float, digits: int = 2) -> str:
    """Short human form: 0.050, 1.2, 3,400, 1.2e+08; a true minus sign."""
    if value is None or not math.isfinite(value):
        return "∞" if value is not None and math.isinf(value) else "—"
    a = abs(value)
    if a != 0 and (a >= 1e6 or a < 1e-4):
        text = f"{value:.{digits}e}"
    elif a >= 1000:
        text = f"{value:,.0f}"
    elif a == 0:
        text = "0"
    else:
        decimals = max(0, digits - 1 - math.floor(math.log10(a)))
        text = f"{value:.{decimals}f}"
    return number(text).replace("-", "−")


def normalise_status(status) -> str | None:
    if status is None:
        return None
    if isinstance(status, (int,)) or hasattr(status, "__index__"):
        return _STATUS_CODES.get(int(status), "running")
    key = str(status).strip().lower()
    if key in STATUS_TEXT:
        return key
    if key in _STATUS_ALIASES:
        return _STATUS_ALIASES[key]
    raise ValueError(f"unknown status '{status}'")
