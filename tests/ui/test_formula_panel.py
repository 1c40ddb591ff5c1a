"""The formula panel: type a landscape, see at once whether it reads, use it."""

from engine.model.scene import load_scene, make_simulation
from engine.ui.actions import ToggleView, UseFormula
from engine.ui.panels.formula import EXAMPLES
from engine.ui.session import Session


def session(name="default"):
    scene = load_scene(name)
    s = Session(scene, make_simulation(scene), 1280, 720)
    s.apply(ToggleView("formula", True))
    return s


def tap(s, target):
    rect = getattr(target, "rect", target)
    assert s.panels.on_press(rect.cx, rect.cy)
    actions = s.panels.on_release(rect.cx, rect.cy)
    for action in actions:
        s.apply(action)
    return actions


def test_the_check_line_names_the_column_as_you_type():
    s = session()
    panel = s.panels.formula
    tap(s, panel.field)
    assert panel.focused
    panel.type("x^2 + z")
    assert panel.check() == (False, "formula: unknown name 'z' at column 7")
    panel.backspace()
    panel.type("y^2")
    assert panel.check() == (True, "Reads fine")
    panel.set_text("x^3 - x")
    assert panel.check() == (True, "Reads fine: a curve of x")


def test_an_example_fills_the_field_and_use_makes_it_the_landscape():
    s = session()
    panel = s.panels.formula
    tap(s, panel.examples[0])
    assert panel.text == EXAMPLES[0][1] and panel.focused
    actions = tap(s, panel.use)
    assert actions == [UseFormula(EXAMPLES[0][1])]
    assert s.scene.formula == EXAMPLES[0][1]
    assert s.sim.surface.formula.text == EXAMPLES[0][1]
    assert len(s.sim.surface.minima) == 2
    assert s.views["formula"] and s.panels.formula.text == EXAMPLES[0][1]  # ready for the next try
    s.run_steps(5)  # and it runs


def test_use_refuses_a_formula_with_no_minimum_and_says_why():
    s = session()
    before = s.sim.surface
    s.panels.formula.set_text("x + y")
    tap(s, s.panels.formula.use)
    assert s.sim.surface is before
    fine, message = s.panels.formula.check()
    assert not fine and "no minimum inside the domain" in message
    s.panels.formula.type(" ")  # any change clears it
    assert s.panels.formula.check()[0]


def test_use_does_nothing_while_the_formula_does_not_read():
    s = session()
    s.panels.formula.set_text("sin(x")
    assert tap(s, s.panels.formula.use) == []


def test_a_press_elsewhere_ends_typing():
    s = session()
    tap(s, s.panels.formula.field)
    s.panels.on_press(640, 360)  # the landscape
    assert not s.panels.formula.focused


def test_a_kiosk_never_shows_the_panel():
    s = session()
    s.capture_allowed = False  # what the kiosk's stage sets
    s.show_state()
    assert s.panels.layout.get("formula") is None
