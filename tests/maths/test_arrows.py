"""The teaching arrows' maths: direction, clamping, and the step taken."""

import numpy as np
import pytest

from engine.maths.arrows import ArrowScale, arrow_polyline, arrow_vectors, clip_length, scaled_arrows, trim_to_pixels
from engine.maths.camera import OrbitCamera
from engine.maths.geometry import WorldMapping
from engine.maths.surfaces import make_surface


def test_gradient_arrow_points_downhill_at_many_points():
    surface = make_surface("saddle")
    rng = np.random.default_rng(3)
    for x, y in rng.uniform(-2.5, 2.5, size=(40, 2)):
        downhill, _ = arrow_vectors(surface, (x, y), np.zeros(2))
        tiny = 1e-4 * downhill / np.linalg.norm(downhill)
        assert surface.value(x + tiny[0], y + tiny[1]) < surface.value(x, y)


def test_lengths_out_of_range_are_cut_and_marked_not_clamped():
    surface = make_surface("saddle")
    scale = ArrowScale.for_surface(surface)
    assert scale.min_length < scale.max_length < surface.extent
    steep = scaled_arrows(surface, (2.9, 2.9), np.array([50.0, 0.0]), scale)
    assert steep[1].clipped == "long"
    assert np.linalg.norm(steep[1].vector) == pytest.approx(scale.step_max_length)
    _, tiny = scaled_arrows(surface, (0.0, 0.5), np.array([1e-6, 0.0]), scale)
    assert tiny.clipped == "short" and not np.any(tiny.vector)    # a mark, never a stub
    assert clip_length([0.0, 0.0], 0.1, 1.0).clipped == "short"
    mid = clip_length([0.3, 0.4], 0.1, 1.0)
    assert mid.clipped is None and np.allclose(mid.vector, [0.3, 0.4])


def test_sgd_step_arrow_runs_along_the_gradient_arrow():
    surface = make_surface("saddle")
    x, y, lr = -1.2, 0.7, 0.1
    gx, gy = surface.gradient(x, y)
    step = -lr * np.array([gx, gy])
    downhill, taken = arrow_vectors(surface, (x, y), step)
    cosine = downhill @ taken / (np.linalg.norm(downhill) * np.linalg.norm(taken))
    assert cosine == pytest.approx(1.0, abs=1e-9)


def test_step_arrow_is_the_step_taken_magnified_and_differs_under_momentum():
    surface = make_surface("saddle")
    scale = ArrowScale(gradient_gain=0.5, step_gain=3.0, min_length=1e-6, max_length=10.0)
    # Momentum carries the ball sideways: the last step is not along -grad.
    pos, step = np.array([0.4, -1.0]), np.array([0.05, 0.04])
    downhill, taken = arrow_vectors(surface, pos, step, scale)
    assert np.allclose(taken, 3.0 * step)
    cosine = downhill @ taken / (np.linalg.norm(downhill) * np.linalg.norm(taken))
    assert cosine < 0.99


def test_polyline_hugs_the_surface_and_stays_in_the_domain():
    surface = make_surface("saddle")
    mapping = WorldMapping.for_surface(surface)
    points = arrow_polyline(mapping, 2.5, 0.0, np.array([2.0, 0.5]))
    x, y, _ = mapping.from_world(points)
    assert x.max() <= 3.0 + 1e-6                       # cut at the rim
    assert np.allclose(points[:, 1], mapping.world_height(x, y), atol=0.02)
    assert np.all(points[:, 1] >= mapping.world_height(x, y))   # lifted, not buried


def test_one_dimensional_arrow_follows_the_curve():
    surface = make_surface("parabola")
    mapping = WorldMapping.for_surface(surface)
    downhill, _ = arrow_vectors(surface, (1.0, 0.0), np.zeros(2))
    assert downhill[0] < 0 and downhill[1] == 0.0
    points = arrow_polyline(mapping, 1.0, 0.0, downhill)
    x, _, _ = mapping.from_world(points)
    assert np.allclose(points[:, 2], 0.0)
    assert np.allclose(points[:, 1], mapping.world_height(x, np.zeros_like(x)), atol=0.02)
    assert np.all(np.diff(points[:, 1]) < 0)          # goes down the curve


def test_head_is_cut_off_the_end_in_pixels():
    surface = make_surface("saddle")
    mapping = WorldMapping.for_surface(surface)
    camera = OrbitCamera()
    points = arrow_polyline(mapping, -1.0, 0.0, np.array([1.0, 0.3]))
    shaft, head = trim_to_pixels(points, camera.view_projection(800, 600), 800, 600, 12.0)
    px = camera.project(head, 800, 600)
    assert np.hypot(*(px[1, :2] - px[0, :2])) == pytest.approx(12.0, rel=0.05)
    assert np.allclose(shaft[-1], head[0]) and np.allclose(head[1], points[-1])


def test_the_noisy_gradient_arrow_shares_the_true_gradients_scale():
    from engine.maths.arrows import ArrowScale, arrow_vectors, noisy_gradient_arrow
    from engine.maths.surfaces import make_surface
    surface = make_surface("bowl")
    scale = ArrowScale.for_surface(surface)
    pos = (0.7, -0.4)
    g = np.array([float(v) for v in surface.gradient(np.array(pos[0]), np.array(pos[1]))])
    downhill, _ = arrow_vectors(surface, pos, (0.0, 0.0), scale)
    np.testing.assert_allclose(noisy_gradient_arrow(surface, g, scale).vector, downhill, rtol=1e-12)
    felt = noisy_gradient_arrow(surface, g + np.array([0.3, -0.2]), scale).vector
    assert not np.allclose(felt, downhill)
