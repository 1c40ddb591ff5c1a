"""What the 3-D picture says is what the maths does: a step is a jump,
`render --steps N` shows step N, arrows are to scale, a ball that flew off
is seen leaving and leaves no arrow."""

import numpy as np
import pytest

from engine.maths.arrows import ArrowScale, scaled_arrows
from engine.model.scene import load_scene, make_simulation
from engine.model.status import Status
from engine.ui.frame.ball_views import FLEW_OFF_NOTE
from engine.ui.session import Session


def session_of(name: str, **ball_lr) -> Session:
    scene = load_scene(name)
    sim = make_simulation(scene)
    s = Session(scene, sim, 1280, 720)
    for i, lr in ball_lr.items():
        sim.set_hyper("lr", lr, balls=int(i[1:]))
    return s


def test_mid_step_the_too_big_ball_hops_above_the_chord_not_through_the_floor():
    s = session_of("lr-lesson")
    big = 2
    dt = s.clock.dt
    s.update(dt * 1.0000001)                  # the first step is under way
    s.update(dt * 0.5)                        # half-way through it, as a clip frame shows it
    assert s.alpha == pytest.approx(0.5, abs=0.01)
    ball = s.frame().view.balls[big]
    m = s.mapping
    x0, x1 = s.sim.prev_pos[0, big], s.sim.pos[0, big]
    assert x0 > 0.9 and x1 < -0.8             # the too-big step jumps across the valley
    ends = m.ball_centre(np.array([x0, x1]), np.zeros(2))
    chord = ends[0] + 0.5 * (ends[1] - ends[0])
    assert ball.centre is not None
    assert ball.centre[1] > chord[1] + 0.05   # lifted above the straight jump
    floor = float(m.ball_centre(np.array(0.5 * (x0 + x1)), np.array(0.0))[1])
    assert ball.centre[1] > floor + 0.3       # far above the valley floor it would slide through
    assert ball.centre[0] == pytest.approx(chord[0], abs=1e-6)   # straight across, in x


def test_small_steps_still_look_like_rolling():
    s = session_of("lr-lesson")
    dt = s.clock.dt
    s.update(dt * 1.0000001)
    s.update(dt * 0.5)
    ball = s.frame().view.balls[0]            # lr 0.02: a short step
    surface_y = float(s.mapping.ball_centre(np.array(ball.x), np.array(ball.y))[1])
    assert 0.0 <= ball.centre[1] - surface_y < 0.01


@pytest.mark.parametrize("steps", [1, 2, 7])
def test_render_steps_shows_the_balls_at_that_step(steps):
    s = session_of("lr-lesson")
    s.run_steps(steps)
    view = s.frame().view
    for i, ball in enumerate(view.balls):
        assert int(s.sim.steps[i]) == steps
        assert (ball.x, ball.y) == pytest.approx(tuple(s.sim.pos[:, i]))
        if ball.centre is not None:
            rest = s.mapping.ball_centre(np.array(ball.x), np.array(ball.y))
            assert ball.centre == pytest.approx(tuple(rest), abs=1e-6)


def test_step_arrows_are_to_one_scale():
    s = session_of("lr-lesson")
    s.run_steps(1)
    scale = ArrowScale.for_surface(s.sim.surface)
    balls = s.frame().view.balls
    lengths = []
    for ball in balls[1:]:                     # good (0.3) and too big (0.95)
        _, taken = scaled_arrows(s.sim.surface, ball.origin, ball.step, scale)
        assert taken.clipped is None
        lengths.append(np.hypot(*taken.vector))
    true_steps = [abs(s.sim.pos[0, i] - s.sim.start[0, i]) for i in (1, 2)]
    assert lengths[1] / lengths[0] == pytest.approx(true_steps[1] / true_steps[0], rel=0.05)
    assert true_steps[1] / true_steps[0] == pytest.approx(0.95 / 0.3, rel=1e-9)


def test_arrows_out_of_range_are_clipped_and_marked_never_a_false_length():
    s = session_of("lr-lesson")
    surface = s.sim.surface
    scale = ArrowScale.for_surface(surface)
    _, tiny = scaled_arrows(surface, (1.8, 0.0), (-1e-5, 0.0), scale)
    assert tiny.clipped == "short" and not np.any(tiny.vector)
    _, huge = scaled_arrows(surface, (1.8, 0.0), (-100.0, 0.0), scale)
    assert huge.clipped == "long"
    assert np.hypot(*huge.vector) == pytest.approx(scale.step_max_length)
    down, ok = scaled_arrows(surface, (1.8, 0.0), (-0.5, 0.0), scale)
    assert ok.clipped is None and ok.vector[0] == pytest.approx(-0.5)
    assert down.vector[0] < 0


def test_step_arrow_points_to_where_the_ball_lands():
    s = session_of("lr-lesson")
    s.run_steps(3)
    for i, ball in enumerate(s.frame().view.balls):
        tip = np.add(ball.origin, ball.step)
        assert tip == pytest.approx(tuple(s.sim.pos[:, i]))
        assert ball.origin == pytest.approx(tuple(s.sim.prev_pos[:, i]))


def test_stopped_balls_show_no_arrows():
    s = session_of("lr-lesson")
    s.run_steps(400)
    good = s.frame().view.balls[1]
    assert s.sim.status[1] == Status.GLOBAL
    assert good.step is None and good.origin is None


def test_a_ball_that_flies_off_is_seen_leaving_fading_with_a_note_and_no_arrow():
    s = session_of("lr-lesson", b2=1.4)
    for _ in range(200):
        s.update(s.clock.dt * 1.0000001)
        if s.sim.status[2] == Status.DIVERGED:
            break
    assert s.sim.status[2] == Status.DIVERGED
    seen = s.frame().view.balls[2]
    assert seen.step is None and seen.origin is None          # no stray arrow
    assert seen.note == FLEW_OFF_NOTE and seen.opacity > 0.9
    s.update(1.0)
    later = s.frame().view.balls[2]
    way = s.sim.left_to[0, 2] - s.sim.left_from[0, 2]           # the step that left
    assert abs(way) > 2.0
    assert seen.x == pytest.approx(s.sim.left_from[0, 2], abs=0.25)  # leaves from where it was
    assert (later.x - seen.x) * way > 0.3                      # and carries on along that step
    assert later.opacity < seen.opacity
    for _ in range(30):
        s.update(0.25)
    assert s.frame().view.balls[2].opacity == 0.0


def test_each_trail_is_drawn_in_its_balls_colour():
    from engine.ui.frame.view import path_colour
    colours = [(0.24, 0.55, 0.99), (0.18, 0.75, 0.44), (1.0, 0.54, 0.16)]
    trails = [np.array(path_colour(c)) for c in colours]
    for c, t in zip(colours, trails):
        assert int(np.argmax(t)) == int(np.argmax(c))          # the same dominant hue
    assert min(np.abs(a - b).max() for a, b in [(trails[0], trails[1]), (trails[1], trails[2]),
                                                 (trails[0], trails[2])]) > 0.15


def test_balls_at_one_spot_stay_visible_with_a_count():
    s = session_of("lr-lesson")
    view = s.frame().view                       # all three wait at the shared start
    centres = np.array([b.centre for b in view.balls])
    gaps = [np.linalg.norm(centres[i] - centres[j]) for i in range(3) for j in range(i)]
    assert min(gaps) > 0.05                     # a ball's radius apart: none hides another
    assert sorted(b.together for b in view.balls) == [1, 1, 3]
    texts = [p.text for p in s.frame().overlays if hasattr(p, "text")]
    assert "\u00d73" in texts


def test_reaching_the_lowest_point_gets_a_moment_of_success():
    from engine.ui.frame.ball_views import SUCCESS_NOTE, SUCCESS_SECONDS
    s = session_of("lr-lesson")
    for _ in range(400):
        s.update(s.clock.dt * 1.0000001)
        if s.sim.status[1] == Status.GLOBAL:
            break
    assert s.frame().view.balls[1].note == SUCCESS_NOTE
    s.update(SUCCESS_SECONDS)
    assert s.frame().view.balls[1].note == ""


def test_the_basin_map_follows_the_selected_ball_and_has_a_key():
    from engine.ui.actions import SelectBall, ToggleView
    s = session_of("race")
    s.apply(ToggleView("basin_map", True))
    s.basins.finish()
    assert s.basins.map.optimizer == "sgd"
    s.apply(SelectBall(3))
    s.basins.finish()
    assert s.basins.map.optimizer == "adam" and s.basins.map.hyper["lr"] == pytest.approx(0.08)
    texts = [p.text for p in s.frame().overlays if hasattr(p, "text")]
    assert any(t.startswith("Basin map: Adam, lr 0.08") for t in texts)
    assert any("lowest point (loss" in t for t in texts)


def test_the_kiosk_puts_a_ball_that_flew_off_back_only_after_it_could_be_seen():
    from engine.kiosk.config import KioskConfig
    from engine.ui.frame.ball_views import FLY_SECONDS
    # Its flight and fade, then time to read the note at it.
    assert KioskConfig().diverged_reset_seconds >= FLY_SECONDS + 4.0
