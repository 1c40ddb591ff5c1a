"""What the kiosk adds to the picture (L1), as draw-list primitives
(engine/ui/drawlist.py): the attract prompt, the exit-chord hint, the burn-in
shift of the interface and the dimming outside opening hours.

``kiosk_frame`` turns the session's ``Frame`` into the kiosk's: the 3-D view
unchanged and the HUD's draw list with these additions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from engine.ui import textmetrics as tm
from engine.ui.drawlist import Circle, RoundRect, Text
from engine.ui.hud_draw import Theme
from engine.ui.view import Frame
from engine.ui.widgets import Rect
from engine.support.i18n import _, N_, ngettext

PROMPT = N_("Touch to play")
THEME = Theme()


@dataclass(frozen=True)
class OverlayState:
    attract: bool = False
    title: str = ""
    offset: tuple[float, float] = (0.0, 0.0)  # burn-in shift, pixels
    brightness: float = 1.0  # 1 = full; less dims the whole screen
    chord_progress: float = 0.0  # 0..1 while the operator holds the exit chord
    chord_seconds_left: float = 0.0
    now: float = 0.0  # seconds, for the prompt's gentle pulse


def shifted(primitive, dx: float, dy: float):
    if not dx and not dy:
        return primitive
    if isinstance(primitive, Circle):
        return replace(primitive, cx=primitive.cx + dx, cy=primitive.cy + dy)
    if isinstance(primitive, Text):
        return replace(primitive, x=primitive.x + dx, y=primitive.y + dy)
    r = primitive.rect
    return replace(primitive, rect=Rect(r.x + dx, r.y + dy, r.w, r.h))


def _inside(primitive, box: Rect, slack: float = 1.0) -> bool:
    if isinstance(primitive, Text):
        return box.contains(primitive.x, primitive.y)
    r = primitive.rect
    return (r.x >= box.x - slack and r.y >= box.y - slack
            and r.right <= box.right + slack and r.top <= box.top + slack)


def kiosk_draw_list(hud, state: OverlayState) -> list:
    """The HUD's primitives as a kiosk shows them, plus the kiosk's own.

    Attract mode shows the prompt instead of the controls; both drift with
    the burn-in offset. The exit-chord hint and the dimming veil come last.
    """
    width, height = hud.width, hud.height
    dx, dy = state.offset
    if state.attract:
        base = attract_prompt(width, height, hud.scale, state.title, state.now)
    else:
        hidden = hud.fullscreen.rect if not hud.fullscreen.visible else None
        base = [p for p in hud.draw_list() if hidden is None or not _inside(p, hidden)]
    out = [shifted(p, dx, dy) for p in base]
    if state.chord_progress > 0:
        out += chord_hint(width, height, hud.scale, state.chord_progress, state.chord_seconds_left)
    if state.brightness < 1.0:
        veil = min(max(1.0 - state.brightness, 0.0), 1.0)
        out.append(RoundRect(Rect(0, 0, width, height), (0.0, 0.0, 0.0, veil)))
    return out


def attract_prompt(width: float, height: float, scale: float, title: str, now: float) -> list:
    """A large "Touch to play" card low in the middle of the screen: a
    pulsing touch mark beside the words invites a finger, and the scene's
    title says what is playing."""
    s = max(scale, 0.6)
    big, small = 46 * s, 20 * s
    block = max(tm.measure(_(PROMPT), big, True), tm.measure(title, small) if title else 0.0)
    pad, mark = 40 * s, 64 * s
    w = pad + mark + 24 * s + block + pad
    with_mark = w <= width * 0.92
    if not with_mark:
        w = min(pad + block + pad, width * 0.96)
    h = big + (small * 1.9 if title else 0.0) + 64 * s
    card = Rect((width - w) / 2, max(height * 0.12, 16 * s), w, h)
    pulse = 0.5 + 0.5 * math.sin(now * 2 * math.pi / 2.4)
    out = [RoundRect(card.inset(-10 * s), (1.0, 0.70, 0.30, 0.16 + 0.22 * pulse), 34 * s, blur=18 * s),
           RoundRect(card, (0.07, 0.075, 0.09, 0.90), 26 * s, edge=0.10)]
    text_left = card.x + pad + (mark + 24 * s if with_mark else 0.0)
    text_cx = (text_left + card.right - pad) / 2
    prompt_base = card.top - 30 * s - tm.cap_height(big) if title else tm.baseline_for_centre(card.cy, big)
    if with_mark:
        cx, cy = card.x + pad + mark / 2, card.cy
        out.append(Circle(cx, cy, mark / 2 - 4 * s + 4 * s * pulse, (1.0, 0.70, 0.30, 0.25 + 0.5 * (1 - pulse)),
                          stroke=3 * s))
        out.append(Circle(cx, cy, 13 * s, THEME.accent))
    room = card.right - pad - text_left + 1.0  # the block fits exactly; allow for rounding
    out.append(Text(tm.fit(_(PROMPT), big, room, True), round(text_cx), round(prompt_base),
                    tm.pixel_size(big), THEME.text, True, "center"))
    if title:
        out.append(Text(tm.fit(title, small, room), round(text_cx), round(card.y + 24 * s),
                        tm.pixel_size(small), THEME.text_dim, False, "center"))
    return out


def chord_hint(width: float, height: float, scale: float, progress: float, seconds_left: float) -> list:
    """Tells the operator holding the exit chord that it is working."""
    s = max(scale, 0.6)
    size = 18 * s
    left = round(max(seconds_left, 0.0))
    label = ngettext("Keep holding to leave the kiosk: {n} second",
                     "Keep holding to leave the kiosk: {n} seconds", left).format(n=left)
    w = tm.measure(label, size, True) + 40 * s
    h = 56 * s
    card = Rect((width - w) / 2, height - h - 20 * s, w, h)
    bar = Rect(card.x + 20 * s, card.y + 10 * s, (w - 40 * s) * min(max(progress, 0.0), 1.0), 5 * s)
    return [RoundRect(card, (0.07, 0.075, 0.09, 0.92), 14 * s, edge=0.10),
            RoundRect(bar, THEME.accent, 2.5 * s),
            Text(label, round(card.cx), round(card.y + 24 * s), tm.pixel_size(size), THEME.text, True, "center")]


def kiosk_frame(frame: Frame, hud, camera, state: OverlayState) -> Frame:
    """The session's frame as the kiosk shows it: the HUD's list replaced by
    ``kiosk_draw_list`` (drifted, with the prompt, chord hint and dimming).
    Attract mode shows the landscape and the prompt alone, framed for the
    whole screen (``camera``, with no lens shift for a caption)."""
    if state.attract:
        return Frame(view=replace(frame.view, camera=camera), scale=frame.scale,
                     hud=tuple(kiosk_draw_list(hud, state)))
    return replace(frame, hud=tuple(kiosk_draw_list(hud, state)))
