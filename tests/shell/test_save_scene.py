"""Save as scene: what is on screen, written as a scene file, loads back to it."""

import numpy as np
import pytest

from engine.model.overrides import Overrides
from engine.model.scene import load_scene, make_simulation
from engine.model.scene_writer import scene_toml
from engine.shell.window_capture import WindowCapture
from engine.ui.actions import SelectBall, SetHyper, SetOptimizer, ToggleView
from engine.ui.session import Session


def session_of(scene):
    return Session(scene, make_simulation(scene), 1280, 720)


def reload(tmp_path, session):
    path = WindowCapture(session).save_scene(tmp_path)
    assert path is not None and path.suffix == ".toml"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # nothing else left behind
    return load_scene(str(path)), path


def test_a_changed_scene_round_trips(tmp_path):
    s = session_of(load_scene("race"))
    s.run_steps(25)
    s.apply(SelectBall(2))
    s.apply(SetOptimizer("adam"))
    s.apply(SetHyper("lr", 0.037))
    s.apply(ToggleView("basin_map", True))
    s.apply(ToggleView("legend", False))
    s.rig.camera = s.rig.camera.orbited(400.0, -10.0)
    loaded, path = reload(tmp_path, s)
    assert loaded.title == s.scene.title and loaded.caption == s.scene.caption
    assert [b.optimizer for b in loaded.balls] == list(s.sim.kind)
    for i, ball in enumerate(loaded.balls):
        assert ball.hyper == s.sim.hyper_of(i)
        assert ball.start == (s.sim.start[0, i], s.sim.start[1, i])
        assert ball.label == s.sim.balls[i].label
    assert loaded.views == s.views and loaded.views["basin_map"] and not loaded.views["legend"]
    assert loaded.camera["pitch"] == pytest.approx(s.rig.camera.pitch)
    assert loaded.camera["yaw"] == pytest.approx((s.rig.camera.yaw + 180) % 360 - 180)
    # Saving what was loaded gives the very same file.
    assert scene_toml(loaded) == path.read_text(encoding="utf-8")


def test_the_saved_scene_replays_the_same_paths(tmp_path):
    scene = Overrides(scene="default", seed=11).load()   # a random start, made fixed by saving
    s = session_of(scene)
    loaded, _ = reload(tmp_path, s)
    a, b = make_simulation(scene), make_simulation(loaded)
    a.step(200)
    b.step(200)
    np.testing.assert_array_equal(a.pos, b.pos)


@pytest.mark.parametrize("name", ["minibatch", "lr-bowl"])
def test_data_landscapes_batches_and_lessons_round_trip(tmp_path, name):
    scene = load_scene(name)
    loaded, _ = reload(tmp_path, session_of(scene))
    assert loaded.surface_name == scene.surface_name
    assert [b.batch_size for b in loaded.balls] == [b.batch_size for b in scene.balls]
    assert loaded.lesson == scene.lesson
    a, b = make_simulation(scene), make_simulation(loaded)
    a.step(100)
    b.step(100)
    np.testing.assert_array_equal(a.pos, b.pos)


def test_a_formula_scene_round_trips_with_awkward_text(tmp_path):
    scene = Overrides(scene="default", formula="(x - 1)^2 + 2*(y + 0.5)^2", domain=(-2.0, 4.0)).load()
    scene.title = 'A "quoted" title with a backslash \\ and ünïcode'
    scene.caption = "Two\nlines"
    loaded, _ = reload(tmp_path, session_of(scene))
    assert loaded.formula == scene.formula and loaded.domain == (-2.0, 4.0)
    assert loaded.title == scene.title and loaded.caption == scene.caption


def test_an_unwritable_folder_leaves_nothing_and_says_so(tmp_path):
    s = session_of(load_scene("default"))
    missing = tmp_path / "no" / "such"
    assert WindowCapture(s).save_scene(missing) is None
    assert "could not be saved" in s.notices.text
