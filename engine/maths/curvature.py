"""Curvature of a landscape at a point (L0): the Hessian's eigenvalues and
eigenvectors, the condition number, and the stability limit of plain SGD.

Near a point where the Hessian is H, plain gradient descent multiplies the
offset along each eigenvector by (1 - lr λ) per step: it shrinks while
|1 - lr λ| < 1, that is for lr < 2 / λmax, and overshoots further with every
step beyond. A negative eigenvalue is a direction that curves downward: in
it the point is a maximum, and with the other direction curving up, a saddle.

The Hessian is taken by central differences of the analytic gradient with a
step that is a power of two, so on a quadratic (the parabola, the bowl) the
differences are exact or within a few ulps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from engine.maths.surfaces import Surface

STEP = 2.0 ** -17
CROSS_SHARE = 0.16          # the arm of the larger |λ| is this share of the domain
LEAST_ARM_SHARE = 0.015     # a flat direction still shows a stub


@dataclass(frozen=True)
class Curvature:
    eigenvalues: tuple[float, ...]           # ascending; one on a 1-D landscape
    directions: tuple[tuple[float, float], ...]  # unit vectors, one per eigenvalue

    @property
    def largest(self) -> float:
        return max(self.eigenvalues)

    @property
    def stability_limit(self) -> float | None:
        """2 / λmax: plain SGD with a larger rate overshoots more each step
        (None where nothing curves upward: no rate is too big for the curvature)."""
        return 2.0 / self.largest if self.largest > 0 else None

    @property
    def condition(self) -> float:
        """|λ| largest over |λ| smallest (1 on a 1-D landscape, inf when flat somewhere)."""
        sizes = [abs(v) for v in self.eigenvalues]
        return math.inf if min(sizes) == 0 else max(sizes) / min(sizes)

    @property
    def saddle(self) -> bool:
        return len(self.eigenvalues) == 2 and self.eigenvalues[0] < 0 < self.eigenvalues[1]

    def cross(self, extent: float) -> list[tuple[np.ndarray, bool]]:
        """The arms of the curvature cross: (vector (2,) from the point, curves
        downward?) for each direction and its opposite; the longer arm belongs
        to the larger |λ|, the other in proportion."""
        sizes = [abs(v) for v in self.eigenvalues]
        top = max(sizes)
        arms = []
        for value, size, d in zip(self.eigenvalues, sizes, self.directions):
            share = CROSS_SHARE * (size / top if top > 0 else 0.0)
            length = max(share, LEAST_ARM_SHARE) * extent
            v = length * np.asarray(d, dtype=np.float64)
            arms += [(v, value < 0), (-v, value < 0)]
        return arms


def hessian_at(surface: Surface, x: float, y: float) -> np.ndarray:
    """The 2 x 2 Hessian (1 x 1 on a 1-D landscape) by central differences."""
    h = STEP

    def g(px, py):
        gx, gy = surface.gradient(np.array(px), np.array(py))
        return float(gx), float(gy)

    gxp, gxm = g(x + h, y), g(x - h, y)
    hxx = (gxp[0] - gxm[0]) / (2 * h)
    if surface.dims == 1:
        return np.array([[hxx]])
    gyp, gym = g(x, y + h), g(x, y - h)
    hxy = 0.5 * ((gxp[1] - gxm[1]) + (gyp[0] - gym[0])) / (2 * h)
    hyy = (gyp[1] - gym[1]) / (2 * h)
    return np.array([[hxx, hxy], [hxy, hyy]])


def curvature_at(surface: Surface, x: float, y: float) -> Curvature | None:
    """The curvature at (x, y); None where the Hessian is not finite."""
    with np.errstate(all="ignore"):
        H = hessian_at(surface, float(x), float(y))
    if not np.all(np.isfinite(H)):
        return None
    if H.shape == (1, 1):
        return Curvature((float(H[0, 0]),), ((1.0, 0.0),))
    values, vectors = np.linalg.eigh(H)
    return Curvature(tuple(float(v) for v in values),
                     tuple((float(vectors[0, k]), float(vectors[1, k])) for k in range(2)))


def describe(c: Curvature) -> str:
    """A short read-out: the shape and the condition number."""
    if len(c.eigenvalues) == 1:
        shape = "curves up" if c.largest > 0 else "curves down" if c.largest < 0 else "flat"
        return shape
    if c.saddle:
        shape = "saddle"
    elif c.eigenvalues[0] > 0:
        shape = "bowl"
    elif c.eigenvalues[1] < 0:
        shape = "hilltop"
    else:
        shape = "flat"
    k = c.condition
    return f"{shape} · κ {_short(k)}"


def _short(value: float) -> str:
    if not math.isfinite(value):
        return "∞"
    if value >= 1000:
        return f"{value:.1e}".replace("e+0", "e").replace("e+", "e")
    return f"{value:.3g}"
