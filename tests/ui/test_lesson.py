"""Lesson files: hidden and locked controls, and captions that follow the lesson."""

import pytest

from engine.model.lesson import LR_SLIDER_RANGE
from engine.model.scene import SceneError, load_scene, make_simulation
from engine.model.status import Status
from engine.ui.actions import LR_RANGE, Reset, SelectBall, SetHyper
from engine.ui.session import Session


def session(name="lr-bowl", size=(1280, 720)):
    scene = load_scene(name)
    return Session(scene, make_simulation(scene), *size)


def test_the_lesson_may_narrow_the_sliders_own_range_only():
    assert LR_SLIDER_RANGE == LR_RANGE


def test_only_the_lessons_controls_are_in_the_dock():
    s = session()
    assert set(s.hud.layout.groups) == {"transport", "lr"}
    assert not s.hud.optimizer_choice.visible and not s.hud.speed_slider.visible
    assert (s.hud.lr_slider.low, s.hud.lr_slider.high) == (0.01, 2.0)
    # Another scene gets every control back.
    s.load(load_scene("default"), make_simulation(load_scene("default")))
    assert {"transport", "optimizer", "lr", "speed", "zoom"} <= set(s.hud.layout.groups)
    assert (s.hud.lr_slider.low, s.hud.lr_slider.high) == LR_RANGE


def test_a_locked_optimizer_ignores_the_number_keys_too():
    s = session()
    s.set_optimizer("adam")
    assert list(s.sim.kind) == ["sgd"] * 4


def test_the_learning_rate_slider_stays_in_the_lessons_range():
    s = session()
    slider = s.hud.lr_slider
    slider.set_value(50.0)
    assert slider.value == 2.0
    assert slider.value_at_fraction(0.0) == pytest.approx(0.01)


def test_captions_follow_the_lesson_and_start_again_on_new_start():
    s = session()
    start = s.panels.state.caption
    assert start.startswith("What you're seeing: four balls")
    s.run_steps(30)       # red has flown off, green is not down yet
    s.frame()             # what the next frame shows
    assert Status(int(s.sim.status[3])) == Status.DIVERGED
    assert s.panels.state.caption.startswith("Red's steps were so big")
    s.run_steps(400)      # green is at the bottom
    s.frame()
    assert s.panels.state.caption.startswith("Green has reached the bottom")
    s.apply(Reset())
    s.frame()
    assert s.panels.state.caption == start


def test_try_give_red_a_smaller_learning_rate_and_press_new_start():
    s = session()
    s.run_steps(30)
    s.apply(SelectBall(3))
    s.apply(SetHyper("lr", 1.5))
    s.apply(Reset())
    s.run_steps(600)
    assert Status(int(s.sim.status[3])) == Status.GLOBAL


LESSON = """
[landscape]
name = "bowl"
[[ball]]
lr = 0.5
{extra}
"""


@pytest.mark.parametrize("extra, message", [
    ("[lesson]\ncontrols = ['lr', 'wings']", "lesson.controls: unknown control 'wings'"),
    ("[lesson]\nlr_range = [1, 0.1]", "lesson.lr_range: [1, 0.1] must have"),
    ("[lesson]\nlr_range = [0.001, 100]", "must have 0.0001 <= low < high <= 10"),
    ("[lesson]\nlr_range = [0.01, 0.1]", "ball[0].lr: 0.5 is outside the lesson's lr_range [0.01, 0.1]"),
    ("[[lesson.caption]]\ntext = 'hi'", "lesson.caption[0]: needs at_step or when"),
    ("[[lesson.caption]]\ntext = 'hi'\nwhen = 'later'", "lesson.caption[0].when: must be one of"),
    ("[[lesson.caption]]\ntext = 'hi'\nwhen = 'minimum'\nball = 2",
     "lesson.caption[0].ball: must be a ball's number, 0 to 0"),
    ("[[lesson.caption]]\nat_step = 3", "lesson.caption[0].text: missing"),
    ("[lesson]\nlocks = 1", "lesson.locks: unknown key"),
])
def test_lesson_mistakes_are_one_line(tmp_path, extra, message):
    path = tmp_path / "l.toml"
    path.write_text(LESSON.format(extra=extra))
    with pytest.raises(SceneError) as info:
        load_scene(str(path))
    assert message in str(info.value) and "\n" not in str(info.value)


def test_a_caption_at_a_step(tmp_path):
    path = tmp_path / "l.toml"
    path.write_text(LESSON.format(extra="[[lesson.caption]]\nat_step = 5\ntext = 'Five steps in.'"))
    scene = load_scene(str(path))
    sim = make_simulation(scene)
    assert scene.lesson.caption(sim, "first") == "first"
    sim.step(5)
    assert scene.lesson.caption(sim, "first") == "Five steps in."
