"""The legend: one row per ball, and a tap on a row selects that ball (L1).

Each row shows the ball's colour, its label, its optimizer and learning
rate, and its status in the colours of the HUD's status line. The selected
ball's row is highlighted; the control panel's sliders act on that ball.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.support.i18n import N_, _
from engine.ui.widgets import textmetrics as tm
from engine.ui.actions import SelectBall, format_number
from engine.ui.widgets.drawlist import Circle
from engine.ui.widgets.controls import Choice, Rect

#: Design pixels at 1080 lines. A row is a touch target: 48 px at least.
ROW_H = 52.0
WIDTH_MAX = 430.0
WIDTH_MIN = 250.0
LABEL_FONT = 16.0
SUB_FONT = 13.0

SHORT_STATUS = {"running": N_("Running"), "paused": N_("Paused"), "global": N_("Global min"),
                "local": N_("Local min"), "diverged": N_("Diverged")}


@dataclass(frozen=True)
class BallRow:
    colour: tuple[float, float, float]
    label: str
    optimizer: str          # the name a visitor reads, e.g. "Adam"
    lr: float | None
    status: str | None      # a key of SHORT_STATUS
    noise: float = 0.0      # σ of the gradient noise (0: exact gradients)
    schedule: str = ""      # the learning-rate schedule's name, "" for a constant rate


class Legend:
    def __init__(self) -> None:
        self.rows: list[BallRow] = []
        self.choice = Choice([0])
        self.choice.visible = False
        self.rect: Rect | None = None
        self.selected = 0

    # -- size and place -----------------------------------------------------------
    @staticmethod
    def natural_size(rows: list[BallRow], m) -> tuple[float, float, float]:
        """(natural width, least width, height) in pixels for these rows."""
        s = m.s
        label_font, sub_font = max(LABEL_FONT * s, 11.0), max(SUB_FONT * s, 11.0)
        text_w = max([tm.measure(r.label, label_font, True) for r in rows]
                     + [tm.measure(_sub_text(r), sub_font) for r in rows] + [0.0])
        status_w = max(tm.measure(t, sub_font, True) for t in SHORT_STATUS.values()) + 22 * s
        natural = 2 * m.pad + 34 * s + text_w + 16 * s + status_w
        natural = min(max(natural, WIDTH_MIN * s), WIDTH_MAX * s)
        height = m.pad + 34 * s + len(rows) * ROW_H * s + m.pad * 0.6
        return natural, WIDTH_MIN * s, height

    def place(self, rect: Rect | None, rows: list[BallRow], m) -> None:
        self.rows = list(rows)
        self.rect = rect
        if rect is None or not rows:
            self.choice.visible = False
            return
        top = rect.top - m.pad - 34 * m.s
        row_h = ROW_H * m.s
        inset = m.pad * 0.45
        segments = [Rect(rect.x + inset, top - (i + 1) * row_h, rect.w - 2 * inset, row_h)
                    for i in range(len(rows))]
        self.choice = Choice(list(range(len(rows))), selected=self.selected)
        self.choice.set_segments(segments)
        self.choice.visible = True

    def set_selected(self, index: int) -> None:
        self.selected = int(index)
        self.choice.selected = self.selected

    # -- input ----------------------------------------------------------------------
    def on_press(self, x: float, y: float) -> bool:
        return self.choice.on_press(x, y)

    def on_release(self, x: float, y: float) -> list:
        picked = self.choice.on_release(x, y)
        if picked is None:
            return []
        self.set_selected(picked)
        return [SelectBall(picked)]

    def cancel(self) -> None:
        self.choice.cancel()

    # -- drawing --------------------------------------------------------------------
    def draw(self, p) -> None:
        """Add the legend to ``p`` (a PanelPainter)."""
        if self.rect is None or not self.rows:
            return
        t, s = p.t, p.m.s
        p.panel(self.rect)
        p.title(self.rect, _("Balls"), _("tap one to steer it") if len(self.rows) > 1 else "")
        label_font, sub_font = p.font(LABEL_FONT), p.font(SUB_FONT)
        for i, (row, seg) in enumerate(zip(self.rows, self.choice.segments)):
            p.row_highlight(seg, i == self.selected, self.choice.pressed_index == i)
            radius = 8 * s
            cx = seg.x + 16 * s + radius
            p.swatch(cx, seg.cy, row.colour, radius)
            key = row.status or "running"
            colour = t.status.get(key, t.text_dim)
            status = _(SHORT_STATUS.get(key, key))
            status_w = tm.measure(status, sub_font, True)
            right = seg.right - 10 * s
            p.text(status, right, seg.cy, sub_font, colour, True, "right")
            dot_x = right - status_w - 9 * s
            p.details.append(Circle(dot_x, seg.cy, 4 * s, colour))
            text_x = cx + radius + 12 * s
            room = dot_x - 10 * s - text_x
            line = seg.h * 0.22
            p.text(tm.fit(row.label, label_font, room, True), text_x, seg.cy + line, label_font,
                   t.text, True)
            p.text(tm.fit(_sub_text(row), sub_font, room), text_x, seg.cy - line, sub_font,
                   t.text_dim)


def _sub_text(row: BallRow) -> str:
    lr = "—" if row.lr is None else format_number(row.lr)
    text = _("{optimizer} · lr {lr}").format(optimizer=_(row.optimizer), lr=lr)
    if row.schedule:
        text += f" ({row.schedule})"  # torch's name for it (StepLR, ...), in every language
    if row.noise:
        text += _(" · noise {sigma}").format(sigma=format_number(row.noise))
    return text
