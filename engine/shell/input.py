"""Input as handler layers (L3), pushed on the window with pyglet's
``push_handlers``: the most recently pushed layer hears an event first, and
returning ``EVENT_HANDLED`` stops it there (pyglet ``event.py``).

From the top: the controls (teaching panels, then the dock) claim the presses
that land on them; the camera layer below takes the rest, turning the camera
on a drag and placing the ball on a click; the keys layer turns keys into
actions, unless a text field has the focus (then its layer takes them,
all but Tab, which leaves the field). The kiosk pushes its own layer over
all of them. Every change is an
action (engine/ui/actions.py), carried out by ``window.apply``.
"""

from __future__ import annotations

import time

from pyglet.event import EVENT_HANDLED
from pyglet.window import key

from engine.ui.actions import (
    AdjustFocused,
    CancelKeyModes,
    CloseWindow,
    DropAtPlacing,
    HomeView,
    LeaveFullscreen,
    MoveFocus,
    MovePlacing,
    PressFocused,
    Reset,
    SetOptimizer,
    StartPlacing,
    Step,
    TakeScreenshot,
    ToggleFullscreen,
    ToggleKeyHelp,
    TogglePlay,
    ToggleRecording,
    TurnCamera,
    TypeValue,
    ZoomIn,
    ZoomOut,
)

#: A press that moves less than this (in pixels at 1080p) is a click.
CLICK_SLOP = 8.0
DOUBLE_CLICK_SECONDS = 0.35
OPTIMIZER_KEYS = ("sgd", "momentum", "nesterov", "adam", "rmsprop", "adagrad")


class ControlsLayer:
    """The teaching panels and the control dock get every press first; a
    press they claim is theirs until it is released."""

    def __init__(self, window) -> None:
        self.window = window
        self.owner: str | None = None  # "panels" or "hud" while a press is theirs

    def cancel(self) -> None:
        self.owner = None

    def _target(self):
        session = self.window.session
        return session.panels if self.owner == "panels" else session.hud

    def on_mouse_press(self, x, y, button, modifiers):
        px, py = self.window.pointer(x, y)
        session = self.window.session
        if session.panels.on_press(px, py):
            self.owner = "panels"
        elif session.hud.on_press(px, py):
            self.owner = "hud"
        else:
            self.owner = None
            return None
        return EVENT_HANDLED

    def on_mouse_drag(self, x, y, dx, dy, buttons, modifiers):
        if self.owner is None:
            return None
        px, py = self.window.pointer(x, y)
        for action in self._target().on_drag(px, py):
            self.window.apply(action)
        return EVENT_HANDLED

    def on_mouse_release(self, x, y, button, modifiers):
        if self.owner is None:
            return None
        px, py = self.window.pointer(x, y)
        target, self.owner = self._target(), None
        for action in target.on_release(px, py):
            self.window.apply(action)
        return EVENT_HANDLED


class CameraLayer:
    """Presses nothing else claimed: a drag turns the camera (and coasts
    when let go while moving), a click places the ball, a double click goes
    back to the home view, the wheel zooms."""

    def __init__(self, window, clock=time.perf_counter) -> None:
        self.window = window
        self.clock = clock
        self.active = False
        self._press = (0.0, 0.0)
        self._moved = False
        self._rates = (0.0, 0.0, 0.0)
        self._last_click = (0.0, -1e9, -1e9)
        self._pending: tuple[float, float, float] | None = None  # a click waiting to place the ball

    def cancel(self) -> None:
        self.active = False
        self._pending = None

    def on_mouse_press(self, x, y, button, modifiers):
        px, py = self.window.pointer(x, y)
        self.active = True
        self._press = (px, py)
        self._moved = False
        self._rates = (0.0, 0.0, self.clock())
        self.window.session.hold_camera()
        return EVENT_HANDLED

    def on_mouse_drag(self, x, y, dx, dy, buttons, modifiers):
        if not self.active:
            return EVENT_HANDLED
        session = self.window.session
        px, py = self.window.pointer(x, y)
        slop = CLICK_SLOP * max(session.height / 1080, 0.6)
        if not self._moved and abs(px - self._press[0]) + abs(py - self._press[1]) < slop:
            return EVENT_HANDLED
        self._moved = True
        sdx, sdy = self.window.scale_pixels(dx, dy)
        dyaw, dpitch = session.orbit_by_pixels(sdx, sdy)
        now = self.clock()
        ry, rp, then = self._rates
        elapsed = max(now - then, 1e-3)
        # Smooth the drag speed so the release velocity is not one jittery sample.
        self._rates = (0.6 * dyaw / elapsed + 0.4 * ry, 0.6 * dpitch / elapsed + 0.4 * rp, now)
        return EVENT_HANDLED

    def on_mouse_release(self, x, y, button, modifiers):
        if not self.active:
            return EVENT_HANDLED
        self.active = False
        px, py = self.window.pointer(x, y)
        if self._moved:
            ry, rp, then = self._rates
            if self.clock() - then < 0.08:  # still moving when let go
                self.window.session.release_camera(ry, rp)
        else:
            self._click(px, py)
        return EVENT_HANDLED

    def _click(self, px, py):
        """A click places the ball once no second click has followed it: the
        first click of a double click goes home without dropping the ball."""
        now = self.clock()
        last_t, lx, ly = self._last_click
        if now - last_t < DOUBLE_CLICK_SECONDS and abs(px - lx) + abs(py - ly) < 3 * CLICK_SLOP:
            self.window.apply(HomeView())
            self._last_click = (0.0, -1e9, -1e9)
            self._pending = None
            return
        self._last_click = (now, px, py)
        self._pending = (now, px, py)

    def flush(self) -> None:
        """Place the ball for a click that has waited out the double-click time
        (the window calls this every tick)."""
        if self._pending is not None and self.clock() - self._pending[0] >= DOUBLE_CLICK_SECONDS:
            _, px, py = self._pending
            self._pending = None
            self.window.session.place_at(px, py)

    def on_mouse_scroll(self, x, y, scroll_x, scroll_y):
        if scroll_y:
            self.window.session.zoom(0.9 ** scroll_y)
        return EVENT_HANDLED


#: Keys and the actions they ask for (the number keys choose optimizers).
KEY_ACTIONS = {
    key.SPACE: TogglePlay(), key.R: Reset(), key.F: ToggleFullscreen(), key.S: Step(),
    key.LEFT: TurnCamera(-1, 0), key.RIGHT: TurnCamera(1, 0),
    key.UP: TurnCamera(0, 1), key.DOWN: TurnCamera(0, -1),
    key.PLUS: ZoomIn(), key.EQUAL: ZoomIn(), key.NUM_ADD: ZoomIn(),
    key.MINUS: ZoomOut(), key.NUM_SUBTRACT: ZoomOut(), key.UNDERSCORE: ZoomOut(),
    key.P: TakeScreenshot(), key.V: ToggleRecording(), key.ESCAPE: LeaveFullscreen(),
    key.H: HomeView(), key.QUESTION: ToggleKeyHelp(), key.D: StartPlacing(),
    key.L: TypeValue("lr", "start"),
    **{getattr(key, f"_{i + 1}"): SetOptimizer(name) for i, name in enumerate(OPTIMIZER_KEYS)},
}


ARROWS = {key.LEFT: (-1, 0), key.RIGHT: (1, 0), key.UP: (0, 1), key.DOWN: (0, -1)}


class TextFieldLayer:
    """While a text field has the focus (the formula panel), keys are
    letters, not commands: typing goes to the field, Enter submits it and
    Esc leaves it. Ctrl+Q still quits."""

    def __init__(self, window) -> None:
        self.window = window

    def _field(self):
        field = getattr(self.window.session.panels, "formula", None)
        return field if field is not None and field.focused else None

    def on_text(self, text):
        field = self._field()
        if field is None:
            return None
        field.type(text)
        return EVENT_HANDLED

    def on_key_press(self, symbol, modifiers):
        field = self._field()
        if field is None or (symbol == key.Q and modifiers & key.MOD_CTRL):
            return None
        if symbol == key.TAB:  # Tab leaves the field; the focus ring moves on
            field.focused = False
            return None
        if symbol == key.BACKSPACE:
            field.backspace()
        elif symbol in (key.ENTER, key.RETURN, key.NUM_ENTER):
            for action in field.submit():
                self.window.apply(action)
        elif symbol == key.ESCAPE:
            field.focused = False
        return EVENT_HANDLED


#: While a learning rate is typed (L starts it), keys are its characters.
TYPING_KEYS = {**{getattr(key, f"_{d}"): str(d) for d in range(10)},
               **{getattr(key, f"NUM_{d}"): str(d) for d in range(10)},
               key.PERIOD: ".", key.NUM_DECIMAL: ".", key.COMMA: ".",  # a decimal comma too
               key.BACKSPACE: "back",
               key.ENTER: "enter", key.RETURN: "enter", key.NUM_ENTER: "enter", key.ESCAPE: "cancel"}


class KeysLayer:
    """Keys as actions. Every key press is handled here: pyglet's default
    would close the window on Esc, which only leaves fullscreen."""

    def __init__(self, window) -> None:
        self.window = window

    def on_key_press(self, symbol, modifiers):
        if getattr(self.window.session, "typing", None) is not None:
            typed = TYPING_KEYS.get(symbol)
            if typed is not None:
                self.window.apply(TypeValue("lr", typed))
            return EVENT_HANDLED
        action = self.action_for(symbol, modifiers)
        if action is not None:
            self.window.apply(action)
        return EVENT_HANDLED

    def action_for(self, symbol, modifiers):
        """The action a key asks for now: the focus ring, the placement
        cursor and the "?" card change what Tab, Enter, Space, the arrows
        and Esc do."""
        session = self.window.session
        shift = bool(modifiers & key.MOD_SHIFT)
        if symbol == key.Q and modifiers & key.MOD_CTRL:
            return CloseWindow()
        if symbol == key.SLASH and shift:  # "?" on most layouts
            return ToggleKeyHelp()
        if symbol == key.TAB:
            return MoveFocus(-1 if shift else 1)
        if session.placing is not None:
            if symbol in ARROWS:
                dx, dy = ARROWS[symbol]
                return MovePlacing(dx, dy, shift)
            if symbol in (key.ENTER, key.RETURN, key.NUM_ENTER, key.D, key.SPACE):
                return DropAtPlacing()
        if symbol == key.ESCAPE and (session.show_keys or session.placing is not None
                                     or session.focus.key is not None):
            return CancelKeyModes()
        if session.focus.key is not None:
            if symbol in (key.ENTER, key.RETURN, key.NUM_ENTER, key.SPACE):
                return PressFocused()
            if symbol in ARROWS and session.focused_slider():
                dx, dy = ARROWS[symbol]
                return AdjustFocused(dx or dy, shift)
        return KEY_ACTIONS.get(symbol)
