"""The noise and schedule lessons do what their captions say, and each
caption's "Try:" is performed here and checked."""

import numpy as np
import pytest

from engine.maths.schedules import PRESETS
from engine.model.scene import load_scene, make_simulation

GLOBAL = np.array([0.02, -2.29])     # the saddle landscape's global minimum (approx.)


def near_global(sim, i, within=0.3):
    return float(np.hypot(*(sim.pos[:, i] - GLOBAL))) < within


def test_noise_escape_exact_sgd_stops_in_the_dimple_and_noisy_sgd_escapes_and_jitters():
    scene = load_scene("noise-escape")
    sim = make_simulation(scene)
    exact, noisy, exact_saddle, noisy_saddle = range(4)
    start_saddle = sim.start[:, exact_saddle].copy()
    reached = False
    for _ in range(40):
        sim.step(20)
        reached = reached or near_global(sim, noisy)
    assert sim.status_name(exact) == "local-minimum"
    assert sim.minimum_label(exact).startswith("local minimum")
    assert reached and near_global(sim, noisy, 0.6)
    # Still jittering at the bottom: it keeps moving and never settles.
    before = sim.pos[:, noisy].copy()
    sim.step(20)
    assert sim.status_name(noisy) == "running" and np.hypot(*(sim.pos[:, noisy] - before)) > 0.01
    # On the saddle point: the exact ball stays balanced, the noisy one is knocked off.
    assert np.hypot(*(sim.pos[:, exact_saddle] - start_saddle)) < 1e-6
    assert np.hypot(*(sim.pos[:, noisy_saddle] - start_saddle)) > 1.0
    assert "Try: give the red ball a gradient noise of 1" in " ".join(scene.caption.split())


def test_noise_escape_try_noise_on_the_red_ball_and_a_new_start_and_it_escapes_too():
    sim = make_simulation(load_scene("noise-escape"))
    sim.step(800)
    assert sim.status_name(0) == "local-minimum"
    sim.set_hyper("noise", 1.0, balls=0)      # what the Advanced panel's slider sends
    sim.reset()                               # New start
    reached = False
    for _ in range(40):
        sim.step(20)
        reached = reached or near_global(sim, 0)
    assert reached and sim.status_name(0) == "running"


def movement(sim, i, steps=100):
    path = []
    for _ in range(steps):
        sim.step(1)
        path.append(sim.pos[0, i])
    return float(np.abs(np.diff(path)).sum()), abs(path[-1])


def test_lr_decay_the_decaying_ball_settles_and_the_constant_one_keeps_jittering():
    scene = load_scene("lr-decay")
    sim = make_simulation(scene)
    constant, decaying = 0, 1
    sim.step(300)
    assert sim.lr_in_force()[decaying] == pytest.approx(0.3 * 0.98 ** 300)
    assert sim.lr_in_force()[constant] == 0.3
    moved_c, _ = movement(sim, constant)
    sim2 = make_simulation(scene)
    sim2.step(300)
    moved_d, where_d = movement(sim2, decaying)
    assert moved_c > 5.0            # kicked around the bottom, step after step
    assert moved_d < 0.1 and where_d < 0.15   # still, at the bottom
    assert scene.views["loss_plot"]


def test_lr_decay_try_the_exponential_schedule_on_the_orange_ball_and_it_settles_too():
    scene = load_scene("lr-decay")
    assert "Try: give the orange ball the exponential schedule" in " ".join(scene.caption.split())
    sim = make_simulation(scene)
    sim.step(100)
    choice = [name for name, _, _ in PRESETS].index("exponential")
    sim.set_hyper("schedule", choice, balls=0)   # the Advanced panel's Schedule row
    assert sim.balls[0].schedule.kind == "exponentiallr"
    sim.step(300)
    moved, where = movement(sim, 0)
    assert moved < 0.1 and where < 0.15
