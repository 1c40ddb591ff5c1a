"""Keyboard focus (L1): everything the mouse can do, the keyboard can.

Tab and Shift+Tab move a visible ring through every control on screen in
reading order: the dock from Play to Zoom in, the fullscreen button, the
buttons at the top right, the legend's rows, the advanced panel, the
formula panel (its field, Use and the examples). While a
menu or the "More" list is open, the ring stays in it (and on the button that
closes it). Enter or Space press the control under the ring; the arrow keys
move a slider under the ring (Shift: ten times further).

A press from the keyboard is the same tap a finger makes: a press and a
release at the centre of the control, through the very code the pointer
uses. So the keyboard cannot do anything a finger could not, nor miss
anything a finger can.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.ui.widgets.drawlist import Polyline
from engine.ui.widgets.controls import Choice, Rect, Slider

#: Share of a slider's track one arrow press moves (Shift: COARSE of them).
FINE_FRACTION = 0.02
COARSE = 10
RING_COLOUR = (1.0, 0.84, 0.25, 1.0)
RING_SHADOW = (0.0, 0.0, 0.0, 0.85)


@dataclass(frozen=True)
class FocusTarget:
    key: str            # stable across frames: "hud:play", "panels:view:2", ...
    rect: Rect
    owner: str          # "hud" or "panels": who hears the synthetic tap
    slider: Slider | None = None
    label: str = ""


def _widget_targets(prefix: str, owner: str, widgets) -> list[FocusTarget]:
    found = []
    for name, widget in widgets:
        if not getattr(widget, "visible", True) or widget.rect is None:
            continue
        if isinstance(widget, Choice):
            for i, seg in enumerate(widget.segments):
                label = widget.labels[i] if i < len(widget.labels) else ""
                found.append(FocusTarget(f"{prefix}:{name}:{i}", seg, owner, label=label))
        elif isinstance(widget, Slider):
            found.append(FocusTarget(f"{prefix}:{name}", widget.rect, owner, widget, widget.label))
        else:
            found.append(FocusTarget(f"{prefix}:{name}", widget.rect, owner,
                                     label=getattr(widget, "label", "")))
    return found


def hud_targets(hud) -> list[FocusTarget]:
    if hud.popup_open:
        return _widget_targets("hud", "hud", [("more", hud.more_choice)])
    names = {id(w): n for n, w in hud.controls.items()}
    return _widget_targets("hud", "hud", [(names[id(w)], w) for w in hud.widgets()])


def panel_targets(panels) -> list[FocusTarget]:
    menus = [m for m in panels.menus() if m.button.visible]
    opened = next((m for m in menus if m.is_open), None)
    if opened is not None:
        name = _menu_name(panels, opened)
        return (_widget_targets("panels", "panels", [(f"{name}-rows", opened.choice)])
                + _widget_targets("panels", "panels", [(name, opened.button)]))
    buttons = sorted(menus, key=lambda m: m.button.rect.x)
    found = _widget_targets("panels", "panels", [(_menu_name(panels, m), m.button) for m in buttons])
    if panels.legend.rect is not None:
        found += _widget_targets("panels", "panels", [("legend", panels.legend.choice)])
    if panels.advanced.rect is not None:
        found += _widget_targets("panels", "panels", list(panels.advanced.widgets.items()))
    formula = getattr(panels, "formula", None)
    if formula is not None and formula.rect is not None and formula.field is not None:
        # Enter on the field starts typing there (letters go to it until
        # Enter uses the formula, or Esc or Tab leaves it).
        found.append(FocusTarget("panels:formula:field", formula.field, "panels"))
        found += _widget_targets("panels", "panels", [("formula:use", formula.use)]
                                 + [(f"formula:example:{i}", b) for i, b in enumerate(formula.examples)])
    return found


def _menu_name(panels, menu) -> str:
    for name in ("language_menu", "view_menu", "scene_picker", "capture_menu"):
        if getattr(panels, name, None) is menu:
            return name.replace("_menu", "").replace("_picker", "s")
    return "menu"


def focus_order(hud, panels) -> list[FocusTarget]:
    """Every control a finger can reach now, in the order Tab visits them."""
    panels.refresh()
    if hud.popup_open:
        return hud_targets(hud)
    found = panel_targets(panels)
    if any(m.is_open for m in panels.menus()):
        return found
    return hud_targets(hud) + found


class Focus:
    """Which control the ring is on (by key, so it survives a relayout)."""

    def __init__(self) -> None:
        self.key: str | None = None

    def current(self, hud, panels) -> FocusTarget | None:
        if self.key is None:
            return None
        return next((t for t in focus_order(hud, panels) if t.key == self.key), None)

    def move(self, hud, panels, step: int) -> FocusTarget | None:
        order = focus_order(hud, panels)
        if not order:
            self.key = None
            return None
        keys = [t.key for t in order]
        if self.key in keys:
            index = (keys.index(self.key) + step) % len(order)
        else:
            index = 0 if step > 0 else len(order) - 1
        self.key = order[index].key
        return order[index]

    def clear(self) -> None:
        self.key = None

    def press(self, hud, panels) -> list:
        """Tap the control under the ring; the actions it asks for."""
        target = self.current(hud, panels)
        if target is None or target.slider is not None:
            return []  # a slider moves with the arrows; a tap would jump it to the middle
        owner = hud if target.owner == "hud" else panels
        x, y = target.rect.cx, target.rect.cy
        if not owner.on_press(x, y):
            return []
        actions = list(owner.on_release(x, y))
        if self.current(hud, panels) is None:  # a menu opened or closed: stay on its button
            self._follow(hud, panels, target)
        return actions

    def _follow(self, hud, panels, target: FocusTarget) -> None:
        """After a list opened or closed: a menu's row goes back to its
        button, the "More" list's row to the More segment."""
        order = focus_order(hud, panels)
        keys = [t.key for t in order]
        wanted = target.key.split("-rows")[0]
        if target.key.startswith("hud:more"):
            wanted = next((k for k in reversed(keys) if k.startswith("hud:optimizer:")), wanted)
        self.key = wanted if wanted in keys else (keys[0] if keys else None)

    def adjust(self, hud, panels, steps: int, coarse: bool = False) -> list:
        """Move the slider under the ring by ``steps`` arrow presses: a drag
        of its thumb, through the pointer's own code."""
        target = self.current(hud, panels)
        if target is None or target.slider is None:
            return []
        slider = target.slider
        owner = hud if target.owner == "hud" else panels
        fraction = slider.fraction
        value = slider.value
        step = FINE_FRACTION * (COARSE if coarse else 1) * steps
        for _ in range(50):  # snapping may round a small step away: go on until it moves
            fraction = min(max(fraction + step, 0.0), 1.0)
            value = slider.value_at_fraction(fraction)
            if value != slider.value or fraction in (0.0, 1.0):
                break
        x0, y = slider.thumb_x, slider.track_y
        if not owner.on_press(x0, y):
            return []
        x1 = slider.x_for_value(value)
        return list(owner.on_drag(x1, y)) + list(owner.on_release(x1, y))


def focus_ring(target: FocusTarget | None, scale: float) -> list:
    """A bright ring with a dark edge, visible on light and dark alike."""
    if target is None:
        return []
    r = target.rect
    out = []
    for grow, width, colour in ((5.0, 5.0, RING_SHADOW), (4.0, 3.0, RING_COLOUR)):
        g = grow * scale
        x0, y0, x1, y1 = r.x - g, r.y - g, r.right + g, r.top + g
        out.append(Polyline(_closed([(x0, y0), (x1, y0), (x1, y1), (x0, y1)]), colour, width * scale))
    return out


def _closed(points):
    return np.array(points + [points[0], points[1]], dtype=np.float32)


def placement_cursor(camera, mapping, point, width: int, height: int, scale: float) -> list:
    """Where Enter would drop the ball: a ring and a cross on the landscape
    point, drawn flat on the screen so it is never hidden by a hill."""
    from engine.ui.widgets.drawlist import Circle
    x, y = point
    centre = mapping.to_world(x, y)
    px, py, _depth = camera.project(np.asarray(centre, dtype=np.float64).reshape(1, 3), width, height)[0]
    if not (np.isfinite(px) and np.isfinite(py)):
        return []
    r, s = 16 * scale, scale
    out = [Circle(px, py, r + 2 * s, RING_SHADOW, stroke=5 * s), Circle(px, py, r, RING_COLOUR, stroke=3 * s)]
    for dx, dy in ((1, 0), (0, 1)):
        a = np.array([[px - dx * 1.8 * r, py - dy * 1.8 * r], [px - dx * 0.6 * r, py - dy * 0.6 * r]],
                     dtype=np.float32)
        b = np.array([[px + dx * 0.6 * r, py + dy * 0.6 * r], [px + dx * 1.8 * r, py + dy * 1.8 * r]],
                     dtype=np.float32)
        out += [Polyline(a, RING_COLOUR, 3 * s), Polyline(b, RING_COLOUR, 3 * s)]
    return out


def placement_moved(camera, mapping, surface, point, dx: int, dy: int, coarse: bool = False):
    """The placement cursor moved by arrow steps as seen on screen: right is
    the camera's right, up is away from the viewer, whichever way the camera
    faces; a step is 1/40 of the landscape (Shift: five). Stays inside it."""
    lo, hi = surface.domain
    step = (hi - lo) / 40 * (5 if coarse else 1)
    x, y = point
    if surface.dims == 1:
        move = np.array([step * (dx or dy), 0.0])
    else:
        wx, wz = (float(v) for v in mapping.world_xz(x, y))
        lx, ly = (float(v) for v in mapping.landscape_xy(wx, wz))

        def ground(v):  # a camera axis laid flat on the ground, in landscape units
            flat = np.array([v[0], v[2]], dtype=np.float64)
            flat /= max(float(np.hypot(*flat)), 1e-9)
            gx, gy = (float(c) for c in mapping.landscape_xy(wx + flat[0], wz + flat[1]))
            d = np.array([gx - lx, gy - ly])
            return d / max(float(np.hypot(*d)), 1e-12)

        move = step * (dx * ground(camera.right) + dy * ground(camera.forward))
    return (min(max(x + float(move[0]), lo), hi), min(max(y + float(move[1]), lo), hi))
