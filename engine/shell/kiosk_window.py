"""Kiosk mode (L3): the window made fit to run all day with nobody watching.

It builds on the ordinary window (engine/shell/window.py) and wires in the kiosk
logic: the director (engine/kiosk/director.py) decides, the stage
(engine/kiosk/stage.py) carries it out, the overlay (engine/kiosk/overlay.py)
adds the prompt, the chord hint and the dimming. Every event is guarded: an
unexpected error is logged with its traceback and the scene starts again.
"""

from __future__ import annotations

import functools
import logging
import time
from datetime import datetime

import pyglet
from pyglet.event import EVENT_HANDLED
from pyglet.window import key

from engine.kiosk.demo import Demonstration
from engine.kiosk.director import KioskDirector, Quit, ShowScene, brightness, burn_in_offset
from engine.kiosk.overlay import OverlayState, kiosk_frame
from engine.shell.window import DownhillWindow
from engine.shell.window_actions import window_registry
from engine.ui.actions import ToggleFullscreen
from engine.ui.frame.view import Frame

log = logging.getLogger("downhill.kiosk")
#: More unexpected errors than this within a minute and the kiosk exits with
#: EXIT_GAVE_UP, so the service manager starts a fresh process.
MAX_ERRORS_PER_MINUTE = 10
EXIT_GAVE_UP = 70

_MODIFIER_NAMES = {"LCTRL": "ctrl", "RCTRL": "ctrl", "LSHIFT": "shift", "RSHIFT": "shift",
                   "LALT": "alt", "RALT": "alt", "LOPTION": "alt", "ROPTION": "alt",
                   "LWINDOWS": "super", "RWINDOWS": "super", "LMETA": "super", "RMETA": "super",
                   "LCOMMAND": "super", "RCOMMAND": "super"}


def key_name(symbol_string: str) -> str:
    """pyglet's key name ("LCTRL", "Q", "_1", "F4") as a chord key name."""
    upper = symbol_string.upper()
    if upper in _MODIFIER_NAMES:
        return _MODIFIER_NAMES[upper]
    if len(upper) == 2 and upper[0] == "_" and upper[1].isdigit():
        return upper[1]
    return upper.lower()


def _guarded(method):
    """Run a handler; an unexpected error restarts the scene instead of
    ending the program."""
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Exception:
            self.recover(method.__name__)
            return True  # pyglet.event.EVENT_HANDLED
    return wrapper




def guarded_handlers(layer, recover, event_types) -> dict:
    """A handler layer's handlers, each run under a guard: an error is passed
    to ``recover(event name)`` and the event counts as handled."""
    def guard(name, handler):
        def guarded(*args):
            try:
                return handler(*args)
            except Exception:
                recover(name)
                return EVENT_HANDLED
        return guarded
    return {name: guard(name, getattr(layer, name)) for name in event_types
            if callable(getattr(layer, name, None))}


class KioskLayer:
    """The kiosk's handler layer, on top of the window's: a touch in attract
    mode wakes the kiosk and goes no further; keys feed the operator's exit
    chord; keys that would leave the kiosk or save files stop here."""

    def __init__(self, window) -> None:
        self.window = window

    def on_mouse_press(self, x, y, button, modifiers):
        w = self.window
        if w.director.pointer_down(w.clock()):
            w.run_commands()
            return EVENT_HANDLED
        return None

    def on_mouse_drag(self, x, y, dx, dy, buttons, modifiers):
        w = self.window
        return EVENT_HANDLED if w.director.pointer_move(w.clock()) else None

    def on_mouse_release(self, x, y, button, modifiers):
        w = self.window
        return EVENT_HANDLED if w.director.pointer_up(w.clock()) else None

    def on_mouse_scroll(self, x, y, scroll_x, scroll_y):
        w = self.window
        now = w.clock()
        woke = w.director.pointer_down(now)
        w.director.pointer_up(now)
        w.run_commands()
        return EVENT_HANDLED if woke else None

    def on_key_press(self, symbol, modifiers):
        w = self.window
        now = w.clock()
        names = {key_name(key.symbol_string(symbol))}
        # Modifiers held since before the window had the keyboard count too.
        for mask, name in ((key.MOD_CTRL, "ctrl"), (key.MOD_SHIFT, "shift"), (key.MOD_ALT, "alt")):
            if modifiers & mask:
                names.add(name)
        woke = False
        for name in sorted(names):
            woke = w.director.key_down(name, now) or woke
        w.run_commands()
        if woke or w.has_exit:
            return EVENT_HANDLED
        # Esc, F (fullscreen), Ctrl+Q and Alt+F4 would leave the kiosk;
        # a modified key may be part of the operator's chord.
        # P and V would save files a kiosk has no use for.
        if symbol in (key.ESCAPE, key.F, key.F11, key.P, key.V) or modifiers & (key.MOD_CTRL | key.MOD_ALT):
            return EVENT_HANDLED
        return None

    def on_key_release(self, symbol, modifiers):
        w = self.window
        w.director.key_up(key_name(key.symbol_string(symbol)), w.clock())
        return EVENT_HANDLED

    def on_deactivate(self):
        # Key releases are not seen while another window has the keyboard.
        self.window.director.chord.release_all()
        return None


class KioskWindow(DownhillWindow):
    """The window made fit to run all day: borderless fullscreen, no pointer,
    the kiosk's layer on top of the window's, and every event guarded."""

    def __init__(self, stage, director, config, clock=time.monotonic,
                 local_time=datetime.now, visible=True):
        self.stage, self.director, self.kiosk_config = stage, director, config
        self.clock, self.local_time = clock, local_time
        self.exit_status = 0
        self._errors: list[float] = []
        self._offset = (0.0, 0.0)
        self.demo: Demonstration | None = None
        session = stage.session
        super().__init__(session, session.width, session.height, fullscreen=True,
                         visible=visible, style=DownhillWindow.WINDOW_STYLE_BORDERLESS)
        self.kiosk_layer = KioskLayer(self)
        self.push_layer(self.kiosk_layer)
        self.set_mouse_visible(False)
        self._resize_session()

    def make_registry(self):
        # The kiosk owns the screen: no fullscreen switch for visitors. Its
        # director's commands are carried out by the stage.
        registry = window_registry(self, refused=(ToggleFullscreen,), refused_by="kiosk")
        registry.register("kiosk", {kind: functools.partial(self._run_command, kind)
                                    for kind in self.stage.handlers()})
        return registry

    def run_guarded(self) -> int:
        """The event loop, entered again after an error that escaped a
        handler, for as long as the window is open."""
        while not self.has_exit:
            try:
                pyglet.app.run()
            except Exception:
                if self.has_exit:
                    break  # raised while the window was closing: nothing to save
                self.recover("the event loop")  # i18n: not on screen (the log)
                continue
            break
        return self.exit_status

    def push_layer(self, layer) -> None:
        """Every layer's handlers are guarded: an unexpected error restarts
        the scene instead of ending the program."""
        self.push_handlers(**guarded_handlers(layer, self.recover, self.event_types))

    # -- frames ---------------------------------------------------------------
    @_guarded
    def on_draw(self):
        return super().on_draw()

    @_guarded
    def _tick(self, dt):
        super()._tick(dt)
        now = self.clock()
        self.director.tick(now, self.session.sim.status)
        self.run_commands()
        if not self.director.attract:
            self.demo = None
        elif self.demo is not None:
            for action in self.demo.advance(now, self.session.sim, self.session.selected, self.session.hud):
                self.apply(action)

    def current_frame(self) -> Frame:
        now, cfg, d = self.clock(), self.kiosk_config, self.director
        session = self.session
        scale = session.hud.scale
        progress = d.chord.progress(now)
        state = OverlayState(
            attract=d.attract, title=session.scene.title_shown(),
            offset=burn_in_offset(now, cfg.burn_in_shift_pixels * max(scale, 1.0),
                                  cfg.burn_in_shift_seconds),
            brightness=brightness(cfg.opening_hours, self.local_time()),
            chord_progress=progress, chord_seconds_left=(1 - progress) * cfg.exit_hold_seconds,
            now=now, demo=self.demo is not None,
            narration=self.demo.narration if self.demo is not None else "",
            finger=self.demo.finger if self.demo is not None else None,
            countdown=d.countdown_left(now) if d.counting_down else 0.0,
            countdown_total=cfg.countdown_seconds)
        self._offset = state.offset
        return kiosk_frame(session.frame(), session.hud, state)

    def run_commands(self):
        for command in self.director.take_commands():
            self.apply(command)
            if self.has_exit:
                return

    def _run_command(self, kind, command):
        """A director's command, carried out by the stage; the window then
        follows it (a new scene's session, the operator's exit)."""
        if kind is Quit:
            log.info("the operator left with the exit chord")
            self.exit_status = 0
            self.quit()
            return
        self.stage.apply(command)
        if kind is ShowScene:
            self.session = self.stage.session
            self.cancel_gestures()
            self._resize_session()
            self.demo = (Demonstration(self.clock(), self.session.sim, self.session.selected)
                         if self.director.attract and self.kiosk_config.attract_demo else None)
            log.info("%s mode: showing scene %s", self.director.mode, self.stage.scene_name)

    # -- input ------------------------------------------------------------------
    def pointer(self, x, y):
        """Pointer position relative to the drifted interface."""
        dx, dy = self._offset
        fw, fh = self.get_framebuffer_size()
        sx = fw / self.width if self.width else 1.0
        sy = fh / self.height if self.height else 1.0
        return super().pointer(x - dx / sx, y - dy / sy)

    def on_close(self):
        log.info("a request to close the window was ignored (kiosk mode)")
        return EVENT_HANDLED

    # -- recovery ---------------------------------------------------------------
    def recover(self, where: str) -> None:
        log.exception("unexpected error in %s; starting the scene again", where)
        now = self.clock()
        self._errors = [t for t in self._errors if now - t < 60.0] + [now]
        if len(self._errors) > MAX_ERRORS_PER_MINUTE:
            log.critical("%d errors within a minute; exiting with status %d so that the "
                         "service manager starts Downhill afresh", len(self._errors), EXIT_GAVE_UP)
            self.exit_status = EXIT_GAVE_UP
            try:
                self.quit()
            except Exception:
                log.exception("closing the window failed")
                self.has_exit = True
                pyglet.app.exit()
            return
        try:
            if where == "on_draw":
                self._renew_painter()
            self.director = KioskDirector(self.kiosk_config, now)
            self.session = self.stage.show(self.director.scene)
            self.cancel_gestures()
            self._resize_session()
        except Exception:
            log.exception("starting the scene again failed")

    def _renew_painter(self):
        from engine.gl.frame import FramePainter
        try:
            self.painter.release()
        except Exception:
            log.exception("releasing the broken painter failed")
        self.painter = FramePainter(self.ctx)
