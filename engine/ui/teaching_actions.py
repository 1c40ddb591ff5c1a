"""What the teaching panels ask the program to do (compare with ``==``,
dispatch on type), and the names of the views they switch on and off."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SelectBall:
    """The controls now act on ball ``index``."""

    index: int


@dataclass(frozen=True)
class LoadScene:
    name: str


@dataclass(frozen=True)
class SetBatchSize:
    """On a data landscape: the selected ball's mini-batch size (0: all)."""

    value: int


@dataclass(frozen=True)
class SetHyper:
    """Set the selected ball's hyper-parameter ``name`` (a key of its
    optimizer's ``defaults``, e.g. "beta1") to ``value``."""

    name: str
    value: float


@dataclass(frozen=True)
class ToggleView:
    """View ``name`` (a key of ``VIEWS``) is now ``on``."""

    name: str
    on: bool


TeachingAction = SelectBall | LoadScene | SetHyper | ToggleView
