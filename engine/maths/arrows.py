"""Teaching arrows at each ball (L0, no GL): which way is downhill, and the
step the optimizer actually took.

Both arrows are directions in landscape coordinates (x, y). The gradient
arrow is the negative gradient times a per-landscape gain, so a typical
slope gives a readable arrow; the step arrow is the step under way at its
true length, from θk to θk+1, so plain SGD draws it along the gradient arrow
while momentum, Nesterov or Adam visibly point elsewhere. One scale per
scene: an arrow too long is cut and marked, one too short to draw is only
marked, never drawn at a false length. Drawn, an arrow follows the surface: its world
polyline is sampled along the landscape direction and lifted a little along
the normal, like the trails.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from engine.maths.geometry import WorldMapping
from engine.maths.surfaces import Surface

ARROW_LIFT = 0.012           # world units above the surface (trails use 0.008)
GRADIENT_SHARE = 0.14        # a typical slope draws this share of the domain
STEP_GAIN = 1.0              # steps are drawn at their true length: the tip is where the ball lands
MIN_SHARE = 0.012            # shorter than this share of the domain: too short to draw
GRADIENT_MAX_SHARE = 0.35    # a slope arrow longer than this is cut, with a mark
STEP_MAX_SHARE = 1.5         # a step arrow is cut here (and at the rim), with a mark


@dataclass(frozen=True)
class ArrowScale:
    """How landscape vectors become arrow lengths on one landscape: one
    scale per scene, so an arrow twice as long means twice as much. Arrows
    outside [min_length, max_length] are clipped and marked, never drawn at
    a false length."""

    gradient_gain: float      # landscape units of arrow per unit of slope
    step_gain: float          # arrow length per unit of step length
    min_length: float         # landscape units
    max_length: float         # for the slope arrow
    step_max_length: float = float("inf")

    @classmethod
    def for_surface(cls, surface: Surface, step_gain: float = STEP_GAIN) -> ArrowScale:
        return cls(gradient_gain=GRADIENT_SHARE * surface.extent / typical_slope(surface),
                   step_gain=step_gain, min_length=MIN_SHARE * surface.extent,
                   max_length=GRADIENT_MAX_SHARE * surface.extent,
                   step_max_length=STEP_MAX_SHARE * surface.extent)

    def key_text(self) -> str:
        """The scale in words, for the on-screen key."""
        return (f"Arrows to scale. Yellow: the step, true length (its tip is where the ball lands). "
                f"Cyan: downhill, 1 unit long = slope {1.0 / self.gradient_gain:.3g}. "
                "// marks an arrow cut short; \u00d7 one too short to draw.")


@dataclass(frozen=True)
class Arrow:
    """One arrow to draw: ``vector`` (2,) in landscape units, and why it is
    not at its true length: "long" (cut), "short" (too short: a mark only)."""
    vector: np.ndarray
    clipped: str | None = None


def clip_length(v, min_length: float, max_length: float) -> Arrow:
    """``v`` (2,) as an arrow: kept at its true length when drawable, cut to
    ``max_length`` (marked "long") or left undrawn (marked "short")."""
    v = np.asarray(v, dtype=np.float64)
    length = float(np.hypot(v[0], v[1]))
    if not np.isfinite(length) or length < 1e-15:
        return Arrow(np.zeros(2), "short" if np.isfinite(length) else None)
    if length > max_length:
        return Arrow(v * (max_length / length), "long")
    if length < min_length:
        return Arrow(np.zeros(2), "short")
    return Arrow(v)


def scaled_arrows(surface: Surface, pos, step, scale: ArrowScale | None = None) -> tuple[Arrow, Arrow]:
    """(downhill arrow, step arrow) at ``pos`` (2,) for the step ``step``
    (2,) taken from there, both at the scene's one scale."""
    scale = scale or ArrowScale.for_surface(surface)
    x, y = float(pos[0]), float(pos[1])
    with np.errstate(all="ignore"):
        gx, gy = surface.gradient(np.array(x), np.array(y))
    downhill = -scale.gradient_gain * np.array([float(gx), 0.0 if surface.dims == 1 else float(gy)])
    taken = scale.step_gain * np.asarray(step, dtype=np.float64)
    if surface.dims == 1:
        taken = np.array([taken[0], 0.0])
    return (clip_length(downhill, scale.min_length, scale.max_length),
            clip_length(taken, scale.min_length, scale.step_max_length))


@functools.lru_cache(maxsize=16)
def _typical_slope(surface: Surface) -> float:
    x, y = surface.sample_grid(48)
    with np.errstate(all="ignore"):
        gx, gy = surface.gradient(x, y)
        norm = np.hypot(gx, gy)
    norm = norm[np.isfinite(norm) & (norm > 0)]
    # The median, not the mean: a few cliffs (Rosenbrock's walls) would
    # otherwise make every ordinary slope's arrow a stub.
    return float(np.median(norm)) if norm.size else 1.0


def typical_slope(surface: Surface) -> float:
    """The median gradient length over the domain."""
    return _typical_slope(surface)


def arrow_vectors(surface: Surface, pos, step, scale: ArrowScale | None = None
                  ) -> tuple[np.ndarray, np.ndarray]:
    """(gradient arrow, step arrow) as vectors (2,), as ``scaled_arrows``
    draws them (zero when too short to draw)."""
    downhill, taken = scaled_arrows(surface, pos, step, scale)
    return downhill.vector, taken.vector


def noisy_gradient_arrow(surface: Surface, used_gradient, scale: ArrowScale | None = None) -> np.ndarray:
    """The arrow of the noisy gradient a ball stepped along (gradient noise on):
    minus that gradient, on the same scale as the true gradient's arrow, so the
    two differ exactly by the noise the ball felt."""
    scale = scale or ArrowScale.for_surface(surface)
    g = np.asarray(used_gradient, dtype=np.float64)
    felt = -scale.gradient_gain * np.array([g[0], 0.0 if surface.dims == 1 else g[1]])
    return clip_length(felt, scale.min_length, scale.max_length)


def arrow_polyline(mapping: WorldMapping, x: float, y: float, d, samples: int = 12,
                   lift: float = ARROW_LIFT, straight: bool = False) -> np.ndarray:
    """World points (k, 3) along the surface from (x, y) to (x, y) + d,
    lifted along the normal; cut where it would leave the domain. Empty
    (0, 3) for a zero arrow."""
    d = np.asarray(d, dtype=np.float64)
    if not np.all(np.isfinite(d)) or float(np.hypot(d[0], d[1])) < 1e-15:
        return np.empty((0, 3))
    lo, hi = mapping.surface.domain
    t_end = 1.0
    for start, delta in ((x, d[0]), (y, d[1] if mapping.surface.dims == 2 else 0.0)):
        if delta > 0:
            t_end = min(t_end, (hi - start) / delta)
        elif delta < 0:
            t_end = min(t_end, (lo - start) / delta)
    if t_end <= 0:
        return np.empty((0, 3))
    t = np.linspace(0.0, t_end, samples)
    px, py = x + t * d[0], (0.0 * t if mapping.surface.dims == 1 else y + t * d[1])
    points, normals = mapping.surface_frame(px, py)
    points = np.nan_to_num(points + lift * normals)
    if straight:
        # A step is a jump: its arrow is the straight segment from θk to θk+1.
        points = points[0] + t[:, None] / t_end * (points[-1] - points[0])
    return points


def trim_to_pixels(points: np.ndarray, view_proj: np.ndarray, width: float, height: float,
                   head_px: float) -> tuple[np.ndarray, np.ndarray] | None:
    """Split a world polyline (k, 3) into the shaft (m, 3) and the head's
    (base, tip) (2, 3), the head ``head_px`` long on screen (shorter when
    the whole arrow is). ``view_proj`` is in pyrr's row-vector layout.
    None when the arrow is behind the eye or shorter than a pixel."""
    if len(points) < 2:
        return None
    homogeneous = np.concatenate([points, np.ones((len(points), 1))], axis=1) @ np.asarray(view_proj, np.float64)
    w = homogeneous[:, 3]
    if np.any(w <= 1e-9):
        return None
    screen = homogeneous[:, :2] / w[:, None] * (0.5 * np.array([width, height]))
    steps = np.hypot(*np.diff(screen, axis=0).T)
    s = np.concatenate([[0.0], np.cumsum(steps)])
    total = s[-1]
    if total < 1.0:
        return None
    # A short arrow keeps at least a third of itself as shaft.
    cut = max(total - head_px, total / 3.0)
    k = int(np.searchsorted(s, cut, side="right")) - 1
    k = min(max(k, 0), len(points) - 2)
    f = (cut - s[k]) / max(s[k + 1] - s[k], 1e-9)
    base = points[k] + f * (points[k + 1] - points[k])
    shaft = np.vstack([points[:k + 1], base[None, :]])
    return shaft, np.stack([base, points[-1]])


MARK_HALF = 0.028            # world units: half the length of a clip mark's ticks


def clip_marks(at, along, eye, half: float = MARK_HALF) -> list[tuple[np.ndarray, np.ndarray]]:
    """Two short ticks across an arrow at world point ``at`` (3,): the mark
    of an arrow cut short (``along`` its direction (3,)) or, with ``along``
    None, of one too short to draw (a small cross). Ticks face ``eye``."""
    view = np.asarray(eye, np.float64) - at
    view /= max(float(np.linalg.norm(view)), 1e-12)
    if along is None or float(np.linalg.norm(along)) < 1e-12:
        up = np.array([0.0, 1.0, 0.0])
        side = np.cross(up, view)
        side /= max(float(np.linalg.norm(side)), 1e-12)
        lift = np.cross(view, side)
        return [(at - half * (side + lift) * 0.7, at + half * (side + lift) * 0.7),
                (at - half * (side - lift) * 0.7, at + half * (side - lift) * 0.7)]
    t = np.asarray(along, np.float64) / float(np.linalg.norm(along))
    side = np.cross(t, view)
    side /= max(float(np.linalg.norm(side)), 1e-12)
    slant = side + 0.5 * t
    gap = 0.4 * half * t
    return [(at - gap - half * slant, at - gap + half * slant), (at + gap - half * slant, at + gap + half * slant)]
