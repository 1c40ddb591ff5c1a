"""HUD layout, input and state at many window sizes; no GL."""

import itertools
import subprocess
import sys
from pathlib import Path

import pytest

from engine.ui.widgets import textmetrics as tm
from engine.ui.widgets.drawlist import Icon, RoundRect, Text
from engine.ui.dock.hud import (
    Hud,
    Reset,
    SetHyper,
    SetOptimizer,
    SetSpeed,
    Step,
    ToggleFullscreen,
    TogglePlay,
    ZoomIn,
    ZoomOut,
    format_number,
)
from engine.ui.dock.layout import ui_scale
from engine.ui.widgets.controls import Choice, Rect

SIZES = [(320, 240), (1280, 720), (1920, 1080), (3840, 2160), (200, 150), (400, 300),
         (1080, 1920), (2560, 1080)]
ROOT = Path(__file__).resolve().parents[2]


def targets(hud: Hud) -> list[Rect]:
    """Every rect a finger can hit: widgets, and each segment of a choice."""
    found = []
    for widget in hud.widgets():
        found += widget.segments if isinstance(widget, Choice) else [widget.rect]
    return found


def tap(hud: Hud, x: float, y: float) -> list:
    assert hud.on_press(x, y), f"nothing took the press at {x:.0f},{y:.0f}"
    return hud.on_release(x, y)


def centre(rect: Rect) -> tuple[float, float]:
    return rect.cx, rect.cy


def open_more(hud: Hud) -> None:
    assert tap(hud, *centre(hud.optimizer_choice.segments[-1])) == []
    assert hud.popup_open


# layout ----------------------------------------------------------------------
@pytest.mark.parametrize("size", SIZES)
def test_no_two_touch_targets_overlap_and_all_lie_inside_the_window(size):
    hud = Hud(*size)
    window = Rect(0, 0, *size)
    rects = targets(hud)
    assert rects, "at least Play must be shown"
    for r in rects:
        assert r.inside(window), r
    for a, b in itertools.combinations(rects, 2):
        assert not a.overlaps(b), (a, b)


@pytest.mark.parametrize("size", SIZES)
def test_panels_do_not_cover_each_other_or_the_fullscreen_button(size):
    hud = Hud(*size)
    boxes = hud.panels() + [hud.fullscreen.rect]
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), (a, b)
    for r in boxes:
        assert r.inside(Rect(0, 0, *size))


@pytest.mark.parametrize("size", SIZES)
def test_touch_targets_are_at_least_48_px_at_1080p_and_scale_with_the_window(size):
    hud = Hud(*size)
    least = 48 * hud.scale
    for r in targets(hud):
        assert r.w >= least - 1e-6 and r.h >= least - 1e-6, r


def test_at_1080p_every_touch_target_is_at_least_48_px_square():
    for r in targets(Hud(1920, 1080)):
        assert min(r.w, r.h) >= 48


def test_ui_scale_follows_the_window_height_with_a_floor_and_the_user_factor():
    assert ui_scale(1080) == pytest.approx(1.0)
    assert ui_scale(2160) == pytest.approx(2.0)
    assert ui_scale(300) == pytest.approx(0.6)
    assert ui_scale(1080, 1.5) == pytest.approx(1.5)
    big = Hud(1920, 1080, scale=1.5)
    assert big.play.rect.h == pytest.approx(1.5 * Hud(1920, 1080).play.rect.h)


@pytest.mark.parametrize("size", SIZES)
def test_the_fullscreen_button_sits_in_the_top_right_corner(size):
    w, h = size
    hud = Hud(w, h)
    r = hud.fullscreen.rect
    gap = 24 * hud.scale
    assert w - gap <= r.right <= w and h - gap <= r.top <= h
    for other in targets(hud):
        if other is not r:
            assert other.right <= r.x or other.top <= r.y


def test_a_roomy_window_shows_every_control():
    hud = Hud(1920, 1080)
    hud.set_state(optimizer="momentum")
    shown = {id(w) for w in hud.widgets()}
    for widget in (hud.play, hud.step_button, hud.reset_button, hud.optimizer_choice,
                   hud.lr_slider, hud.momentum_slider, hud.speed_slider, hud.zoom_in,
                   hud.zoom_out, hud.fullscreen):
        assert id(widget) in shown, widget
    assert hud.layout.info is not None and hud.layout.info_rows == 4


def test_a_tiny_window_keeps_play_and_fullscreen_and_still_draws():
    hud = Hud(200, 150)
    assert hud.play.visible and hud.fullscreen.visible
    assert hud.draw_list()
    hud.resize(1, 1)
    assert hud.draw_list()


def test_resizing_moves_the_dock_to_the_new_bottom_centre():
    hud = Hud(1280, 720)
    hud.resize(2560, 1440)
    dock = hud.layout.dock
    assert dock.cx == pytest.approx(1280, abs=1)
    assert dock.y == pytest.approx(20 * hud.scale)


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080), (400, 300)])
def test_text_fits_inside_the_panel_it_is_written_on(size):
    hud = Hud(*size)
    hud.set_state(optimizer="rmsprop", step=123456, loss=-1.2345e7, status="diverged")
    panels = hud.panels()
    for item in hud.draw_list():
        if not isinstance(item, Text):
            continue
        width = tm.measure(item.text, item.size, item.bold)
        x0 = item.x - {"left": 0, "center": width / 2, "right": width}[item.align]
        box = Rect(x0, item.y, width, tm.cap_height(item.size))
        assert any(box.inside(p) for p in panels), item


# input -------------------------------------------------------------------------
@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080), (3840, 2160)])
def test_pressing_each_button_yields_its_action(size):
    hud = Hud(*size)
    for widget, action in ((hud.play, TogglePlay()), (hud.step_button, Step()),
                           (hud.reset_button, Reset()), (hud.zoom_in, ZoomIn()),
                           (hud.zoom_out, ZoomOut()), (hud.fullscreen, ToggleFullscreen())):
        assert tap(hud, *centre(widget.rect)) == [action]


def test_tapping_an_optimizer_up_front_selects_it():
    hud = Hud(1920, 1080)
    assert tap(hud, *centre(hud.optimizer_choice.segments[1])) == [SetOptimizer("momentum")]
    # The HUD claims nothing the model has not done: it shows the optimizer
    # once the session's next snapshot says so.
    assert hud.state.optimizer == "sgd"
    hud.set_state(optimizer="momentum")
    assert hud.optimizer_choice.selected == "momentum"
    assert tap(hud, *centre(hud.optimizer_choice.segments[0])) == [SetOptimizer("sgd")]


def test_more_opens_the_other_optimizers_and_choosing_one_closes_it():
    hud = Hud(1920, 1080)
    open_more(hud)
    names = hud.more_choice.options
    assert set(names) == {"nesterov", "adam", "rmsprop", "adagrad", "adamw", "nadam", "radam",
                          "adamax", "adadelta", "rprop", "asgd"}
    adam = hud.more_choice.segments[names.index("adam")]
    assert adam.inside(Rect(0, 0, 1920, 1080))
    assert tap(hud, *centre(adam)) == [SetOptimizer("adam")]
    assert not hud.popup_open
    hud.set_state(optimizer="adam")   # the session's snapshot of the model
    labels = [t.text for t in hud.draw_list() if isinstance(t, Text)]
    assert "Adam" in labels  # the front shows the choice made behind "More"


def test_while_more_is_open_a_press_elsewhere_only_closes_it():
    hud = Hud(1920, 1080)
    open_more(hud)
    assert hud.on_press(*centre(hud.play.rect))
    assert hud.on_release(*centre(hud.play.rect)) == []
    assert not hud.popup_open


def test_dragging_the_learning_rate_slider_reports_each_new_value_once():
    hud = Hud(1920, 1080)
    s = hud.lr_slider
    x0, x1 = s.track_x0, s.track_x1
    assert hud.on_press(s.thumb_x, s.track_y)
    first = hud.on_drag(x0 + 0.9 * (x1 - x0), s.track_y)
    assert len(first) == 1 and first[0].name == "lr"
    assert first[0].value > 0.5
    assert hud.on_drag(x0 + 0.9 * (x1 - x0), s.track_y) == []
    last = hud.on_release(x1 + 100, s.track_y)
    assert last == [SetHyper("lr", 10.0)]


def test_a_tap_on_the_speed_track_sets_the_speed():
    hud = Hud(1920, 1080)
    s = hud.speed_slider
    actions = tap(hud, s.track_x0, s.track_y)
    assert actions == [SetSpeed(1.0)]


def test_the_momentum_slider_shows_only_for_optimizers_with_momentum():
    hud = Hud(1920, 1080)
    hud.set_state(optimizer="sgd")
    assert not hud.momentum_slider.visible
    hud.set_state(optimizer="nesterov")
    assert hud.momentum_slider.visible
    s = hud.momentum_slider
    assert tap(hud, s.track_x0, s.track_y) == [SetHyper("momentum", 0.0)]
    hud.momentum_visible = True
    hud.set_state(optimizer="adam")
    assert hud.momentum_slider.visible
    hud.momentum_visible = None
    assert not hud.momentum_slider.visible


def test_presses_on_a_panel_are_taken_and_presses_on_the_landscape_are_not():
    hud = Hud(1920, 1080)
    dock = hud.layout.dock
    assert hud.on_press(dock.x + 3, dock.y + 3)
    assert hud.on_release(dock.x + 3, dock.y + 3) == []
    assert not hud.on_press(960, 540)
    assert hud.on_drag(970, 550) == [] and hud.on_release(970, 550) == []


def test_a_slider_under_the_finger_keeps_its_value_when_the_simulation_reports():
    hud = Hud(1920, 1080)
    s = hud.lr_slider
    hud.on_press(s.track_x1, s.track_y)
    hud.set_state(lr=0.001)
    assert s.value == pytest.approx(10.0)
    hud.on_release(s.track_x1, s.track_y)
    hud.set_state(lr=0.001)
    assert s.value == pytest.approx(0.001)


# state and drawing ---------------------------------------------------------------
def texts(hud: Hud) -> list[Text]:
    return [t for t in hud.draw_list() if isinstance(t, Text)]


def test_the_info_panel_shows_optimizer_rate_step_loss_and_status():
    hud = Hud(1920, 1080)
    hud.set_state(optimizer="momentum", lr=0.05, step=1234, loss=-3.4512, status=2)
    words = [t.text for t in texts(hud)]
    for expected in ("Momentum", "0.050", "1,234", "−3.45", "Stuck in a local minimum"):
        assert expected in words


def test_each_status_has_its_own_colour():
    hud = Hud(1920, 1080)
    colours = {}
    for status, words in (("running", "Running"), ("global", "Reached the global minimum"),
                          ("local", "Stuck in a local minimum"), ("diverged", "Diverged")):
        hud.set_state(status=status, playing=True)
        line = next(t for t in texts(hud) if t.text == words)
        colours[status] = line.colour
    assert len(set(colours.values())) == 4


def test_a_running_simulation_that_is_not_playing_reads_paused():
    hud = Hud(1920, 1080)
    hud.set_state(status="running", playing=False)
    assert "Paused" in [t.text for t in texts(hud)]


def test_play_shows_pause_while_playing():
    hud = Hud(1920, 1080)
    hud.set_state(playing=True)
    icons = [i.kind for i in hud.draw_list() if isinstance(i, Icon)]
    assert "pause" in icons and "play" not in icons
    hud.set_state(playing=False, fullscreen=True)
    icons = [i.kind for i in hud.draw_list() if isinstance(i, Icon)]
    assert "play" in icons and "exit_fullscreen" in icons


def test_unknown_state_and_statuses_are_refused():
    hud = Hud(800, 600)
    with pytest.raises(TypeError):
        hud.set_state(colour="red")
    with pytest.raises(ValueError):
        hud.set_state(status="lost")


def test_panels_are_drawn_under_the_controls_on_them():
    hud = Hud(1920, 1080)
    items = hud.draw_list()
    dock_at = next(i for i, p in enumerate(items)
                   if isinstance(p, RoundRect) and p.rect == hud.layout.dock)
    play_at = next(i for i, p in enumerate(items)
                   if isinstance(p, RoundRect) and p.rect == hud.play.rect)
    assert dock_at < play_at


@pytest.mark.parametrize("value, text", [(0.05, "0.050"), (0.00001, "1.00e−05"), (0.0001, "0.00010"), (3.2, "3.2"),
                                         (-3.4512, "−3.5"), (12345, "12,345"),
                                         (float("inf"), "∞"), (float("nan"), "—")])
def test_numbers_are_written_short_with_a_true_minus(value, text):
    assert format_number(value) == text


def test_hud_modules_import_neither_moderngl_nor_pyglet():
    modules = ["engine.ui.widgets.controls", "engine.ui.dock.hud", "engine.ui.dock.layout", "engine.ui.dock.draw",
               "engine.ui.actions", "engine.ui.widgets.drawlist", "engine.ui.widgets.textmetrics",
               "engine.gl.overlay_batch"]
    code = ("import sys\n"
            f"for name in {modules!r}: __import__(name)\n"
            "from engine.ui.dock.hud import Hud\n"
            "Hud(800, 600).draw_list()\n"
            "print(','.join(sorted(m for m in sys.modules"
            " if m.split('.')[0] in ('moderngl', 'pyglet', 'glcontext'))))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_opening_more_keeps_the_chosen_optimizer_highlighted():
    hud = Hud(1920, 1080)
    hud.set_state(optimizer="adam")
    assert hud.optimizer_choice.selected == "more"
    open_more(hud)
    assert hud.optimizer_choice.selected == "more"
    assert hud.more_choice.selected == "adam"
    hud.set_state(optimizer="momentum")
    assert hud.optimizer_choice.selected == "momentum"


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080), (640, 360), (400, 300)])
def test_the_more_popup_fits_the_window_and_its_items_do_not_overlap(size):
    hud = Hud(*size)
    if "optimizer" not in hud.layout.groups:
        pytest.skip("no optimizer switch at this size")
    open_more(hud)
    window = Rect(0, 0, *size)
    assert hud.layout.popup.inside(window)
    items = hud.more_choice.segments
    for r in items:
        assert r.inside(hud.layout.popup) and min(r.w, r.h) >= 48 * hud.scale - 1e-6
    for a, b in itertools.combinations(items, 2):
        assert not a.overlaps(b)


def test_the_curvature_view_marks_the_stability_limit_on_the_learning_rate_slider():
    from engine.ui.widgets.drawlist import RoundRect
    hud = Hud(1280, 720)
    hud.set_state(lr=0.05)
    before = [s for s in hud.draw_list() if isinstance(s, RoundRect)]
    hud.set_state(lr_mark=1.0, curvature="curves up", stable_below="1.00")
    after = [s for s in hud.draw_list() if isinstance(s, RoundRect)]
    marks = [s for s in after if s not in before and s.rect.h > s.rect.w * 3]
    slider = hud.lr_slider
    x = slider.track_x0 + slider.fraction_of(1.0) * (slider.track_x1 - slider.track_x0)
    assert any(abs(m.rect.cx - x) < 1.0 and abs(m.rect.cy - slider.track_y) < 1.0 for m in marks)
    texts = [t.text for t in hud.draw_list() if isinstance(t, Text)]
    assert "Stable lr below" in texts and "1.00" in texts
