"""The camera-dependent layer kept between frames (L2).

While the camera is still, the backdrop, the landscape and the minima are
the same every frame. The first still frame draws them once into a plain
framebuffer; the next few frames redraw them, one horizontal band each, into
a 4x multisampled one, whose resolved picture then replaces the plain copy.
Every still frame thus costs two framebuffer copies instead of the
landscape, and the smooth, anti-aliased silhouettes arrive without a stall.
"""

from __future__ import annotations

import moderngl

from engine.gl.offscreen import OffscreenTarget


class StaticCache:
    def __init__(self, ctx: moderngl.Context, samples: int = 4, bands: int = 4) -> None:
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
        self.bands_done = 0

    @property
    def smooth_ready(self) -> bool:
        return self.multisampled is not None and self.bands_done >= self.bands

    @staticmethod
    def can_copy_into(target, width: int, height: int) -> bool:
        """A framebuffer copy needs matching formats and the full viewport."""
        if not isinstance(target, moderngl.Framebuffer) or target.size != (width, height):
            return False
        if tuple(target.viewport) != (0, 0, width, height):
            return False
        colours, depth = target.color_attachments, target.depth_attachment
        return (len(colours) == 1 and isinstance(colours[0], moderngl.Renderbuffer)
                and colours[0].components == 4 and colours[0].dtype == "f1" and colours[0].samples == 0
                and isinstance(depth, moderngl.Renderbuffer) and depth.samples == 0)

    def copy_into(self, target: moderngl.Framebuffer, key, width: int, height: int, draw_static) -> None:
        """Bring the cache up to date for ``key`` and copy it into ``target``.
        ``draw_static(clear)`` draws the layer into the bound framebuffer."""
        viewport = self.ctx.viewport
        if key != self.key:
            self.key = key
            self.bands_done = 0
            self.plain.framebuffer(width, height).use()
            self.ctx.viewport = (0, 0, width, height)
            draw_static(True)
        elif not self.smooth_ready and self.multisampled is not None:
            self._draw_band(width, height, draw_static)
        target.use()
        self.ctx.viewport = viewport
        source = self._smooth_fbo if self.smooth_ready else self.plain.fbo
        self.ctx.copy_framebuffer(target, source)

    def _draw_band(self, width: int, height: int, draw_static) -> None:
        fbo = self.multisampled.framebuffer(width, height)
        fbo.use()
        self.ctx.viewport = (0, 0, width, height)
        if self.bands_done == 0:
            fbo.clear(0.0, 0.0, 0.0, 1.0, depth=1.0)
        # Top band first: Mesa's multisampled scissor lets a band touch a
        # few samples of the row below it, which the next band then redraws.
        band = self.bands - 1 - self.bands_done
        low = height * band // self.bands
        high = height * (band + 1) // self.bands
        self.ctx.scissor = (0, low, width, high - low)
        try:
            draw_static(False)
        finally:
            self.ctx.scissor = None
        self.bands_done += 1
        if self.smooth_ready:
            self._make_smooth_targets(width, height)
            self.ctx.copy_framebuffer(self._resolve_fbo, fbo)

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
        self.bands_done = 0
