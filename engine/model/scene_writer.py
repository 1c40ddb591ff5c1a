"""Writing a scene file (L1): what is on screen, as TOML that loads back to it.

``snapshot(scene, sim, camera, views, steps_per_second)`` is the scene as it
stands (each ball's optimizer and settings now, and the start it last set
off from, random starts made fixed, so the picture comes back), and
``scene_toml(scene)`` writes any Scene in the format of scenes/*.toml.
"""

from __future__ import annotations

import copy
import json
import math

from engine.model.lesson import Lesson
from engine.model.scene import CAMERA_RANGES, Scene
from engine.model.balls import BallSpec
from engine.support.i18n import DEFAULT


def snapshot(scene: Scene, sim, camera: dict[str, float], views: dict[str, bool],
             steps_per_second: float) -> Scene:
    saved = copy.deepcopy(scene)
    saved.balls = []
    for i, ball in enumerate(sim.balls):
        start = (float(sim.start[0, i]), float(sim.start[1, i]))
        saved.balls.append(BallSpec(optimizer=sim.kind[i], hyper=dict(sim.hyper_of(i)), start=start,
                                    colour=tuple(ball.colour), label=ball.label,
                                    batch_size=getattr(ball, "batch_size", 0)))
    saved.camera = {key: _in_range(key, float(value)) for key, value in camera.items()
                    if key in CAMERA_RANGES}
    saved.views = dict(views)
    saved.steps_per_second = float(steps_per_second)
    return saved


def _in_range(key: str, value: float) -> float:
    if key == "yaw":  # a camera turned round and round: the same view
        value = (value + 180.0) % 360.0 - 180.0
    low, high = CAMERA_RANGES[key]
    return min(max(value, low), high)


def _text(value: str) -> str:
    # A JSON string is a TOML basic string: the same escapes.
    return json.dumps(value, ensure_ascii=False)


def _number(value: float) -> str:
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"cannot save a non-finite number ({value})")
    text = repr(value)
    return text if ("." in text or "e" in text) else text + ".0"


def _colour(rgb) -> str:
    return "#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02x}" for c in rgb[:3])


def scene_toml(scene: Scene) -> str:
    out = ["# Saved from Downhill's window: load it with  downhill --scene THIS_FILE.toml"]
    out += _texts("title", scene.title, scene.titles)
    out += _texts("caption", scene.caption, scene.captions)
    out.append(f"seed = {int(scene.seed)}")
    out.append(f"steps_per_second = {_number(scene.steps_per_second)}")
    out += ["", "[landscape]"]
    if scene.formula is not None:
        out.append(f"formula = {_text(scene.formula)}")
        if scene.domain is not None:
            out.append(f"domain = [{_number(scene.domain[0])}, {_number(scene.domain[1])}]")
    else:
        out.append(f"name = {_text(scene.surface_name)}")
        out += [f"{key} = {_number(value)}" for key, value in scene.surface_params.items()]
    out += ["", "[camera]"]
    out += [f"{key} = {_number(value)}" for key, value in scene.camera.items()]
    out += ["", "[show]"]
    out += [f"{key} = {'true' if on else 'false'}" for key, on in scene.views.items()]
    out += _lesson_lines(scene.lesson)
    for i, ball in enumerate(scene.balls):
        out += ["", "[[ball]]", f"optimizer = {_text(ball.optimizer)}"]
        out += [f"{key} = {_number(value)}" for key, value in ball.hyper.items()]
        if ball.start is None:
            out.append('start = "random"')
        else:
            out.append(f"start = [{_number(ball.start[0])}, {_number(ball.start[1])}]")
        out.append(f"colour = {_text(_colour(ball.colour))}")
        if ball.label:
            labels = scene.ball_labels[i] if i < len(scene.ball_labels) else {}
            out += _texts("label", ball.label, labels)
        if ball.batch_size:
            out.append(f"batch_size = {int(ball.batch_size)}")
    return "\n".join(out) + "\n"


def _lesson_lines(lesson: Lesson) -> list[str]:
    if lesson == Lesson():
        return []
    out = ["", "[lesson]"]
    if lesson.controls is not None:
        out.append("controls = [" + ", ".join(_text(c) for c in lesson.controls) + "]")
    if lesson.lr_range is not None:
        out.append(f"lr_range = [{_number(lesson.lr_range[0])}, {_number(lesson.lr_range[1])}]")
    for cap in lesson.captions:
        out += ["", "[[lesson.caption]]"]
        if cap.at_step is not None:
            out.append(f"at_step = {int(cap.at_step)}")
        if cap.when is not None:
            out.append(f"when = {_text(cap.when)}")
        if cap.ball is not None:
            out.append(f"ball = {int(cap.ball)}")
        out += _texts("text", cap.text, dict(cap.texts))
    return out


def _texts(key: str, english: str, texts: dict[str, str]) -> list[str]:
    """``key = "..."``, or ``key.en = "..."`` and the other languages' texts
    while they are translations of these English words."""
    others = {code: text for code, text in texts.items() if code != DEFAULT}
    if not others or texts.get(DEFAULT, english) != english:
        return [f"{key} = {_text(english)}"]
    return [f"{key}.{DEFAULT} = {_text(english)}"] + [f"{key}.{code} = {_text(others[code])}"
                                                     for code in sorted(others)]
