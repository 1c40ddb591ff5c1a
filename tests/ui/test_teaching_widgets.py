"""Legend, scene picker, View menu and advanced panel: rows, taps and the
actions they give; no GL."""

import math

import pytest

from engine.maths.optim import optimizer_class
from engine.model.loss_history import LossHistory
from engine.model.scene import load_scene, make_simulation, scene_names
from engine.model.views import DEFAULT_VIEWS, VIEW_NAMES
from engine.ui.actions import LoadScene, SelectBall, SetHyper, ToggleView
from engine.ui.panels.advanced import OFF_ZONE, SPECS, HyperSlider, advanced_keys, spec_of
from engine.ui.widgets.drawlist import Text
from engine.ui.dock.hud import Hud, SetOptimizer
from engine.ui.panels.legend import BallRow
from engine.ui.menus.scenes import SceneEntry, scene_entries
from engine.ui.panels.teaching import TeachingPanels, TeachingState, teaching_state

BALLS = [BallRow((0.8, 0.1, 0.1), "Too small", "SGD", 0.001, "running"),
         BallRow((0.9, 0.7, 0.2), "Just right", "SGD", 0.05, "global"),
         BallRow((0.2, 0.5, 1.0), "Too large", "SGD", 1.2, "diverged")]


def panels_with(balls=BALLS, optimizer="sgd", size=(1920, 1080), views=None, **kw) -> TeachingPanels:
    panels = TeachingPanels(Hud(*size), views=views, scenes=kw.pop("scenes", None))
    hyper = dict(optimizer_class(optimizer).defaults)
    panels.set_state(TeachingState(list(balls), kw.pop("selected", 0), optimizer, hyper, **kw))
    return panels


def tap(panels, rect) -> list:
    assert panels.on_press(rect.cx, rect.cy), f"nothing took the press on {rect}"
    return panels.on_release(rect.cx, rect.cy)


def texts(items) -> list[str]:
    return [t.text for t in items if isinstance(t, Text)]


# legend ------------------------------------------------------------------------
def test_given_three_balls_the_legend_has_a_row_each_with_label_optimizer_rate_and_status():
    panels = panels_with()
    shown = texts(panels.draw_list())
    assert ["Too small", "Just right", "Too large"] == [s for s in shown if s in
                                                         ("Too small", "Just right", "Too large")]
    assert "SGD · lr 0.0010" in shown and "SGD · lr 1.2" in shown
    assert {"Running", "Global min", "Diverged"} <= set(shown)
    assert len(panels.legend.choice.segments) == 3


def test_status_texts_take_the_hud_status_colours():
    panels = panels_with()
    theme = panels.hud.theme
    by_text = {t.text: t.colour for t in panels.draw_list() if isinstance(t, Text)}
    assert by_text["Diverged"] == theme.status["diverged"]
    assert by_text["Global min"] == theme.status["global"]


def test_when_a_legend_row_is_tapped_then_that_ball_is_selected():
    panels = panels_with()
    row = panels.legend.choice.segments[2]
    assert tap(panels, row) == [SelectBall(2)]
    assert panels.selected == 2


def test_a_tap_that_slides_off_its_row_selects_nothing():
    panels = panels_with()
    rows = panels.legend.choice.segments
    assert panels.on_press(rows[1].cx, rows[1].cy)
    assert panels.on_release(rows[2].cx, rows[2].cy) == []
    assert panels.selected == 0


def test_the_selection_follows_the_state_from_outside():
    panels = panels_with(selected=1)
    assert panels.selected == 1


def test_with_one_ball_there_is_no_legend():
    panels = panels_with(balls=BALLS[:1])
    assert panels.layout.get("legend") is None


def test_legend_rows_are_finger_sized():
    panels = panels_with()
    for row in panels.legend.choice.segments:
        assert row.h >= 48 * panels.hud.scale - 1e-6


# scene picker -------------------------------------------------------------------
def test_the_scene_picker_lists_every_scene_file_with_its_title():
    entries = scene_entries()
    assert [e.name for e in entries] == scene_names()
    for entry in entries:
        assert entry.title == (load_scene(entry.name).title or entry.name)


def test_when_the_scenes_button_is_tapped_every_scene_is_offered_in_finger_sized_rows():
    panels = panels_with(scene="race")
    assert tap(panels, panels.scene_picker.button.rect) == []
    assert panels.scene_picker.is_open
    rows = panels.scene_picker.choice.segments
    assert len(rows) == len(scene_names())
    assert all(r.h >= 48 for r in rows)
    shown = texts(panels.draw_list())
    for entry in scene_entries():
        assert entry.title in shown and entry.name in shown


def test_when_a_scene_is_chosen_then_it_is_loaded_and_the_list_closes():
    panels = panels_with()
    tap(panels, panels.scene_picker.button.rect)
    i = scene_names().index("lr-lesson")
    assert tap(panels, panels.scene_picker.choice.segments[i]) == [LoadScene("lr-lesson")]
    assert not panels.scene_picker.is_open


def test_a_tap_outside_an_open_list_closes_it_and_is_taken():
    panels = panels_with()
    tap(panels, panels.scene_picker.button.rect)
    assert panels.on_press(960, 540)         # over the landscape: taken, not a camera drag
    assert panels.on_release(960, 540) == []
    assert not panels.scene_picker.is_open
    assert not panels.on_press(960, 540)      # now the landscape has it again


def test_many_scenes_wrap_into_columns_above_the_dock():
    entries = [SceneEntry(f"scene-{i}", f"Scene number {i}") for i in range(30)]
    panels = panels_with(scenes=entries, size=(1280, 720))
    tap(panels, panels.scene_picker.button.rect)
    rows = panels.scene_picker.choice.segments
    assert len(rows) == 30
    assert len({round(r.x) for r in rows}) > 1
    dock = panels.hud.layout.dock
    for r in rows:
        assert not r.overlaps(dock) and r.y >= 0


# view menu ----------------------------------------------------------------------
def test_the_view_menu_has_a_switch_for_each_view_and_taps_flip_them():
    panels = panels_with()
    tap(panels, panels.view_menu.button.rect)
    rows = panels.view_menu.choice.segments
    # The views, then how the interface looks (projector theme, larger text, reduced motion).
    assert panels.view_menu.choice.options == list(VIEW_NAMES) + ["projector", "large_text", "reduced_motion"]
    i = VIEW_NAMES.index("basin_map")
    assert tap(panels, rows[i]) == [ToggleView("basin_map", not DEFAULT_VIEWS["basin_map"])]
    assert panels.views["basin_map"] is not DEFAULT_VIEWS["basin_map"]
    assert panels.view_menu.is_open                     # stays open for more switches
    assert set(texts(panels.draw_list())) >= {"Arrows", "Minimap", "Loss plot", "Basin map",
                                              "Captions", "Legend", "Advanced"}


def test_switching_the_legend_off_in_the_menu_removes_it():
    panels = panels_with()
    tap(panels, panels.view_menu.button.rect)
    tap(panels, panels.view_menu.choice.segments[VIEW_NAMES.index("legend")])
    assert panels.layout.get("legend") is None


def test_views_can_be_set_from_outside_and_unknown_ones_are_refused():
    panels = panels_with(views={"minimap": False})
    assert panels.views["minimap"] is False and panels.layout.get("minimap") is None
    panels.set_views(advanced=True)
    assert panels.layout.get("advanced") is not None
    with pytest.raises(ValueError, match="unknown view"):
        panels.set_views(sparkles=True)


def test_opening_one_menu_closes_the_other():
    panels = panels_with()
    tap(panels, panels.view_menu.button.rect)
    tap(panels, panels.view_menu.button.rect)       # a second tap closes it
    assert not panels.view_menu.is_open
    tap(panels, panels.view_menu.button.rect)
    tap(panels, panels.scene_picker.button.rect)    # taken to close the View list first
    assert not panels.view_menu.is_open and not panels.scene_picker.is_open


# advanced panel -----------------------------------------------------------------
@pytest.mark.parametrize("optimizer, expected", [
    ("sgd", ["momentum", "dampening", "weight_decay"]),
    ("momentum", ["nesterov", "dampening", "weight_decay"]),
    ("nesterov", ["nesterov", "weight_decay"]),
    ("adam", ["beta1", "beta2", "eps", "weight_decay"]),
    ("rmsprop", ["alpha", "eps", "momentum", "centered", "weight_decay"]),
    ("adagrad", ["lr_decay", "initial_accumulator_value", "eps", "weight_decay"]),
    ("adamw", ["beta1", "beta2", "eps", "weight_decay"]),
    ("nadam", ["beta1", "beta2", "eps", "weight_decay", "momentum_decay", "decoupled_weight_decay"]),
    ("radam", ["beta1", "beta2", "eps", "weight_decay", "decoupled_weight_decay"]),
    ("adamax", ["beta1", "beta2", "eps", "weight_decay"]),
    ("adadelta", ["rho", "eps", "weight_decay"]),
    ("rprop", ["eta_minus", "eta_plus", "step_size_min", "step_size_max"]),
    ("asgd", ["lambd", "alpha", "weight_decay"]),
])
def test_each_optimizer_shows_its_own_hyper_parameters_but_not_the_docks(optimizer, expected):
    # then the ball's own gradient noise and learning-rate schedule
    assert advanced_keys(optimizer) == expected + ["noise", "schedule"]


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "nesterov", "adam", "rmsprop", "adagrad",
                                       "adamw", "nadam", "radam", "adamax", "adadelta", "rprop",
                                       "asgd"])
def test_slider_ranges_lie_within_what_the_optimizer_accepts(optimizer):
    cls = optimizer_class(optimizer)
    for key in advanced_keys(optimizer):
        spec = spec_of(optimizer, key)
        if spec.scale == "switch" or key in ("noise", "schedule"):
            continue
        low, high = cls.ranges[key]
        assert low <= spec.low < spec.high <= high, key
        assert spec.low <= cls.defaults[key] <= spec.high or cls.defaults[key] == 0, key


def drag_across(panels, slider, fractions) -> list:
    y = slider.rect.cy
    x = lambda f: slider.track_x0 + f * (slider.track_x1 - slider.track_x0)  # noqa: E731
    assert panels.on_press(x(fractions[0]), y)
    actions = []
    for f in fractions[1:]:
        actions += panels.on_drag(x(f), y)
    return actions + panels.on_release(x(fractions[-1]), y)


def test_dragging_beta2_emits_set_hyper_values_within_its_range():
    panels = panels_with(optimizer="adam", views={"advanced": True})
    slider = panels.advanced.widgets["beta2"]
    actions = drag_across(panels, slider, [0.5, 0.0, 0.3, 0.7, 1.0])
    assert actions and all(isinstance(a, SetHyper) and a.name == "beta2" for a in actions)
    assert all(0.9 <= a.value <= 0.9999 for a in actions)
    assert actions[-1].value == pytest.approx(0.9999)
    assert any(a.value == pytest.approx(0.9) for a in actions)


def test_beta_sliders_give_equal_room_to_each_nine():
    slider = HyperSlider(SPECS["beta1"], 0.9)
    f9, f99, f999 = (slider.fraction_of(v) for v in (0.9, 0.99, 0.999))
    assert f99 - f9 == pytest.approx(f999 - f99)
    assert slider.value_at_fraction(f99) == pytest.approx(0.99)


def test_eps_runs_on_a_log_scale():
    slider = HyperSlider(SPECS["eps"], 1e-8)
    assert slider.fraction_of(1e-7) - slider.fraction_of(1e-8) == pytest.approx(
        slider.fraction_of(1e-3) - slider.fraction_of(1e-4))


def test_weight_decay_is_off_at_the_left_end_and_logarithmic_beyond():
    slider = HyperSlider(SPECS["weight_decay"], 0.0)
    assert slider.value == 0.0 and slider.text() == "off"
    assert slider.value_at_fraction(0.0) == 0.0
    assert slider.value_at_fraction(OFF_ZONE) == pytest.approx(SPECS["weight_decay"].low)
    assert slider.value_at_fraction(1.0) == pytest.approx(SPECS["weight_decay"].high)
    mid = slider.value_at_fraction(OFF_ZONE + (1 - OFF_ZONE) / 2)
    assert mid == pytest.approx(math.sqrt(SPECS["weight_decay"].low * SPECS["weight_decay"].high), rel=0.05)


def test_the_centered_switch_sets_the_flag_and_nesterov_switches_optimizer():
    panels = panels_with(optimizer="rmsprop", views={"advanced": True})
    assert tap(panels, panels.advanced.widgets["centered"].rect) == [SetHyper("centered", 1.0)]
    panels = panels_with(optimizer="momentum", views={"advanced": True})
    assert tap(panels, panels.advanced.widgets["nesterov"].rect) == [SetOptimizer("nesterov")]


def test_a_drag_that_starts_on_a_switch_moves_nothing_and_does_not_fail():
    # Found by the soak: a drag across the advanced panel from a switch.
    panels = panels_with(optimizer="rmsprop", views={"advanced": True})
    rect = panels.advanced.widgets["centered"].rect
    assert panels.on_press(rect.cx, rect.cy)
    assert panels.on_drag(rect.cx + 60, rect.cy + 5) == []
    assert panels.on_drag(rect.cx - 200, rect.cy - 40) == []


def test_the_panel_follows_the_selected_balls_values_and_optimizer():
    panels = panels_with(optimizer="adam", views={"advanced": True})
    state = panels.state
    state.hyper = {**state.hyper, "beta1": 0.5, "eps": 1e-4}
    panels.set_state(state)
    assert panels.advanced.widgets["beta1"].value == pytest.approx(0.5)
    assert "1e−4" in texts(panels.draw_list())
    state.optimizer, state.hyper = "adagrad", dict(optimizer_class("adagrad").defaults)
    panels.set_state(state)
    assert set(panels.advanced.widgets) == set(advanced_keys("adagrad"))
    assert "Adagrad settings" in texts(panels.draw_list())


def test_an_advanced_slider_under_the_finger_keeps_its_value_when_state_arrives():
    panels = panels_with(optimizer="adam", views={"advanced": True})
    slider = panels.advanced.widgets["beta1"]
    x = slider.track_x0 + 0.2 * (slider.track_x1 - slider.track_x0)
    panels.on_press(x, slider.rect.cy)
    held = slider.value
    panels.set_state(panels.state)                 # the old value, from the simulation
    assert slider.value == held


# from a real simulation ---------------------------------------------------------
def test_the_state_comes_from_the_simulation_and_the_history_follows_its_steps():
    scene = load_scene("race")
    sim = make_simulation(scene)
    history = LossHistory(sim.n)
    for _ in range(30):
        sim.step(5)
        history.record(sim.steps, sim.loss)
    st = teaching_state(sim, selected=3, history=history, scene=scene, playing=True)
    assert [b.label for b in st.balls] == [b.display_label() for b in sim.balls]
    assert [b.optimizer for b in st.balls] == [optimizer_class(k).title for k in sim.kind]
    assert st.optimizer == sim.kind[3] and st.hyper == {**sim.hyper_of(3), "noise": 0.0, "schedule": 0.0}
    assert st.loss_floor == pytest.approx(sim.surface.global_minimum.height)
    assert st.caption == scene.caption and st.scene == "race"
    assert history.series(0)[0][-1] == sim.steps[0]
    paused = teaching_state(sim, history=history, scene=scene, playing=False)
    assert {b.status for b in paused.balls} <= {"paused", "global", "local", "diverged"}

    sim.reset()                                     # every ball back to step 0
    history.record(sim.steps, sim.loss)
    assert all(len(history.series(i)[0]) == 1 for i in range(sim.n))


def test_the_schedule_row_chooses_a_schedule_and_the_noise_row_a_sigma():
    panels = panels_with(optimizer="sgd", views={"advanced": True})
    schedule = panels.advanced.widgets["schedule"]
    assert schedule.text() == "constant"
    actions = drag_across(panels, schedule, [0.0, 0.5, 1.0])
    assert all(isinstance(a, SetHyper) and a.name == "schedule" for a in actions)
    assert actions[-1].value == 5.0 and schedule.text() == "one cycle"
    assert all(a.value == int(a.value) for a in actions)
    noise = panels.advanced.widgets["noise"]
    actions = drag_across(panels, noise, [0.0, 1.0])
    assert actions[-1] == SetHyper("noise", 10.0)
