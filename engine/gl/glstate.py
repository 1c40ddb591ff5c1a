"""Per-pass GL state (L2): each pass states its depth, blend and cull needs.

Depth writes live on the bound framebuffer in moderngl, so a pass that turns
them off must turn them back on; ``pass_state`` does that on exit, or the
next frame's clear would leave the depth buffer stale.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from contextlib import contextmanager

import moderngl


def command_flusher(ctx: moderngl.Context) -> Callable[[], None]:
    """A ``glFlush`` for ``ctx``: hands the commands queued so far to the
    driver without waiting for them. Mesa's llvmpipe rasterizes a flushed
    batch on its worker threads while the caller goes on preparing the next
    one; without a flush it starts only when a copy, a read or the swap
    needs the pixels, and the caller's thread then sits idle.

    moderngl does not wrap glFlush; the function comes from the loader of
    the context moderngl was made with. Where that is unavailable the
    flusher does nothing, which only costs the overlap."""
    try:
        address = ctx.mglo._context.load_opengl_function("glFlush")
    except Exception:  # another moderngl or loader: no flush, same picture
        address = 0
    if not address:
        return lambda: None
    return ctypes.CFUNCTYPE(None)(address)


def bound_framebuffer(ctx: moderngl.Context):
    return ctx.fbo if ctx.fbo is not None else ctx.screen


@contextmanager
def pass_state(ctx: moderngl.Context, flags: int, *, depth_func: str = "<=",
               depth_write: bool = True, blend=moderngl.DEFAULT_BLENDING):
    fbo = bound_framebuffer(ctx)
    ctx.enable_only(flags)
    if flags & moderngl.DEPTH_TEST:
        ctx.depth_func = depth_func
    if flags & moderngl.BLEND:
        ctx.blend_func = blend
    if fbo is not None and not depth_write:
        fbo.depth_mask = False
    try:
        yield
    finally:
        if fbo is not None and not depth_write:
            fbo.depth_mask = True


def set_uniforms(program: moderngl.Program, **values) -> None:
    """Set uniforms by name; a name the compiler optimized away is skipped."""
    for name, value in values.items():
        # get(), not "in": a Program has no __contains__, so "in" walks
        # every member, and this runs for every draw.
        uniform = program.get(name, None)
        if uniform is None:
            continue
        if hasattr(value, "tobytes"):
            uniform.write(value.astype("f4").tobytes() if value.dtype != "f4" else value.tobytes())
        else:
            uniform.value = value
