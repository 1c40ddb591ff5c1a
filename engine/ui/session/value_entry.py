"""Typing a value from the keyboard (L1): the text typed so far, and what
Enter makes of it. Pure state; the session asks it and carries out the
result."""

from __future__ import annotations

from dataclasses import dataclass

#: The longest value that can be typed (characters).
MAX_LENGTH = 10


@dataclass(frozen=True)
class Typed:
    """Enter was pressed on ``text``: a number, or None when it is not one."""

    name: str
    text: str
    value: float | None


class ValueEntry:
    def __init__(self) -> None:
        self.name: str | None = None   # the setting being typed, or None
        self.text = ""

    @property
    def active(self) -> bool:
        return self.name is not None

    def start(self, name: str) -> None:
        self.name, self.text = name, ""

    def cancel(self) -> None:
        self.name, self.text = None, ""

    def erase(self) -> None:
        self.text = self.text[:-1]

    def add(self, char: str) -> None:
        if not self.active or len(self.text) >= MAX_LENGTH:
            return
        if char.isdigit() or (char == "." and "." not in self.text):
            self.text += char

    def finish(self) -> Typed | None:
        """The value typed (the entry closes), or None when none was open."""
        if self.name is None:
            return None
        name, text = self.name, self.text
        self.cancel()
        try:
            value: float | None = float(text)
        except ValueError:
            value = None
        return Typed(name, text, value)
