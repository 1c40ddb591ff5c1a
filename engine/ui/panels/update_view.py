"""The "update" teaching view (L1): the selected ball's last step written
out as arithmetic with its real numbers, in its optimizer's own form.

    SGD        x: 1.200 − 0.050 × 3.10 = 1.045
    Momentum   v: 0.90 × 2.00 + 3.10 = 4.90    x: 1.200 − 0.050 × 4.90 = 0.955
    Adam       m̂ = 2.10, v̂ = 4.41: x: 1.200 − 0.080 × 2.10 / (√4.41 + ε) = 1.120

Each line reads from the simulation: the position before the step (θk), the
gradient there, the optimizer's memory, and the position after (θk+1).
"""

from __future__ import annotations


from engine.maths.optim import optimizer_class
from engine.model.status import Status
from engine.ui.actions import format_number
from engine.support.i18n import _


def _n(value: float, digits: int = 4) -> str:
    return format_number(float(value), digits)


def update_lines(sim, i: int) -> list[str]:
    """Lines of arithmetic for ball ``i``'s last step (one block per axis)."""
    if int(sim.steps[i]) == 0:
        return [_("No step yet: press Play or Step.")]
    if int(sim.status[i]) != Status.RUNNING:
        return [_("Stopped: no step to show. Change a setting to set it going.")]
    name = sim.kind[i]
    h = sim.hyper_of(i)
    axes = ("x", "y") if sim.surface.dims == 2 else ("x",)
    opt = sim._opts[name]
    lr = h["lr"]
    lines = [_("{optimizer}, learning rate {lr}, step {step}:").format(
        optimizer=_(optimizer_class(name).title), lr=_n(lr, 2), step=int(sim.steps[i]))]
    for d, axis in enumerate(axes):
        before, after = float(sim.prev_pos[d, i]), float(sim.pos[d, i])
        g = float(sim.grad[d, i])
        mu = h.get("momentum", 0.0)
        if name in ("sgd", "momentum") and mu == 0:
            lines.append(f"{axis}: {_n(before)} − {_n(lr, 2)} × {_n(g, 4)} = {_n(after)}")
        elif name in ("sgd", "momentum"):
            buf = float(opt.buf[d, i])
            previous = (buf - g * (1.0 - h.get("dampening", 0.0))) / mu
            lines.append(f"v{axis}: {_n(mu, 2)} × {_n(previous, 4)} + {_n(g, 4)} = {_n(buf, 4)}   "
                         + _("(velocity)"))
            lines.append(f"{axis}: {_n(before)} − {_n(lr, 2)} × {_n(buf, 4)} = {_n(after)}")
        elif name == "adam":
            m_hat = float(opt.grad_sum[d, i]) * float(opt.one_minus_beta1[i]) / (1.0 - float(opt.beta1_power[i]))
            v_hat = float(opt.square_sum[d, i]) * float(opt.one_minus_beta2[i]) / (1.0 - float(opt.beta2_power[i]))
            lines.append(f"{axis}: " + _("mean gradient m̂ = {m}, mean square v̂ = {v}").format(
                m=_n(m_hat, 4), v=_n(v_hat, 4)))
            lines.append(f"{axis}: {_n(before)} − {_n(lr, 2)} × {_n(m_hat, 4)} / (√{_n(v_hat, 4)} + ε) = {_n(after)}")
        else:
            lines.append(f"{axis}: {_n(before)} − {_n(before - after, 4)} = {_n(after)}   "
                         + _("(gradient {g}, scaled by its memory)").format(g=_n(g, 4)))
    return lines
