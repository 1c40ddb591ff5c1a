"""Shared fixtures. GL tests share one headless EGL context per session and
must leave it without GL errors."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess

import pytest


def missing_capability(message: str):
    """Skip for a missing system capability, but never in CI: there the
    capability is installed by .ci/run, so its absence is a failure."""
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI must provide it: see .ci/run)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def gl_ctx():
    """One headless OpenGL 3.3 core context (Mesa llvmpipe via EGL) for the
    whole session; tests that cannot get one are skipped."""
    moderngl = pytest.importorskip("moderngl")
    try:
        ctx = moderngl.create_standalone_context(backend="egl", require=330)
    except Exception as exc:  # no EGL or no Mesa on this machine
        missing_capability(f"no headless OpenGL 3.3 context through EGL: {exc}")
    yield ctx
    ctx.release()


@pytest.fixture(autouse=True)
def _gl_errors_checked(request):
    """Every test that uses ``gl_ctx`` starts and ends with no GL error."""
    if "gl_ctx" not in request.fixturenames:
        yield
        return
    ctx = request.getfixturevalue("gl_ctx")
    assert ctx.error == "GL_NO_ERROR", "a previous test left a GL error behind"
    yield
    assert ctx.error == "GL_NO_ERROR", "the test left a GL error behind"


@contextlib.contextmanager
def xvfb_display(screen: str):
    """The display to open real windows on: $DISPLAY if set, else a private
    Xvfb with a ``screen`` like "1600x1000x24", stopped afterwards."""
    if os.environ.get("DISPLAY"):
        yield os.environ["DISPLAY"]
        return
    xvfb = shutil.which("Xvfb")
    if not xvfb:
        missing_capability("Xvfb is not installed, so no window can be opened")
    read, write = os.pipe()
    proc = subprocess.Popen([xvfb, "-displayfd", str(write), "-screen", "0", screen, "-nolisten", "tcp"],
                            pass_fds=(write,), stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    if not number:
        proc.kill()
        missing_capability("Xvfb did not start")
    try:
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@contextlib.contextmanager
def small_tmpfs(folder, why: str):
    """A 64 KiB tmpfs mounted on ``folder`` (made here), unmounted afterwards;
    a skip, naming ``why`` it is wanted, where this machine lets no test mount one."""
    folder.mkdir()
    if not shutil.which("mount") or os.geteuid() != 0:
        pytest.skip(f"mounting a small tmpfs needs root ({why})")
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"this machine does not allow mounting a tmpfs: {result.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], capture_output=True)
