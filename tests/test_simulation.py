"""The simulation: statuses, determinism at any frame rate, paths, resets."""

import numpy as np
import pytest

from engine.clock import FixedClock
from engine.commands import make_simulation
from engine.scene import load_scene
from engine.simulation import (DIVERGED, GLOBAL, LOCAL, RUNNING, BallSpec,
                               Simulation, random_starts)
from engine.surfaces import make_surface


def saddle_sim(balls, seed=0, **kw):
    return Simulation(make_surface("saddle"), balls, seed=seed, **kw)


def drive(sim, frame_times, changes, until_step):
    """Run the sim by a clock fed with frame_times, applying changes at steps.

    ``changes`` maps a step index to a function applied before that step,
    the way a visitor's slider move lands between two fixed steps.
    """
    clock = FixedClock(steps_per_second=60)
    done = 0
    frames = iter(frame_times)
    while done < until_step:
        for _ in range(clock.advance(next(frames))):
            if done in changes:
                changes[done](sim)
            sim.step(1)
            done += 1
            if done == until_step:
                break
    return sim


def test_trajectories_are_bit_identical_whatever_the_frame_times():
    rng = np.random.default_rng(42)
    steady = [1 / 60] * 10_000
    jittery = list(rng.uniform(0.0, 0.09, 10_000))
    bursty = [0.0, 0.0, 0.3, 1 / 240, 0.05] * 2000
    changes = {
        40: lambda s: s.set_hyper("lr", 0.004),
        90: lambda s: s.set_optimizer("momentum", balls=[1]),
        150: lambda s: s.set_hyper("momentum", 0.5, balls=[1]),
        200: lambda s: s.reset(),
    }
    runs = []
    for frames in (steady, jittery, bursty):
        balls = [BallSpec("sgd", {"lr": 0.02}), BallSpec("adam", {"lr": 0.05}), BallSpec("rmsprop", {"lr": 0.01})]
        sim = drive(saddle_sim(balls, seed=5), frames, changes, until_step=400)
        runs.append((sim.pos.copy(), [sim.path(i).copy() for i in range(sim.n)], sim.status.copy()))
    for pos, paths, status in runs[1:]:
        assert np.array_equal(pos, runs[0][0])
        assert np.array_equal(status, runs[0][2])
        for a, b in zip(paths, runs[0][1]):
            assert np.array_equal(a, b)


def test_a_learning_rate_change_takes_effect_at_the_very_next_step():
    sim = saddle_sim([BallSpec("momentum", {"lr": 0.01}, start=(2.0, 1.0))])
    sim.step(5)
    before = sim.pos.copy()
    grad = np.array(sim.surface.gradient(before[0], before[1]))
    buffer_before = sim.pos - sim.prev_pos  # = -lr * buffer
    sim.set_hyper("lr", 0.02)
    sim.step(1)
    expected_buffer = 0.9 * (-buffer_before / 0.01) + grad
    np.testing.assert_allclose(sim.pos, before - 0.02 * expected_buffer, rtol=1e-12)


def test_a_ball_settles_in_the_global_minimum_and_says_which():
    sim = saddle_sim([BallSpec("sgd", {"lr": 0.05}, start=(-0.8, -1.5))])
    sim.step(5000)
    assert sim.status[0] == GLOBAL
    m = sim.surface.global_minimum
    assert np.hypot(sim.pos[0, 0] - m.x, sim.pos[1, 0] - m.y) < 1e-3
    assert sim.minimum_label(0) == "global minimum"


def test_a_ball_in_the_upper_valley_is_stuck_in_a_local_minimum():
    sim = saddle_sim([BallSpec("sgd", {"lr": 0.05}, start=(-1.0, 1.2))])
    sim.step(5000)
    assert sim.status[0] == LOCAL
    upper = max((m for m in sim.surface.minima if not m.is_global), key=lambda m: m.y)
    assert sim.surface.minima[sim.minimum_index[0]] == upper


@pytest.mark.parametrize("lr", [5.0, 1e6])
def test_a_blow_up_stops_the_ball_as_diverged_without_warnings(lr, recwarn):
    sim = saddle_sim([BallSpec("sgd", {"lr": lr}, start=(1.0, 1.0)), BallSpec("sgd", {"lr": 0.01})])
    sim.step(200)
    assert sim.status[0] == DIVERGED
    assert sim.status[1] != DIVERGED
    frozen = sim.pos[:, 0].copy()
    sim.step(10)
    assert np.array_equal(sim.pos[:, 0], frozen, equal_nan=True)
    assert len(recwarn) == 0


def test_nan_positions_count_as_diverged():
    sim = Simulation(make_surface("parabola"), [BallSpec("sgd", {"lr": 1e308}, start=(1.5, 0.0))])
    sim.step(20)
    assert sim.status[0] == DIVERGED


def test_random_starts_are_seeded_uniform_and_never_on_a_minimum():
    surface = make_surface("saddle")
    a = random_starts(surface, np.random.default_rng(9), 4000)
    b = random_starts(surface, np.random.default_rng(9), 4000)
    assert np.array_equal(a, b)
    lo, hi = surface.domain
    assert a.min() >= lo and a.max() <= hi
    for m in surface.minima:
        assert np.hypot(a[0] - m.x, a[1] - m.y).min() > 0.05 * surface.extent
    # Uniform: each quarter of the square gets about a quarter of the starts.
    quarter = np.mean((a[0] > 0) & (a[1] > 0))
    assert 0.21 < quarter < 0.29


def test_reset_draws_a_new_start_and_clears_the_path():
    sim = saddle_sim([BallSpec("sgd", {"lr": 0.05})], seed=3)
    first = sim.start.copy()
    sim.step(50)
    sim.reset()
    assert not np.array_equal(first, sim.start)
    assert sim.path(0).shape == (1, 2)
    assert sim.status[0] == RUNNING and sim.steps[0] == 0


def test_place_drops_one_ball_and_keeps_the_others():
    sim = saddle_sim([BallSpec("sgd", {"lr": 0.02}), BallSpec("sgd", {"lr": 0.02})], seed=1)
    sim.step(30)
    other = sim.path(1).copy()
    sim.place(0, 0.5, 0.5)
    sim.step(10)
    assert np.array_equal(sim.path(0)[0], [0.5, 0.5])
    assert len(sim.path(0)) == 11
    assert np.array_equal(sim.path(1)[: len(other)], other)


def test_the_path_holds_every_step_from_the_start():
    sim = saddle_sim([BallSpec("sgd", {"lr": 0.001}, start=(2.5, 2.5))])
    sim.step(1000)
    path = sim.path(0)
    assert path.shape == (1001, 2)
    assert np.array_equal(path[0], [2.5, 2.5])
    assert np.array_equal(path[-1], sim.pos[:, 0])


def test_a_hundred_thousand_step_path_stays_whole_and_drawable():
    sim = Simulation(make_surface("parabola"), [BallSpec("sgd", {"lr": 1.0}, start=(1.0, 0.0))])
    sim.step(100_000)  # lr 1.0 bounces between +1 and -1 forever
    path = sim.path(0)
    assert path.shape == (100_001, 2)
    assert sim.status[0] == RUNNING


def test_an_endless_run_keeps_a_bounded_path():
    cap = 1000
    sim = Simulation(make_surface("parabola"), [BallSpec("sgd", {"lr": 1.0}, start=(1.0, 0.0))],
                     max_path_points=cap)
    sim.step(cap * 5 + 7)
    path = sim.path(0)
    assert cap // 2 <= len(path) <= cap + 1
    assert np.array_equal(path[0], [1.0, 0.0]) or abs(path[0, 0]) == 1.0
    assert np.array_equal(path[-1], sim.pos[:, 0])


def test_a_thousand_seeded_starts_of_default_find_both_kinds_of_minimum():
    scene = load_scene("default")
    ball = scene.balls[0]
    sim = Simulation(scene.make_surface(), [ball] * 1000, seed=scene.seed, record_paths=False)
    sim.step(6000)
    glob = np.mean(sim.status == GLOBAL)
    local = np.mean(sim.status == LOCAL)
    assert glob >= 0.10 and local >= 0.10
    assert np.mean(sim.status == RUNNING) < 0.01


def test_momentum_escape_scene():
    sim = make_simulation(load_scene("momentum-escape"))
    sim.step(5000)
    sgd, momentum = 0, 1
    assert sim.status[sgd] == LOCAL
    assert sim.status[momentum] == GLOBAL
    # Same start and learning rate: only the optimizer differs.
    assert np.array_equal(sim.path(sgd)[0], sim.path(momentum)[0])
    assert sim.hyper_of(sgd)["lr"] == sim.hyper_of(momentum)["lr"]


def test_switching_optimizer_keeps_the_learning_rate_and_takes_the_new_defaults():
    sim = saddle_sim([BallSpec("sgd", {"lr": 0.07, "momentum": 0.0}, start=(1.0, 1.0))])
    sim.step(5)
    here = sim.pos.copy()
    sim.set_optimizer("momentum")
    assert sim.hyper_of(0)["lr"] == 0.07 and sim.hyper_of(0)["momentum"] == 0.9
    assert np.array_equal(sim.pos, here)  # it goes on from where it is
    sim.set_optimizer("sgd")
    assert sim.hyper_of(0)["momentum"] == 0.0
