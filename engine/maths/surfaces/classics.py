"""The classic test functions of optimisation (L0), plus a bowl and a 1-D parabola."""

from __future__ import annotations

import math

import numpy as np

from engine.maths.surfaces.base import Minimum, Param, Surface, register


@register
class Bowl(Surface):
    name = "bowl"
    title = "Elongated bowl"
    description = "a long, narrow convex valley where momentum visibly helps"
    domain = (-3.0, 3.0)
    params = {
        "ratio": Param(12.0, 1.0, 100.0, "how much steeper the narrow direction is"),
        "angle": Param(30.0, -90.0, 90.0, "rotation of the valley, degrees"),
    }

    def _axes(self):
        a = math.radians(self.p["angle"])
        return math.cos(a), math.sin(a)

    def value(self, x, y):
        c, s = self._axes()
        u, v = c * x + s * y, -s * x + c * y
        return 0.05 * u * u + 0.05 * self.p["ratio"] * v * v

    def gradient(self, x, y):
        c, s = self._axes()
        u, v = c * x + s * y, -s * x + c * y
        du, dv = 0.1 * u, 0.1 * self.p["ratio"] * v
        return c * du - s * dv, s * du + c * dv


@register
class Parabola(Surface):
    name = "parabola"
    title = "Parabola L(θ) = θ²"
    description = "the one-dimensional curve of the learning-rate lesson"
    dims = 1
    domain = (-2.0, 2.0)

    def value(self, x, y):
        x = np.asarray(x, dtype=np.float64)
        return x * x + 0.0 * np.asarray(y)

    def gradient(self, x, y):
        x = np.asarray(x, dtype=np.float64)
        return 2.0 * x, np.zeros(np.broadcast(x, np.asarray(y)).shape)

    def contains(self, x, y):
        lo, hi = self.domain
        return (x >= lo) & (x <= hi)


@register
class Rosenbrock(Surface):
    name = "rosenbrock"
    title = "Rosenbrock's banana"
    description = "a curved, flat-bottomed valley that is easy to find and slow to follow"
    domain = (-2.0, 2.0)
    display = "log"
    params = {"a": Param(1.0, 0.1, 2.0), "b": Param(100.0, 1.0, 1000.0)}

    def value(self, x, y):
        a, b = self.p["a"], self.p["b"]
        return (a - x) ** 2 + b * (y - x * x) ** 2

    def gradient(self, x, y):
        a, b = self.p["a"], self.p["b"]
        r = y - x * x
        return -2.0 * (a - x) - 4.0 * b * x * r, 2.0 * b * r


@register
class Himmelblau(Surface):
    name = "himmelblau"
    title = "Himmelblau's function"
    description = "four equally deep minima: where you end up depends on where you start"
    domain = (-5.0, 5.0)
    display = "log"

    def value(self, x, y):
        return (x * x + y - 11.0) ** 2 + (x + y * y - 7.0) ** 2

    def gradient(self, x, y):
        a = x * x + y - 11.0
        b = x + y * y - 7.0
        return 4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b


def _lattice_seeds(surface: Surface) -> np.ndarray:
    lo, hi = surface.domain
    k = np.arange(math.ceil(lo), math.floor(hi) + 1, dtype=np.float64)
    gx, gy = np.meshgrid(k, k)
    return np.stack([gx.ravel(), gy.ravel()], axis=1)


@register
class Rastrigin(Surface):
    name = "rastrigin"
    title = "Rastrigin's egg crate"
    description = "a bowl covered in regular bumps: a trap for every local method"
    domain = (-5.12, 5.12)
    params = {"A": Param(10.0, 0.0, 20.0, "height of the bumps")}

    def value(self, x, y):
        a = self.p["A"]
        return 2 * a + x * x - a * np.cos(2 * np.pi * x) + y * y - a * np.cos(2 * np.pi * y)

    def gradient(self, x, y):
        a = self.p["A"]
        return (2 * x + 2 * np.pi * a * np.sin(2 * np.pi * x),
                2 * y + 2 * np.pi * a * np.sin(2 * np.pi * y))

    def minima_seeds(self):
        return _lattice_seeds(self) if self.p["A"] > 0 else np.zeros((1, 2))


@register
class Ackley(Surface):
    name = "ackley"
    title = "Ackley's function"
    description = "a deep central hole in a field of ripples"
    domain = (-5.0, 5.0)

    def value(self, x, y):
        r = np.sqrt(0.5 * (x * x + y * y))
        c = 0.5 * (np.cos(2 * np.pi * x) + np.cos(2 * np.pi * y))
        return -20.0 * np.exp(-0.2 * r) - np.exp(c) + math.e + 20.0

    def gradient(self, x, y):
        x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
        r = np.sqrt(0.5 * (x * x + y * y))
        c = 0.5 * (np.cos(2 * np.pi * x) + np.cos(2 * np.pi * y))
        # The cone tip at the origin has no gradient; use 0 there (a subgradient).
        with np.errstate(divide="ignore", invalid="ignore"):
            k = np.where(r > 0, 2.0 * np.exp(-0.2 * r) / np.where(r > 0, r, 1.0), 0.0)
        e = np.pi * np.exp(c)
        return k * x + e * np.sin(2 * np.pi * x), k * y + e * np.sin(2 * np.pi * y)

    def minima_seeds(self):
        seeds = _lattice_seeds(self)
        return seeds[(seeds[:, 0] != 0) | (seeds[:, 1] != 0)]

    def _find_minima(self):
        # The global minimum is the cone tip, where Newton's method has no
        # Hessian to work with; it is exactly (0, 0) by symmetry.
        local = Surface._find_minima(self)
        tip = Minimum(0.0, 0.0, float(self.value(0.0, 0.0)), True, 0)
        return (tip,) + tuple(
            Minimum(m.x, m.y, m.height, False, i + 1) for i, m in enumerate(local)
        )


@register
class Beale(Surface):
    name = "beale"
    title = "Beale's function"
    description = "flat plateaus and sharp ridges, with one minimum in a narrow arm"
    domain = (-4.5, 4.5)
    display = "log"

    def value(self, x, y):
        return ((1.5 - x + x * y) ** 2 + (2.25 - x + x * y * y) ** 2
                + (2.625 - x + x * y ** 3) ** 2)

    def gradient(self, x, y):
        a = 1.5 - x + x * y
        b = 2.25 - x + x * y * y
        c = 2.625 - x + x * y ** 3
        gx = 2 * a * (y - 1) + 2 * b * (y * y - 1) + 2 * c * (y ** 3 - 1)
        gy = 2 * a * x + 4 * b * x * y + 6 * c * x * y * y
        return gx, gy


@register
class Booth(Surface):
    name = "booth"
    title = "Booth's function"
    description = "a tilted, gently elongated bowl"
    domain = (-10.0, 10.0)

    def value(self, x, y):
        return (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2

    def gradient(self, x, y):
        a = x + 2 * y - 7
        b = 2 * x + y - 5
        return 2 * a + 4 * b, 4 * a + 2 * b


@register
class SixHumpCamel(Surface):
    name = "six_hump_camel"
    title = "Six-hump camel"
    description = "two global minima and four local ones among six humps"
    domain = (-2.0, 2.0)

    def value(self, x, y):
        x2, y2 = x * x, y * y
        return (4 - 2.1 * x2 + x2 * x2 / 3) * x2 + x * y + (-4 + 4 * y2) * y2

    def gradient(self, x, y):
        x2, y2 = x * x, y * y
        return 8 * x - 8.4 * x2 * x + 2 * x2 * x2 * x + y, x - 8 * y + 16 * y2 * y


@register
class GoldsteinPrice(Surface):
    name = "goldstein_price"
    title = "Goldstein–Price"
    description = "heights spanning a million, drawn on a log scale"
    domain = (-2.0, 2.0)
    display = "log"

    def value(self, x, y):
        a = 1 + (x + y + 1) ** 2 * (19 - 14 * x + 3 * x * x - 14 * y + 6 * x * y + 3 * y * y)
        b = 30 + (2 * x - 3 * y) ** 2 * (18 - 32 * x + 12 * x * x + 48 * y - 36 * x * y + 27 * y * y)
        return a * b

    def gradient(self, x, y):
        s = x + y + 1
        p = 19 - 14 * x + 3 * x * x - 14 * y + 6 * x * y + 3 * y * y
        t = 2 * x - 3 * y
        q = 18 - 32 * x + 12 * x * x + 48 * y - 36 * x * y + 27 * y * y
        a = 1 + s * s * p
        b = 30 + t * t * q
        da_dx = 2 * s * p + s * s * (-14 + 6 * x + 6 * y)
        da_dy = 2 * s * p + s * s * (-14 + 6 * x + 6 * y)
        db_dx = 4 * t * q + t * t * (-32 + 24 * x - 36 * y)
        db_dy = -6 * t * q + t * t * (48 - 36 * x + 54 * y)
        return da_dx * b + a * db_dx, da_dy * b + a * db_dy
