"""Drives the real Downhill window through pyglet's event dispatch and
prints what happened as JSON. Run by tests/shell/window/test_window.py under a
display (Xvfb when none is set)."""

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

import numpy as np  # noqa: E402
import pyglet  # noqa: E402
from pyglet.window import key, mouse  # noqa: E402

from engine.shell.offscreen import build_session  # noqa: E402
from engine.shell.window import DownhillWindow  # noqa: E402

W, H = 960, 600
ns = argparse.Namespace(scene="default", seed=3, surface=None, optimizer=None, lr=None,
                        momentum=None, start=None, camera=None)
session = build_session(ns, W, H)
win = DownhillWindow(session, W, H)
out = {}


def frames(n=1):
    for _ in range(n):
        pyglet.clock.tick()
        win.switch_to()
        win.dispatch_events()
        win.dispatch_event("on_draw")
        win.flip()


def centre(widget):
    r = widget.rect
    return r.x + r.w / 2, r.y + r.h / 2


def drag(x0, y0, x1, y1, steps=10):
    win.dispatch_event("on_mouse_press", x0, y0, mouse.LEFT, 0)
    px, py = x0, y0
    for i in range(1, steps + 1):
        x, y = x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps
        win.dispatch_event("on_mouse_drag", x, y, x - px, y - py, mouse.LEFT, 0)
        px, py = x, y
    win.dispatch_event("on_mouse_release", x1, y1, mouse.LEFT, 0)
    frames(1)  # the window queues dispatched events until its next frame


frames(3)
out["size"] = list(win.get_framebuffer_size())

# The teaching views: the View menu switches them (checked here), then
# they are put away so the basic controls below have the window to themselves.
view_button = session.panels.layout.toolbar["view"]
vx, vy = view_button.x + view_button.w / 2, view_button.y + view_button.h / 2
arrows_before = session.views["arrows"]
win.dispatch_event("on_mouse_press", vx, vy, mouse.LEFT, 0)
win.dispatch_event("on_mouse_release", vx, vy, mouse.LEFT, 0)
frames(1)
out["view_menu_open"] = bool(session.panels.view_menu.is_open)
menu = session.panels.view_menu.choice
row = menu.segments[menu.options.index("arrows")]
win.dispatch_event("on_mouse_press", row.cx, row.cy, mouse.LEFT, 0)
win.dispatch_event("on_mouse_release", row.cx, row.cy, mouse.LEFT, 0)
frames(1)
out["arrows_toggled"] = session.views["arrows"] != arrows_before
# A tap outside closes the menu without acting on what lies beneath.
win.dispatch_event("on_mouse_press", W * 0.5, H * 0.5, mouse.LEFT, 0)
win.dispatch_event("on_mouse_release", W * 0.5, H * 0.5, mouse.LEFT, 0)
frames(1)
out["view_menu_closed"] = not session.panels.view_menu.is_open
session.panels.set_views(minimap=False, loss_plot=False, captions=False, legend=False, advanced=False)
frames(1)

# A drag on the landscape turns the camera.
yaw0, pitch0 = session.rig.camera.yaw, session.rig.camera.pitch
drag(W * 0.5, H * 0.55, W * 0.5 + 150, H * 0.55 + 40)
out["yaw_turn"] = session.rig.camera.yaw - yaw0
out["pitch_turn"] = session.rig.camera.pitch - pitch0
# A little inertia: the camera coasts on after the finger lifts, then rests.
yaw_released = session.rig.camera.yaw
for _ in range(400):
    frames(1)
    if not session.rig.inertia.moving:
        break
out["coasted"] = (session.rig.camera.yaw - yaw_released + 180) % 360 - 180
out["came_to_rest"] = not session.rig.inertia.moving

# Dragging the learning-rate slider's thumb to the right raises the rate.
slider = session.hud.lr_slider
lr0 = session.sim.hyper_of(0)["lr"]
tx, ty = slider.thumb_x, slider.track_y
drag(tx, ty, slider.track_x1, ty)
out["lr_before"], out["lr_after"] = lr0, session.sim.hyper_of(0)["lr"]
frames(2)
out["hud_lr"] = session.hud.state.lr  # the controls show the model's state on the next frame

# A double-click brings the camera home.
home = session.rig.home
start_before = [float(v) for v in session.sim.start[:, 0]]
for _ in range(2):
    win.dispatch_event("on_mouse_press", W * 0.5, H * 0.5, mouse.LEFT, 0)
    win.dispatch_event("on_mouse_release", W * 0.5, H * 0.5, mouse.LEFT, 0)
frames(1)
out["home_after_double_click"] = session.rig.camera == home
time.sleep(0.5)  # longer than a double click: a single click would have placed by now
frames(2)
out["start_kept_on_double_click"] = [float(v) for v in session.sim.start[:, 0]] == start_before

# A click (no drag) on the landscape drops the ball there.
target = (1.0, -1.0)
world = session.mapping.to_world(np.array([target[0]]), np.array([target[1]]))
px, py = session.view_camera().project(np.asarray(world).reshape(-1, 3), *win.get_framebuffer_size())[0][:2]
win.dispatch_event("on_mouse_press", px, py, mouse.LEFT, 0)
win.dispatch_event("on_mouse_release", px, py, mouse.LEFT, 0)
win.dispatch_event("on_key_press", key.SPACE, 0)  # pause, so the start stays put
frames(1)
time.sleep(0.5)  # the ball is placed once no second click follows
frames(1)
out["placed_start"] = [float(v) for v in session.sim.start[:, 0]]
out["placed_steps"] = int(session.sim.steps[0])
frames(2)

# Space paused above; 2 picks momentum; Esc does not quit.
out["paused"] = not session.playing
win.dispatch_event("on_key_press", key._2, 0)
frames(1)
out["optimizer_after_key"] = session.sim.kind[0]
win.dispatch_event("on_key_press", key.ESCAPE, 0)
frames(1)
out["open_after_esc"] = not win.has_exit

# L types a learning rate: 0.07, Enter; Esc while typing only cancels.
for symbol in (key.L, key._0, key.PERIOD, key._0, key._7, key.RETURN):
    win.dispatch_event("on_key_press", symbol, 0)
frames(1)
out["typed_lr"] = session.sim.hyper_of(0)["lr"]
for symbol in (key.L, key._3, key.ESCAPE):
    win.dispatch_event("on_key_press", symbol, 0)
frames(1)
out["lr_after_cancel"] = session.sim.hyper_of(0)["lr"]
out["open_after_typing_esc"] = not win.has_exit and not session.entry.active

# The fullscreen button in the top-right corner toggles fullscreen and back.
fx, fy = centre(session.hud.fullscreen)
out["fullscreen_button"] = [fx, fy]
win.dispatch_event("on_mouse_press", fx, fy, mouse.LEFT, 0)
win.dispatch_event("on_mouse_release", fx, fy, mouse.LEFT, 0)
frames(4)
out["fullscreen_on"] = bool(win.fullscreen)
out["fullscreen_size"] = list(win.get_framebuffer_size())
out["session_size_full"] = [session.width, session.height]
win.dispatch_event("on_key_press", key.ESCAPE, 0)
frames(4)
out["fullscreen_after_esc"] = bool(win.fullscreen)
out["size_after_esc"] = list(win.get_framebuffer_size())

# The on-screen buttons: zoom in and out, single step, new start.
def tap(widget):
    x, y = centre(widget)
    win.dispatch_event("on_mouse_press", x, y, mouse.LEFT, 0)
    win.dispatch_event("on_mouse_release", x, y, mouse.LEFT, 0)
    frames(1)


d0 = session.rig.camera.distance
tap(session.hud.zoom_in)
out["zoom_in_button"] = session.rig.camera.distance < d0
d1 = session.rig.camera.distance
tap(session.hud.zoom_out)
out["zoom_out_button"] = session.rig.camera.distance > d1
steps0 = int(session.sim.steps[0])
tap(session.hud.step_button)
out["step_button"] = [steps0, int(session.sim.steps[0]), not session.playing]
start0 = [float(v) for v in session.sim.start[:, 0]]
tap(session.hud.reset_button)
out["new_start_moved"] = [float(v) for v in session.sim.start[:, 0]] != start0
tap(session.hud.play)
out["play_button_plays"] = session.playing

# Keys: R drops the ball somewhere new, arrows turn, + zooms, F fullscreen.
start1 = [float(v) for v in session.sim.start[:, 0]]
yaw1, dist1 = session.rig.camera.yaw, session.rig.camera.distance
for symbol in (key.R, key.RIGHT, key.PLUS):
    win.dispatch_event("on_key_press", symbol, 0)
frames(1)
out["key_r_moved"] = [float(v) for v in session.sim.start[:, 0]] != start1
out["key_arrow_turned"] = session.rig.camera.yaw != yaw1
out["key_plus_zoomed"] = session.rig.camera.distance < dist1
win.dispatch_event("on_key_press", key.F, 0)
frames(3)
out["key_f_fullscreen"] = bool(win.fullscreen)
win.dispatch_event("on_key_press", key.F, 0)
frames(3)
out["key_f_back"] = not win.fullscreen

# Minimizing and restoring never crash.
win.minimize()
frames(3)
win.maximize()
frames(3)

# P saves a screenshot; V starts a clip and V again finishes it.
import os  # noqa: E402

home = Path(os.environ["HOME"])
win.dispatch_event("on_key_press", key.P, 0)
frames(2)
out["screenshots"] = sorted(p.name for p in (home / "Pictures").glob("downhill-*.png"))
out["screenshot_notice"] = session.notices.text or ""
win.dispatch_event("on_key_press", key.V, 0)
frames(1)
out["recording_menu_label"] = session.panels.capture_menu.choice.labels[1]
for _ in range(8):
    frames(1)
win.dispatch_event("on_key_press", key.V, 0)
frames(1)
out["clips"] = sorted(p.name for p in (home / "Videos").glob("downhill-*"))
out["clip_notice"] = session.notices.text or ""

# Keyboard only: Tab to Play and Enter pauses; Tab on to the learning rate
# and Shift+left lowers it (the drag above took it high); "?" shows the key card; D, arrows and Enter
# drop the ball.
def press(symbol, modifiers=0):
    win.dispatch_event("on_key_press", symbol, modifiers)
    frames(1)


press(key.ESCAPE)  # nothing in the ring yet
session.set_playing(True)
press(key.TAB)
out["ring_on"] = session.keys.focus.key
press(key.ENTER)
out["paused_by_enter"] = not session.playing
while session.keys.focus.key != "hud:lr":
    press(key.TAB)
lr_before_keys = float(session.sim.hyper_of(0)["lr"])
press(key.LEFT, key.MOD_SHIFT)
out["lr_lowered_by_keys"] = float(session.sim.hyper_of(0)["lr"]) < lr_before_keys
press(key.SLASH, key.MOD_SHIFT)
out["key_card_shown"] = session.keys.show_keys
press(key.ESCAPE)
out["key_modes_cleared"] = not session.keys.show_keys and session.keys.focus.key is None
session.set_playing(False)
press(key.D)
start_cursor = session.keys.placing
press(key.UP)
cursor = session.keys.placing
press(key.ENTER)
out["placed_by_keys"] = (start_cursor is not None and cursor != start_cursor and session.keys.placing is None
                         and np.allclose(session.sim.pos[:, 0], cursor))

# Capture > Save as scene writes the scene on screen to Documents.
(home / "Documents").mkdir(exist_ok=True)
tap(session.panels.capture_menu.button)
capture_rows = session.panels.capture_menu.choice
row = capture_rows.segments[capture_rows.options.index("save_scene")]
win.dispatch_event("on_mouse_press", row.cx, row.cy, mouse.LEFT, 0)
win.dispatch_event("on_mouse_release", row.cx, row.cy, mouse.LEFT, 0)
frames(1)
out["saved_scenes"] = sorted(p.name for p in (home / "Documents").glob("downhill-scene-*.toml"))
out["saved_scene_notice"] = session.notices.text or ""
from engine.model.scene import load_scene  # noqa: E402

out["saved_scene_balls"] = [
    [b.optimizer, b.hyper.get("lr"), list(b.start)]
    for b in load_scene(str(home / "Documents" / out["saved_scenes"][0])).balls] if out["saved_scenes"] else []
out["balls_on_screen"] = [[session.sim.kind[i], session.sim.hyper_of(i)["lr"],
                           [float(v) for v in session.sim.start[:, i]]] for i in range(session.sim.n)]

# Tiny sizes never crash.
for size in ((160, 120), (1, 1), (2000, 90)):
    win.set_size(*size)
    frames(2)
out["survived_tiny"] = True

if len(sys.argv) > 1:  # a screenshot for people to look at
    win.set_size(W, H)
    frames(3)
    pyglet.image.get_buffer_manager().get_color_buffer().save(sys.argv[1])

# The formula field: typed letters go into it (S does not step, R does not
# restart), Enter uses it.
from engine.ui.actions import ToggleView  # noqa: E402

session.apply(ToggleView("formula", True))
frames(1)
field = session.panels.formula.field
win.dispatch_event("on_mouse_press", field.cx, field.cy, mouse.LEFT, 0)
win.dispatch_event("on_mouse_release", field.cx, field.cy, mouse.LEFT, 0)
steps_before = int(session.sim.steps[0])
session.set_playing(False)
for ch in "(x-1)^2 + sin(y)^2 + 0.1*y^2":
    symbol = getattr(key, ch.upper(), None) if ch.isalpha() else None
    if symbol is not None:
        win.dispatch_event("on_key_press", symbol, 0)
    win.dispatch_event("on_text", ch)
win.dispatch_event("on_key_press", key.BACKSPACE, 0)
win.dispatch_event("on_text", "3")
out["formula_typed_steps"] = [steps_before, int(session.sim.steps[0])]
win.dispatch_event("on_key_press", key.ENTER, 0)
frames(2)
out["formula_used"] = session.scene.formula or ""

win.dispatch_event("on_key_press", key.Q, key.MOD_CTRL)
try:
    win.dispatch_events()
except Exception:
    pass  # the X window is already gone
out["closed_by_ctrl_q"] = win.context is None or bool(win.has_exit)
print(json.dumps(out))
