"""Per-ball loss history: bounded by thinning, restarted on reset; no GL."""

import numpy as np
import pytest

from engine.model.loss_history import LossHistory


def run(history: LossHistory, steps, loss_of=lambda s: 1.0 / (1 + s)):
    for k in steps:
        history.record(np.full(history.n, k), np.full(history.n, loss_of(k)))


def test_given_a_short_run_every_recorded_step_is_kept_in_order():
    history = LossHistory(2, max_points=64)
    run(history, range(10))
    steps, loss = history.series(1)
    assert list(steps) == list(range(10))
    assert loss == pytest.approx([1.0 / (1 + k) for k in range(10)])


def test_given_a_long_run_the_points_stay_bounded_and_span_the_whole_run():
    history = LossHistory(1, max_points=64)
    run(history, range(10_000))
    steps, loss = history.series(0)
    assert len(steps) <= 65
    assert steps[0] == 0 and steps[-1] == 9_999      # first and newest kept
    assert np.all(np.diff(steps) > 0)
    # thinned evenly: the gaps between kept samples are all the same stride
    gaps = np.diff(steps[:-1])
    assert gaps.min() == gaps.max() == history.stride[0]
    assert loss == pytest.approx(1.0 / (1 + steps))


def test_frames_that_take_many_steps_at_once_are_recorded_at_their_step_counts():
    history = LossHistory(1, max_points=16)
    run(history, [0, 7, 19, 40])
    assert list(history.series(0)[0]) == [0, 7, 19, 40]


def test_a_frame_without_progress_adds_nothing():
    history = LossHistory(1)
    run(history, [0, 1, 2])
    version = history.version
    run(history, [2, 2])
    assert history.version == version
    assert list(history.series(0)[0]) == [0, 1, 2]


def test_when_a_ball_goes_back_to_step_zero_only_its_history_starts_over():
    history = LossHistory(2)
    run(history, range(50))
    history.record([0, 50], [5.0, 0.1])   # ball 0 reset, ball 1 stepped on
    steps0, loss0 = history.series(0)
    assert list(steps0) == [0] and loss0[0] == 5.0
    assert len(history.series(1)[0]) == 51


def test_restart_on_request_forgets_the_balls_named():
    history = LossHistory(3)
    run(history, range(5))
    history.restart(1)
    assert len(history.series(1)[0]) == 0
    assert len(history.series(0)[0]) == 5 and len(history.series(2)[0]) == 5
    history.record([5, 3, 5], [0.0, 9.0, 0.0])
    assert list(history.series(1)[0]) == [3]


def test_another_number_of_balls_starts_everything_over():
    history = LossHistory(2)
    run(history, range(5))
    history.record([0, 0, 0], [1.0, 2.0, 3.0])
    assert history.n == 3
    assert [len(history.series(i)[0]) for i in range(3)] == [1, 1, 1]


def test_non_finite_losses_are_kept_but_left_out_of_the_finite_values():
    history = LossHistory(2)
    history.record([0, 0], [1.0, 2.0])
    history.record([1, 1], [0.5, np.inf])
    assert np.isinf(history.series(1)[1][-1])
    assert sorted(history.finite_losses().tolist()) == [0.5, 1.0, 2.0]
    assert history.max_step() == 1


@pytest.mark.parametrize("bad", [3, 7])
def test_max_points_must_be_even_and_at_least_four(bad):
    with pytest.raises(ValueError):
        LossHistory(1, max_points=bad)
