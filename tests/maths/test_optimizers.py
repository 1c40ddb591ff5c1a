"""Optimizers against scalar references written from torch.optim's published
algorithms: one ball at a time, plain Python floats, no numpy in the update."""

import math
import warnings

import numpy as np
import pytest

from engine.maths.optim import OPTIMIZERS, Optimizer, optimizer_class, optimizer_names

STEPS = 1000
N = 5
# Starts spread around the minimum near (1.72, -0.69), whose coordinates are
# far from zero, so a relative tolerance means the same for every ball.
STARTS = np.array([[-2.0, 0.5, 3.0, -1.0, 2.5], [1.5, -2.5, 0.3, -0.2, 2.0]])
RTOL = 1e-9


# -- the landscape: a tilted bowl with a ripple, strictly convex ---------------
# L = (x - 1.5)^2 + 2 (y + 0.7)^2 + 0.3 sin(2x) cos(y). Its Hessian stays
# positive definite everywhere, so runs contract towards one minimum and
# rounding differences shrink instead of growing over 1000 steps. Not so for
# Adam or RMSprop with a short memory (beta2 or alpha well below 0.99) at a
# fixed rate: they bounce around the minimum chaotically and one ulp grows to
# 1e-3 within a few hundred steps, so the settings below avoid that regime.
def grad_np(p):
    x, y = p
    with np.errstate(all="ignore"):  # the landscape is not under test
        return np.stack([
            2.0 * (x - 1.5) + 0.6 * np.cos(2.0 * x) * np.cos(y),
            4.0 * (y + 0.7) - 0.3 * np.sin(2.0 * x) * np.sin(y),
        ])


def grad_scalar(x, y):
    return [
        2.0 * (x - 1.5) + 0.6 * math.cos(2.0 * x) * math.cos(y),
        4.0 * (y + 0.7) - 0.3 * math.sin(2.0 * x) * math.sin(y),
    ]


# -- scalar references, one ball, straight from the algorithm boxes ------------
def ref_sgd(nesterov):
    def update(x, g, h, st):
        lr, mu, damp, wd = h["lr"], h["momentum"], h["dampening"], h["weight_decay"]
        if wd != 0:
            g = [gi + wd * xi for gi, xi in zip(g, x)]
        if mu != 0:
            if st.get("b") is None:
                st["b"] = list(g)
            else:
                st["b"] = [mu * b + (1 - damp) * gi for b, gi in zip(st["b"], g)]
            g = [gi + mu * b for gi, b in zip(g, st["b"])] if nesterov else list(st["b"])
        return [xi - lr * gi for xi, gi in zip(x, g)]

    return update


def ref_adam(x, g, h, st):
    lr, b1, b2, eps, wd = h["lr"], h["beta1"], h["beta2"], h["eps"], h["weight_decay"]
    st["t"] = t = st.get("t", 0) + 1
    m, v = st.get("m", [0.0] * len(x)), st.get("v", [0.0] * len(x))
    if wd != 0:
        g = [gi + wd * xi for gi, xi in zip(g, x)]
    m = [b1 * mi + (1 - b1) * gi for mi, gi in zip(m, g)]
    v = [b2 * vi + (1 - b2) * gi * gi for vi, gi in zip(v, g)]
    st["m"], st["v"] = m, v
    m_hat = [mi / (1 - b1**t) for mi in m]
    v_hat = [vi / (1 - b2**t) for vi in v]
    return [xi - lr * mh / (math.sqrt(vh) + eps) for xi, mh, vh in zip(x, m_hat, v_hat)]


def ref_rmsprop(x, g, h, st):
    lr, alpha, eps, mu, wd = h["lr"], h["alpha"], h["eps"], h["momentum"], h["weight_decay"]
    zeros = [0.0] * len(x)
    if wd != 0:
        g = [gi + wd * xi for gi, xi in zip(g, x)]
    st["v"] = v = [alpha * vi + (1 - alpha) * gi * gi for vi, gi in zip(st.get("v", zeros), g)]
    v_tilde = list(v)
    if h["centered"]:
        ga = [alpha * a + (1 - alpha) * gi for a, gi in zip(st.get("ga", zeros), g)]
        st["ga"] = ga
        v_tilde = [vt - a * a for vt, a in zip(v_tilde, ga)]
    step = [gi / (math.sqrt(vt) + eps) for gi, vt in zip(g, v_tilde)]
    if mu > 0:
        st["b"] = step = [mu * b + s for b, s in zip(st.get("b", zeros), step)]
    return [xi - lr * s for xi, s in zip(x, step)]


def ref_adagrad(x, g, h, st):
    lr, decay, eps, wd = h["lr"], h["lr_decay"], h["eps"], h["weight_decay"]
    if "sum" not in st:
        st["sum"] = [h["initial_accumulator_value"]] * len(x)
    st["t"] = t = st.get("t", 0) + 1
    if wd != 0:
        g = [gi + wd * xi for gi, xi in zip(g, x)]
    clr = lr / (1 + (t - 1) * decay)
    st["sum"] = [s + gi * gi for s, gi in zip(st["sum"], g)]
    return [xi - clr * gi / (math.sqrt(s) + eps) for xi, gi, s in zip(x, g, st["sum"])]


REFERENCES = {
    "sgd": ref_sgd(nesterov=False),
    "momentum": ref_sgd(nesterov=False),
    "nesterov": ref_sgd(nesterov=True),
    "adam": ref_adam,
    "rmsprop": ref_rmsprop,
    "adagrad": ref_adagrad,
}


# -- schedules: hyper-parameters per ball, changing at given steps -------------
def schedule(name, *phases):
    """phases: (first_step, {key: scalar or per-ball list}); later ones override."""
    base = {key: np.full(N, value) for key, value in optimizer_class(name).defaults.items()}
    tables, current = [], dict(base)
    for first, values in phases:
        current = dict(current)
        for key, value in values.items():
            assert key in base, key
            current[key] = np.broadcast_to(np.asarray(value, dtype=float), (N,)).copy()
        tables.append((first, current))

    def at(step):
        return [table for first, table in tables if first <= step][-1]

    return at


def run_optimizer(name, hyper_at, masks=None, dims=2, starts=STARTS, grad=grad_np, steps=STEPS):
    opt = optimizer_class(name)(N, dims)
    p = starts.copy()
    for k in range(steps):
        opt.step(p, grad(p), hyper_at(k), None if masks is None else masks[k])
    return p, opt


def run_reference(name, hyper_at, masks=None, references=None):
    """Each ball alone through the scalar reference ``references[name]``
    (default: this file's), as plain floats."""
    update = (references or REFERENCES)[name]
    out = np.empty_like(STARTS)
    for ball in range(N):
        x, st = [float(v) for v in STARTS[:, ball]], {}
        for k in range(STEPS):
            if masks is not None and not masks[k][ball]:
                continue
            h = {key: float(values[ball]) for key, values in hyper_at(k).items()}
            x = update(x, grad_scalar(*x), h, st)
        out[:, ball] = x
    return out


CASES = {
    "sgd": [{"lr": [0.01, 0.03, 0.1, 0.2, 0.3]}],
    "sgd-mixed-momentum": [
        {"lr": 0.05, "momentum": [0, 0.3, 0.6, 0.9, 0], "dampening": [0, 0.5, 0.1, 0, 0.9],
         "weight_decay": 0.1}
    ],
    "momentum": [{"lr": [0.005, 0.01, 0.02, 0.04, 0.05]}],
    "momentum-damped": [{"lr": 0.02, "momentum": [0.5, 0.9, 0.95, 0.8, 0.7],
                         "dampening": [0.0, 0.5, 0.9, 0.2, 0.0]}],
    "nesterov": [{"lr": [0.005, 0.01, 0.02, 0.04, 0.05], "weight_decay": [0, 0, 0.05, 0.2, 0]}],
    "adam": [{"lr": [0.001, 0.01, 0.05, 0.1, 0.2]}],
    "adam-tuned": [
        {"lr": [0.002, 0.005, 0.01, 0.02, 0.01], "beta1": [0.0, 0.5, 0.8, 0.9, 0.95],
         "beta2": [0.9, 0.99, 0.999, 0.99, 0.999],
         "eps": [1e-8, 1e-3, 1e-1, 1e-6, 1e-8], "weight_decay": [0, 0.1, 0, 0.5, 0]}
    ],
    "rmsprop": [{"lr": [0.001, 0.005, 0.01, 0.02, 0.05]}],
    "rmsprop-centered-momentum": [{"lr": 0.003, "centered": 1, "momentum": 0.5}],
    "rmsprop-mixed": [
        {"lr": [0.003, 0.003, 0.001, 0.003, 0.003], "centered": [0, 1, 0, 1, 1],
         "momentum": [0, 0, 0.5, 0.5, 0], "alpha": [0.99, 0.98, 0.99, 0.99, 0.995],
         "eps": [1e-8, 1e-3, 1e-8, 1e-3, 1e-3],
         "weight_decay": [0, 0, 0.2, 0, 0]}
    ],
    "adagrad": [{"lr": [0.01, 0.05, 0.1, 0.5, 1.0]}],
    "adagrad-decay": [
        {"lr": 0.5, "lr_decay": [0, 0.01, 0.1, 1.0, 0.001],
         "initial_accumulator_value": [0, 0.1, 1.0, 0, 5.0], "weight_decay": 0.05, "eps": 1e-6}
    ],
}

# lr and a second hyper-parameter change mid-run, differently per ball, while
# the balls are still on their way down, then change back.
CHANGE_AT = (40, 150)
CHANGING = {
    "sgd": [{"lr": 0.05},
            {"lr": [0.01, 0.1, 0.02, 0.05, 0.2], "momentum": [0.9, 0, 0.5, 0.9, 0.3]}],
    "momentum": [{"lr": 0.01},
                 {"lr": [0.002, 0.05, 0.01, 0.03, 0.001], "momentum": [0.5, 0.9, 0.99, 0, 0.7]}],
    "nesterov": [{"lr": 0.01},
                 {"lr": [0.002, 0.05, 0.01, 0.03, 0.001], "momentum": [0.5, 0.9, 0.99, 0.2, 0.7]}],
    "adam": [{"lr": 0.01},
             {"lr": [0.002, 0.02, 0.005, 0.03, 0.001], "beta1": [0.9, 0.5, 0.0, 0.95, 0.8],
              "beta2": [0.999, 0.99, 0.99, 0.999, 0.995]}],
    # torch keeps a momentum buffer only if momentum was on from the start.
    "rmsprop": [{"lr": 0.003, "momentum": 0.1},
                {"lr": [0.001, 0.005, 0.005, 0.02, 0.002],
                 "alpha": [0.99, 0.99, 0.95, 0.999, 0.995],
                 "momentum": [0, 0.5, 0.3, 0, 0.2]}],
    "adagrad": [{"lr": 0.5, "initial_accumulator_value": 0.5},
                {"lr": [0.1, 1.0, 0.5, 2.0, 0.05], "lr_decay": [0.0, 0.01, 0.5, 0.001, 0.1],
                 "initial_accumulator_value": 9.0}],
}


def changing_schedule(name):
    first, second = CHANGING[name]
    return schedule(name, (0, first), (CHANGE_AT[0], second), (CHANGE_AT[1], first))


def optimizer_of(case):
    return case.split("-")[0]


@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_scalar_reference(case):
    name = optimizer_of(case)
    hyper_at = schedule(name, *[(0, values) for values in CASES[case]])
    p, opt = run_optimizer(name, hyper_at)
    expected = run_reference(name, hyper_at)
    np.testing.assert_allclose(p, expected, rtol=RTOL, atol=0)
    np.testing.assert_array_equal(opt.t, STEPS)
    # The runs went somewhere: every ball left its start.
    assert np.all(np.abs(p - STARTS) > 1e-3)


@pytest.mark.parametrize("name", sorted(CHANGING))
def test_hyper_parameters_changed_mid_run_take_effect_per_ball(name):
    hyper_at = changing_schedule(name)
    p, _ = run_optimizer(name, hyper_at)
    np.testing.assert_allclose(p, run_reference(name, hyper_at), rtol=RTOL, atol=0)
    # Every ball felt the change: ten steps in, it is somewhere else.
    soon = CHANGE_AT[0] + 10
    changed, _ = run_optimizer(name, hyper_at, steps=soon)
    steady, _ = run_optimizer(name, schedule(name, (0, CHANGING[name][0])), steps=soon)
    assert np.all(np.abs(changed - steady) > 1e-9), "the change had no effect on some ball"


def test_new_learning_rate_acts_at_the_very_next_step():
    # One step with a momentum buffer built at lr=1 must move exactly
    # lr_new * buffer: the buffer carries no learning rate.
    opt = optimizer_class("momentum")(1)
    p = np.array([[0.0], [0.0]])
    g = np.array([[1.0], [-2.0]])
    hyper = {"lr": np.array([1.0]), "momentum": np.array([0.9]),
             "dampening": np.array([0.0]), "weight_decay": np.array([0.0])}
    opt.step(p, g, hyper)
    np.testing.assert_array_equal(p, [[-1.0], [2.0]])  # first buffer is g itself
    hyper["lr"] = np.array([0.01])
    before = p.copy()
    opt.step(p, g, hyper)
    np.testing.assert_allclose(p - before, -0.01 * 1.9 * g, rtol=1e-12)


def state_arrays(opt):
    return {key: value.copy() for key, value in vars(opt).items()
            if isinstance(value, np.ndarray) and not key.startswith("_")}


@pytest.mark.parametrize("case", sorted(CASES))
def test_active_mask_freezes_idle_balls_bit_for_bit(case):
    name = optimizer_of(case)
    hyper_at = schedule(name, *[(0, values) for values in CASES[case]])
    rng = np.random.default_rng(7)
    # Some steps leave most balls idle, some only a few: both strategies run.
    share = rng.choice([0.2, 0.5, 0.8, 1.0], STEPS)
    masks = [rng.random(N) < s for s in share]
    opt = optimizer_class(name)(N)
    p = STARTS.copy()
    for k in range(STEPS):
        before, state = p.copy(), state_arrays(opt)
        opt.step(p, grad_np(p), hyper_at(k), masks[k])
        idle = ~masks[k]
        np.testing.assert_array_equal(p[:, idle], before[:, idle])
        for key, value in state_arrays(opt).items():
            np.testing.assert_array_equal(value[..., idle], state[key][..., idle], err_msg=key)
    np.testing.assert_allclose(p, run_reference(name, hyper_at, masks), rtol=RTOL, atol=0)
    np.testing.assert_array_equal(opt.t, np.sum(masks, axis=0))


@pytest.mark.parametrize("stopped", [[0, 3], [0, 1, 2], [0], [N - 1]])
def test_balls_that_stop_leave_the_others_bit_for_bit_as_alone(stopped):
    """A ball that stops (here the first ones, whose powers the bias
    corrections are usually read from) changes nothing of the others' steps:
    they get the very bits a simulation of them alone gives."""
    hyper = {"lr": 0.05, "beta1": 0.8, "beta2": 0.99, "eps": 1e-8, "weight_decay": 0.0}
    together = optimizer_class("adam")(N)
    moving = np.setdiff1d(np.arange(N), stopped)
    alone = optimizer_class("adam")(moving.size)
    p, q = STARTS.copy(), STARTS[:, moving].copy()
    mask = np.ones(N, bool)
    for k in range(16):
        if k == 4:
            mask[stopped] = False
        g = grad_np(p)
        together.step(p, g, hyper, mask if k >= 4 else None)
        if k < 4:
            stopped_now = p[:, stopped].copy()
        alone.step(q, g[:, moving], hyper)
        np.testing.assert_array_equal(p[:, moving], q, err_msg=f"step {k}")
    np.testing.assert_array_equal(p[:, stopped], stopped_now)


def test_all_idle_mask_changes_nothing():
    opt = optimizer_class("adam")(N)
    hyper_at = schedule("adam", (0, {"lr": 0.1}))
    p = STARTS.copy()
    opt.step(p, grad_np(p), hyper_at(0))
    before, state = p.copy(), state_arrays(opt)
    opt.step(p, grad_np(p), hyper_at(1), np.zeros(N, bool))
    np.testing.assert_array_equal(p, before)
    for key, value in state_arrays(opt).items():
        np.testing.assert_array_equal(value, state[key], err_msg=key)


RESET_HYPER = {
    "sgd": {"lr": 0.05, "momentum": 0.5},
    "momentum": {"lr": 0.02},
    "nesterov": {"lr": 0.02},
    "adam": {"lr": 0.05, "beta2": [0.9, 0.99, 0.999, 0.5, 0.0]},
    "rmsprop": {"lr": 0.01, "centered": 1, "momentum": 0.5},
    "adagrad": {"lr": 0.5, "initial_accumulator_value": 2.0, "lr_decay": 0.1},
    # torch.optim's other rules (test_more_optimizers checks their arithmetic)
    "adamw": {"lr": 0.05, "weight_decay": 0.1},
    "nadam": {"lr": 0.05},
    "radam": {"lr": 0.05},
    "adamax": {"lr": 0.05},
    "adadelta": {"lr": 0.5},
    "rprop": {"lr": 0.05},
    "asgd": {"lr": 0.05, "lambd": 0.01},
}


@pytest.mark.parametrize("name", optimizer_names())
@pytest.mark.parametrize("which", ["some", "all"])
def test_reset_makes_balls_behave_as_new(name, which):
    hyper_at = schedule(name, (0, RESET_HYPER[name]))
    opt = optimizer_class(name)(N)
    p = STARTS.copy()
    # Few enough steps that no ball has settled: state still matters.
    for k in range(30):
        opt.step(p, grad_np(p), hyper_at(k))
    mask = np.array([True, False, True, False, True]) if which == "some" else np.ones(N, bool)
    opt.reset(mask if which == "some" else None)
    np.testing.assert_array_equal(opt.t, np.where(mask, 0, 30))
    fresh = optimizer_class(name)(N)
    q = p.copy()
    for k in range(20):
        opt.step(p, grad_np(p), hyper_at(k))
        fresh.step(q, grad_np(q), hyper_at(k))
    np.testing.assert_array_equal(p[:, mask], q[:, mask])
    # Balls that kept their state still remember it.
    assert np.all(np.abs(p[:, ~mask] - q[:, ~mask]) > 0)


# Rprop's steps are capped by step_size_max whatever lr is: it cannot blow up.
@pytest.mark.parametrize("name", [n for n in optimizer_names() if n != "rprop"])
def test_huge_learning_rate_diverges_quietly(name):
    hyper_at = schedule(name, (0, {"lr": [1e308, 0.01, 1e308, 0.01, 1e308]}))
    opt = optimizer_class(name)(N)
    p = STARTS.copy()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            for k in range(20):
                opt.step(p, grad_np(p), hyper_at(k))
                opt.step(p, grad_np(p), hyper_at(k), np.array([True, True, False, True, True]))
    # Overflowed, or (Adadelta, whose steps shrink as the gradient overflows) far
    # beyond any landscape.
    assert not np.any(np.abs(p[:, [0, 2, 4]]) < 1e300)
    assert np.all(np.isfinite(p[:, [1, 3]]))


@pytest.mark.parametrize("name", optimizer_names())
def test_one_dimensional_run_matches_first_coordinate_of_two(name):
    # With a separable gradient, each coordinate moves independently (state
    # is per coordinate), so a 1-D run must follow row 0 of a 2-D run.
    def separable(p):
        g = grad_np(np.vstack([p[:1], np.full_like(p[:1], -0.7)]))
        out = np.empty_like(p)
        out[0] = g[0]
        if len(p) > 1:
            out[1] = 4.0 * (p[1] + 0.7)
        return out

    hyper_at = schedule(name, (0, {"lr": [0.001, 0.01, 0.05, 0.1, 0.2]}))
    p2, _ = run_optimizer(name, hyper_at, grad=separable)
    p1, _ = run_optimizer(name, hyper_at, dims=1, starts=STARTS[:1].copy(), grad=separable)
    np.testing.assert_allclose(p1[0], p2[0], rtol=1e-12, atol=0)


def test_shapes_are_checked():
    opt = optimizer_class("sgd")(3)
    hyper = {key: np.full(3, value) for key, value in opt.defaults.items()}
    with pytest.raises(ValueError, match="shape"):
        opt.step(np.zeros((2, 4)), np.zeros((2, 4)), hyper)
    with pytest.raises(ValueError, match="active"):
        opt.step(np.zeros((2, 3)), np.zeros((2, 3)), hyper, np.ones(4, bool))


# -- one ball at a time, the array path, and grouping -------------------------
def same_bits(a, b):
    return a.shape == b.shape and a.dtype == b.dtype and a.tobytes() == b.tobytes()


def schedule_of(case):
    name = optimizer_of(case)
    if case.endswith("-changing"):
        return name, changing_schedule(name)
    return name, schedule(name, *[(0, values) for values in CASES[case]])


ALL_RUNS = sorted(CASES) + [f"{n}-changing" for n in sorted(CHANGING)]


@pytest.mark.parametrize("case", ALL_RUNS)
def test_one_ball_steps_match_the_array_path_bit_for_bit(case):
    # step_ball does the arithmetic in plain floats; a trajectory must not
    # depend on which path stepped it, so positions and every state array
    # agree to the last bit, step after step, with some balls idle.
    name, hyper_at = schedule_of(case)
    rng = np.random.default_rng(11)
    arrays, floats = optimizer_class(name)(N), optimizer_class(name)(N)
    p, q = STARTS.copy(), STARTS.copy()
    for k in range(STEPS):
        mask = rng.random(N) < 0.8
        arrays.step(p, grad_np(p), hyper_at(k), mask)
        g = grad_np(q)
        for i in np.flatnonzero(mask):
            floats.step_ball(int(i), q, g, hyper_at(k))
        assert same_bits(p, q), f"step {k}"
    for key, value in state_arrays(arrays).items():
        assert same_bits(value, state_arrays(floats)[key]), key


@pytest.mark.parametrize("case", ALL_RUNS)
def test_a_ball_moves_the_same_whatever_balls_step_beside_it(case):
    # Each ball run alone (an optimizer of one) must retrace, bit for bit,
    # its path in the group: no branch may depend on the other balls'
    # settings, and weight decay 0 must leave a gradient exactly as it is.
    name, hyper_at = schedule_of(case)
    p, _ = run_optimizer(name, hyper_at)
    for ball in range(N):
        alone = optimizer_class(name)(1)
        q = STARTS[:, ball:ball + 1].copy()
        for k in range(STEPS):
            h = {key: values[ball:ball + 1] for key, values in hyper_at(k).items()}
            alone.step(q, grad_np(q), h)
        assert same_bits(q[:, 0], p[:, ball]), f"ball {ball}"


@pytest.mark.parametrize("name", optimizer_names())
def test_shared_hyper_parameters_give_the_same_bits_as_per_ball_arrays(name):
    # A caller may pass one value where every ball agrees (cheaper passes).
    values = {"lr": 0.02, **({"momentum": 0.5} if "momentum" in optimizer_class(name).defaults else {})}
    per_ball = schedule(name, (0, values))
    shared = lambda k: {key: np.float64(v[0]) for key, v in per_ball(k).items()}  # noqa: E731
    a, _ = run_optimizer(name, per_ball, steps=300)
    b, _ = run_optimizer(name, shared, steps=300)
    assert same_bits(a, b)


@pytest.mark.parametrize("name", optimizer_names())
def test_out_receives_the_step_and_params_stay_as_they_were(name):
    hyper_at = schedule(name, (0, RESET_HYPER[name]))
    in_place, elsewhere = optimizer_class(name)(N), optimizer_class(name)(N)
    p = STARTS.copy()
    q = STARTS.copy()
    rng = np.random.default_rng(5)
    for k in range(200):
        mask = None if k % 3 else rng.random(N) < 0.6
        old = q.copy()
        out = np.full_like(q, np.nan)
        in_place.step(p, grad_np(p), hyper_at(k), mask)
        elsewhere.step(q, grad_np(q), hyper_at(k), mask, out=out)
        assert same_bits(q, old)
        assert same_bits(out, p)
        q = out


def test_adam_with_balls_started_apart_matches_balls_started_together():
    # Adam folds the bias corrections into single numbers while every ball
    # has the same step count (and the betas are shared); after a partial
    # reset they differ per ball.
    per_ball = schedule("adam", (0, {"lr": 0.05}))
    hyper_at = lambda k: {key: np.float64(v[0]) for key, v in per_ball(k).items()}  # noqa: E731
    reset = np.array([True, False, False, True, False])
    together = optimizer_class("adam")(N)
    p = STARTS.copy()
    for k in range(40):
        together.step(p, grad_np(p), hyper_at(k))
    restarts = p.copy()
    together.reset(reset)
    for k in range(60):
        together.step(p, grad_np(p), hyper_at(k))
    for ball in range(N):
        alone = optimizer_class("adam")(1)
        q = (restarts if reset[ball] else STARTS)[:, ball:ball + 1].copy()
        for k in range(60 if reset[ball] else 100):
            alone.step(q, grad_np(q), {key: v[ball:ball + 1] for key, v in per_ball(k).items()})
        assert same_bits(q[:, 0], p[:, ball]), f"ball {ball}"


# -- registry, defaults, ranges -----------------------------------------------
TORCH_DEFAULTS = {
    "sgd": {"lr": 1e-3, "momentum": 0.0, "dampening": 0.0, "weight_decay": 0.0},
    "momentum": {"lr": 1e-3, "momentum": 0.9, "dampening": 0.0, "weight_decay": 0.0},
    "nesterov": {"lr": 1e-3, "momentum": 0.9, "dampening": 0.0, "weight_decay": 0.0},
    "adam": {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0},
    "rmsprop": {"lr": 1e-2, "alpha": 0.99, "eps": 1e-8, "momentum": 0.0, "centered": 0.0,
                "weight_decay": 0.0},
    "adagrad": {"lr": 1e-2, "lr_decay": 0.0, "initial_accumulator_value": 0.0, "eps": 1e-10,
                "weight_decay": 0.0},
}


def test_registry_names_titles_and_defaults():
    assert optimizer_names()[:6] == ["sgd", "momentum", "nesterov", "adam", "rmsprop", "adagrad"]
    for name in TORCH_DEFAULTS:
        cls = optimizer_class(name)
        assert cls is OPTIMIZERS[name] and issubclass(cls, Optimizer)
        assert cls.name == name and cls.title
        assert cls.defaults == TORCH_DEFAULTS[name]
        assert set(cls.ranges) == set(cls.defaults)
        for key, (low, high) in cls.ranges.items():
            assert low <= cls.defaults[key] <= high, (name, key)
    assert [optimizer_class(n).title for n in optimizer_names()[:6]] == [
        "SGD", "Momentum", "Nesterov", "Adam", "RMSprop", "Adagrad"]


def test_ranges_exclude_what_torch_rejects():
    adam = optimizer_class("adam").ranges
    assert adam["lr"][0] > 0 and adam["eps"][0] > 0
    assert adam["beta1"][1] < 1 and adam["beta2"][1] < 1
    assert optimizer_class("nesterov").ranges["dampening"] == (0.0, 0.0)


def test_unknown_optimizer_names_the_choices():
    with pytest.raises(ValueError, match=r"unknown optimizer 'adamz' \(choose from sgd, momentum"):
        optimizer_class("adamz")


# -- optional: the same runs through torch.optim itself ------------------------
def torch_run(name, hyper_at):
    torch = pytest.importorskip("torch", reason="torch is not installed")
    params = [torch.tensor(STARTS[:, i], dtype=torch.float64) for i in range(N)]

    def group_values(h, i):
        v = {key: float(values[i]) for key, values in h.items()}
        if name == "adam":
            v["betas"] = (v.pop("beta1"), v.pop("beta2"))
        if name == "rmsprop":
            v["centered"] = bool(v["centered"])
        return v

    cls = {"sgd": torch.optim.SGD, "momentum": torch.optim.SGD, "nesterov": torch.optim.SGD,
           "adam": torch.optim.Adam, "rmsprop": torch.optim.RMSprop,
           "adagrad": torch.optim.Adagrad}[name]
    # One optimizer per ball: Adagrad fills its accumulators in the
    # constructor from the constructor's value, not from a param group's.
    h0 = hyper_at(0)
    opts = [cls([p], nesterov=True, **group_values(h0, i)) if name == "nesterov"
            else cls([p], **group_values(h0, i)) for i, p in enumerate(params)]
    for k in range(STEPS):
        h = hyper_at(k)
        for i, (opt, p) in enumerate(zip(opts, params)):
            opt.param_groups[0].update(group_values(h, i))
            x, y = (float(v) for v in p.detach())
            p.grad = torch.tensor(grad_scalar(x, y), dtype=torch.float64)
            opt.step()
    return np.stack([p.detach().numpy() for p in params], axis=1)


@pytest.mark.parametrize("case", sorted(CASES) + [f"{n}-changing" for n in sorted(CHANGING)])
def test_matches_torch_optim(case):
    name = optimizer_of(case)
    if case.endswith("-changing"):
        hyper_at = changing_schedule(name)
    else:
        hyper_at = schedule(name, *[(0, values) for values in CASES[case]])
    expected = torch_run(name, hyper_at)
    p, _ = run_optimizer(name, hyper_at)
    np.testing.assert_allclose(p, expected, rtol=RTOL, atol=0)
