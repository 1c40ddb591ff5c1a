"""One whole frame of Downhill (L2): the 3-D view, then the controls over it.

The window and the offscreen runner both paint a ``Frame`` (engine/ui/frame/view.py)
through ``FramePainter``, so ``render`` writes exactly the picture the window
shows. The painter reads the frame and nothing else.
"""

from __future__ import annotations

import moderngl

from engine.gl.minimap_pass import MinimapRenderer
from engine.gl.offscreen import OffscreenTarget, hand_back_released
from engine.gl.scene_renderer import SceneRenderer
from engine.gl.static_cache import StaticCache
from engine.gl.ui import UiRenderer
from engine.support.files import interrupts_blocked
from engine.ui.frame.view import Frame


class FramePainter:
    def __init__(self, ctx: moderngl.Context, grid_resolution: int = 128) -> None:
        self.ctx = ctx
        self.scene = SceneRenderer(ctx, grid_resolution=grid_resolution)
        self.ui = UiRenderer(ctx)
        self.minimap = MinimapRenderer(ctx)
        # The still-camera cache (see SceneRenderer) copies into a
        # framebuffer of a known format; a destination of another kind (the
        # window) is painted through this one and receives a copy.
        self.target = OffscreenTarget(ctx)
        self._painted_size = (0, 0)

    def paint(self, frame: Frame, destination: moderngl.Framebuffer | None = None,
              settled: bool = False) -> None:
        """Draw ``frame`` into ``destination`` (default: the bound
        framebuffer). ``settled`` draws the still-camera picture in full
        quality at once, for single images."""
        # Ctrl+C waits for the end of the frame (see interrupts_blocked):
        # the driver compiles shader variants as it draws.
        with interrupts_blocked():
            self._paint(frame, destination, settled)

    def _paint(self, frame: Frame, destination, settled: bool) -> None:
        ctx = self.ctx
        destination = destination or ctx.fbo
        width, height = frame.width, frame.height
        view = frame.view
        destination.use()
        ctx.viewport = (0, 0, width, height)
        # A framebuffer like OffscreenTarget's takes the whole frame as it
        # is; anything else (the window) gets a copy of the finished frame.
        direct = StaticCache.can_copy_into(destination, width, height)
        fbo = destination if direct else self.target.framebuffer(width, height)
        self._last = (fbo, width, height)
        fbo.use()
        ctx.viewport = (0, 0, width, height)
        if settled:
            self.scene.draw_settled(view)
        else:
            self.scene.draw(view)
        # The controls go over the 3-D view in the same framebuffer: the
        # view is then rasterized while the controls are laid out, and the
        # frame is copied (the only wait for the rasterizer) once, at the end.
        self.scene.flush()
        self._draw_overlays(frame)
        if not direct:
            self.target.present(destination)
            destination.use()
            ctx.viewport = (0, 0, width, height)
        # Framebuffers released for a new size: the driver lets them go once
        # the size has held for a frame (not on every frame of a drag).
        if (width, height) == self._painted_size:
            hand_back_released(ctx)
        self._painted_size = (width, height)

    def read_rgb(self):
        """The last painted frame as (h, w, 3) uint8, top row first (for
        screenshots and clips from the window)."""
        import numpy as np
        fbo, width, height = self._last
        data = fbo.read(viewport=(0, 0, width, height), components=3, alignment=1)
        return np.frombuffer(data, np.uint8).reshape(height, width, 3)[::-1]

    def _draw_overlays(self, frame: Frame) -> None:
        """The teaching panels, the minimap, then the control panel (whose
        pop-up lists must stay on top of everything)."""
        width, height, view = frame.width, frame.height, frame.view
        if frame.panels or frame.minimap is not None:
            self.ui.draw(list(frame.panels), width, height)
        if frame.minimap is not None:
            self.minimap.draw(view.surface, view.balls, frame.minimap, width, height, basin=view.basin,
                              show_local_minima=view.show_local_minima)
        self.ui.draw(list(frame.hud + frame.overlays + frame.menus), width, height)

    def release(self) -> None:
        self.target.release()
        self.scene.release()
        self.ui.release()
        self.minimap.release()
