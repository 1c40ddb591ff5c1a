"""The camera a visitor turns (L1): orbit by drag or keys, coasting after a
flick, zoom, and the scene's home view. Pure state, no clock: the session
passes the elapsed time in."""

from __future__ import annotations

from engine.maths.camera import OrbitCamera, OrbitInertia

#: Degrees the camera turns for a drag across the full window height.
ORBIT_DEGREES_PER_HEIGHT = 180.0
KEY_ORBIT_DEGREES = 6.0
#: Zooming in stops at this share of the home distance: close enough to see
#: a valley's floor, far enough that the landscape never fills the screen.
CLOSEST_SHARE = 0.65
#: Zooming out stops at this many times the home distance.
FARTHEST_SHARE = 2.0


class CameraRig:
    def __init__(self, home: OrbitCamera, coasting: bool = True) -> None:
        self.home = home
        self.camera = home
        #: Whether a flick coasts on after release (not with reduced motion).
        self.coasting = coasting
        # A little coasting after a flick: at most about 40 degrees.
        self.inertia = OrbitInertia(damping=6.0, max_rate=240.0)

    def step(self, elapsed: float) -> None:
        self.inertia, dyaw, dpitch = self.inertia.step(elapsed)
        if dyaw or dpitch:
            self.camera = self.camera.orbited(dyaw, dpitch)

    def orbit_by_pixels(self, dx: float, dy: float, height: int) -> tuple[float, float]:
        k = ORBIT_DEGREES_PER_HEIGHT / max(height, 1)
        dyaw, dpitch = -dx * k, dy * k  # grab-and-turn: drag up tilts the near edge up
        self.camera = self.camera.orbited(dyaw, dpitch)
        return dyaw, dpitch

    def orbit_keys(self, dyaw_steps: int, dpitch_steps: int) -> None:
        self.inertia = self.inertia.held()
        self.camera = self.camera.orbited(dyaw_steps * KEY_ORBIT_DEGREES, dpitch_steps * KEY_ORBIT_DEGREES)

    def hold(self) -> None:
        self.inertia = self.inertia.held()

    def release(self, yaw_rate: float, pitch_rate: float) -> None:
        if not self.coasting:
            self.hold()  # no coasting after a flick
            return
        self.inertia = self.inertia.released(yaw_rate, pitch_rate)

    def zoom(self, factor: float) -> None:
        home = self.home.distance
        zoomed = self.camera.zoomed(factor)
        distance = min(max(zoomed.distance, CLOSEST_SHARE * home), FARTHEST_SHARE * home)
        self.camera = self.camera.zoomed(distance / self.camera.distance)

    def go_home(self) -> None:
        self.inertia = self.inertia.held()
        self.camera = self.home
