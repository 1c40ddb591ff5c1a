"""What every landscape is (L0): height, analytic gradient, domain, minima,
and the registry of landscapes by name."""

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
