"""The minimap (L2): the ground texture of ``engine.ui.panels.minimap`` in a window
rectangle, then the paths, minima, starts and balls over it."""

from __future__ import annotations

import moderngl
import numpy as np

from engine.gl.plot_lines import PlotLines
from engine.gl.programs import load_program
from engine.maths.geometry import WorldMapping
from engine.ui.panels.minimap import ground_texture, overlay_lines
from engine.ui.widgets.controls import Rect

TEXTURE_SIZE = 192


class MinimapRenderer:
    def __init__(self, ctx: moderngl.Context, lines: PlotLines | None = None) -> None:
        self.ctx = ctx
        self.program = load_program(ctx, "minimap")
        self._vao = ctx.vertex_array(self.program, [])
        self._owns_lines = lines is None
        self.lines = lines or PlotLines(ctx)
        self._texture = None
        self._key = None
        self._mapping: tuple[object, WorldMapping | None] = (None, None)

    def mapping_for(self, surface) -> WorldMapping:
        if self._mapping[0] is not surface:
            self._mapping = (surface, WorldMapping.for_surface(surface))
        return self._mapping[1]

    def _ground(self, mapping: WorldMapping, basin) -> moderngl.Texture:
        key = (id(mapping.surface), id(basin))
        if key != self._key:
            if self._texture is not None:
                self._texture.release()
            pixels = ground_texture(mapping, TEXTURE_SIZE, basin)
            self._texture = self.ctx.texture((TEXTURE_SIZE, TEXTURE_SIZE), 4, np.ascontiguousarray(pixels).tobytes())
            self._texture.filter = (moderngl.LINEAR, moderngl.LINEAR)
            self._texture.repeat_x = self._texture.repeat_y = False
            self._key = key
        return self._texture

    def draw(self, surface, balls, rect: Rect, window_w: int, window_h: int, basin=None,
             show_local_minima: bool = True) -> None:
        """Draw the map into ``rect`` (window pixels, origin bottom-left) of
        the bound framebuffer, over what it holds."""
        if rect is None or rect.w < 2 or rect.h < 2:
            return
        mapping = self.mapping_for(surface)
        ctx = self.ctx
        ctx.enable_only(moderngl.NOTHING)
        ctx.viewport = (0, 0, int(window_w), int(window_h))
        self._ground(mapping, basin).use(location=0)
        self.program["u_ground"].value = 0
        self.program["u_viewport"].value = (float(window_w), float(window_h))
        self.program["u_rect"].value = (float(rect.x), float(rect.y), float(rect.w), float(rect.h))
        self._vao.render(moderngl.TRIANGLE_STRIP, vertices=4)
        scale = float(np.clip(rect.w / 200.0, 0.8, 2.0))
        self.lines.draw(overlay_lines(mapping, rect, balls, scale, show_local_minima), window_w, window_h)

    def release(self) -> None:
        if self._texture is not None:
            self._texture.release()
        self._vao.release()
        self.program.release()
        if self._owns_lines:
            self.lines.release()
