"""The simulation: statuses, determinism at any frame rate, paths, resets."""

import numpy as np
import pytest

from engine.maths.surfaces import make_surface
from engine.model.clock import FixedClock
from engine.model.scene import load_scene, make_simulation
from engine.model.balls import BallSpec, random_starts
from engine.model.simulation import Simulation
from engine.model.status import Status

RUNNING, GLOBAL, LOCAL, DIVERGED = Status.RUNNING, Status.GLOBAL, Status.LOCAL, Status.DIVERGED


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
    # Arrived to the eye: on the mark, within a fifth of the ball's width.
    assert np.hypot(sim.pos[0, 0] - m.x, sim.pos[1, 0] - m.y) <= sim.arrive_radius
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


# -- one path of arithmetic, however the balls are stepped ----------------------
MIXED = [BallSpec("adam", {"lr": 0.05}), BallSpec("sgd", {"lr": 0.02}),
         BallSpec("momentum", {"lr": 0.01, "weight_decay": 0.05}),
         BallSpec("nesterov", {"lr": 0.004}), BallSpec("rmsprop", {"lr": 0.01, "centered": 1}),
         BallSpec("adagrad", {"lr": 0.3, "lr_decay": 0.01})]

CHANGES = {
    300: lambda s: s.set_hyper("lr", 0.004, balls=[0, 2]),
    700: lambda s: s.set_hyper("beta2", 0.95, balls=[0]),
    1100: lambda s: s.set_optimizer("adam", balls=[1, 4]),
    1500: lambda s: s.place(3, 0.4, -0.3),
    2500: lambda s: s.reset(seed=8),
}


def snapshot(sim):
    state = {"pos": sim.pos, "prev": sim.prev_pos, "status": sim.status, "steps": sim.steps,
             "minimum": sim.minimum_index}
    for name, opt in sim._opts.items():
        for key, value in vars(opt).items():
            if isinstance(value, np.ndarray) and not key.startswith("_"):
                state[f"{name}.{key}"] = value
    return {key: value.copy() for key, value in state.items()}


def same_bits(a, b):
    return a.shape == b.shape and a.dtype == b.dtype and a.tobytes() == b.tobytes()


def run_with(monkeypatch, one_by_one, surface, specs, steps, changes):
    import copy

    import engine.model.simulation as simulation
    monkeypatch.setattr(simulation, "STEP_EACH_MAX", 10**9 if one_by_one else 0)
    sim = Simulation(make_surface(surface), copy.deepcopy(specs), seed=4)
    snaps = []
    for k in range(steps):
        if k in changes:
            changes[k](sim)
        sim.step(1)
        if k % 500 == 499:
            snaps.append(snapshot(sim))
    return sim, snaps


@pytest.mark.parametrize("surface", ["saddle", "rastrigin"])
def test_one_by_one_and_array_steps_give_bit_identical_trajectories(monkeypatch, surface):
    # A few balls step in plain floats, many as numpy arrays; both must be
    # the same IEEE operations in the same order, so long runs agree to the
    # last bit through hyper-parameter changes, switches, drops and resets.
    runs = [run_with(monkeypatch, each, surface, MIXED, 4000, CHANGES) for each in (True, False)]
    (a, snaps_a), (b, snaps_b) = runs
    for snap_a, snap_b in zip(snaps_a, snaps_b):
        assert snap_a.keys() == snap_b.keys()
        for key in snap_a:
            assert same_bits(snap_a[key], snap_b[key]), key
    for i in range(a.n):
        assert same_bits(a.path(i), b.path(i))
    assert len(a.path(0)) > 100 and not np.array_equal(a.path(0)[0], a.path(0)[-1])


def test_a_long_single_ball_run_is_bit_identical_on_both_paths(monkeypatch):
    spec = [BallSpec("adam", {"lr": 0.001}, start=(2.6, 2.4))]
    (a, _), (b, _) = [run_with(monkeypatch, each, "saddle", spec, 20_000, {}) for each in (True, False)]
    assert a.status[0] == b.status[0] and a.steps[0] == b.steps[0] > 4_000
    assert same_bits(a.path(0), b.path(0))


def test_a_ball_in_a_crowd_follows_the_path_it_takes_alone():
    # However many balls step beside it, whichever path steps them and
    # however many are still running, a ball's trajectory is its own.
    surface = make_surface("saddle")
    starts = random_starts(surface, np.random.default_rng(2), 48)
    specs = [BallSpec(MIXED[i % len(MIXED)].optimizer, dict(MIXED[i % len(MIXED)].hyper),
                      start=tuple(starts[:, i])) for i in range(48)]
    crowd = Simulation(surface, specs, seed=0)
    crowd.step(200)
    assert 0 < np.count_nonzero(crowd.status != RUNNING) < crowd.n  # some stopped on the way
    for i in range(0, 48, 5):
        alone = Simulation(surface, [specs[i]], seed=0)
        alone.step(200)
        assert alone.status[0] == crowd.status[i] and alone.steps[0] == crowd.steps[i]
        assert same_bits(alone.path(0), crowd.path(i))


def test_many_balls_keep_their_own_optimizers_and_settings():
    n = 20_000
    names = ["adam", "sgd", "rmsprop"]
    specs = [BallSpec(names[i % 3], {"lr": 0.001 * (1 + i % 7)}) for i in range(n)]
    sim = Simulation(make_surface("saddle"), specs, seed=1, record_paths=False)
    for i in (0, 1, 2, 9_999, n - 1):
        assert sim.balls[i].optimizer == names[i % 3]
        assert sim.hyper_of(i)["lr"] == 0.001 * (1 + i % 7)
    assert sim.hyper_of(2)["alpha"] == 0.99  # the rest are the kind's defaults
    sim.set_hyper("lr", 0.5, balls=[1, 2])
    assert sim.hyper_of(1)["lr"] == sim.hyper_of(2)["lr"] == 0.5 and sim.hyper_of(4)["lr"] == 0.005


def test_hyper_parameter_tables_change_only_through_set_hyper():
    # The per-step arguments derived from them are cached.
    sim = saddle_sim([BallSpec("adam", {"lr": 0.01}), BallSpec("adam", {"lr": 0.01})])
    with pytest.raises(ValueError, match="read-only"):
        sim.hyper["adam"]["lr"][0] = 1.0
    sim.step(2)
    sim.set_hyper("lr", 0.03, balls=[1])
    before = sim.pos.copy()
    sim.step(1)
    moved = np.abs(sim.pos - before).max(axis=0)
    assert moved[1] > 2 * moved[0]


def _mixed_balls(n):
    kinds = [("adam", {"lr": 0.03}), ("momentum", {"lr": 0.01}), ("rmsprop", {"lr": 0.02}), ("sgd", {"lr": 0.05})]
    return [BallSpec(kinds[i % 4][0], {"lr": kinds[i % 4][1]["lr"] * (1 + 0.1 * (i % 3))}) for i in range(n)]


@pytest.mark.parametrize("few", [False, True])
def test_a_taken_subset_of_balls_goes_on_exactly_as_in_the_whole(few):
    whole = Simulation(make_surface("saddle"), _mixed_balls(60), seed=5, record_paths=False)
    whole.step(130)
    assert 0 < np.count_nonzero(whole.status != Status.RUNNING) < 60  # some stopped, some run on
    index = np.arange(3, 60, 7) if few else np.arange(0, 60, 2)  # few: one by one in floats
    part = whole.take(index)
    whole.step(400)
    part.step(400)
    assert np.array_equal(part.pos, whole.pos[:, index])
    assert np.array_equal(part.status, whole.status[index])
    assert np.array_equal(part.steps, whole.steps[index])
    assert np.array_equal(part.minimum_index, whole.minimum_index[index])


def test_given_starts_are_where_the_balls_start_and_return_to():
    starts = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -2.0]])
    sim = Simulation(make_surface("saddle"), [BallSpec("sgd", {"lr": 0.05})] * 3, record_paths=False,
                     starts=starts)
    assert np.array_equal(sim.pos, starts)
    sim.step(10)
    assert not np.array_equal(sim.pos, starts)
    sim.reset(seed=9)
    assert np.array_equal(sim.pos, starts)
