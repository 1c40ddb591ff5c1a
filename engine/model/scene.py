"""Scene files (L1): TOML read with tomllib, validated key by key.

Every problem a user can cause is reported as a ``SceneError`` whose text is
one line naming the file, the key and the problem.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field
from pathlib import Path

from engine.maths.optim import optimizer_class, optimizer_names
from engine.maths.schedules import ScheduleError, parse_schedule
from engine.model.ball_extras import momentum_key
from engine.support.errors import quoted
from engine.support.files import UserFileError, path_problem, read_toml
from engine.support.resources import resource_dir
from engine.support import i18n
from engine.model.settings import SettingError, check as check_setting, setting
from engine.model.balls import BallSpec
from engine.model.simulation import Simulation
from engine.model.views import DEFAULT_VIEWS, VIEW_NAMES
from engine.model.lesson import LR_SLIDER_RANGE, Lesson, parse_lesson
from engine.maths.surfaces import surface_class, surface_names
from engine.maths.formula import FormulaError
from engine.maths.surfaces.formula_surface import DEFAULT_DOMAIN, FormulaSurface, check_domain


class SceneError(ValueError):
    """A scene file that cannot be used; str() is the one-line message."""


DEFAULT_CAMERA = {"yaw": -35.0, "pitch": 35.0, "distance": 3.4}
CAMERA_RANGES = {"yaw": (-360.0, 360.0), "pitch": (5.0, 89.0), "distance": (1.0, 20.0)}
BALL_KEYS = {"optimizer", "start", "colour", "label", "noise", "schedule", "batch_size"}
TOP_KEYS = {"title", "caption", "seed", "steps_per_second", "landscape", "camera", "ball", "show",
            "lesson"}


@dataclass
class Scene:
    name: str
    source: str
    title: str = ""
    caption: str = ""
    seed: int = 0
    steps_per_second: float = 30.0
    surface_name: str = "saddle"
    surface_params: dict[str, float] = field(default_factory=dict)
    camera: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_CAMERA))
    balls: list[BallSpec] = field(default_factory=list)
    #: Which teaching views start switched on (see ``[show]`` in the README).
    views: dict[str, bool] = field(default_factory=lambda: dict(DEFAULT_VIEWS))
    # -- a teacher's formula landscape (replaces surface_name when set) --
    formula: str | None = None
    domain: tuple[float, float] | None = None
    #: Which controls a learner gets, and captions for the lesson's moments.
    lesson: Lesson = field(default_factory=Lesson)
    #: Title and caption per language (``caption.fr = "..."``); ``title`` and
    #: ``caption`` above are the English ones.
    titles: dict[str, str] = field(default_factory=dict)
    captions: dict[str, str] = field(default_factory=dict)
    #: Each ball's label per language (``label.fr = "..."`` in its [[ball]]).
    ball_labels: list[dict[str, str]] = field(default_factory=list)

    def label_shown(self, index: int, label: str) -> str:
        """A ball's label in the language on screen: the scene's own
        translation while the label is still the scene's, else the catalog's
        word for it (an optimizer's name), else the label as it is."""
        texts = self.ball_labels[index] if 0 <= index < len(self.ball_labels) else {}
        language = i18n.current_language()
        if label == texts.get(i18n.DEFAULT) and texts.get(language):
            return texts[language]
        return i18n._(label) if label else label

    def title_shown(self) -> str:
        """The title in the language on screen, falling back to English."""
        return i18n.pick(self.titles, self.title)

    def caption_shown(self) -> str:
        return i18n.pick(self.captions, self.caption)

    def make_surface(self):
        if self.formula is not None:
            return FormulaSurface(self.formula, self.domain or DEFAULT_DOMAIN)
        return surface_class(self.surface_name)(**self.surface_params)


def make_simulation(scene: Scene, record_paths: bool = True) -> Simulation:
    """A simulation of the scene's balls (copies: the scene stays as loaded)."""
    balls = [copy.deepcopy(b) for b in scene.balls]
    return Simulation(scene.make_surface(), balls, seed=scene.seed, record_paths=record_paths)


def scene_names() -> list[str]:
    return sorted(p.stem for p in resource_dir("scenes").glob("*.toml"))


def resolve_scene(name_or_path: str) -> Path:
    """A built-in scene's name, or the path of a scene file."""
    problem = path_problem(name_or_path)
    if problem:
        raise SceneError(f"--scene {quoted(name_or_path)}: {problem}")
    candidate = Path(name_or_path)
    if candidate.suffix == ".toml" or candidate.exists() or "/" in name_or_path:
        if not candidate.is_file():
            raise SceneError(f"{quoted(name_or_path, 120)}: no such scene file")
        return candidate
    path = resource_dir("scenes") / f"{name_or_path}.toml"
    if not path.is_file():
        raise SceneError(f"unknown scene {quoted(name_or_path)} (choose from {', '.join(scene_names())})")
    return path


def load_scene(name_or_path: str) -> Scene:
    path = resolve_scene(name_or_path)
    try:
        data = read_toml(path)
    except UserFileError as exc:
        raise SceneError(f"{path}: {exc}") from None
    return parse_scene(data, name=path.stem, source=str(path))


def parse_scene(data: dict, name: str, source: str) -> Scene:
    check = _Checker(source)
    check.known(data, TOP_KEYS, "")
    scene = Scene(name=name, source=source)
    scene.titles = check.texts(data, "title")
    scene.captions = check.texts(data, "caption")
    scene.title = scene.titles.get(i18n.DEFAULT, name)
    scene.caption = scene.captions.get(i18n.DEFAULT, "")
    scene.seed = check.integer(data, "seed", "", 0, 0, 2**63 - 1)
    scene.steps_per_second = check.number(data, "steps_per_second", "", 30.0, 0.5, 2000.0)

    land = check.table(data, "landscape", "", required=True)
    check.known(land, None, "landscape")
    if "formula" in land:
        surface = _parse_formula_landscape(check, land, scene)
        return _parse_rest(check, data, scene, surface)
    surface_name = check.string(land, "name", "landscape.", None)
    if surface_name is None:
        raise SceneError(f"{source}: landscape.name: missing (choose from {', '.join(surface_names())})")
    if surface_name not in surface_names():
        raise SceneError(f"{source}: landscape.name: unknown landscape {quoted(surface_name)} "
                         f"(choose from {', '.join(surface_names())})")
    cls = surface_class(surface_name)
    params = {}
    for key in land:
        if key == "name":
            continue
        if key not in cls.params:
            allowed = ", ".join(cls.params) or "none"
            raise SceneError(f"{source}: landscape.{key}: unknown parameter for '{surface_name}' "
                             f"(allowed: {allowed})")
        spec = cls.params[key]
        params[key] = check.number(land, key, "landscape.", spec.default, spec.low, spec.high)
    scene.surface_name, scene.surface_params = surface_name, params
    return _parse_rest(check, data, scene, cls(**params))


def _parse_formula_landscape(check: "_Checker", land: dict, scene: Scene):
    """``[landscape] formula = "..."`` with an optional ``domain = [lo, hi]``."""
    check.known(land, {"formula", "domain"}, "landscape")
    text = check.string(land, "formula", "landscape.", None)
    domain = land.get("domain", list(DEFAULT_DOMAIN))
    try:
        if not isinstance(domain, list):
            raise FormulaError(f"domain: must be [lo, hi], got {_kind(domain)}")
        domain = check_domain(domain)
        surface = make_formula_surface(text, domain)
    except FormulaError as exc:
        raise SceneError(f"{check.source}: landscape.{exc}") from None
    scene.formula, scene.domain = text, domain
    scene.surface_name, scene.surface_params = "formula", {}
    return surface


def make_formula_surface(text: str, domain) -> FormulaSurface:
    """A formula landscape whose minima are known to exist (else ``FormulaError``)."""
    surface = FormulaSurface(text, domain)
    surface.minima  # noqa: B018 -- a formula with no minimum is refused here, in one line
    return surface


def _parse_rest(check: "_Checker", data: dict, scene: Scene, surface) -> Scene:
    source = check.source
    cam = check.table(data, "camera", "", required=False)
    check.known(cam, set(DEFAULT_CAMERA), "camera")
    for key, default in DEFAULT_CAMERA.items():
        low, high = CAMERA_RANGES[key]
        scene.camera[key] = check.number(cam, key, "camera.", default, low, high)

    show = check.table(data, "show", "", required=False)
    check.known(show, set(VIEW_NAMES), "show")
    for key, value in show.items():
        if not isinstance(value, bool):
            check.fail(f"show.{key}", f"must be true or false, got {_kind(value)}")
        scene.views[key] = value

    balls = data.get("ball")
    if balls is None:
        raise SceneError(f"{source}: ball: missing (a scene needs at least one [[ball]])")
    if not isinstance(balls, list) or not balls or not all(isinstance(b, dict) for b in balls):
        raise SceneError(f"{source}: ball: must be one or more [[ball]] tables")
    if len(balls) > 16:
        raise SceneError(f"{source}: ball: at most 16 balls, got {len(balls)}")
    for i, ball in enumerate(balls):
        labels = check.texts(ball, "label", f"ball[{i}].")
        scene.ball_labels.append(labels)
        ball = {**ball, "label": labels.get(i18n.DEFAULT, "")} if "label" in ball else ball
        scene.balls.append(_parse_ball(check, ball, f"ball[{i}].", surface))
    return _parse_lesson_into(check, scene, check.table(data, "lesson", "", required=False))


def _parse_lesson_into(check: "_Checker", scene: Scene, table: dict) -> Scene:
    """``[lesson]``: the controls a learner gets and the lesson's captions."""
    if not table:
        return scene
    scene.lesson = parse_lesson(table, check.fail, len(scene.balls), LR_SLIDER_RANGE)
    if scene.lesson.lr_range is None:
        return scene
    for i, ball in enumerate(scene.balls):
        lr = ball.hyper.get("lr", optimizer_class(ball.optimizer).defaults["lr"])
        check.setting(f"ball[{i}].", "lr", lr, ball.optimizer, lesson_range=scene.lesson.lr_range)
    return scene


def _parse_ball(check: "_Checker", ball: dict, where: str, surface) -> BallSpec:
    name = check.string(ball, "optimizer", where, "sgd")
    if name not in optimizer_names():
        raise SceneError(f"{check.source}: {where}optimizer: unknown optimizer {quoted(name)} "
                         f"(choose from {', '.join(optimizer_names())})")
    cls = optimizer_class(name)
    check.known(ball, BALL_KEYS | set(cls.defaults), where.rstrip("."))
    hyper = {}
    for key in cls.defaults:
        if key in ball:
            hyper[key] = check.setting(where, key, ball[key], name)
    start = ball.get("start", "random")
    if start == "random":
        start_xy = None
    elif (isinstance(start, list) and len(start) == 2
          and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in start)):
        x, y = float(start[0]), float(start[1])
        if surface.dims == 1:
            y = 0.0
        lo, hi = surface.domain
        if not (lo <= x <= hi and (surface.dims == 1 or lo <= y <= hi)):
            raise SceneError(f"{check.source}: {where}start: [{x:g}, {y:g}] is outside the "
                             f"landscape's domain [{lo:g}, {hi:g}]")
        start_xy = (x, y)
    else:
        raise SceneError(f"{check.source}: {where}start: must be \"random\" or [x, y], got {quoted(start)}")
    colour = parse_colour(ball.get("colour", "#d42a1e"), f"{check.source}: {where}colour")
    label = check.string(ball, "label", where, "")
    batch = _parse_batch_size(check, ball, where, surface)
    spec = BallSpec(optimizer=name, hyper=hyper, start=start_xy, colour=colour, label=label,
                    batch_size=batch)
    _parse_noise_and_schedule(check, ball, where, spec)
    return spec


# -- gradient noise and learning-rate schedules --------------------------------


def _parse_noise_and_schedule(check: "_Checker", ball: dict, where: str, spec: BallSpec) -> None:
    if "noise" in ball:
        spec.noise = check.setting(where, "noise", ball["noise"])
    table = check.table(ball, "schedule", where, required=False)
    if not table:
        return
    try:
        spec.schedule = parse_schedule(table)
    except ScheduleError as exc:
        check.fail(f"{where}schedule.{exc.key}", exc.problem)
    if spec.schedule.momentum(0) is not None and momentum_key(optimizer_class(spec.optimizer).defaults) is None:
        check.fail(f"{where}schedule.cycle_momentum",
                   f"{optimizer_class(spec.optimizer).title} has no momentum or beta1 to cycle "
                   "(set cycle_momentum = 0, as torch requires)")


def parse_ball_table(ball: dict, surface, where: str) -> BallSpec:
    """One ball given as a table outside a scene file (``--ball``), checked
    as a scene file's ``[[ball]]`` is; mistakes name ``where``."""
    check = _Checker(where)
    return _parse_ball(check, ball, "", surface)


def _parse_batch_size(check: "_Checker", ball: dict, where: str, surface) -> int:
    """``batch_size``: samples per step on a data landscape (0 or absent: all)."""
    if "batch_size" not in ball:
        return 0
    n = getattr(surface, "n_samples", 0)
    if not n:
        check.fail(f"{where}batch_size", "only a data landscape (galton, iris) has samples to batch")
    return check.setting(where, "batch_size", ball["batch_size"], high=n)


def parse_colour(value, where: str) -> tuple[float, float, float]:
    if isinstance(value, str) and value.startswith("#") and len(value) == 7:
        try:
            return tuple(int(value[i:i + 2], 16) / 255.0 for i in (1, 3, 5))
        except ValueError:
            pass
    if (isinstance(value, list) and len(value) == 3
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 1 for v in value)):
        return tuple(float(v) for v in value)
    raise SceneError(f"{where}: must be \"#rrggbb\" or [r, g, b] with values 0..1, got {quoted(value)}")


class _Checker:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, problem: str):
        raise SceneError(f"{self.source}: {key}: {problem}")

    def known(self, table: dict, allowed: set | None, where: str) -> None:
        if allowed is None:
            return
        for key in table:
            if key not in allowed:
                place = f"{where}.{key}" if where else key
                self.fail(place, f"unknown key (allowed: {', '.join(sorted(allowed))})")

    def table(self, data: dict, key: str, where: str, required: bool) -> dict:
        if key not in data:
            if required:
                self.fail(where + key, "missing table")
            return {}
        if not isinstance(data[key], dict):
            self.fail(where + key, f"must be a table, got {_kind(data[key])}")
        return data[key]

    def string(self, data: dict, key: str, where: str, default):
        if key not in data:
            return default
        value = data[key]
        if not isinstance(value, str):
            self.fail(where + key, f"must be a string, got {_kind(value)}")
        return value

    def texts(self, data: dict, key: str, where: str = "") -> dict[str, str]:
        """``key = "English"``, or one text per language: ``key.en = "..."``,
        ``key.fr = "..."`` (a table keyed by language code)."""
        value = data.get(key, {})
        if isinstance(value, str):
            return {i18n.DEFAULT: value}
        if not isinstance(value, dict):
            self.fail(where + key, f"must be a string or a table of languages, got {_kind(value)}")
        for code, text in value.items():
            if not isinstance(text, str):
                self.fail(f"{where}{key}.{code}", f"must be a string, got {_kind(text)}")
            if not code.replace("_", "").replace("-", "").isalnum() or len(code) > 12:
                self.fail(f"{where}{key}.{code}", "not a language code (for example en, fr, pt_BR)")
        return dict(value)

    def setting(self, where: str, key: str, value, optimizer: str | None = None, **limits):
        """A ball's setting checked against the table of settings
        (engine/model/settings.py), as the command line and the controls
        check it."""
        try:
            return check_setting(key, value, optimizer, **limits)
        except SettingError as exc:
            raise SceneError(exc.at(f"{self.source}: {where}{key}")) from None

    def number(self, data: dict, key: str, where: str, default, low: float, high: float) -> float:
        if key not in data:
            return default
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(where + key, f"must be a number, got {_kind(value)}")
        value = float(value)
        if not math.isfinite(value) or not (low <= value <= high):
            self.fail(where + key, f"must be between {low:g} and {high:g}, got {value:g}")
        return value

    def integer(self, data: dict, key: str, where: str, default, low: int, high: int) -> int:
        if key not in data:
            return default
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(where + key, f"must be a whole number, got {_kind(value)}")
        if not (low <= value <= high):
            self.fail(where + key, f"must be between {low} and {high}, got {value}")
        return value


def _kind(value) -> str:
    names = {str: "a string", bool: "true/false", int: "a whole number", float: "a number",
             list: "a list", dict: "a table"}
    return names.get(type(value), type(value).__name__)
