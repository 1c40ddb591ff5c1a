"""Arrows and minimap drawn offscreen: the pixels that matter carry the
colours they should."""

from dataclasses import replace

import numpy as np

from engine.gl.arrow_pass import GRADIENT_COLOUR, ArrowPass
from engine.gl.minimap_pass import MinimapRenderer
from engine.gl.offscreen import render_frame
from engine.gl.scene_renderer import SceneRenderer
from engine.maths.geometry import WorldMapping
from engine.model.basin import BasinMap
from engine.ui.frame.basin_palette import GLOBAL_BASIN, basin_colour
from engine.ui.panels.minimap import map_points
from engine.ui.widgets.controls import Rect

from scene_views import saddle_view

W, H = 480, 320


def test_minimap_shows_global_minimum_white_and_ball_in_its_colour(gl_ctx):
    view = saddle_view(W, H)
    ball = replace(view.balls[0], colour=(0.1, 0.3, 0.95))  # a colour the red map never shows
    view = replace(view, balls=(ball,) + tuple(view.balls[1:]))
    rect = Rect(250, 90, 200, 200)
    renderer = MinimapRenderer(gl_ctx)
    try:
        image = render_frame(gl_ctx, lambda: (gl_ctx.clear(0, 0, 0, 1),
                                              renderer.draw(view.surface, view.balls, rect, W, H)), W, H)
    finally:
        renderer.release()
    mapping = WorldMapping.for_surface(view.surface)
    g = view.surface.global_minimum
    gx, gy = map_points(mapping, rect, g.x, g.y)
    assert image[H - 1 - int(gy), int(gx)].min() > 225
    bx, by = map_points(mapping, rect, ball.x, ball.y)
    r, gg, b = image[H - 1 - int(by), int(bx)].astype(int)
    assert b > 200 and r < 60 and gg < 110
    outside = image[H - 1 - 40, 40]
    assert outside.max() == 0                # nothing drawn outside the rect


def test_minimap_colours_the_global_basin(gl_ctx):
    view = saddle_view(W, H)
    surface = view.surface
    xs = np.linspace(-3, 3, 32)
    labels = np.full((32, 32), -1)            # all diverge ...
    g = surface.global_minimum
    near = (np.abs(xs[None, :] - g.x) < 0.8) & (np.abs(xs[:, None] - g.y) < 0.8)
    labels[near] = g.index                    # ... but the global basin
    basin = BasinMap(surface, "sgd", {}, xs, xs, labels, 0, 0.0)
    rect = Rect(100, 40, 240, 240)
    renderer = MinimapRenderer(gl_ctx)
    try:
        image = render_frame(gl_ctx, lambda: renderer.draw(surface, [], rect, W, H, basin=basin), W, H)
    finally:
        renderer.release()
    mapping = WorldMapping.for_surface(surface)
    px, py = map_points(mapping, rect, g.x + 0.5, g.y + 0.5)
    tint = image[H - 1 - int(py), int(px)] / 255.0
    assert np.all(np.abs(tint - np.array(GLOBAL_BASIN)) < 0.3) and tint[2] > tint[0]
    px, py = map_points(mapping, rect, -2.5, 2.5)
    assert image[H - 1 - int(py), int(px)].max() < 40    # diverges: dark
    assert basin_colour(-1, surface.minima) != GLOBAL_BASIN


def test_downhill_arrow_is_drawn_ahead_of_the_ball(gl_ctx):
    view = saddle_view(W, H, steps=22)
    # Mid-step: the arrows start where the step under way started.
    path = view.balls[0].path
    origin = (float(path[-2, 0]), float(path[-2, 1]))
    ball = replace(view.balls[0], x=origin[0], y=origin[1], origin=origin,
                   step=(float(path[-1, 0] - path[-2, 0]), float(path[-1, 1] - path[-2, 1])))
    view = replace(view, balls=[ball])
    scene, arrows = SceneRenderer(gl_ctx, cache_static=False), ArrowPass(gl_ctx)
    try:
        image = render_frame(gl_ctx, lambda: (scene.draw(view), arrows.draw(view, scene.mapping)), W, H)
        downhill = arrows.arrows_for(view)[0][2].vector
    finally:
        scene.release()
        arrows.release()
    mapping = WorldMapping.for_surface(view.surface)
    # Two thirds along the arrow, well clear of the ball and the head.
    x, y = ball.x + 0.66 * downhill[0], ball.y + 0.66 * downhill[1]
    px = view.camera.project(mapping.to_world(x, y), W, H)
    patch = image[H - 1 - int(px[1]) - 2:H - 1 - int(px[1]) + 3, int(px[0]) - 2:int(px[0]) + 3] / 255.0
    cyan = np.array(GRADIENT_COLOUR[:3])
    assert np.min(np.abs(patch - cyan).sum(axis=-1)) < 0.25


def test_landscape_takes_the_global_basin_tint(gl_ctx):
    from engine.gl.basin_pass import BasinPass

    view = saddle_view(W, H)
    view = replace(view, balls=())
    surface = view.surface
    xs = np.linspace(-3, 3, 64)
    g = surface.global_minimum
    labels = np.where((np.abs(xs[None, :] - g.x) < 1.0) & (np.abs(xs[:, None] - g.y) < 1.0), g.index, -1)
    basin = BasinMap(surface, "sgd", {}, xs, xs, labels, 0, 0.0)
    scene, basins = SceneRenderer(gl_ctx, cache_static=False), BasinPass(gl_ctx)
    try:
        image = render_frame(gl_ctx, lambda: (scene.draw(view), basins.draw(
            view.camera.view_projection(W, H), scene.mapping, basin)), W, H)
    finally:
        scene.release()
        basins.release()
    mapping = WorldMapping.for_surface(surface)
    px = view.camera.project(mapping.to_world(g.x - 0.6, g.y + 0.4), W, H)
    r, gg, b = image[H - 1 - int(px[1]), int(px[0])].astype(int)
    assert b > 120 and gg > 110 and b >= r - 10        # ice, not the landscape's red
    px = view.camera.project(mapping.to_world(-2.0, 2.0), W, H)
    assert image[H - 1 - int(px[1]), int(px[0])].max() < 70   # diverges: dark
