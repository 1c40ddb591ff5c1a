"""Formula landscapes in scene files and on the command line."""

import subprocess
import sys
from pathlib import Path

import pytest

from engine.model.overrides import Overrides
from engine.model.scene import SceneError, load_scene, make_simulation
from engine.model.status import Status
from engine.support.errors import UsageError

ROOT = Path(__file__).resolve().parents[2]

SCENE = """
title = "My valley"
[landscape]
formula = "{formula}"
{extra}
[[ball]]
optimizer = "sgd"
lr = 0.1
start = [{start}]
"""


def write(tmp_path, formula="(x - 1)^2 + 3*(y + 0.5)^2", extra="", start="2.0, 2.0"):
    path = tmp_path / "lesson.toml"
    path.write_text(SCENE.format(formula=formula, extra=extra, start=start))
    return str(path)


def test_a_formula_scene_descends_to_the_minimum_it_names(tmp_path):
    scene = load_scene(write(tmp_path))
    sim = make_simulation(scene)
    sim.step(300)
    assert Status(int(sim.status[0])) == Status.GLOBAL
    assert sim.pos[:, 0] == pytest.approx([1.0, -0.5], abs=sim.arrive_radius)  # stopped once on the mark to the eye


def test_the_domain_key_moves_the_landscape(tmp_path):
    scene = load_scene(write(tmp_path, "(x - 8)^2", "domain = [5, 10]", "9.5, 0"))
    surface = scene.make_surface()
    assert surface.domain == (5.0, 10.0) and surface.dims == 1


@pytest.mark.parametrize("formula, extra, message", [
    ("x^2 + z", "", "landscape.formula: unknown name 'z' at column 7"),
    ("sin(x", "", "landscape.formula: missing ')' at column 6"),
    ("x + y", "", "landscape.formula: 'x + y' has no minimum inside the domain"),
    ("x^2", "domain = [2, 1]", "landscape.domain: [2, 1] needs lo < hi"),
    ("x^2", "domain = 3", "landscape.domain: must be [lo, hi], got a whole number"),
    ("x^2", "name = 'bowl'", "landscape.name: unknown key"),
])
def test_formula_mistakes_name_the_file_and_the_column(tmp_path, formula, extra, message):
    with pytest.raises(SceneError) as info:
        load_scene(write(tmp_path, formula, extra, "0.5, 0.5"))
    assert message in str(info.value) and str(info.value).startswith(str(tmp_path))


def test_command_line_formula_and_domain_override_the_scene():
    scene = Overrides(scene="default", formula="(x-4)^2 + (y-4)^2", domain=(2.0, 6.0),
                      start=(5.0, 5.0)).load()
    surface = scene.make_surface()
    assert surface.domain == (2.0, 6.0)
    assert (surface.global_minimum.x, surface.global_minimum.y) == pytest.approx((4.0, 4.0))
    assert "(x-4)^2" in scene.title  # the saddle's words are not kept for another landscape
    with pytest.raises(UsageError, match=r"^--formula: unknown name 'q' at column 1$"):
        Overrides(formula="q").load()
    with pytest.raises(UsageError, match="--domain: only a formula landscape"):
        Overrides(domain=(0.0, 1.0)).load()
    with pytest.raises(UsageError, match="not both"):
        Overrides(formula="x^2", surface="bowl").load()


def test_the_cli_reports_a_bad_formula_in_one_line_and_exits_2():
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "trace", "--steps", "1",
                             "--formula", "x^2 + 1.2*z"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2
    assert result.stderr == "downhill: --formula: unknown name 'z' at column 11\n"


def test_undefined_regions_make_a_ball_diverge_not_crash(tmp_path):
    # 1/x is undefined at 0; a ball stepping across it with a big step
    # lands at a non-finite point and is marked diverged.
    scene = load_scene(write(tmp_path, "x^2 + 0.05/abs(x)", "", "0.3, 0"))
    surface = scene.make_surface()
    assert surface.dims == 1 and surface.minima
    sim = make_simulation(scene)
    sim.place(0, 0.0, 0.0)
    sim.step(2)
    assert Status(int(sim.status[0])) == Status.DIVERGED
