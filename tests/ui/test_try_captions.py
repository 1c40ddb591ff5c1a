"""Every built-in scene's "Try:" is performed here, as a visitor would do
it through the controls' actions, and what the caption promises is checked.
A change of settings acts at once, even on a ball that has stopped."""

import numpy as np
import pytest

from engine.model.scene import load_scene, make_simulation
from engine.model.status import Status
from engine.ui.actions import Reset, SelectBall, SetHyper, SetOptimizer
from engine.ui.session import Session


def session_of(name: str) -> Session:
    scene = load_scene(name)
    return Session(scene, make_simulation(scene), 1280, 720)


def run(s: Session, steps: int = 4000) -> None:
    s.run_steps(steps)


def test_every_scene_caption_has_a_try_that_is_tested_here():
    tried = {"default", "lr-lesson", "momentum-escape", "race"}
    for name in tried:
        assert "Try:" in load_scene(name).caption


def test_default_new_start_drops_the_ball_elsewhere_and_where_it_ends_depends_on_it():
    s = session_of("default")
    ends, starts = set(), set()
    for _ in range(8):                          # "press New start a few times"
        run(s)
        ends.add(int(s.sim.status[0]))
        starts.add(tuple(np.round(s.sim.start[:, 0], 6)))
        s.apply(Reset())
    assert len(starts) == 8
    assert ends == {Status.GLOBAL, Status.LOCAL}


def test_default_tap_the_landscape_drops_the_ball_there():
    s = session_of("default")
    run(s)
    assert s.sim.status[0] != Status.RUNNING
    hit = s.landscape_point_at(s.width / 2, s.height / 2)
    assert hit is not None
    assert s.place_at(s.width / 2, s.height / 2)
    assert tuple(s.sim.start[:, 0]) == pytest.approx(tuple(float(v) for v in hit))
    assert s.sim.status[0] == Status.RUNNING and s.sim.steps[0] == 0


def test_lr_lesson_push_the_big_one_past_one_and_it_flies_off_after_growing_jumps():
    s = session_of("lr-lesson")
    run(s, 40)                                  # it has been bouncing a while
    s.apply(SelectBall(2))
    s.apply(SetHyper("lr", 1.2))
    xs = [abs(s.sim.pos[0, 2])]
    for _ in range(50):
        s.run_steps(1)
        if s.sim.status[2] == Status.DIVERGED:
            break
        xs.append(abs(s.sim.pos[0, 2]))
    assert s.sim.status[2] == Status.DIVERGED
    assert all(b > a for a, b in zip(xs, xs[1:]))   # each jump larger than the last
    lo, hi = s.sim.surface.domain
    on_curve = [x for x in xs if x <= hi and x > 0.05]
    assert len(on_curve) >= 3                   # several jumps seen on the curve


def test_lr_lesson_push_past_one_works_after_the_ball_has_stopped_too():
    s = session_of("lr-lesson")
    run(s)
    assert s.sim.status[2] == Status.GLOBAL
    s.apply(SelectBall(2))
    s.apply(SetHyper("lr", 1.2))                # acts at once on a stopped ball
    assert s.sim.status[2] == Status.RUNNING
    run(s, 400)
    assert s.sim.status[2] == Status.DIVERGED
    s.apply(SetHyper("lr", 0.3))                # back to a good rate: from its start
    assert s.sim.status[2] == Status.RUNNING and s.sim.steps[2] == 0
    run(s)
    assert s.sim.status[2] == Status.GLOBAL


def test_momentum_escape_lower_the_momentum_and_it_gets_stuck_too():
    s = session_of("momentum-escape")
    run(s)
    assert list(s.sim.status) == [Status.LOCAL, Status.GLOBAL]
    s.apply(SelectBall(1))
    s.apply(SetHyper("momentum", 0.5))
    s.apply(Reset())
    run(s)
    assert s.sim.status[1] == Status.LOCAL
    assert s.sim.minimum_index[1] == s.sim.minimum_index[0]     # the same small dip as SGD


def test_race_change_the_learning_rate_and_race_again():
    s = session_of("race")
    run(s)
    assert s.sim.status[0] == Status.LOCAL      # SGD stops in the dip
    s.apply(SelectBall(0))
    s.apply(SetHyper("lr", 0.3))
    s.apply(Reset())
    run(s)
    assert s.sim.status[0] == Status.GLOBAL     # a bigger step carries it over


@pytest.mark.parametrize("action", [SetHyper("lr", 0.01), SetOptimizer("momentum"),
                                    SetHyper("momentum", 0.5)])
def test_any_setting_wakes_a_ball_stopped_at_a_minimum_from_where_it_rests(action):
    s = session_of("default")
    run(s)
    assert s.sim.status[0] in (Status.GLOBAL, Status.LOCAL)
    rest = tuple(s.sim.pos[:, 0])
    if isinstance(action, SetHyper) and action.name == "momentum":
        s.apply(SetOptimizer("momentum"))
        run(s)
    s.apply(action)
    assert s.sim.status[0] == Status.RUNNING
    assert tuple(s.sim.pos[:, 0]) == pytest.approx(rest, abs=0.1)


@pytest.mark.parametrize("name, ball", [("default", 0), ("lr-lesson", 2), ("race", 3)])
def test_the_status_follows_the_eye_no_running_while_on_the_pin(name, ball):
    s = session_of(name)
    minima = s.sim.surface.minima
    ball_width = 0.05 * s.sim.surface.extent          # the drawn ball's diameter
    pixel = ball_width / 40                          # the ball is about 40 px wide at 720 lines
    on_mark_since = None
    for k in range(3000):
        s.run_steps(1)
        x, y = s.sim.pos[:, ball]
        d = min(np.hypot(x - m.x, y - m.y) for m in minima)
        last = np.hypot(*(s.sim.pos[:, ball] - s.sim.prev_pos[:, ball]))
        if d < 0.25 * ball_width and last < pixel:    # resting on the mark, to the eye
            on_mark_since = k if on_mark_since is None else on_mark_since
        else:
            on_mark_since = None
        if s.sim.status[ball] != Status.RUNNING:
            break
    assert s.sim.status[ball] in (Status.GLOBAL, Status.LOCAL)
    assert on_mark_since is not None
    assert (k - on_mark_since) / s.scene.steps_per_second < 1.5


def test_labels_follow_the_balls_actual_settings():
    s = session_of("lr-lesson")
    assert s.sim.balls[2].display_label() == "Too big (0.95)"
    s.apply(SelectBall(2))
    s.apply(SetHyper("lr", 1.4))
    assert "0.95" not in s.sim.balls[2].display_label()
    s = session_of("race")
    s.apply(SelectBall(3))
    s.apply(SetOptimizer("sgd"))
    assert s.sim.balls[3].display_label() != "Adam"


def test_the_learning_rate_can_be_nudged_finely_to_any_two_digit_value():
    from engine.ui.actions import NudgeHyper
    s = session_of("lr-lesson")
    s.apply(SelectBall(2))
    for _ in range(5):                                    # 0.95 → 1.0 by hundredths
        s.apply(NudgeHyper("lr", 1))
    assert s.sim.hyper_of(2)["lr"] == pytest.approx(1.0)
    s.apply(NudgeHyper("lr", 1))
    assert s.sim.hyper_of(2)["lr"] == pytest.approx(1.1)  # past 1: tenths
    s.apply(NudgeHyper("lr", -1))
    s.apply(NudgeHyper("lr", -1))
    assert s.sim.hyper_of(2)["lr"] == pytest.approx(0.99)


def test_the_minus_and_plus_beside_the_learning_rate_slider_nudge_it():
    from engine.ui.actions import NudgeHyper
    s = session_of("lr-lesson")
    hud = s.hud
    s.frame()
    assert hud.lr_up.visible and hud.lr_down.visible
    for button, steps in ((hud.lr_up, 1), (hud.lr_down, -1)):
        r = button.rect
        assert min(r.w, r.h) >= 48 * hud.scale * 0.99
        assert hud.on_press(r.cx, r.cy)
        assert hud.on_release(r.cx, r.cy) == [NudgeHyper("lr", steps)]


def test_a_learning_rate_can_be_typed():
    from engine.ui.actions import CancelTyping, EraseTyped, FinishTyping, StartTyping, TypeCharacter
    s = session_of("lr-lesson")
    s.apply(SelectBall(2))
    for action in [StartTyping("lr"), TypeCharacter("1"), TypeCharacter("."), TypeCharacter("2"),
                   TypeCharacter("5"), EraseTyped(), FinishTyping()]:
        s.apply(action)
    assert s.sim.hyper_of(2)["lr"] == pytest.approx(1.2)
    assert not s.entry.active
    s.apply(StartTyping("lr"))
    s.apply(TypeCharacter("5"))
    s.apply(TypeCharacter("0"))
    assert "Learning rate: 50" in [p.text for p in s.frame().overlays if hasattr(p, "text") and "Learning" in p.text][0]
    s.apply(FinishTyping())                     # out of range: said, not set
    assert s.sim.hyper_of(2)["lr"] == pytest.approx(1.2)
    assert "between" in s.notices.text
    s.apply(StartTyping("lr"))
    s.apply(TypeCharacter("3"))
    s.apply(CancelTyping())
    assert not s.entry.active and s.sim.hyper_of(2)["lr"] == pytest.approx(1.2)
