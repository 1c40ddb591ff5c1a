"""A ball's settings (L1): one table, one frozen value per ball, one check.

``SETTINGS`` is the one table of everything a user can set on a ball: the
optimizer's hyper-parameters (torch.optim's names), the gradient noise, the
learning-rate schedule and the mini-batch size. Each row says the setting's
name, its type, the range it accepts, its default, which optimizers use it,
the words that label it on screen and how a slider runs over it. The command
line (``--lr``, ``--momentum``, ``--noise``, ``--ball``), scene files, the
control dock, the typed entry, the advanced panel, a lesson's ``lr_range``
and the README's table of settings (engine/model/settings_readme.py) all
read it.

``check`` is the one test of a value against its row: a value outside the
range is refused with a ``SettingError`` whose text is one line naming the
setting and its range (``lr: must be between 0.0001 and 10, got 500``), the
same wherever the value came from; the caller only says where (``--lr``,
``my.toml: ball[0].lr``, the typed entry's label).

``BallSettings`` is one ball's settings as a frozen value: the simulation
owns one per ball and every change makes a new one (``dataclasses.replace``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from engine.maths.optim import optimizer_class, optimizer_names
from engine.maths.schedules import PRESETS, Schedule, preset_index
from engine.support.i18n import N_

FLOAT, INT, BOOL, CHOICE = "float", "int", "bool", "choice"
#: Every optimizer; a row whose ``optimizers`` is EVERY is the ball's own
#: (noise, schedule, batch size), not an optimizer's.
EVERY = ()

_ALL = tuple(optimizer_names())
_SGD = ("sgd", "momentum", "nesterov")
_ADAM = ("adam", "adamw", "nadam", "radam", "adamax")


def _all_but(*names: str) -> tuple[str, ...]:
    return tuple(name for name in _ALL if name not in names)


@dataclass(frozen=True)
class Setting:
    """One row of the table.

    ``low``/``high`` are the range a value must lie in (an open end, where
    ``low_open``/``high_open``, excludes the bound itself). ``slider`` is the
    part of it a slider runs over where that is narrower (what is worth
    trying; a value beyond it is still shown as it is), ``scale`` how:
    linear, log, log_off (a log scale whose left end is 0, "off"),
    one_minus_log (1 − value on a log scale: 0.9, 0.99, 0.999 get equal
    room), switch or choice.
    """

    name: str
    kind: str
    low: float
    high: float
    label: str
    optimizers: tuple[str, ...] = EVERY
    low_open: bool = False
    high_open: bool = False
    scale: str = "linear"
    slider: tuple[float, float] | None = None
    #: The default where it is not the optimizer's own (torch's).
    own_default: object = None
    choices: tuple[str, ...] = ()
    #: What the README adds about it (English, for the table).
    note: str = ""

    # -- the range ------------------------------------------------------------------
    @property
    def range(self) -> tuple[float, float]:
        return self.low, self.high

    @property
    def slider_range(self) -> tuple[float, float]:
        return self.slider or self.range

    @property
    def fixed(self) -> bool:
        """One value only (Nesterov's dampening): nothing to set."""
        return self.kind != CHOICE and self.low == self.high

    def accepts(self, value: float) -> bool:
        if not (isinstance(value, (int, float)) and math.isfinite(value)):
            return False
        above = value > self.low if self.low_open else value >= self.low
        below = value < self.high if self.high_open else value <= self.high
        return above and below

    def range_words(self, low: float | None = None, high: float | None = None) -> str:
        """The range as the refusal says it: "between 0.0001 and 10", "at
        least 0 and less than 1"."""
        low = self.low if low is None else low
        high = self.high if high is None else high
        if self.kind == BOOL:
            return "0 or 1 (or true/false)"
        if self.kind == CHOICE:
            return f"a whole number from 0 to {len(self.choices) - 1} ({', '.join(self.choices)})"
        if low == high:
            return f"{low:g}"
        if math.isinf(high):
            return f"at least {low:g}"
        if not self.low_open and not self.high_open:
            return f"between {low:g} and {high:g}"
        first = f"more than {low:g}" if self.low_open else f"at least {low:g}"
        second = f"less than {high:g}" if self.high_open else f"at most {high:g}"
        return f"{first} and {second}"

    # -- defaults and users ---------------------------------------------------------
    @property
    def per_ball(self) -> bool:
        """The ball's own setting, whatever its optimizer (noise, schedule, batch size)."""
        return self.optimizers == EVERY

    def used_by(self) -> tuple[str, ...]:
        return tuple(optimizer_names()) if self.per_ball else self.optimizers

    def default_for(self, optimizer: str):
        if self.per_ball:
            return self.own_default
        return optimizer_class(optimizer).defaults[self.name]

    def value_of(self, text_or_value):
        """A choice given by name as its index; anything else as it is."""
        if self.kind == CHOICE and isinstance(text_or_value, str) and text_or_value in self.choices:
            return self.choices.index(text_or_value)
        return text_or_value


def _row(name, kind, low, high, label, optimizers=EVERY, **more) -> Setting:
    return Setting(name, kind, float(low), float(high), label, tuple(optimizers), **more)


#: The table. Ranges are what the product accepts, inside what each
#: optimizer's update rule takes (engine/maths/optim); sliders run over the
#: ranges or, where marked, over the part worth trying.
SETTINGS: tuple[Setting, ...] = (
    # The learning rate: one range for the dock's slider, the typed entry,
    # the command line and scene files (a lesson may narrow it).
    _row("lr", FLOAT, 1e-4, 10.0, N_("Learning rate"), _ALL, scale="log",
         note="the dock's slider (log scale), its − / +, or `L` and type it; a lesson's `lr_range` may narrow it"),
    _row("momentum", FLOAT, 0.0, 1.0, N_("Momentum"), _SGD + ("rmsprop",), high_open=True,
         slider=(0.0, 0.99), note="the dock's slider for momentum and nesterov, else the advanced panel"),
    _row("dampening", FLOAT, 0.0, 1.0, N_("Dampening"), ("sgd", "momentum"), slider=(0.0, 0.99)),
    _row("dampening", FLOAT, 0.0, 0.0, N_("Dampening"), ("nesterov",), note="Nesterov takes none"),
    _row("beta1", FLOAT, 0.0, 1.0, N_("β₁  momentum"), _ADAM, high_open=True, scale="one_minus_log",
         slider=(0.0, 0.999)),
    _row("beta2", FLOAT, 0.0, 1.0, N_("β₂  gradient scale memory"), _ADAM, high_open=True,
         scale="one_minus_log", slider=(0.9, 0.9999)),
    _row("alpha", FLOAT, 0.0, 1.0, N_("α  gradient scale memory"), ("rmsprop",), scale="one_minus_log",
         slider=(0.5, 0.9999)),
    _row("alpha", FLOAT, 0.0, 10.0, N_("α  how fast the step shrinks"), ("asgd",), slider=(0.0, 2.0)),
    _row("eps", FLOAT, 0.0, 1.0, N_("ε  keeps steps finite"), _all_but(*_SGD, "rprop", "asgd"),
         low_open=True, scale="log", slider=(1e-12, 1e-1)),
    _row("centered", BOOL, 0.0, 1.0, N_("Centered"), ("rmsprop",), scale="switch"),
    _row("lr_decay", FLOAT, 0.0, 1e3, N_("Learning-rate decay"), ("adagrad",), scale="log_off",
         slider=(1e-5, 1.0)),
    _row("initial_accumulator_value", FLOAT, 0.0, 1e3, N_("Initial accumulator"), ("adagrad",),
         scale="log_off", slider=(1e-3, 10.0)),
    _row("weight_decay", FLOAT, 0.0, 1e3, N_("Weight decay"), _all_but("rprop"), scale="log_off", slider=(1e-4, 1.0)),
    _row("momentum_decay", FLOAT, 0.0, 1e3, N_("ψ  momentum warm-up"), ("nadam",), scale="log_off",
         slider=(1e-4, 1.0)),
    _row("decoupled_weight_decay", BOOL, 0.0, 1.0, N_("Decoupled weight decay"), ("nadam", "radam"),
         scale="switch"),
    _row("rho", FLOAT, 0.0, 1.0, N_("ρ  step-size memory"), ("adadelta",), scale="one_minus_log",
         slider=(0.5, 0.999)),
    _row("eta_minus", FLOAT, 0.0, 1.0, N_("η₋  shrink when the sign flips"), ("rprop",), low_open=True,
         high_open=True, slider=(0.05, 0.95)),
    _row("eta_plus", FLOAT, 1.0, 1e3, N_("η₊  grow while the sign holds"), ("rprop",), low_open=True,
         slider=(1.01, 3.0)),
    _row("step_size_min", FLOAT, 0.0, 1e3, N_("Smallest step"), ("rprop",), scale="log_off",
         slider=(1e-8, 0.1)),
    _row("step_size_max", FLOAT, 0.0, 1e6, N_("Largest step"), ("rprop",), low_open=True, scale="log",
         slider=(1e-3, 100.0)),
    _row("lambd", FLOAT, 0.0, 1e3, N_("λ  pull towards 0"), ("asgd",), scale="log_off", slider=(1e-6, 1.0)),
    # The ball's own, whatever its optimizer.
    _row("noise", FLOAT, 0.0, 1e3, N_("Gradient noise σ"), scale="log_off", slider=(1e-3, 10.0),
         own_default=0.0, note="each step's gradient plus σ times a standard normal; `--noise`"),
    _row("schedule", CHOICE, 0, len(PRESETS) - 1, N_("Schedule"), scale="choice", own_default=0,
         choices=tuple(name for name, _kind, _args in PRESETS),
         note="the advanced panel's presets; a scene file gives any `[ball.schedule]` table"),
    _row("batch_size", INT, 0, math.inf, N_("Batch size (samples per step)"), scale="log", own_default=0,
         note="on a data landscape only, at most its samples; 0 is all of them; `--batch-size`"),
)

_BY_KEY: dict[tuple[str, str | None], Setting] = {}
for _setting in SETTINGS:
    for _name in _setting.used_by():
        _BY_KEY.setdefault((_setting.name, _name), _setting)
    _BY_KEY.setdefault((_setting.name, None), _setting)
#: The names, in the table's order, each once.
NAMES: tuple[str, ...] = tuple(dict.fromkeys(s.name for s in SETTINGS))


def setting(name: str, optimizer: str | None = None) -> Setting:
    """The row for ``name`` as ``optimizer`` uses it (None: its first row).
    KeyError when that optimizer has no such setting."""
    return _BY_KEY[(name, optimizer)]


def has_setting(name: str, optimizer: str | None = None) -> bool:
    return (name, optimizer) in _BY_KEY


def rows_of(optimizer: str) -> list[Setting]:
    """The settings a ball under ``optimizer`` has, its optimizer's first."""
    return [s for (name, opt), s in _BY_KEY.items() if opt == optimizer]


# -- the check -------------------------------------------------------------------------
class SettingError(ValueError):
    """A value a setting does not accept. ``problem`` is the English words
    after "where: " (``must be between 0.0001 and 10, got 500``); ``str()``
    puts the setting's name before them."""

    def __init__(self, name: str, problem: str, value=None, low: float | None = None,
                 high: float | None = None, lesson: bool = False) -> None:
        super().__init__(f"{name}: {problem}")
        self.name, self.problem, self.value = name, problem, value
        self.low, self.high, self.lesson = low, high, lesson

    def at(self, where: str) -> str:
        """The one line, naming where the value came from (``--lr``,
        ``my.toml: ball[0].lr``)."""
        return f"{where}: {self.problem}"


def describe(value) -> str:
    """A value's type in a refusal's words."""
    names = {str: "a string", bool: "true/false", int: "a whole number", float: "a number",
             list: "a list", dict: "a table"}
    return names.get(type(value), type(value).__name__)


def check(name: str, value, optimizer: str | None = None,
          lesson_range: tuple[float, float] | None = None, high: float | None = None):
    """``value`` as setting ``name`` holds it (a float; an int for a whole
    number or a choice's index), or a SettingError naming the setting and
    its range. ``lesson_range`` narrows the learning rate (a lesson's
    ``lr_range``); ``high`` is the top of a range that depends on the
    landscape (the batch size's samples)."""
    try:
        row = setting(name, optimizer)
    except KeyError:
        where = f" for {optimizer}" if optimizer else ""
        raise SettingError(name, f"no such setting{where}", value) from None
    value = row.value_of(value)
    if isinstance(value, bool):
        if row.kind != BOOL:
            raise SettingError(name, f"must be a number, got {describe(value)}", value)
        value = int(value)
    if not isinstance(value, (int, float)):
        wanted = "a whole number" if row.kind in (INT, CHOICE) else "a number"
        if row.kind == CHOICE:
            wanted = "one of " + ", ".join(row.choices)
        raise SettingError(name, f"must be {wanted}, got {describe(value)}", value)
    top = row.high if high is None else float(high)
    if row.kind in (INT, CHOICE, BOOL):
        if row.kind == INT and not (math.isfinite(value) and float(value).is_integer()):
            raise SettingError(name, f"must be a whole number, got {_shown(value)}", value)
        whole = math.isfinite(value) and float(value).is_integer()
        if not whole or not row.low <= value <= top:
            raise SettingError(name, f"must be {row.range_words(high=top)}, got {_shown(value)}",
                               value, row.low, top)
        value = int(value)
        return float(value) if row.kind == BOOL else value
    value = float(value)
    if not row.accepts(value):
        problem = f"must be {row.range_words()}, got {_shown(value)}"
        if value <= 0 < row.low or (value <= 0 == row.low and row.low_open):
            problem += " (it must be a positive number)"
        raise SettingError(name, problem, value, row.low, row.high)
    if lesson_range is not None:
        low, high_ = lesson_range
        if not low <= value <= high_:
            raise SettingError(name, f"{_shown(value)} is outside the lesson's lr_range "
                                     f"[{low:g}, {high_:g}]", value, low, high_, lesson=True)
    return value


def allowed_range(name: str, optimizer: str | None = None,
                  lesson_range: tuple[float, float] | None = None) -> tuple[float, float]:
    """The values a control may offer: the setting's slider range, narrowed
    by a lesson's ``lr_range``."""
    low, high = setting(name, optimizer).slider_range
    if lesson_range is not None and name == "lr":
        low, high = max(low, lesson_range[0]), min(high, lesson_range[1])
    return low, high


def _shown(value) -> str:
    return f"{value:g}" if isinstance(value, (int, float)) else repr(value)


# -- one ball's settings -------------------------------------------------------------
class Values(Mapping):
    """A read-only mapping of hyper-parameter names to floats (hashable,
    copyable): the hyper-parameters of one ball's settings."""

    __slots__ = ("_pairs", "_index")

    def __init__(self, pairs=()) -> None:
        items = pairs.items() if isinstance(pairs, Mapping) else pairs
        self._pairs = tuple((str(k), float(v)) for k, v in items)
        self._index = dict(self._pairs)

    def __getitem__(self, key: str) -> float:
        return self._index[key]

    def __iter__(self):
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._pairs)

    def __hash__(self) -> int:
        return hash(self._pairs)

    def __repr__(self) -> str:
        return f"Values({self._index!r})"

    def __reduce__(self):
        return (Values, (self._pairs,))

    def with_value(self, key: str, value: float) -> "Values":
        return Values({**self._index, key: float(value)})


@dataclass(frozen=True)
class BallSettings:
    """What one ball is set to: its optimizer with every hyper-parameter
    that optimizer takes, its gradient noise σ, its schedule (None: a
    constant rate) and its batch size (0: every sample). Frozen: a change
    is a new value (``with_value``)."""

    optimizer: str = "sgd"
    hyper: Values = field(default_factory=Values)
    noise: float = 0.0
    schedule: Schedule | None = None
    batch_size: int = 0

    @classmethod
    def of(cls, optimizer: str, given: Mapping | None = None, noise: float = 0.0,
           schedule: Schedule | None = None, batch_size: int = 0) -> "BallSettings":
        """The optimizer's defaults (torch's) with ``given`` over them."""
        defaults = optimizer_class(optimizer).defaults
        given = given or {}
        hyper = Values({key: given.get(key, default) for key, default in defaults.items()})
        return cls(optimizer, hyper, float(noise), schedule, int(batch_size))

    def get(self, name: str):
        """A setting's value by its name in the table (the schedule as the
        index of its preset; None where this ball has no such setting)."""
        if name == "noise":
            return self.noise
        if name == "schedule":
            return preset_index(self.schedule)
        if name == "batch_size":
            return self.batch_size
        return self.hyper.get(name)

    def with_value(self, name: str, value) -> "BallSettings":
        """A new value with one hyper-parameter, the noise or the batch size
        changed (a schedule is given as itself: ``with_schedule``)."""
        if name == "noise":
            return replace(self, noise=float(value))
        if name == "batch_size":
            return replace(self, batch_size=int(value))
        if name not in self.hyper:
            return self
        return replace(self, hyper=self.hyper.with_value(name, value))

    def with_schedule(self, schedule: Schedule | None) -> "BallSettings":
        return replace(self, schedule=schedule)
