"""Loss landscapes (L0): height, analytic gradient, domain and known minima.

Every function is vectorized over numpy arrays of float64 points. A landscape
never imports GL or window code, so it runs and tests anywhere.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np


@dataclass(frozen=True)
class Minimum:
    """A local or global minimum of a landscape, found and refined numerically."""

    x: float
    y: float
    height: float
    is_global: bool
    index: int

    @property
    def label(self) -> str:
        return "global minimum" if self.is_global else f"local minimum {self.index}"


@dataclass(frozen=True)
class Param:
    default: float
    low: float
    high: float
    doc: str = ""


_MINIMA_CACHE: dict[tuple, tuple[Minimum, ...]] = {}


class Surface:
    """Base class of a landscape on the square domain [low, high]^2.

    Subclasses implement ``value`` and ``gradient``; minima are located by a
    multi-start search from ``minima_seeds`` and refined by Newton's method on
    the analytic gradient, so positions and heights are exact to ~1e-12.
    """

    name = ""
    title = ""
    description = ""
    dims = 2
    domain: tuple[float, float] = (-1.0, 1.0)
    #: "linear" or "log": how heights are drawn. The optimizer always sees the
    #: true function; only the picture is compressed.
    display = "linear"
    params: dict[str, Param] = {}

    def __init__(self, **values: float) -> None:
        unknown = set(values) - set(self.params)
        if unknown:
            raise ValueError(f"unknown parameter '{sorted(unknown)[0]}' for landscape '{self.name}'")
        self.p = {key: float(values.get(key, spec.default)) for key, spec in self.params.items()}
        for key, value in self.p.items():
            spec = self.params[key]
            if not (spec.low <= value <= spec.high) or not math.isfinite(value):
                raise ValueError(
                    f"parameter '{key}' of landscape '{self.name}' must be between "
                    f"{spec.low:g} and {spec.high:g}, got {value:g}"
                )

    # -- the function ---------------------------------------------------------
    def value(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def gradient(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        raise NotImplementedError

    def gradient_into(self, pos: np.ndarray, out: np.ndarray, work: dict | None = None) -> None:
        """Write the gradient at ``pos`` (shape (2, n)) into ``out`` (2, n).

        The simulation's hot loop calls this; subclasses may override it with
        an allocation-free version that keeps its scratch arrays in ``work``,
        a dict the caller keeps between calls (one per caller, so two
        simulations on two threads never share scratch space).
        """
        gx, gy = self.gradient(pos[0], pos[1])
        out[0] = gx
        out[1] = gy

    #: ``gradient_point(x, y) -> (gx, gy)`` on plain floats, for stepping a
    #: handful of balls without numpy's per-call cost. Only landscapes whose
    #: gradient is the same IEEE operations either way define it: it must
    #: agree with ``gradient_into`` bit for bit and, like numpy, give inf or
    #: NaN where floats might raise (so no division by a possible zero, no
    #: ``**``, no math functions that numpy evaluates its own way).
    gradient_point = None

    def display_height(self, z: np.ndarray) -> np.ndarray:
        """Height as drawn: identity, or a log compression for huge ranges."""
        z = np.asarray(z, dtype=np.float64)
        if self.display == "log":
            return np.log1p(np.maximum(z - self.global_minimum.height, 0.0))
        return z

    # -- domain ---------------------------------------------------------------
    @property
    def low(self) -> float:
        return self.domain[0]

    @property
    def high(self) -> float:
        return self.domain[1]

    @property
    def extent(self) -> float:
        return self.domain[1] - self.domain[0]

    def sample_grid(self, n: int, margin: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
        """Points spread evenly over the domain, ``margin`` in from its edges:
        an n x n grid (meshgrid arrays), or n points along y = 0 for a 1-D
        landscape."""
        lo, hi = self.domain
        axis = np.linspace(lo + margin, hi - margin, n)
        if self.dims == 1:
            return axis, np.zeros_like(axis)
        return np.meshgrid(axis, axis)

    def contains(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        lo, hi = self.domain
        return (x >= lo) & (x <= hi) & (y >= lo) & (y <= hi)

    # -- minima ---------------------------------------------------------------
    def minima_seeds(self) -> np.ndarray:
        """Approximate positions, shape (k, 2), refined into ``minima``.

        The default is a grid search: plain gradient descent from a lattice of
        starts, so nothing is typed in by eye.
        """
        return descend_from_grid(self)

    @cached_property
    def minima(self) -> tuple[Minimum, ...]:
        # Minima depend only on the landscape and its parameters: compute once.
        key = (type(self), tuple(sorted(self.p.items())))
        if key not in _MINIMA_CACHE:
            _MINIMA_CACHE[key] = self._find_minima()
        return _MINIMA_CACHE[key]

    def _find_minima(self) -> tuple[Minimum, ...]:
        points = refine_minima(self, self.minima_seeds())
        heights = self.value(points[:, 0], points[:, 1])
        order = np.lexsort((points[:, 1], points[:, 0], np.round(heights, 9)))
        points, heights = points[order], heights[order]
        best = heights[0]
        result = []
        local_index = 0
        for (x, y), h in zip(points, heights):
            is_global = bool(h <= best + 1e-9 * max(1.0, abs(best)))
            if not is_global:
                local_index += 1
            result.append(Minimum(float(x), float(y), float(h), is_global, 0 if is_global else local_index))
        return tuple(result)

    @property
    def global_minimum(self) -> Minimum:
        return self.minima[0]

    @property
    def global_minima(self) -> tuple[Minimum, ...]:
        return tuple(m for m in self.minima if m.is_global)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v:g}" for k, v in self.p.items())
        return f"{type(self).__name__}({args})"


# ---------------------------------------------------------------------------
# Numerical minima search, shared by every landscape
# ---------------------------------------------------------------------------

def hessian(surface: Surface, x: np.ndarray, y: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Hessian by central differences of the analytic gradient, shape (n, 2, 2)."""
    gxp = surface.gradient(x + h, y)
    gxm = surface.gradient(x - h, y)
    gyp = surface.gradient(x, y + h)
    gym = surface.gradient(x, y - h)
    hxx = (gxp[0] - gxm[0]) / (2 * h)
    hxy = 0.5 * ((gxp[1] - gxm[1]) + (gyp[0] - gym[0])) / (2 * h)
    hyy = (gyp[1] - gym[1]) / (2 * h)
    out = np.empty((np.size(x), 2, 2))
    out[:, 0, 0], out[:, 0, 1], out[:, 1, 0], out[:, 1, 1] = hxx, hxy, hxy, hyy
    return out


def descend_from_grid(surface: Surface, n: int = 48, steps: int = 4000) -> np.ndarray:
    """Run normalized gradient descent with backtracking from an n x n grid."""
    lo, hi = surface.domain
    margin = 1e-3 * (hi - lo)
    x, y = (a.ravel().copy() for a in surface.sample_grid(n, margin))
    step = np.full(x.shape, 0.02 * (hi - lo))
    with np.errstate(all="ignore"):
        f = surface.value(x, y)
        for _ in range(steps):
            gx, gy = surface.gradient(x, y)
            norm = np.hypot(gx, gy)
            norm[norm == 0] = 1.0
            nx, ny = x - step * gx / norm, y - step * gy / norm
            nx, ny = np.clip(nx, lo, hi), np.clip(ny, lo, hi)
            nf = surface.value(nx, ny)
            better = nf < f
            x, y, f = np.where(better, nx, x), np.where(better, ny, y), np.where(better, nf, f)
            step = np.where(better, step * 1.2, step * 0.5)
            if np.all(step < 1e-10 * (hi - lo)):
                break
    inside = (x > lo + margin / 2) & (x < hi - margin / 2)
    if surface.dims == 2:
        inside &= (y > lo + margin / 2) & (y < hi - margin / 2)
    return np.stack([x[inside], y[inside]], axis=1)


def refine_minima(surface: Surface, seeds: np.ndarray, tol: float = 1e-6) -> np.ndarray:
    """Newton-refine seeds to stationary points, keep true minima, dedupe."""
    seeds = np.asarray(seeds, dtype=np.float64).reshape(-1, 2)
    x, y = seeds[:, 0].copy(), seeds[:, 1].copy()
    with np.errstate(all="ignore"):
        for _ in range(60):
            gx, gy = surface.gradient(x, y)
            if surface.dims == 1:
                hxx = hessian(surface, x, y)[:, 0, 0]
                dx, dy = gx / hxx, np.zeros_like(x)
            else:
                hs = hessian(surface, x, y)
                det = hs[:, 0, 0] * hs[:, 1, 1] - hs[:, 0, 1] ** 2
                dx = (hs[:, 1, 1] * gx - hs[:, 0, 1] * gy) / det
                dy = (hs[:, 0, 0] * gy - hs[:, 0, 1] * gx) / det
            ok = np.isfinite(dx) & np.isfinite(dy)
            x = np.where(ok, x - dx, x)
            y = np.where(ok, y - dy, y)
        gx, gy = surface.gradient(x, y)
        hs = hessian(surface, x, y)
    if surface.dims == 1:
        positive = hs[:, 0, 0] > 0
    else:
        positive = (hs[:, 0, 0] > 0) & (hs[:, 0, 0] * hs[:, 1, 1] - hs[:, 0, 1] ** 2 > 0)
    scale = max(1.0, float(np.nanmax(np.abs(surface.value(x, y)))) if len(x) else 1.0)
    stationary = np.hypot(gx, gy) < 1e-7 * scale
    keep = positive & stationary & surface.contains(x, y)
    found: list[tuple[float, float]] = []
    for px, py in zip(x[keep], y[keep]):
        if all(abs(px - qx) > tol or abs(py - qy) > tol for qx, qy in found):
            found.append((float(px), float(py)))
    return np.array(found, dtype=np.float64).reshape(-1, 2)


# ---------------------------------------------------------------------------
# The landscapes
# ---------------------------------------------------------------------------

_REGISTRY: dict[str, type[Surface]] = {}


def register(cls: type[Surface]) -> type[Surface]:
    _REGISTRY[cls.name] = cls
    return cls


def surface_names() -> list[str]:
    return list(_REGISTRY)


def surface_class(name: str) -> type[Surface]:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown landscape '{name}' (choose from {', '.join(_REGISTRY)})") from None


def make_surface(name: str, **params: float) -> Surface:
    return surface_class(name)(**params)


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
