"""`python main.py render`: the window's picture, offscreen, as a PNG."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]


def render(*args):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "render", *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)


@pytest.fixture(scope="module")
def default_png(tmp_path_factory, gl_ctx):
    out = tmp_path_factory.mktemp("render") / "default.png"
    result = render("--steps", "40", "--size", "480x300", "--seed", "29", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_render_writes_a_png_of_the_requested_size(default_png):
    image = Image.open(default_png)
    assert image.size == (480, 300)


def test_render_is_the_same_picture_every_time(default_png, tmp_path):
    again = tmp_path / "again.png"
    assert render("--steps", "40", "--size", "480x300", "--seed", "29", "--out", str(again)).returncode == 0
    a = np.asarray(Image.open(default_png).convert("RGB"))
    b = np.asarray(Image.open(again).convert("RGB"))
    assert np.array_equal(a, b)


def test_the_picture_shows_the_landscape_the_ball_and_the_controls(default_png):
    rgb = np.asarray(Image.open(default_png).convert("RGB")).astype(int)
    red = (rgb[..., 0] > rgb[..., 1] + 50) & (rgb[..., 0] > 90)
    assert red.mean() > 0.1  # the deep-red landscape (its dark valleys aside)
    top = rgb[: rgb.shape[0] // 3]
    assert (top.sum(axis=2) > 600).any()  # white text in the info panel
    bottom = rgb[-rgb.shape[0] // 6:]
    accent = (bottom[..., 0] > 200) & (bottom[..., 1] > 140) & (bottom[..., 2] < 120)
    assert accent.any()  # the warm accent of the control dock


def test_the_camera_option_changes_the_view(default_png, tmp_path):
    other = tmp_path / "above.png"
    result = render("--steps", "40", "--size", "480x300", "--seed", "29", "--camera", "0,80,4",
                    "--out", str(other))
    assert result.returncode == 0, result.stderr
    a = np.asarray(Image.open(default_png).convert("RGB")).astype(int)
    b = np.asarray(Image.open(other).convert("RGB")).astype(int)
    assert np.mean(np.abs(a - b).sum(axis=2) > 30) > 0.1


@pytest.mark.parametrize("args,message", [
    (["--out", "picture.jpg"], "must end in .png"),
    (["--out", "/nonexistent/folder/x.png"], "does not exist"),
    (["--out", "x.png", "--size", "10x10"], "between 16x16"),
    (["--out", "x.png", "--camera", "0,100,4"], "pitch"),
])
def test_bad_render_options_get_one_line(args, message, tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "render", *args],
                            capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]
    assert list(tmp_path.iterdir()) == []
