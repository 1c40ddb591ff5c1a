"""Anti-aliased polylines for the 2-D overlay (L2), from shaders/plot.glsl.

``engine/overlay_batch.polyline_segments`` turns ``drawlist.Polyline`` items
into segment rows (pure numpy); this uploads them and draws every segment of
a run in one instanced call.
"""

from __future__ import annotations

from collections.abc import Sequence

import moderngl
import numpy as np

from engine.gl.programs import load_program
from engine.ui.widgets.drawlist import Polyline
from engine.gl.overlay_batch import SEGMENT_FLOATS, polyline_segments

# The shader writes premultiplied colour.
BLEND = (moderngl.ONE, moderngl.ONE_MINUS_SRC_ALPHA)


class PlotLines:
    def __init__(self, ctx: moderngl.Context):
        self.ctx = ctx
        self.program = load_program(ctx, "plot")
        self._buffer = ctx.buffer(reserve=SEGMENT_FLOATS * 4 * 1024, dynamic=True)
        self._vao = self._vertex_array()

    def _vertex_array(self) -> moderngl.VertexArray:
        return self.ctx.vertex_array(self.program, [
            (self._buffer, "2f 2f 4f 1f/i", "in_a", "in_b", "in_colour", "in_width")])

    def draw(self, lines: Sequence[Polyline], width: int, height: int) -> int:
        """Draw into the bound framebuffer over what it holds; returns the
        number of draw calls (0 or 1)."""
        rows = polyline_segments(lines)
        if not len(rows):
            return 0
        ctx = self.ctx
        # This pass owns its state: blending on; depth test and culling off.
        ctx.enable_only(moderngl.BLEND)
        ctx.blend_func = BLEND
        ctx.viewport = (0, 0, int(width), int(height))
        self.program["u_viewport"].value = (float(width), float(height))
        data = np.ascontiguousarray(rows, dtype="f4").tobytes()
        if len(data) > self._buffer.size:
            size = max(len(data), 2 * self._buffer.size)
            self._vao.release()
            self._buffer.release()
            self._buffer = ctx.buffer(reserve=size, dynamic=True)
            self._vao = self._vertex_array()
        else:
            # Fresh storage: writing never waits for a draw still reading.
            self._buffer.orphan(self._buffer.size)
        self._buffer.write(data)
        self._vao.render(moderngl.TRIANGLE_STRIP, vertices=4, instances=len(rows))
        return 1

    def release(self) -> None:
        self._vao.release()
        self._buffer.release()
        self.program.release()
