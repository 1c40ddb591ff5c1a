"""The window (L3): a pyglet window, input routing and the frame loop.

Input goes to the control panel first; only presses it does not claim turn
the camera (a drag) or place the ball (a click). Everything the input does is
carried out by the Session, which knows nothing of pyglet.
"""

from __future__ import annotations

import os
import sys
import time

from engine.support.errors import UsageError
from engine.shell.offscreen import build_session

#: A press that moves less than this (in pixels at 1080p) is a click.
CLICK_SLOP = 8.0
DOUBLE_CLICK_SECONDS = 0.35
OPTIMIZER_KEYS = ("sgd", "momentum", "nesterov", "adam", "rmsprop", "adagrad")


def _display_problem() -> str | None:
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return "no display to open a window on (DISPLAY is not set)"
    return None


def run_window(args) -> int:
    problem = _display_problem()
    if problem:
        raise UsageError(f"{problem}; to draw a picture without one use: "
                         "python3 main.py render --out picture.png")
    width, height = args.size
    session = build_session(args, width, height)  # scene errors before any window
    try:
        import pyglet
    except Exception as exc:  # pragma: no cover - import problems are rare
        raise UsageError(f"cannot load the window library: {exc}") from None
    try:
        window = DownhillWindow(session, width, height, fullscreen=args.fullscreen)
        window.first_frame_probe = bool(getattr(args, "quit_after_first_frame", False))
    except UsageError:
        raise
    except Exception as exc:
        detail = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
        raise UsageError(f"cannot open an OpenGL 3.3 window ({detail}); Downhill needs OpenGL 3.3: "
                         "update the graphics driver or use Mesa, or draw offscreen with "
                         "python3 main.py render --out picture.png") from None
    window.run()
    return 0


def _make_window_class():
    import pyglet
    # pyglet would open a hidden window with a context of its own to share
    # GL objects with; Downhill never shares, and skipping it starts faster.
    pyglet.options["shadow_window"] = False
    from pyglet.window import key, mouse

    class _DownhillWindow(pyglet.window.Window):
        #: Quit after the first frame and say so on standard output: a
        #: measurement of the time from launch to the first picture.
        first_frame_probe = False

        def __init__(self, session, width, height, fullscreen=False, visible=True, style=None):
            config = pyglet.gl.Config(major_version=3, minor_version=3, forward_compatible=True,
                                      double_buffer=True, depth_size=24)
            extra = {"style": style} if style else {}
            try:
                super().__init__(width=width, height=height, caption="Downhill", resizable=True,
                                 config=config, visible=visible, vsync=True, **extra)
            except pyglet.window.NoSuchConfigException:
                raise UsageError("the graphics driver does not offer OpenGL 3.3, which Downhill "
                                 "needs; update the driver, or use Mesa") from None
            from engine.gl.context import window_context
            from engine.gl.frame import FramePainter
            self.ctx = window_context()
            self.painter = FramePainter(self.ctx)
            self.session = session
            from engine.shell.window_capture import WindowCapture
            self.capture = WindowCapture(session)
            self._last_draw = time.perf_counter()
            self.set_minimum_size(160, 120)
            self._gesture = None  # "hud", "camera" or None
            self._press = (0.0, 0.0)
            self._moved = False
            self._rates = (0.0, 0.0, time.perf_counter())
            self._last_click = (0.0, -1e9, -1e9)
            self._resize_session()
            if fullscreen:
                self.set_fullscreen(True)
            pyglet.clock.schedule_interval(self._tick, 1 / 60)

        # -- loop ---------------------------------------------------------------
        def run(self):
            pyglet.app.run()

        def _tick(self, dt):
            self.session.update(dt)

        def on_draw(self):
            width, height = self.get_framebuffer_size()
            if width < 1 or height < 1:
                return  # minimized
            if (width, height) != (self.session.width, self.session.height):
                self._resize_session()
            window_fbo = self.ctx.detect_framebuffer()
            self.painter.paint(self.frame_source(), destination=window_fbo)
            now = time.perf_counter()
            elapsed, self._last_draw = now - self._last_draw, now
            self.capture.after_paint(self.painter.read_rgb, (width, height), elapsed)
            if self.first_frame_probe:
                self.first_frame_probe = False
                # Runs on the next pass of the loop, after this frame is flipped.
                pyglet.clock.schedule_once(self._report_first_frame, 0)

        def frame_source(self):
            """What the painter draws: the session (a kiosk adds to it)."""
            return self.session

        def _report_first_frame(self, dt):
            print("downhill: first frame shown", flush=True)
            self.quit()

        def _resize_session(self):
            width, height = self.get_framebuffer_size()
            if width >= 1 and height >= 1:
                self.session.resize(width, height)

        def on_resize(self, width, height):
            self._resize_session()
            return pyglet.event.EVENT_HANDLED

        def _px(self, x, y):
            """Window coordinates to framebuffer pixels (HiDPI screens)."""
            fw, fh = self.get_framebuffer_size()
            sx = fw / self.width if self.width else 1.0
            sy = fh / self.height if self.height else 1.0
            return x * sx, y * sy

        # -- pointer ------------------------------------------------------------
        def on_mouse_press(self, x, y, button, modifiers):
            px, py = self._px(x, y)
            if self.session.panels.on_press(px, py):
                self._gesture = "panels"
                return pyglet.event.EVENT_HANDLED
            if self.session.hud.on_press(px, py):
                self._gesture = "hud"
                return pyglet.event.EVENT_HANDLED
            self._gesture = "camera"
            self._press = (px, py)
            self._moved = False
            self._rates = (0.0, 0.0, time.perf_counter())
            self.session.hold_camera()
            return pyglet.event.EVENT_HANDLED

        def on_mouse_drag(self, x, y, dx, dy, buttons, modifiers):
            px, py = self._px(x, y)
            if self._gesture == "panels":
                for action in self.session.panels.on_drag(px, py):
                    self._apply(action)
            elif self._gesture == "hud":
                for action in self.session.hud.on_drag(px, py):
                    self._apply(action)
            elif self._gesture == "camera":
                slop = CLICK_SLOP * max(self.session.height / 1080, 0.6)
                if not self._moved and abs(px - self._press[0]) + abs(py - self._press[1]) < slop:
                    return pyglet.event.EVENT_HANDLED
                self._moved = True
                sdx, sdy = self._px(dx, dy)
                dyaw, dpitch = self.session.orbit_by_pixels(sdx, sdy)
                now = time.perf_counter()
                ry, rp, then = self._rates
                elapsed = max(now - then, 1e-3)
                # Smooth the drag speed so the release velocity is not one jittery sample.
                self._rates = (0.6 * dyaw / elapsed + 0.4 * ry, 0.6 * dpitch / elapsed + 0.4 * rp, now)
            return pyglet.event.EVENT_HANDLED

        def on_mouse_release(self, x, y, button, modifiers):
            px, py = self._px(x, y)
            gesture, self._gesture = self._gesture, None
            if gesture == "hud":
                for action in self.session.hud.on_release(px, py):
                    self._apply(action)
            elif gesture == "panels":
                for action in self.session.panels.on_release(px, py):
                    self._apply(action)
            elif gesture == "camera":
                if self._moved:
                    ry, rp, then = self._rates
                    if time.perf_counter() - then < 0.08:  # still moving when let go
                        self.session.release_camera(ry, rp)
                else:
                    self._click(px, py)
            return pyglet.event.EVENT_HANDLED

        def _click(self, px, py):
            now = time.perf_counter()
            last_t, lx, ly = self._last_click
            if now - last_t < DOUBLE_CLICK_SECONDS and abs(px - lx) + abs(py - ly) < 3 * CLICK_SLOP:
                self.session.home_view()
                self._last_click = (0.0, -1e9, -1e9)
                return
            self._last_click = (now, px, py)
            self.session.place_at(px, py)

        def on_mouse_scroll(self, x, y, scroll_x, scroll_y):
            if scroll_y:
                self.session.zoom(0.9 ** scroll_y)
            return pyglet.event.EVENT_HANDLED

        # -- keys ---------------------------------------------------------------
        def on_text(self, text):
            field = self.session.panels.formula
            if field.focused:  # typing a formula: the keys are letters, not commands
                field.type(text)
            return pyglet.event.EVENT_HANDLED

        def on_key_press(self, symbol, modifiers):
            s = self.session
            field = s.panels.formula
            if field.focused and not (symbol == key.Q and modifiers & key.MOD_CTRL):
                if symbol == key.BACKSPACE:
                    field.backspace()
                elif symbol in (key.ENTER, key.RETURN, key.NUM_ENTER):
                    for action in field.submit():
                        self._apply(action)
                elif symbol == key.ESCAPE:
                    field.focused = False
                return pyglet.event.EVENT_HANDLED
            if symbol == key.Q and modifiers & key.MOD_CTRL:
                self.quit()
            elif symbol == key.ESCAPE:
                if self.fullscreen:
                    self._set_fullscreen(False)
            elif symbol == key.SPACE:
                s.set_playing(not s.playing)
            elif symbol == key.R:
                s.reset()
            elif symbol == key.F:
                self._set_fullscreen(not self.fullscreen)
            elif symbol == key.LEFT:
                s.orbit_keys(-1, 0)
            elif symbol == key.RIGHT:
                s.orbit_keys(1, 0)
            elif symbol == key.UP:
                s.orbit_keys(0, 1)
            elif symbol == key.DOWN:
                s.orbit_keys(0, -1)
            elif symbol in (key.PLUS, key.EQUAL, key.NUM_ADD):
                s.zoom(0.85)
            elif symbol in (key.MINUS, key.NUM_SUBTRACT, key.UNDERSCORE):
                s.zoom(1 / 0.85)
            elif key._1 <= symbol <= key._6:
                s.set_optimizer(OPTIMIZER_KEYS[symbol - key._1])
            elif symbol == key.P:
                self.capture.request_screenshot()
            elif symbol == key.V:
                self._toggle_recording()
            elif symbol == key.S:
                s.single_step()
            s.sync_hud()
            # Handled: pyglet's default would close the window on Esc.
            return pyglet.event.EVENT_HANDLED

        # -- actions ------------------------------------------------------------
        def _apply(self, action):
            from engine.ui.capture_menu import SaveScene, TakeScreenshot, ToggleRecording
            from engine.ui.hud import ToggleFullscreen
            if isinstance(action, ToggleFullscreen):
                self._set_fullscreen(not self.fullscreen)
                return
            if isinstance(action, TakeScreenshot):
                self.capture.request_screenshot()
                return
            if isinstance(action, ToggleRecording):
                self._toggle_recording()
                return
            if isinstance(action, SaveScene):
                self.capture.save_scene()
                return
            self.session.apply(action)

        def _toggle_recording(self):
            self.capture.toggle_recording(tuple(self.get_framebuffer_size()))
            self.session.panels.capture_menu.set_recording(self.capture.recording)

        def _set_fullscreen(self, on):
            self.set_fullscreen(bool(on))
            self.session.fullscreen = bool(on)
            self._resize_session()
            self.session.sync_hud()

        def on_close(self):
            self.quit()

        def quit(self):
            if self.has_exit and self.context is None:
                return  # already closed
            pyglet.clock.unschedule(self._tick)
            self.capture.stop()  # a clip being recorded is finished, not lost
            self.painter.release()
            self.has_exit = True
            self.close()

    return _DownhillWindow


def DownhillWindow(session, width, height, fullscreen=False, visible=True):
    """Create the window (pyglet is imported only when a window is wanted)."""
    return window_class()(session, width, height, fullscreen=fullscreen, visible=visible)


_window_class = None


def window_class():
    """The window class, made once (the kiosk window builds on it)."""
    global _window_class
    if _window_class is None:
        _window_class = _make_window_class()
    return _window_class
