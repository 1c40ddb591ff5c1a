"""Scene files: the built-ins load, and every mistake is one clear line."""

import pytest

from engine.model.scene import SceneError, load_scene, scene_names

REQUIRED = {"default", "momentum-escape", "lr-lesson", "race"}


def test_the_required_scenes_ship():
    assert REQUIRED <= set(scene_names())


@pytest.mark.parametrize("name", scene_names())
def test_every_built_in_scene_loads_with_a_caption(name):
    scene = load_scene(name)
    assert scene.balls and scene.title and len(scene.caption) > 40
    scene.make_surface()


GOOD = """
title = "t"
seed = 3
[landscape]
name = "saddle"
[[ball]]
optimizer = "momentum"
lr = 0.1
"""


def write(tmp_path, text, name="s.toml"):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_a_minimal_scene_file_loads(tmp_path):
    scene = load_scene(write(tmp_path, GOOD))
    assert scene.seed == 3 and scene.balls[0].hyper == {"lr": 0.1}
    assert scene.balls[0].start is None


BAD = [
    (GOOD + "bogus = 1\n", "bogus: unknown key"),
    (GOOD.replace('name = "saddle"', 'name = "volcano"'), "landscape.name: unknown landscape 'volcano'"),
    (GOOD.replace('"momentum"', '"lbfgs"'), "ball[0].optimizer: unknown optimizer 'lbfgs'"),
    (GOOD.replace("lr = 0.1", 'lr = "fast"'), "ball[0].lr: must be a number, got a string"),
    (GOOD.replace("lr = 0.1", "lr = -1"), "ball[0].lr: must be between"),
    (GOOD.replace("lr = 0.1", "lr = 0.1\nbeta1 = 0.9"), "ball[0].beta1: unknown key"),
    (GOOD.replace("seed = 3", "seed = 1.5"), "seed: must be a whole number"),
    (GOOD.replace('name = "saddle"', 'name = "saddle"\ntilt = 7'), "landscape.tilt: must be between"),
    (GOOD.replace('name = "saddle"', 'name = "saddle"\nheight = 1'), "landscape.height: unknown parameter"),
    (GOOD + 'start = [9, 0]\n', "ball[0].start: [9, 0] is outside"),
    (GOOD + 'colour = "red"\n', "ball[0].colour: must be"),
    (GOOD + "[camera]\npitch = 120\n", "camera.pitch: must be between"),
    (GOOD.split("[[ball]]")[0], "ball: missing"),
    ("title = [", "not valid TOML"),
]


@pytest.mark.parametrize("text,message", BAD)
def test_a_bad_scene_names_the_file_the_key_and_the_problem(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(SceneError) as info:
        load_scene(path)
    line = str(info.value)
    assert "\n" not in line
    assert line.startswith(path)
    assert message in line


def test_an_unknown_scene_name_lists_the_choices():
    with pytest.raises(SceneError, match="unknown scene 'nope' \\(choose from .*default"):
        load_scene("nope")


def test_a_missing_scene_file_is_reported():
    with pytest.raises(SceneError, match="no such scene file"):
        load_scene("/nonexistent/scene.toml")
