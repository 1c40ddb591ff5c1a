"""The "update" view writes the selected ball's last step as arithmetic
with its real numbers, in its optimizer's own form."""

import re

import numpy as np
import pytest

from engine.maths.surfaces import make_surface
from engine.model.balls import BallSpec
from engine.model.simulation import Simulation
from engine.ui.panels.update_view import update_lines


def numbers(line: str) -> list[float]:
    return [float(v.replace("−", "-")) for v in re.findall(r"−?\d+\.\d+|−?\d+", line.split(":", 1)[1])]


def test_sgd_reads_position_minus_rate_times_gradient():
    surface = make_surface("saddle")
    sim = Simulation(surface, [BallSpec("sgd", {"lr": 0.05}, start=(1.2, 0.5))])
    sim.step(1)
    lines = update_lines(sim, 0)
    assert lines[0].startswith("SGD, learning rate 0.050")
    gx, gy = surface.gradient(1.2, 0.5)              # the slope where the step began
    x_line = next(line for line in lines if line.startswith("x:"))
    before, lr, g, after = numbers(x_line)
    assert (before, lr) == pytest.approx((1.2, 0.05))
    assert g == pytest.approx(float(gx), rel=1e-2)
    assert after == pytest.approx(1.2 - 0.05 * float(gx), abs=1e-3)
    assert before - lr * g == pytest.approx(after, abs=5e-3)   # the line adds up


def test_momentum_shows_the_velocity():
    surface = make_surface("saddle")
    sim = Simulation(surface, [BallSpec("momentum", {"lr": 0.02, "momentum": 0.9}, start=(1.2, 0.5))])
    sim.step(3)
    lines = update_lines(sim, 0)
    v_line = next(line for line in lines if line.startswith("vx:"))
    mu, previous, g, v = numbers(v_line)[:4]
    assert mu == pytest.approx(0.9)
    assert mu * previous + g == pytest.approx(v, abs=5e-3)
    x_line = next(line for line in lines if line.startswith("x:"))
    before, lr, v2, after = numbers(x_line)
    assert v2 == pytest.approx(v) and before - lr * v == pytest.approx(after, abs=5e-3)
    assert after == pytest.approx(sim.pos[0, 0], abs=1e-3)


def test_adam_shows_its_moments():
    surface = make_surface("saddle")
    sim = Simulation(surface, [BallSpec("adam", {"lr": 0.08}, start=(1.2, 0.5))])
    sim.step(1)
    lines = update_lines(sim, 0)
    assert any("m̂" in line and "v̂" in line for line in lines)
    # After one step m̂ is the gradient and v̂ its square: the step is lr.
    gx, _ = surface.gradient(1.2, 0.5)
    m_line = next(line for line in lines if line.startswith("x: mean"))
    m_hat, v_hat = numbers(m_line)
    assert m_hat == pytest.approx(float(gx), rel=1e-2) and v_hat == pytest.approx(float(gx) ** 2, rel=2e-2)
    assert sim.pos[0, 0] == pytest.approx(1.2 - 0.08 * np.sign(gx), abs=1e-6)
