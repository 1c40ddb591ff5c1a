"""The View menu (L1): which teaching views are on, switched from a list of
on/off rows under a "View" button. The menu stays open while switches are
flipped, so several views can be set in one visit; the views' state can
also be set from outside (a scene file's defaults)."""

from __future__ import annotations

from engine.model.views import DEFAULT_VIEWS, VIEWS
from engine.support.i18n import N_, _
from engine.ui.widgets import textmetrics as tm
from engine.ui.actions import SetDisplay, ToggleView
from engine.ui.widgets.popup_menu import PopupMenu

DISPLAY_ROWS = (("projector", N_("Projector theme")), ("large_text", N_("Larger text")),
                ("reduced_motion", N_("Reduced motion")))

#: Design pixels at 1080 lines.
ROW_H = 52.0
ROW_W_MIN = 220.0
LABEL_FONT = 16.0


class ViewMenu(PopupMenu):
    def __init__(self, views: dict[str, bool] | None = None) -> None:
        super().__init__(_("View"))
        self.state = dict(DEFAULT_VIEWS)
        self.set_views(**(views or {}))
        #: The lower rows: how the interface looks, not what it shows
        #: (engine/ui/display.py); the session sets them each frame.
        self.display = {key: False for key, _label in DISPLAY_ROWS}
        rows = VIEWS + DISPLAY_ROWS
        self.set_rows([key for key, _label in rows], [_(label) for _key, label in rows])

    def set_views(self, **flags: bool) -> None:
        unknown = set(flags) - set(self.state)
        if unknown:
            raise ValueError(f"unknown view(s): {', '.join(sorted(unknown))} "
                             f"(known: {', '.join(self.state)})")
        for name, on in flags.items():
            self.state[name] = bool(on)

    def __getitem__(self, name: str) -> bool:
        return self.state[name]

    def row_size(self, m) -> tuple[float, float]:
        label = max(tm.measure(_(lab), max(LABEL_FONT * m.s, 11.0)) for _key, lab in VIEWS + DISPLAY_ROWS)
        return max(ROW_W_MIN * m.s, label + 90 * m.s), ROW_H * m.s

    def chosen(self, name) -> list:
        """A row was tapped: flip that view."""
        if name is None:
            return []
        if name in self.display:
            self.display[name] = not self.display[name]
            return [SetDisplay(name, self.display[name])]
        self.state[name] = not self.state[name]
        return [ToggleView(name, self.state[name])]

    def switch_on(self, name) -> bool:
        return self.display[name] if name in self.display else self.state[name]

    def draw_list(self, p) -> None:
        self.draw_label_rows(p, LABEL_FONT, 70, lambda i, row, pressed: p.switch(
            row.right - 30 * p.m.s, row.cy, self.switch_on(self.choice.options[i]), pressed))
