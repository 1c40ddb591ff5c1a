"""Visitor mode: words a 12-year-old understands on the kiosk; the
teacher's window keeps the technical names."""

import pytest

from engine.kiosk.stage import KioskStage
from engine.model.scene import load_scene, make_simulation
from engine.ui.widgets.drawlist import Text
from engine.ui.session import Session
from engine.ui.visitor_words import plain_number


def texts(session):
    session.frame()
    return [p.text for p in session.hud.draw_list() if isinstance(p, Text)]


@pytest.fixture
def kiosk():
    return KioskStage(1920, 1080, 1.4, new_seed=lambda: 5).show("default")


@pytest.fixture
def window():
    scene = load_scene("default")
    return Session(scene, make_simulation(scene), 1920, 1080)


def test_the_kiosk_says_step_size_with_learning_rate_small_beneath(kiosk):
    shown = texts(kiosk)
    assert "Step size" in shown and "learning rate" in shown
    assert "Learning rate" not in shown
    small = next(p for p in kiosk.hud.draw_list() if isinstance(p, Text) and p.text == "learning rate")
    big = next(p for p in kiosk.hud.draw_list() if isinstance(p, Text) and p.text == "Step size"
               and p.y > small.y)
    assert small.size < big.size


def test_the_kiosk_has_no_more_switch_and_the_window_keeps_it(kiosk, window):
    assert "More" not in texts(kiosk)
    assert "More" in texts(window)
    assert "Learning rate" in texts(window)


def test_the_kiosk_writes_no_scientific_notation(kiosk):
    kiosk.sim.loss[0] = 7.382e-15
    kiosk.apply(__import__("engine.ui.actions", fromlist=["SetHyper"]).SetHyper("lr", 0.00012))
    shown = " ".join(texts(kiosk))
    assert "e-" not in shown and "e−" not in shown and "e+" not in shown
    assert "0.00012" in shown


@pytest.mark.parametrize("value,text", [(0.05, "0.05"), (1.234, "1.23"), (7.382e-15, "0"),
                                        (0.000123, "0.000123"), (123456.7, "123457"), (-3.46, "-3.46")])
def test_plain_numbers(value, text):
    assert plain_number(value) == text


def test_states_in_plain_words_on_the_kiosk_and_technical_in_the_window(kiosk, window):
    for s in (kiosk, window):
        s.sim.status[0] = 2  # settled in a local minimum
    assert "Stuck in a dip — not the lowest" in texts(kiosk)
    assert "Stuck in a local minimum" in texts(window)
    kiosk.sim.status[0] = 3
    assert "Steps too big — it flew off" in texts(kiosk)
    kiosk.sim.status[0] = 1
    assert "Found the lowest point!" in texts(kiosk)


def _menu_texts(session):
    session.panels.scene_picker.is_open = True
    session.frame()
    _, menus = session.panels.draw_layers()
    return [p.text for p in menus if isinstance(p, Text)]


def test_the_kiosk_scene_menu_shows_titles_not_file_names(kiosk, window):
    shown = _menu_texts(kiosk)
    assert "Three learning rates" in shown
    assert "lr-lesson" not in shown
    assert "lr-lesson" in _menu_texts(window)  # the teacher sees which file it is
