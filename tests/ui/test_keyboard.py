"""Keyboard-only use: the focus ring reaches every control, Enter presses,
arrows move sliders, the placement cursor drops the ball, the "?" card lists
the keys. Given / when / then with a real Session (no window, no GL)."""

from __future__ import annotations

import pytest

from engine.model.scene import load_scene, make_simulation
from engine.support import i18n
from engine.ui.actions import (
    DropAtPlacing,
    MoveFocus,
    MovePlacing,
    Reset,
    SetHyper,
    SetOptimizer,
    StartPlacing,
    ToggleKeyHelp,
    ToggleView,
)
from engine.ui.widgets.drawlist import Polyline, Text
from engine.ui.session.focus import focus_order
from engine.ui.session import Session


def make(scene="race", size=(1280, 720), **views):
    sc = load_scene(scene)
    session = Session(sc, make_simulation(sc), *size)
    if views:
        session.panels.set_views(**views)
    session.frame()
    return session


def carry_out(session, actions):
    for action in actions:
        if session.actions.owner_of(type(action)) == "session":
            session.apply(action)
    session.frame()
    return actions


def tab_round(session) -> list[str]:
    """Press Tab until the ring comes back to where it started."""
    seen = []
    session.apply(MoveFocus(1))
    first = session.keys.focus.key
    while True:
        seen.append(session.keys.focus.key)
        session.apply(MoveFocus(1))
        if session.keys.focus.key == first or len(seen) > 200:
            return seen


def centres(rects):
    return {(round(r.cx), round(r.cy)) for r in rects}


def test_tab_reaches_every_control_a_finger_can_reach():
    session = make("race", advanced=True)
    keys = tab_round(session)
    reached = centres(t.rect for t in focus_order(session.hud, session.panels) if t.key in keys)
    hud = session.hud
    wanted = []
    for widget in hud.widgets():
        wanted += widget.segments if hasattr(widget, "segments") else [widget.rect]
    panels = session.panels
    wanted += [m.button.rect for m in panels.menus() if m.button.visible]
    wanted += list(panels.legend.choice.segments)
    wanted += [w.rect for w in panels.advanced.widgets.values() if w.visible]
    assert len(wanted) > 20
    assert centres(wanted) <= reached
    # In reading order: the dock first (Play), then the top-right buttons.
    assert keys[0] == "hud:play" and keys.index("hud:fullscreen") < keys.index("panels:view")
    assert len(keys) == len(set(keys))


def test_shift_tab_goes_back():
    session = make("default")
    session.apply(MoveFocus(1))
    session.apply(MoveFocus(1))
    assert session.keys.focus.key == "hud:step"
    session.apply(MoveFocus(-1))
    assert session.keys.focus.key == "hud:play"
    session.apply(MoveFocus(-1))
    assert session.keys.focus.key == focus_order(session.hud, session.panels)[-1].key


def focus_on(session, key):
    for _ in range(200):
        session.apply(MoveFocus(1))
        if session.keys.focus.key == key:
            return
    raise AssertionError(f"{key} never gets the ring: {[t.key for t in focus_order(session.hud, session.panels)]}")


def test_enter_presses_what_the_ring_is_on():
    session = make("default")
    assert session.playing
    focus_on(session, "hud:play")
    carry_out(session, session.keys.press_focused(session.hud, session.panels))
    assert not session.playing
    focus_on(session, "hud:reset")
    assert session.keys.press_focused(session.hud, session.panels) == [Reset()]
    focus_on(session, "hud:optimizer:1")
    assert carry_out(session, session.keys.press_focused(session.hud, session.panels)) == [SetOptimizer("momentum")]
    assert session.sim.kind[0] == "momentum"


def test_more_list_and_menus_keep_the_ring_inside_while_open():
    session = make("default")
    focus_on(session, "hud:optimizer:2")          # "More"
    carry_out(session, session.keys.press_focused(session.hud, session.panels))
    assert session.hud.popup_open
    assert all(t.key.startswith("hud:more:") for t in focus_order(session.hud, session.panels))
    focus_on(session, "hud:more:1")               # Adam
    assert carry_out(session, session.keys.press_focused(session.hud, session.panels)) == [SetOptimizer("adam")]
    assert not session.hud.popup_open and session.keys.focus.key == "hud:optimizer:2"

    focus_on(session, "panels:view")
    carry_out(session, session.keys.press_focused(session.hud, session.panels))
    assert session.panels.view_menu.is_open
    order = [t.key for t in focus_order(session.hud, session.panels)]
    assert order[-1] == "panels:view" and all(k.startswith("panels:view") for k in order)
    focus_on(session, "panels:view-rows:0")       # Arrows
    was = session.views["arrows"]
    actions = carry_out(session, session.keys.press_focused(session.hud, session.panels))
    assert actions == [ToggleView("arrows", not was)] and session.views["arrows"] is (not was)


def test_arrows_move_the_slider_in_the_ring_and_shift_moves_further():
    session = make("default")
    focus_on(session, "hud:lr")
    assert session.keys.focused_slider(session.hud, session.panels)
    before = session.sim.hyper_of(0)["lr"]
    fine = carry_out(session, session.keys.adjust_focused(session.hud, session.panels, 1))
    after_fine = session.sim.hyper_of(0)["lr"]
    assert fine and isinstance(fine[-1], SetHyper) and fine[-1].name == "lr"
    assert after_fine > before
    carry_out(session, session.keys.adjust_focused(session.hud, session.panels, 1, coarse=True))
    after_coarse = session.sim.hyper_of(0)["lr"]
    # A log slider: one Shift step multiplies by about five fine steps' factor.
    assert after_coarse / after_fine > (after_fine / before) ** 3
    carry_out(session, session.keys.adjust_focused(session.hud, session.panels, -1, coarse=True))
    assert session.sim.hyper_of(0)["lr"] == pytest.approx(after_fine, rel=0.05)
    lr = session.sim.hyper_of(0)["lr"]
    assert session.keys.press_focused(session.hud, session.panels) == [] and session.sim.hyper_of(0)["lr"] == lr  # Enter leaves it be
    focus_on(session, "hud:play")
    assert not session.keys.focused_slider(session.hud, session.panels) and session.keys.adjust_focused(session.hud, session.panels, 1) == []


def test_the_placement_cursor_moves_as_seen_and_drops_the_ball():
    session = make("default")
    session.apply(StartPlacing())
    cam, m = session.view_camera(), session.mapping

    def on_screen():
        x, y = session.keys.placing
        return cam.project(m.to_world(x, y).reshape(1, 3), session.width, session.height)[0][:2]

    x0, y0 = on_screen()
    session.apply(MovePlacing(1, 0))
    x1, y1 = on_screen()
    assert x1 > x0 + 2 and abs(y1 - y0) < abs(x1 - x0)
    session.apply(MovePlacing(0, 1, coarse=True))
    x2, y2 = on_screen()
    assert y2 > y1 + 2  # up the screen: away from the viewer
    target = session.keys.placing
    frame = session.frame()
    assert any(isinstance(p, Polyline) for p in frame.overlays)  # the cursor is drawn
    session.apply(DropAtPlacing())
    assert session.keys.placing is None
    assert tuple(float(v) for v in session.sim.pos[:, 0]) == pytest.approx(target)
    assert session.sim.steps[0] == 0


@pytest.mark.parametrize("language", ["en", "de", "el"])
def test_the_key_card_lists_every_key_and_fits(language):
    i18n.use(language)
    try:
        for size in ((1280, 720), (800, 600)):
            session = make("default", size)
            session.apply(ToggleKeyHelp())
            texts = [p for p in session.frame().menus if isinstance(p, Text)]
            shown = [t.text for t in texts]
            assert i18n._("Keys") in shown and "D" in shown and "?" in shown
            for t in texts:
                assert not t.text.endswith("…") or size == (800, 600), t.text
                assert 0 <= t.x and t.y <= size[1]
    finally:
        i18n.use("en")


def test_the_ring_is_drawn_over_everything():
    session = make("default")
    assert not any(isinstance(p, Polyline) for p in session.frame().menus)
    session.apply(MoveFocus(1))
    assert any(isinstance(p, Polyline) for p in session.frame().menus)


def test_the_view_menu_switches_the_projector_theme_text_size_and_reduced_motion():
    from engine.ui.actions import SetDisplay
    from engine.ui.display import PROJECTOR
    session = make("default")
    scale = session.hud.scale
    focus_on(session, "panels:view")
    carry_out(session, session.keys.press_focused(session.hud, session.panels))
    rows = [t.key for t in focus_order(session.hud, session.panels)]
    index = session.panels.view_menu.choice.options.index("projector")
    focus_on(session, f"panels:view-rows:{index}")
    assert carry_out(session, session.keys.press_focused(session.hud, session.panels)) == [SetDisplay("projector", True)]
    assert session.hud.theme is PROJECTOR and session.hud.scale > scale
    frame = session.frame()
    assert frame.view.backdrop is not None and frame.view.line_scale > 1
    assert session.panels.view_menu.switch_on("projector")
    session.apply(SetDisplay("large_text", True))
    assert session.hud.scale > scale * 1.4  # 1.25 x 1.15
    # Reduced motion: a flick leaves the camera where it was let go.
    session.apply(SetDisplay("reduced_motion", True))
    yaw = session.rig.camera.yaw
    session.rig.release(200.0, 0.0)
    session.update(0.5)
    assert session.rig.camera.yaw == yaw
    session.apply(SetDisplay("reduced_motion", False))
    session.rig.release(200.0, 0.0)
    session.update(0.5)
    assert session.rig.camera.yaw != yaw
    assert rows


def test_the_formula_panel_is_in_the_ring_and_enter_on_its_field_starts_typing():
    session = make("default", formula=True)
    keys = tab_round(session)
    assert "panels:formula:field" in keys and "panels:formula:use" in keys
    assert sum(k.startswith("panels:formula:example:") for k in keys) == len(session.panels.formula.examples)
    while session.keys.focus.key != "panels:formula:field":
        session.apply(MoveFocus(1))
    assert not session.panels.formula.focused
    carry_out(session, session.keys.press_focused(session.hud, session.panels))
    assert session.panels.formula.focused  # letters now go to the field, not to the keys
