"""The attract demonstration on a real session (no GL): the ghost finger
works the real controls in the order the caption invites, the narration of
an outcome is read from the simulation, and no kiosk card covers a ball, the
pin or a minimum while it plays."""

import numpy as np
import pytest

from engine.kiosk.demo import BIG_STEP_FACTOR, Demonstration
from engine.kiosk.overlay import OverlayState, kiosk_cards, kiosk_frame
from engine.kiosk.stage import KioskStage
from engine.model.status import Status
from engine.ui import visitor_words as words


def play(session, demo, until, dt=1 / 30, start=0.0):
    t, seen = start, []
    while t < until - 1e-9:
        t += dt
        session.update(dt)
        for action in demo.advance(t, session.sim, session.selected, session.hud):
            session.apply(action)
        seen.append((t, demo.narration, demo.finger, float(session.sim.hyper_of(0)["lr"]),
                     session.sim.kind[0], int(session.sim.steps[0])))
    return seen


@pytest.fixture
def session():
    return KioskStage(1920, 1080, 1.4, new_seed=lambda: 7).show("default")


def test_the_finger_drags_the_step_size_then_presses_new_start_then_picks_momentum(session):
    home_lr = float(session.sim.hyper_of(0)["lr"])
    demo = Demonstration(0.0, session.sim, session.selected)
    seen = play(session, demo, 35.0)
    lrs = [s[3] for s in seen]
    # The drag raises the step size smoothly to ten times the scene's own...
    assert max(lrs) == pytest.approx(home_lr * BIG_STEP_FACTOR)
    rising = [lr for t, _, _, lr, _, _ in seen if 4.0 < t < 7.0]
    assert len(set(rising)) > 5 and rising == sorted(rising)
    # ...New start puts it back and drops the ball anew (steps start over)...
    after_reset = [s for s in seen if 15.5 < s[0] < 16.0]
    assert all(s[3] == pytest.approx(home_lr) for s in after_reset)
    steps = [s[5] for s in seen]
    assert any(b < a for a, b in zip(steps, steps[1:]))
    # ...and Momentum is chosen last.
    assert seen[-1][4] == "momentum"
    assert {s[4] for s in seen if s[0] < 23.0} == {"sgd"}
    # The finger is on the screen while it works, and presses.
    assert any(f is not None and f.pressing for _, _, f, *_ in seen)
    said = [n for _, n, *_ in seen]
    for line in (words.DEMO_WATCH, words.DEMO_BIGGER, words.DEMO_NEW_START, words.DEMO_MOMENTUM):
        assert line in said


def test_the_finger_touches_the_control_it_works(session):
    demo = Demonstration(0.0, session.sim, session.selected)
    seen = play(session, demo, 15.0)
    pressing = [f for _, _, f, *_ in seen if f is not None and f.pressing]
    slider, reset = session.hud.lr_slider.rect, session.hud.reset_button.rect
    assert any(slider.contains(f.x, f.y) for f in pressing)
    assert any(reset.contains(f.x, f.y) for f in pressing)


def test_an_outcome_is_read_from_the_simulation(session):
    demo = Demonstration(0.0, session.sim, session.selected)
    session.sim.status[0] = Status.DIVERGED
    assert demo.outcome(session.sim, session.selected) == "Steps too big — it flew off"
    session.sim.status[0] = Status.GLOBAL
    assert demo.outcome(session.sim, session.selected) == "Found the lowest point!"
    session.sim.status[0] = Status.LOCAL
    assert demo.outcome(session.sim, session.selected) == "Stuck in a dip — not the lowest"


def test_overshoot_is_said_only_when_the_loss_went_up(session):
    demo = Demonstration(0.0, session.sim, session.selected)
    session.sim.status[0] = Status.RUNNING
    demo._watch_loss(session.sim, session.selected)
    assert demo.outcome(session.sim, session.selected) != words.DEMO_OVERSHOOT
    session.sim.loss[0] += 1.0
    demo._watch_loss(session.sim, session.selected)
    assert demo.outcome(session.sim, session.selected) == words.DEMO_OVERSHOOT


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768), (1080, 1920), (3840, 2160)])
def test_no_attract_card_covers_a_ball_the_pin_or_a_minimum(size):
    width, height = size
    session = KioskStage(width, height, 1.4, new_seed=lambda: 3).show("default")
    demo = Demonstration(0.0, session.sim, session.selected)
    t = 0.0
    for until in (3.0, 8.0, 18.0, 28.0):
        play(session, demo, until, start=t)
        t = until
        state = OverlayState(attract=True, title=session.scene.title, demo=True,
                             narration=demo.narration, finger=demo.finger)
        frame = kiosk_frame(session.frame(), session.hud, state)
        camera = frame.view.camera
        cards = kiosk_cards(session.hud, state) + [session.hud.layout.dock, session.hud.layout.info]
        points = [session.mapping.ball_centre(b.x, b.y) for b in frame.view.balls]
        points += [session.mapping.to_world(m.x, m.y) for m in session.sim.surface.minima]
        for p in camera.project(np.array(points), width, height):
            assert 0 <= p[0] <= width and 0 <= p[1] <= height
            assert not any(c.contains(p[0], p[1]) for c in cards), (until, p)


def test_every_showing_gets_its_own_random_start():
    stage = KioskStage(1280, 800, 1.4)
    starts = {tuple(np.round(stage.show("default").sim.start[:, 0], 6)) for _ in range(4)}
    assert len(starts) > 1
