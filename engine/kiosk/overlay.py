"""What the kiosk adds to the picture (L1), as draw-list primitives
(engine/ui/widgets/drawlist.py): the attract prompt, the demonstration's ghost finger
and narration, the "Still exploring?" countdown, the exit-chord hint, the
burn-in shift of the interface and the dimming outside opening hours.

Every card the kiosk adds is also handed to the session's framing
(``kiosk_cards``), so the landscape is drawn where none of them covers it.

``kiosk_frame`` turns the session's ``Frame`` into the kiosk's (``Frame ->
Frame``): the 3-D view framed again with the kiosk's cards and the HUD's
draw list with these additions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from engine.ui.widgets import textmetrics as tm
from engine.ui.widgets.drawlist import Circle, RoundRect, Text, shifted
from engine.ui.dock.draw import Theme
from engine.ui.frame.view import Frame
from engine.ui.widgets.controls import Rect
from engine.support.i18n import _, ngettext

from engine.ui import visitor_words as words

PROMPT = words.PROMPT
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
    demo: bool = False  # attract mode shows the controls a ghost finger works
    narration: str = ""  # one line: what the demonstration just did
    finger: object = None  # engine.kiosk.demo.Finger, or None
    countdown: float = 0.0  # seconds left of "Still exploring?"; 0: not shown
    countdown_total: float = 10.0  # the configured countdown, for its bar


def _inside(primitive, box: Rect, slack: float = 1.0) -> bool:
    if isinstance(primitive, Text):
        return box.contains(primitive.x, primitive.y)
    r = primitive.rect
    return (r.x >= box.x - slack and r.y >= box.y - slack
            and r.right <= box.right + slack and r.top <= box.top + slack)


def kiosk_draw_list(hud, state: OverlayState) -> list:
    """The HUD's primitives as a kiosk shows them, plus the kiosk's own.

    Attract mode shows the prompt (with the controls, while a demonstration
    works them); all drift with the burn-in offset. The exit-chord hint and
    the dimming veil come last.
    """
    width, height = hud.width, hud.height
    dx, dy = state.offset
    hidden = hud.fullscreen.rect if not hud.fullscreen.visible else None
    controls = [p for p in hud.draw_list() if hidden is None or not _inside(p, hidden)]
    if state.attract:
        base = controls if state.demo else []
        base += attract_prompt(hud, state.title, state.now, with_controls=state.demo)
        if state.narration:
            base += narration_card(hud, state.narration)
        if state.finger is not None:
            base += ghost_finger(state.finger, hud.scale, state.now)
    else:
        base = controls
        if state.countdown > 0:
            base += countdown_card(hud, state.countdown, state.countdown_total)
    out = [shifted(p, dx, dy) for p in base]
    if state.chord_progress > 0:
        out += chord_hint(width, height, hud.scale, state.chord_progress, state.chord_seconds_left)
    if state.brightness < 1.0:
        veil = min(max(1.0 - state.brightness, 0.0), 1.0)
        out.append(RoundRect(Rect(0, 0, width, height), (0.0, 0.0, 0.0, veil)))
    return out


def _top_card(hud, w: float, h: float, with_controls: bool) -> Rect:
    """A card at the top centre, or beside or under the info panel when it
    would cover it; with no controls shown the whole top is free."""
    s = max(hud.scale, 0.6)
    margin = 20 * s
    width, height = hud.width, hud.height
    w = min(w, width - 2 * margin)
    top = Rect((width - w) / 2, height - margin - h, w, h)
    if not with_controls:
        return top
    taken = [r for r in (hud.layout.info,) if r is not None]
    for card in (top, Rect(width - margin - w, height - margin - h, w, h)):
        if not any(card.overlaps(r) for r in taken):
            return card
    below = min(r.y for r in taken) - margin - h
    return Rect((width - w) / 2, max(below, 0.0), w, h)


def _prompt_size(hud, title: str) -> tuple[float, float, float, float, bool]:
    s = max(hud.scale, 0.6)
    big, small = 46 * s, 20 * s
    block = max(tm.measure(_(PROMPT), big, True), tm.measure(title, small) if title else 0.0)
    pad, mark = 40 * s, 64 * s
    w = pad + mark + 24 * s + block + pad
    with_mark = w <= hud.width * 0.92
    if not with_mark:
        w = min(pad + block + pad, hud.width * 0.96)
    h = big + (small * 1.9 if title else 0.0) + 64 * s
    return w, h, big, small, with_mark


def prompt_rect(hud, title: str, with_controls: bool = False) -> Rect:
    w, h, *_ = _prompt_size(hud, title)
    return _top_card(hud, w, h, with_controls)


def attract_prompt(hud, title: str, now: float, with_controls: bool = False) -> list:
    """A large "Touch to play" card at the top of the screen, where the
    landscape is framed clear of it: a pulsing touch mark beside the words
    invites a finger, and the scene's title says what is playing."""
    s = max(hud.scale, 0.6)
    w, h, big, small, with_mark = _prompt_size(hud, title)
    card = _top_card(hud, w, h, with_controls)
    pad, mark = 40 * s, 64 * s
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


def narration_rect(hud, text: str) -> Rect:
    """One line just above the control dock (``text`` a catalog message)."""
    text = _(text)
    s = max(hud.scale, 0.6)
    size = 22 * s
    w = min(tm.measure(text, size, True) + 56 * s, hud.width - 40 * s)
    h = 58 * s
    dock = hud.layout.dock
    y = (dock.top if dock is not None else 0.0) + 14 * s
    return Rect((hud.width - w) / 2, y, w, h)


def narration_card(hud, text: str) -> list:
    s = max(hud.scale, 0.6)
    size = 22 * s
    card = narration_rect(hud, text)
    text = _(text)
    return [RoundRect(card, (0.07, 0.075, 0.09, 0.92), card.h / 2, edge=0.10),
            Text(tm.fit(text, size, card.w - 40 * s, True), round(card.cx),
                 round(tm.baseline_for_centre(card.cy, size)), tm.pixel_size(size), THEME.text, True,
                 "center")]


def ghost_finger(finger, scale: float, now: float) -> list:
    """A translucent fingertip; a ring spreads from it while it presses."""
    s = max(scale, 0.6)
    out = [Circle(finger.x, finger.y, 24 * s, (1.0, 1.0, 1.0, 0.38)),
           Circle(finger.x, finger.y, 24 * s, (1.0, 1.0, 1.0, 0.85), stroke=2.5 * s)]
    if finger.pressing:
        out.append(Circle(finger.x, finger.y, 36 * s, (1.0, 0.70, 0.30, 0.8), stroke=4 * s))
    return out


def countdown_rect(hud) -> Rect:
    """Just above the control dock, centred: the caption and panels stay
    where they are, and the landscape is framed above it."""
    s = max(hud.scale, 0.6)
    size = 30 * s
    w = min(tm.measure(_(words.STILL_THERE), size, True) + 80 * s, hud.width - 40 * s)
    h = 124 * s
    dock = hud.layout.dock
    y = (dock.top if dock is not None else 0.0) + 14 * s
    return Rect((hud.width - w) / 2, y, w, h)


def countdown_card(hud, seconds_left: float, total: float = 10.0) -> list:
    """"Still exploring? Touch to keep going", the seconds left, and a bar
    that runs out with them."""
    s = max(hud.scale, 0.6)
    size, small = 30 * s, 24 * s
    card = countdown_rect(hud)
    left = max(0.0, seconds_left)
    bar = Rect(card.x + 30 * s, card.y + 16 * s,
               (card.w - 60 * s) * min(left / max(total, 1e-6), 1.0), 6 * s)
    return [RoundRect(card, (0.07, 0.075, 0.09, 0.94), 24 * s, edge=0.12),
            Text(tm.fit(_(words.STILL_THERE), size, card.w - 40 * s, True), round(card.cx),
                 round(card.top - 22 * s - tm.cap_height(size)), tm.pixel_size(size), THEME.text, True,
                 "center"),
            Text(f"{math.ceil(left):.0f}", round(card.cx), round(card.y + 34 * s),
                 tm.pixel_size(small), THEME.accent, True, "center"),
            RoundRect(bar, THEME.accent, 3 * s)]


def kiosk_cards(hud, state: OverlayState) -> list[Rect]:
    """The cards the kiosk adds, for the framing to keep the landscape clear of."""
    if state.attract:
        cards = [prompt_rect(hud, state.title, state.demo)]
        if state.narration:
            cards.append(narration_rect(hud, state.narration))
        return cards
    return [countdown_rect(hud)] if state.countdown > 0 else []


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


def kiosk_frame(frame: Frame, hud, state: OverlayState) -> Frame:
    """The session's frame as the kiosk shows it: the HUD's list (``hud``
    draws it) replaced by ``kiosk_draw_list`` and the landscape framed
    again, clear of every card. Attract mode shows the landscape, the
    prompt and (during a demonstration) the controls; no teaching panels."""
    extra = kiosk_cards(hud, state)
    framing = frame.framing
    width, height = frame.width, frame.height
    if state.attract:
        cards = extra + ([r for r in (hud.layout.dock, hud.layout.info) if r is not None] if state.demo else [])
        view = frame.view if framing is None else replace(
            frame.view, camera=framing.camera_clear_of(width, height, cards))
        return Frame(view=view, scale=frame.scale, hud=tuple(kiosk_draw_list(hud, state)), framing=framing)
    if not extra or framing is None:
        return replace(frame, hud=tuple(kiosk_draw_list(hud, state)))
    # The countdown takes the caption's place for its few seconds, so the
    # landscape keeps its room.
    caption = frame.caption
    panels, cards = frame.panels, list(framing.cards)
    if caption is not None:
        panels = tuple(p for p in panels if not _inside(p, caption))
        cards = [c for c in cards if c != caption]
    view = replace(frame.view, camera=framing.camera_clear_of(width, height, cards + extra))
    return replace(frame, view=view, panels=panels, hud=tuple(kiosk_draw_list(hud, state)))
