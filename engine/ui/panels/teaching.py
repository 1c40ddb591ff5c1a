"""The teaching panels drawn over the landscape beside the HUD (L1: no GL).

``TeachingPanels(hud)`` composes the legend, the loss plot, the minimap's
card, the caption, the advanced panel and the "Scenes" and "View" menus,
lays them out around the HUD's own controls (engine/ui/panels/layout.py),
routes pointer input to them and describes them as draw-list primitives.

Input follows the HUD's rules: ``on_press`` says whether the press is the
panels' (then the camera must ignore it), ``on_drag``/``on_release`` return
actions (engine/ui/actions.py, and the HUD's ``SetOptimizer`` for the
Nesterov switch). While the HUD's "More" list is open the panels let every
press through to it; while one of their own menus is open they take every
press, closing the menu on a tap elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.maths.optim import optimizer_class
from engine.model.loss_history import LossHistory
from engine.support import i18n
from engine.support.i18n import _
from engine.ui.panels import layout as tl
from engine.ui.widgets import textmetrics as tm
from engine.ui.actions import ToggleView, normalise_status
from engine.ui.panels.advanced import AdvancedPanel, schedule_choice
from engine.ui.menus.capture import CaptureMenu
from engine.ui.widgets.drawlist import RoundRect
from engine.ui.panels.fit import FIT_LEAST, FIT_NATURAL, FitState, fit_primitives, fit_state
from engine.ui.panels.formula import FormulaPanel
from engine.ui.menus.language import LanguageMenu
from engine.ui.panels.legend import BallRow, Legend
from engine.ui.panels.loss_plot import plot_primitives
from engine.ui.panels.draw import PanelPainter
from engine.ui.menus.scenes import SceneEntry, ScenePicker
from engine.ui.menus.views import ViewMenu
from engine.ui.widgets.controls import Rect

#: Design pixels at 1080 lines: the map's square, and the plot's height
#: (it is as wide as the map's card, so the right column lines up).
MINIMAP_NATURAL, MINIMAP_LEAST = 300.0, 160.0
PLOT_HEIGHT, PLOT_LEAST_HEIGHT = 230.0, 160.0


@dataclass
class TeachingState:
    """What the panels show; ``teaching_state`` builds it from a Simulation."""

    balls: list[BallRow] = field(default_factory=list)
    selected: int = 0
    optimizer: str = "sgd"              # the selected ball's optimizer key
    hyper: dict = field(default_factory=dict)   # the selected ball's values
    history: LossHistory | None = None
    loss_floor: float | None = None     # the global minimum's height
    caption: str = ""
    title: str = ""
    scene: str = ""                     # the scene on show, by name
    fit: FitState | None = None         # on a data landscape: the data and the models
    samples: int = 0                    # on a data landscape: how many samples it has
    batch_size: int = 0                 # the selected ball's batch size (0: all)
    one_d: bool = False                 # a curve: its map is a side view


def teaching_state(sim, selected: int = 0, history: LossHistory | None = None, scene=None,
                   playing: bool = True) -> TeachingState:
    rows = []
    for i in range(sim.n):
        status = normalise_status(int(sim.status[i]))
        if status == "running" and not playing:
            status = "paused"
        label = sim.balls[i].display_label()
        label = scene.label_shown(i, label) if hasattr(scene, "label_shown") else label
        schedule = getattr(sim.balls[i], "schedule", None)
        rows.append(BallRow(tuple(sim.balls[i].colour), label,
                            optimizer_class(sim.kind[i]).title, sim.hyper_of(i).get("lr"), status,
                            getattr(sim.balls[i], "noise", 0.0), schedule.title if schedule else ""))
    try:
        floor = float(sim.surface.global_minimum.height)
    except (AttributeError, IndexError):
        floor = None
    hyper = dict(sim.hyper_of(selected))
    if hasattr(sim, "extras"):   # the advanced panel's noise and schedule rows
        hyper["noise"] = float(sim.balls[selected].noise)
        hyper["schedule"] = schedule_choice(sim.balls[selected].schedule)
    return TeachingState(rows, selected, sim.kind[selected], hyper, history,
                         floor, _lesson_caption(scene, sim), _shown(scene, "title"),
                         getattr(scene, "name", "") or "", fit_state(sim),
                         int(getattr(sim.surface, "n_samples", 0)),
                         int(getattr(sim.balls[selected], "batch_size", 0)),
                         getattr(sim.surface, "dims", 2) == 1)


def _lesson_caption(scene, sim) -> str:
    """The scene's caption, or its lesson's caption for the moment reached,
    in the language on screen."""
    default = _shown(scene, "caption")
    lesson = getattr(scene, "lesson", None)
    return lesson.caption(sim, default) if lesson is not None else default


def _shown(scene, what: str) -> str:
    """A scene's title or caption in the language on screen."""
    shown = getattr(scene, f"{what}_shown", None)
    return shown() if shown is not None else getattr(scene, what, "") or ""


class TeachingPanels:
    def __init__(self, hud, views: dict[str, bool] | None = None,
                 scenes: list[SceneEntry] | None = None,
                 languages: list[tuple[str, str]] | None = None) -> None:
        self.hud = hud
        self.legend = Legend()
        self.advanced = AdvancedPanel()
        self.formula = FormulaPanel()
        self.view_menu = ViewMenu(views)
        self.capture_menu = CaptureMenu()
        #: A kiosk saves no files: it leaves the Capture menu out.
        self.allow_capture = True
        self.scene_picker = ScenePicker(scenes)
        self.language_menu = LanguageMenu(languages)
        self.state = TeachingState()
        self.layout: tl.TeachingLayout | None = None
        self._key = None
        self._active: tuple[str, object] | None = None
        self.set_state(self.state)

    # -- state -------------------------------------------------------------------------
    @property
    def views(self) -> dict[str, bool]:
        return dict(self.view_menu.state)

    def set_views(self, **flags: bool) -> None:
        """Switch views on or off from outside (a scene's defaults)."""
        self.view_menu.set_views(**flags)
        self.refresh()

    @property
    def selected(self) -> int:
        return self.legend.selected

    def set_state(self, state: TeachingState) -> None:
        self.state = state
        self.legend.set_selected(min(max(state.selected, 0), max(len(state.balls) - 1, 0)))
        self.advanced.set_optimizer(state.optimizer)
        self.advanced.set_batch(state.samples, state.batch_size)
        self.advanced.set_values(state.hyper)
        self.scene_picker.current = state.scene
        self.refresh()
        if self.legend.rect is not None:
            self.legend.rows = list(state.balls)  # same balls, news of them

    def refresh(self) -> None:
        """Lay out again when anything that moves the panels has changed."""
        hud_lay = self.hud.layout
        st = self.state
        key = (self.hud.width, self.hud.height, self.hud.scale, hud_lay.dock, hud_lay.info,
               hud_lay.fullscreen, tuple(sorted(self.view_menu.state.items())),
               tuple((b.label, b.optimizer) for b in st.balls), tuple(self.advanced.keys),
               st.history is not None, st.caption, st.title, st.fit is not None,
               self.view_menu.is_open, self.scene_picker.is_open, self.capture_menu.is_open,
               self.language_menu.is_open, self.capture_menu.recording, self.allow_capture)
        if key == self._key:
            return
        self._key = key
        self._cancel()
        self.layout = self._compute_layout()

    def _compute_layout(self) -> tl.TeachingLayout:
        m = tl.Metrics(self.hud.scale)
        st, views, s = self.state, self.view_menu.state, m.s
        requests = []
        if views["legend"] and len(st.balls) > 1:
            rows = [BallRow(b.colour, b.label, b.optimizer, 0.00012, b.status) for b in st.balls]
            nat_w, least_w, h = Legend.natural_size(rows, m)
            requests.append(tl.PanelRequest("legend", (nat_w, h), (least_w, h), "left"))
        if views.get("fit") and st.fit is not None:
            requests.append(tl.PanelRequest("fit", (FIT_NATURAL[0] * s, FIT_NATURAL[1] * s),
                                            (FIT_LEAST[0] * s, FIT_LEAST[1] * s), "left"))
        if views["advanced"]:
            nat_w, least_w, h = self.advanced.natural_size(m)
            requests.append(tl.PanelRequest("advanced", (nat_w, h), (least_w, h), "left"))
        if views["minimap"]:
            requests.append(tl.PanelRequest("minimap", tl.minimap_card_size(MINIMAP_NATURAL * s, m),
                                            tl.minimap_card_size(MINIMAP_LEAST * s, m), "right"))
        if views["loss_plot"] and st.history is not None:
            natural_w = tl.minimap_card_size(MINIMAP_NATURAL * s, m)[0]
            least_w = tl.minimap_card_size(MINIMAP_LEAST * 1.5 * s, m)[0]
            requests.append(tl.PanelRequest("loss_plot", (natural_w, PLOT_HEIGHT * s),
                                            (least_w, PLOT_LEAST_HEIGHT * s), "right"))
        if views.get("formula") and self.allow_capture:  # a kiosk takes no formulas either
            # Placed last: in a crowded window the teaching panels come first.
            natural, least = self.formula.natural_size(m)
            requests.append(tl.PanelRequest("formula", natural, least, "left"))
        toolbar = [("scenes", _button_width(self.scene_picker.button.label, m)),
                   ("view", _button_width(self.view_menu.button.label, m))]
        if self.allow_capture and self.hud.width >= 800:  # small windows: P and V still work
            toolbar.append(("capture", _button_width(self.capture_menu.button.label, m)))
        if self.language_menu.useful:
            # Named in itself ("Deutsch"); where that pushes the buttons off
            # their row beside the fullscreen button, the language's code ("DE").
            button = self.language_menu.button
            button.label = i18n.active().name
            full = toolbar + [("language", _button_width(button.label, m))]
            fs_y = self.hud.layout.fullscreen.y
            if not _one_row(tl.place_toolbar(self.hud, full, m), len(full), fs_y):
                short = i18n.current_language().upper()
                compact = toolbar + [("language", _button_width(short, m))]
                if _one_row(tl.place_toolbar(self.hud, compact, m), len(compact), fs_y):
                    button.label, full = short, compact
                elif _one_row(tl.place_toolbar(self.hud, toolbar, m), len(toolbar), fs_y):
                    # A small window: like Capture, the button waits for a larger
                    # window rather than push the landscape into a corner
                    # (--language chooses the language there).
                    full = toolbar
            toolbar = full
        caption = (st.caption, st.title) if views["captions"] else None
        lay = tl.layout_teaching(self.hud, requests, toolbar, caption)
        self.legend.place(lay.get("legend"), st.balls, m)
        self.advanced.place(lay.get("advanced"), m)
        self.formula.place(lay.get("formula"), m)
        self.scene_picker.place_button(lay.toolbar.get("scenes"))
        self.view_menu.place_button(lay.toolbar.get("view"))
        self.capture_menu.place_button(lay.toolbar.get("capture"))
        self.language_menu.place_button(lay.toolbar.get("language"))
        blockers = tl.hud_blockers(self.hud)
        for menu in self.menus():
            if menu.is_open:
                menu.place_list(*menu.row_size(m), self.hud.width, self.hud.height, blockers, m)
        return lay

    # -- input ---------------------------------------------------------------------------
    def menus(self) -> tuple:
        return (self.language_menu, self.view_menu, self.scene_picker, self.capture_menu)

    def on_press(self, x: float, y: float) -> bool:
        """True when the press belongs to the panels (the camera must ignore it)."""
        self.refresh()
        self._cancel()
        self.formula.focused = False  # a press anywhere but the field ends typing
        if getattr(self.hud, "popup_open", False):
            return False
        menus = self.menus()
        opened = next((menu for menu in menus if menu.is_open), None)
        if opened is not None:
            if opened.button.on_press(x, y):
                self._active = ("button", opened)
            elif opened.owns(x, y):
                if opened.choice.on_press(x, y):
                    self._active = ("menu", opened)
            else:
                opened.close()
                self.refresh()
            return True
        for menu in menus:
            if menu.button.on_press(x, y):
                self._active = ("button", menu)
                return True
        if self.legend.on_press(x, y):
            self._active = ("legend", self.legend)
            return True
        if self.advanced.on_press(x, y):
            self._active = ("advanced", self.advanced)
            return True
        if self.formula.on_press(x, y):
            self._active = ("formula", self.formula)
            return True
        return any(r.contains(x, y) for r in self.layout.rects().values())

    def on_drag(self, x: float, y: float) -> list:
        if self._active is None:
            return []
        kind, target = self._active
        if kind == "button":
            target.button.on_drag(x, y)
        elif kind == "advanced":
            return target.on_drag(x, y)
        return []

    def on_release(self, x: float, y: float) -> list:
        active, self._active = self._active, None
        if active is None:
            return []
        kind, target = active
        if kind == "button":
            if target.button.on_release(x, y) is not None:
                opening = not target.is_open
                for menu in self.menus():
                    menu.close()
                target.is_open = opening
                self.refresh()
            return []
        if kind == "menu":
            actions = target.chosen(target.choice.on_release(x, y))
            if any(isinstance(a, ToggleView) for a in actions) or not target.is_open:
                self.refresh()
            return actions
        return target.on_release(x, y)

    def _cancel(self) -> None:
        if self._active is None:
            return
        kind, target = self._active
        if kind == "button":
            target.button.cancel()
            target.button.armed = False
        elif kind == "menu":
            target.choice.cancel()
        else:
            target.cancel()
        self._active = None

    # -- drawing ---------------------------------------------------------------------------
    def draw_layers(self, state: TeachingState | None = None) -> tuple[list, list]:
        """(panels, menus): the panels go over the HUD; a top-down map, if
        any, is drawn into ``layout.minimap`` next; the open menu last."""
        if state is not None:
            self.set_state(state)
        else:
            self.refresh()
        lay, st = self.layout, self.state
        p = PanelPainter(self.hud.theme, lay.m)
        self.legend.draw(p)
        if self.advanced.rect is not None and st.balls:
            ball = st.balls[min(self.selected, len(st.balls) - 1)]
            self.advanced.draw(p, _(optimizer_class(st.optimizer).title), ball.label, ball.colour)
        elif self.advanced.rect is not None:
            self.advanced.draw(p, _(optimizer_class(st.optimizer).title), "", (1, 1, 1))
        self._draw_minimap(p)
        self.formula.draw(p)
        for menu in self.menus():
            if menu.button.visible:
                p.menu_button(menu.button, menu.is_open)
        base = p.result()
        plot = lay.get("loss_plot")
        if plot is not None and st.history is not None:
            colours = [b.colour for b in st.balls] or [(1, 1, 1)] * st.history.n
            base += plot_primitives(plot, st.history, colours, lay.m.s, self.hud.theme,
                                    st.loss_floor)
        fit = lay.get("fit")
        if fit is not None and st.fit is not None:
            base += fit_primitives(fit, st.fit, lay.m.s, self.hud.theme)
        if lay.caption is not None:
            base += lay.caption.primitives
        top = PanelPainter(self.hud.theme, lay.m)
        self.view_menu.draw_list(top)
        self.scene_picker.draw_list(top)
        self.capture_menu.draw_list(top)
        self.language_menu.draw_list(top)
        return base, top.result()

    def draw_list(self, state: TeachingState | None = None) -> list:
        """Every primitive, back to front, to draw after the HUD's."""
        base, menus = self.draw_layers(state)
        return base + menus

    def _draw_minimap(self, p: PanelPainter) -> None:
        card = self.layout.get("minimap")
        if card is None:
            return
        m, t = p.m, p.t
        p.panel(card)
        cy = card.top - tl.MINIMAP_TITLE * m.s / 2 - m.pad * 0.25
        p.text(_("Map"), card.x + m.pad, cy, p.font(16), t.text, True)
        p.text(_("the whole curve") if self.state.one_d else _("seen from above"), card.right - m.pad, cy,
               p.font(13), t.text_dim, align="right")
        area = self.layout.minimap
        # The square itself is left to the map (no fill to paint twice); its
        # frame lies just outside it, as four thin bars: an outlined shape
        # would run the distance-field shader over the whole square.
        w, edge = 1.0, (*t.text[:3], 0.28)
        for bar in (Rect(area.x - w, area.y - w, area.w + 2 * w, w),
                    Rect(area.x - w, area.top, area.w + 2 * w, w),
                    Rect(area.x - w, area.y, w, area.h), Rect(area.right, area.y, w, area.h)):
            p.details.append(RoundRect(bar, edge))


def _one_row(rects: dict, count: int, beside: float) -> bool:
    """Every button placed, all in the row beside the fullscreen button
    (whose bottom edge is at ``beside``)."""
    return len(rects) == count and all(abs(r.y - beside) < 0.5 for r in rects.values())


def _button_width(label: str, m) -> float:
    """Room for the label, a chevron and some air around them."""
    return tm.measure(label, m.button_font, True) + 52 * m.s
