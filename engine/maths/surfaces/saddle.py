"""The signature landscape (L0): a saddle bounded below, with wells and dimples."""

from __future__ import annotations

import numpy as np

from engine.maths.surfaces.base import Param, Surface, register


@register
class Saddle(Surface):
    """The signature landscape: a saddle bounded below, with wells and dimples.

    Along x it rises (a x^2); along y it falls away from the saddle point into
    two valleys (the quartic double well -b y^2 + c y^4). A small tilt makes
    the lower valley the unique global minimum. Rational dimples (cheap to
    evaluate, no exp) add a shelf on the rising flank and a shallow pocket in
    the global valley that can hold a slow plain-SGD ball.
    """

    name = "saddle"
    title = "Saddle with valleys"
    description = "a saddle point between two valleys of different depth, with a shelf and a small dimple"
    domain = (-3.0, 3.0)
    params = {
        "curvature": Param(0.32, 0.05, 2.0, "how steeply the landscape rises along x"),
        "tilt": Param(0.28, 0.0, 1.0, "how much deeper the lower valley is"),
        "shelf": Param(1.1, 0.0, 3.0, "depth of the shelf on the rising flank"),
        "dimple": Param(0.45, 0.0, 2.0, "depth of the small dimple in the lower valley"),
    }
    _B, _C = 1.2, 0.12
    _SHELF = (2.05, 0.35, 0.55)
    _DIMPLE = (1.25, -2.15, 0.38)

    def _dimples(self):
        return ((*self._SHELF, self.p["shelf"]), (*self._DIMPLE, self.p["dimple"]))

    def value(self, x, y):
        x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
        y2 = y * y
        f = self.p["curvature"] * x * x - self._B * y2 + self._C * y2 * y2 + self.p["tilt"] * y
        for cx, cy, s, depth in self._dimples():
            q = 1.0 / (1.0 + ((x - cx) ** 2 + (y - cy) ** 2) / (s * s))
            f = f - depth * q * q
        return f

    def gradient(self, x, y):
        x, y = np.broadcast_arrays(np.asarray(x, float), np.asarray(y, float))
        shape = x.shape
        pos = np.stack([x.ravel(), y.ravel()])
        out = np.empty_like(pos)
        self.gradient_into(pos, out)
        return out[0].reshape(shape), out[1].reshape(shape)

    def _gradient_terms(self):
        """Constants of the gradient, computed once the same way for both paths."""
        terms = getattr(self, "_terms", None)
        if terms is None:
            # q = 1/(1 + r^2/s^2); grad of -depth*q^2 is 4*depth/s^2 * q^3 * (dx, dy)
            # = 4*depth*s^4 / (s^2 + r^2)^3 * (dx, dy).
            dimples = tuple((np.array([[cx], [cy]]), s * s, 4 * depth * s ** 4)
                            for cx, cy, s, depth in self._dimples() if depth != 0.0)
            terms = self._terms = (4 * self._C, 2 * self._B, self.p["tilt"],
                                   2 * self.p["curvature"], dimples)
        return terms

    def gradient_into(self, pos, out, work=None):
        # The simulation's hot loop: every pass over memory and every call
        # counts, so both coordinates go through one call where they can,
        # into scratch arrays kept in ``work`` between calls.
        c4, b2, tilt, a2, dimples = self._gradient_terms()
        x, y = pos[0], pos[1]
        gx, gy = out[0], out[1]
        n = x.shape[0]
        if work is None:
            work = {}
        d, w = work.get("saddle", (None, None))
        if d is None or d.shape != (2, n):
            d, w = work["saddle"] = (np.empty((2, n)), np.empty((2, n)))
        np.multiply(y, y, out=gy)
        gy *= c4
        gy -= b2
        gy *= y
        gy += tilt
        np.multiply(x, a2, out=gx)
        r, k = w[0], w[1]
        for centre, s2, scale in dimples:
            np.subtract(pos, centre, out=d)
            np.multiply(d, d, out=w)
            r += s2      # (dx^2 + s^2) + dy^2, the order gradient_point uses
            r += k
            np.divide(1.0, r, out=r)  # np.reciprocal's very division, at twice its speed
            np.multiply(r, r, out=k)
            k *= r
            k *= scale
            d *= k
            out += d

    def gradient_point(self, x, y):
        c4, b2, tilt, a2, dimples = self._gradient_terms()
        gy = (y * y * c4 - b2) * y + tilt
        gx = x * a2
        for centre, s2, scale in dimples:
            dx = x - centre.item(0)
            dy = y - centre.item(1)
            r = 1.0 / (dx * dx + s2 + dy * dy)
            k = r * r * r * scale
            gx += dx * k
            gy += dy * k
        return gx, gy
