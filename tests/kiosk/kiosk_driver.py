"""Drives the real kiosk window through pyglet's event dispatch, on a fake
clock, and prints what happened as JSON. Run by tests/kiosk/test_kiosk_window.py
under a display (Xvfb when none is set).

    kiosk_driver.py CONFIG.toml SHOT_FOLDER [visitor]

With ``visitor`` it plays one visitor's visit instead: idle into attract
mode, watch the demonstration act, touch, play, walk away, see the
countdown, and return to attract mode.
"""

import json
import os
import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import pyglet  # noqa: E402
from pyglet.window import key, mouse  # noqa: E402

from engine.kiosk.config import load_config  # noqa: E402
from engine.kiosk.director import KioskDirector  # noqa: E402
from engine.kiosk.log import setup_logging  # noqa: E402
from engine.kiosk.overlay import PROMPT  # noqa: E402
from engine.kiosk.stage import KioskStage, scene_problem  # noqa: E402
from engine.shell.kiosk_window import KioskWindow  # noqa: E402

config_path, shots = sys.argv[1], Path(sys.argv[2])
config, problems = load_config(config_path, scene_problem)
log_file, _ = setup_logging(config.log_path, echo=False)
for line in problems:
    import logging
    logging.getLogger("downhill.kiosk").warning("%s", line)

T = [1000.0]
LOCAL = [datetime(2026, 3, 4, 11, 0)]  # a Wednesday, within opening hours
screen = pyglet.display.get_display().get_default_screen()
stage = KioskStage(screen.width, screen.height, config.interface_scale, visitor_mode=config.visitor_mode)
stage.show(config.home_scene)
director = KioskDirector(config, T[0])
win = KioskWindow(stage, director, config, clock=lambda: T[0], local_time=lambda: LOCAL[0])
out = {"problems": problems, "screen": [screen.width, screen.height]}


def frames(n=1, dt=0.1):
    for _ in range(n):
        T[0] += dt
        pyglet.clock.tick()
        if win.has_exit:
            return
        win.switch_to()
        win.dispatch_events()
        if win.has_exit:
            return
        win.dispatch_event("on_draw")
        win.flip()


def shot(name):
    """What the screen shows after one more frame."""
    from PIL import ImageGrab
    win.switch_to()
    win.on_draw()  # at once: a dispatched event would wait for the next frame
    win.flip()
    path = shots / name
    ImageGrab.grab(xdisplay=os.environ["DISPLAY"]).save(path)
    return str(path)


def tap(x, y):
    win.dispatch_event("on_mouse_press", x, y, mouse.LEFT, 0)
    win.dispatch_event("on_mouse_release", x, y, mouse.LEFT, 0)
    frames(1)  # the window queues dispatched events until its next frame


def centre(rect):
    return rect.x + rect.w / 2, rect.y + rect.h / 2


def texts():
    return [p.text for p in win.current_frame().hud if hasattr(p, "text")]


def visit():
    """One visitor's visit, on the visitor settings (demonstration on,
    a countdown, a touch takes over the scene as it is)."""
    frames(3)
    out["mode_at_start"] = win.director.mode
    frames(int(config.idle_seconds / 0.25) + 2, dt=0.25)
    out["mode_after_idle"] = win.director.mode
    out["countdown_texts"] = [t for t in texts() if "Still exploring" in t]
    frames(int(config.countdown_seconds / 0.25) + 2, dt=0.25)
    out["attract"] = win.director.attract
    out["prompt_shown"] = PROMPT in texts()
    session = win.session
    lr0 = float(session.sim.hyper_of(0)["lr"])
    narrations, fingers, optimizers, lrs = set(), 0, set(), []
    shot_taken = False
    for _ in range(int(26 / 0.25)):
        frames(1, dt=0.25)
        demo = win.demo
        if demo is None:
            break
        narrations.add(demo.narration)
        fingers += demo.finger is not None
        optimizers.add(win.session.sim.kind[0])
        lrs.append(float(win.session.sim.hyper_of(0)["lr"]))
        if demo.finger is not None and demo.finger.pressing and not shot_taken:
            out["shot_demo"] = shot("demo.png")
            shot_taken = True
    out["demo_narrations"] = sorted(n for n in narrations if n)
    out["demo_finger_frames"] = fingers
    out["demo_optimizers"] = sorted(optimizers)
    out["demo_lr_home"], out["demo_lr_max"] = lr0, max(lrs) if lrs else lr0
    out["same_session_through_demo"] = win.session is session
    loads = stage.loads
    kind_before = win.session.sim.kind[0]
    tap(win.width * 0.5, win.height * 0.5)
    out["mode_after_touch"] = win.director.mode
    out["new_session_on_touch"] = stage.loads != loads
    out["kind_kept_on_touch"] = win.session.sim.kind[0] == kind_before
    # Play: New start drops the ball somewhere new.
    frames(4, dt=0.25)
    steps_before = int(win.session.sim.steps[0])
    dx, dy = win._offset
    x, y = centre(win.session.hud.reset_button.rect)
    tap(x + dx, y + dy)
    out["steps_before_new_start"], out["steps_after_new_start"] = steps_before, int(win.session.sim.steps[0])
    out["shot_playing"] = shot("playing.png")
    # Walk away: the countdown, then attract mode again.
    frames(int(config.idle_seconds / 0.25) + 2, dt=0.25)
    out["countdown_after_walk_away"] = win.director.counting_down
    out["countdown_seconds_shown"] = [t for t in texts() if t.isdigit()]
    out["shot_countdown"] = shot("countdown.png")
    frames(int(config.countdown_seconds / 0.25) + 2, dt=0.25)
    out["attract_again"] = win.director.attract
    print(json.dumps(out))
    sys.exit(0)


if len(sys.argv) > 3 and sys.argv[3] == "visitor":
    visit()

frames(3)
out["fullscreen"] = bool(win.fullscreen)
out["size"] = list(win.get_framebuffer_size())
out["mouse_visible"] = bool(win._mouse_visible)
out["interface_scale"] = win.session.hud.user_scale
out["control_px"] = win.session.hud.play.rect.h
out["mode_at_start"] = win.director.mode
out["scene_at_start"] = stage.scene_name
out["fullscreen_button_hidden"] = not win.session.hud.fullscreen.visible
out["shot_interactive"] = shot("interactive.png")

# Esc, Alt+F4, the close button and Ctrl+Q do not end the kiosk.
for symbol, modifiers in ((key.ESCAPE, 0), (key.F4, key.MOD_ALT), (key.Q, key.MOD_CTRL), (key.F, 0)):
    win.dispatch_event("on_key_press", symbol, modifiers)
    win.dispatch_event("on_key_release", symbol, modifiers)
win.dispatch_event("on_close")
frames(2)
out["open_after_exit_keys"] = not win.has_exit and win.context is not None
out["fullscreen_after_exit_keys"] = bool(win.fullscreen)

# Idle: attract mode, its prompt, a slowly orbiting camera.
frames(int(config.idle_seconds / 0.1) + 2)
out["attract"] = win.director.attract
out["attract_scene"] = stage.scene_name
out["prompt_shown"] = PROMPT in texts()
out["controls_hidden_in_attract"] = win.session.hud.lr_slider.label not in texts()
yaw0 = win.session.rig.camera.yaw
frames(10)
out["orbit_degrees"] = (win.session.rig.camera.yaw - yaw0 + 180) % 360 - 180
out["shot_attract"] = shot("attract.png")
frames(int(config.attract_scene_seconds / 0.1) + 1)
out["attract_next_scene"] = stage.scene_name

# The first touch wakes it on the home scene, and does not press the
# control under the finger (Play/Pause here).
play = win.session.hud.play
x, y = centre(play.rect)
loads = stage.loads
tap(x, y)
out["mode_after_touch"] = win.director.mode
out["scene_after_touch"] = stage.scene_name
out["new_session_on_touch"] = stage.loads == loads + 1
out["playing_after_waking_touch"] = win.session.playing

# Awake, the same touch works the control (it drifts with the burn-in shift).
dx, dy = win._offset
x, y = centre(win.session.hud.play.rect)
tap(x + dx, y + dy)
out["playing_after_second_touch"] = win.session.playing

# A visitor's changes are dropped once they walk away.
frames(int(config.idle_seconds / 0.1) + 2)
out["attract_again"] = win.director.attract
tap(5, 5)
out["playing_after_walk_away"] = win.session.playing

# A diverged ball is put back after a moment.
win.session.sim.set_hyper("lr", 500.0, balls=0)
seen_diverged, steps_fell, prev = False, False, int(win.session.sim.steps[0])
for _ in range(40):
    win.director.pointer_move(T[0])  # the visitor is still there
    frames(1)
    status, steps = int(win.session.sim.status[0]), int(win.session.sim.steps[0])
    seen_diverged = seen_diverged or status == 3
    steps_fell = steps_fell or (seen_diverged and steps < prev)
    prev = steps
    if steps_fell:
        break
out["diverged_seen"], out["diverged_reset"] = seen_diverged, steps_fell
out["mode_after_diverged"] = win.director.mode

# The burn-in shift moves the interface now and then.
offsets = set()
for _ in range(4):
    T[0] += config.burn_in_shift_seconds
    win.director.pointer_move(T[0])  # the visitor is still there
    frames(1)
    offsets.add(tuple(win._offset))
out["burn_in_offsets"] = sorted(offsets)

# Outside opening hours the screen dims.
LOCAL[0] = datetime(2026, 3, 4, 22, 0)
frames(1)
out["shot_dimmed"] = shot("dimmed.png")
LOCAL[0] = datetime(2026, 3, 4, 11, 0)
out["shot_bright"] = shot("bright.png")

# An unexpected error restarts the scene instead of ending the program.
loads = stage.loads
session = win.session


def broken(*args, **kwargs):
    raise RuntimeError("a fault for the test")


session.frame = broken
frames(3)
out["alive_after_error"] = not win.has_exit and win.context is not None
out["scene_restarted"] = stage.loads > loads and win.session is not session
out["log_file"] = str(log_file)

# The exit chord: let go too early and nothing happens; hold it and it quits.
def press_chord():
    win.dispatch_event("on_key_press", key.LCTRL, 0)
    win.dispatch_event("on_key_press", key.LSHIFT, key.MOD_CTRL)
    win.dispatch_event("on_key_press", key.Q, key.MOD_CTRL | key.MOD_SHIFT)


press_chord()
frames(15)
out["chord_hint_shown"] = any("Keep holding" in t for t in texts())
out["shot_chord"] = shot("chord.png")
win.dispatch_event("on_key_release", key.Q, key.MOD_CTRL | key.MOD_SHIFT)
frames(20)
out["open_after_short_chord"] = not win.has_exit
press_chord()
frames(int(config.exit_hold_seconds / 0.1) + 5)
out["closed_by_chord"] = bool(win.has_exit) and win.context is None
out["exit_status"] = win.exit_status
print(json.dumps(out))
