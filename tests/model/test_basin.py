"""The basin map: which minimum each start reaches, checked against the core."""

import numpy as np
import pytest

from engine.maths.surfaces import make_surface
from engine.model.basin import DIVERGES, UNDECIDED, BasinJob, grid_starts
from engine.model.balls import BallSpec
from engine.model.simulation import Simulation
from engine.model.status import Status

GLOBAL, LOCAL = Status.GLOBAL, Status.LOCAL


def test_the_grid_covers_the_domain_with_cell_centres():
    saddle = make_surface("saddle")
    xs, ys = grid_starts(saddle, 8)
    lo, hi = saddle.domain
    assert xs[0] == pytest.approx(lo + (hi - lo) / 16) and xs[-1] == pytest.approx(hi - (hi - lo) / 16)
    assert np.array_equal(xs, ys)
    assert grid_starts(make_surface("parabola"), 8)[1].tolist() == [0.0]


def test_every_basin_label_agrees_with_running_that_start_alone():
    saddle = make_surface("saddle")
    job = BasinJob(saddle, "sgd", {"lr": 0.05}, resolution=12)
    basin = job.run()
    assert basin is not None and job.progress == 1.0
    rng = np.random.default_rng(0)
    for j, i in rng.integers(0, 12, size=(25, 2)):
        x, y = basin.xs[i], basin.ys[j]
        sim = Simulation(saddle, [BallSpec("sgd", {"lr": 0.05}, start=(x, y))])
        sim.step(20_000)
        label = basin.labels[j, i]
        if sim.status[0] in (GLOBAL, LOCAL):
            assert label == sim.minimum_index[0]
        else:
            assert label in (DIVERGES, UNDECIDED)


def test_each_minimum_sits_in_its_own_basin():
    saddle = make_surface("saddle")
    basin = BasinJob(saddle, "sgd", {"lr": 0.05}, resolution=48).run()
    for k, m in enumerate(saddle.minima):
        assert basin.label_at(m.x, m.y) == k
    assert basin.share(0) > 0.1  # the global minimum drains a good part of the map


def test_too_large_a_learning_rate_makes_the_map_diverge():
    basin = BasinJob(make_surface("parabola"), "sgd", {"lr": 1.5}, resolution=16).run()
    assert np.all(basin.labels == DIVERGES)
    good = BasinJob(make_surface("parabola"), "sgd", {"lr": 0.3}, resolution=16).run()
    assert np.all(good.labels == 0)


def test_a_job_on_a_thread_reports_progress_and_can_be_cancelled():
    job = BasinJob(make_surface("saddle"), "sgd", {"lr": 0.0001}, resolution=64, max_steps=10**9)
    job.start()
    job.cancel()
    job.wait(30)
    assert job.result is None and job.error is None
    done = BasinJob(make_surface("saddle"), "momentum", {"lr": 0.02}, resolution=16).start()
    assert done.wait(60) is not None and done.progress == 1.0


def test_the_labels_do_not_depend_on_how_many_threads_share_the_starts(monkeypatch):
    saddle = make_surface("saddle")
    one = BasinJob(saddle, "momentum", {"lr": 0.01}, resolution=20, workers=1).run()
    three = BasinJob(saddle, "momentum", {"lr": 0.01}, resolution=20, workers=3).run()
    # Never moving finished balls into a smaller simulation gives the same map too.
    monkeypatch.setattr("engine.model.basin.COMPACT_SHARE", 0.0)
    whole = BasinJob(saddle, "momentum", {"lr": 0.01}, resolution=20, workers=1).run()
    assert len(set(one.labels.ravel().tolist())) >= 3  # a map with several basins, not one colour
    assert np.array_equal(one.labels, three.labels) and np.array_equal(one.labels, whole.labels)
    assert one.steps == three.steps == whole.steps
