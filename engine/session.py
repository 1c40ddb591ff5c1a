"""An interactive session (L1): the simulation, its clock, the camera and the
control panel, and what a visitor's input does to them.

The window and the offscreen ``render`` command both drive a Session, so the
picture ``render`` writes is exactly the one the window shows.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from .camera import OrbitCamera, OrbitInertia
from .clock import FixedClock
from .geometry import WorldMapping, raycast_surface
from .hud import (Hud, Reset, SetLearningRate, SetMomentum, SetOptimizer, SetSpeed, Step,
                  ToggleFullscreen, TogglePlay, ZoomIn, ZoomOut)
from .hud_actions import MOMENTUM_OPTIMIZERS, SPEED_RANGE
from .scene import Scene
from .simulation import Simulation
from .view import BallView, FrameView

#: Degrees the camera turns for a drag across the full window height.
ORBIT_DEGREES_PER_HEIGHT = 180.0
ZOOM_STEP = 0.85
KEY_ORBIT_DEGREES = 6.0


class Session:
    def __init__(self, scene: Scene, sim: Simulation, width: int, height: int,
                 hud_scale: float = 1.0) -> None:
        self.scene = scene
        self.sim = sim
        self.width, self.height = width, height
        self.clock = FixedClock(scene.steps_per_second)
        cam = scene.camera
        self.home_camera = OrbitCamera(yaw=cam["yaw"], pitch=cam["pitch"], distance=cam["distance"])
        self.camera = self.home_camera
        # A little coasting after a flick: at most about 40 degrees.
        self.inertia = OrbitInertia(damping=6.0, max_rate=240.0)
        self.mapping = WorldMapping.for_surface(sim.surface)
        self.playing = True
        self.fullscreen = False
        self.selected = 0  # the ball the controls act on
        self.hud = Hud(width, height, scale=hud_scale)
        self.sync_hud()

    # -- time -----------------------------------------------------------------
    def update(self, elapsed: float) -> int:
        """Advance by a frame's elapsed seconds; return the steps taken."""
        taken = 0
        if self.playing:
            taken = self.sim.step(self.clock.advance(elapsed))
        self.inertia, dyaw, dpitch = self.inertia.step(elapsed)
        if dyaw or dpitch:
            self.camera = self.camera.orbited(dyaw, dpitch)
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
        self.sync_hud()

    def set_optimizer(self, name: str) -> None:
        self.sim.set_optimizer(name, balls=self.selected)
        self.sync_hud()

    def set_speed(self, steps_per_second: float) -> None:
        lo, hi = SPEED_RANGE
        self.clock.set_rate(min(max(steps_per_second, lo), hi))

    def single_step(self) -> None:
        self.set_playing(False)
        self.sim.step(1)
        self.sync_hud()

    def reset(self) -> None:
        """Drop the balls at new random starts (fixed starts go back home)."""
        self.sim.reset()
        self.clock.reset()
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
        self.sync_hud()
        return True

    # -- what to draw -----------------------------------------------------------
    def view_camera(self) -> OrbitCamera:
        """The camera as drawn: its picture centred in the space above the
        control dock, so the dock does not hide the bottom of the landscape."""
        dock = getattr(self.hud.layout, "dock", None)
        if dock is None or self.height <= 0:
            return self.camera
        free_bottom = min(max(dock.top, 0.0), 0.5 * self.height)
        return replace(self.camera, shift_y=free_bottom / self.height)

    def frame_view(self) -> FrameView:
        sim, a = self.sim, self.alpha
        balls = []
        with np.errstate(all="ignore"):
            shown = sim.prev_pos + a * (sim.pos - sim.prev_pos)
        for i in range(sim.n):
            x, y = shown[:, i]
            if not (math.isfinite(x) and math.isfinite(y)):
                x, y = sim.prev_pos[:, i]
            balls.append(BallView(x=float(x), y=float(y), colour=sim.balls[i].colour,
                                  path=sim.path(i), start=(float(sim.start[0, i]), float(sim.start[1, i])),
                                  status=int(sim.status[i]), label=sim.balls[i].display_label()))
        return FrameView(surface=sim.surface, camera=self.view_camera(), width=self.width,
                         height=self.height, balls=balls)


def _finite_or_none(value) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None
