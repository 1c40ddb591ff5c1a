"""Draw a HUD draw list (engine/ui/widgets/drawlist.py) into the bound framebuffer.

engine/gl/overlay_batch.py turns the list into a few runs, one per program (or
per font atlas for text), in an order that paints the same picture as the
list; each run is one instanced draw call here. Polylines are drawn by
engine/gl/plot_lines.py.
"""

from __future__ import annotations

from collections.abc import Sequence

import moderngl
import numpy as np

from engine.gl.plot_lines import PlotLines
from engine.gl.programs import load_program
from engine.gl.text import TextRenderer
from engine.ui.widgets.drawlist import Primitive
from engine.gl.overlay_batch import batch

# The shaders write premultiplied colour.
BLEND = (moderngl.ONE, moderngl.ONE_MINUS_SRC_ALPHA)
_VARIANTS = {"flat": "FLAT", "box": "BOX", "panel": "PANEL", "icon": "ICONS"}


class UiRenderer:
    def __init__(self, ctx: moderngl.Context):
        self.ctx = ctx
        self.programs = {name: load_program(ctx, "ui", defines={define: 1})
                         for name, define in _VARIANTS.items()}
        self.text = TextRenderer(ctx)
        self.lines = PlotLines(ctx)
        self._quad = ctx.buffer(np.array([0, 0, 1, 0, 0, 1, 1, 1], dtype="f4").tobytes())
        self._pool: list[tuple[moderngl.Buffer, dict]] = []
        self.last_draw_calls = 0

    def draw(self, draw_list: Sequence[Primitive], width: int, height: int) -> None:
        """Draw over whatever the bound framebuffer holds (no clear)."""
        ctx = self.ctx
        # This pass owns its state: blending on; depth test and culling off.
        ctx.enable_only(moderngl.BLEND)
        ctx.blend_func = BLEND
        ctx.viewport = (0, 0, int(width), int(height))
        for program in self.programs.values():
            program["u_viewport"].value = (float(width), float(height))
        self.text.begin_frame()
        calls = 0
        for i, (program, payload) in enumerate(batch(draw_list)):
            if program == "text":
                calls += self.text.draw(payload, width, height)
            elif program == "lines":
                calls += self.lines.draw(payload, width, height)
            else:
                vao = self._vao_for_run(i, program, payload)
                vao.render(moderngl.TRIANGLE_STRIP, vertices=4, instances=len(payload))
                calls += 1
        self.last_draw_calls = calls
        ctx.blend_func = moderngl.DEFAULT_BLENDING

    def _vao_for_run(self, run: int, program: str, rows: np.ndarray) -> moderngl.VertexArray:
        # One buffer per run in a frame, so no run overwrites data the GPU may
        # still be reading; a vertex array per (run, program) on that buffer.
        while len(self._pool) <= run:
            self._pool.append((self.ctx.buffer(reserve=max(8192, rows.nbytes), dynamic=True), {}))
        buf, vaos = self._pool[run]
        # Orphaning gives the buffer fresh storage, so writing it never waits
        # for last frame's draw that still reads the old contents.
        buf.orphan(max(buf.size, rows.nbytes))
        buf.write(rows.tobytes())
        if program not in vaos:
            vaos[program] = self.ctx.vertex_array(self.programs[program], [
                (self._quad, "2f", "in_corner"),
                (buf, "4f 4f 4f 4f 4f/i", "in_quad", "in_shape", "in_colour",
                 "in_params", "in_shadow"),
            ], skip_errors=True)
        return vaos[program]

    def release(self) -> None:
        for buf, vaos in self._pool:
            for vao in vaos.values():
                vao.release()
            buf.release()
        self._pool.clear()
        self._quad.release()
        for program in self.programs.values():
            program.release()
        self.text.release()
        self.lines.release()

