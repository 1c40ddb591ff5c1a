"""torch.optim's other classic rules, vectorized over N balls (L0): Adadelta, Rprop, ASGD.

As in adam_family: torch's single-tensor path, its defaults and names (tuples
split: ``eta_minus``/``eta_plus``, ``step_size_min``/``step_size_max``), one
(n,) array or shared value per hyper-parameter, whole-array passes.
"""

from __future__ import annotations

import math

import numpy as np

from engine.maths.optim.adam_family import ArrayOnly
from engine.maths.optim.base import BALL, BELOW_ONE, EPS, FRACTION, PENALTY, RATE, TINY, VEC

ABOVE_ONE = math.nextafter(1.0, 2.0)


class Adadelta(ArrayOnly):
    """torch.optim.Adadelta: the step's size comes from the history of past
    steps, sqrt(acc_delta + eps) / sqrt(square_avg + eps), times lr (default 1)."""

    name = "adadelta"
    title = "Adadelta"
    defaults = {"lr": 1.0, "rho": 0.9, "eps": 1e-6, "weight_decay": 0.0}
    ranges = {"lr": RATE, "rho": FRACTION, "eps": EPS, "weight_decay": PENALTY}
    _state = {"square_avg": (VEC, np.float64, 0.0), "acc_delta": (VEC, np.float64, 0.0)}

    def _step(self, params, grad, h, out):
        lr, rho, eps = h["lr"], h["rho"], h["eps"]
        self.t += 1
        g = self._decayed(params, grad, h["weight_decay"])
        self.square_avg *= rho
        self.square_avg += (1.0 - rho) * (g * g)
        std = np.sqrt(self.square_avg + eps)
        delta = np.sqrt(self.acc_delta + eps) / std * g
        self.acc_delta *= rho
        self.acc_delta += (1.0 - rho) * (delta * delta)
        np.subtract(params, lr * delta, out=out)


class Rprop(ArrayOnly):
    """torch.optim.Rprop: only the gradient's sign counts. Each coordinate has
    its own step size (starting at lr), times eta_plus while the sign holds,
    times eta_minus when it flips (and that step is skipped), kept within
    [step_size_min, step_size_max]. lr acts only on a ball's first step."""

    name = "rprop"
    title = "Rprop"
    defaults = {"lr": 1e-2, "eta_minus": 0.5, "eta_plus": 1.2, "step_size_min": 1e-6,
                "step_size_max": 50.0}
    ranges = {"lr": RATE, "eta_minus": (TINY, BELOW_ONE), "eta_plus": (ABOVE_ONE, 1e3),
              "step_size_min": (0.0, 1e3), "step_size_max": (TINY, 1e6)}
    _state = {"prev": (VEC, np.float64, 0.0), "step_size": (VEC, np.float64, 0.0)}

    def _step(self, params, grad, h, out):
        eta_minus, eta_plus = h["eta_minus"], h["eta_plus"]
        fresh = self.t == 0
        if fresh.any():
            np.copyto(self.step_size, np.broadcast_to(h["lr"], fresh.shape), where=fresh)
            self.prev[:, fresh] = 0.0
        self.t += 1
        sign = np.sign(grad * self.prev)
        factor = np.where(sign > 0, eta_plus, np.where(sign < 0, eta_minus, 1.0))
        np.clip(self.step_size * factor, h["step_size_min"], h["step_size_max"], out=self.step_size)
        g = np.where(factor == eta_minus, 0.0, grad)
        np.subtract(params, np.sign(g) * self.step_size, out=out)
        self.prev[...] = g


class ASGD(ArrayOnly):
    """torch.optim.ASGD: SGD with a step size that decays as
    lr / (1 + lambd lr t)**alpha and a pull of lambd eta towards 0.

    torch also keeps a running average of the parameters (ax, from step t0
    on) for the caller to read after training; it never moves the
    parameters, so a ball, which is the parameters, needs only eta.
    """

    name = "asgd"
    title = "ASGD"
    defaults = {"lr": 1e-2, "lambd": 1e-4, "alpha": 0.75, "weight_decay": 0.0}
    ranges = {"lr": RATE, "lambd": PENALTY, "alpha": (0.0, 10.0), "weight_decay": PENALTY}
    _state = {"eta": (BALL, np.float64, 0.0)}

    def _step(self, params, grad, h, out):
        lr, lambd, alpha = h["lr"], h["lambd"], h["alpha"]
        fresh = self.t == 0
        if fresh.any():
            np.copyto(self.eta, np.broadcast_to(lr, fresh.shape), where=fresh)
        self.t += 1
        g = self._decayed(params, grad, h["weight_decay"])
        eta = self.eta.copy()
        p = params * (1.0 - lambd * eta)
        np.subtract(p, eta * g, out=out)
        self.eta[...] = lr / (1.0 + lambd * lr * self.t.astype(np.float64)) ** alpha
