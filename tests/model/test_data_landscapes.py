"""Data landscapes: the loss of a real model, mini-batches, the fit panel."""

import numpy as np
import pytest

from engine.maths.surfaces import Galton, Iris
from engine.model.minibatch import MiniBatches
from engine.model.scene import SceneError, load_scene, make_simulation
from engine.model.balls import BallSpec
from engine.model.simulation import Simulation
from engine.ui.panels.fit import clip_line, fit_state


def test_galton_minimum_is_the_least_squares_line():
    g = Galton()
    assert g.n_samples == 928
    parent = np.repeat(g.parent_cells, g.counts)
    child = np.repeat(g.child_cells, g.counts)
    slope, intercept = np.polyfit(parent, child, 1)
    best = g.global_minimum
    assert best.x == pytest.approx(slope, abs=1e-9)
    # y is the line's height at the average parent, less the average child.
    assert g.child_mean + best.y == pytest.approx(intercept + slope * parent.mean(), abs=1e-9)
    residual = child - (intercept + slope * parent)
    assert best.height == pytest.approx(np.mean(residual ** 2), rel=1e-12)


def test_galton_value_and_gradient_are_the_mse_over_every_child():
    g = Galton()
    rng = np.random.default_rng(1)
    w, b = rng.uniform(-3, 3, 5), rng.uniform(-3, 3, 5)
    for wi, bi, v, gx, gy in zip(w, b, g.value(w, b), *g.gradient(w, b)):
        r = wi * g.u + bi - g.t
        assert v == pytest.approx(np.mean(r * r), rel=1e-12)
        assert gx == pytest.approx(2 * np.mean(r * g.u), rel=1e-10, abs=1e-12)
        assert gy == pytest.approx(2 * np.mean(r), rel=1e-10, abs=1e-12)
        assert g.batch_gradient(wi, bi, np.arange(928)) == pytest.approx((gx, gy), rel=1e-10)


def test_iris_loss_is_cross_entropy_and_its_gradient_matches():
    s = Iris()
    assert s.n_samples == 100 and s.label.sum() == 50
    w, b = 1.3, -0.4
    z = w * s.f1 + b * s.f2
    p = 1 / (1 + np.exp(-z))
    ce = -np.mean(s.label * np.log(p) + (1 - s.label) * np.log(1 - p))
    assert float(s.value(w, b)) == pytest.approx(ce, rel=1e-12)
    gx, gy = s.gradient(w, b)
    assert float(gx) == pytest.approx(np.mean((p - s.label) * s.f1), rel=1e-10)
    assert float(gy) == pytest.approx(np.mean((p - s.label) * s.f2), rel=1e-10)
    m = s.global_minimum
    assert np.hypot(*s.gradient(m.x, m.y)) < 1e-9
    # The fitted boundary gets most flowers right (the two kinds overlap a little).
    right = ((m.x * s.f1 + m.y * s.f2) > 0) == (s.label == 1)
    assert 0.9 <= right.mean() < 1.0


def test_a_minibatch_gradient_is_unbiased_and_its_spread_shrinks_with_the_batch():
    g = Galton()
    w, b = -1.0, 1.5
    full = np.array(g.gradient(w, b))
    spreads = {}
    for size in (1, 16, 256):
        batches = MiniBatches(g, [size], seed=3)
        draws = np.array([g.batch_gradient(w, b, batches.rows(0)) for _ in range(4000)])
        mean, sd = draws.mean(axis=0), draws.std(axis=0)
        assert np.all(np.abs(mean - full) < 4 * sd / np.sqrt(len(draws)))
        spreads[size] = sd
    # Without replacement: variance shrinks as (N - b) / (b (N - 1)).
    n = g.n_samples
    for size in (16, 256):
        expected = np.sqrt((n - size) / (size * (n - 1)))
        assert spreads[size] / spreads[1] == pytest.approx([expected, expected], rel=0.08)


def test_a_minibatch_draws_distinct_rows():
    batches = MiniBatches(Iris(), [16], seed=0)
    rows = batches.rows(0)
    assert len(rows) == 16 == len(set(rows.tolist()))


def test_minibatch_paths_are_the_same_at_any_stepping_rhythm():
    scene = load_scene("minibatch")
    one = make_simulation(scene)
    for _ in range(120):
        one.step(1)
    other = make_simulation(scene)
    for chunk in (7, 50, 63):
        other.step(chunk)
    np.testing.assert_array_equal(one.pos, other.pos)
    # and the noisy balls really took different paths from the full-batch one
    assert not np.allclose(one.path(0)[:40], one.path(2)[:40])


def test_batch_size_is_per_ball_and_the_same_in_array_stepping():
    g = Galton()
    specs = [BallSpec("sgd", {"lr": 0.05}, (-2.0, 2.0), batch_size=b) for b in (1, 16, 0)]
    few = Simulation(g, specs, seed=5)
    many = Simulation(g, specs + [BallSpec("sgd", {"lr": 0.05}, (2.0, 2.0))] * 17, seed=5)
    few.step(40)
    many.step(40)
    np.testing.assert_array_equal(few.pos, many.pos[:, :3])


def test_batch_size_needs_a_data_landscape(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text('[landscape]\nname = "bowl"\n[[ball]]\nbatch_size = 4\n')
    with pytest.raises(SceneError, match=r"ball\[0\].batch_size: only a data landscape"):
        load_scene(str(path))
    path.write_text('[landscape]\nname = "iris"\n[[ball]]\nbatch_size = 101\n')
    with pytest.raises(SceneError, match=r"batch_size: must be between 0 and 100"):
        load_scene(str(path))


def test_the_fit_panel_draws_the_balls_model():
    sim = make_simulation(load_scene("minibatch"))
    fit = fit_state(sim)
    assert [m[:2] for m in fit.models] == [(-2.0, 2.5)] * 3
    a, b, c = Galton().fit_line(0.5, 1.0)
    g = Galton()
    # The line passes through (average parent, average child + 1) with slope 0.5.
    assert a * g.parent_mean + b * (g.child_mean + 1.0) == pytest.approx(c)
    assert -a / b == pytest.approx(0.5)
    assert clip_line(1.0, 1.0, 1.0, (0, 0, 1, 1)) == ((0.0, 1.0), (1.0, 0.0))
    assert clip_line(1.0, 0.0, 5.0, (0, 0, 1, 1)) is None
