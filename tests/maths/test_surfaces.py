"""Landscapes: analytic gradients, published minima, the saddle's design."""

import numpy as np
import pytest

from engine.maths.surfaces import descend_from_grid, hessian, make_surface, surface_names

ALL = surface_names()


def random_points(surface, count, seed=0):
    rng = np.random.default_rng(seed)
    lo, hi = surface.domain
    x = rng.uniform(lo, hi, count)
    y = rng.uniform(lo, hi, count) if surface.dims == 2 else np.zeros(count)
    return x, y


@pytest.mark.parametrize("name", ALL)
def test_gradient_matches_central_differences(name):
    surface = make_surface(name)
    x, y = random_points(surface, 1500)
    gx, gy = surface.gradient(x, y)
    h = 1e-6 * surface.extent
    fx = (surface.value(x + h, y) - surface.value(x - h, y)) / (2 * h)
    fy = (surface.value(x, y + h) - surface.value(x, y - h)) / (2 * h)
    # Central differences carry a rounding error of about eps*|f|/h and a
    # truncation error of about h^2*|f'''|: allow both, nothing more.
    rounding = 20 * np.finfo(float).eps * np.abs(surface.value(x, y)) / h
    tol = 1e-6 * (1.0 + np.abs(np.stack([fx, fy]))) + rounding
    assert np.all(np.abs(gx - fx) <= tol[0])
    if surface.dims == 2:
        assert np.all(np.abs(gy - fy) <= tol[1])
    else:
        assert np.all(gy == 0)


@pytest.mark.parametrize("name", ALL)
def test_gradient_into_matches_gradient(name):
    surface = make_surface(name)
    x, y = random_points(surface, 257, seed=1)
    out = np.empty((2, x.size))
    surface.gradient_into(np.stack([x, y]), out)
    gx, gy = surface.gradient(x, y)
    np.testing.assert_allclose(out[0], gx, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(out[1], gy, rtol=1e-12, atol=1e-12)


PUBLISHED = {
    "rosenbrock": (0.0, [(1.0, 1.0)]),
    "himmelblau": (0.0, [(3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)]),
    "six_hump_camel": (-1.0316284535, [(0.0898420, -0.7126564), (-0.0898420, 0.7126564)]),
    "goldstein_price": (3.0, [(0.0, -1.0)]),
    "beale": (0.0, [(3.0, 0.5)]),
    "booth": (0.0, [(1.0, 3.0)]),
    "rastrigin": (0.0, [(0.0, 0.0)]),
    "ackley": (0.0, [(0.0, 0.0)]),
    "parabola": (0.0, [(0.0, 0.0)]),
    "bowl": (0.0, [(0.0, 0.0)]),
}


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_global_minima_match_published_values(name):
    height, points = PUBLISHED[name]
    surface = make_surface(name)
    found = surface.global_minima
    assert len(found) == len(points)
    for px, py in points:
        match = min(found, key=lambda m: np.hypot(m.x - px, m.y - py))
        assert np.hypot(match.x - px, match.y - py) < 2e-6
        assert match.height == pytest.approx(height, abs=1e-9)


def test_goldstein_price_is_drawn_on_a_log_scale_but_optimized_on_the_true_function():
    surface = make_surface("goldstein_price")
    z = surface.value(np.array([0.0, -2.0]), np.array([-1.0, 2.0]))
    assert z[1] / z[0] > 1e5  # heights span about a million
    drawn = surface.display_height(z)
    assert drawn[0] == pytest.approx(0.0, abs=1e-12)
    assert drawn[1] < 20  # compressed for the picture
    gx, gy = surface.gradient(np.array([1.0]), np.array([1.0]))
    h = 1e-6
    assert gx[0] == pytest.approx((surface.value(1 + h, 1.0) - surface.value(1 - h, 1.0)) / (2 * h), rel=1e-5)


@pytest.mark.parametrize("name", ALL)
def test_every_listed_minimum_is_a_true_minimum(name):
    surface = make_surface(name)
    minima = surface.minima
    xs = np.array([m.x for m in minima])
    ys = np.array([m.y for m in minima])
    gx, gy = surface.gradient(xs, ys)
    scale = max(1.0, max(abs(m.height) for m in minima))
    if name != "ackley":  # the cone tip at Ackley's origin has no gradient
        assert np.all(np.hypot(gx, gy) < 1e-6 * scale)
    heights = surface.value(xs, ys)
    assert np.all(heights >= surface.global_minimum.height - 1e-12)
    assert sum(m.is_global for m in minima) == len(surface.global_minima) >= 1


def test_saddle_has_a_true_saddle_point_between_its_valleys():
    saddle = make_surface("saddle")
    # Find the stationary point near the centre by Newton's method.
    x, y = np.array([0.0]), np.array([0.0])
    for _ in range(50):
        gx, gy = saddle.gradient(x, y)
        h = hessian(saddle, x, y)[0]
        dx, dy = np.linalg.solve(h, [gx[0], gy[0]])
        x, y = x - dx, y - dy
    gx, gy = saddle.gradient(x, y)
    assert np.hypot(gx, gy)[0] < 1e-10
    eig = np.linalg.eigvalsh(hessian(saddle, x, y)[0])
    assert eig[0] < -0.5 and eig[1] > 0.2  # falls one way, rises the other


def test_saddle_minima_are_exact_and_distinct():
    saddle = make_surface("saddle")
    minima = saddle.minima
    assert len(minima) >= 3
    glob = [m for m in minima if m.is_global]
    assert len(glob) == 1
    local = [m for m in minima if not m.is_global]
    assert len(local) >= 2
    depths = sorted(m.height for m in local)
    assert depths[-1] - depths[0] > 0.5  # clearly different depths
    xs, ys = np.array([m.x for m in minima]), np.array([m.y for m in minima])
    gx, gy = saddle.gradient(xs, ys)
    assert np.all(np.hypot(gx, gy) < 1e-9)  # to 1e-9, computed not typed in
    for m in minima:
        assert np.all(np.linalg.eigvalsh(hessian(saddle, np.array([m.x]), np.array([m.y]))[0]) > 0)


def test_saddle_lists_every_minimum_a_dense_search_finds():
    saddle = make_surface("saddle")
    found = descend_from_grid(saddle, n=90, steps=3000)
    listed = np.array([(m.x, m.y) for m in saddle.minima])
    for x, y in found:
        assert np.min(np.hypot(listed[:, 0] - x, listed[:, 1] - y)) < 1e-3


def test_saddle_is_bounded_below_on_its_domain():
    saddle = make_surface("saddle")
    axis = np.linspace(*saddle.domain, 601)
    xx, yy = np.meshgrid(axis, axis)
    assert saddle.value(xx, yy).min() >= saddle.global_minimum.height - 1e-9


@pytest.mark.parametrize("name", ALL)
def test_landscape_parameters_are_validated(name):
    cls = type(make_surface(name))
    with pytest.raises(ValueError, match="unknown parameter"):
        cls(nonsense=1.0)
    for key, spec in cls.params.items():
        with pytest.raises(ValueError, match=key):
            cls(**{key: spec.high + abs(spec.high) + 1})


# -- the simulation's hot paths -------------------------------------------------
def same_bits(a, b):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and a.tobytes() == b.tobytes()


def saddle_reference_gradient(saddle, x, y):
    """The saddle's gradient written out as plain numpy, one operation at a
    time in the order the landscape promises (see Saddle.gradient_point)."""
    p = saddle.p
    gy = ((y * y) * (4 * saddle._C) - 2 * saddle._B) * y + p["tilt"]
    gx = x * (2 * p["curvature"])
    for cx, cy, s, depth in saddle._dimples():
        if depth == 0.0:
            continue
        dx, dy = x - cx, y - cy
        r = 1.0 / ((dx * dx + s * s) + dy * dy)
        k = ((r * r) * r) * (4 * depth * s ** 4)
        gx, gy = gx + dx * k, gy + dy * k
    return gx, gy


@pytest.mark.parametrize("params", [{}, {"shelf": 0.0}, {"dimple": 2.0, "tilt": 0.0, "curvature": 1.5}])
def test_saddle_gradient_is_one_fixed_sequence_of_operations_on_both_paths(params):
    # Trajectories are only reproducible if a step's arithmetic never depends
    # on how many balls it is done for: the array path, the one-ball float
    # path and plain numpy expressions must agree bit for bit, off the
    # domain, at infinity and at NaN included.
    saddle = make_surface("saddle", **params)
    rng = np.random.default_rng(3)
    x, y = rng.uniform(-4, 4, 3000), rng.uniform(-4, 4, 3000)
    x[:4] = [np.inf, np.nan, -np.inf, 1e200]
    y[:4] = [0.0, 1.0, -0.0, -1e200]
    with np.errstate(all="ignore"):
        ref = saddle_reference_gradient(saddle, x, y)
        out = np.empty((2, x.size))
        saddle.gradient_into(np.stack([x, y]), out, {})
    assert same_bits(out[0], ref[0]) and same_bits(out[1], ref[1])
    points = np.array([saddle.gradient_point(float(a), float(b)) for a, b in zip(x, y)]).T
    assert same_bits(points, out)


def test_gradient_into_reuses_its_scratch_across_sizes():
    saddle = make_surface("saddle")
    rng = np.random.default_rng(4)
    work = {}
    for n in (50, 7, 50, 1, 300):
        pos = rng.uniform(-3, 3, (2, n))
        out = np.empty((2, n))
        saddle.gradient_into(pos, out, work)
        fresh = np.empty((2, n))
        saddle.gradient_into(pos, fresh)
        assert same_bits(out, fresh)
        assert same_bits(out, np.stack(saddle.gradient(pos[0], pos[1])))
