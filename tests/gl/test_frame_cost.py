"""What keeps a frame cheap on llvmpipe must not change the picture: the
landscape drawn in blocks nearest first, blocks out of view skipped, the
still-camera refinement cut into cost-balanced bands, and a frame painted
straight into a framebuffer that can take it."""

from __future__ import annotations

import argparse

import numpy as np
import pytest

from engine.gl import surface_pass
from engine.gl.frame import FramePainter
from engine.gl.glstate import command_flusher
from engine.gl.offscreen import OffscreenTarget, render_frame
from engine.gl.scene_renderer import FrameUniforms, SceneRenderer
from engine.gl.static_cache import band_edges
from engine.maths.camera import OrbitCamera
from engine.maths.geometry import (
    WorldMapping,
    boxes_in_view,
    grid_indices,
    grid_indices_tiled,
    grid_tile_bounds,
    surface_grid,
)
from engine.shell.offscreen import build_session
from engine.ui.frame.view import FrameView

from scene_views import saddle_view

W, H = 320, 180


def triangles(indices):
    """Triangles as a set, each rotated to start at its smallest index, so
    the same triangle with the same winding compares equal."""
    out = set()
    for a, b, c in np.asarray(indices).reshape(-1, 3):
        k = int(np.argmin((a, b, c)))
        out.add(tuple(int(v) for v in np.roll((a, b, c), -k)))
    return out


# -- the blocks (no GL) ----------------------------------------------------------------

def test_the_blocks_hold_every_triangle_of_the_grid_once_with_its_winding():
    indices, ranges = grid_indices_tiled(9, 3)
    assert len(indices) == len(grid_indices(9))
    assert triangles(indices) == triangles(grid_indices(9))
    # Each block is one contiguous run, the runs back to back.
    assert ranges[0, 0] == 0 and np.array_equal(ranges[1:, 0], np.cumsum(ranges[:-1, 1]))
    assert ranges[:, 1].sum() == len(indices)


def test_every_cell_lies_inside_the_box_of_its_block(saddle_mesh):
    n, grid = saddle_mesh
    tiles = 3
    boxes = grid_tile_bounds(grid, tiles)
    indices, ranges = grid_indices_tiled(n, tiles)
    points = grid.reshape(-1, 3)
    assert len(boxes) == len(ranges) == tiles * tiles
    for (low, high), (first, count) in zip(boxes, ranges):
        corners = points[indices[first:first + count]]
        assert (corners >= low - 1e-12).all() and (corners <= high + 1e-12).all()
        # and the box is no bigger than its block
        assert np.allclose(corners.min(axis=0), low) and np.allclose(corners.max(axis=0), high)


@pytest.fixture(scope="module")
def saddle_mesh():
    view = saddle_view(W, H)
    n = 33
    mesh = surface_grid(WorldMapping.for_surface(view.surface), n)
    return n, mesh.positions.reshape(n, n, 3).astype(np.float64)


def test_only_boxes_in_front_of_the_eye_and_within_the_rows_count_as_in_view():
    camera = OrbitCamera(yaw=0.0, pitch=30.0, distance=3.0)
    view_proj = camera.view_projection(W, H)
    centre = np.asarray(camera.target)

    def box(at, half=0.05):
        return np.array([[np.asarray(at) - half, np.asarray(at) + half]])

    assert boxes_in_view(box(centre), view_proj)[0]
    behind = np.asarray(camera.eye) + 2.0 * (np.asarray(camera.eye) - centre)
    assert not boxes_in_view(box(behind), view_proj)[0]
    aside = centre + 10.0 * np.asarray(camera.right)
    assert not boxes_in_view(box(aside), view_proj)[0]
    # The target projects to the middle row: in the middle band, not the top one.
    assert boxes_in_view(box(centre), view_proj, (-0.2, 0.2))[0]
    assert not boxes_in_view(box(centre), view_proj, (0.5, 1.0))[0]
    # A box reaching from in front of the eye to behind it is kept.
    long_box = np.array([[np.minimum(centre, behind) - 0.05, np.maximum(centre, behind) + 0.05]])
    assert boxes_in_view(long_box, view_proj)[0]


def test_bands_share_the_cost_evenly_and_cover_every_row_once():
    even = band_edges(np.ones(720), 8)
    assert np.array_equal(even, np.arange(9) * 90)
    crowded = np.zeros(720)
    crowded[300:400] = 100.0
    edges = band_edges(crowded, 8)
    assert edges[0] == 0 and edges[-1] == 720 and (np.diff(edges) > 0).all()
    widths = np.diff(edges)
    assert widths.max() > 250                      # empty rows go in few wide bands
    assert sum(1 for low, high in zip(edges[:-1], edges[1:]) if high <= 400 and low >= 300) >= 4
    assert (np.diff(band_edges(np.zeros(50), 8)) > 0).all()


# -- the same picture ---------------------------------------------------------------------

def test_the_landscape_drawn_in_flushed_groups_is_the_landscape_drawn_at_once(gl_ctx):
    view = saddle_view(W, H)
    grouped = SceneRenderer(gl_ctx, cache_static=False)
    whole = SceneRenderer(gl_ctx, cache_static=False)
    whole.surface_pass.bands = 1
    a = render_frame(gl_ctx, lambda: grouped.draw(view), W, H)
    b = render_frame(gl_ctx, lambda: whole.draw(view), W, H)
    grouped.release()
    whole.release()
    assert np.array_equal(a, b)


def test_blocks_are_drawn_nearest_the_eye_first(gl_ctx):
    renderer = SceneRenderer(gl_ctx, cache_static=False)
    view = saddle_view(W, H)
    renderer.mapping_for(view.surface)
    landscape = renderer.surface_pass
    for yaw in range(0, 360, 30):
        camera = OrbitCamera(yaw=yaw, pitch=35.0, distance=3.6)
        frame = FrameUniforms.for_view(FrameView(view.surface, camera, W, H))
        order = landscape.drawing_order(frame)
        assert len(order) == landscape.blocks
        distance = np.linalg.norm(landscape._bounds[order].mean(axis=1) - np.asarray(camera.eye), axis=1)
        assert (np.diff(distance) >= 0).all(), yaw
    renderer.release()


def test_blocks_out_of_view_are_skipped_without_changing_the_picture(gl_ctx, monkeypatch):
    close = saddle_view(W, H, camera=OrbitCamera(yaw=0.0, pitch=60.0, distance=1.0))
    renderer = SceneRenderer(gl_ctx, cache_static=False)
    culled = render_frame(gl_ctx, lambda: renderer.draw(close), W, H)
    drawn = renderer.surface_pass.last_blocks_drawn
    total = renderer.surface_pass.blocks
    monkeypatch.setattr(surface_pass, "boxes_in_view", lambda boxes, *_: np.ones(len(boxes), bool))
    everything = render_frame(gl_ctx, lambda: renderer.draw(close), W, H)
    renderer.release()
    assert drawn < total
    assert np.array_equal(culled, everything)


def test_the_refinement_in_cost_balanced_bands_matches_one_drawn_in_a_single_band(gl_ctx):
    view = saddle_view(W, H)
    banded = SceneRenderer(gl_ctx)
    single = SceneRenderer(gl_ctx)
    single.mapping_for(view.surface)
    single.static.bands = 1
    target = OffscreenTarget(gl_ctx)
    a = render_frame(gl_ctx, lambda: banded.draw_settled(view), W, H, target)
    edges = banded.static._edges
    b = render_frame(gl_ctx, lambda: single.draw_settled(view), W, H, target)
    uncached = SceneRenderer(gl_ctx, cache_static=False)
    plain = render_frame(gl_ctx, lambda: uncached.draw(view), W, H, target)
    for renderer in (banded, single, uncached):
        renderer.release()
    target.release()
    assert banded.static.bands == 8 and not np.array_equal(edges, np.arange(9) * H // 8)
    assert np.abs(a.astype(int) - b.astype(int)).max() <= 2
    # and it is the smooth picture, not the plain one
    assert (np.abs(a.astype(int) - plain.astype(int)).max(axis=2) > 24).any()


def test_the_cost_estimate_covers_the_rows_the_landscape_covers(gl_ctx):
    view = saddle_view(W, H)
    renderer = SceneRenderer(gl_ctx, cache_static=False)
    image = render_frame(gl_ctx, lambda: renderer.draw(view), W, H)
    costs = renderer.surface_pass.row_costs(FrameUniforms.for_view(view), H)
    renderer.release()
    red = ((image[..., 0].astype(int) > image[..., 2].astype(int) + 40).sum(axis=1) > 0)[::-1]
    landscape_rows = np.flatnonzero(red)
    assert len(costs) == H
    assert (costs[:landscape_rows.min() - 2] == 0).all() and (costs[landscape_rows.max() + 3:] == 0).all()
    assert (costs[landscape_rows.min() + 2:landscape_rows.max() - 2] > 0).all()


def test_refining_bands_skip_the_blocks_that_cannot_reach_their_rows(gl_ctx):
    view = saddle_view(W, H)
    renderer = SceneRenderer(gl_ctx)
    target = OffscreenTarget(gl_ctx)
    render_frame(gl_ctx, lambda: renderer.draw(view), W, H, target)       # turning: all of it
    everything = renderer.surface_pass.last_blocks_drawn
    counts = []
    for _ in range(renderer.static.bands + 2):
        renderer.surface_pass.last_blocks_drawn = 0
        render_frame(gl_ctx, lambda: renderer.draw(view), W, H, target)
        counts.append(renderer.surface_pass.last_blocks_drawn)
    assert renderer.static.smooth_ready
    renderer.release()
    target.release()
    # The first still frame fills the plain layer; the bands then skip blocks
    # that cannot reach their rows, and the last frame only resolves.
    assert counts[0] == everything
    assert min(counts[1:-1]) < everything
    assert counts[-1] == 0


# -- the whole frame ------------------------------------------------------------------------

def _session(width, height):
    ns = argparse.Namespace(scene="default", seed=3, surface=None, optimizer=None, lr=None,
                            momentum=None, start=None, camera=None)
    session = build_session(ns, width, height)
    session.sim.step(30)
    return session


def test_a_frame_painted_straight_into_the_framebuffer_matches_one_copied_to_the_window(gl_ctx):
    session = _session(W, H)
    painter = FramePainter(gl_ctx)
    direct = OffscreenTarget(gl_ctx)
    fbo = direct.framebuffer(W, H)
    fbo.use()
    painter.paint(session.frame(), destination=fbo)
    assert gl_ctx.fbo is fbo
    straight = np.frombuffer(fbo.read(components=3), np.uint8)
    # A framebuffer the cache cannot copy into, like a window's.
    window = gl_ctx.framebuffer(color_attachments=[gl_ctx.texture((W, H), 4)],
                                depth_attachment=gl_ctx.depth_texture((W, H)))
    window.use()
    painter.paint(session.frame(), destination=window)
    assert gl_ctx.fbo is window
    copied = np.frombuffer(window.read(components=3), np.uint8)
    fbo.use()
    for resource in (*window.color_attachments, window.depth_attachment, window):
        resource.release()
    painter.release()
    direct.release()
    assert np.array_equal(straight, copied)


def test_a_frame_painted_into_a_detected_framebuffer_as_the_window_does_is_the_same(gl_ctx):
    session = _session(W, H)
    painter = FramePainter(gl_ctx)
    own = OffscreenTarget(gl_ctx)
    fbo = own.framebuffer(W, H)
    fbo.use()
    gl_ctx.viewport = (0, 0, W, H)
    painter.paint(session.frame(), destination=fbo)
    expected = np.frombuffer(fbo.read(components=3), np.uint8)
    fbo.clear(0.0, 0.0, 0.0, 1.0)
    # The window passes the framebuffer moderngl detects, which lists no
    # attachments: it is painted through a copy.
    detected = gl_ctx.detect_framebuffer()
    painter.paint(session.frame(), destination=detected)
    assert gl_ctx.fbo is detected
    painted = np.frombuffer(fbo.read(components=3), np.uint8)
    fbo.use()                    # never release a framebuffer bound under another name
    painter.release()
    own.release()
    assert np.array_equal(painted, expected)


def test_the_flush_hands_over_queued_drawing_without_changing_it(gl_ctx):
    flush = command_flusher(gl_ctx)
    view = saddle_view(W, H)
    renderer = SceneRenderer(gl_ctx, cache_static=False)

    def draw_and_flush():
        renderer.draw(view)
        flush()

    flushed = render_frame(gl_ctx, draw_and_flush, W, H)
    renderer.flush = lambda: None
    unflushed = render_frame(gl_ctx, lambda: renderer.draw(view), W, H)
    renderer.release()
    assert np.array_equal(flushed, unflushed)
