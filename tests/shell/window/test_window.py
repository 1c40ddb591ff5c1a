"""The real window under a display: Xvfb, started here when none is set."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import xvfb_display

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]


@pytest.fixture(scope="module")
def display():
    with xvfb_display("1600x1000x24") as name:
        yield name


@pytest.fixture(scope="module")
def driven(display, tmp_path_factory):
    shot = tmp_path_factory.mktemp("window") / "window.png"
    home = tmp_path_factory.mktemp("home")
    (home / "Pictures").mkdir()
    (home / "Videos").mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update(DISPLAY=display, HOME=str(home))
    result = subprocess.run([sys.executable, str(HERE / "driver.py"), str(shot)], env=env,
                            capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    out["shot"] = shot
    return out


def test_a_drag_on_the_landscape_orbits_the_camera(driven):
    assert abs(driven["yaw_turn"]) > 10
    assert driven["pitch_turn"] != 0
    # It coasts on a little in the same direction, then comes to rest.
    assert driven["coasted"] * driven["yaw_turn"] > 0
    assert driven["came_to_rest"]


def test_a_double_click_brings_the_camera_home(driven):
    assert driven["home_after_double_click"]


def test_a_double_click_does_not_drop_the_ball(driven):
    assert driven["start_kept_on_double_click"]


def test_dragging_the_learning_rate_slider_changes_the_ball_s_learning_rate(driven):
    assert driven["lr_after"] > driven["lr_before"] * 10
    assert driven["hud_lr"] == pytest.approx(driven["lr_after"])


def test_a_click_on_the_landscape_places_the_ball_there(driven):
    x, y = driven["placed_start"]
    assert abs(x - 1.0) < 0.05 and abs(y + 1.0) < 0.05
    assert driven["placed_steps"] == 0


def test_keys_pause_and_choose_the_optimizer_and_esc_does_not_quit(driven):
    assert driven["paused"]
    assert driven["optimizer_after_key"] == "momentum"
    assert driven["open_after_esc"]


def test_l_types_a_learning_rate_and_esc_cancels_it(driven):
    assert driven["typed_lr"] == 0.07
    assert driven["lr_after_cancel"] == 0.07
    assert driven["open_after_typing_esc"]


def test_the_fullscreen_button_toggles_fullscreen_and_esc_leaves_it(driven):
    w, h = driven["size"]
    fx, fy = driven["fullscreen_button"]
    assert fx > w * 0.85 and fy > h * 0.8  # top-right corner
    assert driven["fullscreen_on"]
    assert driven["fullscreen_size"] == [1600, 1000] or os.environ.get("DISPLAY")
    assert driven["session_size_full"] == driven["fullscreen_size"]
    assert not driven["fullscreen_after_esc"]
    assert driven["size_after_esc"] == [w, h]


def test_tiny_sizes_and_ctrl_q(driven):
    assert driven["survived_tiny"]
    assert driven["closed_by_ctrl_q"]


def test_the_window_shows_the_landscape(driven):
    import numpy as np
    from PIL import Image
    image = np.asarray(Image.open(driven["shot"]).convert("RGB")).astype(int)
    reddish = (image[..., 0] > image[..., 1] + 40) & (image[..., 0] > 80)
    assert reddish.mean() > 0.15  # the deep-red landscape fills much of the view


def test_the_on_screen_buttons_work(driven):
    assert driven["zoom_in_button"] and driven["zoom_out_button"]
    before, after, paused = driven["step_button"]
    assert after == before + 1 and paused  # one step, and the run pauses
    assert driven["new_start_moved"]
    assert driven["play_button_plays"]


def test_keys_reset_turn_zoom_and_go_fullscreen(driven):
    assert driven["key_r_moved"]
    assert driven["key_arrow_turned"]
    assert driven["key_plus_zoomed"]
    assert driven["key_f_fullscreen"] and driven["key_f_back"]


def test_the_view_menu_switches_teaching_views(driven):
    assert driven["view_menu_open"]
    assert driven["arrows_toggled"]
    assert driven["view_menu_closed"]


def test_p_saves_a_screenshot_and_says_where(driven):
    assert len(driven["screenshots"]) == 1
    assert "Screenshot saved" in driven["screenshot_notice"] and driven["screenshots"][0] in driven["screenshot_notice"]


def test_v_records_a_clip_and_v_again_saves_it(driven):
    assert driven["recording_menu_label"].startswith("Stop recording")
    assert len(driven["clips"]) == 1 and driven["clips"][0].endswith((".mp4", ".gif"))
    assert "Clip saved" in driven["clip_notice"]


def test_the_keyboard_alone_reaches_and_presses_the_controls(driven):
    assert driven["ring_on"] == "hud:play"
    assert driven["paused_by_enter"]
    assert driven["lr_lowered_by_keys"]
    assert driven["key_card_shown"] and driven["key_modes_cleared"]
    assert driven["placed_by_keys"]


def test_capture_save_as_scene_writes_a_scene_that_loads(driven):
    assert len(driven["saved_scenes"]) == 1
    assert "Scene saved" in driven["saved_scene_notice"]
    assert driven["saved_scene_balls"] == driven["balls_on_screen"]


def test_a_formula_typed_in_the_window_becomes_the_landscape(driven):
    steps_before, steps_after = driven["formula_typed_steps"]
    assert steps_after == steps_before  # the S of "sin" was a letter, not a step
    assert driven["formula_used"] == "(x-1)^2 + sin(y)^2 + 0.1*y^3"
