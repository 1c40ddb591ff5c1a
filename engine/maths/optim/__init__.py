"""Optimizers (L0): the update rules of torch.optim, vectorized over N balls.

Rules, defaults and state follow torch.optim, so a ball moves the way the same
optimizer moves a network's weights: the SGD momentum buffer starts as the
first gradient and holds no learning rate (a new lr acts at the very next
step); Adam divides by 1 - beta**t with t counted per ball; RMSprop adds eps
outside the square root; Adagrad's rate is lr / (1 + (t - 1) * lr_decay).

At 100,000 balls a step costs about a dozen passes over memory, so the hot
paths write into preallocated scratch arrays: temporaries would double it.
A ball that blows up turns inf or nan without a warning; the simulation
detects divergence and shows it.

The base class is in base, the rules in sgd, adaptive, adam_family
(AdamW, NAdam, RAdam, Adamax) and others (Adadelta, Rprop, ASGD); this
module is the registry.
"""

from __future__ import annotations

from engine.maths.optim.adam_family import Adamax, AdamW, NAdam, RAdam
from engine.maths.optim.adaptive import Adagrad, Adam, RMSprop
from engine.maths.optim.base import Optimizer
from engine.maths.optim.others import ASGD, Adadelta, Rprop
from engine.maths.optim.sgd import SGD, Momentum, Nesterov

__all__ = ["OPTIMIZERS", "Optimizer", "optimizer_class", "optimizer_names",
           "SGD", "Momentum", "Nesterov", "Adam", "RMSprop", "Adagrad",
           "AdamW", "NAdam", "RAdam", "Adamax", "Adadelta", "Rprop", "ASGD"]

OPTIMIZERS: dict[str, type[Optimizer]] = {
    cls.name: cls for cls in (SGD, Momentum, Nesterov, Adam, RMSprop, Adagrad,
                              AdamW, NAdam, RAdam, Adamax, Adadelta, Rprop, ASGD)
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
