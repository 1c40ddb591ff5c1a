"""The kiosk's decisions on a fake timeline: idle, attract mode, the touch
that wakes it, the exit chord, diverged balls, burn-in and opening hours."""

from dataclasses import replace
from datetime import datetime, time

import pytest

from engine.kiosk.config import KioskConfig, OpeningHours
from engine.kiosk.director import (
    BURN_IN_PATTERN,
    ChordDetector,
    KioskDirector,
    Orbit,
    Quit,
    ResetBall,
    ResetBalls,
    ShowScene,
    brightness,
    burn_in_offset,
    is_open,
)

RUNNING, GLOBAL, LOCAL, DIVERGED = 0, 1, 2, 3
CONFIG = KioskConfig(scenes=("default", "race", "lr-lesson"), home_scene="momentum-escape",
                     idle_seconds=60, attract_scene_seconds=30, attract_reset_seconds=4,
                     attract_orbit_degrees_per_second=6, diverged_reset_seconds=3,
                     exit_chord=("ctrl", "shift", "q"), exit_hold_seconds=3,
                     countdown_seconds=0, attract_demo=False, touch_takes_over="home")


def run(director, start, end, step=0.1, statuses=(RUNNING,)):
    """Tick from ``start`` to ``end``; return every command issued."""
    commands, t = [], start
    while t < end - 1e-9:
        t = round(t + step, 6)
        director.tick(t, statuses)
        commands += director.take_commands()
    return commands


def attract_director(at=100.0):
    director = KioskDirector(CONFIG, now=0.0)
    run(director, 0.0, at)
    assert director.attract
    return director


# -- idle and attract mode ----------------------------------------------------------

VISITOR_CONFIG = replace(CONFIG, countdown_seconds=10, attract_demo=True, touch_takes_over="scene")


def test_given_a_visitor_walks_away_then_a_countdown_runs_before_attract_mode():
    director = KioskDirector(VISITOR_CONFIG, now=0.0)
    assert run(director, 0.0, 60.0) == []
    assert director.counting_down and not director.attract
    assert director.countdown_left(65.0) == pytest.approx(5.0)
    assert run(director, 60.0, 69.9) == []
    assert run(director, 69.9, 70.0) == [ShowScene("default")]
    assert director.attract


def test_given_the_countdown_when_touched_then_play_goes_on_and_the_touch_does_nothing_else():
    director = KioskDirector(VISITOR_CONFIG, now=0.0)
    run(director, 0.0, 63.0)
    assert director.pointer_down(63.0) is True
    assert director.pointer_up(63.1) is True
    assert not director.counting_down and not director.attract
    assert director.take_commands() == []
    assert run(director, 63.1, 123.0) == []  # a full idle spell again before the countdown
    assert not director.counting_down
    run(director, 123.0, 123.2)
    assert director.counting_down


def test_given_attract_mode_when_touched_then_the_visitor_takes_over_the_scene_as_it_is():
    director = KioskDirector(VISITOR_CONFIG, now=0.0)
    run(director, 0.0, 70.0 + 35.0)  # countdown, then the second scene
    assert director.attract and director.scene == "race"
    assert director.pointer_down(106.0) is True
    assert director.take_commands() == []  # no fresh scene: the one on show carries on
    assert director.scene == "race"


def test_given_a_demonstration_then_attract_mode_does_not_drop_the_balls_itself():
    director = KioskDirector(VISITOR_CONFIG, now=0.0)
    commands = run(director, 0.0, 90.0, statuses=(GLOBAL,))
    assert ResetBalls() not in commands

def test_given_no_input_when_the_idle_time_passes_then_attract_mode_shows_the_first_scene():
    director = KioskDirector(CONFIG, now=0.0)
    assert run(director, 0.0, 59.9) == []
    assert not director.attract
    commands = run(director, 59.9, 60.0)
    assert director.attract
    assert commands == [ShowScene("default")]


def test_given_a_visitor_when_they_touch_now_and_then_then_attract_mode_never_starts():
    director = KioskDirector(CONFIG, now=0.0)
    for t in (50.0, 100.0, 150.0):
        run(director, t - 50.0, t)
        director.pointer_down(t)
        director.pointer_up(t)
    assert not director.attract


def test_given_a_finger_resting_on_the_screen_then_the_kiosk_does_not_go_idle():
    director = KioskDirector(CONFIG, now=0.0)
    director.pointer_down(1.0)
    run(director, 0.0, 200.0)
    assert not director.attract
    director.pointer_up(200.0)
    run(director, 200.0, 260.5)
    assert director.attract


def test_given_attract_mode_then_the_scenes_cycle_and_wrap_around():
    director = attract_director(at=60.0)
    shown = [c.name for c in run(director, 60.0, 60.0 + 3 * 30.0 + 0.05) if isinstance(c, ShowScene)]
    assert shown == ["race", "lr-lesson", "default"]


def test_given_attract_mode_then_the_camera_orbits_at_the_configured_speed():
    director = attract_director(at=60.0)
    turned = sum(c.degrees for c in run(director, 60.0, 70.0) if isinstance(c, Orbit))
    assert turned == pytest.approx(60.0, rel=1e-6)  # 10 s at 6 degrees per second


def test_given_a_stall_then_the_orbit_resumes_without_a_jump():
    director = attract_director(at=60.0)
    director.tick(65.0, (RUNNING,))  # five seconds without a frame
    (orbit,) = [c for c in director.take_commands() if isinstance(c, Orbit)]
    assert orbit.degrees == pytest.approx(6 * 0.25)


def test_given_attract_mode_when_every_ball_has_stopped_for_a_moment_then_they_are_dropped_anew():
    director = attract_director(at=60.0)
    assert not [c for c in run(director, 60.0, 63.9, statuses=(GLOBAL, LOCAL)) if isinstance(c, ResetBalls)]
    # They stopped at the first tick, 60.1 s.
    assert [c for c in run(director, 63.9, 64.2, statuses=(GLOBAL, LOCAL)) if isinstance(c, ResetBalls)]


def test_given_attract_mode_when_one_ball_still_runs_then_nothing_is_reset():
    director = attract_director(at=60.0)
    commands = run(director, 60.0, 70.0, statuses=(GLOBAL, RUNNING))
    assert not [c for c in commands if isinstance(c, (ResetBalls, ResetBall))]


# -- the touch that wakes it ------------------------------------------------------------

def test_given_attract_mode_when_touched_then_the_home_scene_returns_and_the_touch_is_swallowed():
    director = attract_director()
    assert director.pointer_down(100.0) is True
    assert director.take_commands() == [ShowScene("momentum-escape")]
    assert not director.attract
    assert director.pointer_move(100.1) is True  # its drag...
    assert director.pointer_up(100.2) is True    # ...and its release act on nothing
    assert director.pointer_down(101.0) is False  # the next touch is the visitor's
    assert director.pointer_up(101.1) is False


def test_given_interactive_use_then_touches_are_not_swallowed():
    director = KioskDirector(CONFIG, now=0.0)
    assert director.pointer_down(1.0) is False
    assert director.take_commands() == []


def test_given_attract_mode_when_a_key_is_pressed_then_it_wakes_and_is_swallowed():
    director = attract_director()
    assert director.key_down("space", 100.0) is True
    assert director.take_commands() == [ShowScene("momentum-escape")]
    assert director.key_down("space", 100.5) is False


def test_given_a_woken_kiosk_then_the_idle_timer_starts_again_from_the_touch():
    director = attract_director()
    director.pointer_down(100.0)
    director.pointer_up(100.1)
    director.take_commands()
    assert run(director, 100.1, 160.0) == []
    assert run(director, 160.0, 160.2)[0] == ShowScene("default")


# -- diverged balls ---------------------------------------------------------------------

def test_given_a_diverged_ball_when_the_moment_passes_then_only_that_ball_is_put_back():
    director = KioskDirector(CONFIG, now=0.0)
    statuses = (RUNNING, DIVERGED)
    assert run(director, 0.0, 2.9, statuses=statuses) == []
    assert run(director, 2.9, 3.2, statuses=statuses) == [ResetBall(1)]


def test_given_a_ball_that_stops_diverging_then_its_timer_is_forgotten():
    director = KioskDirector(CONFIG, now=0.0)
    run(director, 0.0, 2.0, statuses=(DIVERGED,))
    run(director, 2.0, 2.1, statuses=(RUNNING,))
    assert run(director, 2.1, 4.0, statuses=(DIVERGED,)) == []


# -- the exit chord ----------------------------------------------------------------------

def test_given_the_chord_held_for_three_seconds_then_the_kiosk_quits():
    director = KioskDirector(CONFIG, now=0.0)
    for key in ("ctrl", "shift", "q"):
        director.key_down(key, 10.0)
    assert run(director, 10.0, 12.9) == []
    assert director.chord.progress(11.5) == pytest.approx(0.5)
    assert Quit() in run(director, 12.9, 13.1)


def test_given_the_chord_released_early_then_nothing_happens_and_the_hold_starts_over():
    chord = ChordDetector(("ctrl", "shift", "q"), 3.0)
    for key in ("ctrl", "shift", "q"):
        chord.press(key, 0.0)
    chord.release("q", 2.0)
    assert not chord.fired(5.0) and chord.progress(5.0) == 0.0
    chord.press("q", 5.0)
    assert not chord.fired(7.9)
    assert chord.fired(8.0)


def test_given_only_part_of_the_chord_then_it_never_fires():
    chord = ChordDetector(("ctrl", "shift", "q"), 3.0)
    chord.press("ctrl", 0.0)
    chord.press("q", 0.0)
    assert not chord.fired(100.0)


def test_given_an_extra_key_held_then_the_chord_still_fires():
    chord = ChordDetector(("ctrl", "alt", "x"), 1.0)
    for key in ("shift", "ctrl", "alt", "x"):
        chord.press(key, 0.0)
    assert chord.fired(1.0)


# -- burn-in and opening hours -------------------------------------------------------------

def test_the_burn_in_offset_moves_every_interval_and_stays_within_the_shift():
    seen = {burn_in_offset(t * 10.0 + 1.0, 4.0, 10.0) for t in range(len(BURN_IN_PATTERN))}
    assert len(seen) == len(BURN_IN_PATTERN)
    assert all(abs(dx) <= 4 and abs(dy) <= 4 for dx, dy in seen)
    assert burn_in_offset(1.0, 4.0, 10.0) == burn_in_offset(9.0, 4.0, 10.0)  # steady between moves
    assert burn_in_offset(123.0, 0.0, 10.0) == (0.0, 0.0)


HOURS = OpeningHours(open=time(9, 30), close=time(17, 0), days=frozenset({1, 2, 3, 4, 5, 6}),
                     dim_brightness=0.25)  # closed on Mondays


@pytest.mark.parametrize("when, expected", [
    (datetime(2026, 3, 4, 9, 29), False),   # Wednesday, before opening
    (datetime(2026, 3, 4, 9, 30), True),
    (datetime(2026, 3, 4, 16, 59), True),
    (datetime(2026, 3, 4, 17, 0), False),
    (datetime(2026, 3, 2, 12, 0), False),   # a Monday
])
def test_opening_hours(when, expected):
    assert is_open(HOURS, when) is expected
    assert brightness(HOURS, when) == (1.0 if expected else 0.25)


def test_hours_past_midnight_belong_to_the_day_they_started():
    late = replace(HOURS, open=time(18, 0), close=time(2, 0), days=frozenset({4}))  # Friday nights
    assert is_open(late, datetime(2026, 3, 6, 23, 0))      # Friday evening
    assert is_open(late, datetime(2026, 3, 7, 1, 0))       # early Saturday: still Friday's night
    assert not is_open(late, datetime(2026, 3, 7, 23, 0))  # Saturday evening
    assert not is_open(late, datetime(2026, 3, 6, 12, 0))


def test_without_opening_hours_the_screen_is_never_dimmed():
    assert brightness(None, datetime(2026, 3, 4, 3, 0)) == 1.0
