"""Where the teaching panels go for a window of any size (L1: no GL).

The HUD keeps its places (the dock at the bottom, the info panel top-left,
the fullscreen button top-right); the teaching panels take what is left:

* the "Scenes" and "View" buttons sit in a row left of the fullscreen
  button, or under it when the info panel leaves no room beside it;
* two columns hang from the top corners, the left one under the info panel
  and the right one under the buttons; each panel goes to its own column, or
  to the other one when its own is full, shrunk if it must and can;
* the caption takes the band between the columns at the top (or sits above
  the dock when the top is taken).

Panels are placed in order of importance, so when the window is too small
the least important ones are the ones left out (``hidden`` names them).
Nothing placed ever overlaps the HUD, another panel or the window's edge.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from engine.ui.panels.captions import CaptionLayout, CaptionStyle, layout_caption
from engine.ui.dock.layout import Metrics
from engine.ui.widgets.controls import Rect

#: Each column may take at most this share of the window width, so the
#: landscape stays in view.
COLUMN_SHARE = 0.46
#: Sizes tried between a panel's natural and least size.
SHRINK_STEPS = (0.0, 0.25, 0.5, 0.75, 1.0)


@dataclass(frozen=True)
class PanelRequest:
    """A panel to place: its natural and least (width, height) in pixels,
    and the column it prefers ("left" or "right")."""

    name: str
    natural: tuple[float, float]
    least: tuple[float, float]
    column: str = "left"


@dataclass
class TeachingLayout:
    width: int
    height: int
    m: Metrics
    toolbar: dict[str, Rect] = field(default_factory=dict)
    panels: dict[str, Rect] = field(default_factory=dict)
    caption: CaptionLayout | None = None
    hidden: list[str] = field(default_factory=list)

    def get(self, name: str) -> Rect | None:
        return self.panels.get(name)

    @property
    def minimap(self) -> Rect | None:
        """The square the top-down map is drawn into (inside its card)."""
        card = self.panels.get("minimap")
        return minimap_area(card, self.m) if card is not None else None

    def rects(self) -> dict[str, Rect]:
        """Everything placed: buttons, panels and the caption card."""
        found = {f"button:{k}": r for k, r in self.toolbar.items()}
        found.update(self.panels)
        if self.caption is not None:
            found["caption"] = self.caption.rect
        return found


# -- the minimap card -------------------------------------------------------------
MINIMAP_TITLE = 30.0


def minimap_card_size(area: float, m) -> tuple[float, float]:
    inset = m.pad * 0.6
    return area + 2 * inset, area + 2 * inset + MINIMAP_TITLE * m.s


def minimap_area(card: Rect, m) -> Rect:
    """On whole pixels, so the map can be given a viewport of exactly it."""
    inset = m.pad * 0.6
    side = float(math.floor(max(0.0, min(card.w - 2 * inset,
                                         card.h - 2 * inset - MINIMAP_TITLE * m.s))))
    return Rect(float(math.ceil(card.x + (card.w - side) / 2)), float(math.ceil(card.y + inset)),
                side, side)


# -- placing ------------------------------------------------------------------------
def hud_blockers(hud) -> list[Rect]:
    lay = hud.layout
    return [r for r in (lay.dock, lay.info, lay.fullscreen) if r is not None]


def place_toolbar(hud, buttons: list[tuple[str, float]], m) -> dict[str, Rect]:
    """Buttons (name, width) in a row ending left of the fullscreen button,
    or below it, or on a portrait screen in two rows; the leftmost ones
    are left out if none of these fits."""
    lay = hud.layout
    fs, gap = lay.fullscreen, m.inner_gap
    window = Rect(0, 0, hud.width, hud.height)
    blockers = hud_blockers(hud)

    def row(shown, right, y) -> dict[str, Rect]:
        rects, x = {}, right
        for name, w in reversed(shown):
            rects[name] = Rect(x - w, y, w, fs.h)
            x -= w + gap
        return rects

    below = fs.y - gap - fs.h
    for first in range(len(buttons)):
        shown = buttons[first:]
        tries = [row(shown, fs.x - gap, fs.y), row(shown, fs.right, below)]
        if hud.height > hud.width:  # portrait: height to spare, the landscape is framed below
            tries += [{**row(shown[k:], fs.x - gap, fs.y), **row(shown[:k], fs.right, below)}
                      for k in range(len(shown) - 1, 0, -1)]
        for rects in tries:
            if all(r.inside(window) and not any(r.overlaps(b) for b in blockers)
                   for r in rects.values()):
                return rects
    return {}


def layout_teaching(hud, requests: list[PanelRequest], toolbar: list[tuple[str, float]],
                    caption: tuple[str, str] | None = None) -> TeachingLayout:
    """Place ``requests`` (most important first), the toolbar buttons and the
    caption (text, title) around ``hud``'s controls."""
    m = Metrics(hud.scale)
    width, height = hud.width, hud.height
    out = TeachingLayout(width, height, m)
    out.toolbar = place_toolbar(hud, toolbar, m)
    hud_lay = hud.layout
    blockers = hud_blockers(hud) + list(out.toolbar.values())
    gap = m.row_gap
    tops = {
        "left": (hud_lay.info.y if hud_lay.info is not None else height - m.margin + gap) - gap,
        "right": min([hud_lay.fullscreen.y] + [r.y for r in out.toolbar.values()]) - gap,
    }
    window = Rect(0, 0, width, height)
    cap = COLUMN_SHARE * width
    # The width of what a column holds so far, for the next panel to match.
    widths = {"left": hud_lay.info.w if hud_lay.info is not None else 0.0, "right": 0.0}
    for req in requests:
        other = "right" if req.column == "left" else "left"
        rect = None
        for column in (req.column, other):
            rect = _fit_in_column(_as_wide_as(req, widths[column]), column, tops[column], width,
                                  cap, window, blockers, m)
            if rect is None:
                rect = _fit_in_column(req, column, tops[column], width, cap, window, blockers, m)
            if rect is not None:
                tops[column] = rect.y - gap
                widths[column] = max(widths[column], rect.w)
                break
        if rect is None:
            out.hidden.append(req.name)
            continue
        out.panels[req.name] = rect
        blockers.append(rect)
    if caption is not None and (caption[0] or caption[1]):
        # A panel blocks the caption's band all the way up to the window top,
        # so the caption keeps to the space between the columns.
        avoid = hud_blockers(hud) + list(out.toolbar.values())
        avoid += [Rect(r.x, r.y, r.w, height - r.y) for r in out.panels.values()]
        t = hud.theme  # the card follows the theme (light for a projector)
        style = CaptionStyle(panel=(t.panel[0], t.panel[1], t.panel[2], max(t.panel[3], 0.86)),
                             edge=t.panel_edge[3], text=t.text, title=t.accent)
        out.caption = layout_caption(caption[0], width, height, title=caption[1] or None,
                                     avoid=avoid, scale=hud.scale, style=style)
        if out.caption is None:
            out.hidden.append("caption")
    return out


def _as_wide_as(req: PanelRequest, width: float) -> PanelRequest:
    """A little wider, to line up with the panels above it."""
    nw, nh = req.natural
    if nw < width <= nw * 1.3:
        return PanelRequest(req.name, (width, nh), req.least, req.column)
    return req


def _fit_in_column(req: PanelRequest, column: str, top: float, width: float, cap: float,
                   window: Rect, blockers: list[Rect], m) -> Rect | None:
    (nw, nh), (lw, lh) = req.natural, req.least
    for t in SHRINK_STEPS:
        w, h = nw + (lw - nw) * t, nh + (lh - nh) * t
        if w > cap:
            continue
        x = m.margin if column == "left" else width - m.margin - w
        rect = Rect(x, top - h, w, h)
        if rect.y < m.margin * 0.5 or not rect.inside(window):
            continue
        if not any(rect.overlaps(b) for b in blockers):
            return rect
    return None
