"""The scene picker (L1): a "Scenes" button opening a list of every scene in
scenes/, each row its title and file name, big enough for a finger; choosing
one asks for ``LoadScene(name)``. The scene on show is marked."""

from __future__ import annotations

from dataclasses import dataclass

from engine.model.scene import SceneError, load_scene, scene_names
from engine.support.i18n import _
from engine.ui.widgets import textmetrics as tm
from engine.ui.actions import LoadScene
from engine.ui.widgets.popup_menu import PopupMenu

#: Design pixels at 1080 lines.
ROW_H = 64.0
ROW_W_MIN = 260.0
ROW_W_MAX = 440.0
TITLE_FONT = 17.0
NAME_FONT = 13.0


@dataclass(frozen=True)
class SceneEntry:
    name: str
    title: str


def scene_entries() -> list[SceneEntry]:
    """Every scene file shipped, titled from the file (its name when the file
    cannot be read: choosing it then reports the problem)."""
    found = []
    for name in scene_names():
        try:
            title = load_scene(name).title_shown() or name
        except SceneError:
            title = name
        found.append(SceneEntry(name, title))
    return found


class ScenePicker(PopupMenu):
    def __init__(self, entries: list[SceneEntry] | None = None) -> None:
        super().__init__(_("Scenes"))
        self._entries = entries
        self.current = ""
        if entries is not None:
            self._set_entries(entries)

    @property
    def entries(self) -> list[SceneEntry]:
        if self._entries is None:  # read the files only when first needed
            self._set_entries(scene_entries())
        return self._entries

    def _set_entries(self, entries: list[SceneEntry]) -> None:
        self._entries = list(entries)
        self.set_rows([e.name for e in self._entries], [e.title for e in self._entries])

    def row_size(self, m) -> tuple[float, float]:
        s = m.s
        widest = max([tm.measure(e.title, max(TITLE_FONT * s, 11.0), True) for e in self.entries]
                     + [0.0])
        return min(max(ROW_W_MIN * s, widest + 48 * s), ROW_W_MAX * s), ROW_H * s

    def chosen(self, name) -> list:
        if name is None:
            return []
        self.close()
        return [LoadScene(name)]

    #: Each row shows the scene's file name under its title (off for visitors).
    show_names = True

    def draw_list(self, p) -> None:
        if self.panel is None:
            return
        m, t = p.m, p.t
        p.floating_panel(self.panel)
        title_font, name_font = p.font(TITLE_FONT), p.font(NAME_FONT)
        for i, (seg, entry) in enumerate(zip(self.choice.segments, self.entries)):
            current = entry.name == self.current
            p.row_highlight(seg, current, self.choice.pressed_index == i)
            x, room = seg.x + 16 * m.s, seg.w - 28 * m.s
            if not self.show_names:  # visitors see titles only
                p.text(tm.fit(entry.title, title_font, room, True), x, seg.cy,
                       title_font, t.accent if current else t.text, True)
                continue
            p.text(tm.fit(entry.title, title_font, room, True), x, seg.cy + seg.h * 0.16,
                   title_font, t.accent if current else t.text, True)
            p.text(tm.fit(entry.name, name_font, room), x, seg.cy - seg.h * 0.2, name_font,
                   t.text_dim)
