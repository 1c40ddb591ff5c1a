"""What the picture says beside the 3-D view (L1): plain words at a ball
(why it flew off, its moment of success), a "×3" badge on balls sharing a
spot, and the small keys above the controls (the arrows' one scale, the
basin map's colours, the "update" view's arithmetic). Each is a list of
draw-list primitives for the frame's overlays, made from the values it is
given: the screen (``Screen``), the simulation, the basin map, the cards.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from engine.ui.widgets import textmetrics as tm
from engine.ui.widgets.drawlist import Circle, RoundRect, Text, shifted
from engine.ui.frame.view import BallView, FrameView
from engine.ui.widgets.controls import Rect
from engine.support.i18n import _, number

#: The keys are shown on pictures at least this size (pixels).
KEY_MIN_SIZE = (900, 500)


@dataclass(frozen=True)
class Screen:
    """What the marks need to know of the screen this frame."""

    width: int
    height: int
    theme: object            # engine.ui.dock.draw.Theme
    scale: float
    dock: Rect | None        # the control dock (the keys sit above it)
    views: Mapping[str, bool]

    @property
    def large_enough(self) -> bool:
        return self.width >= KEY_MIN_SIZE[0] and self.height >= KEY_MIN_SIZE[1]


def arrow_key(screen: Screen, sim, above: float = 0.0) -> list:
    """The arrows' one scale, in a small key above the controls' left
    end, while the arrows are shown."""
    if not screen.views.get("arrows") or not screen.large_enough:
        return []  # on a small picture the key would hide the landscape
    from engine.maths.arrows import ArrowScale
    scale = ArrowScale.for_surface(sim.surface)
    theme = screen.theme
    lines = [((1.0, 0.84, 0.18, 1.0), _("step: true length, tip = where the ball lands")),
             ((0.72, 0.96, 1.0, 1.0), _("downhill: 1 unit long = slope {slope}").format(
                 slope=number(f"{1.0 / scale.gradient_gain:.3g}"))),
             (theme.text, _("// cut short (it is longer)   \u00d7 too short to draw"))]
    if any(getattr(b, "noise", 0.0) for b in sim.balls):
        lines.insert(2, ((1.0, 0.45, 0.85, 1.0), _("pink: the noisy gradient the ball stepped by")))
    if screen.views.get("curvature"):
        lines.append(((0.72, 0.62, 1.0, 1.0), _("cross: how the landscape bends here (magenta: bends down)")))
    return key_box(screen, lines, _key_bottom(screen, above), swatch=(18, 3))[0]


def _key_bottom(screen: Screen, above: float) -> float:
    return (screen.dock.top if screen.dock is not None else 0.0) + 8 * screen.scale + above


def key_box(screen: Screen, lines, y: float, swatch=(18, 3), title: str = "") -> tuple[list, float]:
    """A small key above the controls' left end: a swatch and a line of
    text per row, bottom edge at ``y``. Returns (primitives, height)."""
    theme, s = screen.theme, screen.scale
    size = 15 * s
    rows = ([(None, title)] if title else []) + list(lines)
    w = max(tm.measure(t, size, colour is None) for colour, t in rows) + 40 * s
    line_h = 21 * s
    h = len(rows) * line_h + 12 * s
    x = (screen.dock.x if screen.dock is not None else 12 * s)
    out = [RoundRect(Rect(x, y, w, h), theme.panel, radius=8 * s)]
    sw, sh = swatch[0] * s, swatch[1] * s
    for k, (colour, text) in enumerate(rows):
        cy = y + h - 6 * s - (k + 0.5) * line_h
        if colour is None:
            out.append(Text(text, x + 10 * s, tm.baseline_for_centre(cy, size), size, theme.text, bold=True))
            continue
        out.append(RoundRect(Rect(x + 10 * s, cy - sh / 2, sw, sh), colour, radius=min(sh, sw) / 2))
        out.append(Text(text, x + 34 * s, tm.baseline_for_centre(cy, size), size, theme.text))
    return out, h


def basin_key(screen: Screen, basin, above: float = 0.0) -> list:
    """What each colour of the basin map means, and which optimizer and
    learning rate it was computed for (the selected ball's)."""
    if not screen.views.get("basin_map"):
        basin = None
    if basin is None or not screen.large_enough:
        return []
    from engine.model.basin import DIVERGES, UNDECIDED, UNLISTED
    from engine.maths.optim import optimizer_class
    from engine.ui.actions import format_number
    from engine.ui.frame.basin_palette import basin_colour
    minima = basin.surface.minima
    present = sorted(set(int(v) for v in np.unique(basin.labels)), key=lambda v: (v < 0, v))
    lines = []
    for label in present:
        colour = (*basin_colour(label, minima), 1.0)
        if 0 <= label < len(minima):
            m = minima[label]
            loss = format_number(m.height, 3)
            if m.is_global:
                text = _("ends in the lowest point (loss {loss})").format(loss=loss)
            else:
                text = _("ends in local minimum {n} (loss {loss})").format(n=m.index, loss=loss)
            lines.append((colour, text))
        elif label == DIVERGES:
            lines.append((colour, _("flies off")))
        elif label == UNLISTED:
            lines.append((colour, _("stops somewhere else")))
        elif label == UNDECIDED:
            lines.append((colour, _("still moving when we stopped counting")))
    lr = basin.hyper.get("lr")
    name = _(optimizer_class(basin.optimizer).title)
    title = (_("Basin map: {optimizer}, lr {lr}").format(optimizer=name, lr=format_number(lr, 2))
             if lr is not None else _("Basin map: {optimizer}").format(optimizer=name))
    return key_box(screen, lines, _key_bottom(screen, above), swatch=(16, 12), title=title)[0]


def placed_keys(screen: Screen, sim, basin, selected: int, cards) -> tuple[list, list]:
    """The arrows' key, with the basin map's key and the update view
    stacked above it, moved to where they cover no card: above the
    controls' left end, else their right end. Where neither has room the
    keys are left out (the legend and panels say what they must).
    ``cards``: the opaque cards on the screen. Returns (primitives, the
    keys' box rectangles)."""
    out: list = []
    boxes: list = []
    above = 0.0
    makers = (lambda up: arrow_key(screen, sim, up), lambda up: basin_key(screen, basin, up),
              lambda up: update_box(screen, sim, selected, up))
    for make in makers:
        part = make(above)
        if part:
            boxes.append(part[0].rect)  # each key's first primitive is its box
            above += part[0].rect.h + 8 * screen.scale
            out += part
    if not out:
        return [], []
    left = min(b.x for b in boxes)
    right = max(b.right for b in boxes)
    bottom = min(b.y for b in boxes)
    top = max(b.top for b in boxes)
    dock = screen.dock
    cards = [c for c in cards if c is not dock]
    shifts = [0.0]
    if dock is not None:
        shifts.append(dock.right - right)
    for dx in shifts:
        stack = Rect(left + dx, bottom, right - left, top - bottom)
        if stack.right <= screen.width and not any(_overlap(stack, c) for c in cards):
            if not dx:
                return out, boxes
            return [shifted(p, dx, 0.0) for p in out], [Rect(b.x + dx, b.y, b.w, b.h) for b in boxes]
    return [], []


def _overlap(a: Rect, b: Rect) -> bool:
    return a.x < b.right and b.x < a.right and a.y < b.top and b.y < a.top


def update_box(screen: Screen, sim, selected: int, above: float = 0.0) -> list:
    """The "update" teaching view: the selected ball's last step as
    arithmetic with its real numbers."""
    if not screen.views.get("update"):
        return []
    from engine.ui.panels.update_view import update_lines
    colour = (*sim.balls[selected].colour, 1.0)
    lines = update_lines(sim, selected)
    return key_box(screen, [(colour, t) for t in lines[1:]], _key_bottom(screen, above), swatch=(8, 8),
                   title=lines[0])[0]


def together_badge(screen: Screen, view: FrameView, ball: BallView) -> list:
    """A small "×3" beside a group of balls at one spot."""
    theme, scale = screen.theme, screen.scale
    size = 14 * scale
    px = np.ravel(view.camera.project(np.asarray(ball.centre, dtype=np.float64), view.width, view.height))
    if not np.all(np.isfinite(px)):
        return []
    text = f"\u00d7{ball.together}"
    w, h = tm.measure(text, size, True) + 14 * scale, 24 * scale
    x, y = float(px[0]) + 22 * scale, float(px[1]) + 12 * scale
    return [RoundRect(Rect(x, y, w, h), theme.panel, radius=h / 2),
            Text(text, x + w / 2, tm.baseline_for_centre(y + h / 2, size), size, theme.text, bold=True,
                 align="center")]


def ball_notes(screen: Screen, view: FrameView, mapping, cards) -> list:
    """Plain words at a ball that has something to say (it flew off),
    in a small label beside it, kept on screen and off the cards (the
    legend, the caption, ...): moved sideways, or on two lines where one
    line has no room (German and Greek run long)."""
    out: list = []
    theme, scale = screen.theme, screen.scale
    size = 15 * scale
    for ball in view.balls:
        if ball.together > 1:
            out += together_badge(screen, view, ball)
        if not ball.note:
            continue
        at = ball.note_at or ball.centre
        if at is None:
            at = mapping.ball_centre(np.array(ball.x), np.array(ball.y))
        px = view.camera.project(np.asarray(at, dtype=np.float64), view.width, view.height)
        px = np.ravel(px)
        words = _(ball.note)
        bottom = (screen.dock.top if screen.dock is not None else 0.0) + 8 * scale
        placed = None
        tries = [(lines, rise) for lines in (_one_line(words, size, view.width - 40 * scale),
                                              _two_lines(words, size))
                 for rise in (0, 30, 60, 90, -40, -80, -120, -160)]
        for lines, rise in tries:
            w = max(tm.measure(line, size) for line in lines) + 28 * scale
            h = (34 + 19 * (len(lines) - 1)) * scale
            y = min(max(float(px[1]) + (28 + rise) * scale, bottom), view.height - h - 70 * scale)
            x = _clear_x(float(px[0]) - w / 2, y, w, h, cards, view.width, 10 * scale)
            if x is not None or placed is None:
                placed = (lines, Rect(min(max(float(px[0]) - w / 2, 10 * scale), view.width - w - 10 * scale)
                                      if x is None else x, y, w, h))
            if x is not None:
                break
        lines, box = placed
        out += [RoundRect(box, theme.panel, radius=min(box.h / 2, 17 * scale)),
                Circle(box.x + 14 * scale, box.top - 17 * scale, 5 * scale, (*ball.colour, 1.0))]
        for k, line in enumerate(lines):
            cy = box.top - 17 * scale - k * 19 * scale
            out.append(Text(line, box.x + box.w / 2 + 6 * scale, tm.baseline_for_centre(cy, size), size,
                            theme.text, align="center"))
    return out


def _one_line(text: str, size: float, room: float) -> list[str]:
    return [tm.fit(text, size, room)]


def _two_lines(text: str, size: float) -> list[str]:
    """The words split where the two lines come out most nearly even."""
    words = text.split(" ")
    if len(words) < 2:
        return [text]
    splits = [(" ".join(words[:k]), " ".join(words[k:])) for k in range(1, len(words))]
    return list(min(splits, key=lambda p: max(tm.measure(p[0], size), tm.measure(p[1], size))))


def _clear_x(want: float, y: float, w: float, h: float, cards, width: float, margin: float):
    """The left edge nearest ``want`` where a w x h label at height y covers
    no card and stays on screen, or None."""
    low, high = margin, width - w - margin
    if high < low:
        return None
    rows = [c for c in cards if c.y < y + h and y < c.top]
    candidates = [min(max(want, low), high)]
    for c in rows:
        candidates += [c.right + margin, c.x - w - margin]
    fits = [x for x in candidates if low <= x <= high
            and not any(x < c.right and c.x < x + w for c in rows)]
    return min(fits, key=lambda x: abs(x - want)) if fits else None
