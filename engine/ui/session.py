"""An interactive session (L1): the simulation, its clock, the camera and the
control panel, and what a visitor's input does to them.

The window and the offscreen ``render`` command both drive a Session, so the
picture ``render`` writes is exactly the one the window shows. Data flows one
way: the simulation owns every ball's settings; once per frame ``frame()``
shows them on the controls and returns the frozen ``Frame`` the GL layer
draws. Every action is carried out through one table (``HANDLERS``).
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from engine.maths.camera import OrbitCamera
from engine.maths.geometry import BALL_RADIUS, WorldMapping, raycast_surface
from engine.model.basin import BasinWatch
from engine.model.clock import FixedClock
from engine.model.loss_history import LossHistory
from engine.model.lesson import CONTROL_GROUPS
from engine.model.scene import Scene, load_scene, make_simulation
from engine.model.settings import SettingError, allowed_range, check as check_setting, has_setting, setting
from engine.model.simulation import Simulation
from engine.model.status import Status
from engine.ui.actions import (MOMENTUM_OPTIMIZERS, SPEED_RANGE, LoadScene, NudgeHyper, Reset,
                               SelectBall, SetBatchSize, SetHyper, SetOptimizer, SetSpeed, Step,
                               ToggleFullscreen, TogglePlay, ToggleView, TurnCamera, HomeView, TypeValue,
                               UseFormula, ZoomIn, ZoomOut, nudge_value,
                               SetLanguage, MoveFocus, ToggleKeyHelp, StartPlacing, MovePlacing, DropAtPlacing,
                               CancelKeyModes, SetDisplay)
from engine.ui.ball_views import ball_view, noisy_gradient
from engine.ui.camera_rig import CameraRig
from engine.ui.curvature_view import curvature_cross, curvature_state
from engine.ui.display import BACKDROPS, LARGER_TEXT, THEMES, Display
from engine.ui.focus import Focus, focus_ring, placement_cursor, placement_moved
from engine.ui.framing import framed_camera, landscape_outline
from engine.ui.hud import Hud
from engine.ui.key_help import key_help_card
from engine.ui import picture_marks
from engine.ui.hud_draw import notice_pill
from engine.ui.teaching_panels import TeachingPanels, teaching_state
from engine.ui.view import Frame, FrameView, spread_together
from engine.support import i18n
from engine.support.i18n import _

ZOOM_STEP = 0.85


class Session:
    def __init__(self, scene: Scene, sim: Simulation, width: int, height: int,
                 hud_scale: float = 1.0, languages: list[str] | None = None) -> None:
        self.width, self.height = width, height
        #: (code, name in itself) of the languages the language button offers.
        self.languages = [(code, i18n.load_catalog(code).name)
                          for code in (languages if languages is not None else i18n.language_codes())]
        self.playing = True
        self.fullscreen = False
        self.hud = Hud(width, height, scale=hud_scale)
        self._base_scale = hud_scale
        self.display = Display()
        self.basins = BasinWatch()
        self._notice: tuple[str, float] | None = None
        self._capture_allowed = True
        # Keyboard use (engine/ui/focus.py): the focus ring, the "?" card and
        # the placement cursor (a landscape point, or None).
        self.focus = Focus()
        self.show_keys = False
        self.placing: tuple[float, float] | None = None
        self.flown: dict[int, float] = {}   # ball -> seconds since it flew off
        self.typing: str | None = None      # a learning rate being typed, or None
        self.arrived: dict[int, float] = {}  # ball -> seconds since it reached the lowest point
        self.load(scene, sim)

    def load(self, scene: Scene, sim: Simulation) -> None:
        """Show another scene (the window's scene picker comes through here)."""
        self.scene = scene
        self.sim = sim
        self.clock = FixedClock(scene.steps_per_second)
        cam = scene.camera
        self.rig = CameraRig(OrbitCamera(yaw=cam["yaw"], pitch=cam["pitch"], distance=cam["distance"]))
        self.mapping = WorldMapping.for_surface(sim.surface)
        self._outline = landscape_outline(self.mapping)
        self.selected = 0  # the ball the controls act on
        self.history = LossHistory(sim.n)
        self.history.record(sim.steps, sim.loss, sim.lr_in_force())
        lesson = scene.lesson
        self.hud.set_lesson(frozenset(g for g in CONTROL_GROUPS if not lesson.allows(g)),
                            allowed_range("lr", lesson_range=lesson.lr_range))
        self.panels = TeachingPanels(self.hud, views=dict(scene.views), languages=self.languages)
        self.panels.allow_capture = self._capture_allowed
        self.basins.clear()
        self.placing = None
        self.flown, self.arrived = {}, {}
        self.show_state()
        self._refresh_basin()

    # -- time -----------------------------------------------------------------
    def update(self, elapsed: float) -> int:
        """Advance by a frame's elapsed seconds; return the steps taken."""
        taken = 0
        if self.playing:
            taken = self.sim.step(self.clock.advance(elapsed))
            if taken:
                self.history.record(self.sim.steps, self.sim.loss, self.sim.lr_in_force())
        self._age_flown(elapsed)
        self.basins.poll()
        if self._notice is not None:
            text, left = self._notice
            self._notice = (text, left - elapsed) if left - elapsed > 0 else None
        self.rig.step(elapsed)
        return taken

    def _age_flown(self, elapsed: float) -> None:
        """Count how long each ball that flew off has been leaving, and how
        long ago each ball reached the lowest point (its moment of success)."""
        arrived = self.sim.status == Status.GLOBAL
        for i in list(self.arrived):
            if not arrived[i]:
                del self.arrived[i]
        for i in np.flatnonzero(arrived).tolist():
            self.arrived[i] = self.arrived.get(i, -max(float(elapsed), 0.0)) + max(float(elapsed), 0.0)
        diverged = self.sim.status == Status.DIVERGED
        for i in list(self.flown):
            if not diverged[i]:
                del self.flown[i]
        for i in np.flatnonzero(diverged).tolist():
            self.flown[i] = self.flown.get(i, 0.0) + max(float(elapsed), 0.0)

    def run_steps(self, count: int) -> int:
        """Take ``count`` fixed steps at once (render, record), keeping the
        loss history as the window would."""
        taken = 0
        for _step in range(count):
            if not self.sim.step(1):
                break
            taken += 1
            self.history.record(self.sim.steps, self.sim.loss, self.sim.lr_in_force())
        if taken:
            # The picture shows the balls at the step the counter reads: the
            # step just taken is drawn complete, not one behind.
            self.clock.accumulator = self.clock.dt * (1.0 - 1e-9)
        return taken

    @property
    def alpha(self) -> float:
        return self.clock.alpha if self.playing else 1.0

    def set_playing(self, playing: bool) -> None:
        if playing and not self.playing:
            # Resume from the step on screen: no jump back to an earlier one.
            self.clock.accumulator = self.clock.dt * (1.0 - 1e-9)
        self.playing = playing

    # -- the controls -------------------------------------------------------------
    def show_state(self) -> None:
        """Show the model's state on the controls and panels. The one place
        they learn it: called once per frame by ``frame()`` (and on load)."""
        i, sim = self.selected, self.sim
        hyper = sim.hyper_of(i)
        name = sim.kind[i]
        self.hud.set_state(
            optimizer=name, lr=hyper.get("lr"), momentum=hyper.get("momentum", 0.0),
            speed=self.clock.steps_per_second, playing=self.playing, fullscreen=self.fullscreen,
            step=int(sim.steps[i]), loss=_finite_or_none(sim.loss[i]), status=int(sim.status[i]),
            momentum_visible=name in MOMENTUM_OPTIMIZERS or hyper.get("momentum", 0.0) > 0,
            **curvature_state(sim, i, self.views.get("curvature", False)))
        self.panels.set_state(teaching_state(sim, i, self.history, self.scene, self.playing))
        self.panels.view_menu.display = self.display.switches()

    def resize(self, width: int, height: int) -> None:
        self.width, self.height = max(1, width), max(1, height)
        self.hud.resize(self.width, self.height)

    def apply(self, action) -> None:
        """Carry out one action (engine/ui/actions.py) through the table."""
        handler = self.HANDLERS.get(type(action))
        if handler is None:
            raise ValueError(f"a session cannot carry out {action!r}")
        handler(self, action)

    def _set_hyper(self, action: SetHyper) -> None:
        """Every control's change of a setting (a slider, − / +, the typed
        entry, the advanced panel) comes through here: checked against the
        table of settings, and the lesson's lr_range, as a scene file and the
        command line are; a value outside is said in one line, not set."""
        optimizer = self.sim.kind[self.selected]
        if not has_setting(action.name, optimizer):
            return   # the selected ball's optimizer has no such setting
        try:
            value = check_setting(action.name, action.value, optimizer,
                                  lesson_range=self.scene.lesson.lr_range if action.name == "lr" else None)
        except SettingError as exc:
            self.notify(self._refusal(exc))
            return
        self.sim.change(action.name, value, balls=self.selected)
        self._refresh_basin()

    def _refusal(self, exc: SettingError) -> str:
        """A refused value in the words on screen, shaped as the command
        line's and a scene file's: the setting, then its range."""
        optimizer = self.sim.kind[self.selected]
        words = self.hud.lr_key() if exc.name == "lr" else _(setting(exc.name, optimizer).label)
        value = i18n.number(f"{exc.value:g}") if isinstance(exc.value, (int, float)) else str(exc.value)
        if exc.low is None:
            return f"{words}: {exc.problem}"
        low, high = (i18n.number(f"{v:g}") for v in (exc.low, exc.high))
        if exc.lesson:
            return _("{setting}: {value} is outside the lesson's range [{low}, {high}]").format(
                setting=words, value=value, low=low, high=high)
        return _("{setting}: must be between {low} and {high}, got {value}").format(
            setting=words, low=low, high=high, value=value)

    def _nudge_hyper(self, action: NudgeHyper) -> None:
        optimizer = self.sim.kind[self.selected]
        value = self.sim.hyper_of(self.selected).get(action.name)
        if value is None or not has_setting(action.name, optimizer):
            return
        low, high = allowed_range(action.name, optimizer, self.scene.lesson.lr_range)
        self._set_hyper(SetHyper(action.name, nudge_value(value, action.steps, low, high)))

    def _type_value(self, action: TypeValue) -> None:
        """Type a learning rate: L starts, digits and "." add, Backspace
        takes back, Enter sets it (a value out of range says so), Esc
        cancels. What is typed so far is shown above the controls."""
        text, typed = action.text, self.typing
        if text == "start":
            self.typing = ""
        elif typed is None:
            return
        elif text == "cancel":
            self.typing = None
        elif text == "back":
            self.typing = typed[:-1]
        elif text == "enter":
            self.typing = None
            try:
                value = float(typed)
            except ValueError:
                self.notify(_("Type a number for the learning rate, e.g. {example}").format(
                    example=i18n.number("0.05")))
                return
            self._set_hyper(SetHyper(action.name, value))   # checked there, as every control's
        elif (text.isdigit() or (text == "." and "." not in typed)) and len(typed) < 10:
            self.typing = typed + text

    def _select_ball(self, action: SelectBall) -> None:
        self.selected = min(max(int(action.index), 0), self.sim.n - 1)
        self._refresh_basin()  # the basin map shows the selected ball's optimizer

    def _toggle_view(self, action: ToggleView) -> None:
        self.panels.set_views(**{action.name: action.on})
        self._refresh_basin()

    def _set_language(self, action: SetLanguage) -> None:
        """Every word on screen in another language; the balls, the camera
        and the views stay as they are."""
        i18n.use(action.code)
        self.hud.relabel()
        recording = self.panels.capture_menu.recording
        self.panels = TeachingPanels(self.hud, views=self.views, languages=self.languages)
        self.panels.allow_capture = self._capture_allowed
        self.panels.capture_menu.set_recording(recording)
        self.show_state()

    def _toggle_fullscreen(self, action: ToggleFullscreen) -> None:
        self.fullscreen = not self.fullscreen

    HANDLERS = {
        SetHyper: _set_hyper,
        NudgeHyper: _nudge_hyper,
        TypeValue: _type_value,
        SetOptimizer: lambda self, a: self.set_optimizer(a.name),
        SetSpeed: lambda self, a: self.set_speed(a.value),
        TogglePlay: lambda self, a: self.set_playing(not self.playing),
        Step: lambda self, a: self.single_step(),
        Reset: lambda self, a: self.reset(),
        ZoomIn: lambda self, a: self.zoom(ZOOM_STEP),
        ZoomOut: lambda self, a: self.zoom(1 / ZOOM_STEP),
        ToggleFullscreen: _toggle_fullscreen,
        SelectBall: _select_ball,
        ToggleView: _toggle_view,
        LoadScene: lambda self, a: self.load_scene(a.name),
        TurnCamera: lambda self, a: self.orbit_keys(a.yaw_steps, a.pitch_steps),
        HomeView: lambda self, a: self.home_view(),
        SetLanguage: _set_language,
        SetDisplay: lambda self, a: self.set_display(**{
            "projector": lambda on: {"theme": "projector" if on else "dark"},
            "large_text": lambda on: {"text_size": LARGER_TEXT if on else 1.0},
            "reduced_motion": lambda on: {"reduced_motion": on}}[a.name](a.on)),
        MoveFocus: lambda self, a: self.focus.move(self, a.step),
        ToggleKeyHelp: lambda self, a: setattr(self, "show_keys", not self.show_keys),
        StartPlacing: lambda self, a: self.start_placing(),
        MovePlacing: lambda self, a: self.move_placing(a.dx, a.dy, a.coarse),
        DropAtPlacing: lambda self, a: self.drop_at_placing(),
        CancelKeyModes: lambda self, a: self.cancel_key_modes(),
        SetBatchSize: lambda self, a: self.sim.set_batch_size(self.selected, a.value),
        UseFormula: lambda self, a: self.use_formula(a.text),
    }

    def set_display(self, **changes) -> None:
        """Theme, text size, reduced motion (engine/ui/display.py)."""
        self.display = replace(self.display, **changes)
        self.hud.theme = THEMES[self.display.theme]
        self.hud.user_scale = self._base_scale * self.display.text_scale
        self.hud.resize(self.width, self.height)
        if self.display.reduced_motion:
            self.rig.hold()

    # -- the keyboard -------------------------------------------------------------
    def press_focused(self) -> list:
        """Enter or Space on the control in the ring: the actions its tap
        asks for (the window carries them out, with its own)."""
        return self.focus.press(self)

    def adjust_focused(self, steps: int, coarse: bool = False) -> list:
        return self.focus.adjust(self, steps, coarse)

    def focused_slider(self) -> bool:
        target = self.focus.current(self)
        return target is not None and target.slider is not None

    def start_placing(self) -> None:
        i = self.selected
        x, y = (float(v) for v in self.sim.pos[:, i])
        lo, hi = self.sim.surface.domain
        if not (math.isfinite(x) and math.isfinite(y)):
            x, y = (float(v) for v in self.sim.start[:, i])
        self.placing = (min(max(x, lo), hi), min(max(y, lo), hi))

    def move_placing(self, dx: int, dy: int, coarse: bool = False) -> None:
        if self.placing is None:
            self.start_placing()
        self.placing = placement_moved(self.camera, self.mapping, self.sim.surface, self.placing,
                                       dx, dy, coarse)

    def drop_at_placing(self) -> None:
        if self.placing is None:
            return
        x, y = self.placing
        self.sim.place(self.selected, x, 0.0 if self.sim.surface.dims == 1 else y)
        self.history.restart(self.selected)
        self.placing = None

    def cancel_key_modes(self) -> None:
        self.show_keys = False
        self.placing = None
        self.focus.clear()

    def key_primitives(self) -> tuple[list, list]:
        """(over the picture, over everything): the placement cursor; the
        "?" card and the focus ring."""
        below, above = [], []
        if self.placing is not None:
            below += placement_cursor(self.view_camera(), self.mapping, self.placing,
                                      self.width, self.height, self.hud.scale)
        if self.show_keys:
            above += key_help_card(self.width, self.height, self.hud.scale, self.hud.theme,
                                   self._capture_allowed)
        elif self.focus.key is not None:
            above += focus_ring(self.focus.current(self), self.hud.scale)
        return below, above

    def set_optimizer(self, name: str) -> None:
        if not self.scene.lesson.allows("optimizer"):
            return  # the lesson keeps the optimizer as it is (keys 1-6 too)
        self.sim.set_optimizer(name, balls=self.selected)
        self._refresh_basin()

    def use_formula(self, text: str) -> None:
        """The formula panel's Use: the same balls on the formula's landscape."""
        from engine.maths.formula import FormulaError
        from engine.model.overrides import scene_with_formula
        try:
            scene = scene_with_formula(self.scene, text, self.scene.domain)
        except FormulaError as exc:
            self.panels.formula.error = str(exc)
            return
        views = self.views
        self.load(scene, make_simulation(scene))
        self.panels.set_views(**views)  # the panel stays open for the next try
        self.panels.formula.set_text(text)

    def load_scene(self, name: str) -> None:
        scene = load_scene(name)
        self.load(scene, make_simulation(scene))

    def scene_snapshot(self) -> Scene:
        """The scene as it stands on screen ("Save as scene")."""
        from engine.model.scene_writer import snapshot
        cam = self.camera
        return snapshot(self.scene, self.sim, {"yaw": cam.yaw, "pitch": cam.pitch, "distance": cam.distance},
                        self.views, self.clock.steps_per_second)
    def set_visitor_mode(self, on: bool) -> None:
        """Words for museum visitors (engine/ui/visitor_words.py) on the
        controls, and scene titles without file names in the menu."""
        self.hud.set_visitor(on)
        self.panels.scene_picker.show_names = not on

    @property
    def capture_allowed(self) -> bool:
        return self._capture_allowed

    @capture_allowed.setter
    def capture_allowed(self, allowed: bool) -> None:
        self._capture_allowed = bool(allowed)
        self.panels.allow_capture = self._capture_allowed

    @property
    def views(self) -> dict[str, bool]:
        return self.panels.views

    def set_speed(self, steps_per_second: float) -> None:
        lo, hi = SPEED_RANGE
        self.clock.set_rate(min(max(steps_per_second, lo), hi))

    def single_step(self) -> None:
        self.set_playing(False)
        if self.sim.step(1):
            self.history.record(self.sim.steps, self.sim.loss, self.sim.lr_in_force())

    def reset(self) -> None:
        """Drop the balls at new random starts (fixed starts go back home)."""
        self.sim.reset()
        self.flown.clear()
        self.arrived.clear()
        self.clock.reset()
        self.history.restart()
        self.history.record(self.sim.steps, self.sim.loss, self.sim.lr_in_force())

    # -- the basin map ------------------------------------------------------------
    def _refresh_basin(self) -> None:
        """(Re)compute the basin map in the background when it is shown and
        the selected ball's optimizer or hyper-parameters changed."""
        if not self.views.get("basin_map"):
            self.basins.cancel()
            return
        i = self.selected
        self.basins.want(self.sim.surface, self.sim.kind[i], self.sim.hyper_of(i))

    @property
    def basin(self):
        return self.basins.map

    @property
    def basin_progress(self) -> float | None:
        """0..1 while a basin map is being computed, else None."""
        return self.basins.progress

    def finish_background(self, timeout: float = 120.0) -> None:
        """Wait for background work (for single pictures and clips)."""
        self.basins.finish(timeout)

    # -- camera ---------------------------------------------------------------
    @property
    def camera(self) -> OrbitCamera:
        return self.rig.camera

    @camera.setter
    def camera(self, camera: OrbitCamera) -> None:
        self.rig.camera = camera

    @property
    def home_camera(self) -> OrbitCamera:
        return self.rig.home

    def orbit_by_pixels(self, dx: float, dy: float) -> tuple[float, float]:
        return self.rig.orbit_by_pixels(dx, dy, self.height)

    def orbit_keys(self, dyaw_steps: int, dpitch_steps: int) -> None:
        self.rig.orbit_keys(dyaw_steps, dpitch_steps)

    def hold_camera(self) -> None:
        self.rig.hold()

    def release_camera(self, yaw_rate: float, pitch_rate: float) -> None:
        if self.display.reduced_motion:
            self.rig.hold()  # no coasting after a flick
            return
        self.rig.release(yaw_rate, pitch_rate)

    def zoom(self, factor: float) -> None:
        self.rig.zoom(factor)

    def home_view(self) -> None:
        self.rig.go_home()

    # -- placing a ball ---------------------------------------------------------
    def landscape_point_at(self, px: float, py: float):
        """The landscape point under a window pixel, or None (sky, edge)."""
        origin, direction = self.view_camera().ray(px, py, self.width, self.height)
        return raycast_surface(self.mapping, origin, direction)

    def place_at(self, px: float, py: float) -> bool:
        hit = self.landscape_point_at(px, py)
        if hit is None:
            return False
        x, y = (float(v) for v in hit)
        self.sim.place(self.selected, x, y)
        self.history.restart(self.selected)
        return True

    # -- what to draw -----------------------------------------------------------
    def notify(self, text: str, seconds: float = 5.0) -> None:
        """Show a short message above the controls (where a file was saved)."""
        self._notice = (text, seconds)

    @property
    def notice(self) -> str | None:
        return self._notice[0] if self._notice is not None else None

    def overlay_primitives(self) -> list:
        """Extra marks over the picture, just above the control dock: the
        basin map's progress while it is computed, else a short notice."""
        progress = self.basin_progress
        if progress is not None:
            fill = max(0.0, min(1.0, progress))
            return notice_pill(self.hud, _("Computing the basin map… {percent}").format(percent=f"{fill:.0%}"), fill, width=320)
        if self.typing is not None:
            return notice_pill(self.hud, _("Learning rate: {typed}\u258f   Enter sets it, Esc cancels").format(
                typed=i18n.number(self.typing)))
        if self._notice is not None:
            return notice_pill(self.hud, self._notice[0])
        return []

    def opaque_cards(self) -> list:
        """Every opaque card on the screen now: the dock, the info panel, the
        fullscreen button, the teaching panels, their buttons and the caption."""
        lay = self.hud.layout
        cards = [r for r in (lay.dock, lay.info) if r is not None]
        if lay.fullscreen is not None and self.hud.fullscreen.visible:
            cards.append(lay.fullscreen)
        if self.panels.layout is not None:
            cards += list(self.panels.layout.rects().values())
        # An open menu is a card too: the landscape makes room while it is open.
        if lay.popup is not None and self.hud.popup_open:
            cards.append(lay.popup)
        cards += [m.panel for m in self.panels._menus() if m.is_open and m.panel is not None]
        return cards

    def view_camera(self, extra_cards=(), cards=None) -> OrbitCamera:
        """The camera as drawn: the landscape framed in the largest space the
        cards (``cards``, else the session's own, plus ``extra_cards`` such
        as a kiosk's prompt) leave free, so none of them hides a ball, the
        pin or a minimum."""
        if self.height <= 0:
            return self.camera
        gap = self.hud.layout.m.inner_gap
        shown = self.opaque_cards() + picture_marks.key_cards(self) if cards is None else list(cards)
        return framed_camera(self.camera, self._outline, self.width, self.height,
                             shown + list(extra_cards), gap,
                             home_distance=self.rig.home.distance)

    def frame_view(self, cards=None) -> FrameView:
        """The 3-D view; ``cards``: the screen's cards if already known this frame."""
        sim, a = self.sim, self.alpha
        balls = []
        views = self.views
        for i in range(sim.n):
            ball = ball_view(self, i, a)
            extra = {}
            felt = noisy_gradient(sim, i)
            if felt is not None and ball.step is not None:
                extra["noisy_gradient"] = felt
            if i == self.selected and views.get("curvature"):
                extra["curvature"] = curvature_cross(sim, i, ball.x, ball.y)
            balls.append(replace(ball, **extra) if extra else ball)
        balls = spread_together(balls, self.mapping, BALL_RADIUS)
        basin = self.basin if views.get("basin_map") else None
        return FrameView(surface=sim.surface, camera=self.view_camera(cards=cards), width=self.width,
                         height=self.height, balls=tuple(balls), show_arrows=bool(views.get("arrows")),
                         basin=basin, backdrop=BACKDROPS[self.display.theme],
                         line_scale=self.display.line_scale)

    def frame(self) -> Frame:
        """This frame as one frozen value: the controls show the model's
        state, then the 3-D view and every draw list are taken from it."""
        self.show_state()
        panels, menus = self.panels.draw_layers()
        minimap = getattr(self.panels.layout, "minimap", None) if self.views.get("minimap") else None
        below, above = self.key_primitives()
        keys, key_boxes = picture_marks.placed_keys(self)  # once: they also frame the view
        view = self.frame_view(cards=self.opaque_cards() + key_boxes)
        return Frame(view=view, scale=self.hud.scale, panels=tuple(panels),
                     minimap=minimap, hud=tuple(self.hud.draw_list()),
                     overlays=tuple(picture_marks.ball_notes(self, view) + keys
                                    + self.overlay_primitives()) + tuple(below),
                     menus=tuple(menus) + tuple(above))


def _finite_or_none(value) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None
