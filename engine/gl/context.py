"""OpenGL contexts (L2): the offscreen one through EGL, and the window's.

Both need OpenGL 3.3; where it is missing the user is told in one line what
to install, and nothing is drawn.
"""

from __future__ import annotations

import moderngl

from engine.support.errors import UsageError


def headless_context() -> moderngl.Context:
    """A standalone context with no display (``render``, ``record``, bench)."""
    try:
        return moderngl.create_standalone_context(backend="egl", require=330)
    except Exception as exc:  # no EGL, no Mesa, or too old a GL
        raise UsageError(f"cannot draw offscreen: no OpenGL 3.3 context through EGL ({first_line(exc)}); "
                         "Downhill needs OpenGL 3.3: install or update Mesa "
                         "(libegl1 libegl-mesa0 libgl1-mesa-dri)") from None


def window_context() -> moderngl.Context:
    """The context of the window whose GL context is current."""
    return moderngl.create_context(require=330)


def first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else exc.__class__.__name__
