"""`python main.py render`: the window's picture, offscreen, as a PNG."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]


# The 3-D view on its own, without the teaching panels over it.
QUIET = ("--hide", "captions,minimap,loss_plot,legend")


def render(*args):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "render", *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)


@pytest.fixture(scope="module")
def default_png(tmp_path_factory, gl_ctx):
    out = tmp_path_factory.mktemp("render") / "default.png"
    result = render("--steps", "40", "--size", "480x300", "--seed", "29", "--out", str(out), *QUIET)
    assert result.returncode == 0, result.stderr
    return out


def test_render_writes_a_png_of_the_requested_size(default_png):
    image = Image.open(default_png)
    assert image.size == (480, 300)


def test_render_is_the_same_picture_every_time(default_png, tmp_path):
    again = tmp_path / "again.png"
    assert render("--steps", "40", "--size", "480x300", "--seed", "29", "--out", str(again), *QUIET).returncode == 0
    a = np.asarray(Image.open(default_png).convert("RGB"))
    b = np.asarray(Image.open(again).convert("RGB"))
    assert np.array_equal(a, b)


def test_the_picture_shows_the_landscape_the_ball_and_the_controls(default_png):
    rgb = np.asarray(Image.open(default_png).convert("RGB")).astype(int)
    red = (rgb[..., 0] > rgb[..., 1] + 50) & (rgb[..., 0] > 90)
    assert red.mean() > 0.06  # the deep-red landscape (its dark valleys aside; the dock takes a third)
    top = rgb[: rgb.shape[0] // 3]
    assert (top.sum(axis=2) > 600).any()  # white text in the info panel
    bottom = rgb[-rgb.shape[0] // 6:]
    accent = (bottom[..., 0] > 200) & (bottom[..., 1] > 140) & (bottom[..., 2] < 120)
    assert accent.any()  # the warm accent of the control dock


def test_the_camera_option_changes_the_view(default_png, tmp_path):
    other = tmp_path / "above.png"
    result = render("--steps", "40", "--size", "480x300", "--seed", "29", "--camera", "0,80,4",
                    "--out", str(other), *QUIET)
    assert result.returncode == 0, result.stderr
    a = np.asarray(Image.open(default_png).convert("RGB")).astype(int)
    b = np.asarray(Image.open(other).convert("RGB")).astype(int)
    # The landscape is framed clear of the cards, small in so small a
    # picture: a twentieth of the pixels changing is a different view.
    assert np.mean(np.abs(a - b).sum(axis=2) > 30) > 0.05


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


def test_the_teaching_views_appear_in_render(tmp_path, gl_ctx):
    plain, taught = tmp_path / "plain.png", tmp_path / "taught.png"
    base = ("--scene", "race", "--steps", "120", "--size", "640x400")
    assert render(*base, "--out", str(plain), "--hide", "minimap,loss_plot,legend,captions,arrows").returncode == 0
    assert render(*base, "--out", str(taught), "--show", "minimap,loss_plot,legend,arrows").returncode == 0
    a = np.asarray(Image.open(plain).convert("RGB")).astype(int)
    b = np.asarray(Image.open(taught).convert("RGB")).astype(int)
    changed = np.abs(a - b).sum(axis=2) > 30
    h, w = changed.shape
    assert changed[:, : w // 4].mean() > 0.05   # the legend on the left
    assert changed[:, -w // 4:].mean() > 0.05   # minimap and loss plot on the right


def test_an_unknown_view_is_one_line(tmp_path):
    result = render("--out", str(tmp_path / "x.png"), "--show", "heatmap")
    assert result.returncode == 2 and "unknown view 'heatmap'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
