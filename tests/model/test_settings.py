"""The table of settings: one range per setting, refused the same way from
the command line, a scene file and --ball; one frozen settings value per
ball, replaced on every change."""

import dataclasses
import math
import subprocess
import sys
from pathlib import Path

import pytest

from engine.maths.optim import optimizer_class, optimizer_names
from engine.maths.schedules import PRESETS
from engine.maths.surfaces import make_surface
from engine.model.balls import BallSpec
from engine.model.overrides import Overrides
from engine.model.scene import SceneError, load_scene, make_simulation, parse_scene
from engine.model.settings import SETTINGS, BallSettings, SettingError, check, setting
from engine.model.settings_readme import readme_table
from engine.model.simulation import Simulation
from engine.support.errors import UsageError

ROOT = Path(__file__).resolve().parents[2]
REFUSAL = "must be between 0.0001 and 10, got 500"


# -- the table ---------------------------------------------------------------------
@pytest.mark.parametrize("optimizer", optimizer_names())
def test_the_table_has_every_hyper_parameter_of_every_optimizer_and_no_other(optimizer):
    cls = optimizer_class(optimizer)
    mine = {s.name for s in SETTINGS if not s.per_ball and optimizer in s.optimizers}
    assert mine == set(cls.defaults)
    for name, default in cls.defaults.items():
        row = setting(name, optimizer)
        assert row.accepts(default) or row.fixed and default == row.low, (optimizer, name)
        low, high = getattr(cls, "ranges", {}).get(name, (-math.inf, math.inf))
        # Never more than the update rule takes (an open end is the number next to it).
        first = math.nextafter(row.low, math.inf) if row.low_open else row.low
        last = math.nextafter(row.high, -math.inf) if row.high_open else row.high
        assert low <= first and last <= high, (optimizer, name)


def test_no_optimizer_has_two_rows_of_one_setting():
    for name in optimizer_names():
        names = [s.name for s in SETTINGS if name in s.used_by()]
        assert len(names) == len(set(names)), name


def test_the_learning_rate_has_one_range_everywhere():
    from engine.model.lesson import LR_SLIDER_RANGE
    from engine.ui.actions import LR_RANGE
    row = setting("lr")
    assert row.range == row.slider_range == LR_RANGE == LR_SLIDER_RANGE == (1e-4, 10.0)
    assert all(setting("lr", name) is row for name in optimizer_names())


def test_the_readme_lists_every_setting_with_its_range():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme_table() in text, "README: paste engine.model.settings_readme.readme_table() again"
    table = readme_table()
    for row in SETTINGS:
        assert f"| `{row.name}` |" in table
    assert "| `lr` | number | [0.0001, 10] |" in table
    assert "| `momentum` | number | [0, 1) |" in table


# -- the check -----------------------------------------------------------------------
@pytest.mark.parametrize("name, value, words", [
    ("lr", 500, REFUSAL),
    ("lr", 0.0, "must be between 0.0001 and 10, got 0 (it must be a positive number)"),
    ("lr", math.nan, "must be between 0.0001 and 10, got nan"),
    ("momentum", 1.0, "must be at least 0 and less than 1, got 1"),
    ("noise", -0.1, "must be between 0 and 1000, got -0.1"),
    ("schedule", 9, "must be a whole number from 0 to 5"),
    ("lr", "fast", "must be a number, got a string"),
])
def test_a_value_outside_its_setting_is_one_line_naming_the_range(name, value, words):
    with pytest.raises(SettingError) as err:
        check(name, value)
    assert err.value.problem.startswith(words)
    assert str(err.value) == f"{name}: {err.value.problem}" and "\n" not in str(err.value)


def test_values_inside_are_kept_as_their_type():
    assert check("lr", 0.0734) == 0.0734
    assert check("schedule", 2.0) == 2 and isinstance(check("schedule", 2.0), int)
    assert check("schedule", "cosine") == [name for name, _, _ in PRESETS].index("cosine")
    assert check("centered", True, "rmsprop") == 1.0
    assert check("batch_size", 16, high=100) == 16
    with pytest.raises(SettingError, match="must be 0, got 0.5"):
        check("dampening", 0.5, "nesterov")     # Nesterov takes none
    with pytest.raises(SettingError, match="is outside the lesson's lr_range"):
        check("lr", 5.0, lesson_range=(0.01, 2.0))


def scene_with(ball_text, tmp_path):
    path = tmp_path / "my.toml"
    path.write_text(f'[landscape]\nname = "saddle"\n[[ball]]\noptimizer = "sgd"\n{ball_text}\n')
    return str(path)


def test_the_command_line_a_scene_file_and_ball_refuse_alike(tmp_path):
    with pytest.raises(UsageError) as cli:
        Overrides(lr=500.0)
    with pytest.raises(SceneError) as scene:
        load_scene(scene_with("lr = 500", tmp_path))
    with pytest.raises(UsageError) as ball:
        Overrides(ball=("sgd lr=500",)).load()
    assert str(cli.value) == f"--lr: {REFUSAL}"
    assert str(scene.value) == f"{tmp_path / 'my.toml'}: ball[0].lr: {REFUSAL}"
    assert str(ball.value) == f'--ball "sgd lr=500": lr: {REFUSAL}'
    with pytest.raises(UsageError, match=r"^--momentum: must be at least 0 and less than 1, got 1$"):
        Overrides(momentum=1.0)
    with pytest.raises(UsageError, match=r"^--noise: must be between 0 and 1000, got 2000$"):
        Overrides(noise=2000.0)


@pytest.mark.parametrize("command", ["render", "trace"])
def test_an_out_of_range_learning_rate_on_the_command_line_exits_2_with_one_line(command, tmp_path):
    args = ["--out", str(tmp_path / "x.png")] if command == "render" else ["--steps", "1"]
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), command, "--lr", "500", *args],
                            capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 2
    assert result.stderr == f"downhill: --lr: {REFUSAL}\n"
    assert result.stdout == "" and not (tmp_path / "x.png").exists()


def test_a_scene_file_out_of_range_exits_2_with_one_line(tmp_path):
    path = scene_with("lr = 500", tmp_path)
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "trace", "--steps", "1", "--scene", path],
                            capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 2
    assert result.stderr == f"downhill: {path}: ball[0].lr: {REFUSAL}\n"


# -- one frozen settings value per ball ------------------------------------------------
def test_a_balls_settings_are_frozen_and_a_change_makes_a_new_value():
    sim = make_simulation(load_scene("race"))
    before = sim.settings_of(1)
    assert isinstance(before, BallSettings) and before.optimizer == sim.kind[1]
    with pytest.raises(dataclasses.FrozenInstanceError):
        before.noise = 1.0
    with pytest.raises(TypeError):
        before.hyper["lr"] = 1.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        sim.balls[1].settings = before
    sim.set_hyper("lr", 0.04, balls=1)
    after = sim.settings_of(1)
    assert after is not before and after.hyper["lr"] == 0.04 and before.hyper["lr"] == 0.02
    assert after == dataclasses.replace(before, hyper=before.hyper.with_value("lr", 0.04))
    assert sim.settings_of(0).hyper["lr"] == 0.02          # the others keep theirs
    assert sim.hyper_of(1)["lr"] == 0.04                   # and it is the rate in force


def test_noise_and_the_schedule_are_typed_fields_of_the_settings():
    sim = make_simulation(load_scene("default"))
    sim.change("noise", 0.5)
    sim.change("schedule", 2)
    s = sim.settings_of(0)
    assert s.noise == 0.5 and type(s.noise) is float
    assert s.schedule.kind == "exponentiallr" and s.get("schedule") == 2 and type(s.get("schedule")) is int
    assert s.hyper == {**optimizer_class("sgd").defaults, "lr": 0.05}
    assert "noise" not in s.hyper and "schedule" not in s.hyper
    sim.change("schedule", 0)
    assert sim.settings_of(0).schedule is None and sim.lr_in_force()[0] == 0.05


def test_a_grid_of_balls_shares_one_settings_value():
    spec = BallSpec("adam", {"lr": 0.05})
    sim = Simulation(make_surface("saddle"), [spec] * 1000, record_paths=False)
    assert len({id(b) for b in sim.balls}) == 1
    sim.set_hyper("lr", 0.01)
    assert len({id(b) for b in sim.balls}) == 1 and sim.settings_of(999).hyper["lr"] == 0.01


def test_a_scenes_ball_starts_with_its_optimizers_defaults_and_the_scenes_values():
    scene = parse_scene({"landscape": {"name": "bowl"}, "ball": [{"optimizer": "adam", "lr": 0.1}]},
                        name="s", source="s.toml")
    settings = make_simulation(scene).settings_of(0)
    assert settings == BallSettings.of("adam", {"lr": 0.1})
    assert dict(settings.hyper) == {"lr": 0.1, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0}
