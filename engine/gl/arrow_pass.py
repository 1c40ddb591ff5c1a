"""Teaching arrows at each ball (L2), from shaders/arrow.glsl.

``ArrowPass(ctx).draw(view, mapping)`` draws, for every ball of a FrameView
that has a last step, the downhill (negative gradient) arrow and the step
arrow over the 3-D picture already in the bound framebuffer.
"""

from __future__ import annotations

import moderngl
import numpy as np

from engine.gl.glstate import pass_state, set_uniforms
from engine.gl.programs import load_program
from engine.maths.arrows import (
    Arrow,
    ArrowScale,
    arrow_polyline,
    clip_marks,
    noisy_gradient_arrow,
    scaled_arrows,
    trim_to_pixels,
)
from engine.maths.geometry import WorldMapping

GRADIENT_COLOUR = (0.72, 0.96, 1.0, 1.0)     # ice white-cyan: "downhill"
STEP_COLOUR = (1.0, 0.84, 0.18, 1.0)         # yellow: "the step taken"
NOISY_COLOUR = (1.0, 0.45, 0.85, 1.0)        # pink: "the noisy gradient the ball felt"
CURVES_UP = (0.72, 0.62, 1.0, 1.0)           # violet: a direction that curves upward
CURVES_DOWN = (0.96, 0.36, 1.0, 1.0)         # magenta: one that curves downward (saddle, hilltop)
# (Neither is a ball's colour: a student must not read the cross as a ball's arrows.)
OUTLINE = (0.04, 0.02, 0.03, 0.85)
SHAFT_PX, HEAD_WIDTH_PX, HEAD_LENGTH_PX = 3.2, 13.0, 14.0   # at 720 lines
INSTANCE_FLOATS = 11


def arrow_instances(mapping: WorldMapping, arrows, view_proj, width: int, height: int,
                    head_px: float, eye=(0.0, 0.0, 5.0)) -> np.ndarray:
    """Instance rows (k, 11) for ``arrows``: (x, y, Arrow, rgba) each, the
    shaft segments then the head of each arrow, then its clip marks."""
    rows = []
    for x, y, arrow, colour in arrows:
        points = arrow_polyline(mapping, x, y, arrow.vector, straight=colour is STEP_COLOUR)
        parts = trim_to_pixels(points, view_proj, width, height, head_px)
        clipped = arrow.clipped
        if parts is not None:
            shaft, head = parts
            segments = [(shaft[i], shaft[i + 1], 0.0) for i in range(len(shaft) - 1)] + [(head[0], head[1], 1.0)]
            for a, b, kind in segments:
                rows.append([*a, *b, *colour, kind])
            if len(points) and np.hypot(*np.asarray(arrow.vector)) > 1e-15:
                # Cut at the landscape's rim: not its true length either.
                tx, ty, _ = mapping.from_world(points[-1])
                miss = float(tx) - (x + arrow.vector[0])
                if mapping.surface.dims == 2:
                    miss = float(np.hypot(miss, float(ty) - (y + arrow.vector[1])))
                if abs(miss) > 0.02 * mapping.surface.extent:
                    clipped = "long"
        elif clipped is None:
            continue
        if clipped is not None:
            if clipped == "short" or parts is None:
                at = mapping.ball_centre(np.array(x), np.array(y))
                along = None
            else:
                at, along = parts[0][len(parts[0]) // 2], parts[0][-1] - parts[0][0]
            for a, b in clip_marks(np.asarray(at, np.float64), along, np.asarray(eye, np.float64)):
                rows.append([*a, *b, *colour, 0.0])
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

    def arrows_for(self, view, steps=None) -> list:
        """(x, y, Arrow, colour) for each ball with a step under way: from
        where the step starts (θk), the downhill arrow there and the step
        itself toward θk+1. A ball at rest, or one that flew off, has none."""
        scale = self.scale(view.surface)
        out = []
        for ball in view.balls:
            if ball.step is None or ball.origin is None:
                continue
            x, y = ball.origin
            for arm, down in getattr(ball, "curvature", None) or ():
                out.append((ball.x, ball.y, Arrow(np.asarray(arm, np.float64)), CURVES_DOWN if down else CURVES_UP))
            downhill, taken = scaled_arrows(view.surface, (x, y), ball.step, scale)
            out.append((x, y, downhill, GRADIENT_COLOUR))
            felt = getattr(ball, "noisy_gradient", None)
            if felt is not None:
                out.append((x, y, noisy_gradient_arrow(view.surface, felt, scale), NOISY_COLOUR))
            out.append((x, y, taken, STEP_COLOUR))
        return out

    def draw(self, view, mapping: WorldMapping, steps=None, show_gradient: bool = True,
             show_step: bool = True) -> None:
        """Draw the arrows of ``view``'s balls into the bound framebuffer
        (its depth must hold the landscape). Each ball's step is its own
        ``step`` (``steps`` is kept for callers that pass it; unused)."""
        arrows = [a for a in self.arrows_for(view, steps)
                  if (show_gradient and a[3] in (GRADIENT_COLOUR, NOISY_COLOUR))
                  or (show_step and a[3] is STEP_COLOUR) or a[3] in (CURVES_UP, CURVES_DOWN)]
        view_proj = view.camera.view_projection(view.width, view.height)
        pixel_scale = float(np.clip(view.height / 720.0, 1.0, 3.0))
        rows = arrow_instances(mapping, arrows, view_proj, view.width, view.height,
                               HEAD_LENGTH_PX * pixel_scale, eye=view.camera.eye)
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
