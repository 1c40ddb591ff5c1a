"""One table of actions (L1): which layer carries out each kind of action.

Each layer that owns actions (the session, the window, the kiosk) registers
its handlers here under its name; an action is carried out by the one
handler registered for its type. Registering a type a second time is an
error, so no action is handled in two places; a layer that shows no control
for an action (the kiosk has no fullscreen button) refuses it by name,
which is also said once, here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

Handler = Callable[[Any], object]


class ActionRegistry:
    def __init__(self) -> None:
        self._handlers: dict[type, Handler] = {}
        self._owners: dict[type, str] = {}
        self._refused: dict[type, str] = {}

    def register(self, owner: str, handlers: Mapping[type, Handler]) -> None:
        """Let ``owner`` carry out each action type in ``handlers``."""
        for kind, handler in handlers.items():
            taken = self._owners.get(kind) or self._refused.get(kind)
            if taken is not None:
                raise ValueError(f"{kind.__name__} is carried out by the {taken} already; "
                                 f"the {owner} cannot take it too")
            self._handlers[kind] = handler
            self._owners[kind] = owner

    def refuse(self, owner: str, kinds: Iterable[type]) -> None:
        """``owner`` shows no control for these: they do nothing there."""
        for kind in kinds:
            if kind in self._owners:
                raise ValueError(f"{kind.__name__} is carried out by the {self._owners[kind]}; "
                                 f"the {owner} cannot refuse it")
            self._refused[kind] = owner

    def owner_of(self, kind: type) -> str | None:
        return self._owners.get(kind)

    def carry_out(self, action: object) -> None:
        kind = type(action)
        if kind in self._refused:
            return
        handler = self._handlers.get(kind)
        if handler is None:
            raise ValueError(f"no layer carries out {action!r}")
        handler(action)
