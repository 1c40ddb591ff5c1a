"""`python main.py record`: clips drawn offscreen through the window's painter."""

import argparse
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from engine.shell.offscreen import build_session
from engine.shell.record import ClipOverlay, ClipPainter, record_frames

ROOT = Path(__file__).resolve().parents[2]
SMALL = ["--seconds", "1", "--fps", "5", "--size", "160x96", "--seed", "3"]


def main_py(*args, cwd=ROOT):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args],
                          capture_output=True, text=True, cwd=cwd, timeout=300)


def patched(setup: str, *args, cwd=ROOT):
    """Run the command line in a fresh interpreter after ``setup`` (Python)
    has replaced something, e.g. to fail part-way through a recording."""
    code = f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n{setup}\n" \
           f"from engine.shell.cli import main\nsys.exit(main({list(args)!r}))\n"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def one_line(result):
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def pixels(path):
    return np.asarray(Image.open(path).convert("RGB")).astype(int)


def options(**changes):
    values = dict(scene="default", seed=3, surface=None, optimizer=None, lr=None, momentum=None,
                  start=None, camera=None)
    values.update(changes)
    return argparse.Namespace(**values)


@pytest.fixture(scope="module")
def frames_dir(tmp_path_factory, gl_ctx):
    out = tmp_path_factory.mktemp("record") / "frames"
    result = main_py("record", *SMALL, "--out", f"{out}/")
    assert result.returncode == 0, result.stderr
    return out


def test_png_frames_are_numbered_and_the_same_bytes_every_time(frames_dir, tmp_path):
    names = sorted(p.name for p in frames_dir.iterdir())
    assert names == [f"frame_{i:05d}.png" for i in range(5)]
    again = tmp_path / "again"
    assert main_py("record", *SMALL, "--out", f"{again}/").returncode == 0
    for name in names:
        assert (frames_dir / name).read_bytes() == (again / name).read_bytes(), name
    assert not np.array_equal(pixels(frames_dir / names[0]), pixels(frames_dir / names[-1]))


def test_the_first_frame_is_exactly_the_picture_render_draws(frames_dir, tmp_path):
    still = tmp_path / "still.png"
    result = main_py("render", "--size", "160x96", "--seed", "3", "--out", str(still))
    assert result.returncode == 0, result.stderr
    assert np.array_equal(pixels(still), pixels(frames_dir / "frame_00000.png"))


class Collect:
    """A clip writer that keeps the frames and what the session was doing."""

    def __init__(self, session):
        self.session, self.frames, self.steps, self.yaws = session, [], [], []

    def write(self, frame):
        self.frames.append(frame)
        self.steps.append(int(self.session.sim.steps[0]))
        self.yaws.append(self.session.rig.camera.yaw)


class NoPainter:
    def frame(self):
        return None


def test_the_simulation_keeps_its_fixed_step_whatever_the_frame_rate():
    paths, yaws = {}, {}
    for fps in (2, 5, 12, 30):
        session = build_session(options(), 160, 96)
        rate = session.clock.steps_per_second
        writer = Collect(session)
        record_frames(session, NoPainter(), writer, frames=2 * fps + 1, fps=fps, orbit=30.0)
        # Frame i shows i/fps seconds: the steps that fit into that time (the
        # clock adds frame times in floating point, so a step that falls due
        # exactly on a frame may show one frame later).
        expected = [i * rate / fps for i in range(2 * fps + 1)]
        assert all(e - 1 - 1e-9 <= s <= e + 1e-9 for s, e in zip(writer.steps, expected)), (fps, writer.steps)
        assert writer.steps == sorted(writer.steps)
        paths[fps] = session.sim.path(0)
        yaws[fps] = (writer.yaws[0], writer.yaws[fps])
    # The same steps, so the same trajectory, at every frame rate.
    shortest = min(len(p) for p in paths.values())
    assert shortest >= 2 * rate - 1
    for path in paths.values():
        assert np.array_equal(path[:shortest], paths[30][:shortest])
    for start, after_a_second in yaws.values():
        assert after_a_second == pytest.approx(start + 30.0)


def test_an_orbiting_clip_turns_and_is_drawn_the_same_every_time(gl_ctx):
    def clip():
        session = build_session(options(), 160, 96)
        painter = ClipPainter(gl_ctx, ClipOverlay(session))
        writer = Collect(session)
        record_frames(session, painter, writer, frames=3, fps=5, orbit=45.0)
        painter.release()
        return writer.frames
    first, second = clip(), clip()
    assert all(np.array_equal(a, b) for a, b in zip(first, second))
    moved = np.abs(first[0].astype(int) - first[2].astype(int)).sum(axis=2) > 30
    assert moved.mean() > 0.05


def overlay_frame(gl_ctx, size=(640, 360), **choice):
    session = build_session(options(scene="lr-lesson"), *size)
    overlay = ClipOverlay(session, **choice)
    painter = ClipPainter(gl_ctx, overlay)
    try:
        return painter.frame().astype(int), overlay
    finally:
        painter.release()


def accent(image):
    """The warm accent of Play and the sliders in the control dock."""
    return (image[..., 0] > 200) & (image[..., 1] > 140) & (image[..., 2] < 120)


def white(image):
    return int((image.sum(axis=2) > 600).sum())


def red(image):
    return int(((image[..., 0] > image[..., 1] + 80) & (image[..., 0] > 120) & (image[..., 1] < 90)).sum())


def test_the_controls_and_the_info_panel_can_be_left_out(gl_ctx):
    (full, _), (bare, _), (plain, _) = (overlay_frame(gl_ctx), overlay_frame(gl_ctx, controls=False),
                                        overlay_frame(gl_ctx, controls=False, info=False))
    # The dock's rows only: the orange ball and its trail share the accent.
    bottom, corner = slice(300, 360), (slice(10, 110), slice(10, 220))
    assert accent(full[bottom]).sum() > 80 and accent(bare[bottom]).sum() == 0
    assert white(full[corner]) > 50 and white(bare[corner]) == white(full[corner])
    assert white(plain[corner]) == 0
    assert white(full[5:45, 590:635]) > 20  # the fullscreen button
    assert white(bare[5:45, 590:635]) == 0


def test_a_caption_card_is_drawn_and_the_landscape_framed_beside_it(gl_ctx):
    bare, _ = overlay_frame(gl_ctx, controls=False)
    captioned, overlay = overlay_frame(gl_ctx, controls=False, title="A title",
                                       caption="What you're seeing: " + "words " * 30)
    card = overlay.caption.rect
    rows = slice(360 - int(card.top) + 2, 360 - int(card.y) - 2)  # the image's top row comes first
    cols = slice(int(card.x) + 2, int(card.right) - 2)
    assert overlay.caption.place == "bottom"
    assert white(captioned[rows, cols]) > 300  # its text
    assert red(captioned[rows, cols]) == 0     # nothing of the landscape shows through
    assert 0 < red(captioned) <= red(bare)     # the landscape is all there, above the card


@pytest.mark.parametrize("name", ["clip.mp4", "clip.gif"])
def test_record_writes_playable_clips_even_at_odd_sizes(tmp_path, name, gl_ctx):
    if name.endswith(".mp4"):
        av = pytest.importorskip("av")
    out = tmp_path / name
    result = main_py("record", "--scene", "lr-lesson", "--seconds", "0.6", "--fps", "5",
                     "--size", "65x47", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "wrote" in result.stderr.splitlines()[-1]
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
    if name.endswith(".mp4"):
        assert "even" in result.stderr  # says that it recorded 66x48
        with av.open(str(out)) as container:
            stream = container.streams.video[0]
            assert (stream.codec_context.name, stream.codec_context.pix_fmt) == ("h264", "yuv420p")
            assert (stream.width, stream.height) == (66, 48)
            assert len(list(container.decode(video=0))) == 3
    else:
        with Image.open(out) as gif:
            assert gif.size == (65, 47) and gif.info["loop"] == 0


@pytest.mark.parametrize("out,message", [
    ("{tmp}/file.txt/clip.mp4", "not a folder"),
    ("{tmp}/missing/clip.gif", "does not exist"),
    ("{tmp}/folder.mp4", "is a folder"),
    ("{tmp}/clip.avi", "use .mp4, .gif"),
])
def test_bad_outputs_get_one_line_and_leave_nothing(tmp_path, out, message):
    (tmp_path / "file.txt").write_text("x")
    (tmp_path / "folder.mp4").mkdir()
    before = sorted(tmp_path.rglob("*"))
    result = main_py("record", *SMALL, "--out", out.format(tmp=tmp_path))
    assert result.returncode == 2
    assert message in one_line(result)
    assert sorted(tmp_path.rglob("*")) == before


def test_without_pyav_mp4_says_what_to_install_and_gif_still_records(tmp_path):
    hide = "sys.modules['av'] = None"
    result = patched(hide, "record", *SMALL, "--out", str(tmp_path / "clip.mp4"))
    assert result.returncode == 2
    assert "MP4 needs PyAV" in one_line(result) and "pip install av" in one_line(result)
    assert list(tmp_path.iterdir()) == []
    result = patched(hide, "record", *SMALL, "--out", str(tmp_path / "clip.gif"))
    assert result.returncode == 0, result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["clip.gif"]


FULL_DISK = {
    "clip.mp4": "import engine.export.clips as e\n"
                "real = e.Mp4Writer._encode\n"
                "calls = []\n"
                "def encode(self, frame):\n"
                "    calls.append(1)\n"
                "    if len(calls) == 3:\n"
                "        raise OSError(28, 'No space left on device')\n"
                "    return real(self, frame)\n"
                "e.Mp4Writer._encode = encode\n",
    "clip.gif": "import engine.export.gif as g\n"
                "def save(self, stream, progress=None):\n"
                "    stream.write(b'GIF89a')\n"
                "    raise OSError(28, 'No space left on device')\n"
                "g.GifEncoder.save = save\n",
}


@pytest.mark.parametrize("name", sorted(FULL_DISK))
def test_a_full_disk_midway_leaves_no_file_and_says_so(tmp_path, name):
    if name.endswith(".mp4"):
        pytest.importorskip("av")
    result = patched(FULL_DISK[name], "record", *SMALL, "--out", str(tmp_path / name))
    assert result.returncode == 2, result.stderr
    assert "disk is full" in one_line(result)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["clip.mp4", "clip.gif", "frames/"])
def test_ctrl_c_midway_leaves_no_file(tmp_path, name):
    if name.endswith(".mp4"):
        pytest.importorskip("av")
    interrupt = ("import engine.shell.record as r\n"
                 "real = r.ClipPainter.frame\n"
                 "calls = []\n"
                 "def frame(self):\n"
                 "    calls.append(1)\n"
                 "    if len(calls) == 3:\n"
                 "        raise KeyboardInterrupt\n"
                 "    return real(self)\n"
                 "r.ClipPainter.frame = frame\n")
    result = patched(interrupt, "record", *SMALL, "--out", str(tmp_path / name))
    assert result.returncode == 130
    assert "interrupted" in one_line(result)
    assert list(tmp_path.iterdir()) == []


def test_mid_step_in_a_recorded_clip_the_too_big_ball_hops_above_the_chord(gl_ctx):
    from engine.shell.record import advance
    session = build_session(options(scene="lr-lesson"), 640, 360)
    overlay = ClipOverlay(session, controls=False, info=False)
    painter = ClipPainter(gl_ctx, overlay)
    try:
        dt = session.clock.dt
        advance(session, dt * 1.0000001)         # the first step is under way...
        advance(session, dt * 0.5)               # ...and half done, as a clip frame shows it
        frame = overlay.frame()
        image = painter.frame().astype(int)
    finally:
        painter.release()
    big, sim, m = 2, session.sim, session.mapping
    x0, x1 = sim.prev_pos[0, big], sim.pos[0, big]
    ends = m.ball_centre(np.array([x0, x1]), np.zeros(2))
    chord = ends[0] + 0.5 * (ends[1] - ends[0])
    floor = m.ball_centre(np.array(0.5 * (x0 + x1)), np.array(0.0))
    ball = frame.view.balls[big]
    assert ball.centre[1] > chord[1] + 0.05 and ball.centre[1] > floor[1] + 0.3
    camera = frame.view.camera

    def orange_near(point) -> int:
        px, py = camera.project(np.asarray(point, dtype=np.float64), 640, 360)[:2]
        row, col = 360 - 1 - int(round(py)), int(round(px))
        patch = image[max(row - 4, 0):row + 5, max(col - 4, 0):col + 5]
        return int(((patch[..., 0] > 150) & (patch[..., 1] > 60) & (patch[..., 1] < 170)
                    & (patch[..., 2] < 90)).sum())

    assert orange_near(ball.centre) > 10          # the orange ball is drawn up in the air
    assert orange_near(floor) == 0                # not sliding along the valley floor
