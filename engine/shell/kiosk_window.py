"""Kiosk mode (L3): the window made fit to run all day with nobody watching.

It builds on the ordinary window (engine/shell/window.py) and wires in the kiosk
logic: the director (engine/kiosk/director.py) decides, the stage
(engine/kiosk/stage.py) carries it out, the overlay (engine/kiosk/overlay.py)
adds the prompt, the chord hint and the dimming. Every handler is guarded: an
unexpected error is logged with its traceback and the scene starts again.
"""

from __future__ import annotations

import functools
import logging
import time
from datetime import datetime

from engine.support.errors import UsageError
from engine.kiosk.director import KioskDirector, Quit, ShowScene, brightness, burn_in_offset
from engine.kiosk.config import load_config
from engine.kiosk.log import setup_logging
from engine.kiosk.overlay import KioskFrame, OverlayState
from engine.kiosk.stage import KioskStage, scene_problem

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


def run_kiosk(args) -> int:
    """``downhill --kiosk``: returns 0 when the operator leaves with the chord."""
    config, problems = load_config(getattr(args, "config", None), scene_problem)
    log_file, log_problems = setup_logging(config.log_path)
    log.info("kiosk starting; settings from %s; log file %s", config.source, log_file or "none")
    for line in log_problems + problems:
        log.warning("%s", line)
    from engine.shell.window import _display_problem
    problem = _display_problem()
    if problem:
        log.error("cannot start: %s", problem)
        raise UsageError(f"{problem}; kiosk mode needs a screen")
    try:
        import pyglet
        screen = pyglet.display.get_display().get_default_screen()
        width, height = screen.width, screen.height
    except Exception as exc:
        log.exception("cannot reach the screen")
        raise UsageError(f"kiosk mode cannot reach the screen: {exc}") from None
    try:
        stage = KioskStage(width, height, config.interface_scale)
        stage.show(config.home_scene)
    except UsageError as exc:  # a damaged installation: no use restarting
        log.error("cannot start: %s", exc)
        raise
    director = KioskDirector(config, time.monotonic())
    try:
        window = KioskWindow(stage, director, config)
    except UsageError as exc:
        log.error("cannot open the window: %s", exc)
        raise
    except Exception as exc:
        log.exception("cannot open the window")
        raise UsageError(f"cannot open an OpenGL 3.3 window ({exc})") from None
    window.first_frame_probe = bool(getattr(args, "quit_after_first_frame", False))
    return window.run_guarded()


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


def _make_kiosk_class():
    import pyglet
    from pyglet.window import key

    from engine.shell.window import window_class

    base = window_class()

    class _KioskWindow(base):
        def __init__(self, stage, director, config, clock=time.monotonic,
                     local_time=datetime.now, visible=True):
            self.stage, self.director, self.kiosk_config = stage, director, config
            self.clock, self.local_time = clock, local_time
            self.exit_status = 0
            self._errors: list[float] = []
            session = stage.session
            super().__init__(session, session.width, session.height, fullscreen=True,
                             visible=visible, style=base.WINDOW_STYLE_BORDERLESS)
            self.set_mouse_visible(False)
            self._resize_session()

        def run_guarded(self) -> int:
            """The event loop, entered again after an error that escaped a
            handler, for as long as the window is open."""
            while not self.has_exit:
                try:
                    pyglet.app.run()
                except Exception:
                    if self.has_exit:
                        break  # raised while the window was closing: nothing to save
                    self.recover("the event loop")
                    continue
                break
            return self.exit_status

        # -- frames ---------------------------------------------------------------
        @_guarded
        def _tick(self, dt):
            super()._tick(dt)
            self.director.tick(self.clock(), self.session.sim.status)
            self._run_commands()

        @_guarded
        def on_draw(self):
            return super().on_draw()

        def frame_source(self):
            now, cfg, d = self.clock(), self.kiosk_config, self.director
            scale = self.session.hud.scale
            progress = d.chord.progress(now)
            state = OverlayState(
                attract=d.attract, title=self.session.scene.title,
                offset=burn_in_offset(now, cfg.burn_in_shift_pixels * max(scale, 1.0),
                                      cfg.burn_in_shift_seconds),
                brightness=brightness(cfg.opening_hours, self.local_time()),
                chord_progress=progress, chord_seconds_left=(1 - progress) * cfg.exit_hold_seconds,
                now=now)
            self._offset = state.offset
            return KioskFrame(self.session, state)

        def _run_commands(self):
            for command in self.director.take_commands():
                if isinstance(command, Quit):
                    log.info("the operator left with the exit chord")
                    self.exit_status = 0
                    self.quit()
                    return
                self.stage.apply(command)
                if isinstance(command, ShowScene):
                    self.session = self.stage.session
                    self._gesture = None
                    self._resize_session()
                    log.info("%s mode: showing scene %s", self.director.mode, self.stage.scene_name)

        # -- input ------------------------------------------------------------------
        def _unshift(self, x, y):
            """Pointer position relative to the drifted interface."""
            dx, dy = getattr(self, "_offset", (0.0, 0.0))
            fw, fh = self.get_framebuffer_size()
            sx = fw / self.width if self.width else 1.0
            sy = fh / self.height if self.height else 1.0
            return x - dx / sx, y - dy / sy

        @_guarded
        def on_mouse_press(self, x, y, button, modifiers):
            if self.director.pointer_down(self.clock()):
                self._run_commands()
                return pyglet.event.EVENT_HANDLED
            return super().on_mouse_press(*self._unshift(x, y), button, modifiers)

        @_guarded
        def on_mouse_drag(self, x, y, dx, dy, buttons, modifiers):
            if self.director.pointer_move(self.clock()):
                return pyglet.event.EVENT_HANDLED
            return super().on_mouse_drag(*self._unshift(x, y), dx, dy, buttons, modifiers)

        @_guarded
        def on_mouse_release(self, x, y, button, modifiers):
            if self.director.pointer_up(self.clock()):
                return pyglet.event.EVENT_HANDLED
            return super().on_mouse_release(*self._unshift(x, y), button, modifiers)

        @_guarded
        def on_mouse_scroll(self, x, y, scroll_x, scroll_y):
            now = self.clock()
            woke = self.director.pointer_down(now)
            self.director.pointer_up(now)
            self._run_commands()
            if woke:
                return pyglet.event.EVENT_HANDLED
            return super().on_mouse_scroll(x, y, scroll_x, scroll_y)

        @_guarded
        def on_key_press(self, symbol, modifiers):
            now = self.clock()
            names = {key_name(key.symbol_string(symbol))}
            # Modifiers held since before the window had the keyboard count too.
            for mask, name in ((key.MOD_CTRL, "ctrl"), (key.MOD_SHIFT, "shift"), (key.MOD_ALT, "alt")):
                if modifiers & mask:
                    names.add(name)
            woke = False
            for name in sorted(names):
                woke = self.director.key_down(name, now) or woke
            self._run_commands()
            if woke or self.has_exit:
                return pyglet.event.EVENT_HANDLED
            # Esc, F (fullscreen), Ctrl+Q and Alt+F4 would leave the kiosk;
            # a modified key may be part of the operator's chord.
            # P and V would save files a kiosk has no use for.
            if symbol in (key.ESCAPE, key.F, key.F11, key.P, key.V) or modifiers & (key.MOD_CTRL | key.MOD_ALT):
                return pyglet.event.EVENT_HANDLED
            return super().on_key_press(symbol, modifiers)

        @_guarded
        def on_key_release(self, symbol, modifiers):
            self.director.key_up(key_name(key.symbol_string(symbol)), self.clock())
            return pyglet.event.EVENT_HANDLED

        def on_deactivate(self):
            # Key releases are not seen while another window has the keyboard.
            self.director.chord.release_all()

        def on_close(self):
            log.info("a request to close the window was ignored (kiosk mode)")
            return pyglet.event.EVENT_HANDLED

        def _apply(self, action):
            from engine.ui.hud import ToggleFullscreen
            if not isinstance(action, ToggleFullscreen):
                super()._apply(action)

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
                self._gesture = None
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

    return _KioskWindow


_kiosk_class = None


def KioskWindow(stage, director, config, **kwargs):
    """Create the kiosk window (pyglet is imported only when one is wanted)."""
    global _kiosk_class
    if _kiosk_class is None:
        _kiosk_class = _make_kiosk_class()
    return _kiosk_class(stage, director, config, **kwargs)
