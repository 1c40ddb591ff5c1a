"""The 3-D picture of a frame (L2): landscape, markers, trails and balls.

``SceneRenderer(ctx).draw(view)`` draws into the framebuffer the caller has
bound (through moderngl's ``fbo.use()``), inside the caller's viewport.
GPU resources for a landscape are built when it first appears and kept
until another landscape is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass

import moderngl
import numpy as np

from engine.gl.arrow_pass import ArrowPass
from engine.gl.basin_pass import BasinPass
from engine.gl.glstate import bound_framebuffer, command_flusher
from engine.gl.line_pass import LinePass, PathPass
from engine.gl.programs import ProgramCache
from engine.gl.sprite_pass import BackgroundPass, BallPass, MarkerPass
from engine.gl.static_cache import StaticCache
from engine.gl.surface_pass import CurvePass, SurfacePass
from engine.maths.geometry import BALL_RADIUS, WorldMapping
from engine.maths.markers import VERTEX_FLOATS, Marker, marker_vertices
from engine.ui.frame.view import FrameView, path_colour

LIGHT = np.array([-0.5, 0.78, 0.38]) / np.linalg.norm([-0.5, 0.78, 0.38])
BEACON_HEIGHT = 0.24
WHITE = (1.0, 1.0, 1.0, 1.0)
PATH_WIDTH = 3.6          # pixels at 720 lines
PATH_DASH = 0.05          # world units per dash and gap
REFINE_BANDS = 8          # still frames that refine the landscape to 4x multisampling


@dataclass(frozen=True)
class FrameUniforms:
    view_proj: np.ndarray      # float32 (4, 4), pyrr layout
    eye: tuple
    light: tuple
    viewport: tuple
    pixel_scale: float         # pixel sizes are for a 720-line view; never shrunk below 1x

    @classmethod
    def for_view(cls, view: FrameView, light=LIGHT) -> FrameUniforms:
        cam = view.camera
        return cls(view_proj=cam.view_projection(view.width, view.height).astype("f4"),
                   eye=tuple(float(v) for v in cam.eye), light=tuple(float(v) for v in light),
                   viewport=(float(view.width), float(view.height)),
                   pixel_scale=float(np.clip(view.height / 720.0, 1.0, 3.0)))


class SceneRenderer:
    """Draws a FrameView.

    With ``cache_static`` the layer that changes only with the camera
    (backdrop, landscape, minima) is kept while the camera stays still and
    refined to 4x multisampling over the next few frames; each frame then
    only copies it back and draws what moves. The copy needs the bound
    framebuffer to be like the ones ``OffscreenTarget`` makes (RGBA8 colour
    and depth renderbuffers, full viewport); otherwise every frame is drawn
    in full.
    """

    def __init__(self, ctx: moderngl.Context, grid_resolution: int = 128,
                 cache_static: bool = True) -> None:
        self.ctx = ctx
        self.flush = command_flusher(ctx)
        self.programs = ProgramCache(ctx)
        self.background = BackgroundPass(ctx, self.programs)
        self.lines = LinePass(ctx, self.programs)
        self.surface_pass = SurfacePass(ctx, self.programs, grid_resolution)
        self.curve_pass = CurvePass(ctx, self.programs, self.lines)
        self.paths = PathPass(self.lines)
        self.balls = BallPass(ctx, self.programs)
        self.markers = MarkerPass(ctx, self.programs)
        self.beacon = self.lines.buffer(4)
        self.arrows = ArrowPass(ctx)
        self.basins = BasinPass(ctx, grid_resolution)
        self.static = StaticCache(ctx) if cache_static else None
        self._last_key = None
        self._minima_cache = (None, None)
        self._starts_cache = (None, None)
        self._beacon_surface = None
        self._beacon_tops = None
        self._surface = None
        self.mapping: WorldMapping | None = None

    def mapping_for(self, surface) -> WorldMapping:
        """The world mapping of ``surface``, building its GPU mesh if new."""
        if surface is not self._surface:
            self.mapping = WorldMapping.for_surface(surface)
            if surface.dims == 1:
                self.surface_pass.release()
                self.curve_pass.build(self.mapping)
            else:
                self.curve_pass.release()
                self.surface_pass.build(self.mapping)
            self.paths.reset(self.mapping)
            self._minima_cache = (None, None)
            self._starts_cache = (None, None)
            self._beacon_surface = None
            if self.static is not None:
                # A curve is cheap to draw whole; translucent fills drawn in
                # bands could show seams where bands meet.
                self.static.bands = 1 if surface.dims == 1 else REFINE_BANDS
                self.static.key = None
            self._surface = surface
            self._last_key = None
        return self.mapping

    def draw(self, view: FrameView) -> None:
        mapping = self.mapping_for(view.surface)
        frame = FrameUniforms.for_view(view)
        self.background.use_colours(view.backdrop)
        key = (id(view.surface), view.camera, view.width, view.height, view.show_local_minima,
               id(view.basin), view.backdrop)
        still = key == self._last_key
        self._last_key = key
        target = bound_framebuffer(self.ctx)
        if self.static is not None and still and self.static.can_copy_into(target, view.width, view.height):
            self.static.copy_into(target, key, view.width, view.height,
                                  lambda clear, rows: self._draw_static(view, mapping, frame, clear, rows),
                                  row_costs=lambda: self._row_costs(view, frame))
        else:
            self._draw_static(view, mapping, frame)
        # The rasterizer shades the landscape while the moving layer is built.
        self.flush()
        self._draw_moving(view, mapping, frame)

    def draw_settled(self, view: FrameView) -> None:
        """Draw ``view`` as a still camera shows it once the cache has been
        refined: anti-aliased when the bound framebuffer allows the cache.
        For single pictures (the ``render`` command, tests)."""
        self._last_key = None
        # A frame without the cache, one filling it, one per band, and one
        # resolving the last band.
        passes = 1 + (self.static.bands + 2 if self.static is not None else 0)
        for _ in range(passes):
            self.draw(view)

    def _row_costs(self, view: FrameView, frame):
        if view.surface.dims == 1:
            return None
        return self.surface_pass.row_costs(frame, view.height)

    # -- layers ----------------------------------------------------------------
    def _draw_static(self, view: FrameView, mapping: WorldMapping, frame, clear: bool = True,
                     rows: tuple[int, int] | None = None) -> None:
        """Everything that changes only with the camera or the landscape;
        ``rows`` limits the landscape to what can reach those pixel rows."""
        target = bound_framebuffer(self.ctx)
        if clear and StaticCache.can_copy_into(target, view.width, view.height):
            self.background.clear_into(target, view.width, view.height)
        else:
            if clear:
                self.ctx.clear(0.03, 0.03, 0.04, 1.0, depth=1.0, viewport=self.ctx.viewport)
            self.background.draw()
        if view.surface.dims == 1:
            self.curve_pass.draw(frame)
        else:
            self.surface_pass.draw(frame, self.flush, rows)
            if view.basin is not None:
                self.basins.draw(frame.view_proj, mapping, view.basin)
        self.markers.draw(frame, *self._minima_vertices(view, mapping, frame))

    def _draw_moving(self, view: FrameView, mapping: WorldMapping, frame) -> None:
        """The balls, their trails, shadows and start marks, and the beacon."""
        # A ball that flew off is drawn while it leaves (it has a centre of its own).
        visible = [b for b in view.balls if b.opacity > 0.0
                   and (_on_landscape(view.surface, b.x, b.y) or b.centre is not None)]
        shadows = [Marker((b.x, b.y), BALL_RADIUS * 2.4, (0.0, 0.0, 0.0, 1.0), fill=-0.65)
                   for b in visible if view.surface.dims == 2 and _on_landscape(view.surface, b.x, b.y)]
        ground = _joined([marker_vertices(mapping, frame.eye, shadows),
                          self._start_vertices(view, mapping, frame)])
        self.markers.draw(frame, *ground)

        self.paths.forget(len(view.balls))
        for index, ball in enumerate(view.balls):
            if ball.path is None or len(ball.path) == 0:
                continue
            # A ball that flew off ends its trail where its path ends.
            tail = (ball.x, ball.y) if ball.note_at is None else tuple(float(v) for v in ball.path[-1])
            count = self.paths.upload(index, ball.path, tail)
            self.paths.draw(frame, index, count, path_colour(ball.colour), width=PATH_WIDTH * view.line_scale,
                            dash_period=PATH_DASH)

        if visible:
            xs = np.array([b.x for b in visible], dtype=np.float64)
            ys = np.array([b.y for b in visible], dtype=np.float64)
            spheres = np.zeros((len(visible), 8), "f4")
            spheres[:, :3] = np.nan_to_num(mapping.ball_centre(xs, ys, BALL_RADIUS))
            for k, b in enumerate(visible):
                if b.centre is not None:
                    spheres[k, :3] = b.centre
            spheres[:, 3] = BALL_RADIUS
            spheres[:, 4:7] = [b.colour for b in visible]
            spheres[:, 7] = [b.opacity for b in visible]
            self.balls.draw(frame, spheres)
        if view.show_arrows or any(getattr(b, "curvature", None) for b in view.balls):
            self.arrows.draw(view, mapping, [b.step for b in view.balls],
                             show_gradient=view.show_arrows, show_step=view.show_arrows)
        self._draw_beacons(frame, view, mapping)

    # -- markers ---------------------------------------------------------------
    def _minima_vertices(self, view: FrameView, mapping: WorldMapping, frame):
        # Draped markers do not depend on the camera; keep them per landscape.
        key = (id(view.surface), view.show_local_minima)
        if view.surface.dims == 1 or self._minima_cache[0] != key:
            vertices = marker_vertices(mapping, frame.eye, self._minima_markers(view))
            self._minima_cache = (key if view.surface.dims == 2 else None, vertices)
        return self._minima_cache[1]

    def _start_vertices(self, view: FrameView, mapping: WorldMapping, frame):
        """The start marks; draped ones stay put while the balls roll."""
        marks = []
        for b in view.balls:
            if _on_landscape(view.surface, *b.start):
                marks.append(Marker(tuple(b.start), 0.036, (1.0, 0.96, 0.94, 0.9), ring_inner=0.78))
                marks.append(Marker(tuple(b.start), 0.03, (*b.colour, 1.0), ring_inner=0.5, fill=0.3))
        key = (id(view.surface), tuple(marks))
        if view.surface.dims == 1 or self._starts_cache[0] != key:
            vertices = marker_vertices(mapping, frame.eye, marks)
            self._starts_cache = (key if view.surface.dims == 2 else None, vertices)
        return self._starts_cache[1]

    @staticmethod
    def _minima_markers(view: FrameView) -> list[Marker]:
        out = []
        if view.show_local_minima:
            out += [Marker((m.x, m.y), 0.032, (0.8, 0.8, 0.84, 0.75), ring_inner=0.72)
                    for m in view.surface.minima if not m.is_global]
        out += [Marker((m.x, m.y), 0.07, WHITE, ring_inner=0.84, fill=0.14, glow=0.35, reach=1.6)
                for m in view.surface.global_minima]
        return out

    def _draw_beacons(self, frame, view: FrameView, mapping: WorldMapping) -> None:
        """A pin and a glowing head over each global minimum, seen faintly
        through any hill in front of them."""
        if self._beacon_surface is not view.surface:
            minima = view.surface.global_minima
            base = mapping.to_world(np.array([m.x for m in minima]), np.array([m.y for m in minima]))
            self._beacon_tops = base + np.array([0.0, BEACON_HEIGHT, 0.0])
            segs = np.zeros((len(minima), 8), "f4")
            segs[:, 0:3], segs[:, 4:7] = base, self._beacon_tops
            self.beacon.reserve(len(segs))
            self.beacon.write(segs)
            self._beacon_surface = view.surface
        top = self._beacon_tops
        for depth_func, alpha in ((">", 0.3), ("<=", 0.95)):
            self.lines.draw(frame, self.beacon, len(top), colour=(1.0, 1.0, 1.0, alpha), width=2.0,
                            depth_func=depth_func)
        heads = [Marker(tuple(p), 0.022, WHITE, ring_inner=0.0, fill=1.0, glow=0.6, reach=2.6, facing=True)
                 for p in top]
        self.markers.draw(frame, *marker_vertices(mapping, frame.eye, heads), hidden_opacity=0.3,
                          depth_bias=0.0)

    def release(self) -> None:
        for part in (self.background, self.surface_pass, self.curve_pass, self.paths, self.balls,
                     self.markers, self.beacon, self.arrows, self.basins):
            part.release()
        if self.static is not None:
            self.static.release()
        self.programs.release()


def _joined(parts):
    """One (vertices, indices) pair from several marker_vertices results."""
    parts = [(v, i) for v, i in parts if len(i)]
    if len(parts) <= 1:
        return parts[0] if parts else (np.empty((0, VERTEX_FLOATS), np.float32), np.empty(0, np.uint32))
    offsets = np.cumsum([0] + [len(v) for v, _ in parts[:-1]])
    return (np.vstack([v for v, _ in parts]),
            np.concatenate([i + np.uint32(o) for (_, i), o in zip(parts, offsets)]))


def _on_landscape(surface, x: float, y: float) -> bool:
    if not (np.isfinite(x) and np.isfinite(y)):
        return False
    lo, hi = surface.domain
    return bool(lo <= x <= hi and (surface.dims == 1 or lo <= y <= hi))
