"""Teaching arrows at each ball (L0, no GL): which way is downhill, and the
step the optimizer actually took.

Both arrows are directions in landscape coordinates (x, y). The gradient
arrow is the negative gradient times a per-landscape gain, so a typical
slope gives a readable arrow; the step arrow is the last step taken times a
fixed magnification, so plain SGD draws it along the gradient arrow while
momentum, Nesterov or Adam visibly point elsewhere. Lengths are clamped to a
share of the domain so flat ground still shows a stub and cliffs do not
draw across the whole map. Drawn, an arrow follows the surface: its world
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
STEP_GAIN = 4.0              # steps are small; drawn this many times longer
MIN_SHARE, MAX_SHARE = 0.06, 0.3


@dataclass(frozen=True)
class ArrowScale:
    """How landscape vectors become arrow lengths on one landscape."""

    gradient_gain: float      # landscape units of arrow per unit of slope
    step_gain: float          # arrow length per unit of step length
    min_length: float         # landscape units
    max_length: float

    @classmethod
    def for_surface(cls, surface: Surface, step_gain: float = STEP_GAIN) -> "ArrowScale":
        return cls(gradient_gain=GRADIENT_SHARE * surface.extent / typical_slope(surface),
                   step_gain=step_gain, min_length=MIN_SHARE * surface.extent,
                   max_length=MAX_SHARE * surface.extent)


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


def clamp_length(v, min_length: float, max_length: float) -> np.ndarray:
    """``v`` (2,) with its length clamped to [min_length, max_length]; a zero
    (or non-finite) vector stays zero: it has no direction to show."""
    v = np.asarray(v, dtype=np.float64)
    length = float(np.hypot(v[0], v[1]))
    if not np.isfinite(length) or length < 1e-15:
        return np.zeros(2)
    return v * (np.clip(length, min_length, max_length) / length)


def arrow_vectors(surface: Surface, pos, step, scale: ArrowScale | None = None
                  ) -> tuple[np.ndarray, np.ndarray]:
    """(gradient arrow, step arrow), each (2,) in landscape coordinates, for a
    ball at ``pos`` (2,) whose last step was ``step`` (2,) (position minus
    previous position)."""
    scale = scale or ArrowScale.for_surface(surface)
    x, y = float(pos[0]), float(pos[1])
    with np.errstate(all="ignore"):
        gx, gy = surface.gradient(np.array(x), np.array(y))
    downhill = -scale.gradient_gain * np.array([float(gx), 0.0 if surface.dims == 1 else float(gy)])
    taken = scale.step_gain * np.asarray(step, dtype=np.float64)
    if surface.dims == 1:
        taken = np.array([taken[0], 0.0])
    return (clamp_length(downhill, scale.min_length, scale.max_length),
            clamp_length(taken, scale.min_length, scale.max_length))


def noisy_gradient_arrow(surface: Surface, used_gradient, scale: ArrowScale | None = None) -> np.ndarray:
    """The arrow of the noisy gradient a ball stepped along (gradient noise on):
    minus that gradient, on the same scale as the true gradient's arrow, so the
    two differ exactly by the noise the ball felt."""
    scale = scale or ArrowScale.for_surface(surface)
    g = np.asarray(used_gradient, dtype=np.float64)
    felt = -scale.gradient_gain * np.array([g[0], 0.0 if surface.dims == 1 else g[1]])
    return clamp_length(felt, scale.min_length, scale.max_length)


def arrow_polyline(mapping: WorldMapping, x: float, y: float, d, samples: int = 12,
                   lift: float = ARROW_LIFT) -> np.ndarray:
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
    return np.nan_to_num(points + lift * normals)


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
