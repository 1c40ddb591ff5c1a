"""The Capture menu (L1): a screenshot, or a clip started and stopped from
the window. The window carries the actions out (it owns the pixels)."""

from __future__ import annotations

from engine.support.i18n import _
from engine.ui.widgets import textmetrics as tm
from engine.ui.actions import SaveScene, TakeScreenshot, ToggleRecording
from engine.ui.widgets.popup_menu import PopupMenu

ROW_H = 52.0
ROW_W_MIN = 240.0
LABEL_FONT = 16.0


class CaptureMenu(PopupMenu):
    def __init__(self) -> None:
        super().__init__(_("Capture"))
        self.recording = False
        self.set_rows(["screenshot", "record", "save_scene"],
                      [_("Screenshot (P)"), self._record_label(), _("Save as scene")])

    def _record_label(self) -> str:
        return _("Stop recording (V)") if self.recording else _("Record a clip (V)")

    def set_recording(self, on: bool) -> None:
        self.recording = on
        self.choice.labels[1] = self._record_label()  # relabelled in place, open or not

    def row_size(self, m) -> tuple[float, float]:
        label = max(tm.measure(text, max(LABEL_FONT * m.s, 11.0))
                    for text in (_("Screenshot (P)"), _("Stop recording (V)"), _("Record a clip (V)"),
                                 _("Save as scene")))
        return max(ROW_W_MIN * m.s, label + 40 * m.s), ROW_H * m.s

    def chosen(self, name) -> list:
        if name is None:
            return []
        self.close()
        return [{"screenshot": TakeScreenshot(), "record": ToggleRecording(),
                 "save_scene": SaveScene()}[name]]

    def draw_list(self, p) -> None:
        self.draw_label_rows(p, LABEL_FONT, 24)
