"""torch.optim's Adam relatives, vectorized over N balls (L0): AdamW, NAdam, RAdam, Adamax.

Each follows the single-tensor path of torch.optim (amsgrad, maximize and
capturable off): the same state, the same defaults, the same order of
operations, with every hyper-parameter an (n,) array or one shared value, and
booleans (``decoupled_weight_decay``) as 0/1. State is kept as torch keeps it
(exp_avg, exp_avg_sq, ...), written as whole-array passes; a one-ball step
takes the array path, so the two agree bit for bit by construction.
"""

from __future__ import annotations

import numpy as np

from engine.maths.optim.base import BALL, BETA, EPS, FRACTION, PENALTY, RATE, VEC, Optimizer, UseArrays


class ArrayOnly(Optimizer):
    """An optimizer whose one-ball step is its array step with one ball active."""

    def step_floats(self, i, x, g, h):
        raise UseArrays

    def _split_decay(self, h):
        """(L2 weight decay, decoupled weight decay) per ball, as torch chooses them."""
        wd = h["weight_decay"]
        decoupled = h.get("decoupled_weight_decay")
        if decoupled is None:
            return wd, None
        on = decoupled != 0
        if not np.any(on):
            return wd, None
        zero = np.zeros_like(wd)
        return np.where(on, zero, wd), np.where(on, wd, zero)

    def _shrunk(self, params, lr, decoupled_wd):
        """param * (1 - lr * weight_decay) for decoupled decay (AdamW's first line).

        A ball without it keeps its position exactly (a factor of 1.0 changes
        no bits), so its step does not depend on the others' settings.
        """
        if decoupled_wd is None or not np.any(decoupled_wd):
            return params
        return params * (1.0 - lr * decoupled_wd)

    @staticmethod
    def _lerp(avg, g, weight):
        """torch's avg.lerp_(g, weight) in place, with its two forms:
        avg + weight (g - avg) below weight 0.5, g - (g - avg)(1 - weight) from it on."""
        diff = g - avg
        low = avg + weight * diff
        if np.all(weight < 0.5):
            avg[...] = low
        else:
            np.copyto(avg, np.where(weight < 0.5, low, g - diff * (1.0 - weight)))


def _moments(opt, g, beta1, beta2):
    """exp_avg.lerp_(g, 1 - beta1); exp_avg_sq = beta2 exp_avg_sq + (1 - beta2) g²."""
    opt._lerp(opt.exp_avg, g, 1.0 - beta1)
    opt.exp_avg_sq *= beta2
    opt.exp_avg_sq += (1.0 - beta2) * (g * g)


ADAM_STATE = {"exp_avg": (VEC, np.float64, 0.0), "exp_avg_sq": (VEC, np.float64, 0.0)}


class AdamW(ArrayOnly):
    """torch.optim.AdamW: Adam with decoupled weight decay (default 0.01)."""

    name = "adamw"
    title = "AdamW"
    defaults = {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 1e-2}
    ranges = {"lr": RATE, "beta1": BETA, "beta2": BETA, "eps": EPS, "weight_decay": PENALTY}
    _state = dict(ADAM_STATE)

    def _step(self, params, grad, h, out):
        lr, beta1, beta2, eps = h["lr"], h["beta1"], h["beta2"], h["eps"]
        self.t += 1
        p = self._shrunk(params, lr, h["weight_decay"])
        _moments(self, grad, beta1, beta2)
        step = self.t.astype(np.float64)
        bias_correction1 = 1.0 - beta1 ** step
        bias_correction2 = 1.0 - beta2 ** step
        step_size = lr / bias_correction1
        denom = np.sqrt(self.exp_avg_sq) / np.sqrt(bias_correction2) + eps
        np.subtract(p, step_size * (self.exp_avg / denom), out=out)


class NAdam(ArrayOnly):
    """torch.optim.NAdam: Adam with Nesterov momentum and a momentum warm-up
    (mu_t = beta1 (1 - 0.5 * 0.96**(t * momentum_decay)))."""

    name = "nadam"
    title = "NAdam"
    defaults = {"lr": 2e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0,
                "momentum_decay": 4e-3, "decoupled_weight_decay": 0.0}
    ranges = {"lr": RATE, "beta1": BETA, "beta2": BETA, "eps": EPS, "weight_decay": PENALTY,
              "momentum_decay": PENALTY, "decoupled_weight_decay": FRACTION}
    _state = {**ADAM_STATE, "mu_product": (BALL, np.float64, 1.0)}

    def _step(self, params, grad, h, out):
        lr, beta1, beta2, eps = h["lr"], h["beta1"], h["beta2"], h["eps"]
        psi = h["momentum_decay"]
        self.t += 1
        step = self.t.astype(np.float64)
        bias_correction2 = 1.0 - beta2 ** step
        l2, decoupled = self._split_decay(h)
        g = self._decayed(params, grad, l2)
        p = self._shrunk(params, lr, decoupled)
        mu = beta1 * (1.0 - 0.5 * 0.96 ** (step * psi))
        mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((step + 1.0) * psi))
        self.mu_product *= mu
        _moments(self, g, beta1, beta2)
        denom = np.sqrt(self.exp_avg_sq / bias_correction2) + eps
        mu_product_next = self.mu_product * mu_next
        p = p + (-lr * (1.0 - mu) / (1.0 - self.mu_product)) * (g / denom)
        np.add(p, (-lr * mu_next / (1.0 - mu_product_next)) * (self.exp_avg / denom), out=out)


class RAdam(ArrayOnly):
    """torch.optim.RAdam: Adam whose adaptive step is switched on (rectified)
    only once the variance estimate is trustworthy (rho_t > 5); before that a
    bias-corrected momentum step."""

    name = "radam"
    title = "RAdam"
    defaults = {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0,
                "decoupled_weight_decay": 0.0}
    ranges = {"lr": RATE, "beta1": BETA, "beta2": BETA, "eps": EPS, "weight_decay": PENALTY,
              "decoupled_weight_decay": FRACTION}
    _state = dict(ADAM_STATE)

    def _step(self, params, grad, h, out):
        lr, beta1, beta2, eps = h["lr"], h["beta1"], h["beta2"], h["eps"]
        self.t += 1
        step = self.t.astype(np.float64)
        l2, decoupled = self._split_decay(h)
        g = self._decayed(params, grad, l2)
        p = self._shrunk(params, lr, decoupled)
        _moments(self, g, beta1, beta2)
        bias_correction1 = 1.0 - beta1 ** step
        bias_correction2 = 1.0 - beta2 ** step
        corrected = self.exp_avg / bias_correction1
        rho_inf = 2.0 / (1.0 - beta2) - 1.0
        rho_t = rho_inf - 2.0 * step * (beta2 ** step) / bias_correction2
        rect = ((rho_t - 4.0) * (rho_t - 2.0) * rho_inf
                / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho_t)) ** 0.5
        adaptive = bias_correction2 ** 0.5 / (np.sqrt(self.exp_avg_sq) + eps)
        rectified = corrected * lr * adaptive * rect
        plain = corrected * lr
        np.subtract(p, np.where(rho_t > 5.0, rectified, plain), out=out)


class Adamax(ArrayOnly):
    """torch.optim.Adamax: Adam with the infinity norm, exp_inf = max(beta2 exp_inf, |g| + eps)."""

    name = "adamax"
    title = "Adamax"
    defaults = {"lr": 2e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0}
    ranges = {"lr": RATE, "beta1": BETA, "beta2": BETA, "eps": EPS, "weight_decay": PENALTY}
    _state = {"exp_avg": (VEC, np.float64, 0.0), "exp_inf": (VEC, np.float64, 0.0)}

    def _step(self, params, grad, h, out):
        lr, beta1, beta2, eps = h["lr"], h["beta1"], h["beta2"], h["eps"]
        self.t += 1
        g = self._decayed(params, grad, h["weight_decay"])
        self._lerp(self.exp_avg, g, 1.0 - beta1)
        np.maximum(self.exp_inf * beta2, np.abs(g) + eps, out=self.exp_inf)
        clr = lr / (1.0 - beta1 ** self.t.astype(np.float64))
        np.subtract(params, clr * (self.exp_avg / self.exp_inf), out=out)
