"""torch.optim.SGD and its two momentum flavours, vectorized over N balls (L0)."""

from __future__ import annotations

import numpy as np

from engine.maths.optim.base import BALL, FRACTION, PENALTY, RATE, VEC, Optimizer, decayed_ball, set_column


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
    ranges = {"lr": RATE, "momentum": FRACTION, "dampening": FRACTION, "weight_decay": PENALTY}
    _state = {"buf": (VEC, np.float64, 0.0), "has_buf": (BALL, np.bool_, False)}

    def _step(self, params, grad, h, out):
        lr, mu = h["lr"], h["momentum"]
        g = self._decayed(params, grad, h["weight_decay"])
        self.t += 1
        s, buf, one_minus_damp = self._s, self.buf, self._n1
        moving = mu != 0
        if not moving.any():
            np.multiply(g, lr, out=s)
            np.subtract(params, s, out=out)
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
        np.subtract(params, s, out=out)

    def step_floats(self, i, x, g, h):
        g = decayed_ball(x, g, h["weight_decay"])
        lr, mu = h["lr"], h["momentum"]
        if mu == 0:
            direction = g
            buf = None
        else:
            if self.has_buf[i]:
                one_minus_damp = 1.0 - h["dampening"]
                buf = [b * mu + gi * one_minus_damp for b, gi in zip(self.buf[:, i].tolist(), g)]
            else:
                buf = list(g)
            direction = [b * mu + gi for b, gi in zip(buf, g)] if self.nesterov else buf
        step = [d * lr for d in direction]
        self.t[i] = self.t.item(i) + 1
        if buf is not None:
            set_column(self.buf, i, buf)
            self.has_buf[i] = True
        for d, s in enumerate(step):
            x[d] -= s


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
