"""The landscape passes (L2): the lit height field, or a 1-D curve."""

from __future__ import annotations

import moderngl
import numpy as np

from engine.gl.glstate import pass_state, set_uniforms
from engine.gl.programs import ProgramCache
from engine.maths.geometry import (
    WorldMapping,
    boxes_in_view,
    curve_points,
    grid_indices_tiled,
    grid_tile_bounds,
    surface_grid,
)
from engine.maths.path_geometry import SEGMENT_FLOATS


class SurfacePass:
    """Uploads a landscape's grid once and draws it.

    The grid is drawn in blocks, nearest first (early depth rejection then
    spares llvmpipe the shading of hidden cells); blocks outside the view,
    or outside the rows asked for, are skipped, and a flush after each of
    ``bands`` groups of blocks lets the rasterizer threads shade one group
    while this thread sets up the triangles of the next (llvmpipe sets up
    triangles on the calling thread: for this mesh, a third of the cost)."""

    TILES = 4          # blocks per side: 16 draw calls, small enough to skip
    # Multisampled, a triangle costs llvmpipe about as much as this many
    # pixels; with it the refining frames after a stop cost about the same.
    PIXELS_PER_TRIANGLE = 20.0

    def __init__(self, ctx: moderngl.Context, programs: ProgramCache, resolution: int = 128,
                 bands: int = 4) -> None:
        self.ctx = ctx
        self.program = programs.get("surface")
        self.resolution = resolution
        self.bands = bands
        self._resources: list = []
        self.vao = None
        self._ranges = None            # per block: first index, index count
        self._bounds = None            # per block: world (min, max)
        self._samples = None           # homogeneous world vertices, for cost estimates
        self.last_blocks_drawn = 0

    @property
    def blocks(self) -> int:
        return self.TILES * self.TILES

    def build(self, mapping: WorldMapping) -> None:
        self.release()
        n = self.resolution
        mesh = surface_grid(mapping, n)
        interleaved = np.hstack([mesh.positions, mesh.normals, mesh.height[:, None]]).astype("f4")
        indices, self._ranges = grid_indices_tiled(n, self.TILES)
        vbo = self.ctx.buffer(interleaved.tobytes())
        ibo = self.ctx.buffer(indices.tobytes())
        self.vao = self.ctx.vertex_array(
            self.program, [(vbo, "3f 3f 1f", "in_position", "in_normal", "in_height")],
            index_buffer=ibo, index_element_size=4)
        self._resources = [self.vao, vbo, ibo]
        grid = mesh.positions.reshape(n, n, 3).astype(np.float64)
        self._bounds = grid_tile_bounds(grid, self.TILES)
        self._samples = np.hstack([grid.reshape(-1, 3), np.ones((n * n, 1))])

    def drawing_order(self, frame, rows: tuple[int, int] | None = None) -> np.ndarray:
        """The blocks to draw, nearest the eye first. ``rows`` (low, high)
        keeps only blocks that can reach those pixel rows."""
        ndc_rows = None
        if rows is not None:
            height = frame.viewport[1]
            # A pixel of margin: a block merely touching the band is drawn.
            ndc_rows = (2.0 * (rows[0] - 1) / height - 1.0, 2.0 * (rows[1] + 1) / height - 1.0)
        blocks = np.flatnonzero(boxes_in_view(self._bounds, frame.view_proj, ndc_rows))
        centres = self._bounds[blocks].mean(axis=1)
        distance = np.linalg.norm(centres - np.asarray(frame.eye, dtype=np.float64), axis=1)
        return blocks[np.argsort(distance, kind="stable")]

    def row_costs(self, frame, height: int) -> np.ndarray:
        """An estimate of the landscape's rasterizing cost per pixel row
        (bottom row first): each grid cell counts for its two triangles
        plus its area, a triangle costing llvmpipe about as much as
        PIXELS_PER_TRIANGLE pixels."""
        n = self.resolution
        clip = self._samples @ np.asarray(frame.view_proj, np.float64)
        w = clip[:, 3:4]
        with np.errstate(divide="ignore", invalid="ignore"):
            screen = np.where(w > 1e-9, clip[:, :2] / w, np.nan).reshape(n, n, 2)
        screen = (screen + 1.0) * 0.5 * np.array([frame.viewport[0], height])
        corner = screen[:-1, :-1]
        along, across = screen[:-1, 1:] - corner, screen[1:, :-1] - corner
        area = np.abs(along[..., 0] * across[..., 1] - along[..., 1] * across[..., 0])
        centre = (corner + screen[1:, 1:]) * 0.5
        cost = 2.0 + area / self.PIXELS_PER_TRIANGLE
        rows = np.floor(centre[..., 1]).ravel()
        keep = np.isfinite(rows) & np.isfinite(cost.ravel()) & (rows >= 0) & (rows < height)
        return np.bincount(rows[keep].astype(np.int64), weights=cost.ravel()[keep], minlength=height)[:height]

    def draw(self, frame, flush=None, rows: tuple[int, int] | None = None) -> None:
        """Draw the landscape, or with ``rows`` the part that can reach
        those pixel rows (the scissor band the caller set). ``flush`` (see
        glstate.command_flusher) is called between groups of blocks."""
        set_uniforms(self.program, u_view_proj=frame.view_proj, u_eye=frame.eye, u_light=frame.light,
                     u_contours=14.0, u_grid_cells=12.0)
        order = self.drawing_order(frame, rows)
        self.last_blocks_drawn = len(order)
        groups = max(1, min(self.bands if flush is not None else 1, len(order)))
        # Cull nothing: from a low pitch the far rim's underside can show.
        # "<=" lets a redraw of the same surface pass again: Mesa's
        # multisampled scissor lets a band touch a few samples of the row
        # below it, after the backdrop has been drawn there (see StaticCache).
        with pass_state(self.ctx, moderngl.DEPTH_TEST, depth_func="<="):
            for group in range(groups):
                for block in order[len(order) * group // groups: len(order) * (group + 1) // groups]:
                    first, count = self._ranges[block]
                    self.vao.render(moderngl.TRIANGLES, vertices=int(count), first=int(first))
                if group + 1 < groups:
                    flush()

    def release(self) -> None:
        for resource in self._resources:
            resource.release()
        self._resources = []
        self.vao = None
        self._ranges = self._bounds = self._samples = None


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
