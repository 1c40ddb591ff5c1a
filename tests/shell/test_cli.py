"""The command line, run as a user runs it: python main.py ..."""

import csv
import io
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import small_tmpfs

ROOT = Path(__file__).resolve().parents[2]


def run(*args, check=True):
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), *args],
                            capture_output=True, text=True, cwd=ROOT, timeout=300)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_trace_of_default_prints_every_step_and_the_same_bytes_every_time():
    first = run("trace", "--scene", "default", "--steps", "500", "--seed", "3").stdout
    second = run("trace", "--scene", "default", "--steps", "500", "--seed", "3").stdout
    assert first == second
    lines = first.splitlines()
    assert lines[0] == "ball,step,x,y,loss,status,lr"
    assert len(lines) == 502  # header + 501 rows, step 0 included
    table = rows(first)
    assert [int(r["step"]) for r in table] == list(range(501))
    assert {r["ball"] for r in table} == {"0"}
    assert {r["status"] for r in table} <= {"running", "global-minimum", "local-minimum", "diverged"}


def test_trace_numbers_read_back_exactly():
    from engine.maths.surfaces import make_surface
    table = rows(run("trace", "--steps", "40", "--seed", "3").stdout)
    saddle = make_surface("saddle")
    for r in table:
        x, y = float(r["x"]), float(r["y"])
        assert float(r["loss"]) == float(saddle.value(np.float64(x), np.float64(y)))
        assert repr(x) == r["x"]


def test_a_different_seed_gives_a_different_start():
    a = rows(run("trace", "--steps", "0", "--seed", "1").stdout)[0]
    b = rows(run("trace", "--steps", "0", "--seed", "2").stdout)[0]
    assert (a["x"], a["y"]) != (b["x"], b["y"])


def test_overrides_apply_to_every_ball(tmp_path):
    out = tmp_path / "t.csv"
    run("trace", "--scene", "lr-lesson", "--steps", "3", "--surface", "bowl", "--optimizer", "momentum",
        "--lr", "0.01", "--momentum", "0.5", "--start", "1,2", "--out", str(out))
    table = rows(out.read_text())
    assert len(table) == 3 * 4
    starts = [(r["x"], r["y"]) for r in table if r["step"] == "0"]
    assert starts == [("1.0", "2.0")] * 3
    from engine.maths.surfaces import make_surface
    bowl = make_surface("bowl")
    # Heavy ball with buffer = first gradient: x1 = x0 - lr * g0.
    gx, gy = bowl.gradient(1.0, 2.0)
    step1 = [r for r in table if r["step"] == "1"][0]
    assert float(step1["x"]) == pytest.approx(1.0 - 0.01 * gx, rel=1e-15)


def test_lr_lesson_trace_shows_crawl_converge_and_overshoot():
    table = rows(run("trace", "--scene", "lr-lesson", "--steps", "60").stdout)
    x = {b: np.array([float(r["x"]) for r in table if r["ball"] == b]) for b in "012"}
    small, good, big = x["0"], x["1"], x["2"]
    # Good: close to the bottom within a handful of steps...
    assert abs(good[10]) < 1e-3
    # ...while too small has not yet come halfway down, creeping, never crossing.
    assert small[10] > 0.5 * small[0] and np.all(small > 0) and np.all(np.diff(small) < 0)
    # Too large overshoots: it changes side every step and is still bouncing.
    signs = np.sign(big[1:21])
    assert np.all(signs[1:] == -signs[:-1])
    assert abs(big[20]) > 0.1
    status = [r["status"] for r in table if r["step"] == "60"]
    assert status[1] == "global-minimum" and status[2] == "running"


def test_too_large_a_learning_rate_diverges_in_the_trace_without_a_crash():
    result = run("trace", "--scene", "lr-lesson", "--steps", "40", "--lr", "1.2")
    last = [r for r in rows(result.stdout) if r["step"] == "40"]
    assert {r["status"] for r in last} == {"diverged"}
    assert result.stderr == ""


def test_list_names_scenes_landscapes_and_optimizers():
    text = run("--list").stdout
    for word in ("default", "momentum-escape", "lr-lesson", "race", "saddle", "goldstein_price",
                 "sgd", "momentum", "nesterov", "adam", "rmsprop", "adagrad"):
        assert word in text


@pytest.mark.parametrize("args,message", [
    (["trace"], "--steps"),
    (["trace", "--steps", "ten"], "'ten' is not a whole number"),
    (["trace", "--steps", "5", "--scene", "nope"], "unknown scene 'nope'"),
    (["trace", "--steps", "5", "--surface", "volcano"], "unknown landscape 'volcano'"),
    (["trace", "--steps", "5", "--optimizer", "lbfgs"], "unknown optimizer 'lbfgs'"),
    (["trace", "--steps", "5", "--lr", "-1"], "must be a positive number"),
    (["trace", "--steps", "5", "--momentum", "1.5"], "less than 1"),
    (["trace", "--steps", "5", "--start", "9,9"], "outside"),
    (["trace", "--steps", "5", "--start", "x"], "not a point"),
    (["trace", "--steps", "5", "--optimizer", "adam", "--momentum", "0.5"], "has no momentum"),
    (["--bogus"], "unrecognized arguments: --bogus"),
    (["trace", "--steps", "5", "--out", "/nonexistent/dir/t.csv"], "/nonexistent/dir/t.csv"),
])
def test_bad_options_get_one_line_and_exit_2(args, message):
    result = run(*args, check=False)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert message in lines[0]
    assert "Traceback" not in result.stderr


def test_a_bad_scene_file_names_the_file_and_key(tmp_path):
    scene = tmp_path / "broken.toml"
    scene.write_text('[landscape]\nname = "saddle"\n[[ball]]\nlr = "big"\n')
    result = run("trace", "--steps", "1", "--scene", str(scene), check=False)
    assert result.returncode == 2
    assert result.stderr.strip() == f"downhill: {scene}: ball[0].lr: must be a number, got a string"


def test_a_failed_write_leaves_nothing_behind(tmp_path):
    # The target is a folder: refused before a step is taken, and what the
    # folder holds is untouched.
    target = tmp_path / "t.csv"
    target.mkdir()
    (target / "keep.txt").write_text("precious")
    result = run("trace", "--steps", "5", "--out", str(target), check=False)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and str(target) in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv"]
    assert (target / "keep.txt").read_text() == "precious"


#: Every command that writes a file the user names, with options that make
#: it quick (record and render refuse a bad path before drawing anything).
WRITERS = {
    "trace": (["trace", "--steps", "3"], ".csv"),
    "render": (["render", "--size", "64x64"], ".png"),
    "record mp4": (["record", "--size", "64x64", "--seconds", "0.2"], ".mp4"),
    "record gif": (["record", "--size", "64x64", "--seconds", "0.2"], ".gif"),
    "record png folder": (["record", "--size", "64x64", "--seconds", "0.2"], "/"),
}


def one_output_line(result, problem):
    """The one line of a refused output path: exit 2, no traceback."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("downhill: --out: cannot write ") and lines[0].endswith(problem), lines[0]
    return lines[0]


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_name_too_long_is_one_line_and_leaves_nothing(tmp_path, command):
    if command == "record mp4":
        pytest.importorskip("av")
    args, ending = WRITERS[command]
    out = str(tmp_path / ("a" * 300)) + ending
    result = run(*args, "--out", out, check=False)
    line = one_output_line(result, "the name is too long (the system allows 255 bytes)")
    # The path is shortened in the middle, never the problem at the end.
    shown = line.removeprefix("downhill: --out: cannot write ").split(": ")[0]
    assert len(line) < 300 and "..." in shown
    assert shown.startswith(str(tmp_path)[:40]) and shown.endswith("a" * 20 + ending.rstrip("/"))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_missing_folder_or_a_file_for_a_folder_is_one_line(tmp_path, command):
    args, ending = WRITERS[command]
    (tmp_path / "file.txt").write_text("x")
    name = "out" + ending
    result = run(*args, "--out", str(tmp_path / "missing" / name), check=False)
    one_output_line(result, f"folder {tmp_path / 'missing'} does not exist")
    result = run(*args, "--out", str(tmp_path / "file.txt" / name), check=False)
    one_output_line(result, f"folder {tmp_path / 'file.txt'} is not a folder")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]


@pytest.fixture
def read_only(tmp_path):
    """A read-only tmpfs holding one file, where this machine lets the tests mount one."""
    with small_tmpfs(tmp_path / "read-only", "to make a read-only place") as mount:
        (mount / "old.csv").write_text("old")
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True, capture_output=True)
        yield mount


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_read_only_place_is_one_line_and_leaves_the_old_file(read_only, command):
    if command == "record mp4":
        pytest.importorskip("av")
    args, ending = WRITERS[command]
    result = run(*args, "--out", str(read_only / ("out" + ending)), check=False)
    one_output_line(result, "the file system is read-only")
    if command == "trace":  # an existing file is not replaced either
        result = run(*args, "--out", str(read_only / "old.csv"), check=False)
        one_output_line(result, "the file system is read-only")
    assert [p.name for p in read_only.iterdir()] == ["old.csv"]
    assert (read_only / "old.csv").read_text() == "old"


@pytest.mark.parametrize("command", ["trace", "render", "record gif", "record png folder"])
def test_a_folder_without_write_permission_is_one_line(tmp_path, command):
    import os
    import shutil
    import tempfile
    prefix = []
    if os.geteuid() == 0:  # root may write anywhere: run it as nobody
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv to run the command as another user")
        prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    args, ending = WRITERS[command]
    place = Path(tempfile.mkdtemp(prefix="downhill-locked-"))  # pytest's folders are root's alone
    try:
        place.chmod(0o755)
        locked = place / "locked"
        locked.mkdir()
        locked.chmod(0o555)
        result = subprocess.run([*prefix, sys.executable, str(ROOT / "main.py"), *args,
                                 "--out", str(locked / ("out" + ending))],
                                capture_output=True, text=True, cwd=place, timeout=300)
        if prefix and "Permission denied" in result.stderr and "downhill:" not in result.stderr:
            pytest.skip("nobody cannot run this checkout's Python")
        one_output_line(result, f"no permission to write in folder {locked}")
        assert list(locked.iterdir()) == []
    finally:
        shutil.rmtree(place, ignore_errors=True)


def test_version_says_which_release_and_has_one_home():
    import re
    import tomllib

    from engine import __version__
    result = run("--version")
    assert (result.stdout, result.stderr) == (f"downhill {__version__}\n", "")
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)
    # pyproject.toml takes it from engine/__init__.py rather than holding a second copy.
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in pyproject["project"] and "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "engine.__version__"}


def test_the_changelog_s_newest_release_is_this_version():
    """CHANGELOG.md in the Keep a Changelog form: Unreleased first, then
    releases newest first, the newest being the version the program reports."""
    import re

    from engine import __version__
    lines = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# Changelog"
    headings = [line for line in lines if line.startswith("## ")]
    assert headings[0] == "## [Unreleased]"
    releases = [re.fullmatch(r"## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})", h) for h in headings[1:]]
    assert releases and all(releases), headings
    assert releases[0][1] == __version__
    versions = [tuple(int(n) for n in m[1].split(".")) for m in releases]
    assert versions == sorted(versions, reverse=True) and [m[2] for m in releases] == sorted(
        (m[2] for m in releases), reverse=True)
    kinds = {line[4:] for line in lines if line.startswith("### ")}
    assert kinds <= {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}, kinds


def test_race_scene_optimizers_visibly_differ():
    table = rows(run("trace", "--scene", "race", "--steps", "1500").stdout)
    final = {r["ball"]: r["status"] for r in table if r["step"] == "1500"}
    assert len(final) == 6
    assert set(final.values()) == {"global-minimum", "local-minimum"}
    paths = {b: [(r["x"], r["y"]) for r in table if r["ball"] == b][:50] for b in final}
    assert len({tuple(p) for p in paths.values()}) == 6  # six different routes


def test_without_a_display_the_window_command_points_to_render():
    env = {k: v for k, v in __import__("os").environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    result = subprocess.run([sys.executable, str(ROOT / "main.py")], capture_output=True, text=True,
                            cwd=ROOT, env=env, timeout=120)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no display" in lines[0] and "render" in lines[0]


def test_too_old_an_opengl_gets_one_clear_line(tmp_path):
    # Mesa can be told to offer only OpenGL 3.0, older than Downhill needs.
    env = dict(__import__("os").environ, MESA_GL_VERSION_OVERRIDE="3.0")
    out = tmp_path / "x.png"
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "render", "--out", str(out)],
                            capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    if result.returncode == 0:
        pytest.skip("the OpenGL driver is not Mesa, so its version cannot be lowered")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "OpenGL 3.3" in lines[0] and "Traceback" not in result.stderr
    assert not out.exists()


def test_bench_sim_reports_a_median_rate_and_its_spread_for_each_size():
    out = run("bench", "sim", "--seconds", "0.05").stdout
    lines = [line for line in out.splitlines() if "million ball-steps/s" in line]
    assert [line.split("balls")[0].strip() for line in lines] == ["1", "1,000", "100,000", "100,000"]
    assert "every one running" in lines[-1]
    for line in lines:
        median = float(line.split("median")[1].split()[0])
        low, high = (float(v) for v in line.split("rounds ")[1].split(";")[0].split(" to "))
        assert 0 < low <= median <= high
