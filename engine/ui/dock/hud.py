"""The on-screen control panel: its widgets, layout, state and input.

``Hud`` knows nothing about GL or windows. The shell forwards pointer events
(``on_press``/``on_drag``/``on_release``) and gets back whether the press was
the HUD's and which actions to apply; it mirrors the simulation with
``set_state``; and it draws ``draw_list()`` with engine/gl/ui.py.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from engine.ui.dock import layout as hl
from engine.ui.actions import (  # noqa: F401  (re-exported: the HUD's public API)
    MOMENTUM_OPTIMIZERS, MORE, OPTIMIZERS, FRONT_COUNT, LR_RANGE, MOMENTUM_RANGE,
    SPEED_RANGE, STATUS_TEXT, Action, Reset, SetHyper, SetOptimizer,
    NudgeHyper, SetSpeed, Step, ToggleFullscreen, TogglePlay, ZoomIn, ZoomOut, format_number,
    normalise_status)
from engine.ui.dock.draw import Theme, build_draw_list
from engine.ui.widgets.controls import Button, Choice, Rect, Slider, Toggle, Widget, round_significant
from engine.support.i18n import _, number

#: The dock's groups, left to right, and the controls in each (the names of
#: ``Hud.controls``): the one declaration that the layout, the focus ring,
#: the drawing and the lesson locks (engine/model/lesson.py's groups) read.
DOCK_GROUPS: dict[str, tuple[str, ...]] = {
    "transport": ("play", "step", "reset"),
    "optimizer": ("optimizer",),
    "lr": ("lr", "lr_down", "lr_up"),
    "momentum": ("momentum",),
    "speed": ("speed",),
    "zoom": ("zoom_out", "zoom_in"),
}


@dataclass
class HudState:
    """What the controls show: a snapshot of the simulation, replaced whole
    by ``set_state`` (the session's, once a frame). The HUD only reads it: a
    slider under a finger holds its own value until the next snapshot."""

    optimizer: str = "sgd"
    lr: float = 0.05
    momentum: float = 0.9
    speed: float = 60.0
    playing: bool = False
    fullscreen: bool = False
    step: int = 0
    loss: float | None = None
    status: str | None = "running"
    lr_mark: float | None = None   # the curvature view's stability limit 2/λmax on the lr slider
    curvature: str = ""            # the curvature view's read-out ("" when off)
    stable_below: str = ""


class Hud:
    """Controls and read-outs for a window of ``width`` x ``height`` pixels.

    ``scale`` multiplies the automatic UI scale (see ``hud_layout.ui_scale``),
    e.g. 1.3 for a kiosk screen seen from further away.
    """

    def __init__(self, width: int, height: int, scale: float = 1.0,
                 optimizers=OPTIMIZERS, theme=None):
        self.user_scale = scale
        self.theme = theme or Theme()
        self.state = HudState()
        self.optimizers = tuple(optimizers)
        self._momentum_override: bool | None = None
        self.popup_open = False
        #: Dock groups a lesson leaves out (engine/model/lesson.py).
        self.hidden_groups: frozenset[str] = frozenset()
        self._captured: Widget | None = None

        self.play = Toggle("", icon="play", action=TogglePlay(), icon_on="pause")
        self.step_button = Button("", icon="step", action=Step())
        self.reset_button = Button("", icon="reset", action=Reset())
        front = [k for k, _ in self.optimizers[:FRONT_COUNT]]
        self.optimizer_choice = Choice(front + [MORE], selected=front[0], labels=[""] * (len(front) + 1))
        extra = [k for k, _ in self.optimizers[FRONT_COUNT:]]
        self.more_choice = Choice(extra or [MORE], labels=[""] * max(len(extra), 1))
        self.lr_slider = Slider("", 0.05, *LR_RANGE, log=True,
                                fmt=format_number, snap=round_significant,
                                action=lambda v: SetHyper("lr", v))
        self.momentum_slider = Slider("", 0.9, *MOMENTUM_RANGE,
                                      fmt=lambda v: number(f"{v:.2f}"), snap=lambda v: round(v, 2),
                                      action=lambda v: SetHyper("momentum", v))
        self.speed_slider = Slider("", 60, *SPEED_RANGE, log=True,
                                   fmt=lambda v: _("{n} steps/s").format(n=f"{v:.0f}"), snap=round,
                                   action=SetSpeed)
        # Fine steps for the learning rate: any two-digit value is reachable.
        self.lr_down = Button("", icon="minus", action=NudgeHyper("lr", -1))
        self.lr_up = Button("", icon="plus", action=NudgeHyper("lr", 1))
        self.zoom_out = Button("", icon="minus", action=ZoomOut())
        self.zoom_in = Button("", icon="plus", action=ZoomIn())
        self.fullscreen = Toggle("", icon="fullscreen", icon_on="exit_fullscreen",
                                 action=ToggleFullscreen())
        self.relabel()
        self.set_state(**{f.name: getattr(self.state, f.name) for f in fields(HudState)})
        self.resize(width, height)

    def relabel(self) -> None:
        """Every word on the controls in the language now in use."""
        self.optimizer_labels = {key: _(label) for key, label in self.optimizers}
        self.play.label, self.play.label_on = _("Play"), _("Pause")
        self.step_button.label = _("Step")
        self.reset_button.label = _("New start")
        front = [k for k in self.optimizer_choice.options if k != MORE]
        more = [_("More")] if MORE in self.optimizer_choice.options else []
        self.optimizer_choice.labels = [self.optimizer_labels[k] for k in front] + more
        extra = [k for k, _label in self.optimizers[FRONT_COUNT:]]
        self.more_choice.labels = [self.optimizer_labels.get(k, "") for k in extra] or [""]
        self.lr_slider.label = self.lr_key()
        self.lr_down.label, self.lr_up.label = _("Smaller learning rate"), _("Larger learning rate")
        self.momentum_slider.label = _("Momentum")
        self.speed_slider.label = _("Speed")
        self.zoom_out.label, self.zoom_in.label = _("Zoom out"), _("Zoom in")
        self.fullscreen.label = self.fullscreen.label_on = _("Fullscreen")
        self._relayout()

    # layout -----------------------------------------------------------------
    @property
    def scale(self) -> float:
        return hl.ui_scale(self.height, self.user_scale, self.width)

    @property
    def momentum_visible(self) -> bool:
        if self._momentum_override is not None:
            return self._momentum_override
        return self.state.optimizer in MOMENTUM_OPTIMIZERS

    @momentum_visible.setter
    def momentum_visible(self, visible: bool | None) -> None:
        """Force the momentum slider on or off; None follows the optimizer."""
        self._momentum_override = visible
        self._relayout()

    def set_lesson(self, hidden: frozenset[str] = frozenset(), lr_range=None) -> None:
        """Leave out the dock groups ``hidden``, and let the learning-rate
        slider run over ``lr_range`` (None: its full range)."""
        self.hidden_groups = frozenset(hidden)
        self.lr_slider.low, self.lr_slider.high = lr_range or LR_RANGE
        self.lr_slider.set_value(self.lr_slider.value if self.lr_slider.shown is None else self.lr_slider.shown)
        self._relayout()

    def resize(self, width: int, height: int) -> None:
        self.width, self.height = max(1, int(width)), max(1, int(height))
        self._relayout()

    def sliders(self) -> dict[str, Slider]:
        found = {"lr": self.lr_slider, "speed": self.speed_slider}
        if self.momentum_visible:
            found["momentum"] = self.momentum_slider
        return found

    # -- visitor mode (plain words for museum visitors) -------------------------
    visitor = False

    def set_visitor(self, on: bool) -> None:
        """Plain words: "Step size" for the learning rate, no scientific
        notation, no "More" switch, plain-words states. The teacher's
        window keeps the technical names (off)."""
        from engine.ui import visitor_words as vw
        self.visitor = bool(on)
        front = [k for k, _ in self.optimizers[:FRONT_COUNT]]
        options = front if self.visitor else front + [MORE]
        labels = [self.optimizer_labels[k] for k in front] + ([] if self.visitor else [_("More")])
        self.optimizer_choice = Choice(options, selected=front[0], labels=labels)
        self.lr_slider.label = self.lr_key()
        self.lr_slider.fmt = vw.plain_number if self.visitor else format_number
        self.popup_open = False
        self._sync_choice()
        self._relayout()

    def lr_key(self) -> str:
        """The learning rate's name on screen ("Step size" for visitors)."""
        from engine.ui import visitor_words as vw
        return _(vw.STEP_SIZE) if self.visitor else _("Learning rate")

    def status_texts(self) -> dict[str, str]:
        """The words for each state, in the language on screen: plain ones
        in visitor mode."""
        texts = STATUS_TEXT
        if self.visitor:
            from engine.ui import visitor_words as vw
            texts = {**STATUS_TEXT, **vw.PLAIN_STATUS}
        return {key: _(text) for key, text in texts.items()}

    def _relayout(self) -> None:
        if not hasattr(self, "width"):
            return
        self._cancel_gesture()
        m = hl.Metrics(self.scale)
        lay = hl.Layout(self.width, self.height, m)
        fs = m.fullscreen
        lay.fullscreen = Rect(self.width - m.margin - fs, self.height - m.margin - fs, fs, fs)
        self.fullscreen.rect = lay.fullscreen
        widths = hl.group_widths(self, m)
        names = [n for n in DOCK_GROUPS if n not in self.hidden_groups
                 and (n != "momentum" or self.momentum_visible)]
        max_h = lay.fullscreen.y - m.row_gap - m.margin
        lay.dock, lay.groups, lay.separators = hl.layout_dock(names, widths, self.width, max_h, m)
        hl.place_groups(self, lay)
        if self.popup_open and "optimizer" in lay.groups and not self.visitor:
            more_seg = self.optimizer_choice.segments[-1]
            lay.popup, segs = hl.layout_popup(len(self.more_choice.options),
                                              self.more_choice.labels, more_seg, lay)
            self.more_choice.set_segments(segs)
        else:
            self.popup_open = False
        self.more_choice.visible = self.popup_open
        hl.layout_info(self, lay)
        self.layout = lay

    @property
    def controls(self) -> dict[str, Widget]:
        """Every control of the dock by name (``DOCK_GROUPS``), and the
        fullscreen button."""
        return {"play": self.play, "step": self.step_button, "reset": self.reset_button,
                "optimizer": self.optimizer_choice, "lr": self.lr_slider, "lr_down": self.lr_down,
                "lr_up": self.lr_up, "momentum": self.momentum_slider, "speed": self.speed_slider,
                "zoom_out": self.zoom_out, "zoom_in": self.zoom_in, "fullscreen": self.fullscreen}

    def group_widgets(self) -> dict[str, list[Widget]]:
        controls = self.controls
        return {group: [controls[name] for name in names] for group, names in DOCK_GROUPS.items()}

    def widgets(self) -> list[Widget]:
        """The interactive widgets currently shown (what a finger can hit)."""
        if self.popup_open:
            return [self.more_choice]
        found = [w for ws in self.group_widgets().values() for w in ws]
        return [w for w in found + [self.fullscreen] if w.visible]

    def panels(self) -> list[Rect]:
        lay = self.layout
        return [r for r in (lay.dock, lay.info, lay.popup) if r is not None]

    # input ------------------------------------------------------------------
    def on_press(self, x: float, y: float) -> bool:
        """True when the press belongs to the HUD (the camera must ignore it)."""
        self._cancel_gesture()
        if self.popup_open:
            if self.more_choice.on_press(x, y):
                self._captured = self.more_choice
            else:
                self.popup_open = False
                self._relayout()
            return True
        for widget in self.widgets():
            if widget.on_press(x, y):
                self._captured = widget
                return True
        return any(p.contains(x, y) for p in self.panels())

    def on_drag(self, x: float, y: float) -> list[Action]:
        widget = self._captured
        if widget is None:
            return []
        widget.on_drag(x, y)
        return widget.actions() if isinstance(widget, Slider) else []

    def on_release(self, x: float, y: float) -> list[Action]:
        widget, self._captured = self._captured, None
        if widget is None:
            return []
        result = widget.on_release(x, y)
        if isinstance(widget, Slider):
            return widget.actions()
        if widget is self.optimizer_choice and result == MORE:
            self._sync_choice()
            self.popup_open = not self.popup_open
            self._relayout()
            return []
        if widget in (self.optimizer_choice, self.more_choice):
            if result is None:
                return []
            self.popup_open = False
            self._relayout()
            return [SetOptimizer(result)]
        return [result] if result is not None else []

    def _cancel_gesture(self) -> None:
        if self._captured is not None:
            self._captured.cancel()
            self._captured = None

    # state ------------------------------------------------------------------
    def set_state(self, **changes) -> None:
        """Mirror the simulation; a slider under the finger keeps its value."""
        known = {f.name for f in fields(HudState)}
        unknown = set(changes) - known - {"momentum_visible"}
        if unknown:
            raise TypeError(f"unknown HUD state: {', '.join(sorted(unknown))}")
        old_visible = self.momentum_visible
        old_rows = bool(self.state.curvature)
        if "momentum_visible" in changes:
            self._momentum_override = changes.pop("momentum_visible")
        if "status" in changes:
            changes["status"] = normalise_status(changes["status"])
        self.state = st = replace(self.state, **changes)
        for slider, value in ((self.lr_slider, st.lr), (self.momentum_slider, st.momentum),
                              (self.speed_slider, st.speed)):
            if slider is not self._captured and value is not None:
                slider.set_value(value)
        self.play.on = bool(st.playing)
        self.fullscreen.on = bool(st.fullscreen)
        self._sync_choice()
        if old_visible != self.momentum_visible or old_rows != bool(st.curvature):
            self._relayout()

    def _sync_choice(self) -> None:
        """The front switch highlights the optimizer, or "More" for the others."""
        name = self.state.optimizer
        in_front = name in self.optimizer_choice.options
        self.optimizer_choice.selected = name if in_front or self.visitor else MORE
        self.more_choice.selected = name

    def status_key(self) -> str | None:
        st = self.state
        if st.status == "running" and not st.playing:
            return "paused"
        return st.status

    def draw_list(self):
        """The frame as drawing primitives (engine/ui/widgets/drawlist.py), back to front."""
        return build_draw_list(self)
