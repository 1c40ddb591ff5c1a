"""The landscape passes (L2): the lit height field, or a 1-D curve."""

from __future__ import annotations

import numpy as np
import moderngl

from engine.geometry import WorldMapping, curve_points, surface_grid
from engine.gl.glstate import pass_state, set_uniforms
from engine.gl.programs import ProgramCache
from engine.path_geometry import SEGMENT_FLOATS

class SurfacePass:
    """Uploads a landscape's grid once and draws it."""

    def __init__(self, ctx: moderngl.Context, programs: ProgramCache, resolution: int = 128) -> None:
        self.ctx = ctx
        self.program = programs.get("surface")
        self.resolution = resolution
        self._resources: list = []
        self.vao = None

    def build(self, mapping: WorldMapping) -> None:
        self.release()
        mesh = surface_grid(mapping, self.resolution)
        interleaved = np.hstack([mesh.positions, mesh.normals, mesh.height[:, None]]).astype("f4")
        vbo = self.ctx.buffer(interleaved.tobytes())
        ibo = self.ctx.buffer(mesh.indices.tobytes())
        self.vao = self.ctx.vertex_array(
            self.program, [(vbo, "3f 3f 1f", "in_position", "in_normal", "in_height")],
            index_buffer=ibo, index_element_size=4)
        self._resources = [self.vao, vbo, ibo]

    def draw(self, frame) -> None:
        set_uniforms(self.program, u_view_proj=frame.view_proj, u_eye=frame.eye, u_light=frame.light,
                     u_contours=14.0, u_grid_cells=12.0)
        # Cull nothing: from a low pitch the far rim's underside can show.
        # "<=" lets a redraw of the same surface pass again: Mesa's
        # multisampled scissor lets a band touch a few samples of the row
        # below it, after the backdrop has been drawn there (see StaticCache).
        with pass_state(self.ctx, moderngl.DEPTH_TEST, depth_func="<="):
            self.vao.render(moderngl.TRIANGLES)

    def release(self) -> None:
        for resource in self._resources:
            resource.release()
        self._resources = []
        self.vao = None


class CurvePass:
    """A 1-D landscape: a shaded area under the curve and the curve itself
    as a thick anti-aliased line in the x/height plane."""

    def __init__(self, ctx: moderngl.Context, programs: ProgramCache, lines) -> None:
        self.ctx = ctx
        self.program = programs.get("curve_fill")
        self.lines = lines
        self._resources: list = []
        self.fill_vao = None
        self.segments = None

    def build(self, mapping: WorldMapping) -> None:
        self.release()
        points = curve_points(mapping)
        floor = points.copy()
        floor[:, 1] = -0.08
        height = points[:, 1] / mapping.height_range
        strip = np.empty((2 * len(points), 4), "f4")
        strip[0::2, :3], strip[0::2, 3] = points, height
        strip[1::2, :3], strip[1::2, 3] = floor, height
        vbo = self.ctx.buffer(strip.tobytes())
        self.fill_vao = self.ctx.vertex_array(self.program, [(vbo, "3f 1f", "in_position", "in_height")])
        self._resources = [self.fill_vao, vbo]
        segs = np.empty((len(points) - 1, SEGMENT_FLOATS), "f4")
        segs[:, 0:3], segs[:, 4:7] = points[:-1], points[1:]
        segs[:, 3] = segs[:, 7] = 0.0
        self.segments = self.lines.buffer(len(segs))
        self.segments.write(segs)

    def draw(self, frame) -> None:
        set_uniforms(self.program, u_view_proj=frame.view_proj)
        with pass_state(self.ctx, moderngl.BLEND, depth_write=False):
            self.fill_vao.render(moderngl.TRIANGLE_STRIP)
        self.lines.draw(frame, self.segments, self.segments.count, colour=(0.95, 0.3, 0.24, 1.0),
                        width=7.0, edge_colour=(0.45, 0.03, 0.05, 1.0), edge_width=1.5)

    def release(self) -> None:
        for resource in self._resources:
            resource.release()
        self._resources = []
        if self.segments is not None:
            self.segments.release()
            self.segments = None
