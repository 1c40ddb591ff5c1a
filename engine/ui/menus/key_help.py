"""The "?" card (L1): every key, in the language on screen.

It floats over the middle of the picture with the keys in one column and
what they do in the other; in a small window its text is set smaller, and a
line that still does not fit ends in an ellipsis rather than overflowing.
"""

from __future__ import annotations

from engine.support.i18n import N_, _
from engine.ui.widgets import textmetrics as tm
from engine.ui.widgets.drawlist import RoundRect, Text
from engine.ui.widgets.controls import Rect

#: (keys, what they do); rows marked "capture" are left out where nothing
#: may be saved (the kiosk).
KEY_ROWS = (
    (N_("Tab / Shift+Tab"), N_("move the ring to the next or previous control"), ""),
    (N_("Enter or Space"), N_("press the control in the ring"), ""),
    ("← → ↑ ↓", N_("move the slider in the ring (Shift: ten times further), or turn the camera"), ""),
    ("+  −", N_("zoom in and out"), ""),
    ("H", N_("back to the starting view"), ""),
    (N_("Space"), N_("play or pause"), ""),
    ("S", N_("take one step"), ""),
    ("R", N_("New start: drop the ball somewhere new"), ""),
    ("D", N_("place the ball: arrows move the cursor, Enter drops it"), ""),
    ("L", N_("type the learning rate; Enter sets it"), ""),
    ("1 … 6", N_("choose the optimizer"), ""),
    ("F", N_("fullscreen (Esc leaves it)"), ""),
    ("P", N_("save a screenshot"), "capture"),
    ("V", N_("record a clip; V again stops it"), "capture"),
    ("?", N_("show or hide this list"), ""),
)
TITLE_FONT = 22.0
FONT = 17.0
ROW = 30.0


def key_rows(capture_allowed: bool = True) -> list[tuple[str, str]]:
    return [(_(keys), _(what)) for keys, what, needs in KEY_ROWS if capture_allowed or needs != "capture"]


def key_help_card(width: float, height: float, scale: float, theme,
                  capture_allowed: bool = True) -> list:
    rows = key_rows(capture_allowed)
    s = scale
    for shrink in (1.0, 0.9, 0.8, 0.7, 0.6):  # smaller type before anything is cut
        k = s * shrink
        pad, row_h = 24 * k, ROW * k
        box_h = pad * 2 + TITLE_FONT * k * 1.6 + row_h * len(rows)
        if box_h <= height - 16:
            break
    font, title_font = FONT * k, TITLE_FONT * k
    key_w = max(tm.measure(keys, font, True) for keys, _what in rows) + 20 * k
    want_w = key_w + max(tm.measure(what, font) for _keys, what in rows) + 2 * pad + 4 * k
    box_w = min(want_w, width - 16)
    box_h = min(box_h, height - 8)
    card = Rect((width - box_w) / 2, (height - box_h) / 2, box_w, box_h)
    out = [RoundRect(card, (theme.panel[0], theme.panel[1], theme.panel[2], 0.99), 16 * k,
                     shadow=0.5, shadow_blur=20 * k, edge=0.12)]
    y = card.top - pad - title_font * 0.8
    out.append(Text(tm.fit(_("Keys"), title_font, box_w - 2 * pad, True), round(card.x + pad), round(y),
                    tm.pixel_size(title_font), theme.accent, True))
    y -= title_font * 0.8 + row_h * 0.9
    room = box_w - 2 * pad - key_w
    for keys, what in rows:
        out.append(Text(tm.fit(keys, font, key_w - 10 * k, True), round(card.x + pad), round(y),
                        tm.pixel_size(font), theme.text, True))
        out.append(Text(tm.fit(what, font, room), round(card.x + pad + key_w), round(y),
                        tm.pixel_size(font), theme.text_dim))
        y -= row_h
    return out
