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


def test_titles_captions_and_ball_labels_per_language_fall_back_to_english():
    from engine.model.scene import SceneError, parse_scene
    from engine.support import i18n
    data = {"title": {"en": "The bowl", "fr": "Le bol"}, "caption": "Only English here.",
            "landscape": {"name": "bowl"},
            "ball": [{"label": {"en": "Slow", "de": "Langsam"}}, {"label": "Momentum"}, {}]}
    scene = parse_scene(data, "x", "x.toml")
    assert (scene.title, scene.caption, scene.balls[0].label) == ("The bowl", "Only English here.", "Slow")
    try:
        i18n.use("fr")
        assert scene.title_shown() == "Le bol" and scene.caption_shown() == "Only English here."
        assert scene.label_shown(0, "Slow") == "Slow"            # no French label: English
        i18n.use("de")
        assert scene.title_shown() == "The bowl"
        assert scene.label_shown(0, "Slow") == "Langsam"
        assert scene.label_shown(0, "lr 0.1") == "lr 0.1"        # a label no longer the scene's
        i18n.use("el")
        assert scene.label_shown(1, "Momentum") == "Ορμή"        # an optimizer's name: the catalog
    finally:
        i18n.use("en")
    for bad, problem in (({"title": 3}, "x.toml: title: must be a string or a table of languages"),
                         ({"caption": {"fr": 1}}, "x.toml: caption.fr: must be a string, got a whole number"),
                         ({"ball": [{"label": {"f r": "x"}}]}, "x.toml: ball[0].label.f r: not a language code")):
        try:
            parse_scene({"landscape": {"name": "bowl"}, "ball": [{}], **bad}, "x", "x.toml")
        except SceneError as exc:
            assert str(exc).startswith(problem) and "\n" not in str(exc)
        else:
            raise AssertionError(f"{bad} was accepted")
