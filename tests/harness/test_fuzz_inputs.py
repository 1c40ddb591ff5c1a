"""Property-based fuzzing of what a user can hand Downhill: scene files,
kiosk settings and command lines.

The contract, for every input: exit 0, or exit 2 with at most two lines on
standard error naming the file or option; never a traceback, never a file
left behind. The command line is called in-process (engine.shell.cli.main)
so that many examples fit in a few seconds; max_examples stays small so the
whole harness runs in the normal test command.
"""

from __future__ import annotations

import os

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from engine.kiosk.config import load_config  # noqa: E402
from engine.shell.cli import main  # noqa: E402

FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def call(argv, capsys):
    """Run the command line; return (status, stdout, stderr)."""
    try:
        status = main(list(argv))
    except SystemExit as exc:  # --help and --version exit through argparse
        status = exc.code
    out, err = capsys.readouterr()
    return status, out, err


def assert_contract(status, err, names=()):
    assert "Traceback" not in err, err
    assert status in (0, 2), (status, err)
    if status == 2:
        lines = err.strip().splitlines()
        assert 1 <= len(lines) <= 2, err
        assert lines[-1].startswith("downhill: "), err
        if names:
            assert any(name in lines[-1] for name in names), (names, err)


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part") or p.name.startswith("."))


# -- scene files ---------------------------------------------------------------------

KEYS = ["title", "caption", "seed", "steps_per_second", "landscape", "camera", "ball", "show",
        "name", "yaw", "pitch", "distance", "optimizer", "start", "lr", "momentum", "colour",
        "label", "a\nb", "x" * 300]
scalars = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70), st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(), st.text(max_size=30), st.sampled_from(["saddle", "adam", "random", "#ff0000",
                                                          "line\nbreak", "x" * 500]))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)),
    max_leaves=12)


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return {"nan": "nan", "inf": "inf", "-inf": "-inf"}.get(repr(value), repr(value))
    if isinstance(value, str):
        return '"' + value.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f'"{toml_key(k)}" = {toml_value(v)}' for k, v in value.items()) + "}"


def toml_key(key: str) -> str:
    return key.encode("unicode_escape").decode("ascii").replace('"', '\\"')


structured_scenes = st.dictionaries(st.sampled_from(KEYS), values, max_size=6).map(
    lambda table: "\n".join(f'"{toml_key(k)}" = {toml_value(v)}' for k, v in table.items()))
pathological = st.one_of(
    st.integers(1, 3000).map(lambda n: "a = " + "[" * n + "]" * n),
    st.integers(1, 3000).map(lambda n: "a = " + "{b = " * n + "1" + "}" * n),
    st.integers(10, 6000).map(lambda n: "seed = " + "9" * n),
    st.integers(1, 400).map(lambda n: "[landscape]\nname = \"saddle\"\n[camera]\nyaw = 1" + "0" * n),
    st.text(max_size=200),
    st.sampled_from(['title = """a\nb"""\n[landscape]\nname = "bowl\\nx"\n[[ball]]\n',
                     '[landscape]\nname = "saddle"\n[[ball]]\nstart = "\\n\\n\\n"\n',
                     '[landscape]\nname = "saddle"\n[[ball]]\nlr = 1e999\n']))
VALID = '[landscape]\nname = "saddle"\n[[ball]]\noptimizer = "sgd"\n'


@FUZZ
@given(text=st.one_of(structured_scenes, pathological, structured_scenes.map(lambda t: VALID + t)))
def test_any_scene_file_gives_a_trace_or_one_line_naming_the_file(tmp_path, capsys, text):
    scene = tmp_path / "fuzzed.toml"
    scene.write_text(text, encoding="utf-8")
    out = tmp_path / "out.csv"
    status, _, err = call(["trace", "--scene", str(scene), "--steps", "2", "--out", str(out)], capsys)
    assert_contract(status, err, names=[str(scene)])
    assert out.exists() == (status == 0)
    assert leftovers(tmp_path) == []
    out.unlink(missing_ok=True)


# -- kiosk settings --------------------------------------------------------------------

SETTINGS_KEYS = ["scenes", "home_scene", "exit_chord", "exit_hold_seconds", "log_path",
                 "opening_hours", "interface_scale", "idle_seconds", "open", "close", "days",
                 "dim_brightness", "a\nb"]
settings_files = st.one_of(
    st.dictionaries(st.sampled_from(SETTINGS_KEYS), values, max_size=6).map(
        lambda table: "\n".join(f'"{toml_key(k)}" = {toml_value(v)}' for k, v in table.items())),
    pathological)


@FUZZ
@given(text=settings_files)
def test_any_kiosk_settings_file_gives_settings_and_one_line_problems(tmp_path, text):
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    config, problems = load_config(str(path), scene_problem=lambda name: None)
    assert config is not None
    for line in problems:
        assert "\n" not in line and len(line) <= 600, line
        assert line.startswith(str(path)), line


# -- command lines ------------------------------------------------------------------------

numbers = st.one_of(
    st.integers(-10**6, 10**6).map(str), st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["", "-", "1e999", "-1e999", "nan", "-inf", "99999999999999999999999", "0x10",
                     "1,2", "-2.5,1", "-35,35,3.4", "1,2,3,4", "8192x8192", "0x0", "-16x16",
                     "3x3", "\n", "a\nb", "x" * 300]))
OPTIONS = {
    "--seed": numbers, "--lr": numbers, "--momentum": numbers, "--start": numbers,
    "--surface": st.sampled_from(["saddle", "bowl", "nope", "", "a\nb"]),
    "--optimizer": st.sampled_from(["sgd", "adam", "momentum", "nope", ""]),
    "--scene": st.sampled_from(["default", "race", "nope", "", "a\x00b", "x" * 5000 + ".toml",
                                "/dev/null", "/dev/zero", "/", "-1"]),
    "--show": st.sampled_from(["arrows", "nope", "arrows,minimap", ""]),
    "--hide": st.sampled_from(["legend", "nope", ""]),
}
steps = st.one_of(st.integers(0, 30).map(str), numbers)


@FUZZ
@given(step_count=steps, options=st.dictionaries(st.sampled_from(sorted(OPTIONS)), st.none(), max_size=4),
       data=st.data(), out_kind=st.sampled_from(["stdout", "file", "folder", "nul", "long", "missing"]))
def test_any_trace_command_line_keeps_the_contract(tmp_path, capsys, step_count, options, data, out_kind):
    argv = ["trace", "--steps", step_count]
    for option in options:
        argv += [option, data.draw(OPTIONS[option], label=option)]
    out = {"stdout": None, "file": str(tmp_path / "t.csv"), "folder": str(tmp_path),
           "nul": str(tmp_path / "a\x00b.csv"), "long": str(tmp_path / ("x" * 5000)),
           "missing": str(tmp_path / "no" / "t.csv")}[out_kind]
    if out is not None:
        argv += ["--out", out]
    status, _, err = call(argv, capsys)
    assert_contract(status, err, names=["--", "scene", "steps"] + [str(tmp_path)])
    assert leftovers(tmp_path) == []
    (tmp_path / "t.csv").unlink(missing_ok=True)


@FUZZ
@given(option=st.sampled_from(["--size", "--camera", "--steps", "--seconds", "--fps", "--orbit", "--speed"]),
       value=numbers, command=st.sampled_from(["render", "record"]))
def test_numeric_options_of_render_and_record_are_checked_before_any_drawing(
        tmp_path, capsys, monkeypatch, option, value, command):
    """Every value the parser and the checks before drawing accept reaches
    the drawing step; the drawing itself is replaced here (tests/gl covers it)."""
    if command == "render" and option in ("--seconds", "--fps", "--orbit", "--speed"):
        option = "--steps"
    if command == "record" and option == "--steps":
        option = "--seconds"
    reached = []

    def no_drawing(*args, **kwargs):
        reached.append(True)
        raise SystemExit(0)

    monkeypatch.setattr("engine.shell.offscreen.render_session", no_drawing)
    monkeypatch.setattr("engine.shell.record.create_headless_context", no_drawing)
    monkeypatch.setattr("engine.shell.offscreen.Session.run_steps", lambda self, n: 0)
    out = str(tmp_path / ("x.png" if command == "render" else "x.gif"))
    status, _, err = call([command, option, value, "--out", out], capsys)
    assert_contract(status, err, names=[option])
    assert leftovers(tmp_path) == []
    if status == 2:
        assert not reached


@pytest.mark.parametrize("argv", [
    ["trace", "--steps", "2", "--start", "-2.5,1"],
    ["trace", "--steps", "2", "--start", "-.5,-1"],
    ["trace", "--steps", "2", "--seed", "3", "--start", "-1e0,0"],
])
def test_negative_numbers_are_option_values(capsys, argv):
    status, out, err = call(argv, capsys)
    assert status == 0, err
    first = out.splitlines()[1].split(",")
    assert float(first[2]) < 0


def test_a_negative_camera_yaw_is_a_value(tmp_path, capsys, monkeypatch):
    seen = {}

    def capture(session, ctx=None, frame=None):
        seen["camera"] = session.rig.camera
        raise SystemExit(0)

    monkeypatch.setattr("engine.shell.offscreen.render_session", capture)
    status, _, err = call(["render", "--camera", "-35,35,3.4", "--out", str(tmp_path / "x.png")], capsys)
    assert status == 0, err
    assert seen["camera"].yaw == pytest.approx(-35.0)


@pytest.mark.parametrize("argv, option", [
    (["trace", "--steps", "1000001"], "--steps"),
    (["render", "--size", "8192x8192", "--out", "x.png"], "--size"),
    (["render", "--size", "4096x4096", "--out", "x.png"], "--size"),
    (["bench", "frames", "--frames", "0"], "--frames"),
    (["bench", "frames", "--frames", "10001"], "--frames"),
    (["bench", "sim", "--seconds", "1e9"], "--seconds"),
    (["bench", "sim", "--seconds", "inf"], "--seconds"),
    (["bench", "soak", "--minutes", "1e9"], "--minutes"),
    (["record", "--orbit", "1e308", "--out", "x.gif"], "--orbit"),
])
def test_every_amount_of_work_has_a_limit(capsys, argv, option):
    status, _, err = call(argv, capsys)
    assert status == 2
    assert_contract(status, err, names=[option])


def test_a_long_trace_streams_in_bounded_memory(tmp_path, capsys):
    import tracemalloc

    def peak_and_size(steps):
        tracemalloc.start()
        try:
            status, _, err = call(["trace", "--steps", str(steps), "--out", str(tmp_path / "t.csv")], capsys)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert status == 0, err
        return peak, (tmp_path / "t.csv").stat().st_size

    peak_and_size(100)  # imports and caches first
    short_peak, short_size = peak_and_size(1_000)
    long_peak, long_size = peak_and_size(30_000)
    assert long_size - short_size > 2_000_000
    assert long_peak - short_peak < 200_000, (short_peak, long_peak)


# -- outputs that are not regular files -------------------------------------------------

def test_a_device_as_output_is_written_to_not_replaced(capsys):
    before = os.stat("/dev/null")
    status, _, err = call(["trace", "--steps", "3", "--out", "/dev/null"], capsys)
    after = os.stat("/dev/null")
    assert status == 0, err
    assert (after.st_ino, after.st_rdev, after.st_mode) == (before.st_ino, before.st_rdev, before.st_mode)


def test_standard_output_by_name_works(tmp_path):
    import subprocess
    import sys
    from pathlib import Path
    root = Path(__file__).resolve().parents[2]
    target = tmp_path / "redirected.csv"
    with open(target, "w") as stream:
        stream.write("before\n")
        stream.flush()
        stream.seek(0, os.SEEK_END)
        result = subprocess.run([sys.executable, str(root / "main.py"), "trace", "--steps", "2",
                                 "--out", "/dev/stdout"], stdout=stream, stderr=subprocess.PIPE,
                                text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = target.read_text().splitlines()
    assert lines[0] == "before" and lines[1] == "ball,step,x,y,loss,status,lr" and len(lines) == 5


def test_a_fifo_as_output_is_written_to(tmp_path, capsys):
    import threading
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(open(fifo).read()))
    reader.start()
    status, _, err = call(["trace", "--steps", "2", "--out", str(fifo)], capsys)
    reader.join(30)
    assert status == 0, err
    assert received and received[0].splitlines()[0] == "ball,step,x,y,loss,status,lr"
    assert os.path.exists(fifo) and not os.path.isfile(fifo)


def test_a_symlink_as_output_keeps_the_link_and_fills_its_target(tmp_path, capsys):
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    status, _, err = call(["trace", "--steps", "2", "--out", str(link)], capsys)
    assert status == 0, err
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text().startswith("ball,step")


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_the_kiosk_settings_file_that_is_no_file_is_refused_at_once(tmp_path, kind):
    path = {"device": "/dev/zero", "folder": str(tmp_path)}.get(kind, str(tmp_path / "kiosk.toml"))
    if kind == "fifo":
        os.mkfifo(path)
    config, problems = load_config(path)  # a FIFO would block here if it were opened
    assert config.source == "built-in defaults" or config.source is not None
    assert len(problems) == 1 and problems[0].startswith(path) and "built-in defaults" in problems[0]


@pytest.mark.parametrize("kind", ["fifo", "device", "nul", "long"])
def test_a_kiosk_log_path_that_is_no_file_falls_back(tmp_path, kind):
    import logging

    from engine.kiosk.log import setup_logging
    path = {"fifo": str(tmp_path / "log"), "device": "/dev/full",
            "nul": str(tmp_path / "a\x00b.log"), "long": str(tmp_path / ("x" * 5000))}[kind]
    if kind == "fifo":
        os.mkfifo(path)
    fallback = tmp_path / "fallback.log"
    used, problems = setup_logging(path, fallback=fallback, echo=False)
    try:
        assert used == fallback
        assert len(problems) == 1 and "cannot write the log file" in problems[0]
    finally:
        for handler in list(logging.getLogger("downhill").handlers):
            logging.getLogger("downhill").removeHandler(handler)
            handler.close()


def test_one_line_messages_quote_and_shorten():
    from engine.support.errors import one_line, quoted
    assert quoted("a\nb") == "'a\\nb'"
    assert quoted("x" * 100, 10) == "'" + "x" * 10 + "...'"
    assert "\n" not in one_line("a\nb\r\nc") and len(one_line("y" * 10_000)) == 300
