"""Loss plot: linear or log axis, ticks, and where the curves land; no GL."""

import math

import numpy as np
import pytest

from engine.model.loss_history import LossHistory
from engine.ui.widgets.drawlist import Circle, Polyline, RoundRect, Text
from engine.ui.dock.draw import Theme
from engine.ui.panels.loss_plot import choose_scale, linear_ticks, log_ticks, nice_step, plot_primitives, thin_to_pixels
from engine.ui.widgets.controls import Rect


def test_losses_within_two_decades_of_the_minimum_get_a_linear_axis():
    scale = choose_scale([-3.0, -2.5, -1.0], floor=-3.6)   # 0.6 .. 2.6 above the floor
    assert not scale.log
    assert scale.y0 <= -3.0 and scale.y1 >= -1.0           # the losses themselves


def test_losses_closing_in_on_the_minimum_get_a_log_axis_of_the_excess():
    scale = choose_scale([-3.6 + 2.0, -3.6 + 1e-3], floor=-3.6)
    assert scale.log
    assert scale.transform([-3.6 + 1.0])[0] == pytest.approx(0.0, abs=1e-5)
    assert scale.transform([-3.6 + 100.0])[0] == pytest.approx(2.0, abs=1e-6)
    # whole decades at both ends, covering the values
    assert scale.y0 == math.floor(scale.y0) and scale.y0 <= -3
    assert scale.y1 == math.ceil(scale.y1) and scale.y1 >= math.log10(2.0)


def test_a_ball_exactly_on_the_minimum_stays_about_six_decades_down():
    scale = choose_scale([-3.6, -2.6], floor=-3.6)
    assert scale.log
    assert scale.transform([-3.6])[0] == pytest.approx(-6.0, abs=1e-6)


def test_without_a_known_minimum_only_positive_losses_spanning_decades_go_log():
    assert not choose_scale([5.0, 5.0 + 1e-4, 6.0]).log
    assert not choose_scale([-2.0, 1e-4, 50.0]).log
    scale = choose_scale([1e-4, 1.0, 10.0])
    assert scale.log and scale.transform([10.0])[0] == pytest.approx(1.0, abs=1e-5)


def test_a_flat_or_empty_set_of_values_still_gets_a_usable_axis():
    flat = choose_scale([2.0, 2.0])
    assert not flat.log and flat.y0 < 2.0 < flat.y1
    empty = choose_scale([np.nan, np.inf])
    assert empty.y1 > empty.y0


def test_nice_steps_are_one_two_or_five_times_a_power_of_ten():
    for span in (1.0, 7.0, 0.03, 900.0):
        got = nice_step(span)
        mantissa = got / 10 ** math.floor(math.log10(got))
        assert round(mantissa, 6) in (1.0, 2.0, 5.0)
        assert span / 8 <= got <= span / 1.5


def test_linear_ticks_lie_inside_the_range_with_readable_labels():
    ticks = linear_ticks(-3.7, -0.8)
    assert 3 <= len(ticks) <= 7
    assert all(-3.7 <= v <= -0.8 for v, _ in ticks)
    assert [label for _, label in ticks] == ["−3", "−2", "−1"]
    halves = linear_ticks(0.0, 1.6)
    assert [label for _, label in halves] == ["0", "0.5", "1.0", "1.5"]


def test_log_ticks_are_decades_and_thin_out_over_many_decades():
    assert [label for _, label in log_ticks(-2, 1)] == ["0.01", "0.1", "1", "10"]
    many = log_ticks(-6, 3)
    assert len(many) <= 5
    assert many[0] == (-6.0, "1e−6")


def history_of(curves) -> LossHistory:
    history = LossHistory(len(curves))
    for k in range(len(curves[0])):
        history.record([k] * len(curves), [c[k] for c in curves])
    return history


def test_each_ball_gets_a_curve_in_its_colour_inside_the_plot_area():
    rect = Rect(100, 100, 400, 250)
    history = history_of([[3.0 - 0.01 * k for k in range(100)], [2.0 + 0.005 * k for k in range(100)]])
    colours = [(1.0, 0.0, 0.0), (0.0, 0.0, 1.0)]
    prims = plot_primitives(rect, history, colours, 1.0, Theme(), floor=0.0)
    curves = [p for p in prims if isinstance(p, Polyline) and p.width > 1.0]
    assert [c.colour[:3] for c in curves] == colours
    for c in curves:
        assert len(c.points) == 100
        assert c.points[:, 0].min() >= rect.x and c.points[:, 0].max() <= rect.right
        assert c.points[:, 1].min() >= rect.y and c.points[:, 1].max() <= rect.top
    # the first ball falls, the second rises; the newest step is at the right edge
    assert curves[0].points[-1, 1] < curves[0].points[0, 1]
    assert curves[1].points[-1, 1] > curves[1].points[0, 1]
    assert curves[0].points[-1, 0] == pytest.approx(curves[0].points[:, 0].max())
    assert isinstance(prims[0], RoundRect) and prims[0].rect == rect
    assert sum(isinstance(p, Circle) for p in prims) == 2          # a dot at each curve's end


def test_a_diverging_ball_is_pinned_to_the_top_of_the_plot_not_lost():
    rect = Rect(0, 0, 300, 200)
    history = history_of([[1.0, 0.5, 0.25, 0.1], [1.0, 10.0, 1e6, np.inf]])
    prims = plot_primitives(rect, history, [(1, 1, 1), (1, 0, 0)], 1.0, Theme(), floor=0.0)
    curve = [p for p in prims if isinstance(p, Polyline) and p.colour[:3] == (1, 0, 0)][0]
    assert np.all(np.isfinite(curve.points))
    assert curve.points[-1, 1] == pytest.approx(curve.points[:, 1].max())
    assert any(isinstance(t, Text) and "log" in t.text for t in prims)


def test_a_long_curve_is_thinned_to_the_pixels_but_keeps_its_swings():
    xs = np.arange(5000, dtype=float)
    ys = np.sin(xs / 7.0) * np.exp(-xs / 2000)
    tx, ty = thin_to_pixels(xs, ys, 100)
    assert len(tx) <= 2 * 100 + 2
    assert tx[0] == 0 and tx[-1] == 4999 and np.all(np.diff(tx) > 0)
    assert ty.max() == ys.max() and ty.min() == ys.min()
    # every stretch of the curve keeps its own highest and lowest point
    for a in range(0, 5000, 50):
        inside = (tx >= a) & (tx < a + 50)
        assert ty[inside].max() == pytest.approx(ys[a:a + 50].max(), abs=1e-12) or inside.sum() == 0


def test_thinning_a_short_curve_changes_nothing():
    xs, ys = np.arange(10.0), np.arange(10.0) ** 2
    tx, ty = thin_to_pixels(xs, ys, 100)
    assert list(tx) == list(xs) and list(ty) == list(ys)


def test_the_title_names_the_quantity_plotted():
    rect = Rect(100, 100, 400, 250)
    colours = [(1.0, 0.0, 0.0)]
    # Losses near a minimum at -3.6: a log axis of how far above it they are.
    deep = history_of([[-3.6 + 10.0 ** (-k / 10) for k in range(80)]])
    titles = [p.text for p in plot_primitives(rect, deep, colours, 1.0, Theme(), floor=-3.6)
              if isinstance(p, Text) and p.bold]
    assert titles == ["Loss − lowest"]
    # Losses spread little: the loss itself, as the info panel shows it.
    plain = history_of([[3.0 - 0.01 * k for k in range(50)]])
    titles = [p.text for p in plot_primitives(rect, plain, colours, 1.0, Theme(), floor=0.0)
              if isinstance(p, Text) and p.bold]
    assert titles == ["Loss"]
