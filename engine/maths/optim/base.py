"""The optimizer base class (L0): state layout, masked steps, one-ball steps.

Positions, gradients and state are float64 arrays shaped (dims, n); the
hyper-parameters arrive every step as one (n,) array per name (or one 0-d
value that every ball shares), so each ball has its own values and a slider
may change them between any two steps.

Every update is written twice: as whole-array numpy passes for many balls,
and as plain float arithmetic for one ball (``step_ball``), because a dozen
tiny numpy calls cost a hundred times the arithmetic they do. The two are
the same IEEE operations in the same order, so they agree bit for bit, and
no branch depends on which other balls step alongside: a ball's trajectory is
the same however the balls are grouped.
"""

from __future__ import annotations

import math

import numpy as np

#: Closed bounds that stand for open ends: (0, x] becomes [TINY, x] and
#: [0, 1) becomes [0, BELOW_ONE], so a range check is a plain comparison.
TINY = math.nextafter(0.0, 1.0)
BELOW_ONE = math.nextafter(1.0, 0.0)
RATE = (TINY, 1e3)  # torch takes lr = 0 too, but a ball that never moves teaches nothing
PENALTY = (0.0, 1e3)
FRACTION = (0.0, 1.0)
BETA = (0.0, BELOW_ONE)
EPS = (TINY, 1.0)

VEC = "vec"    # one value per coordinate and ball: shape (dims, n)
BALL = "ball"  # one value per ball: shape (n,)


class UseArrays(Exception):
    """A one-ball step met a rare case that only the array path handles."""


#: What a one-ball step may raise, having changed nothing, for the array path to take over.
BALL_ERRORS = (UseArrays, ZeroDivisionError, ValueError, OverflowError)


def _value_of(value, i: int) -> float:
    """Ball ``i``'s value of one hyper-parameter given as for ``step``."""
    if type(value) is float:
        return value
    return float(value) if np.ndim(value) == 0 else float(value[i])


class Optimizer:
    """N balls sharing one update rule; every ball has its own state.

    Subclasses declare ``_state``: attribute name -> (layout, dtype, fresh
    value). A fresh value of None marks bookkeeping that ``reset`` keeps but
    a masked step still protects.
    """

    name = ""
    title = ""
    defaults: dict[str, float] = {}
    ranges: dict[str, tuple[float, float]] = {}
    _state: dict[str, tuple[str, type, float | None]] = {}

    def __init__(self, n: int, dims: int = 2) -> None:
        if n < 0 or dims < 1:
            raise ValueError(f"need n >= 0 balls and dims >= 1, got n={n}, dims={dims}")
        self.n = int(n)
        self.dims = int(dims)
        self.t = np.zeros(self.n, dtype=np.int64)
        for attr, (layout, dtype, fresh) in self._state.items():
            shape = (self.dims, self.n) if layout == VEC else (self.n,)
            setattr(self, attr, np.full(shape, 0 if fresh is None else fresh, dtype=dtype))
        self._init_bookkeeping()
        self._g = np.empty((self.dims, self.n))    # gradient with weight decay
        self._s = np.empty((self.dims, self.n))    # scratch
        self._s2 = np.empty((self.dims, self.n))   # scratch, general paths only
        self._n1 = np.empty(self.n)                # per-ball scratch
        self._maybe_fresh = True
        self._part: Optimizer | None = None

    def _init_bookkeeping(self) -> None:
        """Give state with fresh value None its starting contents."""

    def _state_rewritten(self, lockstep: bool | None = None) -> None:
        """Per-ball state was written from outside ``_step``: drop shortcuts.

        ``lockstep`` False says that the balls' step counts now differ.
        """

    # -- public ---------------------------------------------------------------
    def step(self, params: np.ndarray, grad: np.ndarray, hyper: dict, active=None,
             out: np.ndarray | None = None) -> None:
        """Move ``params`` (dims, n) in place one step down ``grad``.

        ``hyper`` maps every name of ``defaults`` to an (n,) array, or to a
        single value shared by every ball. With an ``active`` mask only those
        balls step; the others keep their position and state bit for bit.
        With ``out`` (dims, n) the new positions go there and ``params``
        stays as it was: the caller saves a copy of the old ones.
        """
        shape = (self.dims, self.n)
        if params.shape != shape or grad.shape != shape:
            raise ValueError(
                f"params and grad must have shape {shape}, got {params.shape} and {grad.shape}"
            )
        if out is None:
            out = params
        elif out.shape != shape:
            raise ValueError(f"out must have shape {shape}, got {out.shape}")
        h = {key: np.asarray(hyper[key], dtype=np.float64) for key in self.defaults}
        with np.errstate(all="ignore"):
            if active is not None:
                active = np.asarray(active, dtype=bool)
                if active.shape != (self.n,):
                    raise ValueError(f"active must have shape ({self.n},), got {active.shape}")
                moving = int(np.count_nonzero(active))
                if moving < self.n:
                    if out is not params:
                        np.copyto(out, params)
                    if 2 * moving >= self.n:
                        self._step_all_but(np.flatnonzero(~active), out, grad, h)
                    elif moving:
                        self._step_only(np.flatnonzero(active), out, grad, h)
                    return
            self._step(params, grad, h, out)

    def step_ball(self, i: int, params: np.ndarray, grad: np.ndarray, hyper: dict) -> None:
        """Step ball ``i`` alone: the same result as ``step`` with only it active.

        Plain float arithmetic, for a handful of balls. ``hyper`` is as for
        ``step``.
        """
        x = params[:, i].tolist()
        h = {key: _value_of(hyper[key], i) for key in self.defaults}
        try:
            self.step_floats(i, x, grad[:, i].tolist(), h)
        except BALL_ERRORS:
            active = np.zeros(self.n, dtype=bool)
            active[i] = True
            self.step(params, grad, hyper, active)
            return
        set_column(params, i, x)

    def step_floats(self, i: int, x: list[float], g: list[float], h: dict[str, float]) -> None:
        """``step_ball`` on plain floats: ball ``i`` at ``x`` (updated in place)
        with gradient ``g`` and its own hyper-parameters ``h``.

        Where floats raise and numpy does not (a division by zero, the root
        of a negative) or in rare cases left to numpy, this raises one of
        BALL_ERRORS before changing anything, and the ball must take the
        array path (``step`` with only it active) instead.
        """
        raise NotImplementedError

    def reset(self, mask=None) -> None:
        """Forget the state of the balls in ``mask`` (None: all), as if new."""
        select = (...,) if mask is None else (..., np.asarray(mask, dtype=bool))
        self.t[select] = 0
        for attr, (_, _, fresh) in self._state.items():
            if fresh is not None:
                getattr(self, attr)[select] = fresh
        self._maybe_fresh = True
        self._state_rewritten()

    def take(self, index) -> "Optimizer":
        """A new optimizer for the balls ``index`` alone, each with its state
        as it is here: stepping it steps them exactly as this one would."""
        index = np.asarray(index, dtype=np.int64)
        part = type(self)(index.size, self.dims)
        for mine, theirs in zip(self._per_ball_arrays(), part._per_ball_arrays()):
            np.take(mine, index, axis=-1, out=theirs)
        part._maybe_fresh = self._maybe_fresh
        part._state_rewritten()
        return part

    # -- masked steps ---------------------------------------------------------
    # Masked ufuncs and np.copyto(where=) mispredict on scattered masks and
    # cost up to 20x a plain pass; np.take and row-wise index assignment cost
    # in proportion to the balls they touch. So the smaller side of the mask
    # is the one moved around.
    def _per_ball_arrays(self) -> list[np.ndarray]:
        return [self.t, *(getattr(self, attr) for attr in self._state)]

    def _step_all_but(self, idle, params, grad, h) -> None:
        """Step every ball, then put the few idle ones back as they were."""
        kept = [params, *self._per_ball_arrays()]
        saved = [np.take(array, idle, axis=-1) for array in kept]
        self._step(params, grad, h, params)
        for array, before in zip(kept, saved):
            put_columns(array, idle, before)
        self._maybe_fresh = True
        self._state_rewritten(lockstep=False)

    def _step_only(self, moving, params, grad, h) -> None:
        """Step a compact copy of the few moving balls and scatter it back."""
        part = self._part
        if part is None or part.n != moving.size:
            # Kept between steps: fresh arrays cost page faults on every step.
            part = self._part = type(self)(moving.size, self.dims)
        for mine, theirs in zip(self._per_ball_arrays(), part._per_ball_arrays()):
            np.take(mine, moving, axis=-1, out=theirs)
        part._maybe_fresh = self._maybe_fresh
        part._state_rewritten()
        part_params = np.take(params, moving, axis=-1)
        part_h = {key: value if value.ndim == 0 else np.take(value, moving)
                  for key, value in h.items()}
        part._step(part_params, np.take(grad, moving, axis=-1), part_h, part_params)
        put_columns(params, moving, part_params)
        for mine, theirs in zip(self._per_ball_arrays(), part._per_ball_arrays()):
            put_columns(mine, moving, theirs)
        self._state_rewritten(lockstep=False)

    # -- shared pieces --------------------------------------------------------
    def _step(self, params: np.ndarray, grad: np.ndarray, h: dict, out: np.ndarray) -> None:
        """Step every ball; new positions into ``out`` (which may be ``params``)."""
        raise NotImplementedError

    def _decayed(self, params: np.ndarray, grad: np.ndarray, weight_decay: np.ndarray):
        """grad + weight_decay * params for balls that decay; grad itself for the rest.

        Balls without decay keep their gradient exactly (not params * 0 +
        grad, which turns -0.0 into 0.0 and an infinite position into NaN),
        so a ball's step does not depend on the other balls' settings.
        """
        if not weight_decay.any():
            return grad
        g = self._g
        np.multiply(params, weight_decay, out=g)
        g += grad
        if weight_decay.ndim and not weight_decay.all():
            np.copyto(g, grad, where=weight_decay == 0)
        return g


def decayed_ball(x: list[float], g: list[float], weight_decay: float) -> list[float]:
    """``Optimizer._decayed`` for one ball."""
    if weight_decay != 0:
        return [xi * weight_decay + gi for xi, gi in zip(x, g)]
    return g


def set_column(array: np.ndarray, i: int, values: list[float]) -> None:
    """array[:, i] = values, a float at a time: a third of the cost for a short list."""
    for d, value in enumerate(values):
        array[d, i] = value


def put_columns(array: np.ndarray, index: np.ndarray, values: np.ndarray) -> None:
    """array[..., index] = values, row by row: 4x faster than on a 2-D array."""
    if array.ndim == 1:
        array[index] = values
    else:
        for row, row_values in zip(array, values):
            row[index] = row_values
