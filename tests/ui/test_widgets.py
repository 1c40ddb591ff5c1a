"""Widget logic with synthetic press, drag and release; no drawing, no GL."""

import math

import pytest

from engine.ui.widgets.controls import Button, Choice, Rect, Slider, Toggle, round_significant


def at_fraction(slider: Slider, t: float) -> float:
    """The x coordinate ``t`` of the way along the slider's track."""
    return slider.track_x0 + t * (slider.track_x1 - slider.track_x0)


def make_log_slider() -> Slider:
    return Slider("Learning rate", 0.01, 1e-4, 1.0, log=True,
                  rect=Rect(100, 50, 400, 56), thumb_radius=14)


# Rect ----------------------------------------------------------------------
def test_a_rect_contains_its_edges_and_not_the_points_beyond():
    r = Rect(10, 20, 100, 50)
    assert r.contains(10, 20) and r.contains(110, 70) and r.contains(60, 45)
    assert not r.contains(9.9, 45) and not r.contains(60, 70.1)


def test_rects_that_only_touch_do_not_overlap():
    a = Rect(0, 0, 10, 10)
    assert not a.overlaps(Rect(10, 0, 10, 10))
    assert a.overlaps(Rect(9, 9, 10, 10))


# Slider --------------------------------------------------------------------
def test_given_a_log_slider_when_pressed_at_three_quarters_then_the_value_is_a_tenth():
    slider = make_log_slider()
    assert slider.on_press(at_fraction(slider, 0.75), slider.track_y)
    assert slider.value == pytest.approx(10 ** -1)


def test_given_a_log_slider_equal_steps_along_the_track_multiply_the_value_equally():
    slider = make_log_slider()
    values = [slider.value_at_x(at_fraction(slider, t)) for t in (0.0, 0.25, 0.5, 1.0)]
    assert values == pytest.approx([1e-4, 1e-3, 1e-2, 1.0])


def test_given_a_linear_slider_when_pressed_in_the_middle_then_the_value_is_halfway():
    slider = Slider("Momentum", 0.0, 0.0, 0.99, rect=Rect(0, 0, 300, 56))
    slider.on_press(at_fraction(slider, 0.5), 28)
    assert slider.value == pytest.approx(0.495)


def test_when_dragged_past_either_end_then_the_value_clamps_to_the_range():
    slider = make_log_slider()
    slider.on_press(at_fraction(slider, 0.5), slider.track_y)
    slider.on_drag(slider.rect.right + 500, slider.track_y)
    assert slider.value == pytest.approx(1.0)
    slider.on_drag(slider.rect.x - 500, slider.track_y + 300)
    assert slider.value == pytest.approx(1e-4)


def test_a_press_that_started_on_the_slider_keeps_control_when_the_finger_leaves_it():
    slider = make_log_slider()
    slider.on_press(at_fraction(slider, 0.5), slider.track_y)
    slider.on_drag(at_fraction(slider, 0.75), slider.rect.top + 200)
    assert slider.value == pytest.approx(0.1)


def test_pressing_the_thumb_grabs_it_without_making_the_value_jump():
    slider = make_log_slider()
    before = slider.value
    slider.on_press(slider.thumb_x + 6, slider.track_y)
    assert slider.value == before
    # moving the finger by a quarter of the track moves the value by a decade
    slider.on_drag(slider.thumb_x + 6 + 0.25 * (slider.track_x1 - slider.track_x0), slider.track_y)
    assert slider.value == pytest.approx(before * 10)


def test_release_reports_the_new_value_or_none_when_nothing_changed():
    slider = make_log_slider()
    slider.on_press(slider.thumb_x, slider.track_y)
    assert slider.on_release(slider.thumb_x, slider.track_y) is None
    slider.on_press(at_fraction(slider, 1.0), slider.track_y)
    assert slider.on_release(at_fraction(slider, 1.0), slider.track_y) == pytest.approx(1.0)
    assert not slider.captured


def test_a_press_outside_the_slider_is_not_handled_and_later_drags_change_nothing():
    slider = make_log_slider()
    before = slider.value
    assert not slider.on_press(slider.rect.x - 5, slider.track_y)
    slider.on_drag(at_fraction(slider, 1.0), slider.track_y)
    assert slider.on_release(at_fraction(slider, 1.0), slider.track_y) is None
    assert slider.value == before


def test_a_hidden_slider_ignores_presses():
    slider = make_log_slider()
    slider.visible = False
    assert not slider.on_press(at_fraction(slider, 0.5), slider.track_y)


def test_snapping_rounds_dragged_values():
    slider = Slider("Learning rate", 0.05, 1e-4, 10.0, log=True, snap=round_significant,
                    rect=Rect(0, 0, 500, 56))
    slider.on_press(at_fraction(slider, 0.4321), 28)
    digits = f"{slider.value:.6e}".split("e")[0].rstrip("0").replace(".", "")
    assert len(digits) <= 2


def test_set_value_clamps_and_ignores_non_finite_values():
    slider = make_log_slider()
    slider.set_value(50)
    assert slider.value == 1.0
    slider.set_value(float("nan"))
    assert slider.value == 1.0


def test_position_and_value_map_back_and_forth():
    slider = make_log_slider()
    for value in (1e-4, 3.3e-3, 0.07, 1.0):
        assert slider.value_at_x(slider.x_for_value(value)) == pytest.approx(value)


@pytest.mark.parametrize("low, high, log", [(1.0, 1.0, False), (0.0, 1.0, True), (-1, 1, True)])
def test_a_slider_with_an_impossible_range_is_refused(low, high, log):
    with pytest.raises(ValueError):
        Slider("x", 0.5, low, high, log=log)


def test_round_significant_keeps_two_digits():
    assert round_significant(0.04731) == pytest.approx(0.047)
    assert round_significant(1234.0) == pytest.approx(1200.0)
    assert math.isnan(round_significant(float("nan")))


# Button and Toggle ---------------------------------------------------------
def test_given_a_button_when_pressed_and_released_on_it_then_it_fires_its_action():
    button = Button("Step", action="step", rect=Rect(0, 0, 60, 60))
    assert button.on_press(30, 30)
    assert button.armed
    assert button.on_release(31, 29) == "step"
    assert not button.armed and not button.captured


def test_release_outside_a_button_does_not_fire_it():
    button = Button("Step", action="step", rect=Rect(0, 0, 60, 60))
    button.on_press(30, 30)
    button.on_drag(200, 30)
    assert not button.armed
    assert button.on_release(200, 30) is None


def test_sliding_off_and_back_onto_a_button_still_fires_it():
    button = Button("Step", action="step", rect=Rect(0, 0, 60, 60))
    button.on_press(30, 30)
    button.on_drag(200, 30)
    button.on_drag(40, 40)
    assert button.armed
    assert button.on_release(40, 40) == "step"


def test_a_release_on_a_button_after_a_press_elsewhere_does_not_fire_it():
    button = Button("Step", action="step", rect=Rect(0, 0, 60, 60))
    assert not button.on_press(300, 300)
    assert button.on_release(30, 30) is None


def test_a_button_without_an_explicit_action_fires_its_label():
    button = Button("Reset", rect=Rect(0, 0, 60, 60))
    button.on_press(1, 1)
    assert button.on_release(1, 1) == "Reset"


def test_a_toggle_flips_when_it_fires_and_not_when_the_tap_is_cancelled():
    toggle = Toggle("Play", icon="play", icon_on="pause", label_on="Pause",
                    action="play", rect=Rect(0, 0, 60, 60))
    assert toggle.current_icon == "play"
    toggle.on_press(10, 10)
    assert toggle.on_release(10, 10) == "play"
    assert toggle.on and toggle.current_icon == "pause" and toggle.current_label == "Pause"
    toggle.on_press(10, 10)
    toggle.on_release(100, 100)
    assert toggle.on


# Choice --------------------------------------------------------------------
def make_choice() -> Choice:
    choice = Choice(["sgd", "momentum", "adam"], labels=["SGD", "Momentum", "Adam"])
    choice.layout_row(Rect(0, 0, 300, 56))
    return choice


def test_given_a_choice_when_a_segment_is_tapped_then_that_option_is_selected():
    choice = make_choice()
    assert choice.selected == "sgd"
    assert choice.on_press(250, 20)
    assert choice.pressed_index == 2
    assert choice.on_release(260, 30) == "adam"
    assert choice.selected == "adam"


def test_a_press_on_one_segment_released_on_another_selects_nothing():
    choice = make_choice()
    choice.on_press(50, 20)
    assert choice.on_release(250, 20) is None
    assert choice.selected == "sgd"


def test_uneven_segment_widths_follow_the_weights():
    choice = make_choice()
    choice.layout_row(Rect(0, 0, 400, 56), [1, 2, 1])
    assert [s.w for s in choice.segments] == pytest.approx([100, 200, 100])
    assert choice.rect == Rect(0, 0, 400, 56)


def test_a_choice_needs_options_and_one_rect_per_option():
    with pytest.raises(ValueError):
        Choice([])
    with pytest.raises(ValueError):
        make_choice().set_segments([Rect(0, 0, 10, 10)])
