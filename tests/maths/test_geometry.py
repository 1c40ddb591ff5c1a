"""World mapping, meshes, picking, paths and markers: pure numpy, no GL."""

import numpy as np
import pytest

from engine.maths.camera import OrbitCamera
from engine.maths.geometry import (
    BALL_RADIUS,
    HEIGHT_RANGE,
    WorldMapping,
    curve_points,
    raycast_surface,
    surface_grid,
    surface_patches,
)
from engine.maths.markers import VERTEX_FLOATS, Marker, marker_vertices
from engine.maths.path_geometry import PathTrace, decimate, path_segments
from engine.maths.surfaces import make_surface


@pytest.fixture(scope="module")
def saddle():
    return WorldMapping.for_surface(make_surface("saddle"))


@pytest.fixture(scope="module")
def rosenbrock():
    return WorldMapping.for_surface(make_surface("rosenbrock"))


# -- the world mapping ------------------------------------------------------------

def test_the_domain_fills_the_unit_square_and_landscape_y_points_away_from_the_viewer(saddle):
    wx, wz = saddle.world_xz(np.array([-3.0, 3.0, 0.0]), np.array([-3.0, 3.0, 0.0]))
    assert wx.tolist() == [-1.0, 1.0, 0.0]
    assert wz.tolist() == [1.0, -1.0, 0.0]


@pytest.mark.parametrize("name", ["saddle", "rosenbrock", "himmelblau", "rastrigin"])
def test_heights_span_the_visual_range_with_the_global_minimum_at_the_bottom(name):
    mapping = WorldMapping.for_surface(make_surface(name))
    mesh = surface_grid(mapping, 64)
    assert mesh.positions[:, 1].min() >= -1e-6
    assert HEIGHT_RANGE * 0.95 <= mesh.positions[:, 1].max() <= HEIGHT_RANGE + 1e-6
    g = mapping.surface.global_minimum
    assert mapping.world_height(g.x, g.y) == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize("fixture", ["saddle", "rosenbrock"])
def test_world_points_map_back_to_the_landscape(fixture, request):
    mapping = request.getfixturevalue(fixture)
    rng = np.random.default_rng(1)
    lo, hi = mapping.surface.domain
    x, y = rng.uniform(lo, hi, 50), rng.uniform(lo, hi, 50)
    loss = mapping.surface.value(x, y)
    bx, by, bloss = mapping.from_world(mapping.to_world(x, y, loss))
    assert np.allclose(bx, x) and np.allclose(by, y)
    assert np.allclose(bloss, loss, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("name", ["saddle", "rosenbrock", "six_hump_camel", "parabola"])
def test_normals_agree_with_finite_differences_of_the_drawn_surface(name):
    mapping = WorldMapping.for_surface(make_surface(name))
    lo, hi = mapping.surface.domain
    rng = np.random.default_rng(7)
    x = rng.uniform(lo + 0.1, hi - 0.1, 40)
    y = np.zeros(40) if mapping.surface.dims == 1 else rng.uniform(lo + 0.1, hi - 0.1, 40)
    h = 1e-5 * (hi - lo)
    px = mapping.to_world(x + h, y) - mapping.to_world(x - h, y)
    if mapping.surface.dims == 1:
        pz = np.tile([0.0, 0.0, 1.0], (40, 1))
    else:
        pz = mapping.to_world(x, y - h) - mapping.to_world(x, y + h)   # towards world +z
    expected = np.cross(pz, px)
    expected /= np.linalg.norm(expected, axis=1, keepdims=True)
    normals = mapping.world_normals(x, y)
    assert np.allclose(normals, expected, atol=1e-5)
    assert (normals[:, 1] > 0).all()


def test_a_ball_rests_on_the_surface_along_its_normal(saddle):
    centre = saddle.ball_centre(1.0, -1.0)
    foot = saddle.to_world(1.0, -1.0)
    assert np.linalg.norm(centre - foot) == pytest.approx(BALL_RADIUS)
    assert np.allclose((centre - foot) / BALL_RADIUS, saddle.world_normals(1.0, -1.0))


# -- meshes -----------------------------------------------------------------------

def test_the_grid_mesh_is_consistent(saddle):
    n = 128
    mesh = surface_grid(saddle, n)
    assert mesh.positions.shape == (n * n, 3) and mesh.normals.shape == (n * n, 3)
    assert mesh.indices.max() == n * n - 1 and len(mesh.indices) == 6 * (n - 1) ** 2
    assert np.allclose(np.linalg.norm(mesh.normals, axis=1), 1.0, atol=1e-6)
    assert np.allclose(mesh.height, mesh.positions[:, 1] / HEIGHT_RANGE, atol=1e-6)
    tri = mesh.positions[mesh.indices.reshape(-1, 3)]
    facing = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    # One winding throughout: every triangle agrees with its vertex normals.
    agree = np.einsum("ij,ij->i", facing, mesh.normals[mesh.indices.reshape(-1, 3)[:, 0]])
    assert (agree > 0).all() or (agree < 0).all()


def test_a_curve_is_sampled_along_x_in_the_vertical_plane():
    mapping = WorldMapping.for_surface(make_surface("parabola"))
    points = curve_points(mapping, 101)
    assert np.allclose(points[:, 2], 0.0)
    assert points[0, 0] == -1.0 and points[-1, 0] == 1.0
    assert points[50, 1] == pytest.approx(0.0) and points[0, 1] == pytest.approx(HEIGHT_RANGE)


def test_draped_patches_lie_on_the_surface(saddle):
    positions, offsets, indices = surface_patches(saddle, [0.0, 2.0], [-2.3, 1.0], 0.1, n=5, lift=0.0)
    assert positions.shape == (50, 3) and offsets.shape == (50, 2) and indices.max() == 49
    x, y = saddle.landscape_xy(positions[:, 0], positions[:, 2])
    assert np.allclose(positions[:, 1], saddle.world_height(x, y), atol=1e-5)
    assert np.abs(offsets).max() == 1.0


# -- picking ------------------------------------------------------------------------

@pytest.mark.parametrize("point", [(0.0, -2.3), (-2.5, -2.0), (2.5, 2.5), (1.2, -0.4), (-0.5, 2.2)])
def test_the_ray_through_the_projected_pixel_of_a_surface_point_hits_that_point(saddle, point):
    camera = OrbitCamera(yaw=-35, pitch=35)
    px, py, _ = camera.project(saddle.to_world(*point), 1280, 720)
    origin, direction = camera.ray(px, py, 1280, 720)
    hit = raycast_surface(saddle, origin, direction)
    assert hit is not None
    assert hit == pytest.approx(point, abs=2e-3)


def test_a_ray_that_misses_the_landscape_finds_nothing(saddle):
    camera = OrbitCamera(yaw=-35, pitch=35)
    origin, direction = camera.ray(5, 715, 1280, 720)   # the top-left corner: sky
    assert raycast_surface(saddle, origin, direction) is None


def test_a_ray_first_meets_the_near_hill_not_the_valley_behind_it(saddle):
    # From this camera the left flank hides part of the far valley.
    camera = OrbitCamera(yaw=-35, pitch=35)
    hidden = saddle.to_world(-2.0, 1.5)
    origin, direction = camera.ray(*camera.project(hidden, 1280, 720)[:2], 1280, 720)
    hit = raycast_surface(saddle, origin, direction)
    assert hit is not None
    point = saddle.to_world(*hit)
    assert np.linalg.norm(point - origin) < np.linalg.norm(hidden - origin) - 0.1
    # The hit is on the ray, and the ray stays above the surface until then.
    t_hit = np.dot(point - origin, direction)
    assert np.linalg.norm(origin + t_hit * direction - point) < 1e-3
    before = origin + np.linspace(0.0, t_hit - 1e-3, 400)[:, None] * direction
    inside = (np.abs(before[:, 0]) <= 1) & (np.abs(before[:, 2]) <= 1)
    x, y = saddle.landscape_xy(before[inside, 0], before[inside, 2])
    assert (before[inside, 1] >= saddle.world_height(x, y) - 1e-6).all()


def test_picking_on_a_curve_uses_the_x_of_the_pointer():
    mapping = WorldMapping.for_surface(make_surface("parabola"))
    camera = OrbitCamera(yaw=0, pitch=6, target=(0.0, 0.4, 0.0))
    px, py, _ = camera.project(np.array([0.5, 0.9, 0.0]), 1280, 720)
    hit = raycast_surface(mapping, *camera.ray(px, py, 1280, 720))
    assert hit == pytest.approx((1.0, 0.0), abs=1e-6)


# -- paths ------------------------------------------------------------------------------

def _curve(n):
    t = np.linspace(0.0, 1.0, n)
    return np.stack([-2.5 + 2.5 * t, 1.5 * np.cos(3 * t) - 1.4 * t], axis=1)


def test_segments_chain_with_continuous_increasing_arc_length(saddle):
    segs, end = path_segments(saddle, _curve(50))
    assert np.allclose(segs[1:, 0:4], segs[:-1, 4:8])
    assert (segs[:, 7] > segs[:, 3]).all()
    lengths = np.linalg.norm(segs[:, 4:7] - segs[:, 0:3], axis=1)
    assert np.allclose(segs[:, 7] - segs[:, 3], lengths, rtol=1e-5)
    assert end == pytest.approx(segs[-1, 7], rel=1e-6)


def test_a_long_jump_is_draped_over_the_surface_not_cut_through_it(saddle):
    segs, _ = path_segments(saddle, [(-2.8, 0.0), (2.8, 0.0)], max_step=0.02)
    assert len(segs) >= (5.6 / 3.0) / 0.02
    x, y = saddle.landscape_xy(segs[:, 0], segs[:, 2])
    assert (segs[:, 1] > saddle.world_height(x, y)).all()


def test_decimation_keeps_the_shape_of_a_crowded_path():
    dense = _curve(100_000)
    keep = decimate(dense, 0.01)
    assert keep[0] == 0 and len(keep) < 2000
    kept = dense[keep]
    assert (np.linalg.norm(np.diff(kept, axis=0), axis=1) >= 0.01 - 1e-12).all()
    # every dropped point lies within one step of the kept point before it
    before = np.searchsorted(keep, np.arange(len(dense)), side="right") - 1
    assert np.linalg.norm(dense - kept[before], axis=1).max() < 0.01


def test_decimation_collapses_jitter_but_keeps_every_long_step():
    rng = np.random.default_rng(3)
    jitter = np.array([1.0, -1.0]) + rng.normal(0.0, 0.004, (50_000, 2))
    assert len(decimate(jitter, 0.05)) < 50
    strides = np.cumsum(np.full((1000, 2), 0.1), axis=0)
    assert len(decimate(strides, 0.05)) == 1000
    assert len(decimate(strides, 0.05, anchor=(0.0, 0.0))) == 1000


def test_a_trail_scribbling_in_place_is_coarsened_to_stay_drawable(saddle):
    rng = np.random.default_rng(5)
    noisy = np.array([0.0, -2.3]) + rng.normal(0.0, 0.2, (100_000, 2))
    trace = PathTrace(saddle, max_segments=5000)
    trace.update(noisy, noisy[-1])
    assert 0 < trace.count <= 5000
    assert trace.generation >= 1


def test_following_a_growing_path_gives_the_same_trail_as_building_it_at_once(saddle):
    path = _curve(3000)
    whole = PathTrace(saddle)
    whole.update(path, path[-1])
    growing = PathTrace(saddle)
    for k in range(10, 3001, 97):
        growing.update(path[:k], path[k - 1])
    growing.update(path, path[-1])
    assert growing.generation == whole.generation == 0
    assert abs(growing.count - whole.count) <= 2
    ends = lambda t: np.vstack([t.segments, t.tail])[-1, 4:8]  # noqa: E731
    assert np.allclose(ends(growing), ends(whole), atol=1e-3)


def test_the_trail_ends_at_the_ball_and_restarts_for_a_new_run(saddle):
    trace = PathTrace(saddle)
    path = _curve(200)
    head = (0.05, -0.6)
    trace.update(path, head)
    last = trace.tail[-1, 4:7]
    expected = saddle.to_world(*head)
    assert np.linalg.norm(last - expected) < 0.02
    trace.update(path[::-1].copy(), path[0])
    assert trace.generation == 1
    first = trace.segments[0, 0:3] if trace.count else trace.tail[0, 0:3]
    assert np.linalg.norm(first - saddle.to_world(*path[-1])) < 0.02


def test_one_d_paths_are_straight_chords_between_steps():
    mapping = WorldMapping.for_surface(make_surface("parabola"))
    trace = PathTrace(mapping)
    trace.update(np.array([[1.8, 0.0], [-1.26, 0.0], [0.88, 0.0]]), (0.88, 0.0))
    assert trace.count == 2


# -- markers -------------------------------------------------------------------------

def test_draped_markers_hug_the_surface_and_facing_ones_face_the_eye(saddle):
    eye = np.array([-1.7, 2.4, 2.4])
    markers = [Marker((0.0, -2.3), 0.07, (1, 1, 1, 1)),
               Marker((0.0, 0.5, 0.0), 0.02, (1, 1, 1, 1), facing=True)]
    vertices, indices = marker_vertices(saddle, eye, markers, lift=0.0)
    assert vertices.shape[1] == VERTEX_FLOATS and indices.max() == len(vertices) - 1
    draped, quad = vertices[:-4], vertices[-4:]
    x, y = saddle.landscape_xy(draped[:, 0], draped[:, 2])
    assert np.allclose(draped[:, 1], saddle.world_height(x, y), atol=1e-5)
    edges = quad[1:, 0:3] - quad[0, 0:3]
    assert np.allclose(edges @ (eye - np.array([0.0, 0.5, 0.0])), 0.0, atol=1e-5)


def test_a_diverging_trail_stops_where_the_ball_leaves_the_landscape(saddle):
    path = np.array([[0.0, 0.0], [1.0, 0.5], [2.5, 1.0], [7.0, 3.0], [np.inf, np.nan], [1e9, 1e9]])
    trace = PathTrace(saddle)
    trace.update(path, (1e12, 1e12))
    drawn = np.vstack([trace.segments, trace.tail])
    assert len(drawn) > 0
    assert np.isfinite(drawn).all()
    assert np.abs(drawn[:, [0, 2, 4, 6]]).max() <= 1.0 + 1e-6
    end = saddle.to_world(2.5, 1.0)
    assert np.linalg.norm(drawn[-1, 4:7] - end) < 0.02
    trace.update(np.vstack([path, [[0.0, 0.0]]]), (0.0, 0.0))   # still the same run
    assert trace.generation == 0 and len(trace.tail) == 0
