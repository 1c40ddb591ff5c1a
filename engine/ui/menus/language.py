"""The language button (L1): labelled with the language on screen, named in
itself ("Deutsch", "Ελληνικά"); its list offers every language the window or
the kiosk allows, each named in itself, so a visitor finds their own without
reading anyone else's."""

from __future__ import annotations

from engine.support import i18n
from engine.ui.widgets import textmetrics as tm
from engine.ui.actions import SetLanguage
from engine.ui.widgets.popup_menu import PopupMenu

ROW_H = 52.0
ROW_W_MIN = 200.0
LABEL_FONT = 17.0


class LanguageMenu(PopupMenu):
    def __init__(self, offered: list[tuple[str, str]] | None = None) -> None:
        super().__init__(i18n.active().name)
        self.offered = list(offered) if offered is not None else []
        self.set_rows([code for code, _name in self.offered], [name for _code, name in self.offered])

    @property
    def useful(self) -> bool:
        """Shown only when there is a choice to make."""
        return len(self.offered) > 1

    def row_size(self, m) -> tuple[float, float]:
        size = max(LABEL_FONT * m.s, 11.0)
        label = max([tm.measure(name, size) for _code, name in self.offered] + [0.0])
        return max(ROW_W_MIN * m.s, label + 40 * m.s), ROW_H * m.s

    def chosen(self, code) -> list:
        if code is None:
            return []
        self.close()
        return [SetLanguage(code)]

    def draw_list(self, p) -> None:
        self.draw_label_rows(p, LABEL_FONT, 24)
