"""Optimizers (L0): the update rules of torch.optim, vectorized over N balls.

Positions, gradients and state are float64 arrays shaped (dims, n); the
hyper-parameters arrive every step as one (n,) array per name, so each ball
has its own values and a slider may change them between any two steps.

Rules, defaults and state follow torch.optim, so a ball moves the way the same
optimizer moves a network's weights: the SGD momentum buffer starts as the
first gradient and holds no learning rate (a new lr acts at the very next
step); Adam divides by 1 - beta**t with t counted per ball; RMSprop adds eps
outside the square root; Adagrad's rate is lr / (1 + (t - 1) * lr_decay).

At 100,000 balls a step costs about a dozen passes over memory, so the hot
paths write into preallocated scratch arrays: temporaries would double it.
A ball that blows up turns inf or nan without a warning; the simulation
detects divergence and shows it.
"""

from __future__ import annotations

import math

import numpy as np

#: Closed bounds that stand for open ends: (0, x] becomes [TINY, x] and
#: [0, 1) becomes [0, BELOW_ONE], so a range check is a plain comparison.
TINY = math.nextafter(0.0, 1.0)
BELOW_ONE = math.nextafter(1.0, 0.0)
_RATE = (TINY, 1e3)  # torch takes lr = 0 too, but a ball that never moves teaches nothing
_PENALTY = (0.0, 1e3)
_FRACTION = (0.0, 1.0)
_BETA = (0.0, BELOW_ONE)
_EPS = (TINY, 1.0)

_VEC = "vec"    # one value per coordinate and ball: shape (dims, n)
_BALL = "ball"  # one value per ball: shape (n,)


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
            shape = (self.dims, self.n) if layout == _VEC else (self.n,)
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

    # -- public ---------------------------------------------------------------
    def step(self, params: np.ndarray, grad: np.ndarray, hyper: dict, active=None) -> None:
        """Move ``params`` (dims, n) in place one step down ``grad``.

        ``hyper`` maps every name of ``defaults`` to an (n,) array. With an
        ``active`` mask only those balls step; the others keep their position
        and state bit for bit.
        """
        shape = (self.dims, self.n)
        if params.shape != shape or grad.shape != shape:
            raise ValueError(
                f"params and grad must have shape {shape}, got {params.shape} and {grad.shape}"
            )
        h = {key: np.asarray(hyper[key], dtype=np.float64) for key in self.defaults}
        with np.errstate(all="ignore"):
            if active is None:
                self._step(params, grad, h)
                return
            active = np.asarray(active, dtype=bool)
            if active.shape != (self.n,):
                raise ValueError(f"active must have shape ({self.n},), got {active.shape}")
            moving = int(np.count_nonzero(active))
            if moving == self.n:
                self._step(params, grad, h)
            elif 2 * moving >= self.n:
                self._step_all_but(np.flatnonzero(~active), params, grad, h)
            elif moving:
                self._step_only(np.flatnonzero(active), params, grad, h)

    def reset(self, mask=None) -> None:
        """Forget the state of the balls in ``mask`` (None: all), as if new."""
        select = (...,) if mask is None else (..., np.asarray(mask, dtype=bool))
        self.t[select] = 0
        for attr, (_, _, fresh) in self._state.items():
            if fresh is not None:
                getattr(self, attr)[select] = fresh
        self._maybe_fresh = True

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
        self._step(params, grad, h)
        for array, before in zip(kept, saved):
            _put(array, idle, before)
        self._maybe_fresh = True

    def _step_only(self, moving, params, grad, h) -> None:
        """Step a compact copy of the few moving balls and scatter it back."""
        part = self._part
        if part is None or part.n != moving.size:
            # Kept between steps: fresh arrays cost page faults on every step.
            part = self._part = type(self)(moving.size, self.dims)
        for mine, theirs in zip(self._per_ball_arrays(), part._per_ball_arrays()):
            np.take(mine, moving, axis=-1, out=theirs)
        part._maybe_fresh = self._maybe_fresh
        part_params = np.take(params, moving, axis=-1)
        part_h = {key: value if value.ndim == 0 else np.take(value, moving)
                  for key, value in h.items()}
        part._step(part_params, np.take(grad, moving, axis=-1), part_h)
        _put(params, moving, part_params)
        for mine, theirs in zip(self._per_ball_arrays(), part._per_ball_arrays()):
            _put(mine, moving, theirs)

    # -- shared pieces --------------------------------------------------------
    def _step(self, params: np.ndarray, grad: np.ndarray, h: dict) -> None:
        raise NotImplementedError

    def _decayed(self, params: np.ndarray, grad: np.ndarray, weight_decay: np.ndarray):
        """grad + weight_decay * params, or grad itself when no ball decays."""
        if not weight_decay.any():
            return grad
        np.multiply(params, weight_decay, out=self._g)
        self._g += grad
        return self._g


class SGD(Optimizer):
    """torch.optim.SGD: plain, heavy-ball momentum, or Nesterov momentum.

    A ball with momentum 0 takes a plain step and leaves its buffer alone,
    as torch does; the first step with momentum starts the buffer at the
    gradient itself (no dampening on that step).
    """

    name = "sgd"
    title = "SGD"
    nesterov = False
    defaults = {"lr": 1e-3, "momentum": 0.0, "dampening": 0.0, "weight_decay": 0.0}
    ranges = {"lr": _RATE, "momentum": _FRACTION, "dampening": _FRACTION, "weight_decay": _PENALTY}
    _state = {"buf": (_VEC, np.float64, 0.0), "has_buf": (_BALL, np.bool_, False)}

    def _step(self, params, grad, h):
        lr, mu = h["lr"], h["momentum"]
        g = self._decayed(params, grad, h["weight_decay"])
        self.t += 1
        s, buf, one_minus_damp = self._s, self.buf, self._n1
        moving = mu != 0
        if not moving.any():
            np.multiply(g, lr, out=s)
            params -= s
            return
        np.subtract(1.0, h["dampening"], out=one_minus_damp)
        if moving.all() and self.has_buf.all():
            buf *= mu
            np.multiply(g, one_minus_damp, out=s)
            buf += s
            if self.nesterov:
                np.multiply(buf, mu, out=s)
                s += g
                direction = s
            else:
                direction = buf
        else:
            s2 = self._s2
            np.multiply(buf, mu, out=s2)
            np.multiply(g, one_minus_damp, out=s)
            s2 += s
            np.copyto(buf, s2, where=moving & self.has_buf)
            np.copyto(buf, g, where=moving & ~self.has_buf)
            self.has_buf |= moving
            if self.nesterov:
                np.multiply(buf, mu, out=s)
                s += g
            else:
                np.copyto(s, buf)
            np.copyto(s, g, where=~moving)
            direction = s
        np.multiply(direction, lr, out=s)
        params -= s


class Momentum(SGD):
    """Heavy ball: torch SGD with momentum 0.9 and no dampening."""

    name = "momentum"
    title = "Momentum"
    defaults = {**SGD.defaults, "momentum": 0.9}


class Nesterov(SGD):
    """torch SGD with nesterov=True: the step looks ahead along the buffer."""

    name = "nesterov"
    title = "Nesterov"
    nesterov = True
    defaults = {**SGD.defaults, "momentum": 0.9}
    # torch refuses Nesterov with dampening.
    ranges = {**SGD.ranges, "dampening": (0.0, 0.0)}


class Adam(Optimizer):
    """torch.optim.Adam (amsgrad off, L2 weight decay added to the gradient).

    The moments are kept as discounted sums, grad_sum = sum beta1**(t-i) g_i
    and square_sum = sum beta2**(t-i) g_i**2, so torch's exp_avg is
    (1 - beta1) * grad_sum: each update is then one multiply and one add, and
    the (1 - beta) factors join the per-ball bias corrections. That saves two
    of thirteen passes over memory.

    beta**t is a per-ball running product: np.power on 100,000 balls costs
    more than the rest of the step. torch corrects with the current beta, so
    a ball whose beta changed has its power recomputed from its step count,
    and its sum rescaled so that torch's exp_avg stays what it was.
    """

    name = "adam"
    title = "Adam"
    defaults = {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0}
    ranges = {"lr": _RATE, "beta1": _BETA, "beta2": _BETA, "eps": _EPS, "weight_decay": _PENALTY}
    _state = {
        "grad_sum": (_VEC, np.float64, 0.0),
        "square_sum": (_VEC, np.float64, 0.0),
        "beta1_power": (_BALL, np.float64, 1.0),
        "beta2_power": (_BALL, np.float64, 1.0),
        # Each beta as last seen, and 1 - beta, so that an unchanged beta
        # costs one comparison. A fresh ball's power is 1, beta**0 for any
        # beta, so reset keeps these.
        "beta1_seen": (_BALL, np.float64, None),
        "beta2_seen": (_BALL, np.float64, None),
        "one_minus_beta1": (_BALL, np.float64, None),
        "one_minus_beta2": (_BALL, np.float64, None),
    }

    def _init_bookkeeping(self):
        for i in (1, 2):
            getattr(self, f"beta{i}_seen")[:] = self.defaults[f"beta{i}"]
            getattr(self, f"one_minus_beta{i}")[:] = 1.0 - self.defaults[f"beta{i}"]

    def _advance_power(self, power, seen, one_minus, sums, beta):
        power *= beta
        if np.array_equal(seen, beta):
            return
        beta = np.broadcast_to(beta, seen.shape)
        changed = np.flatnonzero(seen != beta)
        power[changed] = np.power(beta[changed], self.t[changed])
        seen[changed] = beta[changed]
        old = one_minus[changed]
        one_minus[changed] = 1.0 - beta[changed]
        sums[..., changed] *= old / one_minus[changed]

    def _step(self, params, grad, h):
        beta1, beta2 = h["beta1"], h["beta2"]
        g = self._decayed(params, grad, h["weight_decay"])
        self.t += 1
        m, v, s, k = self.grad_sum, self.square_sum, self._s, self._n1
        self._advance_power(self.beta1_power, self.beta1_seen, self.one_minus_beta1, m, beta1)
        self._advance_power(self.beta2_power, self.beta2_seen, self.one_minus_beta2, v, beta2)
        m *= beta1
        m += g
        np.multiply(g, g, out=s)
        v *= beta2
        v += s
        # s = sqrt(v-hat) + eps, with v-hat = square_sum (1 - beta2) / (1 - beta2**t)
        np.subtract(1.0, self.beta2_power, out=k)
        np.divide(self.one_minus_beta2, k, out=k)
        np.multiply(v, k, out=s)
        np.sqrt(s, out=s)
        s += h["eps"]
        np.divide(m, s, out=s)
        # k = lr (1 - beta1) / (1 - beta1**t): m-hat's factor times the rate
        np.subtract(1.0, self.beta1_power, out=k)
        np.divide(self.one_minus_beta1, k, out=k)
        k *= h["lr"]
        s *= k
        params -= s


class RMSprop(Optimizer):
    """torch.optim.RMSprop, with optional momentum and centering.

    ``centered`` is a 0/1 flag per ball (nonzero means on). Like torch, a
    ball only updates its gradient average while centered and its momentum
    buffer while momentum > 0; both start at zero.
    """

    name = "rmsprop"
    title = "RMSprop"
    defaults = {"lr": 1e-2, "alpha": 0.99, "eps": 1e-8, "momentum": 0.0, "centered": 0.0,
                "weight_decay": 0.0}
    ranges = {"lr": _RATE, "alpha": _FRACTION, "eps": _EPS, "momentum": _FRACTION,
              "centered": _FRACTION, "weight_decay": _PENALTY}
    _state = {
        "square_avg": (_VEC, np.float64, 0.0),
        "grad_avg": (_VEC, np.float64, 0.0),
        "buf": (_VEC, np.float64, 0.0),
    }

    def _step(self, params, grad, h):
        lr, alpha, mu = h["lr"], h["alpha"], h["momentum"]
        g = self._decayed(params, grad, h["weight_decay"])
        self.t += 1
        sq, s, s2, k = self.square_avg, self._s, self._s2, self._n1
        np.subtract(1.0, alpha, out=k)
        np.multiply(g, g, out=s)
        s *= k
        sq *= alpha
        sq += s
        centered = h["centered"] != 0
        if centered.any():
            ga = self.grad_avg
            np.multiply(ga, alpha, out=s2)
            np.multiply(g, k, out=s)
            s2 += s
            np.copyto(ga, s2, where=centered)
            np.multiply(ga, ga, out=s)
            np.subtract(sq, s, out=s)
            if not centered.all():
                np.copyto(s, sq, where=~centered)
            np.sqrt(s, out=s)
        else:
            np.sqrt(sq, out=s)
        s += h["eps"]
        np.divide(g, s, out=s)
        moving = mu > 0
        if moving.all():
            buf = self.buf
            buf *= mu
            buf += s
            np.multiply(buf, lr, out=s)
        elif moving.any():
            buf = self.buf
            np.multiply(buf, mu, out=s2)
            s2 += s
            np.copyto(buf, s2, where=moving)
            np.copyto(s, buf, where=moving)
            s *= lr
        else:
            s *= lr
        params -= s


class Adagrad(Optimizer):
    """torch.optim.Adagrad: lr / sqrt(sum of squared gradients), eps outside.

    The accumulator starts at ``initial_accumulator_value`` as it stands on a
    ball's first step; changing it later has no effect, as in torch.
    """

    name = "adagrad"
    title = "Adagrad"
    defaults = {"lr": 1e-2, "lr_decay": 0.0, "initial_accumulator_value": 0.0, "eps": 1e-10,
                "weight_decay": 0.0}
    ranges = {"lr": _RATE, "lr_decay": _PENALTY, "initial_accumulator_value": _PENALTY,
              "eps": _EPS, "weight_decay": _PENALTY}
    _state = {"sum": (_VEC, np.float64, 0.0)}

    def _step(self, params, grad, h):
        lr, lr_decay = h["lr"], h["lr_decay"]
        g = self._decayed(params, grad, h["weight_decay"])
        if self._maybe_fresh:
            fresh = self.t == 0
            np.copyto(self.sum, h["initial_accumulator_value"], where=fresh)
            self._maybe_fresh = False
        self.t += 1
        s = self._s
        if lr_decay.any():
            clr = self._n1
            np.subtract(self.t, 1, out=clr)
            clr *= lr_decay
            clr += 1.0
            np.divide(lr, clr, out=clr)
        else:
            clr = lr
        np.multiply(g, g, out=s)
        self.sum += s
        np.sqrt(self.sum, out=s)
        s += h["eps"]
        np.divide(g, s, out=s)
        s *= clr
        params -= s


def _put(array: np.ndarray, index: np.ndarray, values: np.ndarray) -> None:
    """array[..., index] = values, row by row: 4x faster than on a 2-D array."""
    if array.ndim == 1:
        array[index] = values
    else:
        for row, row_values in zip(array, values):
            row[index] = row_values


OPTIMIZERS: dict[str, type[Optimizer]] = {
    cls.name: cls for cls in (SGD, Momentum, Nesterov, Adam, RMSprop, Adagrad)
}


def optimizer_names() -> list[str]:
    return list(OPTIMIZERS)


def optimizer_class(name: str) -> type[Optimizer]:
    try:
        return OPTIMIZERS[name]
    except KeyError:
        raise ValueError(
            f"unknown optimizer '{name}' (choose from {', '.join(OPTIMIZERS)})"
        ) from None
