"""The advanced panel: the selected ball's own hyper-parameters (L1).

The control dock already has the learning rate (and momentum for the
momentum optimizers); this panel has everything else the optimizer takes:
Adam's β₁, β₂ and ε, RMSprop's α and "centered", Adagrad's decay, weight
decay for all of them, and for Momentum a switch to Nesterov's look-ahead.

Every row is a row of the table of settings (engine/model/settings.py):
its words, the part of its range worth trying and how the slider runs over
it. Constants near 1 (β, α) run on a scale of 1 − value, so 0.9, 0.99 and
0.999 get equal room; small positive ones (ε) on a log scale; penalties that
are off by default (weight decay, lr decay) on a log scale whose left end is
0, shown as "off". A ball's value beyond a slider's ends (from a scene file)
is shown as it is, with the thumb at the end.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from engine.ui.widgets import textmetrics as tm
from engine.ui.actions import MOMENTUM_OPTIMIZERS, SetOptimizer, format_number
from engine.maths.optim import optimizer_class
from engine.maths.schedules import PRESETS, preset_index
from engine.model.settings import SETTINGS, has_setting, setting
from engine.ui.actions import SetBatchSize, SetHyper
from engine.ui.widgets.controls import Rect, Slider, Toggle, round_significant
from engine.support.i18n import _, N_, number

#: Share of a "log_off" track, at its left end, that means 0 (off).
OFF_ZONE = 0.08
#: Design pixels at 1080 lines.
WIDTH = 330.0      # widened to line up with the panel above it
WIDTH_MIN = 270.0
SLIDER_ROW = 74.0   # a caption line and a 48 px touch target under it
SWITCH_ROW = 52.0
NESTEROV = "nesterov"   # the look-ahead switch (switches optimizer, not a hyper)
NOISE, SCHEDULE = "noise", "schedule"   # the ball's, not the optimizer's


def schedule_choice(schedule) -> int:
    """The schedule row's value for a ball's schedule (0: a constant rate)."""
    return preset_index(schedule)
BATCH = "batch_size"    # on a data landscape: samples per step (not an optimizer's)


@dataclass(frozen=True)
class HyperSpec:
    key: str
    label: str
    low: float
    high: float
    scale: str = "linear"   # "linear" | "log" | "log_off" | "one_minus_log" | "switch"


def _spec(row) -> HyperSpec:
    low, high = row.slider_range
    return HyperSpec(row.name, row.label, float(low), float(high), row.scale)


#: The panel's rows, from the table of settings; the dock's learning rate
#: and the batch size (a row of its own, BatchSlider) are not among them.
SPECS = {NESTEROV: HyperSpec(NESTEROV, N_("Nesterov look-ahead"), 0.0, 1.0, "switch")}
#: Where one name means something else to one optimizer (ASGD's α is a power).
SPECS_OF: dict[tuple[str, str], HyperSpec] = {}
for _row in SETTINGS:
    if _row.name in ("lr", BATCH) or _row.fixed:
        continue
    if _row.name not in SPECS:
        SPECS[_row.name] = _spec(_row)
    elif _spec(_row) != SPECS[_row.name]:
        SPECS_OF.update({(name, _row.name): _spec(_row) for name in _row.used_by()})
#: The schedule presets' names as the panel shows them (engine/maths/schedules.py PRESETS).
SCHEDULE_WORDS = {"constant": N_("constant"), "step": N_("step"), "exponential": N_("exponential"),
                  "cosine": N_("cosine"), "warm-up": N_("warm-up"), "one cycle": N_("one cycle")}  # i18n: not on screen (a key)


def spec_of(optimizer: str | None, key: str) -> HyperSpec:
    return SPECS_OF.get((optimizer, key)) or SPECS[key]


def advanced_keys(optimizer: str) -> list[str]:
    """The rows the panel shows for ``optimizer``, in its own order."""
    cls = optimizer_class(optimizer)
    keys = []
    if optimizer in MOMENTUM_OPTIMIZERS:
        keys.append(NESTEROV)
    for key in cls.defaults:
        if key == "lr" or (key == "momentum" and optimizer in MOMENTUM_OPTIMIZERS):
            continue  # on the control dock
        if not has_setting(key, optimizer) or setting(key, optimizer).fixed:
            continue  # fixed for this optimizer (Nesterov's dampening)
        keys.append(key)
    return keys + [NOISE, SCHEDULE]


def format_hyper(spec: HyperSpec, value: float) -> str:
    if spec.scale == "choice":
        name = PRESETS[min(max(int(round(value)), 0), len(PRESETS) - 1)][0]
        return _(SCHEDULE_WORDS.get(name, name))
    if spec.scale == "switch":
        return _("on") if value else _("off")
    if value == 0:
        return _("off") if spec.scale == "log_off" else "0"
    if spec.scale == "one_minus_log":
        return number(f"{value:.6f}".rstrip("0").rstrip("."))
    if abs(value) < 1e-3:
        mantissa, exponent = f"{value:.1e}".split("e")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return number(f"{mantissa}e{int(exponent)}").replace("-", "−")
    return format_number(value, 2)


class HyperSlider(Slider):
    """A slider on one of the scales described at the top of this module."""

    def __init__(self, spec: HyperSpec, value: float):
        self.spec = spec
        low = 0.0 if spec.scale == "log_off" else spec.low
        if spec.scale == "one_minus_log":
            snap = lambda v: 1.0 - round_significant(1.0 - v, 2)  # noqa: E731
        elif spec.scale == "choice":
            snap = lambda v: float(round(v))  # noqa: E731
        else:
            snap = lambda v: round_significant(v, 2)  # noqa: E731
        if spec.scale == "choice":   # a preset's number, not a float
            action = lambda v: SetHyper(spec.key, int(round(v)))  # noqa: E731
        else:
            action = lambda v: SetHyper(spec.key, v)  # noqa: E731
        super().__init__(_(spec.label), value, low, spec.high, log=spec.scale == "log",
                         fmt=lambda v: format_hyper(spec, v), snap=snap, action=action)

    def fraction_of(self, value: float) -> float:
        spec = self.spec
        if spec.scale == "log_off":
            if value <= 0:
                return 0.0
            value = min(max(value, spec.low), spec.high)
            return OFF_ZONE + (1 - OFF_ZONE) * math.log(value / spec.low) / math.log(spec.high / spec.low)
        if spec.scale == "one_minus_log":
            value = min(max(value, spec.low), spec.high)
            u_max, u_min = 1.0 - spec.low, 1.0 - spec.high
            return math.log(u_max / (1.0 - value)) / math.log(u_max / u_min)
        return super().fraction_of(value)

    def value_at_fraction(self, t: float) -> float:
        spec = self.spec
        t = min(max(t, 0.0), 1.0)
        if spec.scale == "log_off":
            if t < OFF_ZONE * 0.5:
                return 0.0
            t = max(t - OFF_ZONE, 0.0) / (1 - OFF_ZONE)
            value = round_significant(spec.low * (spec.high / spec.low) ** t, 2)
            return min(max(value, spec.low), spec.high)
        if spec.scale == "one_minus_log":
            u_max, u_min = 1.0 - spec.low, 1.0 - spec.high
            value = self.snap(1.0 - u_max * (u_min / u_max) ** t)
            return min(max(value, spec.low), spec.high)
        return super().value_at_fraction(t)

    def set_value(self, value: float) -> None:
        value = float(value)
        if not math.isfinite(value):
            return
        if self.spec.scale == "log_off" and value <= 0:
            self.value = self.shown = 0.0
            return
        super().set_value(value)


class BatchSlider(Slider):
    """Samples per step, 1 to all of them, on a log scale of whole numbers;
    the right end is the whole data set (batch size 0 to the simulation)."""

    def __init__(self, samples: int, value: int):
        self.samples = samples
        self.spec = HyperSpec(BATCH, N_("Batch size (samples per step)"), 1.0, float(samples), "log")
        super().__init__(_(self.spec.label), value or samples, 1.0, float(samples), log=True,
                         fmt=lambda v: (_("all {n}").format(n=samples) if round(v) >= samples
                                        else f"{round(v)}"),
                         snap=lambda v: float(round(v)),
                         action=lambda v: SetBatchSize(self.batch_size()))

    def batch_size(self) -> int:
        value = int(round(self.value))
        return 0 if value >= self.samples else value


class AdvancedPanel:
    def __init__(self) -> None:
        self.samples = 0
        self.optimizer: str | None = None
        self.keys: list[str] = []
        self.widgets: dict[str, Slider | Toggle] = {}
        self.rect: Rect | None = None
        self.title = ""
        self._captured = None

    def set_optimizer(self, optimizer: str) -> bool:
        """Show ``optimizer``'s parameters; True when the rows changed."""
        if optimizer == self.optimizer:
            return False
        self.cancel()
        self.optimizer = optimizer
        self.keys = advanced_keys(optimizer)
        samples, self.samples = self.samples, 0  # set_batch adds the batch row again
        defaults = optimizer_class(optimizer).defaults
        self.widgets = {}
        for key in self.keys:
            spec = spec_of(optimizer, key)
            if spec.scale == "switch":
                self.widgets[key] = Toggle(_(spec.label), on=bool(defaults.get(key, 0.0)))
            else:
                self.widgets[key] = HyperSlider(spec, defaults.get(key, 0.0))
        if samples:
            self.set_batch(samples, 0)
        return True

    def set_batch(self, samples: int, batch_size: int) -> None:
        """On a data landscape, a row for the selected ball's batch size."""
        if samples != self.samples:
            self.cancel()
            self.samples = samples
            self.keys = [k for k in self.keys if k != BATCH]
            self.widgets.pop(BATCH, None)
            if samples:
                self.keys.append(BATCH)
                self.widgets[BATCH] = BatchSlider(samples, batch_size)
        widget = self.widgets.get(BATCH)
        if widget is not None and widget is not self._captured:
            widget.set_value(batch_size or samples)

    def set_values(self, hyper: dict) -> None:
        """Mirror the ball's values; the control under the finger keeps its own."""
        for key, widget in self.widgets.items():
            if widget is self._captured:
                continue
            if key == NESTEROV:
                widget.on = self.optimizer == "nesterov"
            elif key == BATCH:
                continue  # set_batch mirrors it
            elif key in hyper and hyper[key] is not None:
                if isinstance(widget, Toggle):
                    widget.on = bool(hyper[key])
                else:
                    widget.set_value(hyper[key])

    # -- size and place -----------------------------------------------------------
    def natural_size(self, m) -> tuple[float, float, float]:
        """(natural width, least width, height) in pixels."""
        s = m.s
        rows = sum(SWITCH_ROW if isinstance(self.widgets[k], Toggle) else SLIDER_ROW for k in self.keys)
        height = m.pad + 34 * s + (rows or 40.0) * s + m.pad * 0.8
        return WIDTH * s, WIDTH_MIN * s, height

    def place(self, rect: Rect | None, m) -> None:
        self.rect = rect
        for w in self.widgets.values():
            w.visible = rect is not None
        if rect is None:
            self.cancel()
            return
        s = m.s
        y = rect.top - m.pad - 34 * s
        x0, x1 = rect.x + m.pad * 0.6, rect.right - m.pad * 0.6
        for key in self.keys:
            widget = self.widgets[key]
            if isinstance(widget, Toggle):
                h = SWITCH_ROW * s
                widget.rect = Rect(x0, y - h, x1 - x0, h)
            else:
                h = SLIDER_ROW * s
                control = m.control * 48 / 56
                widget.rect = Rect(x0, y - h, x1 - x0, control)
                widget.thumb_radius = m.thumb * 1.6
            y -= h

    # -- input ----------------------------------------------------------------------
    def on_press(self, x: float, y: float) -> bool:
        self.cancel()
        for widget in self.widgets.values():
            if widget.on_press(x, y):
                self._captured = widget
                return True
        return False

    def on_drag(self, x: float, y: float) -> list:
        widget = self._captured
        if widget is None:
            return []
        widget.on_drag(x, y)
        # A drag that began on a switch moves nothing: only a slider has a value.
        return widget.actions() if isinstance(widget, Slider) else []

    def on_release(self, x: float, y: float) -> list:
        widget, self._captured = self._captured, None
        if widget is None:
            return []
        fired = widget.on_release(x, y)
        if isinstance(widget, Slider):
            return widget.actions()
        if fired is None:
            return []
        key = next(k for k, w in self.widgets.items() if w is widget)
        if key == NESTEROV:
            return [SetOptimizer("nesterov" if widget.on else "momentum")]
        return [SetHyper(key, 1.0 if widget.on else 0.0)]

    def cancel(self) -> None:
        if self._captured is not None:
            self._captured.cancel()
            if isinstance(self._captured, Toggle):
                self._captured.armed = False
            self._captured = None

    # -- drawing --------------------------------------------------------------------
    def draw(self, p, optimizer_title: str, ball: str, colour) -> None:
        if self.rect is None:
            return
        m, t, s = p.m, p.t, p.m.s
        p.panel(self.rect)
        p.title(self.rect, _("{optimizer} settings").format(optimizer=optimizer_title), ball, colour)
        if not self.keys:
            p.text(_("Nothing more to set"), self.rect.x + m.pad, self.rect.y + m.pad + 14 * s,
                   p.font(14), t.text_dim)
        for key in self.keys:
            widget = self.widgets[key]
            if isinstance(widget, Toggle):
                r = widget.rect
                p.row_highlight(r, False, widget.armed)
                p.text(tm.fit(widget.label, p.font(15), r.w - 70 * s), r.x + 8 * s, r.cy,
                       p.font(15), t.text)
                p.switch(r.right - 28 * s, r.cy, widget.on, widget.armed)
            else:
                group = Rect(widget.rect.x, widget.rect.y, widget.rect.w, SLIDER_ROW * s)
                _caption(p, group, widget)
                p.slider(widget)


def _caption(p, group: Rect, slider: Slider) -> None:
    """Like the dock's slider captions, the label cut short if need be."""
    m, t = p.m, p.t
    size = m.caption_font
    value = slider.text()
    room = group.w - tm.measure(value, size, True) - 20 * m.s
    cy = group.top - m.caption * 0.45
    p.text(tm.fit(slider.label, size, room), group.x + 6 * m.s, cy, size, t.text_dim)
    p.text(value, group.right - 6 * m.s, cy, size, t.text, True, "right")
