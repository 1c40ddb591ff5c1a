"""The operator's settings file: every key read, every mistake reported with
its key, and the kiosk always left with settings it can run on."""

import logging
from datetime import time
from pathlib import Path

import pytest

from engine.kiosk.config import (
    KioskConfig,
    default_config_paths,
    default_log_path,
    load_config,
    parse_chord,
    parse_config,
)
from engine.kiosk.log import setup_logging
from engine.kiosk.stage import scene_problem

GOOD = """
scenes = ["default", "race"]
home_scene = "lr-lesson"
idle_seconds = 90
attract_scene_seconds = 45
attract_reset_seconds = 6
attract_orbit_degrees_per_second = -4
diverged_reset_seconds = 2.5
exit_chord = "Ctrl+Alt+K"
exit_hold_seconds = 5
interface_scale = 1.8
burn_in_shift_pixels = 6
burn_in_shift_seconds = 120
log_path = "~/downhill-test.log"

[opening_hours]
open = "08:45"
close = 18:30:00
days = ["Tue", "wed", "THU", "friday", "sat", "sun"]
dim_brightness = 0.1
"""


def test_given_a_complete_file_then_every_key_is_used(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text(GOOD, encoding="utf-8")
    config, problems = load_config(str(path), scene_problem)
    assert problems == []
    assert config.scenes == ("default", "race")
    assert config.home_scene == "lr-lesson"
    assert (config.idle_seconds, config.attract_scene_seconds, config.attract_reset_seconds) == (90, 45, 6)
    assert config.attract_orbit_degrees_per_second == -4
    assert config.diverged_reset_seconds == 2.5
    assert config.exit_chord == ("ctrl", "alt", "k") and config.exit_hold_seconds == 5
    assert config.interface_scale == 1.8
    assert (config.burn_in_shift_pixels, config.burn_in_shift_seconds) == (6, 120)
    assert config.log_path == str(Path("~/downhill-test.log").expanduser())
    hours = config.opening_hours
    assert (hours.open, hours.close) == (time(8, 45), time(18, 30))
    assert hours.days == frozenset({1, 2, 3, 4, 5, 6}) and hours.dim_brightness == 0.1
    assert config.source == str(path)


def test_the_shipped_example_file_is_valid_and_shows_the_defaults():
    example = Path(__file__).resolve().parents[2] / "packaging" / "kiosk" / "kiosk.example.toml"
    config, problems = load_config(str(example), scene_problem)
    assert problems == []
    assert config == KioskConfig()  # the comments' values are the real defaults
    text = example.read_text(encoding="utf-8")
    for key in ("scenes", "home_scene", "idle_seconds", "attract_scene_seconds", "attract_reset_seconds",
                "attract_orbit_degrees_per_second", "diverged_reset_seconds", "exit_chord",
                "exit_hold_seconds", "interface_scale", "burn_in_shift_pixels", "burn_in_shift_seconds",
                "log_path", "opening_hours", "open", "close", "days", "dim_brightness",
                "languages", "theme", "text_size", "reduced_motion"):
        assert f"{key} =" in text or f"[{key}]" in text, key


def test_given_bad_values_then_each_is_reported_by_key_and_replaced_by_its_default():
    data = {"idle_seconds": "soon", "interface_scale": 9, "exit_chord": "q",
            "scenes": ["default", "no-such-scene", 3], "home_scene": "nowhere",
            "log_path": 5, "attract_scene_seconds": 20, "colour": "blue"}
    config, problems = parse_config(data, "kiosk.toml", scene_problem)
    text = "\n".join(problems)
    assert "kiosk.toml: idle_seconds: must be a number, got a string; using 60" in text
    assert "kiosk.toml: interface_scale: must be between 0.5 and 3, got 9; using 1.4" in text
    assert "kiosk.toml: exit_chord: needs at least two keys" in text
    assert "kiosk.toml: scenes[1]: unknown scene 'no-such-scene'" in text
    assert "kiosk.toml: scenes[2]: must be a scene name" in text
    assert "kiosk.toml: home_scene: unknown scene 'nowhere'" in text
    assert "kiosk.toml: log_path: must be a file path" in text
    assert "kiosk.toml: colour: unknown key" in text
    defaults = KioskConfig()
    assert config.idle_seconds == defaults.idle_seconds
    assert config.interface_scale == defaults.interface_scale
    assert config.exit_chord == defaults.exit_chord
    assert config.home_scene == defaults.home_scene
    assert config.log_path is None
    assert config.scenes == ("default",)  # the usable part of the list
    assert config.attract_scene_seconds == 20  # good keys still apply


def test_given_no_usable_scene_then_the_default_rotation_is_kept():
    config, problems = parse_config({"scenes": ["nope"]}, "k.toml", scene_problem)
    assert config.scenes == KioskConfig().scenes
    assert any("k.toml: scenes: no usable scene" in p for p in problems)


@pytest.mark.parametrize("text, problem", [
    ("scenes = [", "not valid TOML"),
    (None, "no such file"),
    (b"\xff\xfe\x00bad", "cannot read the file"),
])
def test_given_an_unusable_file_then_the_built_in_defaults_apply(tmp_path, text, problem):
    path = tmp_path / "kiosk.toml"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    elif isinstance(text, bytes):
        path.write_bytes(text)
    config, problems = load_config(str(path))
    assert config == KioskConfig()
    assert len(problems) == 1 and problems[0].startswith(f"{path}: {problem}")


@pytest.mark.parametrize("hours, problem", [
    ({"open": "9am", "close": "17:00"}, "opening_hours.open: must be a time like"),
    ({"open": "09:00"}, "opening_hours.close: missing"),
    ({"open": "25:00", "close": "17:00"}, "opening_hours.open: must be a time like"),
    ("9-5", "opening_hours: must be a table"),
])
def test_given_unusable_opening_hours_then_the_screen_is_never_dimmed(hours, problem):
    config, problems = parse_config({"opening_hours": hours}, "k.toml")
    assert config.opening_hours is None
    assert any(problem in p for p in problems), problems


def test_given_bad_days_or_dim_level_then_only_those_fall_back():
    config, problems = parse_config({"opening_hours": {"open": "09:00", "close": "17:00",
                                                       "days": ["someday"], "dim_brightness": 2}}, "k.toml")
    assert config.opening_hours.days == frozenset(range(7))
    assert config.opening_hours.dim_brightness == 0.3
    assert len(problems) == 2


@pytest.mark.parametrize("text, keys, problem", [
    ("ctrl+shift+q", ("ctrl", "shift", "q"), None),
    (" Alt + F4 ", ("alt", "f4"), None),
    ("q", (), "at least two keys"),
    ("q+w", (), "one of them ctrl"),
    ("ctrl+banana", (), "unknown key 'banana'"),
    ("ctrl+ctrl", (), "names a key twice"),
    (3, (), "must be keys joined by '+'"),
])
def test_exit_chords(text, keys, problem):
    parsed, found = parse_chord(text)
    assert parsed == keys
    assert (found is None) if problem is None else (problem in found)


def test_the_default_locations_per_platform(tmp_path):
    linux = default_config_paths("linux", {"HOME": "/home/op"}, "/opt/downhill/downhill", frozen=True)
    assert linux == [Path("/opt/downhill/kiosk.toml"), Path("/home/op/.config/downhill/kiosk.toml"),
                     Path("/etc/downhill/kiosk.toml")]
    xdg = default_config_paths("linux", {"HOME": "/home/op", "XDG_CONFIG_HOME": "/cfg"}, "python", frozen=False)
    assert xdg[0] == Path("/cfg/downhill/kiosk.toml")
    windows = default_config_paths("win32", {"PROGRAMDATA": "C:\\ProgramData", "USERPROFILE": "C:\\Users\\op"},
                                   "python", frozen=False)
    assert windows[0] == Path("C:\\ProgramData") / "Downhill" / "kiosk.toml"
    assert default_log_path("linux", {"HOME": "/home/op"}) == Path("/home/op/.local/state/downhill/kiosk.log")
    assert default_log_path("win32", {"LOCALAPPDATA": "C:\\L"}) == Path("C:\\L") / "Downhill" / "kiosk.log"


def test_the_first_existing_default_location_is_used(tmp_path):
    first, second = tmp_path / "a" / "kiosk.toml", tmp_path / "b" / "kiosk.toml"
    second.parent.mkdir()
    second.write_text("idle_seconds = 5\n", encoding="utf-8")
    config, problems = load_config(None, candidates=[first, second])
    assert config.idle_seconds == 5 and config.source == str(second) and problems == []
    assert load_config(None, candidates=[first]) == (KioskConfig(), [])


# -- the log ---------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def _logger_restored():
    """Leave the ``downhill`` logger as the other tests expect it."""
    logger = logging.getLogger("downhill")
    handlers, propagate, level = list(logger.handlers), logger.propagate, logger.level
    yield
    for handler in list(logger.handlers):
        if handler not in handlers:
            logger.removeHandler(handler)
            handler.close()
    logger.propagate, logger.level = propagate, level


def test_the_log_goes_to_a_rotating_file(tmp_path):
    path, problems = setup_logging(str(tmp_path / "logs" / "kiosk.log"), echo=False)
    assert path == tmp_path / "logs" / "kiosk.log" and problems == []
    logger = logging.getLogger("downhill.kiosk")
    handler = [h for h in logging.getLogger("downhill").handlers if hasattr(h, "maxBytes")][0]
    handler.maxBytes = 2000  # rotate soon for the test
    for i in range(100):
        logger.info("line %d of a kiosk's long day", i)
    files = sorted(p.name for p in (tmp_path / "logs").iterdir())
    assert "kiosk.log" in files and "kiosk.log.1" in files
    assert len(files) <= 6  # the current file and at most five old ones


def test_an_unwritable_log_path_falls_back_to_the_usual_place(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    fallback = tmp_path / "state" / "kiosk.log"
    path, problems = setup_logging(str(blocker / "kiosk.log"), fallback=fallback, echo=False)
    assert path == fallback
    assert problems and str(blocker / "kiosk.log") in problems[0]
    logging.getLogger("downhill.kiosk").warning("still logging")
    assert "still logging" in fallback.read_text(encoding="utf-8")


def test_the_kiosk_writes_its_version_first_in_its_log(tmp_path):
    """Which release a kiosk runs is in its log from the first line, even
    when it cannot start (here: no display)."""
    import os
    import subprocess
    import sys

    from engine import __version__
    root = Path(__file__).resolve().parents[2]
    log = tmp_path / "logs" / "kiosk.log"
    settings = tmp_path / "kiosk.toml"
    settings.write_text(f'log_path = "{log.as_posix()}"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    result = subprocess.run([sys.executable, str(root / "main.py"), "--kiosk", "--config", str(settings)],
                            capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert result.returncode == 2 and "kiosk mode needs a screen" in result.stderr
    first = log.read_text(encoding="utf-8").splitlines()[0]
    assert f"Downhill {__version__} kiosk starting; settings from {settings}" in first


def test_languages_theme_text_size_and_reduced_motion():
    from engine.kiosk.config import parse_config
    config, problems = parse_config({"languages": ["fr", "en", "xx"], "theme": "projector",
                                     "text_size": 1.5, "reduced_motion": True}, "k.toml")
    assert config.languages == ("fr", "en")
    assert (config.theme, config.text_size, config.reduced_motion) == ("projector", 1.5, True)
    assert problems == ["k.toml: languages: unknown language 'xx' (ignored; known: en, de, el, es, fr, it)"]
    config, problems = parse_config({"languages": "fr", "theme": "neon", "reduced_motion": "yes"}, "k.toml")
    assert config.languages == ("en",) and config.theme == "dark" and config.reduced_motion is False
    assert len(problems) == 3 and all(p.startswith("k.toml: ") and "\n" not in p for p in problems)


def test_a_visitors_language_goes_when_they_do():
    from engine.kiosk.stage import KioskStage
    from engine.support import i18n
    from engine.ui.actions import SetLanguage
    from engine.ui.display import Display
    try:
        stage = KioskStage(1280, 720, 1.0, ("fr", "en"), Display(reduced_motion=True))
        session = stage.show("default")
        assert i18n.current_language() == "fr" and session.hud.play.label_on == "Pause"
        assert [code for code, _name in session.languages] == ["fr", "en"]
        session.apply(SetLanguage("en"))
        assert session.hud.step_button.label == "Step"
        stage.show("default")           # attract mode or the next visitor: a fresh session
        assert i18n.current_language() == "fr"
        assert stage.session.hud.step_button.label == "Pas"
        assert stage.session.display.reduced_motion
    finally:
        i18n.use("en")


def test_the_visitor_keys_are_read_and_a_mistake_keeps_the_default():
    config, problems = parse_config({"countdown_seconds": 5, "attract_demo": False,
                                     "touch_takes_over": "home", "visitor_mode": False}, "k.toml")
    assert problems == []
    assert (config.countdown_seconds, config.attract_demo, config.touch_takes_over,
            config.visitor_mode) == (5.0, False, "home", False)
    config, problems = parse_config({"visitor_mode": "no", "touch_takes_over": "fresh",
                                     "countdown_seconds": -1}, "k.toml")
    assert (config.visitor_mode, config.touch_takes_over, config.countdown_seconds) == (True, "scene", 10.0)
    assert "k.toml: visitor_mode: must be true or false, got a string; using true" in problems
    assert any(p.startswith("k.toml: touch_takes_over: must be") for p in problems)
    assert any(p.startswith("k.toml: countdown_seconds: must be between 0 and 600") for p in problems)
