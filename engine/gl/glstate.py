"""Per-pass GL state (L2): each pass states its depth, blend and cull needs.

Depth writes live on the bound framebuffer in moderngl, so a pass that turns
them off must turn them back on; ``pass_state`` does that on exit, or the
next frame's clear would leave the depth buffer stale.
"""

from __future__ import annotations

from contextlib import contextmanager

import moderngl



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
        if name not in program:
            continue
        uniform = program[name]
        if hasattr(value, "tobytes"):
            uniform.write(value.astype("f4").tobytes() if value.dtype != "f4" else value.tobytes())
        else:
            uniform.value = value
