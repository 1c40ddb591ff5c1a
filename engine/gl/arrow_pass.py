"""Teaching arrows at each ball (L2), from shaders/arrow.glsl.

``ArrowPass(ctx).draw(view, mapping)`` draws, for every ball of a FrameView
that has a last step, the downhill (negative gradient) arrow and the step
arrow over the 3-D picture already in the bound framebuffer.
"""

from __future__ import annotations

import moderngl
import numpy as np

from engine.maths.arrows import (ArrowScale, arrow_polyline, arrow_vectors, noisy_gradient_arrow,
                                 trim_to_pixels)
from engine.maths.geometry import WorldMapping
from engine.model.status import Status
from engine.gl.glstate import pass_state, set_uniforms
from engine.gl.programs import load_program

GRADIENT_COLOUR = (0.72, 0.96, 1.0, 1.0)     # ice white-cyan: "downhill"
STEP_COLOUR = (1.0, 0.84, 0.18, 1.0)         # yellow: "the step taken"
NOISY_COLOUR = (1.0, 0.45, 0.85, 1.0)        # pink: "the noisy gradient the ball felt"
CURVES_UP = (0.45, 0.95, 0.55, 1.0)          # green: a direction that curves upward
CURVES_DOWN = (1.0, 0.5, 0.15, 1.0)          # orange: one that curves downward (saddle, hilltop)
OUTLINE = (0.04, 0.02, 0.03, 0.85)
SHAFT_PX, HEAD_WIDTH_PX, HEAD_LENGTH_PX = 3.2, 13.0, 14.0   # at 720 lines
INSTANCE_FLOATS = 11


def arrow_instances(mapping: WorldMapping, arrows, view_proj, width: int, height: int,
                    head_px: float) -> np.ndarray:
    """Instance rows (k, 11) for ``arrows``: (x, y, d (2,), rgba) each, the
    shaft segments then the head of each arrow."""
    rows = []
    for x, y, d, colour in arrows:
        points = arrow_polyline(mapping, x, y, d)
        parts = trim_to_pixels(points, view_proj, width, height, head_px)
        if parts is None:
            continue
        shaft, head = parts
        for a, b, kind in [(shaft[i], shaft[i + 1], 0.0) for i in range(len(shaft) - 1)] + [(head[0], head[1], 1.0)]:
            rows.append([*a, *b, *colour, kind])
    return np.asarray(rows, dtype=np.float32).reshape(-1, INSTANCE_FLOATS)


class ArrowPass:
    def __init__(self, ctx: moderngl.Context) -> None:
        self.ctx = ctx
        self.program = load_program(ctx, "arrow")
        self._buffer = ctx.buffer(reserve=INSTANCE_FLOATS * 4 * 256, dynamic=True)
        self._vao = self._vertex_array()
        self._scale_for = (None, None)

    def _vertex_array(self) -> moderngl.VertexArray:
        return self.ctx.vertex_array(self.program, [
            (self._buffer, "3f 3f 4f 1f/i", "in_a", "in_b", "in_colour", "in_kind")])

    def scale(self, surface) -> ArrowScale:
        if self._scale_for[0] is not surface:
            self._scale_for = (surface, ArrowScale.for_surface(surface))
        return self._scale_for[1]

    def arrows_for(self, view, steps) -> list:
        """(x, y, d, colour) for each ball: ``steps[i]`` is ball i's last
        step (2,) or None; a ball without one gets only its downhill arrow."""
        scale = self.scale(view.surface)
        out = []
        for ball, step in zip(view.balls, steps):
            if not (np.isfinite(ball.x) and np.isfinite(ball.y)):
                continue
            if getattr(ball, "status", None) == Status.DIVERGED:
                continue  # it has left the landscape: no slope to show out there
            for arm, down in getattr(ball, "curvature", None) or ():
                out.append((ball.x, ball.y, arm, CURVES_DOWN if down else CURVES_UP))
            downhill, taken = arrow_vectors(view.surface, (ball.x, ball.y),
                                            np.zeros(2) if step is None else step, scale)
            out.append((ball.x, ball.y, downhill, GRADIENT_COLOUR))
            felt = getattr(ball, "noisy_gradient", None)
            if felt is not None:
                out.append((ball.x, ball.y, noisy_gradient_arrow(view.surface, felt, scale), NOISY_COLOUR))
            if step is not None:
                out.append((ball.x, ball.y, taken, STEP_COLOUR))
        return out

    def draw(self, view, mapping: WorldMapping, steps, show_gradient: bool = True,
             show_step: bool = True) -> None:
        """Draw the arrows of ``view``'s balls into the bound framebuffer
        (its depth must hold the landscape). ``steps``: one (2,) or None per
        ball, its position minus its previous position."""
        arrows = [a for a in self.arrows_for(view, steps)
                  if (show_gradient and a[3] in (GRADIENT_COLOUR, NOISY_COLOUR))
                  or (show_step and a[3] is STEP_COLOUR) or a[3] in (CURVES_UP, CURVES_DOWN)]
        view_proj = view.camera.view_projection(view.width, view.height)
        pixel_scale = float(np.clip(view.height / 720.0, 1.0, 3.0))
        rows = arrow_instances(mapping, arrows, view_proj, view.width, view.height,
                               HEAD_LENGTH_PX * pixel_scale)
        if not len(rows):
            return
        data = rows.tobytes()
        if len(data) > self._buffer.size:
            self._vao.release()
            self._buffer.release()
            self._buffer = self.ctx.buffer(reserve=max(len(data), 2 * self._buffer.size), dynamic=True)
            self._vao = self._vertex_array()
        else:
            self._buffer.orphan(self._buffer.size)
        self._buffer.write(data)
        set_uniforms(self.program, u_view_proj=view_proj.astype("f4"),
                     u_viewport=(float(view.width), float(view.height)),
                     u_eye=tuple(float(v) for v in view.camera.eye),
                     u_width=SHAFT_PX * pixel_scale, u_head_width=HEAD_WIDTH_PX * pixel_scale,
                     u_depth_bias=0.03)
        with pass_state(self.ctx, moderngl.DEPTH_TEST | moderngl.BLEND, depth_func="<=", depth_write=False):
            for grow, outline in ((1.3 * pixel_scale, OUTLINE), (0.0, (0.0, 0.0, 0.0, 0.0))):
                set_uniforms(self.program, u_grow=grow, u_outline=outline)
                self._vao.render(moderngl.TRIANGLE_STRIP, vertices=4, instances=len(rows))

    def release(self) -> None:
        self._vao.release()
        self._buffer.release()
        self.program.release()
