"""The stage carries out the director's commands on real sessions, and the
overlay adds the kiosk's primitives to the HUD's draw list; no GL here."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from engine.kiosk.director import Orbit, ResetBall, ResetBalls, ShowScene
from engine.kiosk.overlay import PROMPT, OverlayState, kiosk_draw_list, kiosk_frame
from engine.kiosk.stage import KioskStage
from engine.ui.widgets.drawlist import Circle, Icon, RoundRect, Text, shifted
from engine.ui.widgets.controls import Rect

ROOT = Path(__file__).resolve().parents[2]
W, H = 1280, 800


@pytest.fixture
def stage():
    stage = KioskStage(W, H, interface_scale=1.5)
    stage.show("default")
    return stage


def test_a_shown_scene_is_a_fresh_session_with_finger_sized_controls_and_no_fullscreen_button(stage):
    first = stage.session
    first.sim.set_hyper("lr", 0.5, balls=0)  # a visitor's change
    stage.apply(ShowScene("default"))
    assert stage.session is not first
    assert stage.session.sim.hyper_of(0)["lr"] == 0.05
    assert stage.session.hud.user_scale == 1.5
    assert not stage.session.hud.fullscreen.visible
    assert stage.session.hud.fullscreen not in stage.session.hud.widgets()


def test_a_scene_that_cannot_load_falls_back_to_the_default(stage, caplog):
    stage.apply(ShowScene("no-such-scene"))
    assert stage.scene_name == "default"
    assert stage.session.scene.name == "default"
    assert "no-such-scene cannot be shown" in caplog.text


def test_a_new_session_keeps_the_window_size(stage):
    stage.session.resize(1600, 1000)
    stage.apply(ShowScene("race"))
    assert (stage.session.width, stage.session.height) == (1600, 1000)


def test_reset_ball_puts_one_ball_back_at_its_start_and_leaves_the_others():
    stage = KioskStage(W, H)
    stage.show("race")
    sim = stage.session.sim
    sim.step(20)
    before = sim.pos.copy()
    stage.apply(ResetBall(2))
    assert np.allclose(sim.pos[:, 2], sim.start[:, 2]) and sim.steps[2] == 0
    others = [i for i in range(sim.n) if i != 2]
    assert np.array_equal(sim.pos[:, others], before[:, others])
    assert sim.steps[0] == 20


def test_reset_balls_and_orbit(stage):
    sim = stage.session.sim
    sim.step(15)
    stage.apply(ResetBalls())
    assert (sim.steps == 0).all()
    yaw = stage.session.rig.camera.yaw
    stage.apply(Orbit(5.0))
    assert stage.session.rig.camera.yaw == pytest.approx(yaw + 5.0)


# -- the overlay ---------------------------------------------------------------------------

def _bounds(p):
    if isinstance(p, Text):
        return (p.x, p.y)
    r = p.rect
    return (r.x, r.y, r.w, r.h)


def test_interactive_the_hud_is_drawn_shifted_by_the_burn_in_offset_without_the_fullscreen_button(stage):
    hud = stage.session.hud
    plain = hud.draw_list()
    icons = [p.kind for p in plain if isinstance(p, Icon)]
    assert "exit_fullscreen" in icons  # the HUD itself draws the button
    drawn = kiosk_draw_list(hud, OverlayState(offset=(3.0, -2.0)))
    assert "exit_fullscreen" not in [p.kind for p in drawn if isinstance(p, Icon)]
    # Everything else is there, in the same order, 3 px right and 2 px down.
    rest = [p for p in plain if not hud.fullscreen.rect.contains(*_centre(p))]
    assert len(drawn) == len(rest) and len(rest) >= len(plain) - 3
    for before, after in zip(rest, drawn):
        b, a = _bounds(before), _bounds(after)
        assert a[0] == pytest.approx(b[0] + 3.0) and a[1] == pytest.approx(b[1] - 2.0)
        assert a[2:] == b[2:]


def _centre(p):
    if isinstance(p, Text):
        return p.x, p.y
    return p.rect.cx, p.rect.cy


def test_attract_shows_the_prompt_and_the_title_instead_of_the_controls(stage):
    drawn = kiosk_draw_list(stage.session.hud, OverlayState(attract=True, title="The saddle", now=1.0))
    texts = [p.text for p in drawn if isinstance(p, Text)]
    assert texts == [PROMPT, "The saddle"]
    prompt = next(p for p in drawn if isinstance(p, Text) and p.text == PROMPT)
    assert abs(prompt.x - W / 2) < W * 0.1 and prompt.y > H / 2  # at the top, clear of the valleys
    assert prompt.size >= 40  # readable from a few steps away


def test_dimming_is_a_translucent_veil_over_everything_drawn_last(stage):
    drawn = kiosk_draw_list(stage.session.hud, OverlayState(brightness=0.3, chord_progress=0.5,
                                                           chord_seconds_left=1.5))
    veil = drawn[-1]
    assert isinstance(veil, RoundRect)
    assert (veil.rect.x, veil.rect.y, veil.rect.w, veil.rect.h) == (0, 0, W, H)
    assert veil.colour == (0.0, 0.0, 0.0, pytest.approx(0.7))
    assert any(isinstance(p, Text) and "Keep holding" in p.text and "2 s" in p.text for p in drawn)
    assert not any(isinstance(p, RoundRect) and p.rect.w == W and p.rect.h == H
                   for p in kiosk_draw_list(stage.session.hud, OverlayState()))


def test_the_kiosk_frame_shows_the_session_with_the_kiosk_draw_list(stage):
    session = stage.session
    frame = kiosk_frame(session.frame(), session.hud, OverlayState(attract=True, title="x"))
    assert frame.width == W and frame.view.width == W
    assert PROMPT in [p.text for p in frame.hud if isinstance(p, Text)]
    assert frame.scale == stage.session.hud.scale


def test_shifting_keeps_sizes_and_leaves_the_original_alone():
    box = RoundRect(Rect(1, 2, 3, 4), (1, 1, 1, 1))
    moved = shifted(box, 5, 6)
    assert (moved.rect.x, moved.rect.y, moved.rect.w, moved.rect.h) == (6, 8, 3, 4)
    assert box.rect.x == 1
    dot = shifted(Circle(1, 1, 2, (1, 1, 1, 1)), -1, 1)
    assert (dot.cx, dot.cy, dot.r) == (0, 2, 2)


def test_the_kiosk_logic_imports_neither_moderngl_nor_pyglet():
    code = ("import sys\n"
            "import engine.kiosk.director, engine.kiosk.config, engine.kiosk.stage, engine.kiosk.overlay\n"
            "import engine.kiosk.log\n"
            "gl = ('moderngl', 'pyglet', 'glcontext')\n"
            "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in gl)))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
