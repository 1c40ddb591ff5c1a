"""The ``record`` command (L3): a clip of a scene as MP4, GIF or PNG frames,
drawn offscreen through the window's own FramePainter.

Every frame advances the session by exactly 1/fps seconds of its clock, so
the simulation keeps its fixed step whatever the frame rate, and the same
arguments always give the same frames. A still camera is drawn from the
refined, anti-aliased landscape cache, as the window shows it once the
camera rests; a turning camera (``--orbit``) gets that refinement on every
frame, since a clip has time the window does not (``--draft`` skips it).
"""

from __future__ import annotations

import math
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from engine.ui.panels.captions import layout_caption
from engine.support.errors import UsageError
from engine.support.files import interrupts_deferred
from engine.ui.widgets.drawlist import Polyline, Text
from engine.ui.frame.view import Frame
from engine.export.clips import GIF_MAX_FPS, ClipWriter, ExportError, clip_format, even_size, mp4_support
from engine.ui.actions import SPEED_RANGE, SetSpeed
from engine.shell.offscreen import build_session, create_headless_context
from engine.export.progress import Progress, format_duration

DEFAULT_SECONDS = 10.0
DEFAULT_FPS = {"mp4": 30.0, "png": 30.0, "gif": 15.0}
DEFAULT_SIZE = {"mp4": (1280, 720), "png": (1280, 720), "gif": (960, 540)}
MAX_FRAMES = 100_000
# What the GL layer draws beyond the surface itself: the 1-D curve's fill
# reaches down to this world height, the global minimum's pin this far up.
CURVE_FLOOR = -0.08
PIN_HEIGHT = 0.24
#: The most the picture may shrink to keep the landscape off the info panel.
INFO_AVOID_ZOOM = 1.25


class ClipOverlay:
    """What FramePainter draws for a recorded frame: the session's picture
    with the chosen parts of the interface and the caption.

    ``frame()`` transforms the session's ``Frame``: it keeps or drops the
    controls and the info panel, adds the caption, and frames the landscape
    in the space the dock and the caption leave free, as the window frames
    it above the dock.
    """

    def __init__(self, session, controls: bool = True, info: bool = True,
                 caption: str | None = None, title: str | None = None, orbit: float = 0.0) -> None:
        self.session = session
        self.controls, self.info = controls, info
        layout = session.hud.layout
        self._info_rect = layout.info
        dock = layout.dock if controls else None
        avoid = [r for r in ((dock, layout.fullscreen) if controls else ()) if r is not None]
        if info and layout.info is not None:
            avoid.append(layout.info)
        if controls and session.panels.layout is not None:  # the buttons at the top right
            avoid += list(session.panels.layout.toolbar.values())
        self.caption = None
        if caption or title:
            self.caption = layout_caption(caption or "", session.width, session.height,
                                          title=title, avoid=avoid)
        self.shift_y, self.fov = self._framing(session, dock, orbit)
        # The teaching panels come along with the controls, as in the window;
        # a clip's caption is its own (--captions), never the panels' copy.
        session.panels.set_views(captions=False)

    def _framing(self, session, dock, orbit: float) -> tuple[float, float]:
        """(lens shift, field of view) for the picture.

        With the window's own layout it is the window's framing: centred in
        the space above the dock. When the layout differs (no dock, or a
        caption), the landscape is centred in the space left free, and the
        view widens (a zoom out, never in) when the landscape would not fit
        there, whichever way an orbit turns it.
        """
        height = session.height
        camera = session.rig.camera
        bottom = min(max(dock.top, 0.0), 0.5 * height) if dock is not None else 0.0
        if self.controls and self.caption is None:
            return None, None  # the window's own framing (Session.view_camera), frame by frame
        top = float(height)
        if self.caption is not None:
            if self.caption.place == "bottom":
                bottom = max(bottom, min(self.caption.rect.top, 0.5 * height))
            else:
                top = max(self.caption.rect.y, 0.5 * height)
        points = landscape_pixels(session, orbit)
        if len(points) == 0:
            return (bottom + top - height) / height, camera.fov
        shift, zoom_out = _fit(points[:, 1], bottom, top, height)
        info = self._info_rect if self.info else None
        if info is not None and info.y > bottom and _covers(points, info, shift, zoom_out, session):
            # The landscape would run under the info panel: fit it below,
            # unless that shrinks it much (then a corner under the panel,
            # as in the window, is the lesser evil).
            below = _fit(points[:, 1], bottom, min(top, info.y), height)
            if below[1] <= zoom_out * INFO_AVOID_ZOOM:
                shift, zoom_out = below
        fov = math.degrees(2 * math.atan(math.tan(math.radians(camera.fov) / 2) * zoom_out))
        return shift, fov

    @property
    def width(self) -> int:
        return self.session.width

    @property
    def height(self) -> int:
        return self.session.height

    def frame(self) -> Frame:
        """The session's frame as the clip shows it: the chosen parts of the
        interface, the clip's caption, and the landscape framed for them."""
        frame = self.session.frame()
        hud = list(frame.hud)
        if not (self.controls and self.info):
            hud = [p for p in hud if self._wanted(p)]
        if self.caption is not None:
            hud += self.caption.primitives
        if self.shift_y is None:
            view = frame.view  # framed as the window frames it
        else:
            view = replace(frame.view, camera=replace(self.session.rig.camera, shift_y=self.shift_y, fov=self.fov))
        frame = replace(frame, view=view, hud=tuple(hud))
        if not self.controls:
            # Without the controls the teaching panels (legend, loss plot,
            # map, fit) still teach; only the buttons go.
            return without_buttons(frame, self.session.panels.layout.toolbar.values())
        return frame

    def _wanted(self, primitive) -> bool:
        inside = self._info_rect is not None and _inside(primitive, self._info_rect)
        return self.info if inside else self.controls


def without_buttons(frame: Frame, toolbar) -> Frame:
    """A frame as a clip without controls shows it: every teaching panel,
    but no toolbar buttons (``toolbar``: their rectangles), no open menu,
    no dock and no notices, which nobody can press or read in a video."""
    buttons = list(toolbar)
    panels = tuple(p for p in frame.panels
                   if isinstance(p, Polyline) or not any(_inside(p, r) for r in buttons))
    return replace(frame, panels=panels, menus=(), overlays=())


def _fit(rows, bottom: float, top: float, height: int) -> tuple[float, float]:
    """(lens shift, zoom out) that centre window rows ``rows`` (as drawn
    with no shift) in the band [bottom, top], shrinking them (never growing
    them) to fit inside its margins."""
    margin = 0.04 * height
    low, high = float(rows.min()), float(rows.max())
    zoom_out = max(1.0, (high - low) / max(top - bottom - 2 * margin, 1.0))
    # Zooming out scales the picture about the middle of the window; the
    # shift then moves the landscape's middle to the band's.
    middle = height / 2 + ((low + high) / 2 - height / 2) / zoom_out
    return ((bottom + top) / 2 - middle) / (height / 2), zoom_out


def _covers(points, rect, shift: float, zoom_out: float, session) -> bool:
    width, height = session.width, session.height
    x = width / 2 + (points[:, 0] - width / 2) / zoom_out
    y = height / 2 + (points[:, 1] - height / 2) / zoom_out + shift * height / 2
    return bool(np.any((x >= rect.x) & (x <= rect.right) & (y >= rect.y) & (y <= rect.top)))


def landscape_pixels(session, orbit: float = 0.0) -> np.ndarray:
    """(n, 2) window pixels (origin bottom-left) of points on the landscape
    and its minimum's pin, for the session's camera with no lens shift, and
    for every turn of it when it orbits."""
    mapping, surface = session.mapping, session.sim.surface
    x, y = surface.sample_grid(41)
    with np.errstate(all="ignore"):
        points = [mapping.to_world(x, y).reshape(-1, 3)]
        if surface.dims == 1:
            floor = points[0].copy()
            floor[:, 1] = CURVE_FLOOR
            points.append(floor)
        best = surface.global_minimum
        pin = mapping.to_world(np.array(best.x), np.array(best.y)).reshape(-1, 3)
        points.append(pin + [0.0, PIN_HEIGHT, 0.0])
    world = np.concatenate(points)
    world = world[np.all(np.isfinite(world), axis=1)]
    camera = replace(session.rig.camera, shift_y=0.0)
    turns = np.arange(0.0, 360.0, 15.0) if orbit else [0.0]
    pixels = np.concatenate([camera.orbited(turn, 0.0).project(world, session.width, session.height)[:, :2]
                             for turn in turns])
    return pixels[np.all(np.isfinite(pixels), axis=1)]


def _inside(primitive, rect) -> bool:
    if isinstance(primitive, Text):
        return rect.contains(primitive.x, primitive.y)
    r = primitive.rect
    return rect.contains(r.cx, r.cy)


class ClipPainter:
    """Draws an overlay's frames to arrays, reusing one framebuffer."""

    def __init__(self, ctx, overlay: ClipOverlay, draft: bool = False) -> None:
        from engine.gl.frame import FramePainter
        from engine.gl.offscreen import OffscreenTarget
        self.ctx = ctx
        self.overlay = overlay
        self.painter = FramePainter(ctx)
        self.target = OffscreenTarget(ctx)
        self.draft = draft
        self._last_camera = None

    def frame(self):
        from engine.gl.offscreen import render_frame
        overlay = self.overlay
        camera = (overlay.session.rig.camera, overlay.width, overlay.height)
        # A new camera gets the full-quality picture at once; while it stays,
        # the refined landscape is reused and only what moves is drawn.
        # A draft draws a turning camera as the window does while it turns.
        settled = camera != self._last_camera and not (self.draft and self._last_camera)
        self._last_camera = camera
        return render_frame(self.ctx, lambda: self.painter.paint(overlay.frame(), settled=settled),
                            overlay.width, overlay.height, self.target)

    def release(self) -> None:
        self.painter.release()
        self.target.release()


def advance(session, seconds: float) -> None:
    """Run the session's clock for ``seconds``, in slices short enough that
    the clock's stall guard (which drops time beyond a quarter second)
    never cuts a slow frame rate short."""
    slices = max(1, math.ceil(seconds / (session.clock.max_frame * 0.999)))
    for _ in range(slices):
        session.update(seconds / slices)


def record_frames(session, painter: ClipPainter, writer: ClipWriter, frames: int, fps: float,
                  orbit: float = 0.0, progress: Progress | None = None) -> None:
    """Frame i shows the session i/fps seconds after the start."""
    home = session.rig.camera
    for i in range(frames):
        if i:
            advance(session, 1.0 / fps)
        if orbit:
            session.rig.camera = home.orbited(orbit * i / fps, 0.0)
        writer.write(painter.frame())
        if progress is not None:
            progress.update(i + 1)


def plan(args) -> dict:
    """Check the options and work out the clip before anything is drawn."""
    try:
        kind = clip_format(args.out)
    except ExportError as exc:
        raise UsageError(f"--out: {exc}") from None
    if kind == "mp4":
        problem = mp4_support()
        if problem:
            raise UsageError(problem)
    notes = []
    fps = args.fps if args.fps is not None else DEFAULT_FPS[kind]
    if kind == "gif" and fps > GIF_MAX_FPS:
        notes.append(f"a GIF plays at most {GIF_MAX_FPS:g} frames per second: recording at {GIF_MAX_FPS:g}")
        fps = GIF_MAX_FPS
    size = tuple(args.size) if args.size is not None else DEFAULT_SIZE[kind]
    if kind == "mp4" and even_size(size) != size:
        size = even_size(size)
        notes.append(f"H.264 video needs an even width and height: recording {size[0]}x{size[1]}")
    frames = max(1, round(args.seconds * fps))
    if frames > MAX_FRAMES:
        raise UsageError(f"--seconds: {args.seconds:g} s at {fps:g} frames/s is {frames:,} frames; "
                         f"the most is {MAX_FRAMES:,}")
    return {"kind": kind, "fps": fps, "size": size, "frames": frames, "notes": notes}


def record_command(args) -> int:
    clip = plan(args)
    for note in clip["notes"]:
        print(f"downhill: note: {note}", file=sys.stderr)
    width, height = clip["size"]
    session = build_session(args, width, height)
    if args.speed is not None:
        low, high = SPEED_RANGE
        if not low <= args.speed <= high:
            raise UsageError(f"--speed: {args.speed:g} steps per second is outside {low:g}..{high:g}")
        session.apply(SetSpeed(args.speed))
    options = {"preset": "veryfast"} if args.draft and clip["kind"] == "mp4" else {}
    with interrupts_deferred():  # a writer made is a writer that can clean up
        try:
            writer = ClipWriter.open(args.out, clip["fps"], clip["size"], **options)
        except ExportError as exc:
            raise UsageError(f"--out: {exc}") from None
    started = time.monotonic()
    try:
        ctx = create_headless_context()
        scene = session.scene
        # --title / --caption replace the scene's words (and imply --captions).
        words = args.captions or args.title is not None or args.caption is not None
        caption = args.caption if args.caption is not None else scene.caption_shown()
        title = args.title if args.title is not None else scene.title_shown()
        overlay = ClipOverlay(session, controls=args.controls, info=args.info,
                              caption=caption if words else None,
                              title=title if words else None, orbit=args.orbit)
        if words and overlay.caption is None:
            print(f"downhill: note: {_no_caption(scene, clip['size'])}", file=sys.stderr)
        painter = ClipPainter(ctx, overlay, draft=args.draft)
        label = f"Recording {Path(args.out).name or args.out}"
        with Progress(clip["frames"], label=label) as progress:
            record_frames(session, painter, writer, clip["frames"], clip["fps"],
                          orbit=args.orbit, progress=progress)
        painter.release()
        with Progress(writer.pending_frames, label=f"Writing {Path(args.out).name}") as progress:
            path = writer.close(progress.update)
    except KeyboardInterrupt:
        if writer.published:  # Ctrl+C came as the finished clip moved into place
            print(f"downhill: interrupted: {args.out} was written whole", file=sys.stderr)
            return 130
        writer.abort()
        print(f"downhill: interrupted: {args.out} was not written", file=sys.stderr)
        return 130
    except ExportError as exc:
        writer.abort()
        raise UsageError(f"--out: {exc}") from None
    except BaseException:
        writer.abort()
        raise
    print(summary(path, clip, time.monotonic() - started), file=sys.stderr)
    return 0


def _no_caption(scene, size) -> str:
    if not (scene.caption.strip() or scene.title.strip()):
        return f"the scene '{scene.name}' has no caption to show"
    return (f"no room for the caption at {size[0]}x{size[1]} beside the controls: "
            "try --no-controls or a larger --size")


def summary(path: Path, clip: dict, seconds: float) -> str:
    size = _bytes(path)
    width, height = clip["size"]
    length = clip["frames"] / clip["fps"]
    what = f"{clip['frames']} frames" if clip["kind"] != "png" else f"{clip['frames']} PNG frames"
    return (f"downhill: wrote {path}{'/' if clip['kind'] == 'png' else ''} ({what}, {width}x{height}, "
            f"{clip['fps']:g} fps, {length:.1f} s, {size}) in {format_duration(seconds)}")


def _bytes(path: Path) -> str:
    total = sum(p.stat().st_size for p in path.iterdir()) if path.is_dir() else path.stat().st_size
    for unit in ("bytes", "KB", "MB", "GB"):
        if total < 1000 or unit == "GB":
            return f"{total:.0f} {unit}" if unit == "bytes" else f"{total:.1f} {unit}"
        total /= 1000.0
    return ""
