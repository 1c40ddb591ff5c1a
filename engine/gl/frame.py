"""One whole frame of Downhill (L2): the 3-D view, then the controls over it.

The window and the offscreen runner both paint through ``FramePainter``, so
``render`` writes exactly the picture the window shows.
"""

from __future__ import annotations

import moderngl

from engine.gl.offscreen import OffscreenTarget
from engine.gl.scene_renderer import SceneRenderer
from engine.gl.ui import UiRenderer


class FramePainter:
    def __init__(self, ctx: moderngl.Context, grid_resolution: int = 128) -> None:
        self.ctx = ctx
        self.scene = SceneRenderer(ctx, grid_resolution=grid_resolution)
        self.ui = UiRenderer(ctx)
        # The 3-D view is drawn into its own framebuffer so that, while the
        # camera is still, the landscape is kept and refined rather than
        # redrawn (see SceneRenderer); the window then receives a copy.
        self.target = OffscreenTarget(ctx)

    def paint(self, session, destination: moderngl.Framebuffer | None = None,
              settled: bool = False) -> None:
        """Draw the session's frame into ``destination`` (default: the bound
        framebuffer). ``settled`` draws the still-camera picture in full
        quality at once, for single images."""
        ctx = self.ctx
        destination = destination or ctx.fbo
        width, height = session.width, session.height
        view = session.frame_view()
        fbo = self.target.framebuffer(width, height)
        fbo.use()
        ctx.viewport = (0, 0, width, height)
        if settled:
            self.scene.draw_settled(view)
        else:
            self.scene.draw(view)
        self.target.present(destination)
        destination.use()
        ctx.viewport = (0, 0, width, height)
        self.ui.draw(session.hud.draw_list(), width, height)

    def release(self) -> None:
        self.target.release()
        self.scene.release()
        self.ui.release()
