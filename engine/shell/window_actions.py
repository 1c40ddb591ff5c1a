"""The window's share of the one action registry (L3): what only a window
can do (fullscreen, screenshots, clips, saving the scene, closing), the
keyboard's taps on the control under the focus ring, and every action the
session owns, passed to the session on screen now.

A *host* is the window, or anything that stands in for it (the soak's random
visitor): it has ``session``, ``fullscreen``, ``go_fullscreen(on)``,
``take_screenshot()``, ``toggle_recording()``, ``save_scene()``,
``close_window()`` and ``apply(action)``.
"""

from __future__ import annotations

from typing import Any

from engine.ui.actions import (AdjustFocused, CloseWindow, LeaveFullscreen, PressFocused, SaveScene,
                               TakeScreenshot, ToggleFullscreen, ToggleRecording)
from engine.ui.registry import ActionRegistry, Handler
from engine.ui.session import SESSION_HANDLERS


def _press_focused(host: Any) -> None:
    # A key press on a control is the tap a finger makes; what the tap asks
    # for (a screenshot, fullscreen, ...) is carried out as usual.
    s = host.session
    for action in s.keys.press_focused(s.hud, s.panels):
        host.apply(action)


def _adjust_focused(host: Any, action: AdjustFocused) -> None:
    s = host.session
    for done in s.keys.adjust_focused(s.hud, s.panels, action.steps, action.coarse):
        host.apply(done)


def window_handlers(host: Any) -> dict[type, Handler]:
    return {
        ToggleFullscreen: lambda a: host.go_fullscreen(not host.fullscreen),
        LeaveFullscreen: lambda a: host.go_fullscreen(False) if host.fullscreen else None,
        TakeScreenshot: lambda a: host.take_screenshot(),
        ToggleRecording: lambda a: host.toggle_recording(),
        SaveScene: lambda a: host.save_scene(),
        CloseWindow: lambda a: host.close_window(),
        PressFocused: lambda a: _press_focused(host),
        AdjustFocused: lambda a: _adjust_focused(host, a),
    }


def window_registry(host: Any, refused: tuple[type, ...] = (), refused_by: str = "kiosk") -> ActionRegistry:
    """The registry a window carries out every action through; ``refused``:
    actions that mean nothing there (``refused_by`` shows no control for them)."""
    registry = ActionRegistry()
    registry.refuse(refused_by, refused)
    registry.register("window", {kind: handler for kind, handler in window_handlers(host).items()
                                 if kind not in refused})
    registry.register("session", {kind: (lambda action: host.session.apply(action)) for kind in SESSION_HANDLERS})
    return registry
