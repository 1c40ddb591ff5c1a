"""Wide, dashed, anti-aliased lines from segment instances (L2)."""

from __future__ import annotations

import moderngl
import numpy as np

from engine.gl.glstate import pass_state, set_uniforms
from engine.gl.programs import ProgramCache
from engine.maths.geometry import WorldMapping
from engine.maths.path_geometry import SEGMENT_FLOATS, PathTrace

SEGMENT_BYTES = SEGMENT_FLOATS * 4


class SegmentBuffer:
    """A growable GPU buffer of segment instances with its vertex array."""

    def __init__(self, ctx: moderngl.Context, program: moderngl.Program, capacity: int) -> None:
        self.ctx, self.program = ctx, program
        self.count = 0
        self._allocate(max(capacity, 64))

    def _allocate(self, capacity: int) -> None:
        self.capacity = capacity
        self.vbo = self.ctx.buffer(reserve=capacity * SEGMENT_BYTES, dynamic=True)
        self.vao = self.ctx.vertex_array(
            self.program, [(self.vbo, "3f 1f 3f 1f/i", "in_a", "in_sa", "in_b", "in_sb")])

    def reserve(self, capacity: int) -> bool:
        """Make room for ``capacity`` segments; True when the old contents
        were dropped and must be written again."""
        if capacity <= self.capacity:
            return False
        self.release()
        self._allocate(max(capacity, 2 * self.capacity))
        return True

    def write(self, segments: np.ndarray, first: int = 0) -> None:
        """Write ``segments`` starting at segment index ``first``."""
        if len(segments):
            self.vbo.write(np.ascontiguousarray(segments, dtype="f4").tobytes(), offset=first * SEGMENT_BYTES)
        self.count = first + len(segments)

    def release(self) -> None:
        self.vao.release()
        self.vbo.release()


class LinePass:
    def __init__(self, ctx: moderngl.Context, programs: ProgramCache) -> None:
        self.ctx = ctx
        self.program = programs.get("line")

    def buffer(self, capacity: int) -> SegmentBuffer:
        return SegmentBuffer(self.ctx, self.program, capacity)

    def draw(self, frame, segments: SegmentBuffer, count: int, *, colour, width: float,
             edge_colour=None, edge_width: float = 0.0, dash_period: float = 0.0,
             dash_duty: float = 0.5, depth_bias: float = 0.0, depth_func: str = "<=") -> None:
        if count <= 0:
            return
        edge = colour if edge_colour is None else edge_colour
        set_uniforms(self.program, u_view_proj=frame.view_proj, u_viewport=frame.viewport,
                     u_eye=frame.eye, u_width=width * frame.pixel_scale,
                     u_depth_bias=depth_bias, u_colour=tuple(colour), u_edge_colour=tuple(edge),
                     u_edge_width=edge_width * frame.pixel_scale,
                     u_dash_period=dash_period, u_dash_duty=dash_duty)
        with pass_state(self.ctx, moderngl.DEPTH_TEST | moderngl.BLEND, depth_func=depth_func,
                        depth_write=False):
            segments.vao.render(moderngl.TRIANGLE_STRIP, vertices=4, instances=count)


class PathPass:
    """Each ball's trail: incremental segment building and uploading."""

    def __init__(self, lines: LinePass) -> None:
        self.lines = lines
        self._slots: dict[int, tuple[PathTrace, SegmentBuffer, list]] = {}
        self.mapping: WorldMapping | None = None

    def reset(self, mapping: WorldMapping) -> None:
        self.release()
        self.mapping = mapping

    def _slot(self, index: int):
        if index not in self._slots:
            trace = PathTrace(self.mapping)
            self._slots[index] = (trace, self.lines.buffer(1024), [-1, 0])  # generation, uploaded
        return self._slots[index]

    def upload(self, index: int, path, head) -> int:
        """Bring ball ``index``'s GPU segments up to date; the count to draw."""
        trace, gpu, state = self._slot(index)
        trace.update(path, head)
        need = trace.count + len(trace.tail)
        rewrite = gpu.reserve(need) or state[0] != trace.generation
        first = 0 if rewrite else state[1]
        if first < trace.count:
            gpu.write(trace.segments[first:], first)
        gpu.write(trace.tail, trace.count)
        state[0], state[1] = trace.generation, trace.count
        return need

    def draw(self, frame, index: int, count: int, colour, width: float, dash_period: float) -> None:
        _, gpu, _ = self._slot(index)
        self.lines.draw(frame, gpu, count, colour=(*colour, 1.0), width=width,
                        edge_colour=(0.12, 0.02, 0.03, 0.55), edge_width=1.0,
                        dash_period=dash_period, dash_duty=0.55, depth_bias=0.01)

    def forget(self, keep: int) -> None:
        """Drop the trails of balls at index ``keep`` and above."""
        for index in [i for i in self._slots if i >= keep]:
            self._slots.pop(index)[1].release()

    def release(self) -> None:
        self.forget(0)
