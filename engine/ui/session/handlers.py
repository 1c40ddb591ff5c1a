"""What the session's actions do (L1): one handler per action the session
owns, in ``SESSION_HANDLERS``; the session registers them in its action
registry. Each takes the session and the action."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine.model.scene import load_scene, make_simulation
from engine.model.settings import SettingError, allowed_range, has_setting, setting
from engine.model.settings import check as check_setting
from engine.support import i18n
from engine.support.i18n import _
from engine.ui import actions as a
from engine.ui.display import LARGER_TEXT
from engine.ui.dock.draw import notice_pill
from engine.ui.panels.teaching import TeachingPanels

ZOOM_STEP = 0.85
Session = Any  # engine.ui.session.core.Session (not imported: it registers these)


def notice_marks(session: Session) -> list:
    """Above the control dock: the basin map's progress while it is
    computed, else the value being typed, else a short notice."""
    progress = session.basins.progress
    hud = session.hud
    if progress is not None:
        fill = max(0.0, min(1.0, progress))
        return notice_pill(hud, _("Computing the basin map… {percent}").format(percent=f"{fill:.0%}"), fill,
                           width=320)
    if session.entry.active:
        return notice_pill(hud, _("Learning rate: {typed}\u258f   Enter sets it, Esc cancels").format(
            typed=i18n.number(session.entry.text)))
    if session.notices.text is not None:
        return notice_pill(hud, session.notices.text)
    return []


# -- the session's actions ------------------------------------------------------------
def _set_hyper(session: Session, action: a.SetHyper) -> None:
    """Every control's change of a setting (a slider, − / +, the typed
    entry, the advanced panel) comes through here: checked against the
    table of settings, and the lesson's lr_range, as a scene file and the
    command line are; a value outside is said in one line, not set."""
    optimizer = session.sim.kind[session.selected]
    if not has_setting(action.name, optimizer):
        return   # the selected ball's optimizer has no such setting
    try:
        value = check_setting(action.name, action.value, optimizer,
                              lesson_range=session.scene.lesson.lr_range if action.name == "lr" else None)
    except SettingError as exc:
        session.notices.notify(_refusal(session, exc))
        return
    session.sim.change(action.name, value, balls=session.selected)
    session.refresh_basin()


def _refusal(session: Session, exc: SettingError) -> str:
    """A refused value in the words on screen, shaped as the command
    line's and a scene file's: the setting, then its range."""
    optimizer = session.sim.kind[session.selected]
    words = session.hud.lr_key() if exc.name == "lr" else _(setting(exc.name, optimizer).label)
    value = i18n.number(f"{exc.value:g}") if isinstance(exc.value, (int, float)) else str(exc.value)
    if exc.low is None:
        return f"{words}: {exc.problem}"
    low, high = (i18n.number(f"{v:g}") for v in (exc.low, exc.high))
    if exc.lesson:
        return _("{setting}: {value} is outside the lesson's range [{low}, {high}]").format(
            setting=words, value=value, low=low, high=high)
    return _("{setting}: must be between {low} and {high}, got {value}").format(
        setting=words, low=low, high=high, value=value)


def _nudge_hyper(session: Session, action: a.NudgeHyper) -> None:
    optimizer = session.sim.kind[session.selected]
    value = session.sim.hyper_of(session.selected).get(action.name)
    if value is None or not has_setting(action.name, optimizer):
        return
    low, high = allowed_range(action.name, optimizer, session.scene.lesson.lr_range)
    _set_hyper(session, a.SetHyper(action.name, a.nudge_value(value, action.steps, low, high)))


def _finish_typing(session: Session, action: a.FinishTyping) -> None:
    """Enter on a typed learning rate: set it (checked as every control's
    change is), or say why not."""
    typed = session.entry.finish()
    if typed is None:
        return
    if typed.value is None:
        session.notices.notify(_("Type a number for the learning rate, e.g. {example}").format(
            example=i18n.number("0.05")))
        return
    _set_hyper(session, a.SetHyper(typed.name, typed.value))


def _select_ball(session: Session, action: a.SelectBall) -> None:
    session.selected = min(max(int(action.index), 0), session.sim.n - 1)
    session.refresh_basin()  # the basin map shows the selected ball's optimizer


def _toggle_view(session: Session, action: a.ToggleView) -> None:
    session.panels.set_views(**{action.name: action.on})
    session.refresh_basin()


def _set_language(session: Session, action: a.SetLanguage) -> None:
    """Every word on screen in another language; the balls, the camera
    and the views stay as they are."""
    i18n.use(action.code)
    session.hud.relabel()
    recording = session.panels.capture_menu.recording
    session.panels = TeachingPanels(session.hud, views=session.views, languages=session.languages)
    session.panels.allow_capture = session.capture_allowed
    session.panels.capture_menu.set_recording(recording)
    session.show_state()


def _set_optimizer(session: Session, action: a.SetOptimizer) -> None:
    if not session.scene.lesson.allows("optimizer"):
        return  # the lesson keeps the optimizer as it is (keys 1-6 too)
    session.sim.set_optimizer(action.name, balls=session.selected)
    session.refresh_basin()


def _use_formula(session: Session, action: a.UseFormula) -> None:
    """The formula panel's Use: the same balls on the formula's landscape."""
    from engine.maths.formula import FormulaError
    from engine.model.overrides import scene_with_formula
    try:
        scene = scene_with_formula(session.scene, action.text, session.scene.domain)
    except FormulaError as exc:
        session.panels.formula.error = str(exc)
        return
    views = session.views
    session.load(scene, make_simulation(scene))
    session.panels.set_views(**views)  # the panel stays open for the next try
    session.panels.formula.set_text(action.text)


def _load_scene(session: Session, action: a.LoadScene) -> None:
    scene = load_scene(action.name)
    session.load(scene, make_simulation(scene))


def _set_speed(session: Session, action: a.SetSpeed) -> None:
    lo, hi = a.SPEED_RANGE
    session.clock.set_rate(min(max(action.value, lo), hi))


def _move_placing(session: Session, action: a.MovePlacing) -> None:
    session.keys.move_placing(session.rig.camera, session.mapping, session.sim, session.selected,
                              action.dx, action.dy, action.coarse)


def _drop_at_placing(session: Session, action: a.DropAtPlacing) -> None:
    point = session.keys.take_placing()
    if point is None:
        return
    x, y = point
    session.sim.place(session.selected, x, 0.0 if session.sim.surface.dims == 1 else y)
    session.history.restart(session.selected)


def _toggle_key_help(session: Session, action: a.ToggleKeyHelp) -> None:
    session.keys.show_keys = not session.keys.show_keys


_DISPLAY_SWITCHES: dict[str, Callable[[bool], dict[str, Any]]] = {
    "projector": lambda on: {"theme": "projector" if on else "dark"},
    "large_text": lambda on: {"text_size": LARGER_TEXT if on else 1.0},
    "reduced_motion": lambda on: {"reduced_motion": on},
}

#: Every action the session carries out, and how.
SESSION_HANDLERS: dict[type, Callable[[Session, Any], object]] = {
    a.SetHyper: _set_hyper,
    a.NudgeHyper: _nudge_hyper,
    a.StartTyping: lambda s, act: s.entry.start(act.name),
    a.TypeCharacter: lambda s, act: s.entry.add(act.char),
    a.EraseTyped: lambda s, act: s.entry.erase(),
    a.CancelTyping: lambda s, act: s.entry.cancel(),
    a.FinishTyping: _finish_typing,
    a.SetOptimizer: _set_optimizer,
    a.SetSpeed: _set_speed,
    a.TogglePlay: lambda s, act: s.set_playing(not s.playing),
    a.Step: lambda s, act: s.single_step(),
    a.Reset: lambda s, act: s.reset(),
    a.ZoomIn: lambda s, act: s.rig.zoom(ZOOM_STEP),
    a.ZoomOut: lambda s, act: s.rig.zoom(1 / ZOOM_STEP),
    a.SelectBall: _select_ball,
    a.ToggleView: _toggle_view,
    a.LoadScene: _load_scene,
    a.TurnCamera: lambda s, act: s.rig.orbit_keys(act.yaw_steps, act.pitch_steps),
    a.HomeView: lambda s, act: s.rig.go_home(),
    a.SetLanguage: _set_language,
    a.SetDisplay: lambda s, act: s.set_display(**_DISPLAY_SWITCHES[act.name](act.on)),
    a.MoveFocus: lambda s, act: s.keys.focus.move(s.hud, s.panels, act.step),
    a.ToggleKeyHelp: _toggle_key_help,
    a.StartPlacing: lambda s, act: s.keys.start_placing(s.sim, s.selected),
    a.MovePlacing: _move_placing,
    a.DropAtPlacing: _drop_at_placing,
    a.CancelKeyModes: lambda s, act: s.keys.cancel(),
    a.SetBatchSize: lambda s, act: s.sim.set_batch_size(s.selected, act.value),
    a.UseFormula: _use_formula,
}
