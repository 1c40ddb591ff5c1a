"""A button that opens a list of rows below it (L1): the shared part of the
View menu and the scene picker.

The list drops down from its button, right-aligned with it, and wraps into
more columns (growing to the left) when one column would run into the
control dock. While it is open, a press anywhere else closes it and is
taken, as the HUD's "More" list does, so a stray tap cannot turn the camera.
"""

from __future__ import annotations

import math

from engine.ui.widgets import textmetrics as tm
from engine.ui.widgets.controls import Button, Choice, Rect


def drop_down(anchor: Rect, count: int, item_w: float, item_h: float, width: float,
              height: float, blockers, m) -> tuple[Rect, list[Rect]]:
    """The panel and ``count`` row rects of a list hanging below ``anchor``.

    Columns are added (to the left) until the rows fit above every blocker
    under them. In a window too small even for that the list takes the
    whole window height, covering its button and whatever lies below: it is
    open only until the next tap."""
    p, gap, margin = m.popup_pad, 4 * m.s, m.margin
    item_w = max(1.0, min(item_w, width - 2 * margin - 2 * p))
    max_cols = max(1, math.floor((width - 2 * margin - 2 * p + gap) / (item_w + gap)))
    blockers = [b for b in blockers if b is not None]
    top = anchor.y - 8 * m.s
    # Rows a little shorter (never below about 40 px at 1080p) before the
    # list is allowed to cover anything.
    for row_h in (item_h, item_h * 0.85, item_h * 0.72):
        for cols in range(1, min(count, max_cols) + 1):
            panel_w = cols * item_w + (cols - 1) * gap + 2 * p
            x = _right_aligned(anchor, panel_w, width, margin)
            under = [b.top for b in blockers if b.x < x + panel_w and x < b.right and b.top <= top]
            bottom = max(under + [margin]) + 8 * m.s
            rows = math.floor((top - bottom - 2 * p + gap) / (row_h + gap))
            if rows >= 1 and rows * cols >= count and not _beside_any(
                    x, panel_w, top, math.ceil(count / cols), row_h, gap, p, blockers):
                return _grid(anchor, count, math.ceil(count / cols), cols, item_w, row_h, top,
                             width, m)
    top = height - margin
    room = top - margin - 2 * p + gap
    cols = min(max_cols, max(1, math.ceil(count / max(1, math.floor(room / (item_h + gap))))))
    rows = math.ceil(count / cols)
    item_h = max(1.0, min(item_h, room / rows - gap))
    return _grid(anchor, count, rows, cols, item_w, item_h, top, width, m)


def _beside_any(x, panel_w, top, rows, row_h, gap, p, blockers) -> bool:
    """Whether a list this wide and tall would run into a blocker at its side."""
    panel = Rect(x, top - (rows * row_h + (rows - 1) * gap + 2 * p), panel_w,
                 rows * row_h + (rows - 1) * gap + 2 * p)
    return any(panel.overlaps(b) for b in blockers)


def _right_aligned(anchor: Rect, panel_w: float, width: float, margin: float) -> float:
    return max(margin, min(anchor.right, width - margin) - panel_w)


def _grid(anchor, count, rows, cols, item_w, item_h, top, width, m):
    p, gap = m.popup_pad, 4 * m.s
    panel_w = cols * item_w + (cols - 1) * gap + 2 * p
    panel_h = rows * item_h + (rows - 1) * gap + 2 * p
    x = max(0.0, _right_aligned(anchor, panel_w, width, m.margin))
    panel = Rect(x, max(0.0, top - panel_h), panel_w, panel_h)
    items = [Rect(x + p + (i // rows) * (item_w + gap),
                  panel.top - p - (i % rows + 1) * item_h - (i % rows) * gap, item_w, item_h)
             for i in range(count)]
    return panel, items


class PopupMenu:
    def __init__(self, label: str) -> None:
        self.button = Button(label)
        self.button.visible = False
        self.is_open = False
        self.panel: Rect | None = None
        self.choice = Choice([None])
        self.choice.visible = False

    def set_rows(self, options: list, labels: list[str]) -> None:
        self.choice = Choice(options or [None], labels=labels or [""])
        self.choice.visible = False

    def place_button(self, rect: Rect | None) -> None:
        self.button.visible = rect is not None
        if rect is not None:
            self.button.rect = rect
        else:
            self.close()

    def place_list(self, item_w: float, item_h: float, width: float, height: float,
                   blockers, m) -> None:
        if not self.is_open or not self.button.visible:
            self.panel = None
            self.choice.visible = False
            return
        self.panel, items = drop_down(self.button.rect, len(self.choice.options), item_w, item_h,
                                      width, height, blockers, m)
        self.choice.set_segments(items)
        self.choice.visible = True

    def close(self) -> None:
        self.is_open = False
        self.panel = None
        self.choice.cancel()
        self.choice.visible = False

    # -- input: True/None/option as the composing panel needs -----------------------
    def owns(self, x: float, y: float) -> bool:
        return self.is_open and self.panel is not None and self.panel.contains(x, y)

    # -- drawing ---------------------------------------------------------------------------
    def draw_label_rows(self, p, font: float, right_room: float, decorate=None) -> None:
        """The open list as rows of one label each; ``right_room`` (design
        px) is kept free at each row's right, where ``decorate(i, row,
        pressed)`` may draw (a switch, say)."""
        if self.panel is None:
            return
        m, t = p.m, p.t
        p.floating_panel(self.panel)
        size = p.font(font)
        for i, (row, label) in enumerate(zip(self.choice.segments, self.choice.labels)):
            pressed = self.choice.pressed_index == i
            p.row_highlight(row, False, pressed)
            p.text(tm.fit(label, size, row.w - right_room * m.s), row.x + 12 * m.s, row.cy, size, t.text)
            if decorate is not None:
                decorate(i, row, pressed)
