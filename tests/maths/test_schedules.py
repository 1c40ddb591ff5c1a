"""Learning-rate schedules against the closed forms in torch.optim.lr_scheduler's
documentation, written here independently of engine/maths/schedules.py (which
follows torch's recursive get_lr), and against torch itself where installed."""

import math

import numpy as np
import pytest

from engine.maths.schedules import KINDS, SPECS, Schedule, ScheduleError, parse_schedule

BASE = 0.2
STEPS = 300


def run(schedule, base=BASE, steps=STEPS, momentum=False):
    """The rate in force for optimizer steps 1..steps, stepping as a training loop does."""
    lr, out, moms = schedule.initial(base), [], []
    for epoch in range(steps):
        out.append(lr)
        moms.append(schedule.momentum(epoch))
        lr = schedule.next(lr, epoch + 1, base)
    return (np.array(out), moms) if momentum else np.array(out)


def closed_step(k, step_size, gamma):
    return BASE * gamma ** (k // step_size)


def closed_multistep(k, milestones, gamma):
    return BASE * gamma ** sum(1 for m in milestones if m <= k)


def closed_cosine(k, t_max, eta_min):
    return eta_min + (BASE - eta_min) * (1 + math.cos(math.pi * k / t_max)) / 2


def closed_linear(k, start, end, total):
    return BASE * (start + (end - start) * min(k, total) / total)


def closed_one_cycle(k, max_lr, total, pct_start=0.3, div=25.0, final_div=1e4, strategy="cos",
                     three_phase=False, base_m=0.85, max_m=0.95):
    """Piecewise interpolation between the documented corner points."""
    pct = pct_start
    initial, low = max_lr / div, max_lr / div / final_div
    if three_phase:
        corners = [(0, initial, max_m), (pct * total - 1, max_lr, base_m),
                   (2 * pct * total - 2, initial, max_m), (total - 1, low, max_m)]
    else:
        corners = [(0, initial, max_m), (pct * total - 1, max_lr, base_m), (total - 1, low, max_m)]
    k = min(k, total - 1)
    for (s0, a0, m0), (s1, a1, m1) in zip(corners, corners[1:]):
        if k <= s1 or s1 == corners[-1][0]:
            f = (k - s0) / (s1 - s0)
            w = (1 - math.cos(math.pi * f)) / 2 if strategy == "cos" else f
            return a0 + (a1 - a0) * w, m0 + (m1 - m0) * w
    raise AssertionError


@pytest.mark.parametrize("step_size, gamma", [(1, 0.9), (7, 0.5), (30, 0.1)])
def test_steplr(step_size, gamma):
    got = run(Schedule("steplr", step_size=step_size, gamma=gamma))
    want = [closed_step(k, step_size, gamma) for k in range(STEPS)]
    np.testing.assert_allclose(got, want, rtol=1e-12)


@pytest.mark.parametrize("milestones", [[10, 50, 120], [30, 30, 80], [250, 5]])
def test_multisteplr_counts_repeated_milestones(milestones):
    got = run(Schedule("multisteplr", milestones=milestones, gamma=0.5))
    want = [closed_multistep(k, milestones, 0.5) for k in range(STEPS)]
    np.testing.assert_allclose(got, want, rtol=1e-12)


def test_exponentiallr():
    np.testing.assert_allclose(run(Schedule("exponentiallr", gamma=0.98)),
                               BASE * 0.98 ** np.arange(STEPS), rtol=1e-12)


@pytest.mark.parametrize("t_max, eta_min", [(50, 0.0), (50, 0.001), (7, 0.05), (1, 0.01)])
def test_cosineannealinglr_follows_the_cosine_through_several_periods(t_max, eta_min):
    # torch's recursive form, carried on past T_max, climbs back up: the closed
    # form is periodic with period 2 T_max.
    got = run(Schedule("cosineannealinglr", T_max=t_max, eta_min=eta_min))
    want = [closed_cosine(k, t_max, eta_min) for k in range(STEPS)]
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)
    assert got[t_max] == pytest.approx(eta_min, abs=1e-12)


@pytest.mark.parametrize("start, end, total", [(1 / 3, 1.0, 5), (0.1, 1.0, 40), (1.0, 0.2, 100), (0.5, 0.0, 10)])
def test_linearlr_warm_up_and_decay(start, end, total):
    got = run(Schedule("linearlr", start_factor=start, end_factor=end, total_iters=total))
    want = [closed_linear(k, start, end, total) for k in range(STEPS)]
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-15)


def test_linearlr_defaults_are_torchs():
    got = run(Schedule("linearlr"), steps=8)
    np.testing.assert_allclose(got, BASE * np.array([1 / 3, 7 / 15, 9 / 15, 11 / 15, 13 / 15, 1, 1, 1]),
                               rtol=1e-12)


@pytest.mark.parametrize("args", [
    {"max_lr": 0.5, "total_steps": 100},
    {"max_lr": 1.0, "total_steps": 250, "pct_start": 0.1, "anneal_strategy": "linear"},
    {"max_lr": 0.3, "epochs": 4, "steps_per_epoch": 30, "three_phase": 1, "div_factor": 10.0,
     "final_div_factor": 100.0, "base_momentum": 0.8, "max_momentum": 0.9},
])
def test_onecyclelr_lr_and_momentum_and_it_ignores_the_base_rate(args):
    total = args.get("total_steps") or args["epochs"] * args["steps_per_epoch"]
    extra = {k: args[k] for k in ("pct_start", "three_phase") if k in args}
    extra.update({"div": args.get("div_factor", 25.0), "final_div": args.get("final_div_factor", 1e4),
                  "strategy": args.get("anneal_strategy", "cos"),
                  "base_m": args.get("base_momentum", 0.85), "max_m": args.get("max_momentum", 0.95)})
    lr, moms = run(Schedule("onecyclelr", **args), momentum=True)
    want = [closed_one_cycle(k, args["max_lr"], total, **extra) for k in range(STEPS)]
    np.testing.assert_allclose(lr, [w[0] for w in want], rtol=1e-9)
    np.testing.assert_allclose(moms, [w[1] for w in want], rtol=1e-9)
    assert lr[0] == pytest.approx(args["max_lr"] / extra["div"])
    assert lr.max() == pytest.approx(args["max_lr"])
    # Past total_steps, where torch refuses to step, the last rate stays.
    assert lr[total - 1:].min() == lr[total - 1:].max() == pytest.approx(
        args["max_lr"] / extra["div"] / extra["final_div"])
    np.testing.assert_array_equal(run(Schedule("onecyclelr", **args), base=7.0), lr)


def test_onecyclelr_without_cycle_momentum_leaves_momentum_alone():
    _, moms = run(Schedule("onecyclelr", max_lr=0.1, total_steps=20, cycle_momentum=0), momentum=True)
    assert moms == [None] * STEPS


def test_a_rate_changed_by_hand_is_carried_on_by_chainable_schedules():
    # torch's recursive forms multiply the rate in force: halving it by hand halves the rest.
    s = Schedule("exponentiallr", gamma=0.9)
    lr = s.initial(1.0)
    for epoch in range(1, 6):
        lr = s.next(lr, epoch, 1.0)
    lr = s.next(lr / 2, 6, 1.0)
    assert lr == pytest.approx(0.5 * 0.9 ** 6)


def test_defaults_match_torchs_constructors():
    defaults = {kind: {k: a.default for k, a in spec.items() if a.default is not None}
                for kind, spec in SPECS.items()}
    assert defaults["steplr"]["gamma"] == 0.1 and defaults["multisteplr"]["gamma"] == 0.1
    assert defaults["cosineannealinglr"]["eta_min"] == 0.0
    assert (defaults["linearlr"]["start_factor"], defaults["linearlr"]["end_factor"],
            defaults["linearlr"]["total_iters"]) == (1 / 3, 1.0, 5)
    one = defaults["onecyclelr"]
    assert (one["pct_start"], one["anneal_strategy"], one["cycle_momentum"], one["base_momentum"],
            one["max_momentum"], one["div_factor"], one["final_div_factor"], one["three_phase"]) == (
        0.3, "cos", 1, 0.85, 0.95, 25.0, 1e4, 0)
    assert KINDS == ("steplr", "multisteplr", "exponentiallr", "cosineannealinglr", "linearlr", "onecyclelr")


@pytest.mark.parametrize("table, key, words", [
    ({"kind": "cosine"}, "kind", "unknown schedule 'cosine'"),
    ({}, "kind", "missing"),
    ({"kind": "steplr"}, "step_size", "missing"),
    ({"kind": "steplr", "step_size": 2.5}, "step_size", "whole number"),
    ({"kind": "steplr", "step_size": 0}, "step_size", "between 1"),
    ({"kind": "cosineannealinglr", "T_max": 10, "tmax": 3}, "tmax", "unknown argument"),
    ({"kind": "linearlr", "start_factor": 0}, "start_factor", "between"),
    ({"kind": "multisteplr", "milestones": 5}, "milestones", "list"),
    ({"kind": "onecyclelr", "max_lr": 0.1}, "total_steps", "epochs and steps_per_epoch"),
    ({"kind": "onecyclelr", "max_lr": 0.1, "total_steps": 9, "anneal_strategy": "cosine"},
     "anneal_strategy", "one of"),
    ({"kind": "onecyclelr", "max_lr": 0.1, "total_steps": 9, "three_phase": 2}, "three_phase", "0 or 1"),
    ({"kind": "exponentiallr", "gamma": "0.9"}, "gamma", "must be a number"),
])
def test_mistakes_name_the_key(table, key, words):
    with pytest.raises(ScheduleError) as err:
        parse_schedule(table)
    assert err.value.key == key and words in str(err.value)


# -- optional: torch's own schedulers ------------------------------------------
TORCH_CASES = [
    ("steplr", {"step_size": 7, "gamma": 0.5}),
    ("multisteplr", {"milestones": [10, 50, 50, 120], "gamma": 0.5}),
    ("exponentiallr", {"gamma": 0.98}),
    ("cosineannealinglr", {"T_max": 50, "eta_min": 0.001}),
    ("linearlr", {"start_factor": 0.1, "total_iters": 40}),
    ("onecyclelr", {"max_lr": 0.5, "total_steps": STEPS, "three_phase": 1}),
]


@pytest.mark.parametrize("kind, args", TORCH_CASES)
def test_matches_torch_lr_scheduler(kind, args):
    torch = pytest.importorskip("torch", reason="torch is not installed")
    p = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
    opt = torch.optim.SGD([p], lr=BASE, momentum=0.9)
    cls = {"steplr": "StepLR", "multisteplr": "MultiStepLR", "exponentiallr": "ExponentialLR",
           "cosineannealinglr": "CosineAnnealingLR", "linearlr": "LinearLR", "onecyclelr": "OneCycleLR"}[kind]
    torch_args = dict(args)
    if "three_phase" in torch_args:
        torch_args["three_phase"] = bool(torch_args["three_phase"])
    sched = getattr(torch.optim.lr_scheduler, cls)(opt, **torch_args)
    want = []
    for _ in range(STEPS):
        want.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    np.testing.assert_allclose(run(Schedule(kind, **args)), want, rtol=1e-12)
