"""Short messages above the controls (L1): where a file was saved, why a
typed value was refused. One at a time, each for a few seconds."""

from __future__ import annotations


class Notices:
    def __init__(self) -> None:
        self._current: tuple[str, float] | None = None

    def notify(self, text: str, seconds: float = 5.0) -> None:
        self._current = (text, seconds)

    def age(self, elapsed: float) -> None:
        if self._current is not None:
            text, left = self._current
            self._current = (text, left - elapsed) if left - elapsed > 0 else None

    @property
    def text(self) -> str | None:
        return self._current[0] if self._current is not None else None
