"""A landscape from a teacher's formula (L0): exact gradient by symbolic
differentiation, minima found and classified as for the built-ins."""

from __future__ import annotations

import math
from functools import cached_property

import numpy as np

from engine.maths.formula import Formula, FormulaError, parse_formula
from engine.maths.surfaces.base import Minimum, Surface, descend_from_grid, refine_minima

DEFAULT_DOMAIN = (-3.0, 3.0)
_FORMULA_MINIMA: dict[tuple, tuple[Minimum, ...]] = {}
#: The widest domain a formula may ask for, each way from 0.
MAX_DOMAIN = 1e4


def check_domain(domain) -> tuple[float, float]:
    """(lo, hi) of a formula's square domain, or a ``FormulaError``."""
    try:
        lo, hi = (float(v) for v in domain)
    except (TypeError, ValueError):
        raise FormulaError(f"domain: must be two numbers [lo, hi], got {domain!r}") from None
    if not (math.isfinite(lo) and math.isfinite(hi)) or max(abs(lo), abs(hi)) > MAX_DOMAIN:
        raise FormulaError(f"domain: [{lo:g}, {hi:g}] must lie within [-{MAX_DOMAIN:g}, {MAX_DOMAIN:g}]")
    if not hi > lo:
        raise FormulaError(f"domain: [{lo:g}, {hi:g}] needs lo < hi")
    return lo, hi


class FormulaSurface(Surface):
    """``z = f(x, y)`` (or ``f(x)``, a 1-D curve) on a square domain."""

    name = "formula"
    description = "your own formula of x and y"

    def __init__(self, formula: str | Formula, domain=DEFAULT_DOMAIN) -> None:
        super().__init__()
        self.formula = formula if isinstance(formula, Formula) else parse_formula(formula)
        self.domain = check_domain(domain)
        self.dims = self.formula.dims
        self.title = f"z = {self.formula.text.strip()}" if self.dims == 2 else f"L(x) = {self.formula.text.strip()}"
        values = self.value(*self.sample_grid(129))
        finite = values[np.isfinite(values)]
        if finite.size == 0:
            raise FormulaError(f"formula: '{self.formula.text}' is undefined everywhere on "
                               f"[{self.low:g}, {self.high:g}]")
        # Heights spanning many orders of magnitude are drawn compressed, as
        # for Rosenbrock; the ball always feels the true function. A pole
        # (1/x near 0) is drawn cut off at a ceiling above the rest of the
        # landscape, like a plot's y-limit, instead of flattening all else.
        low, high = float(np.percentile(finite, 1)), float(np.percentile(finite, 98))
        spread = max(high - low, 1e-12)
        self.ceiling = high + 0.5 * spread if finite.max() > high + 3 * spread else None
        self.display = "log" if spread > 1e3 else "linear"

    def value(self, x, y):
        return self.formula.value(x, y)

    def display_height(self, z):
        z = np.asarray(z, dtype=np.float64)
        if self.ceiling is not None:
            z = np.minimum(z, self.ceiling)  # NaN stays NaN: undefined, not high
        return super().display_height(z)

    def gradient(self, x, y):
        return self.formula.gradient(x, y)

    def contains(self, x, y):
        if self.dims == 1:
            lo, hi = self.domain
            return (x >= lo) & (x <= hi)
        return super().contains(x, y)

    @cached_property
    def minima(self) -> tuple[Minimum, ...]:
        # Keyed by the formula and domain: every formula shares one class.
        key = (self.formula.text, self.domain)
        if key not in _FORMULA_MINIMA:
            _FORMULA_MINIMA[key] = self._search_minima()
        return _FORMULA_MINIMA[key]

    def _search_minima(self) -> tuple[Minimum, ...]:
        self._seeds = descend_from_grid(self)
        found = ()
        if len(self._seeds) and len(refine_minima(self, self._seeds)):
            found = Surface._find_minima(self)
        elif len(self._seeds):
            found = self._kink_minima()
        if not found:
            raise FormulaError(f"formula: '{self.formula.text}' has no minimum inside the domain "
                               f"[{self.low:g}, {self.high:g}] (a ball could only roll off the edge)")
        return found

    def minima_seeds(self) -> np.ndarray:
        return self._seeds

    def _kink_minima(self) -> tuple[Minimum, ...]:
        """Minima at a kink (abs, min, max), where Newton's method has no
        curvature to use: the points descent settled on that are lower than
        every point on a small ring around them."""
        tol = 1e-4 * self.extent
        coarse: list[tuple[float, float]] = []
        for px, py in self._seeds:  # seeds stuck near one kink: polish one of them
            if all(abs(px - qx) > 0.02 * self.extent or abs(py - qy) > 0.02 * self.extent
                   for qx, qy in coarse):
                coarse.append((float(px), float(py)))
        points: list[tuple[float, float]] = []
        for px, py in coarse:
            px, py = self._compass_search(px, py)
            if all(abs(px - qx) > tol or abs(py - qy) > tol for qx, qy in points):
                points.append((px, py))
        angles = np.linspace(0.0, 2 * np.pi, 16, endpoint=False)
        r = 1e-5 * self.extent
        kept = []
        for px, py in points:
            ring_y = py + r * np.sin(angles) if self.dims == 2 else np.full(16, py)
            ring = self.value(px + r * np.cos(angles), ring_y)
            here = float(self.value(px, py))
            if np.isfinite(here) and np.all(ring >= here):
                kept.append((px, py, here))
        if not kept:
            return ()
        kept.sort(key=lambda p: (round(p[2], 9), p[0], p[1]))
        best = kept[0][2]
        result, local = [], 0
        for px, py, h in kept:
            is_global = h <= best + 1e-9 * max(1.0, abs(best))
            local += 0 if is_global else 1
            result.append(Minimum(px, py, h, is_global, 0 if is_global else local))
        return tuple(result)

    def _compass_search(self, x: float, y: float) -> tuple[float, float]:
        """Polish a point by compass search: try a step each way, keep the
        lowest, halve the step when none is lower. Needs no gradient."""
        dirs = [(1, 0), (-1, 0)] if self.dims == 1 else [
            (1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1)]
        step = 1e-2 * self.extent
        here = float(self.value(x, y))
        lo, hi = self.domain
        for _ in range(400):
            if step < 1e-10 * self.extent:
                break
            cand_x = np.clip(np.array([x + step * d[0] for d in dirs]), lo, hi)
            cand_y = np.clip(np.array([y + step * d[1] for d in dirs]), lo, hi)
            vals = self.value(cand_x, cand_y)
            k = int(np.nanargmin(vals)) if np.isfinite(vals).any() else -1
            if k >= 0 and vals[k] < here:
                x, y, here = float(cand_x[k]), float(cand_y[k]), float(vals[k])
            else:
                step *= 0.5
        return x, y

    def __repr__(self) -> str:
        return f"FormulaSurface({self.formula.text!r}, domain=({self.low:g}, {self.high:g}))"
