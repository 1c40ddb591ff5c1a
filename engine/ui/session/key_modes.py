"""The keyboard's modes (L1): the focus ring, the "?" card that lists every
key, and the cursor that places a ball with the arrow keys. Pure state; each
method takes the values it reads (the controls, the camera, the landscape)."""

from __future__ import annotations

import math

from engine.ui.session.focus import Focus, FocusTarget, focus_ring, placement_cursor, placement_moved
from engine.ui.menus.key_help import key_help_card


class KeyModes:
    def __init__(self) -> None:
        self.focus = Focus()
        self.show_keys = False
        #: The placement cursor: a landscape point, or None.
        self.placing: tuple[float, float] | None = None

    # -- the focus ring -----------------------------------------------------------
    def press_focused(self, hud, panels) -> list:
        """Enter or Space on the control in the ring: the actions its tap
        asks for (the window carries them out, with its own)."""
        return self.focus.press(hud, panels)

    def adjust_focused(self, hud, panels, steps: int, coarse: bool = False) -> list:
        return self.focus.adjust(hud, panels, steps, coarse)

    def focused_slider(self, hud, panels) -> bool:
        target: FocusTarget | None = self.focus.current(hud, panels)
        return target is not None and target.slider is not None

    # -- placing a ball -------------------------------------------------------------
    def start_placing(self, sim, ball: int) -> None:
        """The cursor at ball ``ball`` (at its start if it flew off)."""
        x, y = (float(v) for v in sim.pos[:, ball])
        lo, hi = sim.surface.domain
        if not (math.isfinite(x) and math.isfinite(y)):
            x, y = (float(v) for v in sim.start[:, ball])
        self.placing = (min(max(x, lo), hi), min(max(y, lo), hi))

    def move_placing(self, camera, mapping, sim, ball: int, dx: int, dy: int, coarse: bool = False) -> None:
        if self.placing is None:
            self.start_placing(sim, ball)
        assert self.placing is not None
        self.placing = placement_moved(camera, mapping, sim.surface, self.placing, dx, dy, coarse)

    def take_placing(self) -> tuple[float, float] | None:
        """Where the ball is to be dropped (the cursor goes), or None."""
        point, self.placing = self.placing, None
        return point

    def cancel(self) -> None:
        """Esc: the key card and the cursor close, the ring clears."""
        self.show_keys = False
        self.placing = None
        self.focus.clear()

    # -- what they draw ---------------------------------------------------------------
    def primitives(self, hud, panels, camera, mapping, width: int, height: int,
                   capture_allowed: bool) -> tuple[list, list]:
        """(over the picture, over everything): the placement cursor; the
        "?" card or the focus ring."""
        below: list = []
        above: list = []
        if self.placing is not None:
            below += placement_cursor(camera, mapping, self.placing, width, height, hud.scale)
        if self.show_keys:
            above += key_help_card(width, height, hud.scale, hud.theme, capture_allowed)
        elif self.focus.key is not None:
            above += focus_ring(self.focus.current(hud, panels), hud.scale)
        return below, above
