"""Ctrl+C never lands inside the OpenGL driver: Mesa's software rasterizer
crashed (a segmentation fault, not exit 130) when SIGINT came while it
compiled a shader during ``record``'s start. Compiling and painting run with
SIGINT blocked; a Ctrl+C that came meanwhile arrives when they are done."""

from __future__ import annotations

import signal
import threading
from pathlib import Path

import pytest

from conftest import missing_capability


def _interrupt_self():
    """Ctrl+C at the main thread (the driver's own threads never take it:
    see the last test)."""
    signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)


def test_a_ctrl_c_during_a_shader_compile_arrives_once_the_compile_is_done(gl_ctx, monkeypatch):
    from engine.gl.programs import load_program

    compile_program = type(gl_ctx).program
    blocked_inside = []

    def compile_then_interrupt(self, **sources):
        _interrupt_self()
        # Blocked: the handler has not run, the signal waits.
        blocked_inside.append(signal.SIGINT in signal.sigpending())
        return compile_program(self, **sources)

    monkeypatch.setattr(type(gl_ctx), "program", compile_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        load_program(gl_ctx, "background")
    assert blocked_inside == [True]
    assert signal.SIGINT not in signal.sigpending()
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, set())


def test_a_ctrl_c_during_a_frame_arrives_once_the_frame_is_painted(gl_ctx):
    from engine.gl.frame import FramePainter
    from engine.gl.offscreen import OffscreenTarget
    from engine.model.scene import load_scene, make_simulation
    from engine.ui.session import Session

    scene = load_scene("default")
    session = Session(scene, make_simulation(scene), 320, 200)
    painter, target = FramePainter(gl_ctx), OffscreenTarget(gl_ctx)
    painted = []
    draw = painter._draw_overlays

    def draw_then_interrupt(frame):
        _interrupt_self()
        draw(frame)
        painted.append(True)

    painter._draw_overlays = draw_then_interrupt
    try:
        fbo = target.framebuffer(320, 200)
        fbo.use()
        with pytest.raises(KeyboardInterrupt):
            painter.paint(session.frame(), destination=fbo)
        assert painted == [True]  # the frame was finished first
    finally:
        painter.release()
        target.release()


_THREAD_MASKS = """
import os, signal, sys
from pathlib import Path
from engine.gl.context import headless_context
ctx = headless_context()
fbo = ctx.simple_framebuffer((64, 64))
fbo.use()
fbo.clear(0.2, 0.3, 0.4, 1.0)
ctx.finish()
main = str(os.getpid())
for task in Path("/proc/self/task").iterdir():
    status = (task / "status").read_text()
    blocked = next(line for line in status.splitlines() if line.startswith("SigBlk:")).split()[1]
    print("main" if task.name == main else "thread", int(blocked, 16) >> (signal.SIGINT - 1) & 1)
"""


def test_the_drivers_threads_never_take_a_ctrl_c(gl_ctx):
    """Holding Ctrl+C in the main thread is enough only because the driver's
    own threads never take SIGINT: Mesa starts them with every signal
    blocked. Checked here, in a fresh process (the driver shares its threads
    between the contexts of one process, and the tests' own came first)."""
    import subprocess
    import sys

    if not Path("/proc/self/task").is_dir():
        missing_capability("no /proc/self/task to read the threads' signal masks")
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", _THREAD_MASKS], cwd=root, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    rows = [line.split() for line in done.stdout.splitlines()]
    assert ["main", "0"] in rows
    threads = [blocked for kind, blocked in rows if kind == "thread"]
    assert threads, "the driver started no threads to check"
    assert set(threads) == {"1"}, done.stdout
