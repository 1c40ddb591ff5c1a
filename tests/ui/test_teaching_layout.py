"""Where the teaching panels go at many window sizes, and how they share the
pointer with the HUD; no GL."""

import itertools
import subprocess
import sys
from pathlib import Path

import pytest

from engine.maths.optim import optimizer_class
from engine.model.loss_history import LossHistory
from engine.model.views import VIEW_NAMES
from engine.ui.dock.hud import Hud
from engine.ui.panels.legend import BallRow
from engine.ui.panels.layout import hud_blockers
from engine.ui.panels.teaching import TeachingPanels, TeachingState
from engine.ui.widgets.controls import Rect

ROOT = Path(__file__).resolve().parents[2]
SIZES = [(320, 240), (640, 480), (1280, 720), (1920, 1080), (3840, 2160)]
CAPTION = ("What you're seeing: six balls, six ways of stepping downhill, one start. Some "
           "remember their speed and roll through the small dip; others stop in it. Try: change "
           "the learning rate and race again.")
COLOURS = [(0.8, 0.1, 0.1), (0.9, 0.7, 0.2), (1.0, 0.5, 0.1), (0.2, 0.5, 1.0), (0.7, 0.4, 0.9),
           (0.2, 0.7, 0.4)]


def everything_on(size, balls=6, optimizer="rmsprop") -> TeachingPanels:
    hud = Hud(*size)
    panels = TeachingPanels(hud, views={name: True for name in VIEW_NAMES})
    rows = [BallRow(COLOURS[i], f"Ball {i}", "RMSprop", 0.01, "running") for i in range(balls)]
    history = LossHistory(balls)
    history.record([0] * balls, [1.0] * balls)
    panels.set_state(TeachingState(rows, 0, optimizer, dict(optimizer_class(optimizer).defaults),
                                   history, 0.0, CAPTION, "Optimizer race", "race"))
    return panels


@pytest.mark.parametrize("size", SIZES)
def test_nothing_placed_overlaps_the_hud_or_each_other_and_all_stays_in_the_window(size):
    panels = everything_on(size)
    window = Rect(0, 0, *size)
    placed = panels.layout.rects()
    for name, rect in placed.items():
        assert rect.inside(window), (name, rect)
        for hud_rect in hud_blockers(panels.hud):
            assert not rect.overlaps(hud_rect), (name, rect, hud_rect)
    for (a, ra), (b, rb) in itertools.combinations(placed.items(), 2):
        assert not ra.overlaps(rb), (a, ra, b, rb)


@pytest.mark.parametrize("size", SIZES)
def test_the_minimap_is_a_square_inside_its_card(size):
    lay = everything_on(size).layout
    if lay.get("minimap") is None:
        assert "minimap" in lay.hidden
        return
    area = lay.minimap
    assert area.w == pytest.approx(area.h) and area.w > 50
    assert area.inside(lay.get("minimap"))


def test_a_big_window_shows_every_panel():
    panels = everything_on((1920, 1080))
    panels.set_views(formula=False)
    big = panels.layout
    assert set(big.panels) == {"legend", "advanced", "minimap", "loss_plot"}
    assert big.caption is not None and not big.hidden


def test_the_formula_panel_gives_way_to_the_teaching_panels():
    crowded = everything_on((1920, 1080))
    assert crowded.layout.hidden == ["formula"]
    crowded.set_views(advanced=False)
    assert "formula" in crowded.layout.panels and not crowded.layout.hidden


ORDER = ["legend", "advanced", "minimap", "loss_plot", "formula", "captions"]
VIEW_OF = {"loss_plot": "loss_plot", "captions": "captions"}


@pytest.mark.parametrize("size", [(320, 240), (480, 360), (640, 480)])
def test_a_small_window_hides_panels_that_would_not_fit_even_without_the_less_important_ones(size):
    panels = everything_on(size)
    hidden = [n if n != "caption" else "captions" for n in panels.layout.hidden]
    assert hidden, "expected a crowded window"
    for name in hidden:
        # with every less important view off, the panel is still left out
        less = ORDER[ORDER.index(name) + 1:]
        panels.set_views(**{v: False for v in less})
        again = [n if n != "caption" else "captions" for n in panels.layout.hidden]
        assert name in again, f"{name} was displaced by a less important panel"
        panels.set_views(**{v: True for v in less})


def test_panels_grow_with_the_window_like_the_hud():
    small = everything_on((1280, 720)).layout.get("legend")
    large = everything_on((3840, 2160)).layout.get("legend")
    assert large.h == pytest.approx(3 * small.h, rel=0.02)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("menu", ["view_menu", "scene_picker"])
def test_an_open_menu_stays_in_the_window_clear_of_the_hud_where_there_is_room(size, menu):
    panels = everything_on(size)
    target = getattr(panels, menu)
    if not target.button.visible:
        pytest.skip("no room for the button at this size")
    r = target.button.rect
    assert panels.on_press(r.cx, r.cy)
    panels.on_release(r.cx, r.cy)
    assert target.is_open and target.panel is not None
    assert target.panel.inside(Rect(0, 0, *size))
    if size[1] >= 480:
        for hud_rect in hud_blockers(panels.hud):
            assert not target.panel.overlaps(hud_rect)


def test_the_view_button_is_kept_even_in_a_tiny_window():
    panels = everything_on((320, 240))
    assert panels.view_menu.button.visible


# sharing the pointer with the HUD ---------------------------------------------------
def test_presses_on_the_hud_are_left_to_the_hud():
    panels = everything_on((1920, 1080))
    hud = panels.hud
    for widget in hud.widgets():
        assert not panels.on_press(widget.rect.cx, widget.rect.cy), widget


def test_presses_on_any_panel_are_taken_so_the_camera_ignores_them():
    panels = everything_on((1920, 1080))
    for name, rect in panels.layout.rects().items():
        assert panels.on_press(rect.x + 3, rect.y + 3), name
        panels.on_release(rect.x + 3, rect.y + 3)
    assert not panels.on_press(960, 500)   # the open landscape


def test_while_the_huds_more_list_is_open_every_press_goes_to_the_hud():
    panels = everything_on((1920, 1080))
    hud = panels.hud
    more = hud.optimizer_choice.segments[-1]
    assert hud.on_press(more.cx, more.cy)
    hud.on_release(more.cx, more.cy)
    assert hud.popup_open
    legend_row = panels.legend.choice.segments[1]
    assert not panels.on_press(legend_row.cx, legend_row.cy)


def test_the_panels_leave_the_huds_layout_and_state_alone():
    panels = everything_on((1280, 720))
    hud = panels.hud
    before = (hud.layout.dock, hud.layout.info, hud.layout.fullscreen, hud.popup_open,
              repr(hud.state), [w.rect for w in hud.widgets()])
    row = panels.legend.choice.segments[1]
    panels.on_press(row.cx, row.cy)
    panels.on_release(row.cx, row.cy)
    panels.set_views(advanced=False, loss_plot=False)
    panels.draw_list()
    after = (hud.layout.dock, hud.layout.info, hud.layout.fullscreen, hud.popup_open,
             repr(hud.state), [w.rect for w in hud.widgets()])
    assert after == before


def test_the_layout_follows_a_resized_hud():
    panels = everything_on((1280, 720))
    panels.hud.resize(1920, 1080)
    panels.draw_list()
    assert panels.layout.width == 1920
    assert panels.layout.get("legend").inside(Rect(0, 0, 1920, 1080))


def test_the_teaching_modules_import_neither_moderngl_nor_pyglet():
    modules = ["engine.ui.panels.teaching", "engine.ui.panels.layout", "engine.ui.panels.legend",
               "engine.ui.panels.loss_plot", "engine.model.loss_history", "engine.ui.menus.scenes", "engine.ui.panels.advanced",
               "engine.ui.menus.views", "engine.ui.widgets.popup_menu", "engine.ui.panels.draw",
               "engine.ui.actions"]
    code = (f"import sys\nfor name in {modules!r}:\n    __import__(name)\n"
            "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('moderngl', 'pyglet', 'glcontext'))))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
