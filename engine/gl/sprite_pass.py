"""Instanced quads (L2): the backdrop, the balls and the flat markers."""

from __future__ import annotations

import moderngl
import numpy as np

from engine.gl.glstate import pass_state, set_uniforms
from engine.gl.offscreen import OffscreenTarget
from engine.gl.programs import ProgramCache
from engine.maths.markers import VERTEX_FLOATS


class BackgroundPass:
    """The backdrop gradient. Into a framebuffer like OffscreenTarget's it is
    copied from a ready-made picture with cleared depth, which costs less
    than clearing and shading every pixel again."""

    def __init__(self, ctx: moderngl.Context, programs: ProgramCache,
                 top=(0.16, 0.18, 0.22), bottom=(0.025, 0.028, 0.035)) -> None:
        self.ctx = ctx
        self.program = programs.get("background")
        self.vao = ctx.vertex_array(self.program, [])
        self.top, self.bottom = top, bottom
        self.usual = (top, bottom)
        self.ready = OffscreenTarget(ctx)
        self._ready_size = None

    def use_colours(self, colours) -> None:
        """(top, bottom), or None for the usual dark gradient."""
        top, bottom = colours if colours is not None else self.usual
        if (tuple(top), tuple(bottom)) != (tuple(self.top), tuple(self.bottom)):
            self.top, self.bottom = tuple(top), tuple(bottom)
            self._ready_size = None  # the ready-made copy is stale

    def clear_into(self, target: moderngl.Framebuffer, width: int, height: int) -> None:
        """Fill ``target`` with the backdrop and clear its depth."""
        if self._ready_size != (width, height):
            viewport = self.ctx.viewport
            fbo = self.ready.framebuffer(width, height)
            fbo.use()
            self.ctx.viewport = (0, 0, width, height)
            fbo.clear(0.0, 0.0, 0.0, 1.0, depth=1.0)
            self.draw()
            target.use()
            self.ctx.viewport = viewport
            self._ready_size = (width, height)
        self.ctx.copy_framebuffer(target, self.ready.fbo)

    def draw(self) -> None:
        set_uniforms(self.program, u_top=self.top, u_bottom=self.bottom)
        # A software rasterizer shades whole pixel blocks even where a depth
        # test would reject them, so the backdrop goes first, untested.
        with pass_state(self.ctx, moderngl.NOTHING, depth_write=False):
            self.vao.render(moderngl.TRIANGLES, vertices=3)

    def release(self) -> None:
        self.vao.release()
        self.ready.release()
        self._ready_size = None


class _InstanceQuads:
    """A small per-frame instance buffer that grows when needed."""

    def __init__(self, ctx, program, layout: str, names: tuple[str, ...], floats: int) -> None:
        self.ctx, self.program, self.layout, self.names, self.floats = ctx, program, layout, names, floats
        self.vbo = self.vao = None
        self.capacity = 0

    def upload(self, data: np.ndarray) -> None:
        if len(data) > self.capacity:
            self.release()
            self.capacity = max(64, 2 * len(data))
            self.vbo = self.ctx.buffer(reserve=self.capacity * self.floats * 4, dynamic=True)
            self.vao = self.ctx.vertex_array(self.program, [(self.vbo, self.layout, *self.names)])
        if len(data):
            self.vbo.write(np.ascontiguousarray(data, dtype="f4").tobytes())

    def render(self, count: int) -> None:
        if count and self.vao is not None:
            self.vao.render(moderngl.TRIANGLE_STRIP, vertices=4, instances=count)

    def release(self) -> None:
        if self.vao is not None:
            self.vao.release()
            self.vbo.release()
        self.vao = self.vbo = None
        self.capacity = 0


HIDDEN_BALL_OPACITY = 0.35


class BallPass:
    """Glossy spheres, ray-traced per pixel on camera-facing quads."""

    def __init__(self, ctx: moderngl.Context, programs: ProgramCache) -> None:
        self.ctx = ctx
        self.program = programs.get("ball")
        self.quads = _InstanceQuads(ctx, self.program, "4f 4f/i", ("in_sphere", "in_colour"), 8)

    def draw(self, frame, spheres: np.ndarray) -> None:
        """``spheres``: (k, 8) centre xyz, radius, colour rgb, opacity."""
        if not len(spheres):
            return
        self.quads.upload(spheres)
        set_uniforms(self.program, u_view_proj=frame.view_proj, u_eye=frame.eye, u_light=frame.light)
        # A ball behind a hill shows through as a faint silhouette, as the
        # pin does; then the ball itself where nothing hides it.
        set_uniforms(self.program, u_opacity=HIDDEN_BALL_OPACITY)
        with pass_state(self.ctx, moderngl.DEPTH_TEST | moderngl.BLEND, depth_func=">", depth_write=False):
            self.quads.render(len(spheres))
        set_uniforms(self.program, u_opacity=1.0)
        with pass_state(self.ctx, moderngl.DEPTH_TEST | moderngl.BLEND, depth_func="<"):
            self.quads.render(len(spheres))

    def release(self) -> None:
        self.quads.release()


class MarkerPass:
    """Marker decals; parts hidden behind hills can be drawn faintly."""

    def __init__(self, ctx: moderngl.Context, programs: ProgramCache) -> None:
        self.ctx = ctx
        self.program = programs.get("marker")
        self.vbo = self.ibo = self.vao = None
        self.vertex_capacity = self.index_capacity = 0

    def upload(self, vertices: np.ndarray, indices: np.ndarray) -> int:
        if len(vertices) > self.vertex_capacity or len(indices) > self.index_capacity:
            self.release()
            self.vertex_capacity = max(256, 2 * len(vertices))
            self.index_capacity = max(1024, 2 * len(indices))
            self.vbo = self.ctx.buffer(reserve=self.vertex_capacity * VERTEX_FLOATS * 4, dynamic=True)
            self.ibo = self.ctx.buffer(reserve=self.index_capacity * 4, dynamic=True)
            self.vao = self.ctx.vertex_array(
                self.program, [(self.vbo, "3f 2f 4f 4f", "in_position", "in_uv", "in_colour", "in_style")],
                index_buffer=self.ibo, index_element_size=4)
        if len(indices):
            self.vbo.write(np.ascontiguousarray(vertices, dtype="f4").tobytes())
            self.ibo.write(np.ascontiguousarray(indices, dtype="u4").tobytes())
        return len(indices)

    def draw(self, frame, vertices: np.ndarray, indices: np.ndarray, hidden_opacity: float = 0.0,
             depth_bias: float = 0.002) -> None:
        count = self.upload(vertices, indices)
        if not count:
            return
        set_uniforms(self.program, u_view_proj=frame.view_proj, u_eye=frame.eye, u_depth_bias=depth_bias)
        flags = moderngl.DEPTH_TEST | moderngl.BLEND
        if hidden_opacity > 0.0:
            self.program["u_opacity"].value = hidden_opacity
            with pass_state(self.ctx, flags, depth_func=">", depth_write=False):
                self.vao.render(moderngl.TRIANGLES, vertices=count)
        self.program["u_opacity"].value = 1.0
        with pass_state(self.ctx, flags, depth_func="<=", depth_write=False):
            self.vao.render(moderngl.TRIANGLES, vertices=count)

    def release(self) -> None:
        for resource in (self.vao, self.vbo, self.ibo):
            if resource is not None:
                resource.release()
        self.vbo = self.ibo = self.vao = None
        self.vertex_capacity = self.index_capacity = 0
