"""Every scene in every language, at 1280x720 and 1920x1080: no line of text
runs out of its panel or over another line (German runs long, Greek is wide).
A fast check of text extents against their boxes, no GL."""

from __future__ import annotations

import itertools

import pytest

from engine.model.scene import load_scene, make_simulation, scene_names
from engine.support import i18n
from engine.ui.widgets import textmetrics as tm
from engine.ui.widgets.drawlist import RoundRect, Text
from engine.ui.session import Session
from engine.ui.widgets.controls import Rect

SIZES = ((1280, 720), (1920, 1080))
TOLERANCE = 1.0


@pytest.fixture(autouse=True)
def _english_after():
    yield
    i18n.use("en")


def text_box(t: Text) -> Rect:
    w = tm.measure(t.text, t.size, t.bold)
    x = {"left": t.x, "center": t.x - w / 2, "right": t.x - w}[t.align]
    px = tm.pixel_size(t.size)
    return Rect(x, t.y - 0.22 * px, w, 0.95 * px)  # descenders to accents


def containers(session: Session, frame=None) -> list[Rect]:
    hud = session.hud.layout
    boxes = [r for r in (hud.dock, hud.info, hud.fullscreen, hud.popup) if r is not None]
    boxes += list(session.panels.layout.rects().values())
    boxes += [m.panel for m in session.panels.menus() if m.panel is not None]
    # The picture's own cards: the arrows', basin map's and update view's
    # keys, a ball's note, a notice.
    boxes += list((frame if frame is not None else session.frame()).framing.keys)
    if frame is not None:
        boxes += [p.rect for p in frame.overlays if isinstance(p, RoundRect)]
    return boxes


def problems(session: Session) -> list[str]:
    frame = session.frame()
    window = Rect(0, 0, session.width, session.height).inset(-TOLERANCE)
    # An open menu floats, opaque, over whatever lies below it: its lines are
    # checked against each other, the rest against the rest.
    below = [p for layer in (frame.panels, frame.hud, frame.overlays) for p in layer
             if isinstance(p, Text) and p.text.strip()]
    above = [p for p in frame.menus if isinstance(p, Text) and p.text.strip()]
    boxes = containers(session, frame)
    found = []
    placed = [(t, text_box(t)) for t in below + above]
    for t, box in placed:
        if not box.inside(window):
            found.append(f"{t.text!r} leaves the window")
        elif not any(box.inside(c.inset(-TOLERANCE)) for c in boxes):
            found.append(f"{t.text!r} runs out of its panel")
    pairs = itertools.chain(itertools.combinations(placed[:len(below)], 2),
                            itertools.combinations(placed[len(below):], 2))
    for (a, ba), (b, bb) in pairs:
        ox = min(ba.right, bb.right) - max(ba.x, bb.x)
        oy = min(ba.top, bb.top) - max(ba.y, bb.y)
        if ox > TOLERANCE and oy > TOLERANCE:
            found.append(f"{a.text!r} overlaps {b.text!r}")
    return found


def session_for(scene_name: str, language: str, size) -> Session:
    i18n.use(language)
    scene = load_scene(scene_name)
    session = Session(scene, make_simulation(scene), *size)
    session.run_steps(30)
    return session


@pytest.mark.parametrize("language", i18n.language_codes())
def test_every_scene_fits_in_every_language(language):
    found = []
    for name, size in itertools.product(scene_names(), SIZES):
        session = session_for(name, language, size)
        found += [f"{name} {size[0]}x{size[1]}: {p}" for p in problems(session)]
    assert found == []


@pytest.mark.parametrize("language", ["de", "el", "fr"])
def test_open_menus_and_every_view_fit(language):
    found = []
    for size in SIZES:
        session = session_for("race", language, size)
        session.panels.set_views(advanced=True, basin_map=False)
        for menu in session.panels.menus():
            for other in session.panels.menus():
                other.close()
            menu.is_open = True
            session.panels.refresh()
            found += [f"{menu.button.label} open {size}: {p}" for p in problems(session)]
    assert found == []


def test_the_check_catches_text_that_runs_out(monkeypatch):
    from engine.ui.dock import layout as hud_layout
    session = session_for("default", "en", (1280, 720))
    monkeypatch.setattr(hud_layout, "info_templates", lambda hud: (["Optimizer"], ["SGD"]))  # short words
    session.hud._relayout()
    session.hud.state.optimizer = "sgd"
    session.hud.optimizer_labels["sgd"] = "Stochastic gradient descent, one step at a time, all the way"
    assert any("runs out" in p or "overlaps" in p for p in problems(session))


@pytest.mark.parametrize("language", ["de", "el", "fr"])
def test_the_kiosk_fits_with_its_larger_controls_and_the_language_button(language):
    from engine.kiosk.stage import KioskStage
    found = []
    for name, size in itertools.product(scene_names(), SIZES):
        stage = KioskStage(*size, 1.4, (language, "en"))
        session = stage.show(name)
        session.run_steps(30)
        found += [f"kiosk {name} {size}: {p}" for p in problems(session)]
        assert session.panels.language_menu.button.visible  # two languages: the button is offered
    assert found == []
