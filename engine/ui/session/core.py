"""An interactive session (L1): the model-facing state of one scene (its
simulation, clock, loss history and selected ball) and the small
controllers around it (the camera rig, the keyboard's modes, the typed
value, the notices, the basin map's background job).

The window and the offscreen ``render`` command both drive a Session, so the
picture ``render`` writes is exactly the one the window shows. Data flows one
way: the simulation owns every ball's settings; once per frame ``frame()``
shows them on the controls and ``compose_frame`` (engine/ui/frame/compose.py)
returns the frozen ``Frame`` the GL layer draws. Every action the session
owns is carried out through its entry in the one action registry
(``SESSION_HANDLERS`` in engine/ui/session/handlers.py, engine/ui/registry.py).
"""

from __future__ import annotations

import math
from dataclasses import replace
from functools import partial
from typing import Any

import numpy as np

from engine.maths.camera import OrbitCamera
from engine.maths.geometry import WorldMapping, raycast_surface
from engine.model.basin import BasinWatch
from engine.model.clock import FixedClock
from engine.model.lesson import CONTROL_GROUPS
from engine.model.loss_history import LossHistory
from engine.model.scene import Scene
from engine.model.settings import allowed_range
from engine.model.simulation import Simulation
from engine.model.status import Status
from engine.support import i18n
from engine.ui import actions as a
from engine.ui.session.camera_rig import CameraRig
from engine.ui.frame.compose import Moment, compose_frame, opaque_cards, screen_of
from engine.ui.panels.curvature_view import curvature_state
from engine.ui.display import THEMES, Display
from engine.ui.frame.framing import landscape_outline
from engine.ui.dock.hud import Hud
from engine.ui.session.key_modes import KeyModes
from engine.ui.session.notices import Notices
from engine.ui.frame.picture_marks import placed_keys
from engine.ui.registry import ActionRegistry
from engine.ui.panels.teaching import TeachingPanels, teaching_state
from engine.ui.session.handlers import SESSION_HANDLERS, notice_marks
from engine.ui.session.value_entry import ValueEntry
from engine.ui.frame.view import Frame, Framing


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
        self.base_scale = hud_scale
        self.display = Display()
        self.basins = BasinWatch()
        self.notices = Notices()
        self.keys = KeyModes()      # the focus ring, the "?" card, the placement cursor
        self.entry = ValueEntry()   # a value being typed (L)
        self._capture_allowed = True
        self.flown: dict[int, float] = {}    # ball -> seconds since it flew off
        self.arrived: dict[int, float] = {}  # ball -> seconds since it reached the lowest point
        self.actions = ActionRegistry()
        self.actions.register("session", {kind: partial(handler, self)
                                          for kind, handler in SESSION_HANDLERS.items()})
        self.load(scene, sim)

    def load(self, scene: Scene, sim: Simulation) -> None:
        """Show another scene (the window's scene picker comes through here)."""
        self.scene = scene
        self.sim = sim
        self.clock = FixedClock(scene.steps_per_second)
        cam = scene.camera
        self.rig = CameraRig(OrbitCamera(yaw=cam["yaw"], pitch=cam["pitch"], distance=cam["distance"]),
                             coasting=not self.display.reduced_motion)
        self.mapping = WorldMapping.for_surface(sim.surface)
        self.outline = landscape_outline(self.mapping)
        self.selected = 0  # the ball the controls act on
        self.history = LossHistory(sim.n)
        self.history.record(sim.steps, sim.loss, sim.lr_in_force())
        lesson = scene.lesson
        self.hud.set_lesson(frozenset(g for g in CONTROL_GROUPS if not lesson.allows(g)),
                            allowed_range("lr", lesson_range=lesson.lr_range))
        self.panels = TeachingPanels(self.hud, views=dict(scene.views), languages=self.languages)
        self.panels.allow_capture = self._capture_allowed
        self.basins.clear()
        self.keys.placing = None
        self.flown, self.arrived = {}, {}
        self.show_state()
        self.refresh_basin()

    # -- time -----------------------------------------------------------------
    def update(self, elapsed: float) -> int:
        """Advance by a frame's elapsed seconds; return the steps taken."""
        taken = 0
        if self.playing:
            taken = self.sim.step(self.clock.advance(elapsed))
            if taken:
                self.history.record(self.sim.steps, self.sim.loss, self.sim.lr_in_force())
        counted = max(float(elapsed), 0.0)
        self.arrived = _aged(self.arrived, self.sim.status == Status.GLOBAL, counted, first=0.0)
        self.flown = _aged(self.flown, self.sim.status == Status.DIVERGED, counted, first=counted)
        self.basins.poll()
        self.notices.age(elapsed)
        self.rig.step(elapsed)
        return taken

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
            momentum_visible=name in a.MOMENTUM_OPTIMIZERS or hyper.get("momentum", 0.0) > 0,
            **curvature_state(sim, i, self.views.get("curvature", False)))
        self.panels.set_state(teaching_state(sim, i, self.history, self.scene, self.playing))
        self.panels.view_menu.display = self.display.switches()

    def resize(self, width: int, height: int) -> None:
        self.width, self.height = max(1, width), max(1, height)
        self.hud.resize(self.width, self.height)

    def apply(self, action: a.Action) -> None:
        """Carry out one of the session's actions (engine/ui/actions.py)."""
        self.actions.carry_out(action)

    def set_display(self, **changes: Any) -> None:
        """Theme, text size, reduced motion (engine/ui/display.py)."""
        self.display = replace(self.display, **changes)
        self.hud.theme = THEMES[self.display.theme]
        self.hud.user_scale = self.base_scale * self.display.text_scale
        self.hud.resize(self.width, self.height)
        self.rig.coasting = not self.display.reduced_motion
        if self.display.reduced_motion:
            self.rig.hold()

    def set_visitor_mode(self, on: bool) -> None:
        """Words for museum visitors (engine/ui/visitor_words.py) on the
        controls, and scene titles without file names in the menu."""
        self.hud.set_visitor(on)
        self.panels.scene_picker.show_names = not on

    def dress_for_kiosk(self, visitor_mode: bool = True, display: Display | None = None) -> Session:
        """This session as the kiosk shows it (also for ``render --kiosk``):
        no fullscreen button (the kiosk owns the screen), no files written
        for visitors, the kiosk's words and display."""
        self.hud.fullscreen.visible = False
        self.fullscreen = True
        self.capture_allowed = False
        self.set_visitor_mode(visitor_mode)
        if display is not None:
            self.set_display(theme=display.theme, text_size=display.text_size,
                             reduced_motion=display.reduced_motion)
        self.show_state()  # shown as the kiosk has it before the first frame
        return self

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

    def scene_snapshot(self) -> Scene:
        """The scene as it stands on screen ("Save as scene")."""
        from engine.model.scene_writer import snapshot
        cam = self.rig.camera
        return snapshot(self.scene, self.sim, {"yaw": cam.yaw, "pitch": cam.pitch, "distance": cam.distance},
                        self.views, self.clock.steps_per_second)

    def refresh_basin(self) -> None:
        """(Re)compute the basin map in the background when it is shown and
        the selected ball's optimizer or hyper-parameters changed."""
        if not self.views.get("basin_map"):
            self.basins.cancel()
            return
        i = self.selected
        self.basins.want(self.sim.surface, self.sim.kind[i], self.sim.hyper_of(i))

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
    def framing(self) -> Framing:
        return Framing(camera=self.rig.camera, outline=self.outline, gap=self.hud.layout.m.inner_gap,
                       home_distance=self.rig.home.distance)

    def view_camera(self, cards=None) -> OrbitCamera:
        """The camera as drawn: the landscape framed in the largest space the
        cards (``cards``, else the session's own and the picture's keys)
        leave free, so none of them hides a ball, the pin or a minimum."""
        if self.height <= 0:
            return self.rig.camera
        if cards is None:
            cards = opaque_cards(self.hud, self.panels)
            basin = self.basins.map if self.views.get("basin_map") else None
            cards = cards + placed_keys(screen_of(self.hud, self.views), self.sim, basin, self.selected, cards)[1]
        return self.framing().camera_clear_of(self.width, self.height, cards)

    def frame(self) -> Frame:
        """This frame as one frozen value: the controls show the model's
        state, then the 3-D view and every draw list are taken from it."""
        self.show_state()
        moment = Moment(sim=self.sim, scene=self.scene, selected=self.selected, alpha=self.alpha,
                        arrived=dict(self.arrived), flown=dict(self.flown), basin=self.basins.map)
        # Only the placement cursor needs the camera: framed once more while placing.
        camera = self.view_camera() if self.keys.placing is not None else None
        marks = self.keys.primitives(self.hud, self.panels, camera, self.mapping,
                                     self.width, self.height, self._capture_allowed)
        return compose_frame(self.hud, self.panels, moment, self.mapping, self.framing(), self.display,
                             key_marks=marks, notice=notice_marks(self))


def _aged(since: dict[int, float], now_on: np.ndarray, elapsed: float, first: float) -> dict[int, float]:
    """Seconds each ball has been in a state: counted on while it stays,
    dropped when it leaves; a ball that just entered starts at ``first``."""
    return {i: since[i] + elapsed if i in since else first for i in np.flatnonzero(now_on).tolist()}


def _finite_or_none(value) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None


