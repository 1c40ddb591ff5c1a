"""Splitting the 2-D draw list into GPU batches: pure numpy, no GL."""

import itertools
import random

import numpy as np
import pytest

from engine.ui.widgets.drawlist import Circle, Icon, RoundRect, Text
from engine.ui.dock.hud import Hud
from engine.gl.overlay_batch import _pieces, batch, over
from engine.ui.widgets.controls import Rect


def test_a_large_panel_is_cut_into_a_flat_inside_and_outline_bands_that_tile_it():
    # (with a shadow its bands need the costlier "panel" program)
    panel = RoundRect(Rect(100, 50, 600, 120), (0.1, 0.1, 0.1, 0.7), radius=20,
                      shadow=0.4, shadow_blur=8, shadow_drop=2, edge=0.1)
    pieces = _pieces(panel)
    programs = {p for p, _, _ in pieces}
    assert programs == {"flat", "panel"}
    quads = [q for _, q, _ in pieces]
    for a, b in itertools.combinations(quads, 2):
        assert not a.overlaps(b)
    outer = Rect(100 - 11.5, 50 - 11.5, 600 + 23, 120 + 23)
    assert sum(q.w * q.h for q in quads) == pytest.approx(outer.w * outer.h)
    assert all(q.inside(outer) for q in quads)
    flat_area = sum(q.w * q.h for p, q, _ in pieces if p == "flat")
    assert flat_area > 0.6 * 600 * 120


def test_the_flat_inside_has_the_fill_over_its_own_shadow():
    fill = (0.2, 0.3, 0.4, 0.5)
    panel = RoundRect(Rect(0, 0, 400, 200), fill, radius=10, shadow=0.5, shadow_blur=4)
    flat = next(row for p, _, row in _pieces(panel) if p == "flat")
    rgba = flat[8:12]
    assert rgba == pytest.approx(over(fill, (0, 0, 0, 0.5)))
    assert rgba[3] == pytest.approx(0.75)
    assert rgba[0] == pytest.approx(0.2 * 0.5 / 0.75)


@pytest.mark.parametrize("shape", [
    RoundRect(Rect(0, 0, 30, 30), (1, 1, 1, 1), radius=8),
    RoundRect(Rect(0, 0, 400, 400), (1, 1, 1, 1), radius=8, blur=6),
    RoundRect(Rect(0, 0, 400, 400), (1, 1, 1, 1), radius=8, stroke=2),
    Circle(50, 50, 12, (1, 1, 1, 1)),
])
def test_small_soft_or_outlined_shapes_stay_one_piece(shape):
    assert len(_pieces(shape)) == 1


def paint(runs_or_items, size=(64, 40), step=2.0):
    """The colour last painted at each sample point, drawing quads in order."""
    xs, ys = np.meshgrid(np.arange(0.5, size[0], step), np.arange(0.5, size[1], step))
    top = np.full(xs.shape, -1)
    for rows in runs_or_items:
        for row in rows:
            x, y, w, h = row[:4]
            inside = (xs >= x) & (xs < x + w) & (ys >= y) & (ys < y + h)
            top[inside] = round(float(row[8]) * 12)  # red channel = shape number / 12
    return top


def test_batching_never_changes_which_shape_ends_up_on_top():
    rng = random.Random(7)
    for trial in range(40):
        items = []
        for i in range(12):
            x, y = rng.uniform(0, 50), rng.uniform(0, 30)
            w, h = rng.uniform(4, 40), rng.uniform(4, 30)
            colour = (i / 12, 0.0, 0.0, 1.0)
            if rng.random() < 0.3:
                items.append(RoundRect(Rect(x, y, w, h), colour, radius=2, shadow=0.3,
                                       shadow_blur=1))
            elif rng.random() < 0.5:
                items.append(Icon("plus", Rect(x, y, 8, 8), colour))
            else:
                items.append(RoundRect(Rect(x, y, w, h), colour, radius=3))
        in_order = paint([[row for _, _, row in _pieces(item)] for item in items])
        runs = batch(items)
        batched = paint([rows for program, rows in runs if program != "text"])
        assert np.array_equal(in_order, batched), f"trial {trial}"


def test_texts_in_a_row_form_one_run_and_keep_their_place_after_shapes():
    items = [RoundRect(Rect(0, 0, 40, 20), (0, 0, 0, 1)),
             Text("a", 10, 10, 16, (1, 1, 1, 1)), Text("b", 30, 10, 20, (1, 1, 1, 1), bold=True),
             RoundRect(Rect(5, 5, 20, 20), (1, 0, 0, 1))]
    runs = batch(items)
    assert [p for p, _ in runs] == ["box", "text", "box"]
    assert [t.text for t in runs[1][1]] == ["a", "b"]


def test_a_full_hud_frame_needs_only_a_handful_of_draw_calls():
    hud = Hud(1920, 1080)
    hud.set_state(optimizer="momentum", step=10, loss=1.0, status="running")
    runs = batch(hud.draw_list())
    assert len(runs) <= 8
    assert sum(1 for p, _ in runs if p == "text") == 1


@pytest.mark.parametrize("rect, radius", [(Rect(0, 0, 300, 36), 18), (Rect(5, 5, 400, 40), 12),
                                          (Rect(0, 0, 200, 200), 0)])
def test_pills_and_square_boxes_are_tiled_by_their_pieces_too(rect, radius):
    pieces = _pieces(RoundRect(rect, (1, 1, 1, 0.5), radius=radius))
    assert "flat" in {p for p, _, _ in pieces}
    quads = [q for _, q, _ in pieces]
    for a, b in itertools.combinations(quads, 2):
        assert not a.overlaps(b)
    assert sum(q.w * q.h for q in quads) == pytest.approx((rect.w + 3) * (rect.h + 3))
