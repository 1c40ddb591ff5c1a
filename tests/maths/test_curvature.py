"""The curvature view's numbers: eigenvalues, condition number and the
stability limit 2/λmax, and what plain SGD does on either side of it."""

import math

import numpy as np
import pytest

from engine.maths.curvature import curvature_at, describe
from engine.maths.surfaces import make_surface
from engine.model.scene import load_scene
from engine.model.balls import BallSpec
from engine.model.simulation import Simulation
from engine.model.status import Status


@pytest.mark.parametrize("ratio, angle", [(12.0, 30.0), (3.0, -50.0), (40.0, 0.0), (1.0, 10.0)])
def test_on_the_bowl_the_mark_is_two_over_the_largest_eigenvalue(ratio, angle):
    # L = 0.05 u² + 0.05 ratio v² (u, v rotated by angle): eigenvalues 0.1 and 0.1 ratio.
    bowl = make_surface("bowl", ratio=ratio, angle=angle)
    c = curvature_at(bowl, 0.7, -1.1)
    np.testing.assert_allclose(sorted(c.eigenvalues), sorted([0.1, 0.1 * ratio]), rtol=1e-9)
    assert c.stability_limit == pytest.approx(2 / (0.1 * max(1.0, ratio)), rel=1e-9)
    assert c.condition == pytest.approx(max(ratio, 1 / ratio), rel=1e-9)
    # the steep direction is perpendicular to the valley's axis
    steep = np.array(c.directions[int(np.argmax(c.eigenvalues))])
    if ratio > 1:
        a = math.radians(angle)
        assert abs(steep @ np.array([-math.sin(a), math.cos(a)])) == pytest.approx(1.0, abs=1e-9)


@pytest.mark.parametrize("ratio, angle", [(12.0, 30.0), (3.0, -50.0)])
@pytest.mark.parametrize("factor, converges", [(0.97, True), (1.03, False)])
def test_sgd_just_below_the_mark_converges_and_just_above_diverges(ratio, angle, factor, converges):
    bowl = make_surface("bowl", ratio=ratio, angle=angle)
    limit = curvature_at(bowl, 0.0, 0.0).stability_limit
    sim = Simulation(bowl, [BallSpec("sgd", {"lr": factor * limit}, start=(1.2, -0.9))], seed=0)
    sim.step(3000)
    if converges:
        assert sim.status[0] == Status.GLOBAL
    else:
        assert sim.status[0] == Status.DIVERGED


def test_on_the_parabola_the_mark_is_exactly_one_and_the_lesson_says_so():
    parabola = make_surface("parabola")
    for x in (-1.7, -0.3, 0.0, 0.8, 1.8):
        c = curvature_at(parabola, x, 0.0)
        assert c.eigenvalues == (2.0,) and c.stability_limit == 1.0
    lesson = load_scene("lr-lesson")
    assert lesson.views["curvature"]
    assert "mark on the slider is at 1.0, the limit for this curve" in " ".join(lesson.caption.split())
    too_big = [b for b in lesson.balls if b.label.startswith("Too big")][0]
    assert 0.9 < too_big.hyper["lr"] < 1.0        # it sits near the mark, below it


def test_at_the_saddle_point_one_direction_curves_down():
    saddle = make_surface("saddle")
    c = curvature_at(saddle, 0.0, 0.0)
    assert c.saddle and c.eigenvalues[0] < 0 < c.eigenvalues[1]
    assert describe(c).startswith("saddle")
    arms = c.cross(saddle.extent)
    assert sorted(down for _, down in arms) == [False, False, True, True]
    lengths = {down: float(np.hypot(*arm)) for arm, down in arms}
    # the arm of the larger |λ| is the longer one
    assert (lengths[True] > lengths[False]) == (abs(c.eigenvalues[0]) > abs(c.eigenvalues[1]))
