"""The basin map on the 3-D landscape (L2), from shaders/basin.glsl: the
surface grid drawn a second time over the landscape, coloured with the
palette of ``engine.ui.frame.basin_palette``."""

from __future__ import annotations

import moderngl
import numpy as np

from engine.gl.glstate import pass_state, set_uniforms
from engine.gl.programs import load_program
from engine.maths.geometry import WorldMapping, surface_grid
from engine.ui.frame.basin_palette import basin_rgb

LIGHT = np.array([-0.5, 0.78, 0.38]) / np.linalg.norm([-0.5, 0.78, 0.38])


class BasinPass:
    def __init__(self, ctx: moderngl.Context, grid_resolution: int = 128) -> None:
        self.ctx = ctx
        self.n = grid_resolution
        self.program = load_program(ctx, "basin")
        self._mesh_key = self._tex_key = None
        self._vao = self._vbo = self._ibo = self._texture = None

    def _build_mesh(self, mapping: WorldMapping) -> None:
        if self._mesh_key is mapping.surface:
            return
        self._release_mesh()
        mesh = surface_grid(mapping, self.n)
        lo, hi = mapping.surface.domain
        axis = np.linspace(0.0, 1.0, self.n)
        u, v = np.meshgrid(axis, axis)
        data = np.hstack([mesh.positions, mesh.normals, np.stack([u.ravel(), v.ravel()], 1)]).astype("f4")
        self._vbo = self.ctx.buffer(data.tobytes())
        self._ibo = self.ctx.buffer(mesh.indices.tobytes())
        self._vao = self.ctx.vertex_array(self.program, [(self._vbo, "3f 3f 2f", "in_position", "in_normal", "in_uv")],
                                          index_buffer=self._ibo, index_element_size=4)
        self._mesh_key = mapping.surface

    def _build_texture(self, basin) -> None:
        if self._tex_key is basin:
            return
        if self._texture is not None:
            self._texture.release()
        rgb = basin_rgb(basin.labels, basin.surface.minima)       # row j = ys[j]: bottom row first, as GL wants
        h, w = basin.labels.shape
        self._texture = self.ctx.texture((w, h), 3, np.ascontiguousarray(rgb, dtype="f4").tobytes(), dtype="f4")
        # Nearest: a basin's edge is a boundary, not a gradient.
        self._texture.filter = (moderngl.NEAREST, moderngl.NEAREST)
        self._texture.repeat_x = self._texture.repeat_y = False
        self._tex_key = basin

    def draw(self, view_proj, mapping: WorldMapping, basin, opacity: float = 0.82) -> None:
        """Draw over the landscape already in the bound framebuffer (colour
        and depth). ``view_proj`` in pyrr's layout, as ``OrbitCamera.view_projection``."""
        if basin is None or mapping.surface.dims != 2:
            return
        self._build_mesh(mapping)
        self._build_texture(basin)
        self._texture.use(location=0)
        set_uniforms(self.program, u_view_proj=np.asarray(view_proj, "f4"), u_basins=0,
                     u_light=tuple(float(c) for c in LIGHT), u_opacity=float(opacity))
        self.ctx.polygon_offset = (-1.0, -2.0)
        try:
            with pass_state(self.ctx, moderngl.DEPTH_TEST | moderngl.BLEND, depth_func="<=", depth_write=False):
                self._vao.render(moderngl.TRIANGLES)
        finally:
            self.ctx.polygon_offset = (0.0, 0.0)

    def _release_mesh(self) -> None:
        for part in (self._vao, self._vbo, self._ibo):
            if part is not None:
                part.release()
        self._vao = self._vbo = self._ibo = None
        self._mesh_key = None

    def release(self) -> None:
        self._release_mesh()
        if self._texture is not None:
            self._texture.release()
        self.program.release()
