"""A scene's lesson (L1): which controls a learner gets, and captions that
change as the lesson goes.

```toml
[lesson]
controls = ["transport", "lr"]      # only these groups of the control dock
lr_range = [0.01, 2.0]              # the learning-rate slider's ends

[[lesson.caption]]                  # the last one whose moment has come is shown
at_step = 30                        # once the balls have taken 30 steps
text = "..."

[[lesson.caption]]
when = "diverged"                   # or "minimum" (any), "global"; ball = i for one ball
ball = 3
text = "..."
```

A caption's words may be given per language (``text.en = "..."``,
``text.fr = "..."``); the language on screen is shown, else English.

A caption's moment is a state, not an event: press New start and the lesson
begins again from the scene's own caption.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from engine.model.settings import setting
from engine.model.status import Status
from engine.support import i18n

#: The control dock's groups, as a lesson names them.
CONTROL_GROUPS = ("transport", "optimizer", "lr", "momentum", "speed", "zoom")
WHEN = ("minimum", "global", "diverged")
#: The learning rate's range (engine/model/settings.py), over which the
#: window's slider runs: a lesson may narrow it, not widen it.
LR_SLIDER_RANGE = setting("lr").range
LESSON_KEYS = {"controls", "lr_range", "caption"}
CAPTION_KEYS = {"text", "at_step", "when", "ball"}


@dataclass(frozen=True)
class LessonCaption:
    text: str
    at_step: int | None = None
    when: str | None = None
    ball: int | None = None
    #: The words per language (``text.fr = "..."``); ``text`` is the English.
    texts: tuple[tuple[str, str], ...] = ()

    def shown(self) -> str:
        """The words in the language on screen, falling back to English."""
        return i18n.pick(dict(self.texts), self.text)

    def reached(self, sim) -> bool:
        balls = range(sim.n) if self.ball is None else [self.ball]
        if self.at_step is not None and max(int(sim.steps[i]) for i in balls) < self.at_step:
            return False
        if self.when is not None:
            wanted = {"minimum": (Status.GLOBAL, Status.LOCAL), "global": (Status.GLOBAL,),
                      "diverged": (Status.DIVERGED,)}[self.when]
            if not any(Status(int(sim.status[i])) in wanted for i in balls):
                return False
        return True


@dataclass(frozen=True)
class Lesson:
    #: The dock groups shown; None: all of them.
    controls: tuple[str, ...] | None = None
    lr_range: tuple[float, float] | None = None
    captions: tuple[LessonCaption, ...] = field(default_factory=tuple)

    def allows(self, group: str) -> bool:
        return self.controls is None or group in self.controls

    def caption(self, sim, default: str) -> str:
        """The caption for the lesson's moment: the last one reached, else ``default``."""
        shown = default
        for cap in self.captions:
            if cap.reached(sim):
                shown = cap.shown()
        return shown


def parse_lesson(table: dict, fail, balls: int, lr_limits: tuple[float, float]) -> Lesson:
    """``[lesson]`` as a Lesson; ``fail(key, problem)`` raises the scene's error."""
    for key in table:
        if key not in LESSON_KEYS:
            fail(f"lesson.{key}", f"unknown key (allowed: {', '.join(sorted(LESSON_KEYS))})")
    controls = None
    if "controls" in table:
        value = table["controls"]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            fail("lesson.controls", f"must be a list of names from {', '.join(CONTROL_GROUPS)}")
        for name in value:
            if name not in CONTROL_GROUPS:
                fail("lesson.controls", f"unknown control '{name}' (choose from {', '.join(CONTROL_GROUPS)})")
        controls = tuple(value)
    lr_range = None
    if "lr_range" in table:
        value = table["lr_range"]
        if (not isinstance(value, list) or len(value) != 2
                or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)):
            fail("lesson.lr_range", "must be [low, high]")
        low, high = float(value[0]), float(value[1])
        lo_lim, hi_lim = lr_limits
        if not (math.isfinite(low) and math.isfinite(high) and lo_lim <= low < high <= hi_lim):
            fail("lesson.lr_range", f"[{low:g}, {high:g}] must have {lo_lim:g} <= low < high <= {hi_lim:g}")
        lr_range = (low, high)
    captions = []
    raw = table.get("caption", [])
    if not isinstance(raw, list) or not all(isinstance(c, dict) for c in raw):
        fail("lesson.caption", "must be one or more [[lesson.caption]] tables")
    for i, cap in enumerate(raw):
        where = f"lesson.caption[{i}]"
        for key in cap:
            if key not in CAPTION_KEYS:
                fail(f"{where}.{key}", f"unknown key (allowed: {', '.join(sorted(CAPTION_KEYS))})")
        text = cap.get("text")
        texts: dict[str, str] = {}
        if isinstance(text, dict):  # text.en = "...", text.fr = "..."
            for code, words in text.items():
                if not isinstance(words, str) or not words.strip():
                    fail(f"{where}.text.{code}", "must be the words to show (a string)")
                if not code.replace("_", "").replace("-", "").isalnum() or len(code) > 12:
                    fail(f"{where}.text.{code}", "not a language code (for example en, fr, pt_BR)")
                texts[code] = " ".join(words.split())
            text = texts.get(i18n.DEFAULT)
            if text is None:
                fail(f"{where}.text.{i18n.DEFAULT}", "missing (the English words, shown when no translation is)")
        if not isinstance(text, str) or not text.strip():
            fail(f"{where}.text", "missing (the words to show)")
        at_step = cap.get("at_step")
        if at_step is not None and (isinstance(at_step, bool) or not isinstance(at_step, int) or at_step < 0):
            fail(f"{where}.at_step", f"must be a whole number of steps, got {at_step!r}")
        when = cap.get("when")
        if when is not None and when not in WHEN:
            fail(f"{where}.when", f"must be one of {', '.join(WHEN)}, got {when!r}")
        ball = cap.get("ball")
        if ball is not None and (isinstance(ball, bool) or not isinstance(ball, int) or not 0 <= ball < balls):
            fail(f"{where}.ball", f"must be a ball's number, 0 to {balls - 1}, got {ball!r}")
        if at_step is None and when is None:
            fail(where, "needs at_step or when (the moment to show it)")
        captions.append(LessonCaption(" ".join(text.split()), at_step, when, ball, tuple(sorted(texts.items()))))
    return Lesson(controls, lr_range, tuple(captions))
