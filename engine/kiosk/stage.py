"""The kiosk's stage (L1): builds sessions for scenes and carries out the
director's commands on them. No GL, no window: tests drive it directly.

A scene that fails to load is logged and replaced by the built-in default,
so the stage always has something to show.
"""

from __future__ import annotations

import logging
import random

from engine.support import i18n
from engine.ui.display import Display
from engine.model.scene import make_simulation
from engine.kiosk.director import Orbit, Quit, ResetBall, ResetBalls, ShowScene
from engine.ui.actions import Reset
from engine.model.scene import SceneError, load_scene
from engine.ui.session import Session

FALLBACK_SCENE = "default"
log = logging.getLogger("downhill.kiosk")


def scene_problem(name: str) -> str | None:
    """Why ``name`` cannot be shown, or None (used to check the config)."""
    try:
        load_scene(name)
    except SceneError as exc:
        return str(exc)
    except Exception as exc:  # a scene that breaks the loader is still just unusable
        return f"cannot load: {exc.__class__.__name__}: {exc}"  # i18n: not on screen (the log)
    return None


class KioskStage:
    def __init__(self, width: int, height: int, interface_scale: float = 1.0,
                 languages: tuple[str, ...] = (i18n.DEFAULT,), display: Display = Display(),
                 new_seed=None, visitor_mode: bool = True) -> None:
        self.width, self.height = width, height
        self.display = display
        self.languages = tuple(languages) or (i18n.DEFAULT,)
        #: Every showing gets its own random starts: visitors do not all see
        #: the scene's one fixed first path. Tests pass a fixed source.
        self.new_seed = new_seed or (lambda: random.SystemRandom().randrange(2**63))
        self.interface_scale = interface_scale
        self.visitor_mode = visitor_mode
        self.session: Session | None = None
        self.scene_name: str | None = None
        self.loads = 0  # how many sessions have been built (tests, the log)

    def build(self, name: str) -> Session:
        """A fresh session of scene ``name`` (the default scene if it fails)."""
        try:
            scene = load_scene(name)
        except Exception as exc:
            log.error("scene %s cannot be shown (%s); showing %s instead", name, exc, FALLBACK_SCENE)
            name, scene = FALLBACK_SCENE, load_scene(FALLBACK_SCENE)
        scene.seed = self.new_seed()
        # Every fresh session (attract mode, a new visitor) starts in the
        # default language: a visitor's choice leaves with the visitor.
        i18n.use(self.languages[0])
        width, height = (self.session.width, self.session.height) if self.session else (self.width, self.height)
        session = Session(scene, make_simulation(scene), width, height,
                          hud_scale=self.interface_scale, languages=list(self.languages))
        session.dress_for_kiosk(self.visitor_mode, self.display)
        self.scene_name = name
        self.loads += 1
        return session

    def show(self, name: str) -> Session:
        # The new session is built while the old one is still alive, so no
        # cache keyed on an object's identity can mistake one for the other.
        session = self.build(name)
        self.session = session
        return session

    def handlers(self) -> dict:
        """The director's commands the stage carries out (Quit is the window's)."""
        return {ShowScene: self._show_scene, ResetBalls: self._reset_balls, ResetBall: self._reset_ball,
                Orbit: self._orbit, Quit: lambda command: None}

    def apply(self, command) -> None:
        self.handlers()[type(command)](command)

    def _show_scene(self, command: ShowScene) -> None:
        self.show(command.name)

    def _reset_balls(self, command: ResetBalls) -> None:
        assert self.session is not None
        self.session.apply(Reset())

    def _reset_ball(self, command: ResetBall) -> None:
        s = self.session
        assert s is not None
        if 0 <= command.index < s.sim.n:
            x, y = (float(v) for v in s.sim.start[:, command.index])
            s.sim.place(command.index, x, y)

    def _orbit(self, command: Orbit) -> None:
        assert self.session is not None
        if not self.display.reduced_motion:
            rig = self.session.rig
            rig.camera = rig.camera.orbited(command.degrees, 0.0)

    def statuses(self):
        return self.session.sim.status if self.session is not None else ()
