"""Command-line overrides of a scene (L1), as one typed value.

The shell builds an ``Overrides`` once from the parsed options
(``Overrides.from_options``); every command applies it to the scene it loads
the same way, so ``trace``, ``render``, ``record`` and the window agree on
what ``--lr 0.3 --start -1,2`` means.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from engine.maths.optim import optimizer_class, optimizer_names
from engine.maths.surfaces import surface_class, surface_names
from engine.model.scene import (Scene, SceneError, load_scene, make_formula_surface,
                                parse_ball_table)
from engine.maths.formula import FormulaError
from engine.maths.surfaces.formula_surface import DEFAULT_DOMAIN, check_domain
from engine.model.settings import SettingError, check as check_setting
from engine.support.errors import UsageError


def scene_with_formula(scene: Scene, text: str, domain=None, keep_starts: bool = False) -> Scene:
    """A copy of ``scene`` on the landscape of formula ``text`` (raises
    ``FormulaError``), with words that speak of it; starts outside its
    domain become random ones unless ``keep_starts`` (then they are errors)."""
    surface = make_formula_surface(text, check_domain(domain or DEFAULT_DOMAIN))
    new = copy.deepcopy(scene)
    new.formula, new.domain = text, surface.domain
    new.surface_name, new.surface_params = "formula", {}
    if surface.dims == 1:  # a curve is read side on, as in the learning-rate lesson
        new.camera = {"yaw": 0.0, "pitch": 10.0, "distance": 3.0}
    new.title = surface.title
    new.caption = ("What you're seeing: a ball rolling downhill on your own formula. "
                   "Try: tap the landscape to drop the ball somewhere else.")
    lo, hi = surface.domain
    for ball in new.balls:
        if ball.start is not None and not keep_starts:
            x, y = ball.start
            inside = lo <= x <= hi and (surface.dims == 1 or lo <= y <= hi)
            ball.start = (x, 0.0 if surface.dims == 1 else y) if inside else None
    return new


#: Colours of balls given with --ball, in order (those of the built-in scenes).
BALL_COLOURS = ("#d42a1e", "#3d8bfd", "#2fbf71", "#ff8a2a", "#b05cff", "#f2c14e", "#17becf", "#e377c2")


def parse_ball_option(text: str, index: int):
    """``--ball "adam lr=0.05 start=1,2 batch_size=16 label=Fast"`` as a ball
    (its values are checked against the landscape like a scene file's)."""
    words = text.split()
    if not words:
        raise UsageError("--ball: give an optimizer, e.g. --ball \"adam lr=0.05\"")
    table: dict = {"optimizer": words[0], "colour": BALL_COLOURS[index % len(BALL_COLOURS)]}
    for word in words[1:]:
        key, sep, value = word.partition("=")
        if not sep or not value:
            raise UsageError(f"--ball \"{text}\": '{word}' is not key=value")
        if key == "start":
            table[key] = "random" if value == "random" else [_number(text, v) for v in value.split(",")]
        elif key in ("label", "colour"):
            table[key] = value.replace("_", " ") if key == "label" else value
        elif key == "batch_size":
            table[key] = int(_number(text, value)) if _number(text, value).is_integer() else value
        else:
            table[key] = _number(text, value)
    return table


def _number(text: str, value: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise UsageError(f"--ball \"{text}\": '{value}' is not a number") from None


@dataclass(frozen=True)
class Overrides:
    """What the command line changes in a scene; ``None`` leaves it be."""
    scene: str = "default"
    surface: str | None = None
    optimizer: str | None = None
    lr: float | None = None
    momentum: float | None = None
    noise: float | None = None
    start: tuple[float, float] | None = None
    seed: int | None = None
    show: tuple[str, ...] = ()
    hide: tuple[str, ...] = ()
    # -- a teacher's own landscape --
    formula: str | None = None
    domain: tuple[float, float] | None = None
    batch_size: int | None = None
    ball: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Each ball's setting against the one table of settings, refused as
        # a scene file's or the typed entry's value is.
        for flag in ("lr", "momentum", "noise"):
            value = getattr(self, flag)
            if value is not None:
                _checked(f"--{flag}", flag, value)

    @classmethod
    def from_options(cls, options) -> "Overrides":
        """The overrides named by parsed options (an ``argparse.Namespace``;
        options a command does not have are left as they are)."""
        values = {name: getattr(options, name, None) for name in cls.__dataclass_fields__}
        values["scene"] = values["scene"] or "default"
        values["show"] = tuple(values["show"] or ())
        values["hide"] = tuple(values["hide"] or ())
        values["ball"] = tuple(values["ball"] or ())
        return cls(**values)

    def load(self) -> Scene:
        """Load the scene and apply the overrides, checking each against it."""
        try:
            scene = load_scene(self.scene)
        except SceneError as exc:
            raise UsageError(str(exc)) from None
        return self.apply(scene)

    def apply(self, scene: Scene) -> Scene:
        if self.surface:
            if self.surface not in surface_names():
                raise UsageError(f"--surface: unknown landscape '{self.surface}' "
                                 f"(choose from {', '.join(surface_names())})")
            scene.surface_name, scene.surface_params = self.surface, {}
            scene.formula, scene.domain = None, None
        surface_cls = self._apply_formula(scene)
        if self.ball:
            surface = surface_cls if not isinstance(surface_cls, type) else scene.make_surface()
            balls = []
            for i, text in enumerate(self.ball):
                try:
                    balls.append(parse_ball_table(parse_ball_option(text, i), surface,
                                                  f"--ball \"{text}\""))
                except SceneError as exc:
                    raise UsageError(str(exc)) from None
            scene.balls = balls
        if self.optimizer:
            if self.optimizer not in optimizer_names():
                raise UsageError(f"--optimizer: unknown optimizer '{self.optimizer}' "
                                 f"(choose from {', '.join(optimizer_names())})")
            for ball in scene.balls:
                keep = optimizer_class(self.optimizer).defaults
                ball.hyper = {k: v for k, v in ball.hyper.items() if k in keep}
                ball.optimizer = self.optimizer
                ball.label = ""
        for flag in ("lr", "momentum"):
            value = getattr(self, flag)
            if value is None:
                continue
            for ball in scene.balls:
                if flag not in optimizer_class(ball.optimizer).defaults:
                    raise UsageError(f"--{flag}: optimizer '{ball.optimizer}' has no {flag}")
                ball.hyper[flag] = value
        if self.noise is not None:
            for ball in scene.balls:
                ball.noise = self.noise
        if self.lr is not None and scene.lesson.lr_range is not None:
            _checked("--lr", "lr", self.lr, lesson_range=scene.lesson.lr_range)
        if self.start:
            for ball in scene.balls:
                ball.start = self.start
        lo, hi = surface_cls.domain
        for i, ball in enumerate(scene.balls):
            if ball.start is None:
                continue
            x, y = ball.start
            if surface_cls.dims == 1:
                y = 0.0
                ball.start = (x, y)
            if not (lo <= x <= hi and (surface_cls.dims == 1 or lo <= y <= hi)):
                where = "--start" if self.start else f"ball {i}'s start"
                raise UsageError(f"{where}: ({x:g}, {y:g}) is outside the landscape "
                                 f"'{scene.formula or scene.surface_name}' domain [{lo:g}, {hi:g}]")
        if self.batch_size is not None:
            n = getattr(surface_cls, "n_samples", 0) if not isinstance(surface_cls, type) else 0
            n = n or getattr(scene.make_surface(), "n_samples", 0)
            if not n:
                raise UsageError("--batch-size: only a data landscape (galton, iris) has samples to batch")
            if self.batch_size > n:
                raise UsageError(f"--batch-size: {self.batch_size} is more than the {n} samples")
            for ball in scene.balls:
                ball.batch_size = self.batch_size
        if self.seed is not None:
            scene.seed = self.seed
        for name in self.show:
            scene.views[name] = True
        for name in self.hide:
            scene.views[name] = False
        return scene

    def _apply_formula(self, scene: Scene):
        """Apply --formula and --domain; returns the landscape (or its class)."""
        if self.formula is not None and self.surface:
            raise UsageError("--formula: give either --formula or --surface, not both")
        if self.domain is not None and self.formula is None and scene.formula is None:
            raise UsageError("--domain: only a formula landscape has a domain to change "
                             "(add --formula \"...\")")
        if self.formula is None and self.domain is None:
            if scene.formula is None:
                return surface_class(scene.surface_name)
            return scene.make_surface()
        text = self.formula if self.formula is not None else scene.formula
        domain = self.domain or (scene.domain if self.formula is None else None) or DEFAULT_DOMAIN
        try:
            if self.formula is None:  # only the domain changes: the scene's words stay
                surface = make_formula_surface(text, check_domain(domain))
                scene.formula, scene.domain = text, surface.domain
                return surface
            changed = scene_with_formula(scene, text, domain, keep_starts=True)
        except FormulaError as exc:
            raise UsageError(f"--{exc}") from None
        scene.__dict__.update(changed.__dict__)
        return changed.make_surface()


def _checked(where: str, name: str, value, **limits):
    try:
        return check_setting(name, value, **limits)
    except SettingError as exc:
        raise UsageError(exc.at(where)) from None
