"""One visitor's visit to a 1920x1080 kiosk, in a real window under Xvfb on
an injected clock: idle into attract mode, the demonstration acts, a touch
takes over, New start plays, the visitor walks away, the countdown shows,
and attract mode returns."""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import xvfb_display

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

CONFIG = """
scenes = ["default"]
idle_seconds = 2
countdown_seconds = 3
attract_scene_seconds = 60
interface_scale = 1.4
log_path = "{log}"
"""


@pytest.fixture(scope="module")
def visit(tmp_path_factory):
    with xvfb_display("1920x1080x24") as display:
        folder = tmp_path_factory.mktemp("visit")
        config = folder / "kiosk.toml"
        config.write_text(CONFIG.format(log=(folder / "kiosk.log").as_posix()), encoding="utf-8")
        env = dict(os.environ, DISPLAY=display)
        result = subprocess.run([sys.executable, str(HERE / "kiosk_driver.py"), str(config), str(folder),
                                 "visitor"], env=env, capture_output=True, text=True, timeout=400, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    shots = ROOT / "tests" / "output"
    shots.mkdir(exist_ok=True)
    for name in ("shot_demo", "shot_playing", "shot_countdown"):
        if name in out:
            (shots / f"kiosk-visit-{Path(out[name]).name}").write_bytes(Path(out[name]).read_bytes())
    return out


def test_idling_shows_the_countdown_then_attract_mode(visit):
    assert visit["mode_at_start"] == "interactive"
    assert visit["mode_after_idle"] == "countdown"
    assert visit["countdown_texts"] == ["Still exploring? Touch to keep going"]
    assert visit["attract"] and visit["prompt_shown"]


def test_the_demonstration_works_the_real_controls_and_says_what_happened(visit):
    assert visit["same_session_through_demo"]
    assert visit["demo_finger_frames"] > 5
    assert visit["demo_lr_max"] == pytest.approx(10 * visit["demo_lr_home"], rel=0.01)
    assert visit["demo_optimizers"] == ["momentum", "sgd"]
    said = visit["demo_narrations"]
    assert "Bigger steps: each one jumps further" in said
    assert "New start: the ball drops somewhere new" in said
    assert any(s.startswith("Momentum") for s in said)


def test_a_touch_takes_over_the_scene_as_it_is_and_new_start_plays(visit):
    assert visit["mode_after_touch"] == "interactive"
    assert not visit["new_session_on_touch"]
    assert visit["kind_kept_on_touch"]
    assert visit["steps_before_new_start"] > 0
    assert visit["steps_after_new_start"] < visit["steps_before_new_start"]


def test_walking_away_counts_down_then_returns_to_attract_mode(visit):
    assert visit["countdown_after_walk_away"]
    assert visit["countdown_seconds_shown"]
    assert visit["attract_again"]


def test_the_countdown_card_is_on_screen(visit):
    from PIL import Image
    image = np.asarray(Image.open(visit["shot_countdown"]).convert("RGB")).astype(int)
    assert image.shape[:2] == (1080, 1920)
    # Its accent bar is orange, just above the control dock (lower half).
    top = image[540:]
    orange = (top[..., 0] > 200) & (top[..., 1] > 120) & (top[..., 1] < 200) & (top[..., 2] < 120)
    assert orange.sum() > 200
