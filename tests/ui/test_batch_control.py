"""The batch-size row of the advanced panel, on a data landscape."""

import numpy as np

from engine.model.scene import load_scene, make_simulation
from engine.ui.actions import SelectBall, SetBatchSize, ToggleView
from engine.ui.panels.advanced import BATCH
from engine.ui.dock.hud import SetOptimizer
from engine.ui.session import Session


def session(name="minibatch"):
    scene = load_scene(name)
    return Session(scene, make_simulation(scene), 1280, 720)


def drag_to(s, slider, fraction):
    x0 = slider.thumb_x
    x1 = slider.track_x0 + fraction * (slider.track_x1 - slider.track_x0)
    y = slider.rect.cy
    assert s.panels.on_press(x0, y)
    actions = s.panels.on_drag(x1, y) + s.panels.on_release(x1, y)
    for action in actions:
        s.apply(action)
    return actions


def test_the_row_shows_the_selected_balls_batch_and_sets_it():
    s = session()
    s.apply(ToggleView("advanced", True))
    s.frame()                                                # what the next frame shows
    row = s.panels.advanced.widgets[BATCH]
    assert row.visible and row.text() == "1"                 # ball 0: batches of one
    s.apply(SelectBall(2))
    s.frame()
    assert row.text() == "all 928"
    actions = drag_to(s, row, 0.0)
    assert actions and actions[-1] == SetBatchSize(1)
    assert s.sim.balls[2].batch_size == 1
    drag_to(s, row, 1.0)
    assert s.sim.balls[2].batch_size == 0


def test_the_row_survives_a_change_of_optimizer_and_is_absent_elsewhere():
    s = session()
    s.apply(ToggleView("advanced", True))
    s.apply(SetOptimizer("adam"))
    s.frame()
    assert BATCH in s.panels.advanced.keys and "beta1" in s.panels.advanced.keys
    s.load(load_scene("default"), make_simulation(load_scene("default")))
    s.frame()
    assert BATCH not in s.panels.advanced.keys


def test_a_batch_size_set_between_steps_is_the_same_at_any_rhythm():
    scene = load_scene("minibatch")
    a, b = make_simulation(scene), make_simulation(scene)
    a.step(30)
    for _ in range(30):
        b.step(1)
    a.set_batch_size(2, 8)
    b.set_batch_size(2, 8)
    a.step(40)
    b.step(17)
    b.step(23)
    np.testing.assert_array_equal(a.pos, b.pos)
    assert a.balls[2].batch_size == 8
