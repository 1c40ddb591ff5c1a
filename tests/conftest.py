"""Shared fixtures. GL tests share one headless EGL context per session and
must leave it without GL errors."""

from __future__ import annotations

import os

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
