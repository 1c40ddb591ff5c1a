"""Widget logic: value, hit test and press/drag/release, with no drawing.

Coordinates are window pixels with the origin at the bottom-left (as pyglet
reports them). A press that starts on a widget captures the gesture: the drag
and the release go to that widget wherever the finger moves, so a visitor can
slide a thumb off the end of its track without losing it.

Drawing lives elsewhere (engine/ui/dock/hud.py turns widgets into draw primitives), so
everything here runs and is tested without a GL context.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def top(self) -> float:
        return self.y + self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def contains(self, px: float, py: float) -> bool:
        return self.x <= px <= self.right and self.y <= py <= self.top

    def overlaps(self, other: Rect) -> bool:
        """True when the interiors intersect; rects that only touch do not."""
        return (self.x < other.right and other.x < self.right
                and self.y < other.top and other.y < self.top)

    def inset(self, dx: float, dy: float | None = None) -> Rect:
        dy = dx if dy is None else dy
        return Rect(self.x + dx, self.y + dy, self.w - 2 * dx, self.h - 2 * dy)

    def inside(self, outer: Rect) -> bool:
        eps = 1e-6
        return (self.x >= outer.x - eps and self.y >= outer.y - eps
                and self.right <= outer.right + eps and self.top <= outer.top + eps)


class Widget:
    """Common capture logic: a widget only reacts to gestures it started."""

    def __init__(self, rect: Rect | None = None, visible: bool = True):
        self.rect = rect or Rect(0, 0, 0, 0)
        self.visible = visible
        self.enabled = True
        self.captured = False

    def hit(self, x: float, y: float) -> bool:
        return self.visible and self.enabled and self.rect.contains(x, y)

    def on_press(self, x: float, y: float) -> bool:
        if not self.hit(x, y):
            return False
        self.captured = True
        return True

    def on_drag(self, x: float, y: float) -> Any:
        return None

    def on_release(self, x: float, y: float) -> Any:
        self.captured = False
        return None

    def cancel(self) -> None:
        """Forget a gesture in progress (window lost focus, layout changed)."""
        self.captured = False


class Button(Widget):
    """Fires ``action`` when a press that started on it is released on it.

    A finger that slides off before lifting cancels the tap, as on phones.
    """

    def __init__(self, label: str = "", icon: str | None = None,
                 action: Any = None, rect: Rect | None = None):
        super().__init__(rect)
        self.label = label
        self.icon = icon
        self.action = label if action is None else action
        self.armed = False  # pressed and the finger is still over it

    def on_press(self, x: float, y: float) -> bool:
        handled = super().on_press(x, y)
        self.armed = handled
        return handled

    def on_drag(self, x: float, y: float) -> None:
        if self.captured:
            self.armed = self.rect.contains(x, y)

    def on_release(self, x: float, y: float) -> Any:
        fired = self.captured and self.rect.contains(x, y)
        self.armed = False
        super().on_release(x, y)
        return self._fire() if fired else None

    def _fire(self) -> Any:
        return self.action


class Toggle(Button):
    """A button with an on/off state that flips when it fires."""

    def __init__(self, label: str = "", icon: str | None = None,
                 action: Any = None, on: bool = False, rect: Rect | None = None,
                 icon_on: str | None = None, label_on: str | None = None):
        super().__init__(label, icon, action, rect)
        self.on = on
        self.icon_on = icon_on or icon
        self.label_on = label if label_on is None else label_on

    @property
    def current_icon(self) -> str | None:
        return self.icon_on if self.on else self.icon

    @property
    def current_label(self) -> str:
        return self.label_on if self.on else self.label

    def _fire(self) -> Any:
        self.on = not self.on
        return self.action


class Choice(Widget):
    """A segmented switch: one option out of several, each with its own rect.

    The segment rects are given by the layout (a row, a column, uneven widths);
    ``rect`` is their bounding box. Releasing on the segment where the press
    started returns that option.
    """

    def __init__(self, options: Sequence[Any], selected: Any = None,
                 labels: Sequence[str] | None = None):
        super().__init__()
        if not options:
            raise ValueError("a Choice needs at least one option")
        self.options = list(options)
        self.labels = list(labels) if labels is not None else [str(o) for o in options]
        self.selected = self.options[0] if selected is None else selected
        self.segments: list[Rect] = [Rect(0, 0, 0, 0)] * len(self.options)
        self.pressed_index: int | None = None

    def set_segments(self, segments: Sequence[Rect]) -> None:
        if len(segments) != len(self.options):
            raise ValueError("one segment rect per option")
        self.segments = list(segments)
        x0 = min(s.x for s in segments)
        y0 = min(s.y for s in segments)
        self.rect = Rect(x0, y0, max(s.right for s in segments) - x0,
                         max(s.top for s in segments) - y0)

    def layout_row(self, rect: Rect, widths: Sequence[float] | None = None) -> None:
        """Split ``rect`` into side-by-side segments (equal widths by default)."""
        weights = list(widths) if widths is not None else [1.0] * len(self.options)
        total = sum(weights)
        x, segments = rect.x, []
        for weight in weights:
            w = rect.w * weight / total
            segments.append(Rect(x, rect.y, w, rect.h))
            x += w
        self.set_segments(segments)

    def index_at(self, x: float, y: float) -> int | None:
        for i, seg in enumerate(self.segments):
            if seg.contains(x, y):
                return i
        return None

    def hit(self, x: float, y: float) -> bool:
        return self.visible and self.enabled and self.index_at(x, y) is not None

    def on_press(self, x: float, y: float) -> bool:
        if not super().on_press(x, y):
            return False
        self.pressed_index = self.index_at(x, y)
        return True

    def on_drag(self, x: float, y: float) -> None:
        return None

    def on_release(self, x: float, y: float) -> Any:
        started = self.pressed_index if self.captured else None
        self.pressed_index = None
        super().on_release(x, y)
        if started is None or self.index_at(x, y) != started:
            return None
        self.selected = self.options[started]
        return self.selected

    def cancel(self) -> None:
        super().cancel()
        self.pressed_index = None


def round_significant(value: float, digits: int = 2) -> float:
    """Round to ``digits`` significant digits (0.04731 -> 0.047)."""
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


class Slider(Widget):
    """A horizontal slider mapping a track position to a value.

    The track runs inside ``rect`` with a margin of ``thumb_radius`` at both
    ends so the thumb never pokes out of its touch target. With ``log=True``
    equal distances along the track multiply the value by equal factors, which
    suits a learning rate spanning several powers of ten.

    Pressing on the thumb grabs it where it was touched (the value does not
    jump); pressing elsewhere on the track moves the thumb there at once.
    """

    def __init__(self, label: str, value: float, low: float, high: float,
                 log: bool = False, fmt: Callable[[float], str] | str = "{:.2f}",
                 snap: Callable[[float], float] | None = None,
                 rect: Rect | None = None, thumb_radius: float = 14.0,
                 action: Callable[[float], object] | None = None):
        super().__init__(rect)
        #: What a change of value asks for (an action made from the value).
        self.action = action
        if not high > low:
            raise ValueError(f"slider '{label}': high ({high}) must exceed low ({low})")
        if log and low <= 0:
            raise ValueError(f"slider '{label}': a log scale needs low > 0, got {low}")
        self.label = label
        self.low, self.high, self.log = float(low), float(high), log
        self.fmt = fmt
        self.snap = snap
        self.thumb_radius = thumb_radius
        self.value = self.low
        #: The value given by ``set_value`` as it is (None once a finger
        #: moves the thumb): what the caption shows, even where the thumb
        #: stops at an end of the track.
        self.shown: float | None = None
        self.set_value(value)
        self._grab_dx = 0.0
        self._value_at_press = self.value
        self._reported = self.value

    def actions(self) -> list:
        """The actions a gesture's new value asks for, once per value: none
        while the value is the one last reported (or the one at the press),
        none without an action."""
        if self.value == self._reported:
            return []
        self._reported = self.value
        return [self.action(self.value)] if self.action is not None else []

    # value <-> position ---------------------------------------------------
    @property
    def track_x0(self) -> float:
        return self.rect.x + self._margin()

    @property
    def track_x1(self) -> float:
        return self.rect.right - self._margin()

    @property
    def track_y(self) -> float:
        return self.rect.cy

    def _margin(self) -> float:
        return min(self.thumb_radius, self.rect.w / 2)

    def fraction_of(self, value: float) -> float:
        value = min(max(value, self.low), self.high)
        if self.log:
            return math.log(value / self.low) / math.log(self.high / self.low)
        return (value - self.low) / (self.high - self.low)

    def value_at_fraction(self, t: float) -> float:
        t = min(max(t, 0.0), 1.0)
        if self.log:
            value = self.low * (self.high / self.low) ** t
        else:
            value = self.low + t * (self.high - self.low)
        if self.snap is not None:
            value = self.snap(value)
        return min(max(value, self.low), self.high)

    @property
    def fraction(self) -> float:
        return self.fraction_of(self.value)

    @property
    def thumb_x(self) -> float:
        return self.track_x0 + self.fraction * (self.track_x1 - self.track_x0)

    def x_for_value(self, value: float) -> float:
        return self.track_x0 + self.fraction_of(value) * (self.track_x1 - self.track_x0)

    def value_at_x(self, x: float) -> float:
        span = self.track_x1 - self.track_x0
        return self.value_at_fraction((x - self.track_x0) / span if span > 0 else 0.0)

    def set_value(self, value: float) -> None:
        value = float(value)
        if not math.isfinite(value):
            return
        self.shown = value
        if self.snap is not None:
            value = self.snap(value)
        self.value = min(max(value, self.low), self.high)

    def text(self) -> str:
        """The value as the caption shows it: the one given, not the end of
        the track where the thumb stops (10 on a slider to 10 shows 500 if
        500 it is)."""
        value = self.value if self.shown is None else self.shown
        return self.fmt(value) if callable(self.fmt) else self.fmt.format(value)

    # gestures --------------------------------------------------------------
    def on_press(self, x: float, y: float) -> bool:
        if not super().on_press(x, y):
            return False
        self._value_at_press = self._reported = self.value
        on_thumb = abs(x - self.thumb_x) <= self.thumb_radius * 1.5
        self._grab_dx = x - self.thumb_x if on_thumb else 0.0
        if not on_thumb:
            self.value = self.value_at_x(x)
            self.shown = None
        return True

    def on_drag(self, x: float, y: float) -> float | None:
        if not self.captured:
            return None
        value = self.value_at_x(x - self._grab_dx)
        if value != self.value:
            self.value, self.shown = value, None
        return self.value

    def on_release(self, x: float, y: float) -> float | None:
        if not self.captured:
            return None
        self.on_drag(x, y)
        super().on_release(x, y)
        return self.value if self.value != self._value_at_press else None
