"""The lesson scenes do what their captions promise, and --ball / --title work."""

import math

import numpy as np
import pytest

from engine.model.overrides import Overrides
from engine.model.scene import load_scene, make_simulation
from engine.model.status import Status
from engine.support.errors import UsageError


def statuses(sim):
    return [Status(int(s)) for s in sim.status]


def test_the_bowl_lesson_crawls_converges_zigzags_and_diverges():
    sim = make_simulation(load_scene("lr-bowl"))
    sim.step(300)   # the crawling ball arrives at about step 390
    crawl, good, zigzag, wild = statuses(sim)
    assert crawl == Status.RUNNING and good == Status.GLOBAL and zigzag == Status.GLOBAL
    assert wild == Status.DIVERGED
    # Zig-zag: across the valley (the steep direction) the orange ball's
    # offset changes sign at every step; the green one's never does.
    angle = math.radians(30.0)

    def across(path):
        return -math.sin(angle) * path[:12, 0] + math.cos(angle) * path[:12, 1]

    assert np.all(np.sign(across(sim.path(2))[1:]) != np.sign(across(sim.path(2))[:-1]))
    assert len(set(np.sign(across(sim.path(1))))) == 1


def test_try_sliding_reds_learning_rate_down_stops_it_flying_off():
    sim = make_simulation(load_scene("lr-bowl"))
    sim.set_hyper("lr", 1.6, balls=3)
    sim.step(600)
    assert statuses(sim)[3] == Status.GLOBAL


def test_the_batch_lesson_full_batch_settles_and_batch_of_one_does_not():
    sim = make_simulation(load_scene("minibatch"))
    sim.step(600)
    one, sixteen, full = statuses(sim)
    assert full == Status.GLOBAL and one == Status.RUNNING and sixteen == Status.RUNNING
    loss = sim.loss
    assert loss[2] < loss[1] and loss[2] < loss[0]


def test_try_lowering_the_learning_rate_shrinks_the_wobble():
    # The dock's slider steers the selected ball: the batch of one, at first.
    from engine.ui.actions import SetHyper
    from engine.ui.session import Session

    def wobble(lr):
        scene = load_scene("minibatch")
        s = Session(scene, make_simulation(scene), 1280, 720)
        s.run_steps(100)
        if lr is not None:
            s.apply(SetHyper("lr", lr))
        s.run_steps(300)
        return float(np.std(s.sim.path(0)[200:, 0]))
    assert wobble(0.005) < 0.3 * wobble(None)


def test_ball_option_replaces_the_scenes_balls():
    scene = Overrides(scene="lr-bowl", ball=("adam lr=0.05", "sgd lr=0.1 start=1,2 label=Slow_one")).load()
    assert [b.optimizer for b in scene.balls] == ["adam", "sgd"]
    assert scene.balls[0].hyper == {"lr": 0.05} and scene.balls[0].start is None
    assert scene.balls[1].start == (1.0, 2.0) and scene.balls[1].label == "Slow one"
    assert scene.balls[0].colour != scene.balls[1].colour
    scene = Overrides(scene="minibatch", ball=("sgd lr=0.05 batch_size=16",)).load()
    assert scene.balls[0].batch_size == 16
    with pytest.raises(UsageError, match=r'^--ball "adm": optimizer: unknown optimizer'):
        Overrides(ball=("adm",)).load()
    with pytest.raises(UsageError, match="is not key=value"):
        Overrides(ball=("sgd lr",)).load()


def test_batch_size_option_sets_every_ball_on_a_data_landscape_only():
    scene = Overrides(scene="minibatch", batch_size=4).load()
    assert [b.batch_size for b in scene.balls] == [4, 4, 4]
    with pytest.raises(UsageError, match="^--batch-size: only a data landscape"):
        Overrides(scene="lr-bowl", batch_size=4).load()
    with pytest.raises(UsageError, match="^--batch-size: 1000 is more than the 928 samples"):
        Overrides(scene="minibatch", batch_size=1000).load()


def test_lr_option_must_respect_the_lessons_range():
    with pytest.raises(UsageError, match=r"^--lr: 5 is outside the lesson's lr_range \[0.01, 2\]"):
        Overrides(scene="lr-bowl", lr=5.0).load()


def test_try_tap_the_iris_landscape_for_a_bad_rule_and_the_line_swings_into_place():
    from engine.maths.surfaces import Iris
    sim = make_simulation(load_scene("iris"))
    sim.place(0, 3.0, -3.5)            # a bad rule: most flowers on the wrong side
    s = Iris()

    def wrong(w, b):
        return np.mean(((w * s.f1 + b * s.f2) > 0) != (s.label == 1))

    assert wrong(*sim.pos[:, 0]) > 0.5
    before = s.fit_line(*sim.pos[:, 0])
    sim.step(300)
    after = s.fit_line(*sim.pos[:, 0])

    def slope(line):
        return -line[0] / line[1]

    assert np.sign(slope(before)) != np.sign(slope(after))   # the line has swung round
    assert wrong(*sim.pos[:, 0]) < 0.1
