"""What each key asks for, as the focus ring, the placement cursor and the
"?" card change it (the KeysLayer with a real Session, no window)."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pyglet

if not os.environ.get("DISPLAY"):
    pyglet.options["headless"] = True  # only key codes are needed: no window opens

from pyglet.window import key  # noqa: E402

from engine.model.scene import load_scene, make_simulation
from engine.shell.input import KeysLayer
from engine.ui.actions import (
    AdjustFocused,
    CancelKeyModes,
    DropAtPlacing,
    HomeView,
    LeaveFullscreen,
    MoveFocus,
    MovePlacing,
    PressFocused,
    StartPlacing,
    ToggleKeyHelp,
    TogglePlay,
    TurnCamera,
)
from engine.ui.session import Session


def layer():
    scene = load_scene("default")
    session = Session(scene, make_simulation(scene), 1280, 720)
    session.frame()
    return KeysLayer(SimpleNamespace(session=session)), session


def test_without_focus_keys_keep_their_meaning():
    keys, _session = layer()
    assert keys.action_for(key.SPACE, 0) == TogglePlay()
    assert keys.action_for(key.LEFT, 0) == TurnCamera(-1, 0)
    assert keys.action_for(key.ESCAPE, 0) == LeaveFullscreen()
    assert keys.action_for(key.H, 0) == HomeView()
    assert keys.action_for(key.SLASH, key.MOD_SHIFT) == ToggleKeyHelp()
    assert keys.action_for(key.TAB, 0) == MoveFocus(1)
    assert keys.action_for(key.TAB, key.MOD_SHIFT) == MoveFocus(-1)


def test_with_the_ring_on_a_slider_arrows_move_it_and_enter_presses():
    keys, session = layer()
    session.apply(MoveFocus(1))                       # Play
    assert keys.action_for(key.SPACE, 0) == PressFocused()
    assert keys.action_for(key.ENTER, 0) == PressFocused()
    assert keys.action_for(key.LEFT, 0) == TurnCamera(-1, 0)  # not a slider: the camera
    while session.keys.focus.key != "hud:lr":
        session.apply(MoveFocus(1))
    assert keys.action_for(key.RIGHT, 0) == AdjustFocused(1, False)
    assert keys.action_for(key.DOWN, key.MOD_SHIFT) == AdjustFocused(-1, True)
    assert keys.action_for(key.ESCAPE, 0) == CancelKeyModes()


def test_placing_the_ball_by_keys():
    keys, session = layer()
    assert keys.action_for(key.D, 0) == StartPlacing()
    session.apply(StartPlacing())
    assert keys.action_for(key.UP, key.MOD_SHIFT) == MovePlacing(0, 1, True)
    assert keys.action_for(key.ENTER, 0) == DropAtPlacing()
    assert keys.action_for(key.ESCAPE, 0) == CancelKeyModes()


def test_the_window_carries_out_what_a_key_press_on_a_control_asks_for():
    from engine.shell.window_actions import window_registry
    from engine.ui.actions import ToggleFullscreen
    keys, session = layer()
    done = []

    class Host:  # the window's part, noted instead of done
        def __init__(self):
            self.session, self.fullscreen = session, False
            self.actions = window_registry(self)

        def go_fullscreen(self, on):
            done.append(ToggleFullscreen())

        def apply(self, action):
            self.actions.carry_out(action)

    window = Host()
    apply = window.apply
    while session.keys.focus.key != "hud:fullscreen":
        session.apply(MoveFocus(1))
    apply(keys.action_for(key.ENTER, 0))
    assert done == [ToggleFullscreen()]
    while session.keys.focus.key != "hud:speed":
        session.apply(MoveFocus(1))
    before = session.clock.steps_per_second
    apply(keys.action_for(key.RIGHT, key.MOD_SHIFT))
    assert session.clock.steps_per_second > before
