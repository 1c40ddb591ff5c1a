"""An interactive session (L1): the simulation, its clock, the camera and the
control panel, and what a visitor's input does to them.

The window and the offscreen ``render`` command both drive a Session, so the
picture ``render`` writes is exactly the one the window shows.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from engine.maths.camera import OrbitCamera, OrbitInertia
from engine.model.clock import FixedClock
from engine.maths.geometry import WorldMapping, raycast_surface
from engine.ui.hud import (Hud, Reset, SetLearningRate, SetMomentum, SetOptimizer, SetSpeed, Step,
                  ToggleFullscreen, TogglePlay, ZoomIn, ZoomOut)
from engine.ui.actions import MOMENTUM_OPTIMIZERS, SPEED_RANGE
from engine.model.basin import BasinJob
from engine.model.loss_history import LossHistory
from engine.model.scene import Scene, load_scene
from engine.model.lesson import CONTROL_GROUPS
from engine.model.simulation import Simulation
from engine.ui.teaching_actions import LoadScene, SelectBall, SetBatchSize, SetHyper, ToggleView
from engine.ui.teaching_panels import TeachingPanels, teaching_state
from engine.ui.formula_panel import UseFormula
from engine.ui.view import BallView, FrameView

#: Degrees the camera turns for a drag across the full window height.
ORBIT_DEGREES_PER_HEIGHT = 180.0
ZOOM_STEP = 0.85
KEY_ORBIT_DEGREES = 6.0


class Session:
    def __init__(self, scene: Scene, sim: Simulation, width: int, height: int,
                 hud_scale: float = 1.0) -> None:
        self.width, self.height = width, height
        self.playing = True
        self.fullscreen = False
        # A little coasting after a flick: at most about 40 degrees.
        self.inertia = OrbitInertia(damping=6.0, max_rate=240.0)
        self.hud = Hud(width, height, scale=hud_scale)
        self.basin = None
        self._basin_job: BasinJob | None = None
        self._notice: tuple[str, float] | None = None
        self._capture_allowed = True
        self.load(scene, sim)

    def load(self, scene: Scene, sim: Simulation) -> None:
        """Show another scene (the window's scene picker comes through here)."""
        self.scene = scene
        self.sim = sim
        self.clock = FixedClock(scene.steps_per_second)
        cam = scene.camera
        self.home_camera = OrbitCamera(yaw=cam["yaw"], pitch=cam["pitch"], distance=cam["distance"])
        self.camera = self.home_camera
        self.inertia = self.inertia.held()
        self.mapping = WorldMapping.for_surface(sim.surface)
        self.selected = 0  # the ball the controls act on
        self.history = LossHistory(sim.n)
        self.history.record(sim.steps, sim.loss)
        lesson = scene.lesson
        self.hud.set_lesson(frozenset(g for g in CONTROL_GROUPS if not lesson.allows(g)), lesson.lr_range)
        self.panels = TeachingPanels(self.hud, views=dict(scene.views))
        self.panels.allow_capture = self._capture_allowed
        self._cancel_basin()
        self.basin = None
        self._basin_key = None
        self.sync_hud()
        self._refresh_basin()

    # -- time -----------------------------------------------------------------
    def update(self, elapsed: float) -> int:
        """Advance by a frame's elapsed seconds; return the steps taken."""
        taken = 0
        if self.playing:
            taken = self.sim.step(self.clock.advance(elapsed))
            if taken:
                self.history.record(self.sim.steps, self.sim.loss)
        self._poll_basin()
        if self._notice is not None:
            text, left = self._notice
            self._notice = (text, left - elapsed) if left - elapsed > 0 else None
        self.inertia, dyaw, dpitch = self.inertia.step(elapsed)
        if dyaw or dpitch:
            self.camera = self.camera.orbited(dyaw, dpitch)
        self.sync_hud()
        return taken

    def run_steps(self, count: int) -> int:
        """Take ``count`` fixed steps at once (render, record), keeping the
        loss history as the window would."""
        taken = 0
        for _ in range(count):
            if not self.sim.step(1):
                break
            taken += 1
            self.history.record(self.sim.steps, self.sim.loss)
        self.sync_hud()
        return taken

    @property
    def alpha(self) -> float:
        return self.clock.alpha if self.playing else 1.0

    def set_playing(self, playing: bool) -> None:
        if playing and not self.playing:
            # Resume from the step on screen: no jump back to an earlier one.
            self.clock.accumulator = self.clock.dt * (1.0 - 1e-9)
        self.playing = playing
        self.sync_hud()

    # -- the control panel ------------------------------------------------------
    def sync_hud(self) -> None:
        i, sim = self.selected, self.sim
        hyper = sim.hyper_of(i)
        name = sim.kind[i]
        self.hud.set_state(
            optimizer=name, lr=hyper.get("lr"), momentum=hyper.get("momentum", 0.0),
            speed=self.clock.steps_per_second, playing=self.playing, fullscreen=self.fullscreen,
            step=int(sim.steps[i]), loss=_finite_or_none(sim.loss[i]), status=int(sim.status[i]),
            momentum_visible=name in MOMENTUM_OPTIMIZERS or hyper.get("momentum", 0.0) > 0)
        self.panels.set_state(teaching_state(sim, i, self.history, self.scene, self.playing))

    def resize(self, width: int, height: int) -> None:
        self.width, self.height = max(1, width), max(1, height)
        self.hud.resize(self.width, self.height)

    def apply(self, action) -> None:
        """Carry out one control-panel action."""
        i = self.selected
        if isinstance(action, SetLearningRate):
            self.sim.set_hyper("lr", action.value, balls=i)
        elif isinstance(action, SetMomentum):
            self.sim.set_hyper("momentum", action.value, balls=i)
        elif isinstance(action, SetOptimizer):
            self.set_optimizer(action.name)
        elif isinstance(action, SetSpeed):
            self.set_speed(action.value)
        elif isinstance(action, TogglePlay):
            self.set_playing(not self.playing)
        elif isinstance(action, Step):
            self.single_step()
        elif isinstance(action, Reset):
            self.reset()
        elif isinstance(action, ZoomIn):
            self.zoom(ZOOM_STEP)
        elif isinstance(action, ZoomOut):
            self.zoom(1 / ZOOM_STEP)
        elif isinstance(action, ToggleFullscreen):
            self.fullscreen = not self.fullscreen
        elif isinstance(action, SelectBall):
            self.selected = min(max(int(action.index), 0), self.sim.n - 1)
        elif isinstance(action, SetHyper):
            self.sim.set_hyper(action.name, action.value, balls=i)
        elif isinstance(action, SetBatchSize):
            self.sim.set_batch_size(i, action.value)
        elif isinstance(action, ToggleView):
            self.panels.set_views(**{action.name: action.on})
        elif isinstance(action, LoadScene):
            self.load_scene(action.name)
            return
        elif isinstance(action, UseFormula):
            self.use_formula(action.text)
            return
        if isinstance(action, (SetLearningRate, SetMomentum, SetOptimizer, SetHyper, ToggleView)):
            self._refresh_basin()
        self.sync_hud()

    def set_optimizer(self, name: str) -> None:
        if not self.scene.lesson.allows("optimizer"):
            return  # the lesson keeps the optimizer as it is (keys 1-6 too)
        self.sim.set_optimizer(name, balls=self.selected)
        self._refresh_basin()
        self.sync_hud()

    def use_formula(self, text: str) -> None:
        """The formula panel's Use: the same balls on the formula's landscape."""
        from engine.maths.formula import FormulaError
        from engine.model.overrides import scene_with_formula
        from engine.model.scene import make_simulation
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
        from engine.model.scene import make_simulation
        scene = load_scene(name)
        self.load(scene, make_simulation(scene))

    def scene_snapshot(self) -> Scene:
        """The scene as it stands on screen ("Save as scene")."""
        from engine.model.scene_writer import snapshot
        cam = self.camera
        return snapshot(self.scene, self.sim, {"yaw": cam.yaw, "pitch": cam.pitch, "distance": cam.distance},
                        self.views, self.clock.steps_per_second)

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

    # -- the basin map ------------------------------------------------------------
    def _refresh_basin(self) -> None:
        """(Re)compute the basin map in the background when it is shown and
        the selected ball's optimizer or hyper-parameters changed."""
        if not self.views.get("basin_map"):
            self._cancel_basin()
            return
        i = self.selected
        key = (id(self.sim.surface), self.sim.kind[i], tuple(sorted(self.sim.hyper_of(i).items())))
        if self._basin_key == key and (self.basin is not None or self._basin_job is not None):
            return  # computed, or being computed, for these very settings
        self._cancel_basin()
        self._basin_key = key
        self._basin_job = BasinJob(self.sim.surface, self.sim.kind[i], self.sim.hyper_of(i)).start()

    def _cancel_basin(self) -> None:
        if self._basin_job is not None:
            self._basin_job.cancel()
        self._basin_job = None

    def _poll_basin(self) -> None:
        job = self._basin_job
        if job is not None and job.done:
            self._basin_job = None
            if job.result is not None:
                self.basin = job.result

    @property
    def basin_progress(self) -> float | None:
        """0..1 while a basin map is being computed, else None."""
        return self._basin_job.progress if self._basin_job is not None else None

    def finish_background(self, timeout: float = 120.0) -> None:
        """Wait for background work (for single pictures and clips)."""
        if self._basin_job is not None:
            self._basin_job.wait(timeout)
            self._poll_basin()

    def set_speed(self, steps_per_second: float) -> None:
        lo, hi = SPEED_RANGE
        self.clock.set_rate(min(max(steps_per_second, lo), hi))

    def single_step(self) -> None:
        self.set_playing(False)
        if self.sim.step(1):
            self.history.record(self.sim.steps, self.sim.loss)
        self.sync_hud()

    def reset(self) -> None:
        """Drop the balls at new random starts (fixed starts go back home)."""
        self.sim.reset()
        self.clock.reset()
        self.history.restart()
        self.history.record(self.sim.steps, self.sim.loss)
        self.sync_hud()

    # -- camera ---------------------------------------------------------------
    def orbit_by_pixels(self, dx: float, dy: float) -> tuple[float, float]:
        k = ORBIT_DEGREES_PER_HEIGHT / max(self.height, 1)
        dyaw, dpitch = -dx * k, dy * k  # grab-and-turn: drag up tilts the near edge up
        self.camera = self.camera.orbited(dyaw, dpitch)
        return dyaw, dpitch

    def orbit_keys(self, dyaw_steps: int, dpitch_steps: int) -> None:
        self.inertia = self.inertia.held()
        self.camera = self.camera.orbited(dyaw_steps * KEY_ORBIT_DEGREES, dpitch_steps * KEY_ORBIT_DEGREES)

    def hold_camera(self) -> None:
        self.inertia = self.inertia.held()

    def release_camera(self, yaw_rate: float, pitch_rate: float) -> None:
        self.inertia = self.inertia.released(yaw_rate, pitch_rate)

    def zoom(self, factor: float) -> None:
        self.camera = self.camera.zoomed(factor)

    def home_view(self) -> None:
        self.inertia = self.inertia.held()
        self.camera = self.home_camera

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
        self.sync_hud()
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
            return self._pill(f"Computing the basin map… {fill:.0%}", fill, width=320)
        if self._notice is not None:
            return self._pill(self._notice[0])
        return []

    def _pill(self, text: str, fill: float | None = None, width: float | None = None) -> list:
        """A rounded label centred above the dock; with ``fill`` (0..1) it is
        also a progress bar, and keeps a fixed ``width`` (design pixels)."""
        from engine.ui.drawlist import RoundRect, Text
        from engine.ui.textmetrics import baseline_for_centre, fit, measure
        from engine.ui.widgets import Rect
        theme, scale = self.hud.theme, self.hud.scale
        size = 15 * scale
        text = fit(text, size, self.width - 60 * scale)
        w = width * scale if width is not None else measure(text, size) + 36 * scale
        h = 40 * scale
        dock = getattr(self.hud.layout, "dock", None)
        x, y = (self.width - w) / 2, (dock.top if dock is not None else 0) + 12 * scale
        shapes = [RoundRect(Rect(x, y, w, h), theme.panel, radius=h / 2)]
        if fill is not None:
            inset = 4 * scale
            inner_h = h - 2 * inset
            shapes.append(RoundRect(Rect(x + inset, y + inset, max((w - 2 * inset) * fill, inner_h), inner_h),
                                    (theme.accent[0], theme.accent[1], theme.accent[2], 0.35),
                                    radius=inner_h / 2))
        return shapes + [Text(text, x + w / 2, baseline_for_centre(y + h / 2, size), size, theme.text,
                              align="center")]

    def view_camera(self) -> OrbitCamera:
        """The camera as drawn: its picture centred in the band the control
        dock (below) and a caption (above) leave free, widened to fit, so
        neither hides the landscape."""
        if self.height <= 0:
            return self.camera
        dock = getattr(self.hud.layout, "dock", None)
        bottom = min(max(dock.top, 0.0), 0.5 * self.height) if dock is not None else 0.0
        top = float(self.height)
        caption = getattr(self.panels.layout, "caption", None) if self.views.get("captions") else None
        if caption is not None and caption.place == "top" and caption.rect.y > bottom + 0.4 * self.height:
            top = caption.rect.y
        shift = (bottom + top) / self.height - 1.0
        band = (top - bottom) / self.height
        fov = self.camera.fov
        if band < 1.0:
            half = math.radians(fov) / 2
            # Widen gently: the landscape rarely fills the full height anyway.
            fov = min(math.degrees(2 * math.atan(math.tan(half) / math.sqrt(max(band, 0.5)))), 70.0)
        return replace(self.camera, shift_y=shift, fov=fov)

    def frame_view(self) -> FrameView:
        sim, a = self.sim, self.alpha
        balls = []
        with np.errstate(all="ignore"):
            shown = sim.prev_pos + a * (sim.pos - sim.prev_pos)
        for i in range(sim.n):
            x, y = shown[:, i]
            if not (math.isfinite(x) and math.isfinite(y)):
                x, y = sim.prev_pos[:, i]
            step = sim.pos[:, i] - sim.prev_pos[:, i]
            step = (float(step[0]), float(step[1])) if np.all(np.isfinite(step)) else None
            balls.append(BallView(x=float(x), y=float(y), colour=sim.balls[i].colour,
                                  path=sim.path(i), start=(float(sim.start[0, i]), float(sim.start[1, i])),
                                  status=int(sim.status[i]), label=sim.balls[i].display_label(),
                                  step=step))
        views = self.views
        basin = self.basin if views.get("basin_map") else None
        return FrameView(surface=sim.surface, camera=self.view_camera(), width=self.width,
                         height=self.height, balls=balls, show_arrows=bool(views.get("arrows")),
                         basin=basin)


def _finite_or_none(value) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None
