"""The camera-dependent layer kept between frames (L2).

While the camera is still, the backdrop, the landscape and the minima are
the same every frame. The first still frame draws them once into a plain
framebuffer; the next few frames redraw them, one horizontal band each, into
a 4x multisampled one, each band resolved a frame later into the smooth
picture, which replaces the plain copy once every band is in. A still frame
thus costs a framebuffer copy instead of the landscape, and the smooth,
anti-aliased silhouettes arrive without a stall.

Multisampling costs llvmpipe several times the plain drawing, most where
triangles crowd (the far slopes), so the bands are cut to share that cost
evenly rather than the rows: no refining frame then costs more than one
with the camera turning.
"""

from __future__ import annotations

import moderngl
import numpy as np

from engine.gl.offscreen import OffscreenTarget, note_released


class StaticCache:
    def __init__(self, ctx: moderngl.Context, samples: int = 4, bands: int = 8) -> None:
        self.ctx = ctx
        self.samples = min(samples, ctx.max_samples)
        self.bands = bands
        self.plain = OffscreenTarget(ctx)
        self.multisampled = OffscreenTarget(ctx, samples=self.samples) if self.samples > 1 else None
        # The resolved colour, paired with the plain layer's depth (the same
        # geometry), so resolving never has to average depth samples.
        self._smooth_colour = None
        self._resolve_fbo = None      # smooth colour only: the resolve target
        self._smooth_fbo = None       # smooth colour + plain depth: the copy source
        self.key = None
        self.bands_done = 0           # bands drawn into the multisampled layer
        self.bands_resolved = 0       # of those, bands resolved into the smooth colour
        self._edges = None            # band boundaries in pixel rows, bottom to top

    @property
    def smooth_ready(self) -> bool:
        return self.multisampled is not None and self.bands_resolved >= self.bands

    @staticmethod
    def can_copy_into(target, width: int, height: int) -> bool:
        """A framebuffer copy needs matching formats and the full viewport."""
        if not isinstance(target, moderngl.Framebuffer) or target.size != (width, height):
            return False
        if tuple(target.viewport) != (0, 0, width, height):
            return False
        # A detected framebuffer (the window's) does not list its attachments.
        colours, depth = target.color_attachments or (), target.depth_attachment
        return (len(colours) == 1 and isinstance(colours[0], moderngl.Renderbuffer)
                and colours[0].components == 4 and colours[0].dtype == "f1" and colours[0].samples == 0
                and isinstance(depth, moderngl.Renderbuffer) and depth.samples == 0)

    def copy_into(self, target: moderngl.Framebuffer, key, width: int, height: int, draw_static,
                  row_costs=None) -> None:
        """Bring the cache up to date for ``key`` and copy it into ``target``.
        ``draw_static(clear, rows)`` draws the layer into the bound
        framebuffer; ``rows`` (low, high), when given, is the scissor band
        of pixel rows that alone will change. ``row_costs()``, when given,
        estimates the multisampled drawing's cost per pixel row (bottom row
        first), for cutting the bands."""
        viewport = self.ctx.viewport
        if key != self.key:
            self.key = key
            self.bands_done = self.bands_resolved = 0
            costs = row_costs() if row_costs is not None else None
            self._edges = band_edges(np.ones(height) if costs is None else costs, self.bands)
            self.plain.framebuffer(width, height).use()
            self.ctx.viewport = (0, 0, width, height)
            draw_static(True, None)
        elif not self.smooth_ready and self.multisampled is not None:
            self._refine(width, height, draw_static)
        target.use()
        self.ctx.viewport = viewport
        source = self._smooth_fbo if self.smooth_ready else self.plain.fbo
        self.ctx.copy_framebuffer(target, source)

    def _refine(self, width: int, height: int, draw_static) -> None:
        """One still frame's share of the refinement: resolve the band drawn
        the frame before (its pixels are finished by now, so nothing waits
        for the rasterizer), then draw the next band."""
        fbo = self.multisampled.framebuffer(width, height)
        self._make_smooth_targets(width, height)
        fbo.use()
        self.ctx.viewport = (0, 0, width, height)
        if self.bands_resolved < self.bands_done:
            low, high = self._band_rows(self.bands_resolved)
            if high > low:
                # The scissor limits the blit, as it does drawing.
                self.ctx.scissor = (0, low, width, high - low)
                try:
                    self.ctx.copy_framebuffer(self._resolve_fbo, fbo)
                finally:
                    self.ctx.scissor = None
            self.bands_resolved += 1
        if self.bands_done < self.bands:
            low, high = self._band_rows(self.bands_done)
            if high > low:
                self.ctx.scissor = (0, low, width, high - low)
                try:
                    fbo.clear(0.0, 0.0, 0.0, 1.0, depth=1.0, viewport=(0, low, width, high - low))
                    draw_static(False, (low, high))
                finally:
                    self.ctx.scissor = None
            self.bands_done += 1

    def _band_rows(self, index: int) -> tuple[int, int]:
        """Pixel rows (low, high) of the ``index``-th band drawn. Top band
        first: Mesa's multisampled scissor lets a band touch a few samples
        of the row below it, which the next band then clears and redraws."""
        band = self.bands - 1 - index
        return int(self._edges[band]), int(self._edges[band + 1])

    def _make_smooth_targets(self, width: int, height: int) -> None:
        plain = self.plain.framebuffer(width, height)
        if self._smooth_fbo is not None and self._smooth_fbo.depth_attachment is plain.depth_attachment:
            return
        self._release_smooth()
        self._smooth_colour = self.ctx.renderbuffer((width, height), components=4)
        self._resolve_fbo = self.ctx.framebuffer(color_attachments=[self._smooth_colour])
        self._smooth_fbo = self.ctx.framebuffer(color_attachments=[self._smooth_colour],
                                                depth_attachment=plain.depth_attachment)

    def _release_smooth(self) -> None:
        if self._smooth_colour is not None:
            width, height = self._smooth_colour.size
            note_released(self.ctx, width * height * 4)
        for resource in (self._resolve_fbo, self._smooth_fbo, self._smooth_colour):
            if resource is not None:
                resource.release()
        self._resolve_fbo = self._smooth_fbo = self._smooth_colour = None

    def release(self) -> None:
        self._release_smooth()
        for target in (self.plain, self.multisampled):
            if target is not None:
                target.release()
        self.key = None
        self.bands_done = self.bands_resolved = 0


def band_edges(row_costs, bands: int) -> np.ndarray:
    """``bands`` + 1 increasing row boundaries from 0 to len(row_costs)
    that split the summed cost as evenly as whole rows allow; every band
    keeps at least one row where there are rows enough."""
    costs = np.maximum(np.asarray(row_costs, dtype=np.float64), 0.0)
    height = len(costs)
    # A floor per row: even empty rows cost a little to draw.
    costs = costs + max(costs.mean(), 1e-9) * 0.05
    total = np.concatenate([[0.0], np.cumsum(costs)])
    goals = total[-1] * np.arange(1, bands) / bands
    inner = np.searchsorted(total, goals)
    edges = np.concatenate([[0], inner, [height]]).astype(np.int64)
    if height >= bands:
        # Nudge coinciding edges apart, keeping them inside 0..height.
        for i in range(1, bands):
            edges[i] = min(max(edges[i], edges[i - 1] + 1), height - (bands - i))
    return edges
