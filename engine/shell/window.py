"""The window (L3): a pyglet window, its input layers and the frame loop.

Input arrives through handler layers (engine/shell/input.py): the controls
first, the camera below, keys beside them; the kiosk pushes its own layer on
top. Every change is an action, carried out through one table: the window's
registry (engine/shell/window_actions.py): the window's own handlers for
what only a window can do, and the session's for the rest.
Each frame the session hands over a frozen ``Frame`` and the painter draws it.
"""

from __future__ import annotations

import time

import pyglet

# pyglet would open a hidden window with a context of its own to share GL
# objects with; Downhill never shares, and skipping it starts faster.
pyglet.options["shadow_window"] = False

import pyglet.window  # noqa: E402  (after the option above)

from engine.gl.context import window_context  # noqa: E402
from engine.gl.frame import FramePainter  # noqa: E402
from engine.shell.input import CameraLayer, ControlsLayer, KeysLayer, TextFieldLayer  # noqa: E402
from engine.shell.window_capture import WindowCapture  # noqa: E402
from engine.shell.heap import TRIM_SECONDS, give_back_free_memory  # noqa: E402
from engine.support.errors import UsageError  # noqa: E402
from engine.shell.window_actions import window_registry  # noqa: E402
from engine.ui.frame.view import Frame  # noqa: E402


class DownhillWindow(pyglet.window.Window):
    #: Quit after the first frame and say so on standard output: a
    #: measurement of the time from launch to the first picture.
    first_frame_probe = False

    def __init__(self, session, width, height, fullscreen=False, visible=True, style=None):
        config = pyglet.gl.Config(major_version=3, minor_version=3, forward_compatible=True,
                                  double_buffer=True, depth_size=24)
        extra = {"style": style} if style else {}
        try:
            super().__init__(width=width, height=height, caption="Downhill", resizable=True,  # i18n: not on screen (a name)
                             config=config, visible=visible, vsync=True, **extra)
        except pyglet.window.NoSuchConfigException:
            raise UsageError("the graphics driver does not offer OpenGL 3.3, which Downhill "
                             "needs; update the driver, or use Mesa") from None
        self.ctx = window_context()
        self.painter = FramePainter(self.ctx)
        self.session = session
        self.actions = self.make_registry()
        self.capture = WindowCapture(session)
        self._last_draw = time.perf_counter()
        self.set_minimum_size(160, 120)
        # The handler stack, bottom first: the last pushed hears an event first.
        self.keys = KeysLayer(self)
        self.text_field = TextFieldLayer(self)
        self.camera_input = CameraLayer(self)
        self.controls = ControlsLayer(self)
        for layer in (self.keys, self.text_field, self.camera_input, self.controls):
            self.push_layer(layer)
        self._resize_session()
        if fullscreen:
            self.set_fullscreen(True)
        pyglet.clock.schedule_interval(self._tick, 1 / 60)
        # A window runs all day: free heap pages go back to the system.
        pyglet.clock.schedule_interval(give_back_free_memory, TRIM_SECONDS)

    def push_layer(self, layer) -> None:
        """Put an input layer on top of the handler stack."""
        self.push_handlers(layer)

    # -- loop ---------------------------------------------------------------
    def run(self):
        pyglet.app.run()

    def _tick(self, dt):
        self.camera_input.flush()
        self.session.update(dt)

    def on_draw(self):
        width, height = self.get_framebuffer_size()
        if width < 1 or height < 1:
            return  # minimized
        if (width, height) != (self.session.width, self.session.height):
            self._resize_session()
        window_fbo = self.ctx.detect_framebuffer()
        self.painter.paint(self.current_frame(), destination=window_fbo)
        now = time.perf_counter()
        elapsed, self._last_draw = now - self._last_draw, now
        self.capture.after_paint(self.painter.read_rgb, (width, height), elapsed)
        if self.first_frame_probe:
            self.first_frame_probe = False
            # Runs on the next pass of the loop, after this frame is flipped.
            pyglet.clock.schedule_once(self._report_first_frame, 0)

    def current_frame(self) -> Frame:
        """What the painter draws this frame (a kiosk transforms it)."""
        return self.session.frame()

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

    def scale_pixels(self, x, y):
        """Window coordinates to framebuffer pixels (HiDPI screens)."""
        fw, fh = self.get_framebuffer_size()
        sx = fw / self.width if self.width else 1.0
        sy = fh / self.height if self.height else 1.0
        return x * sx, y * sy

    def pointer(self, x, y):
        """A pointer position in the interface's pixels (the kiosk also
        undoes the drift that protects its screen from burn-in)."""
        return self.scale_pixels(x, y)

    def cancel_gestures(self):
        """Forget a press in progress (the scene it began on is gone)."""
        self.controls.cancel()
        self.camera_input.cancel()

    # -- actions (engine/shell/window_actions.py) ----------------------------------
    def make_registry(self):
        return window_registry(self)

    def apply(self, action):
        self.actions.carry_out(action)

    def toggle_recording(self):
        self.capture.toggle_recording(tuple(self.get_framebuffer_size()))
        self.session.panels.capture_menu.set_recording(self.capture.recording)

    def go_fullscreen(self, on):
        self.set_fullscreen(bool(on))
        self.session.fullscreen = bool(on)
        self._resize_session()

    def take_screenshot(self):
        self.capture.request_screenshot()

    def save_scene(self):
        self.capture.save_scene()

    def close_window(self):
        self.quit()

    def on_close(self):
        self.quit()

    def quit(self):
        if self.has_exit and self.context is None:
            return  # already closed
        pyglet.clock.unschedule(self._tick)
        pyglet.clock.unschedule(give_back_free_memory)
        self.capture.stop()  # a clip being recorded is finished, not lost
        self.painter.release()
        self.has_exit = True
        self.close()
