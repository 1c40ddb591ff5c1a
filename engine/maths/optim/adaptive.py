"""torch.optim's adaptive rules, vectorized over N balls (L0): Adam, RMSprop, Adagrad."""

from __future__ import annotations

import math

import numpy as np

from engine.maths.optim.base import (BALL, BETA, EPS, FRACTION, PENALTY, RATE, VEC, Optimizer, UseArrays,
                         decayed_ball, set_column)


def _first_not_in(sorted_indices: np.ndarray, n: int) -> int:
    """The smallest ball index 0..n-1 not in ``sorted_indices`` (n if none)."""
    for i, index in enumerate(sorted_indices.tolist()):
        if index != i:
            return i
    return len(sorted_indices)


def _equal_but(values: np.ndarray, skipped: np.ndarray, lead: int) -> bool:
    """Whether every entry of ``values`` outside ``skipped`` equals values[lead];
    the few skipped entries stand in as the lead's for two reductions."""
    saved = values[skipped]
    values[skipped] = values[lead]
    try:
        return bool(values.min() == values.max())
    finally:
        values[skipped] = saved


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
    ranges = {"lr": RATE, "beta1": BETA, "beta2": BETA, "eps": EPS, "weight_decay": PENALTY}
    _state = {
        "grad_sum": (VEC, np.float64, 0.0),
        "square_sum": (VEC, np.float64, 0.0),
        "beta1_power": (BALL, np.float64, 1.0),
        "beta2_power": (BALL, np.float64, 1.0),
        # Each beta as last seen, and 1 - beta, so that an unchanged beta
        # costs one comparison. A fresh ball's power is 1, beta**0 for any
        # beta, so reset keeps these.
        "beta1_seen": (BALL, np.float64, None),
        "beta2_seen": (BALL, np.float64, None),
        "one_minus_beta1": (BALL, np.float64, None),
        "one_minus_beta2": (BALL, np.float64, None),
    }

    def _init_bookkeeping(self):
        for i in (1, 2):
            getattr(self, f"beta{i}_seen")[:] = self.defaults[f"beta{i}"]
            getattr(self, f"one_minus_beta{i}")[:] = 1.0 - self.defaults[f"beta{i}"]
        self._state_rewritten()

    _lead = 0  # the ball whose powers stand for all when they step in lockstep

    def _state_rewritten(self, lockstep=None):
        # The beta every ball has seen, when one value is shared: then that
        # check costs nothing and 1 - beta is a single number.
        self._shared_seen = [None, None]
        # Whether every ball has the same powers of beta (balls started
        # together with shared betas): then the bias corrections are single
        # numbers, five passes fewer. None: not known, look when needed.
        self._lockstep = lockstep

    def _step_all_but(self, idle, params, grad, h):
        # The idle balls are put back as they were after the step, so the
        # moving ones alone decide whether the bias corrections can be
        # single numbers; the idle ones, stopped a step or more ago, are the
        # very balls whose powers now differ. The numbers then come from a
        # moving ball (the lead), and every moving ball gets the same bits
        # as from its own powers, which equal the lead's.
        self._lead = _first_not_in(idle, self.n)
        self._lockstep = self._lead < self.n and all(
            _equal_but(power, idle, self._lead) for power in (self.beta1_power, self.beta2_power))
        try:
            super()._step_all_but(idle, params, grad, h)
        finally:
            self._lead = 0

    def _in_lockstep(self) -> bool:
        if self._lockstep is None:
            self._lockstep = bool(self.n) and all(
                power.min() == power.max() for power in (self.beta1_power, self.beta2_power))
        return self._lockstep

    def _advance_power(self, which, power, seen, one_minus, sums, beta):
        """Multiply beta into the running power; return 1 - beta per ball."""
        power *= beta
        shared = beta.ndim == 0
        if shared:
            b = float(beta)
            if self._shared_seen[which] == b:
                return 1.0 - b
            unchanged = bool(np.all(seen == b))
        else:
            unchanged = np.array_equal(seen, beta)
        if not unchanged:
            beta = np.broadcast_to(beta, seen.shape)
            changed = np.flatnonzero(seen != beta)
            power[changed] = np.power(beta[changed], self.t[changed])
            seen[changed] = beta[changed]
            old = one_minus[changed]
            one_minus[changed] = 1.0 - beta[changed]
            sums[..., changed] *= old / one_minus[changed]
            self._lockstep = None
        if shared:
            self._shared_seen[which] = b
            return 1.0 - b
        return one_minus

    def _step(self, params, grad, h, out):
        beta1, beta2 = h["beta1"], h["beta2"]
        g = self._decayed(params, grad, h["weight_decay"])
        self.t += 1
        m, v, s, k = self.grad_sum, self.square_sum, self._s, self._n1
        one_minus_beta1 = self._advance_power(0, self.beta1_power, self.beta1_seen,
                                              self.one_minus_beta1, m, beta1)
        one_minus_beta2 = self._advance_power(1, self.beta2_power, self.beta2_seen,
                                              self.one_minus_beta2, v, beta2)
        if beta1.ndim or beta2.ndim:
            self._lockstep = False  # betas per ball: the powers drift apart
        lockstep = self._in_lockstep()
        m *= beta1
        m += g
        np.multiply(g, g, out=s)
        v *= beta2
        v += s
        # s = sqrt(v-hat) + eps, with v-hat = square_sum (1 - beta2) / (1 - beta2**t)
        if lockstep:
            # (numpy scalars: a zero divisor gives inf, as for arrays, not an error)
            np.multiply(v, one_minus_beta2 / (1.0 - self.beta2_power[self._lead]), out=s)
        else:
            np.subtract(1.0, self.beta2_power, out=k)
            np.divide(one_minus_beta2, k, out=k)
            np.multiply(v, k, out=s)
        np.sqrt(s, out=s)
        s += h["eps"]
        np.divide(m, s, out=s)
        # k = lr (1 - beta1) / (1 - beta1**t): m-hat's factor times the rate
        lr = h["lr"]
        if lockstep:
            k1 = one_minus_beta1 / (1.0 - self.beta1_power[self._lead])
            if lr.ndim:
                np.multiply(lr, k1, out=k)
                s *= k
            else:
                s *= k1 * float(lr)
        else:
            np.subtract(1.0, self.beta1_power, out=k)
            np.divide(one_minus_beta1, k, out=k)
            k *= lr
            s *= k
        np.subtract(params, s, out=out)

    def step_floats(self, i, x, g, h):
        g = decayed_ball(x, g, h["weight_decay"])
        beta1, beta2 = h["beta1"], h["beta2"]
        if self.beta1_seen.item(i) != beta1 or self.beta2_seen.item(i) != beta2:
            raise UseArrays
        power1 = self.beta1_power.item(i) * beta1
        power2 = self.beta2_power.item(i) * beta2
        m = [mi * beta1 + gi for mi, gi in zip(self.grad_sum[:, i].tolist(), g)]
        v = [vi * beta2 + gi * gi for vi, gi in zip(self.square_sum[:, i].tolist(), g)]
        k2 = self.one_minus_beta2.item(i) / (1.0 - power2)
        k1 = self.one_minus_beta1.item(i) / (1.0 - power1) * h["lr"]
        eps = h["eps"]
        step = [mi / (math.sqrt(vi * k2) + eps) * k1 for mi, vi in zip(m, v)]
        self.t[i] = self.t.item(i) + 1
        if self.n > 1:
            self._lockstep = False
        self.beta1_power[i] = power1
        self.beta2_power[i] = power2
        set_column(self.grad_sum, i, m)
        set_column(self.square_sum, i, v)
        for d, s in enumerate(step):
            x[d] -= s


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
    ranges = {"lr": RATE, "alpha": FRACTION, "eps": EPS, "momentum": FRACTION,
              "centered": FRACTION, "weight_decay": PENALTY}
    _state = {
        "square_avg": (VEC, np.float64, 0.0),
        "grad_avg": (VEC, np.float64, 0.0),
        "buf": (VEC, np.float64, 0.0),
    }

    def _step(self, params, grad, h, out):
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
        np.subtract(params, s, out=out)

    def step_floats(self, i, x, g, h):
        g = decayed_ball(x, g, h["weight_decay"])
        lr, alpha, mu, eps = h["lr"], h["alpha"], h["momentum"], h["eps"]
        k = 1.0 - alpha
        sq = [a * alpha + gi * gi * k for a, gi in zip(self.square_avg[:, i].tolist(), g)]
        ga = None
        if h["centered"] != 0:
            ga = [a * alpha + gi * k for a, gi in zip(self.grad_avg[:, i].tolist(), g)]
            root = [math.sqrt(a - b * b) for a, b in zip(sq, ga)]
        else:
            root = [math.sqrt(a) for a in sq]
        step = [gi / (r + eps) for gi, r in zip(g, root)]
        buf = None
        if mu > 0:
            buf = [b * mu + s for b, s in zip(self.buf[:, i].tolist(), step)]
            step = buf
        step = [s * lr for s in step]
        self.t[i] = self.t.item(i) + 1
        set_column(self.square_avg, i, sq)
        if ga is not None:
            set_column(self.grad_avg, i, ga)
        if buf is not None:
            set_column(self.buf, i, buf)
        for d, s in enumerate(step):
            x[d] -= s


class Adagrad(Optimizer):
    """torch.optim.Adagrad: lr / sqrt(sum of squared gradients), eps outside.

    The accumulator starts at ``initial_accumulator_value`` as it stands on a
    ball's first step; changing it later has no effect, as in torch.
    """

    name = "adagrad"
    title = "Adagrad"
    defaults = {"lr": 1e-2, "lr_decay": 0.0, "initial_accumulator_value": 0.0, "eps": 1e-10,
                "weight_decay": 0.0}
    ranges = {"lr": RATE, "lr_decay": PENALTY, "initial_accumulator_value": PENALTY,
              "eps": EPS, "weight_decay": PENALTY}
    _state = {"sum": (VEC, np.float64, 0.0)}

    def _step(self, params, grad, h, out):
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
        np.subtract(params, s, out=out)

    def step_floats(self, i, x, g, h):
        g = decayed_ball(x, g, h["weight_decay"])
        t = self.t.item(i)
        if t == 0:
            total = [h["initial_accumulator_value"]] * len(g)
        else:
            total = self.sum[:, i].tolist()
        # (t + 1) - 1 as a float, times the decay, plus one: _step's order.
        clr = h["lr"] / (float(t) * h["lr_decay"] + 1.0)
        total = [a + gi * gi for a, gi in zip(total, g)]
        eps = h["eps"]
        step = [gi / (math.sqrt(a) + eps) * clr for gi, a in zip(g, total)]
        self.t[i] = t + 1
        set_column(self.sum, i, total)
        for d, s in enumerate(step):
            x[d] -= s
