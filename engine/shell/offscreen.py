"""The offscreen runner (L3): ``render`` and ``bench frames`` draw through the
same Session and FramePainter as the window, into an EGL context with no
display."""

from __future__ import annotations

import statistics
import time

from engine.model.overrides import Overrides
from engine.model.scene import make_simulation
from engine.support.errors import UsageError
from engine.ui.session import Session


def create_headless_context():
    from engine.gl.context import headless_context
    return headless_context()


def build_session(args, width: int, height: int) -> Session:
    scene = Overrides.from_options(args).load()
    if getattr(args, "camera", None):
        yaw, pitch, distance = args.camera
        if not (5 <= pitch <= 89 and 1 <= distance <= 20):
            raise UsageError("--camera: pitch must be 5..89 degrees and distance 1..20")
        scene.camera = {"yaw": yaw, "pitch": pitch, "distance": distance}
    session = Session(scene, make_simulation(scene), width, height)
    if getattr(args, "theme", None):
        session.set_display(theme=args.theme)
    return session


def render_command(args) -> int:
    from pathlib import Path
    out = Path(args.out)
    if out.suffix.lower() != ".png":
        raise UsageError(f"--out: {args.out} must end in .png")
    if not out.parent.is_dir():
        raise UsageError(f"--out: cannot write {args.out}: folder {out.parent} does not exist")
    width, height = args.size
    session = build_session(args, width, height)
    session.run_steps(args.steps)
    session.finish_background()  # a basin map shown by the scene is drawn complete
    image = render_session(session)
    from engine.gl.offscreen import save_png
    try:
        save_png(image, out)
    except OSError as exc:
        raise UsageError(f"--out: cannot write {args.out}: {exc.strerror or exc}") from None
    return 0


def render_session(session, ctx=None):
    """The session's frame as an (h, w, 3) uint8 array, top row first."""
    from engine.gl.frame import FramePainter
    from engine.gl.offscreen import render_frame
    own = ctx is None
    ctx = ctx or create_headless_context()
    painter = FramePainter(ctx)
    try:
        return render_frame(ctx, lambda: painter.paint(session.frame(), settled=True),
                            session.width, session.height)
    finally:
        painter.release()
        if own:
            ctx.release()


def bench_frames(args) -> int:
    """Median and 95th-percentile frame time of the default scene, offscreen.

    Each frame runs the simulation for 1/60 s and turns the camera a little,
    as a visitor dragging it would: the whole landscape is redrawn every
    frame. A second line measures a still camera (the landscape is cached).
    """
    from engine.gl.frame import FramePainter
    from engine.gl.offscreen import OffscreenTarget
    import argparse
    ctx = create_headless_context()
    renderer = ctx.info.get("GL_RENDERER", "unknown")
    print(f"Frame times of the default scene, offscreen on {renderer}, {args.frames} frames per case")
    for width, height in ((1280, 720), (1920, 1080)):
        for moving in (True, False):
            ns = argparse.Namespace(scene="default", seed=None, surface=None, optimizer=None,
                                    lr=None, momentum=None, start=None, camera=None)
            session = build_session(ns, width, height)
            painter = FramePainter(ctx)
            window = OffscreenTarget(ctx)
            fbo = window.framebuffer(width, height)
            times = []
            for frame in range(args.frames + 5):
                start = time.perf_counter()
                session.update(1 / 60)
                if moving:
                    session.camera = session.camera.orbited(0.5, 0.0)
                fbo.use()
                painter.paint(session.frame(), destination=fbo)
                ctx.finish()
                if frame >= 5:
                    times.append((time.perf_counter() - start) * 1000.0)
            painter.release()
            window.release()
            ordered = sorted(times)
            p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
            label = "camera turning" if moving else "camera still  "
            print(f"  {width}x{height} {label}: median {statistics.median(times):6.2f} ms, "
                  f"95th percentile {p95:6.2f} ms")
    ctx.release()
    return 0
