"""Learning-rate schedules (L0), exactly as torch.optim.lr_scheduler.

One ``Schedule`` per ball, stepped once after each optimizer step as a
training loop steps its scheduler. The rules are torch's own ``get_lr``: the
recursive (chainable) forms where torch uses them (StepLR, MultiStepLR,
ExponentialLR, CosineAnnealingLR, LinearLR: each new rate is computed from the
rate in force, so a rate changed by hand between steps is carried on from),
and the closed form where torch uses one (OneCycleLR, which also cycles the
momentum, or beta1 for the Adam family, unless ``cycle_momentum = 0``).

``SPECS`` lists each kind's constructor arguments with torch's defaults and
what each accepts; a scene's ``[ball.schedule]`` table is checked against it.
Where torch refuses to go on (OneCycleLR past ``total_steps``) the last rate
of the cycle is kept instead, so a ball may run on.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

REQUIRED = object()


@dataclass(frozen=True)
class Arg:
    default: object
    kind: str = "number"        # number | integer | integers | flag | choice
    low: float = -math.inf
    high: float = math.inf
    choices: tuple = ()


POSITIVE = dict(low=math.nextafter(0.0, 1.0))
SPECS: dict[str, dict[str, Arg]] = {
    "steplr": {"step_size": Arg(REQUIRED, "integer", 1, 10**9), "gamma": Arg(0.1, low=0.0, high=10.0)},
    "multisteplr": {"milestones": Arg(REQUIRED, "integers", 1, 10**9),
                    "gamma": Arg(0.1, low=0.0, high=10.0)},
    "exponentiallr": {"gamma": Arg(REQUIRED, low=0.0, high=10.0)},
    "cosineannealinglr": {"T_max": Arg(REQUIRED, "integer", 1, 10**9),
                          "eta_min": Arg(0.0, low=0.0, high=1e3)},
    "linearlr": {"start_factor": Arg(1.0 / 3, high=1.0, **POSITIVE),
                 "end_factor": Arg(1.0, low=0.0, high=1.0),
                 "total_iters": Arg(5, "integer", 1, 10**9)},
    "onecyclelr": {"max_lr": Arg(REQUIRED, high=1e3, **POSITIVE),
                   "total_steps": Arg(None, "integer", 1, 10**9),
                   "epochs": Arg(None, "integer", 1, 10**9),
                   "steps_per_epoch": Arg(None, "integer", 1, 10**9),
                   "pct_start": Arg(0.3, low=0.0, high=1.0),
                   "anneal_strategy": Arg("cos", "choice", choices=("cos", "linear")),
                   "cycle_momentum": Arg(1, "flag"),
                   "base_momentum": Arg(0.85, low=0.0, high=1.0),
                   "max_momentum": Arg(0.95, low=0.0, high=1.0),
                   "div_factor": Arg(25.0, high=1e9, **POSITIVE),
                   "final_div_factor": Arg(1e4, high=1e12, **POSITIVE),
                   "three_phase": Arg(0, "flag")},
}
KINDS = tuple(SPECS)
TITLES = {"steplr": "StepLR", "multisteplr": "MultiStepLR", "exponentiallr": "ExponentialLR",
          "cosineannealinglr": "CosineAnnealingLR", "linearlr": "LinearLR", "onecyclelr": "OneCycleLR"}


class ScheduleError(ValueError):
    """A schedule that torch would refuse; ``key`` names the argument at fault."""

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(f"{key}: {problem}")
        self.key, self.problem = key, problem


class Schedule:
    """One ball's schedule: ``initial`` gives the rate the constructor sets,
    ``next`` the rate after the scheduler's ``epoch``-th step."""

    def __init__(self, kind: str, **args) -> None:
        if kind not in SPECS:
            raise ScheduleError("kind", f"unknown schedule '{kind}' (choose from {', '.join(KINDS)})")
        self.kind = kind
        values = {}
        for key, arg in SPECS[kind].items():
            if key in args:
                values[key] = args[key]
            elif arg.default is REQUIRED:
                raise ScheduleError(key, f"missing (a {TITLES[kind]} needs it)")
            else:
                values[key] = arg.default
        unknown = set(args) - set(SPECS[kind])
        if unknown:
            key = sorted(unknown)[0]
            raise ScheduleError(key, f"unknown argument of {TITLES[kind]} "
                                     f"(allowed: {', '.join(SPECS[kind])})")
        self.args = values
        if kind == "multisteplr":
            self._counts = Counter(int(m) for m in values["milestones"])
        if kind == "onecyclelr":
            self._init_one_cycle(values)

    @property
    def title(self) -> str:
        return TITLES[self.kind]

    # -- the rate -------------------------------------------------------------
    def initial(self, base_lr: float) -> float:
        """The rate in force for the first optimizer step (the constructor's)."""
        if self.kind == "linearlr":
            return base_lr * self.args["start_factor"]
        if self.kind == "onecyclelr":
            return self._one_cycle(0)
        return base_lr

    def next(self, lr: float, epoch: int, base_lr: float) -> float:
        """The rate after the scheduler's ``epoch``-th step (epoch >= 1), from
        the rate ``lr`` in force before it and the rate ``base_lr`` it started from."""
        a, k = self.args, self.kind
        if k == "steplr":
            return lr * a["gamma"] if epoch % a["step_size"] == 0 else lr
        if k == "multisteplr":
            return lr * a["gamma"] ** self._counts[epoch] if epoch in self._counts else lr
        if k == "exponentiallr":
            return lr * a["gamma"]
        if k == "cosineannealinglr":
            t_max, eta_min = a["T_max"], a["eta_min"]
            if (epoch - 1 - t_max) % (2 * t_max) == 0:
                return lr + (base_lr - eta_min) * (1 - math.cos(math.pi / t_max)) / 2
            return ((1 + math.cos(math.pi * epoch / t_max))
                    / (1 + math.cos(math.pi * (epoch - 1) / t_max)) * (lr - eta_min) + eta_min)
        if k == "linearlr":
            start, end, total = a["start_factor"], a["end_factor"], a["total_iters"]
            if epoch > total:
                return lr
            return lr * (1.0 + (end - start) / (total * start + (epoch - 1) * (end - start)))
        return self._one_cycle(epoch)

    def momentum(self, epoch: int) -> float | None:
        """OneCycleLR's momentum (or beta1) for the optimizer step after
        ``epoch`` scheduler steps; None when this schedule leaves it alone."""
        if self.kind != "onecyclelr" or not self.args["cycle_momentum"]:
            return None
        return self._one_cycle(epoch, momentum=True)

    # -- OneCycleLR (closed form) -----------------------------------------------
    def _init_one_cycle(self, a: dict) -> None:
        total = a["total_steps"]
        if total is None:
            if a["epochs"] is None or a["steps_per_epoch"] is None:
                raise ScheduleError("total_steps", "missing (or give epochs and steps_per_epoch)")
            total = a["epochs"] * a["steps_per_epoch"]
        self.total_steps = int(total)
        initial = a["max_lr"] / a["div_factor"]
        low = initial / a["final_div_factor"]
        pct, mx = a["pct_start"], a["max_lr"]
        lo_m, hi_m = a["base_momentum"], a["max_momentum"]
        if a["three_phase"]:
            self._phases = [(float(pct * total) - 1, initial, mx, hi_m, lo_m),
                            (float(2 * pct * total) - 2, mx, initial, lo_m, hi_m),
                            (total - 1, initial, low, hi_m, hi_m)]
        else:
            self._phases = [(float(pct * total) - 1, initial, mx, hi_m, lo_m),
                            (total - 1, mx, low, lo_m, hi_m)]

    def _one_cycle(self, epoch: int, momentum: bool = False) -> float:
        # torch raises past total_steps; a ball runs on with the cycle's last value.
        step = min(epoch, self.total_steps - 1)
        start_step = 0.0
        for i, (end_step, lr0, lr1, m0, m1) in enumerate(self._phases):
            if step <= end_step or i == len(self._phases) - 1:
                pct = (step - start_step) / (end_step - start_step)
                return self._anneal(m0, m1, pct) if momentum else self._anneal(lr0, lr1, pct)
            start_step = end_step
        raise AssertionError("unreachable")

    def _anneal(self, start: float, end: float, pct: float) -> float:
        if self.args["anneal_strategy"] == "cos":
            return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)
        return (end - start) * pct + start


def parse_schedule(table: dict) -> Schedule:
    """A schedule from a scene's ``[ball.schedule]`` table; a ScheduleError
    names the key at fault."""
    kind = table.get("kind")
    if not isinstance(kind, str):
        raise ScheduleError("kind", f"missing or not a string (choose from {', '.join(KINDS)})")
    if kind not in SPECS:
        raise ScheduleError("kind", f"unknown schedule '{kind}' (choose from {', '.join(KINDS)})")
    args = {}
    for key, value in table.items():
        if key == "kind":
            continue
        arg = SPECS[kind].get(key)
        if arg is None:
            raise ScheduleError(key, f"unknown argument of {TITLES[kind]} (allowed: {', '.join(SPECS[kind])})")
        args[key] = _checked(key, arg, value)
    return Schedule(kind, **args)


def _checked(key: str, arg: Arg, value):
    def number(v, integer):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or (integer and not isinstance(v, int)):
            raise ScheduleError(key, f"must be a {'whole number' if integer else 'number'}, got {v!r}")
        if not (math.isfinite(v) and arg.low <= v <= arg.high):
            raise ScheduleError(key, f"must be between {arg.low:g} and {arg.high:g}, got {v!r}")
        return int(v) if integer else float(v)

    if arg.kind == "integers":
        if not isinstance(value, list) or not value:
            raise ScheduleError(key, f"must be a list of whole numbers, got {value!r}")
        return [number(v, True) for v in value]
    if arg.kind == "choice":
        if value not in arg.choices:
            raise ScheduleError(key, f"must be one of {', '.join(map(repr, arg.choices))}, got {value!r}")
        return value
    if arg.kind == "flag":
        if value not in (0, 1) or isinstance(value, float):
            raise ScheduleError(key, f"must be 0 or 1 (or true/false), got {value!r}")
        return int(value)
    return number(value, arg.kind == "integer")


#: The schedules the window offers, with arguments suited to a run of a few
#: hundred steps; index 0 is a constant rate. OneCycleLR peaks at the ball's rate.
PRESETS: tuple[tuple[str, str, dict], ...] = (
    ("constant", "", {}),
    ("step", "steplr", {"step_size": 30, "gamma": 0.5}),
    ("exponential", "exponentiallr", {"gamma": 0.98}),
    ("cosine", "cosineannealinglr", {"T_max": 100}),
    ("warm-up", "linearlr", {"start_factor": 0.1, "total_iters": 20}),
    ("one cycle", "onecyclelr", {"total_steps": 100}),
)


def preset_schedule(index: int, base_lr: float) -> Schedule | None:
    """The window's schedule number ``index`` for a ball whose rate is ``base_lr``."""
    _, kind, args = PRESETS[min(max(int(index), 0), len(PRESETS) - 1)]
    if not kind:
        return None
    if kind == "onecyclelr":
        args = {**args, "max_lr": base_lr}
    return Schedule(kind, **args)


def preset_index(schedule: Schedule | None) -> int:
    """Which preset ``schedule`` is of the same kind as (0: none)."""
    if schedule is None:
        return 0
    return next((i for i, (_, kind, _) in enumerate(PRESETS) if kind == schedule.kind), 0)
