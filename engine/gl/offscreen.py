"""Render to memory and to PNG files (L2): used by tests, `render` and
benchmarks; the window shares the same drawing code."""

from __future__ import annotations

import weakref
from pathlib import Path

import moderngl
import numpy as np

from engine.support.errors import UsageError


class OffscreenTarget:
    """An RGBA8 colour + depth framebuffer of a given size, reused while the
    size stays the same.

    The window draws the 3-D view into one of these (so SceneRenderer can
    keep its still-camera cache) and then calls ``present`` to copy the
    picture onto the screen before drawing the interface over it."""

    def __init__(self, ctx: moderngl.Context, samples: int = 0) -> None:
        self.ctx = ctx
        self.samples = samples
        self.fbo = None
        self._colour_only = None
        self.size = (0, 0)

    def framebuffer(self, width: int, height: int) -> moderngl.Framebuffer:
        if self.size != (width, height):
            self.release()
            check_framebuffer_size(self.ctx, width, height)
            colour = self.ctx.renderbuffer((width, height), components=4, samples=self.samples)
            depth = self.ctx.depth_renderbuffer((width, height), samples=self.samples)
            self.fbo = self.ctx.framebuffer(color_attachments=[colour], depth_attachment=depth)
            self.size = (width, height)
        return self.fbo

    def present(self, destination: moderngl.Framebuffer) -> None:
        """Copy the colour (not the depth) into ``destination``, e.g. the
        window's framebuffer, whatever its depth format: a copy of colour and
        depth between different depth formats is an error in OpenGL."""
        if self._colour_only is None:
            self._colour_only = self.ctx.framebuffer(color_attachments=[self.fbo.color_attachments[0]])
        self.ctx.copy_framebuffer(destination, self._colour_only)

    def release(self) -> None:
        if self._colour_only is not None:
            if self.ctx.fbo is self._colour_only:
                self.ctx.detect_framebuffer(0).use()
            self._colour_only.release()
            self._colour_only = None
        if self.fbo is not None:
            if self.ctx.fbo is self.fbo:
                # moderngl rebinds the current framebuffer whenever it makes
                # a new one; a deleted one would raise GL_INVALID_OPERATION.
                self.ctx.detect_framebuffer(0).use()
            for attachment in (*self.fbo.color_attachments, self.fbo.depth_attachment):
                attachment.release()
            self.fbo.release()
            width, height = self.size
            note_released(self.ctx, width * height * 8 * max(self.samples, 1))
        self.fbo = None
        self.size = (0, 0)


class _DriverScenes:
    """Makes Mesa's llvmpipe let go of framebuffers the program has released.

    llvmpipe bins each batch of drawing into a "scene" that holds a
    reference to every buffer it drew into or read, and drops those
    references only when it takes that scene up again. It takes the first
    idle scene, so the scenes beyond it, used only when the rasterizer was
    busy, keep old framebuffers alive for as long as the process runs: after
    a resize or a screenshot, a released 1080p multisampled pair (66 MB) and
    more stayed resident, and the process's size at the same view varied by
    hundreds of MB with what happened before. Flushing a small, quick
    batch of drawing ``SCENES`` times in a row without waiting keeps each
    scene busy while the next is taken, so every scene is taken up again and
    drops what it held. That takes about 2 ms, and runs only after a
    framebuffer of a megabyte or more was released, and only on llvmpipe."""

    SCENES = 32
    SIZE = 256

    def __init__(self, ctx: moderngl.Context) -> None:
        self.ctx = ctx
        self.released = 0
        self.applies = "llvmpipe" in str(ctx.info.get("GL_RENDERER", "")).lower()

    def cycle(self) -> None:
        from engine.gl.glstate import command_flusher

        ctx = self.ctx
        previous, viewport = ctx.fbo, ctx.viewport
        colour = ctx.renderbuffer((self.SIZE, self.SIZE))
        fbo = ctx.framebuffer(color_attachments=[colour])
        flush = command_flusher(ctx)
        try:
            fbo.use()
            for i in range(self.SCENES):
                fbo.clear(i / self.SCENES, 0.0, 0.0, 1.0)
                flush()
            ctx.finish()
        finally:
            if previous is None or isinstance(previous.mglo, moderngl.InvalidObject):
                ctx.detect_framebuffer(0).use()
            else:
                previous.use()
            ctx.viewport = viewport
            fbo.release()
            colour.release()


_driver_scenes: weakref.WeakKeyDictionary[moderngl.Context, _DriverScenes] = weakref.WeakKeyDictionary()


def _scenes(ctx: moderngl.Context) -> _DriverScenes:
    scenes = _driver_scenes.get(ctx)
    if scenes is None:
        scenes = _driver_scenes[ctx] = _DriverScenes(ctx)
    return scenes


def note_released(ctx: moderngl.Context, nbytes: int) -> None:
    """Record that framebuffer storage of ``nbytes`` was released."""
    _scenes(ctx).released += nbytes


def hand_back_released(ctx: moderngl.Context) -> bool:
    """Have the driver free the framebuffers released since the last call,
    where it would otherwise keep them (see _DriverScenes); True if it ran.
    Call it where a frame is finished, not between the passes of one."""
    scenes = _scenes(ctx)
    released, scenes.released = scenes.released, 0
    if released < (1 << 20) or not scenes.applies:
        return False
    scenes.cycle()
    return True


def check_framebuffer_size(ctx: moderngl.Context, width: int, height: int) -> None:
    """Refuse, in one line, a size this GL cannot draw at."""
    limit = int(ctx.info.get("GL_MAX_RENDERBUFFER_SIZE", 0) or 0)
    viewport = ctx.info.get("GL_MAX_VIEWPORT_DIMS") or (limit, limit)
    limit = min(limit, *viewport) if limit else min(viewport)
    if limit and max(width, height) > limit:
        raise UsageError(f"--size {width}x{height}: this OpenGL draws at most {limit}x{limit}")


def render_frame(ctx: moderngl.Context, draw_fn, width: int, height: int,
                 target: OffscreenTarget | None = None) -> np.ndarray:
    """Call ``draw_fn()`` into a width x height framebuffer and return the
    picture as (height, width, 3) uint8, top row first.

    Pass a ``target`` to reuse its framebuffer across calls (recording a
    video); without one a framebuffer is made for this call and freed.
    """
    own = target is None
    target = target or OffscreenTarget(ctx)
    try:
        fbo = target.framebuffer(width, height)
        fbo.use()
        ctx.viewport = (0, 0, width, height)
        draw_fn()
        data = fbo.read(components=3, alignment=1)
    finally:
        if own:
            target.release()
            hand_back_released(ctx)
    image = np.frombuffer(data, np.uint8).reshape(height, width, 3)
    return np.ascontiguousarray(image[::-1])


def save_png(image: np.ndarray, path, parents: bool = True) -> Path:
    """Write ``image`` (h, w, 3 or 4) as PNG, whole or not at all, making
    missing folders above it when ``parents``; OutputError (one line) if it
    cannot be written."""
    from PIL import Image

    from engine.support.files import atomic_file

    path = Path(path)
    with atomic_file(path, parents=parents) as stream:
        Image.fromarray(np.asarray(image, dtype=np.uint8)).save(stream, format="PNG")
    return path
