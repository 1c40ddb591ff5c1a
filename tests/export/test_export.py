"""Writing clips (no GL): MP4 through PyAV, GIF and PNG folders through
Pillow, and what happens when writing fails."""

import datetime as dt
import errno
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from engine.export.clips import (
    FRAME_NAME,
    ClipWriter,
    ExportError,
    clip_format,
    default_capture_folder,
    even_size,
    timestamped_name,
)
from engine.export.gif import PaletteMapper, choose_palette, frame_delays

ROOT = Path(__file__).resolve().parents[2]


def frames(count, size, seed=0):
    """Distinct frames: a dark red gradient with a bright square that moves."""
    width, height = size
    rng = np.random.default_rng(seed)
    base = np.zeros((height, width, 3), np.uint8)
    base[..., 0] = np.linspace(60, 220, width, dtype=np.uint8)[None, :]
    base[..., 1] = 20
    out = []
    for i in range(count):
        image = base.copy()
        x = (i * 7) % max(1, width - 8)
        image[4:12, x:x + 8] = (40, 200, 90)
        image[-3:, :] = rng.integers(0, 255, (3, width, 3), dtype=np.uint8)
        out.append(image)
    return out


def write_clip(path, size=(64, 48), fps=5, count=5, **options):
    with ClipWriter.open(path, fps, size, **options) as writer:
        for image in frames(count, size):
            writer.write(image)
    return writer


def listing(folder):
    return sorted(p.name for p in Path(folder).iterdir())


# -- which writer --------------------------------------------------------------------------
def test_the_path_chooses_the_kind_of_clip(tmp_path):
    assert clip_format("a.mp4") == "mp4" and clip_format("A.MP4") == "mp4"
    assert clip_format("a.gif") == "gif"
    assert clip_format("frames/") == "png"
    assert clip_format("frames") == "png"
    assert clip_format(tmp_path) == "png"
    with pytest.raises(ExportError, match="use .mp4, .gif"):
        clip_format("movie.avi")


def test_even_size_rounds_odd_sides_up():
    assert even_size((65, 47)) == (66, 48)
    assert even_size((64, 48)) == (64, 48)


# -- MP4 -------------------------------------------------------------------------------------
@pytest.mark.parametrize("size,coded", [((64, 48), (64, 48)), ((65, 47), (66, 48))])
def test_mp4_is_h264_yuv420p_with_every_frame(tmp_path, size, coded):
    av = pytest.importorskip("av")
    out = tmp_path / "clip.mp4"
    write_clip(out, size=size)
    assert listing(tmp_path) == ["clip.mp4"]
    with av.open(str(out)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        assert stream.codec_context.pix_fmt == "yuv420p"
        assert (stream.width, stream.height) == coded
        decoded = list(container.decode(video=0))
    assert len(decoded) == 5
    times = [float(f.pts * f.time_base) for f in decoded]
    assert times == pytest.approx([0.0, 0.2, 0.4, 0.6, 0.8])
    # The picture survives the trip: the moving green square is where it was.
    first = decoded[0].to_ndarray(format="rgb24").astype(int)
    assert first[8, 4, 1] > first[8, 4, 0] + 80
    assert first[30, 40, 0] > first[30, 40, 1] + 80


def test_mp4_puts_its_index_first_and_tags_bt709(tmp_path):
    av = pytest.importorskip("av")
    out = tmp_path / "clip.mp4"
    write_clip(out)
    data = out.read_bytes()
    assert 0 <= data.find(b"moov") < data.find(b"mdat")  # +faststart: plays while it loads
    with av.open(str(out)) as container:
        context = container.streams.video[0].codec_context
        assert (context.colorspace, context.color_primaries, context.color_trc) == (1, 1, 1)


def test_without_pyav_mp4_says_how_to_get_it_and_gif_still_works(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "av", None)  # import av now raises ImportError
    with pytest.raises(ExportError) as caught:
        ClipWriter.open(tmp_path / "clip.mp4", 5, (64, 48))
    message = str(caught.value)
    assert "MP4 needs PyAV" in message and "pip install av" in message and "\n" not in message
    write_clip(tmp_path / "clip.gif")
    assert listing(tmp_path) == ["clip.gif"]


# -- GIF -------------------------------------------------------------------------------------
@pytest.mark.parametrize("size", [(64, 48), (65, 47)])
def test_gif_loops_with_every_frame_and_one_palette(tmp_path, size):
    out = tmp_path / "clip.gif"
    write_clip(out, size=size)
    with Image.open(out) as gif:
        assert gif.size == size
        assert gif.info["loop"] == 0
        assert gif.n_frames == 5
        assert gif.mode == "P" and len(gif.getpalette()) >= 3 * 128
        durations = []
        for i in range(gif.n_frames):
            gif.seek(i)
            durations.append(gif.info["duration"])
    assert sum(durations) == 1000


def test_gif_keeps_small_saturated_colours(tmp_path):
    """A green square on a large red gradient must stay green, as balls on
    the landscape must keep their colours."""
    out = tmp_path / "clip.gif"
    source = frames(5, (160, 120))
    with ClipWriter.open(out, 5, (160, 120)) as writer:
        for image in source:
            writer.write(image)
    with Image.open(out) as gif:
        gif.seek(2)
        shown = np.asarray(gif.convert("RGB")).astype(int)
    square = shown[5:11, 15:21]  # frame 2's square sits at x = 14..21
    # The dither may mix in a neighbouring shade here and there; on average
    # the square keeps its green.
    assert np.abs(square.mean(axis=(0, 1)) - (40, 200, 90)).max() < 10
    assert (square[..., 1] > square[..., 0] + 100).all()
    assert np.abs(shown[60:100] - source[2][60:100].astype(int)).mean() < 4


def test_frame_delays_keep_time_in_whole_centiseconds():
    delays = frame_delays(15, 15)
    assert sum(delays) == 1000 and set(delays) <= {60, 70}
    assert frame_delays(4, 20) == [50, 50, 50, 50]
    assert all(d >= 20 for d in frame_delays(100, 50))


def test_the_palette_keeps_a_small_shaded_ball_among_large_red_areas():
    """Plain median cut maps this green ball about 100 levels off (to reds and
    greys): it has 600 pixels among 600,000."""
    rng = np.random.default_rng(1)
    n = 300_000
    t = rng.random(n)
    landscape = np.stack([60 + 190 * t, 10 + 40 * t, 8 + 30 * t], 1)
    backdrop = np.stack([rng.integers(10, 50, n)] * 3, 1) + [0, 0, 6]
    s = rng.random(600)
    ball = np.stack([20 + 40 * s, 80 + 150 * s, 40 + 60 * s], 1).round().astype(np.uint8)
    palette = choose_palette(np.concatenate([landscape, backdrop, ball]).round().astype(np.uint8))
    assert len(palette) <= 255
    shown = palette[PaletteMapper(palette).indices(ball[None])[0]].astype(int)
    assert np.sqrt(((shown - ball) ** 2).sum(axis=1)).mean() < 10
    reds = landscape[:2000].round().astype(np.uint8)
    shown = palette[PaletteMapper(palette).indices(reds[None])[0]].astype(int)
    assert np.sqrt(((shown - reds) ** 2).sum(axis=1)).mean() < 4


def test_gif_refuses_rates_browsers_do_not_play(tmp_path):
    with pytest.raises(ExportError, match="at most 50"):
        ClipWriter.open(tmp_path / "fast.gif", 60, (64, 48))
    assert listing(tmp_path) == []


# -- PNG folder ------------------------------------------------------------------------------
def test_png_frames_are_numbered_in_a_new_folder(tmp_path):
    out = tmp_path / "frames"
    write_clip(str(out) + "/", size=(65, 47), count=3)
    assert listing(tmp_path) == ["frames"]
    assert listing(out) == [FRAME_NAME.format(i) for i in range(3)]
    assert Image.open(out / "frame_00002.png").size == (65, 47)


def test_png_frames_replace_an_earlier_recording_but_never_other_files(tmp_path):
    out = tmp_path / "frames"
    write_clip(out, count=4)
    write_clip(out, count=2)
    assert listing(out) == ["frame_00000.png", "frame_00001.png"]
    (out / "notes.txt").write_text("mine")
    with pytest.raises(ExportError, match="holds other files"):
        ClipWriter.open(out, 5, (64, 48))
    assert (out / "notes.txt").read_text() == "mine"
    assert listing(tmp_path) == ["frames"]


# -- failures leave nothing behind ------------------------------------------------------
@pytest.mark.parametrize("name", ["clip.mp4", "clip.gif", "frames/"])
def test_a_missing_folder_fails_at_once_with_one_line(tmp_path, name):
    if name.endswith(".mp4"):
        pytest.importorskip("av")
    with pytest.raises(ExportError) as caught:
        ClipWriter.open(tmp_path / "missing" / name, 5, (64, 48))
    assert "does not exist" in str(caught.value) and "\n" not in str(caught.value)
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="not a folder"):
        ClipWriter.open(str(blocker / name), 5, (64, 48))
    assert listing(tmp_path) == ["file.txt"]


@pytest.mark.parametrize("name", ["clip.mp4", "clip.gif", "frames/"])
def test_a_name_too_long_is_one_line_and_one_that_fits_is_written(tmp_path, name):
    if name.endswith(".mp4"):
        pytest.importorskip("av")
    stem, dot, ending = name.rpartition(".") if "." in name else ("frames", "", "/")
    with pytest.raises(ExportError) as caught:
        ClipWriter.open(str(tmp_path / ("a" * 300)) + dot + ending, 5, (64, 48))
    assert str(caught.value).endswith("the name is too long (the system allows 255 bytes)")
    assert "\n" not in str(caught.value) and len(str(caught.value)) < 250
    assert listing(tmp_path) == []
    # 250 characters fit: the hidden temporary beside it takes a shorter name.
    fits = "b" * (250 - len(dot + ending.rstrip("/"))) + dot + ending
    write_clip(tmp_path / fits)
    assert listing(tmp_path) == [fits.rstrip("/")]


def test_no_permission_and_a_read_only_disk_are_named(tmp_path, monkeypatch):
    import os

    from engine.support.files import OutputError, check_output
    monkeypatch.setattr(os, "access", lambda path, mode: False)  # as a user who may not write there
    with pytest.raises(ExportError, match=f"no permission to write in folder {tmp_path}$"):
        ClipWriter.open(tmp_path / "clip.gif", 5, (64, 48))
    read_only = type("Info", (), {"f_flag": os.ST_RDONLY})()
    monkeypatch.setattr(os, "statvfs", lambda path: read_only)
    with pytest.raises(OutputError, match="the file system is read-only$"):
        check_output(tmp_path / "t.csv")
    assert listing(tmp_path) == []


def test_a_path_in_a_message_is_one_line_and_keeps_both_ends():
    from engine.support.files import shown_path
    assert shown_path("a\nb\x00c.csv") == "a\\nb\\x00c.csv"
    long = "/start/" + "x" * 500 + ".mp4"
    shown = shown_path(long)
    assert len(shown) <= 100 and shown.startswith("/start/x") and shown.endswith("x.mp4") and "..." in shown
    assert shown_path("/tmp/clip.gif") == "/tmp/clip.gif"


def test_an_existing_folder_is_not_an_mp4_or_gif(tmp_path):
    (tmp_path / "clip.gif").mkdir()
    with pytest.raises(ExportError, match="is a folder"):
        ClipWriter.open(tmp_path / "clip.gif", 5, (64, 48))
    assert listing(tmp_path) == ["clip.gif"]


@pytest.mark.parametrize("name", ["clip.mp4", "clip.gif", "frames/"])
def test_a_full_disk_midway_leaves_no_file(tmp_path, monkeypatch, name):
    if name.endswith(".mp4"):
        pytest.importorskip("av")
    writer = ClipWriter.open(tmp_path / name, 5, (64, 48))
    real_write = writer._write
    calls = []

    def filling_up(image):
        calls.append(1)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(image)
    monkeypatch.setattr(writer, "_write", filling_up)
    with pytest.raises(ExportError) as caught:
        for image in frames(5, (64, 48)):
            writer.write(image)
    assert "disk is full" in str(caught.value)
    writer.abort()
    assert listing(tmp_path) == []


@pytest.mark.parametrize("name", ["clip.mp4", "clip.gif", "frames/"])
def test_an_interrupt_midway_leaves_no_file(tmp_path, name):
    if name.endswith(".mp4"):
        pytest.importorskip("av")
    with pytest.raises(KeyboardInterrupt):
        with ClipWriter.open(tmp_path / name, 5, (64, 48)) as writer:
            for i, image in enumerate(frames(5, (64, 48))):
                if i == 3:
                    raise KeyboardInterrupt
                writer.write(image)
    assert listing(tmp_path) == []


def test_a_clip_is_not_there_until_it_is_closed(tmp_path):
    writer = ClipWriter.open(tmp_path / "clip.gif", 5, (64, 48))
    for image in frames(2, (64, 48)):
        writer.write(image)
    assert not (tmp_path / "clip.gif").exists()
    writer.close()
    assert listing(tmp_path) == ["clip.gif"]


def test_frames_of_the_wrong_size_are_refused(tmp_path):
    with ClipWriter.open(tmp_path / "clip.gif", 5, (64, 48)) as writer:
        with pytest.raises(ValueError, match="64x48"):
            writer.write(np.zeros((10, 10, 3), np.uint8))
        writer.write(frames(1, (64, 48))[0])


# -- where captures go ------------------------------------------------------------------
def test_capture_folder_follows_the_xdg_setting_then_pictures_then_cwd(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.chdir(tmp_path)
    assert default_capture_folder(home=home, environ={}) == tmp_path
    (home / "Pictures").mkdir()
    assert default_capture_folder(home=home, environ={}) == home / "Pictures"
    (home / "Bilder").mkdir()
    (home / ".config").mkdir()
    (home / ".config" / "user-dirs.dirs").write_text('XDG_PICTURES_DIR="$HOME/Bilder"\n')
    assert default_capture_folder(home=home, environ={}) == home / "Bilder"
    shots = tmp_path / "shots"
    shots.mkdir()
    assert default_capture_folder(home=home, environ={"XDG_PICTURES_DIR": str(shots)}) == shots
    (home / "Videos").mkdir()
    assert default_capture_folder("videos", home=home, environ={}) == home / "Videos"


def test_timestamped_names_sort_by_time_and_never_overwrite(tmp_path):
    when = dt.datetime(2025, 3, 14, 15, 30, 5)
    assert timestamped_name("downhill", "png", when) == "downhill-2025-03-14-153005.png"
    (tmp_path / "downhill-2025-03-14-153005.mp4").write_text("")
    assert timestamped_name("downhill", ".mp4", when, folder=tmp_path) == "downhill-2025-03-14-153005-2.mp4"


def test_export_modules_need_no_gl_or_window():
    code = ("import sys\nimport engine.export.clips, engine.export.gif, engine.export.progress, engine.ui.panels.captions\n"
            "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('moderngl', 'pyglet', 'glcontext', 'av'))))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_each_colour_maps_to_exactly_the_nearest_palette_colour():
    rng = np.random.default_rng(3)
    palette = rng.integers(0, 256, (200, 3)).astype(np.uint8)
    image = rng.integers(0, 256, (40, 50, 3)).astype(np.uint8)
    mapper = PaletteMapper(palette)
    found = mapper.indices(image)
    distance = ((image.reshape(-1, 1, 3).astype(int) - palette[None].astype(int)) ** 2).sum(axis=2)
    best = distance.min(axis=1)
    assert np.array_equal(distance[np.arange(len(best)), found.ravel()], best)
    assert np.array_equal(mapper.indices(image), found)  # remembered, same answer
