"""Drawing helpers for the teaching panels, in the HUD's look (L1: no GL).

``PanelPainter`` is the HUD's own painter (engine/ui/dock/draw.py) set up
without a HUD, so cards, sliders and buttons come out exactly like the
control panel's, plus the few pieces the HUD has no use for: a labelled
menu button, an on/off switch, a row highlight and a colour swatch.
"""

from __future__ import annotations

from types import SimpleNamespace

from engine.ui.widgets import textmetrics as tm
from engine.ui.widgets.drawlist import Circle, RoundRect
from engine.ui.dock.draw import Painter, Theme, with_alpha
from engine.ui.widgets.controls import Rect

#: Room for the title line at the top of a card, in design pixels.
TITLE_H = 34.0
TITLE_FONT = 16.0
SMALL_FONT = 13.0


class PanelPainter(Painter):
    def __init__(self, theme: Theme, m):
        self.hud = SimpleNamespace(popup_open=False)
        self.t, self.m = theme, m
        self.panels, self.shapes, self.details, self.tops = [], [], [], []
        self.icons, self.texts = [], []

    def font(self, design: float) -> float:
        return max(design * self.m.s, 11.0)

    def title(self, card: Rect, text: str, note: str = "", note_colour=None) -> float:
        """The card's title line (and a dim note at its right, after a dot
        of ``note_colour`` if given); returns the y of the line's bottom."""
        m, t = self.m, self.t
        h = TITLE_H * m.s
        cy = card.top - m.pad * 0.5 - h / 2
        size, small = self.font(TITLE_FONT), self.font(SMALL_FONT)
        room = card.w - 2 * m.pad
        shown = tm.fit(text, size, room, True)
        self.text(shown, card.x + m.pad, cy, size, t.text, True)
        if note:
            left = room - tm.measure(shown, size, True) - 12 * m.s
            dot = 0.0 if note_colour is None else 14 * m.s
            note = tm.fit(note, small, left - dot)
            if note:
                self.text(note, card.right - m.pad, cy, small, t.text_dim, align="right")
                if dot:
                    x = card.right - m.pad - tm.measure(note, small) - dot / 2 - 2 * m.s
                    self.details.append(Circle(x, cy, 5 * m.s, (*note_colour[:3], 1.0)))
        return card.top - m.pad * 0.5 - h

    def floating_panel(self, rect: Rect) -> None:
        """A menu's card: nearly opaque (it covers other cards) and with a
        shadow, like the HUD's "More" list."""
        m, t = self.m, self.t
        self.panels.append(RoundRect(rect, with_alpha(t.panel, 0.96), m.control_radius + m.popup_pad,
                                     shadow=t.shadow[3], shadow_blur=9 * m.s, shadow_drop=3 * m.s,
                                     edge=t.panel_edge[3]))

    def menu_button(self, button, is_open: bool) -> None:
        """A floating button with a label and a chevron, accent while its
        menu is open."""
        m, t, r = self.m, self.t, button.rect
        if is_open:
            self.panels.append(RoundRect(r, t.accent, m.control_radius))
            ink = t.on_accent
        else:
            self.panel(r, m.control_radius)
            ink = t.text
            if button.armed:
                self.details.append(RoundRect(r, t.control_pressed, m.control_radius))
        size = m.button_font
        chev = 12 * m.s
        label = tm.fit(button.label, size, r.w - chev - 26 * m.s, True)
        width = tm.measure(label, size, True)
        x0 = r.cx - (width + 6 * m.s + chev) / 2
        self.text(label, x0, r.cy, size, ink, True)
        self.icon("chevron_up" if is_open else "chevron_down", x0 + width + 6 * m.s + chev / 2,
                  r.cy, chev, ink)

    def switch(self, cx: float, cy: float, on: bool, armed: bool = False) -> None:
        """An on/off switch centred on (cx, cy)."""
        m, t = self.m, self.t
        w, h = 40 * m.s, 22 * m.s
        track = Rect(cx - w / 2, cy - h / 2, w, h)
        fill = t.accent if on else (t.track if not armed else t.control_pressed)
        self.shapes.append(RoundRect(track, fill, h / 2))
        knob = h / 2 - 3 * m.s
        x = track.right - h / 2 if on else track.x + h / 2
        self.tops.append(Circle(x, cy, knob, t.thumb if on else with_alpha(t.thumb, 0.9)))

    def row_highlight(self, rect: Rect, selected: bool, pressed: bool) -> None:
        m, t = self.m, self.t
        if selected:
            self.shapes.append(RoundRect(rect, (1.0, 1.0, 1.0, 0.10), m.control_radius * 0.7))
            bar = Rect(rect.x + 3 * m.s, rect.y + rect.h * 0.22, 4 * m.s, rect.h * 0.56)
            self.details.append(RoundRect(bar, t.accent, bar.w / 2))
        elif pressed:
            self.shapes.append(RoundRect(rect, t.control_pressed, m.control_radius * 0.7))

    def swatch(self, cx: float, cy: float, colour, radius: float) -> None:
        rgba = (*colour[:3], 1.0)
        self.details.append(Circle(cx, cy, radius + 1.5 * self.m.s, (1.0, 1.0, 1.0, 0.85)))
        self.tops.append(Circle(cx, cy, radius, rgba))
