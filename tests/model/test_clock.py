"""The fixed-timestep clock, driven by a fake time source."""

import pytest

from engine.model.clock import FixedClock


def test_given_steady_frames_when_advancing_then_steps_follow_the_rate():
    clock = FixedClock(steps_per_second=60)
    total = sum(clock.advance(1 / 120) for _ in range(120))
    assert total == 60


def test_a_step_due_exactly_on_a_frame_is_not_late():
    clock = FixedClock(steps_per_second=30)
    taken = [clock.advance(1 / 30) for _ in range(300)]
    assert taken == [1] * 300


def test_given_a_stall_when_advancing_then_the_frame_is_clamped():
    clock = FixedClock(steps_per_second=30)
    assert clock.advance(10.0) == int(0.25 * 30)


def test_alpha_is_the_fraction_of_a_step_left_over():
    clock = FixedClock(steps_per_second=10)
    assert clock.advance(0.25) == 2
    assert clock.alpha == pytest.approx(0.5)


def test_negative_or_zero_time_never_steps_backwards():
    clock = FixedClock(steps_per_second=10)
    assert clock.advance(-1.0) == 0
    assert clock.advance(0.0) == 0


def test_changing_the_rate_keeps_the_fraction_already_accumulated():
    clock = FixedClock(steps_per_second=10)
    clock.advance(0.05)
    clock.set_rate(100)
    assert clock.alpha == pytest.approx(0.5)
    with pytest.raises(ValueError):
        clock.set_rate(0)
