"""Words for museum visitors (L1): every visitor-mode string in one table,
marked for the message catalogs (``N_``) and translated where it is shown.

The teacher's window keeps the technical names; a kiosk in visitor mode
(its default) shows these instead.
"""

from __future__ import annotations

import math

from engine.model.status import Status
from engine.support.i18n import N_, number

#: Plain words for where a ball stands.
STATUS = {
    Status.RUNNING: N_("Rolling downhill…"),
    Status.GLOBAL: N_("Found the lowest point!"),
    Status.LOCAL: N_("Stuck in a dip — not the lowest"),
    Status.DIVERGED: N_("Steps too big — it flew off"),
}

#: The same, keyed as the HUD's status pill keys them.
PLAIN_STATUS = {
    "running": STATUS[Status.RUNNING],
    "paused": N_("Paused"),
    "global": STATUS[Status.GLOBAL],
    "local": STATUS[Status.LOCAL],
    "diverged": STATUS[Status.DIVERGED],
}

#: The learning-rate slider's name, with the technical name small beneath.
STEP_SIZE = N_("Step size")
STEP_SIZE_TECHNICAL = N_("learning rate")

PROMPT = N_("Touch to play")
STILL_THERE = N_("Still exploring? Touch to keep going")

#: The attract demonstration's narration, one line at a time.
DEMO_WATCH = N_("Watch: the ball rolls downhill, one step at a time")
DEMO_BIGGER = N_("Bigger steps: each one jumps further")
DEMO_OVERSHOOT = N_("Too big a step: the ball overshoots")
DEMO_NEW_START = N_("New start: the ball drops somewhere new")
DEMO_MOMENTUM = N_("Momentum: the ball keeps some speed and can roll through small dips")


def status_words(status: int) -> str:
    """Where a ball stands, in plain words (a catalog message: translated
    where it is drawn)."""
    return STATUS.get(Status(int(status)), "")


def plain_number(value: float) -> str:
    """A number as a 12-year-old reads it: no scientific notation, no more
    than three meaningful digits ("0.05", "1.2", "0.0001")."""
    if value != value or value in (float("inf"), float("-inf")):
        return "—"
    if value == 0:
        return "0"
    magnitude = abs(value)
    digits = max(0, 2 - math.floor(math.log10(magnitude)))
    text = f"{value:.{min(digits, 12)}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return number(text)  # the language's decimal comma where it uses one
