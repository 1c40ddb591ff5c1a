"""Polylines of the 2-D overlay (engine/gl/plot_lines.py) drawn with llvmpipe."""

from __future__ import annotations

import numpy as np
import pytest

from engine.gl.plot_lines import PlotLines
from engine.gl.ui import UiRenderer
from engine.ui.widgets.drawlist import Polyline, RoundRect, Text
from engine.gl.overlay_batch import batch, polyline_segments
from engine.ui.widgets.controls import Rect

from image_compare import pixel


@pytest.fixture(scope="module")
def lines(gl_ctx):
    renderer = PlotLines(gl_ctx)
    yield renderer
    renderer.release()


def render(ctx, draw, width=200, height=120, background=(0.0, 0.0, 0.0)) -> np.ndarray:
    fbo = ctx.simple_framebuffer((width, height))
    try:
        fbo.use()
        fbo.clear(*background, 1.0)
        draw(width, height)
        data = fbo.read(components=3, alignment=1)
    finally:
        ctx.detect_framebuffer(0).use()
        fbo.release()
    return np.frombuffer(data, np.uint8).reshape(height, width, 3)[::-1].copy()


def test_a_horizontal_line_covers_its_width_and_nothing_beyond(gl_ctx, lines):
    line = Polyline([(20, 60), (180, 60)], (1.0, 1.0, 1.0, 1.0), width=4.0)
    image = render(gl_ctx, lambda w, h: lines.draw([line], w, h))
    assert gl_ctx.error == "GL_NO_ERROR"
    column = image[::-1, 100, 0]          # bottom-up, x = 100
    lit = np.nonzero(column > 128)[0]
    assert lit.min() >= 57 and lit.max() <= 62       # about 4 px centred on y = 60
    assert 3 <= len(lit) <= 5
    assert column[:50].max() == 0 and column[70:].max() == 0
    assert pixel(image, 100, 60)[0] == 255
    assert pixel(image, 10, 60)[0] == 0 and pixel(image, 190, 60)[0] == 0   # beyond the ends


def test_the_edge_is_anti_aliased(gl_ctx, lines):
    # a line whose edge falls mid-pixel leaves partly covered pixels there
    line = Polyline([(20, 60.0), (180, 60.0)], (1.0, 1.0, 1.0, 1.0), width=3.0)
    image = render(gl_ctx, lambda w, h: lines.draw([line], w, h))
    column = image[::-1, 100, 0].astype(int)
    partial = [v for v in column if 0 < v < 255]
    assert partial, column[55:66]


def test_a_diagonal_polyline_passes_through_its_points_in_its_colour(gl_ctx, lines):
    points = [(20, 20), (100, 100), (180, 20)]
    line = Polyline(points, (0.2, 0.6, 1.0, 1.0), width=3.0)
    image = render(gl_ctx, lambda w, h: lines.draw([line], w, h))
    for t in (0.25, 0.5, 0.75):
        x, y = 20 + 80 * t, 20 + 80 * t
        assert pixel(image, x, y)[2] > 200 and pixel(image, x, y)[0] < 90
        assert pixel(image, 200 - x, y)[2] > 200
    assert pixel(image, 100, 100)[2] > 200        # the join is filled
    assert pixel(image, 100, 40).max() == 0       # under the peak: nothing


def test_a_nan_point_breaks_the_line(gl_ctx, lines):
    line = Polyline([(20, 60), (90, 60), (np.nan, np.nan), (110, 60), (180, 60)],
                    (1, 1, 1, 1), width=4.0)
    assert len(polyline_segments([line])) == 2
    image = render(gl_ctx, lambda w, h: lines.draw([line], w, h))
    assert pixel(image, 50, 60)[0] == 255 and pixel(image, 150, 60)[0] == 255
    assert pixel(image, 100, 60)[0] == 0


def test_in_a_ui_draw_list_lines_keep_their_place_between_shapes(gl_ctx):
    ui = UiRenderer(gl_ctx)
    try:
        card = RoundRect(Rect(10, 10, 180, 100), (0.1, 0.1, 0.1, 1.0), 8)
        line = Polyline([(20, 60), (180, 60)], (1.0, 0.0, 0.0, 1.0), width=6.0)
        cover = RoundRect(Rect(140, 40, 40, 40), (0.0, 1.0, 0.0, 1.0), 0)
        items = [card, line, cover, Text("x", 30, 20, 12, (1, 1, 1, 1))]
        programs = [program for program, _ in batch(items)]
        assert programs.count("lines") == 1 and programs[-1] == "text"
        assert 0 < programs.index("lines") < len(programs) - 2   # shapes before and after it
        image = render(gl_ctx, lambda w, h: ui.draw(items, w, h))
        assert gl_ctx.error == "GL_NO_ERROR"
        assert tuple(pixel(image, 80, 60)) == (255, 0, 0)      # the line over the card
        assert tuple(pixel(image, 160, 60)) == (0, 255, 0)     # under the later shape
        assert tuple(pixel(image, 80, 90)) == (26, 26, 26)     # the card elsewhere
    finally:
        ui.release()


def test_many_segments_grow_the_buffer_without_error(gl_ctx, lines):
    xs = np.linspace(0, 200, 20_000)
    line = Polyline(np.stack([xs, 60 + 30 * np.sin(xs / 10)], axis=1), (1, 1, 1, 1), 2.0)
    image = render(gl_ctx, lambda w, h: lines.draw([line], w, h))
    assert gl_ctx.error == "GL_NO_ERROR"
    assert (image[:, :, 0] > 128).sum() > 400
