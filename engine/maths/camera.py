"""Orbit camera and orbit inertia as pure maths (L0/L1, no GL, no clock).

Matrices follow pyrr's row-vector convention: a world point ``p`` reaches clip
space as ``[*p, 1] @ view @ projection``. Their bytes, written row-major, are
exactly the column-major layout a GLSL ``mat4`` uniform expects, so the
renderer uploads them unchanged.

Angles are in degrees. Yaw turns the eye around the world's vertical axis
(0 puts the eye on +z looking towards -z); pitch lifts it above the ground.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np
from pyrr import matrix44

PITCH_LIMITS = (5.0, 85.0)
DISTANCE_LIMITS = (1.4, 9.0)


def _wrap_degrees(angle: float) -> float:
    """Map an angle to (-180, 180] so yaw never grows without bound."""
    wrapped = math.fmod(angle + 180.0, 360.0)
    if wrapped <= 0.0:
        wrapped += 360.0
    return wrapped - 180.0


@dataclass(frozen=True)
class OrbitCamera:
    """A camera circling ``target``; every change returns a new camera."""

    yaw: float = -35.0
    pitch: float = 35.0
    distance: float = 3.6
    target: tuple[float, float, float] = (0.0, 0.3, 0.0)
    fov: float = 38.0
    #: Moves the picture up by this much of half the view's height (a lens
    #: shift), so the landscape can be framed above a control dock without
    #: turning the camera.
    shift_y: float = 0.0
    #: The same sideways, in halves of the view's width: frames the
    #: landscape beside a column of cards.
    shift_x: float = 0.0
    pitch_limits: tuple[float, float] = field(default=PITCH_LIMITS, repr=False)
    distance_limits: tuple[float, float] = field(default=DISTANCE_LIMITS, repr=False)

    def __post_init__(self) -> None:
        lo, hi = self.pitch_limits
        dlo, dhi = self.distance_limits
        object.__setattr__(self, "yaw", _wrap_degrees(float(self.yaw)))
        object.__setattr__(self, "pitch", min(max(float(self.pitch), lo), hi))
        object.__setattr__(self, "distance", min(max(float(self.distance), dlo), dhi))
        object.__setattr__(self, "target", tuple(float(v) for v in self.target))
        object.__setattr__(self, "fov", min(max(float(self.fov), 10.0), 150.0))

    # -- changes ----------------------------------------------------------------
    def orbited(self, dyaw: float, dpitch: float) -> OrbitCamera:
        return replace(self, yaw=self.yaw + dyaw, pitch=self.pitch + dpitch)

    def zoomed(self, factor: float) -> OrbitCamera:
        """Scale the distance by ``factor`` (< 1 moves closer), within limits."""
        return replace(self, distance=self.distance * factor)

    def retargeted(self, target) -> OrbitCamera:
        return replace(self, target=tuple(target))

    # -- derived quantities (no side effects) ----------------------------------
    @property
    def forward(self) -> np.ndarray:
        """Unit vector from the eye towards the target."""
        return -self._offset_direction()

    @property
    def right(self) -> np.ndarray:
        """Unit vector pointing to the right of the view, level with the ground."""
        yaw = math.radians(self.yaw)
        return np.array([math.cos(yaw), 0.0, -math.sin(yaw)])

    @property
    def eye(self) -> np.ndarray:
        return np.asarray(self.target) + self.distance * self._offset_direction()

    def _offset_direction(self) -> np.ndarray:
        yaw, pitch = math.radians(self.yaw), math.radians(self.pitch)
        return np.array([
            math.cos(pitch) * math.sin(yaw),
            math.sin(pitch),
            math.cos(pitch) * math.cos(yaw),
        ])

    def clip_range(self) -> tuple[float, float]:
        # The world fits in a ball of radius ~2 around the target; hugging it
        # keeps depth precision high enough for lines lifted a hair above the
        # surface.
        near = max(0.05, self.distance - 2.5)
        return near, self.distance + 2.5

    def view_matrix(self) -> np.ndarray:
        return matrix44.create_look_at(self.eye, np.asarray(self.target), np.array([0.0, 1.0, 0.0]))

    def projection_matrix(self, aspect: float) -> np.ndarray:
        near, far = self.clip_range()
        projection = matrix44.create_perspective_projection(self.fov, aspect, near, far)
        if self.shift_y or self.shift_x:
            # Row vectors: clip.y += shift * clip.w moves the image, not the eye.
            projection = projection.copy()
            projection[:, 0] += self.shift_x * projection[:, 3]
            projection[:, 1] += self.shift_y * projection[:, 3]
        return projection

    def view_projection(self, width: int, height: int) -> np.ndarray:
        return self.view_matrix() @ self.projection_matrix(width / max(height, 1))

    def project(self, points, width: int, height: int) -> np.ndarray:
        """World points (..., 3) to pixels (..., 3): x, y (origin bottom-left)
        and the window depth in [0, 1]. Points behind the eye get NaN."""
        pts = np.asarray(points, dtype=np.float64)
        homogeneous = np.concatenate([pts, np.ones(pts.shape[:-1] + (1,))], axis=-1)
        clip = homogeneous @ self.view_projection(width, height)
        w = clip[..., 3:4]
        with np.errstate(divide="ignore", invalid="ignore"):
            ndc = np.where(w > 0, clip[..., :3] / w, np.nan)
        out = np.empty_like(ndc)
        out[..., 0] = (ndc[..., 0] + 1.0) * 0.5 * width
        out[..., 1] = (ndc[..., 1] + 1.0) * 0.5 * height
        out[..., 2] = (ndc[..., 2] + 1.0) * 0.5
        return out

    def ray(self, px: float, py: float, width: int, height: int) -> tuple[np.ndarray, np.ndarray]:
        """The world ray (origin on the near plane, unit direction) through
        pixel (px, py), origin bottom-left as pyglet reports the pointer."""
        inverse = np.linalg.inv(self.view_projection(width, height))
        ndc_x = 2.0 * px / width - 1.0
        ndc_y = 2.0 * py / height - 1.0
        near = np.array([ndc_x, ndc_y, -1.0, 1.0]) @ inverse
        far = np.array([ndc_x, ndc_y, 1.0, 1.0]) @ inverse
        near, far = near[:3] / near[3], far[:3] / far[3]
        direction = far - near
        return near, direction / np.linalg.norm(direction)


@dataclass(frozen=True)
class OrbitInertia:
    """Keeps a released drag spinning, slowing exponentially to rest.

    Velocities are in degrees per second. ``step`` integrates the decay
    exactly, so the total turn does not depend on how time is sliced into
    frames.
    """

    yaw_rate: float = 0.0
    pitch_rate: float = 0.0
    damping: float = 4.0
    rest_rate: float = 2.0
    max_rate: float = 540.0

    def released(self, yaw_rate: float, pitch_rate: float) -> OrbitInertia:
        """Start coasting at the drag's velocity when the pointer lets go."""
        speed = math.hypot(yaw_rate, pitch_rate)
        if speed > self.max_rate:
            yaw_rate, pitch_rate = (yaw_rate * self.max_rate / speed, pitch_rate * self.max_rate / speed)
        return replace(self, yaw_rate=float(yaw_rate), pitch_rate=float(pitch_rate))

    def held(self) -> OrbitInertia:
        """A touch stops the spin at once."""
        return replace(self, yaw_rate=0.0, pitch_rate=0.0)

    @property
    def moving(self) -> bool:
        return math.hypot(self.yaw_rate, self.pitch_rate) > self.rest_rate

    def step(self, dt: float) -> tuple[OrbitInertia, float, float]:
        """Advance by ``dt`` seconds; return the new state and the turn
        (dyaw, dpitch) in degrees to apply during that time."""
        if dt <= 0.0 or not self.moving:
            return self.held() if not self.moving else self, 0.0, 0.0
        decay = math.exp(-self.damping * dt)
        travelled = (1.0 - decay) / self.damping
        dyaw, dpitch = self.yaw_rate * travelled, self.pitch_rate * travelled
        nxt = replace(self, yaw_rate=self.yaw_rate * decay, pitch_rate=self.pitch_rate * decay)
        return nxt, dyaw, dpitch
