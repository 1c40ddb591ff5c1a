"""The Capture menu (L1): a screenshot, or a clip started and stopped from
the window. The window carries the actions out (it owns the pixels)."""

from __future__ import annotations

from dataclasses import dataclass

from . import textmetrics as tm
from .popup_menu import PopupMenu

ROW_H = 52.0
ROW_W_MIN = 240.0
LABEL_FONT = 16.0


@dataclass(frozen=True)
class TakeScreenshot:
    pass


@dataclass(frozen=True)
class ToggleRecording:
    pass


class CaptureMenu(PopupMenu):
    def __init__(self) -> None:
        super().__init__("Capture")
        self.recording = False
        self._rows()

    def _rows(self) -> None:
        self.set_rows(["screenshot", "record"],
                      ["Screenshot (P)", "Stop recording (V)" if self.recording else "Record a clip (V)"])

    def set_recording(self, on: bool) -> None:
        if on != self.recording:
            self.recording = on
            was_open, panel = self.is_open, self.panel
            segments = list(self.choice.segments) if was_open else None
            self._rows()
            if was_open and segments:
                self.panel = panel
                self.choice.set_segments(segments)
                self.choice.visible = True

    def row_size(self, m) -> tuple[float, float]:
        label = max(tm.measure(text, max(LABEL_FONT * m.s, 11.0))
                    for text in ("Screenshot (P)", "Stop recording (V)"))
        return max(ROW_W_MIN * m.s, label + 40 * m.s), ROW_H * m.s

    def chosen(self, name) -> list:
        if name is None:
            return []
        self.close()
        return [TakeScreenshot()] if name == "screenshot" else [ToggleRecording()]

    def draw_list(self, p) -> None:
        if self.panel is None:
            return
        m, t = p.m, p.t
        p.floating_panel(self.panel)
        size = p.font(LABEL_FONT)
        for i, (seg, label) in enumerate(zip(self.choice.segments, self.choice.labels)):
            p.row_highlight(seg, False, self.choice.pressed_index == i)
            p.text(tm.fit(label, size, seg.w - 24 * m.s), seg.x + 12 * m.s, seg.cy, size, t.text)
