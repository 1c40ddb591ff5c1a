"""Gradient noise and learning-rate schedules in the simulation, read back from
``trace`` as a user would see them."""

import csv
import io
from pathlib import Path

import numpy as np
import pytest

from engine.maths.schedules import Schedule
from engine.maths.surfaces import make_surface
from engine.model.scene import SceneError, load_scene, make_simulation, parse_scene
from engine.model.balls import BallSpec
from engine.model.simulation import Simulation
from engine.shell.commands import trace_rows

DATA = Path(__file__).parent / "data"


def table(text):
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("scene", ["race", "momentum-escape", "lr-lesson"])
def test_without_noise_trajectories_are_those_recorded_before_noise_existed(scene):
    # The files were written by `trace --scene S --steps 400 --seed 5` before
    # noise and schedules were added. Since then a ball that rests on a
    # minimum to the eye is stopped sooner (and lr-lesson starts lower, so it
    # is started where it was then); while a ball runs, its positions and
    # losses must not have changed by a bit.
    loaded = load_scene(scene)
    if scene == "lr-lesson":
        for ball in loaded.balls:
            ball.start = (1.8, 0.0)
    sim = make_simulation(loaded)
    sim.reset(seed=5)
    now = [row.split(",") for row in "".join(trace_rows(sim, 400)).splitlines()]
    before = [row.split(",") for row in (DATA / f"before-noise-{scene}.csv").read_text().splitlines()]
    assert now[0] == before[0] + ["lr"]
    stopped = set()
    compared = 0
    for new, old in zip(now[1:], before[1:]):
        ball = new[0]
        if ball in stopped:
            continue
        assert new[:5] == old[:5], (new, old)
        compared += 1
        if new[5] != "running":
            stopped.add(ball)
            assert old[5] in ("running", new[5])
    assert compared > 100


def noisy_sgd(sigma, lr=0.01, surface="bowl", n=1, seed=11, start=(1.5, -1.0)):
    balls = [BallSpec(optimizer="sgd", hyper={"lr": lr}, start=start, noise=sigma) for _ in range(n)]
    return Simulation(make_surface(surface), balls, seed=seed)


@pytest.mark.parametrize("sigma", [0.05, 0.5, 3.0])
def test_noise_statistics_recovered_from_a_trace_are_mean_0_and_std_sigma(sigma):
    sim = noisy_sgd(sigma, lr=0.002)
    rows = table("".join(trace_rows(sim, 4000)))
    surface = make_surface("bowl")
    x = np.array([[float(r["x"]), float(r["y"])] for r in rows])
    lr = np.array([float(r["lr"]) for r in rows])
    assert np.all(lr == 0.002)
    g = np.stack(surface.gradient(x[:-1, 0], x[:-1, 1]), axis=1)
    # SGD: x_{k+1} = x_k - lr (g(x_k) + noise)  =>  noise = (x_k - x_{k+1}) / lr - g(x_k)
    noise = (x[:-1] - x[1:]) / lr[:-1, None] - g
    n = len(noise)
    assert np.all(np.abs(noise.mean(axis=0)) < 4 * sigma / np.sqrt(n))
    np.testing.assert_allclose(noise.std(axis=0), sigma, rtol=0.05)
    assert abs(np.corrcoef(noise.T)[0, 1]) < 0.06          # independent coordinates
    assert abs(np.corrcoef(noise[:-1, 0], noise[1:, 0])[0, 1]) < 0.06   # and steps


def test_noise_is_the_same_at_any_frame_rate_and_beside_any_other_balls():
    def run(chunks, n):
        sim = noisy_sgd(0.4, n=n)
        for c in chunks:
            sim.step(c)
        return sim.pos[:, 0].copy()

    one_by_one = run([1] * 300, 1)
    assert one_by_one.tobytes() == run([7, 3, 90, 200], 1).tobytes()
    assert one_by_one.tobytes() == run([300], 40).tobytes()   # 40 balls: the array path


def test_balls_get_different_noise_seeded_by_scene_seed_and_ball_index():
    a, b = noisy_sgd(0.4, n=2, seed=3), noisy_sgd(0.4, n=2, seed=4)
    for sim in (a, b):
        sim.step(50)
    assert not np.array_equal(a.pos[:, 0], a.pos[:, 1])
    assert not np.array_equal(a.pos[:, 0], b.pos[:, 0])
    again = noisy_sgd(0.4, n=2, seed=3)
    again.step(50)
    assert again.pos.tobytes() == a.pos.tobytes()
    # A restart replays the same noise from the same start.
    a.reset()
    a.step(50)
    assert again.pos.tobytes() == a.pos.tobytes()


def test_the_true_gradient_stays_for_the_status_and_the_noisy_one_is_kept_for_the_arrows():
    sim = noisy_sgd(0.8)
    sim.step(1)
    true = np.array(make_surface("bowl").gradient(*sim.pos[:, 0]))
    sim.step(1)
    assert np.allclose(sim.grad[:, 0], true)
    assert not np.allclose(sim.extras.used_grad[:, 0], true)


def test_a_schedule_sets_the_rate_each_step_uses():
    # SGD on L = x^2: x_{k+1} = x_k (1 - 2 lr_k), with lr_k from the trace's column.
    sched = Schedule("steplr", step_size=5, gamma=0.5)
    ball = BallSpec(optimizer="sgd", hyper={"lr": 0.4}, start=(1.0, 0.0), schedule=sched)
    sim = Simulation(make_surface("parabola"), [ball], seed=0)
    rows = table("".join(trace_rows(sim, 12)))
    lr = [float(r["lr"]) for r in rows]
    assert lr[:12] == [0.4] * 5 + [0.2] * 5 + [0.1] * 2
    x = [float(r["x"]) for r in rows]
    for k in range(12):
        assert x[k + 1] == pytest.approx(x[k] * (1 - 2 * lr[k]), rel=1e-12)
    sim.reset()
    assert sim.lr_in_force()[0] == 0.4


def test_onecycle_cycles_adams_beta1_and_a_restart_starts_the_cycle_again():
    sched = Schedule("onecyclelr", max_lr=0.1, total_steps=50)
    sim = Simulation(make_surface("bowl"), [BallSpec(optimizer="adam", start=(1.0, 1.0), schedule=sched)])
    assert sim.hyper_of(0)["lr"] == pytest.approx(0.1 / 25) and sim.hyper_of(0)["beta1"] == 0.95
    sim.step(14)
    assert sim.hyper_of(0)["lr"] == pytest.approx(0.1) and sim.hyper_of(0)["beta1"] == pytest.approx(0.85)
    sim.reset()
    assert sim.hyper_of(0)["lr"] == pytest.approx(0.004)


def scene_text(ball_extra):
    import tomllib
    return tomllib.loads(f'[landscape]\nname = "bowl"\n[[ball]]\noptimizer = "sgd"\n{ball_extra}')


@pytest.mark.parametrize("extra, message", [
    ("noise = -0.1", "s.toml: ball[0].noise: must be between 0 and 1000, got -0.1"),
    ('noise = "lots"', "s.toml: ball[0].noise: must be a number, got a string"),
    ('[ball.schedule]\nkind = "cosineannealinglr"\neta_min = 0.001',
     "s.toml: ball[0].schedule.T_max: missing (a CosineAnnealingLR needs it)"),
    ('[ball.schedule]\nkind = "steplr"\nstep_size = 0',
     "s.toml: ball[0].schedule.step_size: must be between 1 and 1e+09, got 0"),
    ('schedule = 3', "s.toml: ball[0].schedule: must be a table, got a whole number"),
])
def test_scene_mistakes_are_one_line_naming_the_key(extra, message):
    with pytest.raises(SceneError) as err:
        parse_scene(scene_text(extra), name="s", source="s.toml")
    assert str(err.value) == message


def test_scene_keys_reach_the_simulation():
    scene = parse_scene(scene_text('noise = 0.25\n[ball.schedule]\nkind = "exponentiallr"\ngamma = 0.9'),
                        name="s", source="s.toml")
    sim = make_simulation(scene)
    assert sim.extras.noise[0] == 0.25 and sim.balls[0].schedule.kind == "exponentiallr"
    sim.step(3)
    assert sim.lr_in_force()[0] == pytest.approx(1e-3 * 0.9 ** 3)
