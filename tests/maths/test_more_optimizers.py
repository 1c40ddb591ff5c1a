"""AdamW, NAdam, RAdam, Adamax, Adadelta, Rprop and ASGD against scalar
references written from the algorithm boxes in torch.optim's documentation:
one ball at a time, plain Python floats, no numpy in the update, and against
torch.optim itself where it is installed. The harness (landscape, starts,
per-ball hyper-parameter tables) is test_optimizers'."""

import math

import numpy as np
import pytest

from engine.maths.optim import optimizer_class, optimizer_names

from test_optimizers import (
    CHANGE_AT,
    RTOL,
    STARTS,
    STEPS,
    N,
    grad_np,
    grad_scalar,
    run_optimizer,
    run_reference as run_scalar_reference,
    same_bits,
    schedule,
)

NEW = ["adamw", "nadam", "radam", "adamax", "adadelta", "rprop", "asgd"]


def _wd(x, g, h):
    """L2 weight decay added to the gradient (the coupled kind)."""
    wd = h["weight_decay"]
    if wd != 0 and not h.get("decoupled_weight_decay", 0):
        return [gi + wd * xi for gi, xi in zip(g, x)]
    return g


def _shrink(x, h):
    """Decoupled weight decay: theta <- theta (1 - gamma lambda)."""
    return [xi * (1 - h["lr"] * h["weight_decay"]) for xi in x]


def _moments(st, g, b1, b2):
    zeros = [0.0] * len(g)
    st["m"] = [b1 * m + (1 - b1) * gi for m, gi in zip(st.get("m", zeros), g)]
    st["v"] = [b2 * v + (1 - b2) * gi * gi for v, gi in zip(st.get("v", zeros), g)]
    return st["m"], st["v"]


def ref_adamw(x, g, h, st):
    lr, b1, b2, eps = h["lr"], h["beta1"], h["beta2"], h["eps"]
    st["t"] = t = st.get("t", 0) + 1
    x = _shrink(x, h)
    m, v = _moments(st, g, b1, b2)
    return [xi - lr * (mi / (1 - b1**t)) / (math.sqrt(vi / (1 - b2**t)) + eps)
            for xi, mi, vi in zip(x, m, v)]


def ref_nadam(x, g, h, st):
    lr, b1, b2, eps, psi = h["lr"], h["beta1"], h["beta2"], h["eps"], h["momentum_decay"]
    st["t"] = t = st.get("t", 0) + 1
    g = _wd(x, g, h)
    if h["decoupled_weight_decay"]:
        x = _shrink(x, h)
    mu_t = b1 * (1 - 0.5 * 0.96 ** (t * psi))
    mu_next = b1 * (1 - 0.5 * 0.96 ** ((t + 1) * psi))
    st["prod"] = prod = st.get("prod", 1.0) * mu_t     # prod_{i<=t} mu_i
    m, v = _moments(st, g, b1, b2)
    m_hat = [mu_next * mi / (1 - prod * mu_next) + (1 - mu_t) * gi / (1 - prod)
             for mi, gi in zip(m, g)]
    v_hat = [vi / (1 - b2**t) for vi in v]
    return [xi - lr * mh / (math.sqrt(vh) + eps) for xi, mh, vh in zip(x, m_hat, v_hat)]


def ref_radam(x, g, h, st):
    lr, b1, b2, eps = h["lr"], h["beta1"], h["beta2"], h["eps"]
    st["t"] = t = st.get("t", 0) + 1
    g = _wd(x, g, h)
    if h["decoupled_weight_decay"]:
        x = _shrink(x, h)
    m, v = _moments(st, g, b1, b2)
    m_hat = [mi / (1 - b1**t) for mi in m]
    rho_inf = 2 / (1 - b2) - 1
    rho_t = rho_inf - 2 * t * b2**t / (1 - b2**t)
    if rho_t <= 5:
        return [xi - lr * mh for xi, mh in zip(x, m_hat)]
    r = math.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
    return [xi - lr * mh * r * math.sqrt(1 - b2**t) / (math.sqrt(vi) + eps)
            for xi, mh, vi in zip(x, m_hat, v)]


def ref_adamax(x, g, h, st):
    lr, b1, b2, eps = h["lr"], h["beta1"], h["beta2"], h["eps"]
    st["t"] = t = st.get("t", 0) + 1
    g = _wd(x, g, h)
    st["m"] = m = [b1 * mi + (1 - b1) * gi for mi, gi in zip(st.get("m", [0.0] * len(x)), g)]
    st["u"] = u = [max(b2 * ui, abs(gi) + eps) for ui, gi in zip(st.get("u", [0.0] * len(x)), g)]
    return [xi - lr * mi / ((1 - b1**t) * ui) for xi, mi, ui in zip(x, m, u)]


def ref_adadelta(x, g, h, st):
    lr, rho, eps = h["lr"], h["rho"], h["eps"]
    g = _wd(x, g, h)
    zeros = [0.0] * len(x)
    st["v"] = v = [rho * vi + (1 - rho) * gi * gi for vi, gi in zip(st.get("v", zeros), g)]
    u = st.get("u", zeros)
    delta = [math.sqrt(ui + eps) / math.sqrt(vi + eps) * gi for ui, vi, gi in zip(u, v, g)]
    st["u"] = [rho * ui + (1 - rho) * d * d for ui, d in zip(u, delta)]
    return [xi - lr * d for xi, d in zip(x, delta)]


def ref_rprop(x, g, h, st):
    if "eta" not in st:
        st["eta"], st["prev"] = [h["lr"]] * len(x), [0.0] * len(x)
    lo, hi = h["step_size_min"], h["step_size_max"]
    new_x, new_prev = [], []
    for d, (xi, gi) in enumerate(zip(x, g)):
        product = gi * st["prev"][d]
        eta = st["eta"][d]
        if product > 0:
            eta *= h["eta_plus"]
        elif product < 0:
            eta *= h["eta_minus"]
            gi = 0.0                  # a sign change: no step this time
        st["eta"][d] = eta = min(max(eta, lo), hi)
        sign = (gi > 0) - (gi < 0)
        new_x.append(xi - eta * sign)
        new_prev.append(gi)
    st["prev"] = new_prev
    return new_x


def ref_asgd(x, g, h, st):
    lr, lambd, alpha = h["lr"], h["lambd"], h["alpha"]
    eta = st.get("eta", lr)
    st["t"] = t = st.get("t", 0) + 1
    g = _wd(x, g, h)
    st["eta"] = lr / (1 + lambd * lr * t) ** alpha
    return [xi * (1 - lambd * eta) - eta * gi for xi, gi in zip(x, g)]


REFERENCES = {name: globals()[f"ref_{name}"] for name in NEW}

CASES = {
    "adamw": [{"lr": [0.001, 0.01, 0.05, 0.1, 0.03]}],
    "adamw-tuned": [{"lr": [0.002, 0.005, 0.01, 0.02, 0.01], "beta1": [0.0, 0.5, 0.8, 0.9, 0.95],
                     "beta2": [0.9, 0.99, 0.999, 0.99, 0.999], "eps": [1e-8, 1e-3, 1e-1, 1e-6, 1e-8],
                     "weight_decay": [0, 0.1, 0.01, 0.5, 1.0]}],
    "nadam": [{"lr": [0.001, 0.002, 0.01, 0.02, 0.05]}],
    "nadam-tuned": [{"lr": 0.01, "momentum_decay": [0.004, 0.0, 0.1, 0.04, 1.0],
                     "weight_decay": [0, 0.1, 0.1, 0.5, 0.02],
                     "decoupled_weight_decay": [0, 0, 1, 1, 0], "beta1": [0.9, 0.5, 0.9, 0.8, 0.95]}],
    "radam": [{"lr": [0.001, 0.005, 0.01, 0.05, 0.02]}],
    "radam-tuned": [{"lr": 0.01, "beta2": [0.999, 0.99, 0.995, 0.0, 0.995],
                     "weight_decay": [0, 0.1, 0.1, 0.5, 0.02],
                     "decoupled_weight_decay": [0, 0, 1, 1, 1], "eps": [1e-8, 1e-3, 1e-6, 1e-8, 1e-2]}],
    "adamax": [{"lr": [0.002, 0.01, 0.02, 0.05, 0.1]}],
    "adamax-tuned": [{"lr": 0.01, "beta1": [0.0, 0.5, 0.9, 0.95, 0.8],
                      "beta2": [0.99, 0.999, 0.999, 0.995, 0.99], "weight_decay": [0, 0.1, 0, 0.5, 0.02]}],
    "adadelta": [{"lr": [0.05, 0.1, 0.2, 0.3, 0.5]}],
    "adadelta-tuned": [{"lr": 1.0, "rho": [0.5, 0.9, 0.95, 0.99, 0.0],
                        "eps": [1e-6, 1e-4, 1e-3, 1e-8, 1e-2], "weight_decay": [0, 0.1, 0, 0.5, 0.02]}],
    "rprop": [{"lr": [0.001, 0.01, 0.05, 0.1, 0.5]}],
    "rprop-tuned": [{"lr": 0.05, "eta_minus": [0.5, 0.3, 0.9, 0.1, 0.6],
                     "eta_plus": [1.2, 1.5, 1.05, 2.0, 1.1],
                     "step_size_min": [1e-6, 1e-4, 0.0, 1e-3, 1e-8],
                     "step_size_max": [50.0, 0.2, 1.0, 0.05, 10.0]}],
    "asgd": [{"lr": [0.01, 0.05, 0.1, 0.2, 0.3]}],
    "asgd-tuned": [{"lr": 0.1, "lambd": [1e-4, 0.01, 0.1, 1.0, 0.0], "alpha": [0.75, 0.5, 1.0, 2.0, 0.1],
                    "weight_decay": [0, 0.1, 0, 0.5, 0.02]}],
}

CHANGING = {
    "adamw": [{"lr": 0.01}, {"lr": [0.002, 0.02, 0.005, 0.03, 0.001],
                             "weight_decay": [0.0, 0.1, 0.5, 0.01, 1.0],
                             "beta1": [0.9, 0.5, 0.0, 0.95, 0.8]}],
    "nadam": [{"lr": 0.01}, {"lr": [0.002, 0.02, 0.005, 0.03, 0.001],
                             "momentum_decay": [0.0, 0.04, 0.4, 0.004, 1.0],
                             "beta1": [0.9, 0.5, 0.0, 0.95, 0.8]}],
    "radam": [{"lr": 0.01}, {"lr": [0.002, 0.02, 0.005, 0.03, 0.001],
                             "beta2": [0.999, 0.99, 0.995, 0.5, 0.0]}],
    "adamax": [{"lr": 0.01}, {"lr": [0.002, 0.02, 0.005, 0.03, 0.001],
                              "beta2": [0.999, 0.99, 0.995, 0.999, 0.99]}],
    "adadelta": [{"lr": 0.5}, {"lr": [0.2, 1.0, 0.1, 0.05, 0.3], "rho": [0.95, 0.5, 0.99, 0.0, 0.8]}],
    # lr acts only on a ball's first step; what changes its course later are the factors.
    "rprop": [{"lr": 0.05}, {"lr": [0.2, 0.5, 0.01, 1.0, 0.002], "eta_plus": [1.5, 1.1, 2.0, 1.3, 1.05],
                             "step_size_max": [0.01, 0.02, 0.005, 0.003, 0.001]}],
    "asgd": [{"lr": 0.05, "lambd": 0.01}, {"lr": [0.01, 0.1, 0.02, 0.2, 0.3],
                                           "lambd": [0.1, 0.0, 0.5, 0.01, 1e-4]}],
}


def optimizer_of(case):
    return case.split("-")[0]


def hyper_schedule(case):
    name = optimizer_of(case)
    if case.endswith("-changing"):
        first, second = CHANGING[name]
        return name, schedule(name, (0, first), (CHANGE_AT[0], second), (CHANGE_AT[1], first))
    return name, schedule(name, *[(0, values) for values in CASES[case]])


def run_reference(name, hyper_at, masks=None):
    return run_scalar_reference(name, hyper_at, masks, REFERENCES)


ALL_RUNS = sorted(CASES) + [f"{n}-changing" for n in sorted(CHANGING)]


@pytest.mark.parametrize("case", ALL_RUNS)
def test_matches_scalar_reference(case):
    name, hyper_at = hyper_schedule(case)
    p, opt = run_optimizer(name, hyper_at)
    np.testing.assert_allclose(p, run_reference(name, hyper_at), rtol=RTOL, atol=0)
    np.testing.assert_array_equal(opt.t, STEPS)
    assert np.all(np.abs(p - STARTS) > 1e-3), "some ball never left its start"


@pytest.mark.parametrize("name", sorted(CHANGING))
def test_changes_mid_run_take_effect_for_every_ball(name):
    _, hyper_at = hyper_schedule(f"{name}-changing")
    soon = CHANGE_AT[0] + 10
    changed, _ = run_optimizer(name, hyper_at, steps=soon)
    steady, _ = run_optimizer(name, schedule(name, (0, CHANGING[name][0])), steps=soon)
    moved = np.abs(changed - steady).max(axis=0)
    assert np.all(moved > 1e-9), "the change had no effect on some ball"


@pytest.mark.parametrize("case", ALL_RUNS)
def test_masks_one_ball_steps_and_grouping_agree_bit_for_bit(case):
    name, hyper_at = hyper_schedule(case)
    rng = np.random.default_rng(3)
    masks = [rng.random(N) < s for s in rng.choice([0.2, 0.5, 0.8, 1.0], STEPS)]
    arrays, floats = optimizer_class(name)(N), optimizer_class(name)(N)
    p, q = STARTS.copy(), STARTS.copy()
    for k in range(STEPS):
        before = p.copy()
        arrays.step(p, grad_np(p), hyper_at(k), masks[k])
        assert same_bits(p[:, ~masks[k]], before[:, ~masks[k]])
        g = grad_np(q)
        for i in np.flatnonzero(masks[k]):
            floats.step_ball(int(i), q, g, hyper_at(k))
        assert same_bits(p, q), f"step {k}"
    np.testing.assert_allclose(p, run_reference(name, hyper_at, masks), rtol=RTOL, atol=0)
    # Each ball alone retraces its path in the group.
    together, _ = run_optimizer(name, hyper_at, steps=200)
    for ball in range(N):
        alone = optimizer_class(name)(1)
        r = STARTS[:, ball:ball + 1].copy()
        for k in range(200):
            alone.step(r, grad_np(r), {key: v[ball:ball + 1] for key, v in hyper_at(k).items()})
        assert same_bits(r[:, 0], together[:, ball]), f"ball {ball}"


TORCH_DEFAULTS = {
    "adamw": {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 1e-2},
    "nadam": {"lr": 2e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0,
              "momentum_decay": 4e-3, "decoupled_weight_decay": 0.0},
    "radam": {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0,
              "decoupled_weight_decay": 0.0},
    "adamax": {"lr": 2e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0},
    "adadelta": {"lr": 1.0, "rho": 0.9, "eps": 1e-6, "weight_decay": 0.0},
    "rprop": {"lr": 1e-2, "eta_minus": 0.5, "eta_plus": 1.2, "step_size_min": 1e-6, "step_size_max": 50.0},
    "asgd": {"lr": 1e-2, "lambd": 1e-4, "alpha": 0.75, "weight_decay": 0.0},
}


def test_registry_defaults_are_torchs():
    assert optimizer_names()[6:] == NEW
    for name in NEW:
        cls = optimizer_class(name)
        assert cls.name == name and cls.title
        assert cls.defaults == TORCH_DEFAULTS[name]
        assert set(cls.ranges) == set(cls.defaults)
        for key, (low, high) in cls.ranges.items():
            assert low <= cls.defaults[key] <= high, (name, key)
    rprop = optimizer_class("rprop").ranges
    assert rprop["eta_minus"][0] > 0 and rprop["eta_minus"][1] < 1 < rprop["eta_plus"][0]


def test_rprop_never_steps_further_than_step_size_max():
    hyper_at = schedule("rprop", (0, {"lr": 1e308, "step_size_max": [50.0, 1.0, 0.1, 2.0, 0.5]}))
    opt = optimizer_class("rprop")(N)
    p = STARTS.copy()
    for k in range(30):
        before = p.copy()
        opt.step(p, grad_np(p), hyper_at(k))
        assert np.all(np.abs(p - before) <= hyper_at(k)["step_size_max"] + 1e-12)
    assert np.all(np.isfinite(p))


# -- optional: the same runs through torch.optim itself ------------------------
# torch's compiled kernels may fuse a multiply and an add (one rounding where
# numpy makes two), so the two agree to the last bit only most of the time.
# Near a minimum Adamax, Adadelta and Rprop keep taking steps of about lr and
# their paths are chaotic: a one-ulp difference there grows to 1e-4 within a
# few hundred steps. So torch is checked step by step: before every step its
# parameter is set to where our ball is, and the step it takes must match
# ours to RTOL. Its optimizer state evolves on its own throughout.
def torch_steps(name, hyper_at):
    torch = pytest.importorskip("torch", reason="torch is not installed")
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)  # ASGD and NAdam keep scalar state in this dtype
    try:
        params = [torch.tensor(STARTS[:, i], dtype=torch.float64) for i in range(N)]

        def group_values(h, i):
            v = {key: float(values[i]) for key, values in h.items()}
            if "beta1" in v:
                v["betas"] = (v.pop("beta1"), v.pop("beta2"))
            if name == "rprop":
                v["etas"] = (v.pop("eta_minus"), v.pop("eta_plus"))
                v["step_sizes"] = (v.pop("step_size_min"), v.pop("step_size_max"))
            if "decoupled_weight_decay" in v:
                v["decoupled_weight_decay"] = bool(v["decoupled_weight_decay"])
            return v

        cls = {"adamw": torch.optim.AdamW, "nadam": torch.optim.NAdam, "radam": torch.optim.RAdam,
               "adamax": torch.optim.Adamax, "adadelta": torch.optim.Adadelta,
               "rprop": torch.optim.Rprop, "asgd": torch.optim.ASGD}[name]
        h0 = hyper_at(0)
        opts = [cls([p], foreach=False, **group_values(h0, i)) for i, p in enumerate(params)]
        ours = optimizer_class(name)(N)
        p = STARTS.copy()
        worst = 0.0
        for k in range(STEPS):
            h = hyper_at(k)
            before = p.copy()
            ours.step(p, grad_np(before), h)
            for i, (opt, tp) in enumerate(zip(opts, params)):
                opt.param_groups[0].update(group_values(h, i))
                with torch.no_grad():
                    tp.copy_(torch.tensor(before[:, i]))
                x, y = (float(v) for v in before[:, i])
                tp.grad = torch.tensor(grad_scalar(x, y), dtype=torch.float64)
                opt.step()
                theirs = tp.detach().numpy()
                scale = np.maximum(np.abs(theirs), 1e-300)
                worst = max(worst, float(np.max(np.abs(p[:, i] - theirs) / scale)))
        return worst
    finally:
        torch.set_default_dtype(previous)


@pytest.mark.parametrize("case", ALL_RUNS)
def test_matches_torch_optim_at_every_step(case):
    name, hyper_at = hyper_schedule(case)
    assert torch_steps(name, hyper_at) <= RTOL
