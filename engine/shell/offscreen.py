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


#: The interface scale ``render --kiosk`` draws at: the kiosk settings' default.
KIOSK_SCALE = 1.4


def build_session(args, width: int, height: int) -> Session:
    scene = Overrides.from_options(args).load()
    if getattr(args, "camera", None):
        yaw, pitch, distance = args.camera
        if not (5 <= pitch <= 89 and 1 <= distance <= 20):
            raise UsageError("--camera: pitch must be 5..89 degrees and distance 1..20")
        scene.camera = {"yaw": yaw, "pitch": pitch, "distance": distance}
    if getattr(args, "kiosk", None):
        from engine.kiosk.config import KioskConfig
        from engine.support import i18n
        # The kiosk's default settings' languages, the one on screen first:
        # one language offers no language button.
        shown = i18n.current_language()
        offered = [shown] + [c for c in KioskConfig().languages if c != shown]
        session = Session(scene, make_simulation(scene), width, height, hud_scale=KIOSK_SCALE,
                          languages=offered).dress_for_kiosk()
    else:
        session = Session(scene, make_simulation(scene), width, height)
    if getattr(args, "theme", None):
        session.set_display(theme=args.theme)
    return session


def kiosk_picture(session, mode: str, steps: int):
    """Run ``session`` as the kiosk would for ``steps`` steps and return a
    function giving the kiosk's frame (``render --kiosk``)."""
    from engine.kiosk.overlay import OverlayState, kiosk_frame
    if mode == "attract":
        from engine.kiosk.demo import Demonstration
        demo, t, dt = Demonstration(0.0, session.sim, session.selected), 0.0, 1.0 / 30
        while session.sim.steps.max() < steps and t < 120.0:
            t += dt
            session.update(dt)
            for action in demo.advance(t, session.sim, session.selected, session.hud):
                session.apply(action)
        state = OverlayState(attract=True, title=session.scene.title_shown(), now=t, demo=True,
                             narration=demo.narration, finger=demo.finger)
    else:
        session.run_steps(steps)
        state = OverlayState(countdown=7.0 if mode == "countdown" else 0.0)
    return lambda: kiosk_frame(session.frame(), session.hud, state)


def render_command(args) -> int:
    from pathlib import Path

    from engine.support.files import OutputError, check_output, shown_path
    out = Path(args.out)
    if out.suffix.lower() != ".png":
        raise UsageError(f"--out: {shown_path(args.out)} must end in .png")
    try:
        check_output(out)  # before any drawing; save_png writes through the same check
    except OutputError as exc:
        raise UsageError(f"--out: {exc}") from None
    width, height = args.size
    session = build_session(args, width, height)
    frame = None
    if getattr(args, "kiosk", None):
        frame = kiosk_picture(session, args.kiosk, args.steps)
    else:
        session.run_steps(args.steps)
    session.basins.finish()  # a basin map shown by the scene is drawn complete
    image = render_session(session, frame=frame)
    from engine.gl.offscreen import save_png
    try:
        save_png(image, out, parents=False)
    except OutputError as exc:
        raise UsageError(f"--out: {exc}") from None
    return 0


def render_session(session, ctx=None, frame=None):
    """The session's frame (or ``frame()``'s) as an (h, w, 3) uint8 array,
    top row first."""
    from engine.gl.frame import FramePainter
    from engine.gl.offscreen import render_frame
    own = ctx is None
    ctx = ctx or create_headless_context()
    painter = FramePainter(ctx)
    try:
        frame = frame or session.frame
        return render_frame(ctx, lambda: painter.paint(frame(), settled=True),
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
    Under each, the median time of a frame's three phases: stepping the
    simulation and laying out the panels (Python); drawing, which on
    llvmpipe includes rasterizing every pass that is flushed before the
    frame ends (a framebuffer switch or copy waits for it); and waiting in
    ``ctx.finish`` for the passes still queued.
    """
    import argparse

    from engine.gl.frame import FramePainter
    from engine.gl.offscreen import OffscreenTarget
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
            phases = {"simulation and panels": [], "drawing (with flushed passes rasterized)": [],
                      "waiting for the last passes": []}
            for frame in range(args.frames + 5):
                start = time.perf_counter()
                session.update(1 / 60)
                if moving:
                    session.rig.camera = session.rig.camera.orbited(0.5, 0.0)
                updated = time.perf_counter()
                fbo.use()
                painter.paint(session.frame(), destination=fbo)
                issued = time.perf_counter()
                ctx.finish()  # llvmpipe rasterizes the queued draws here
                end = time.perf_counter()
                if frame >= 5:
                    times.append((end - start) * 1000.0)
                    for phase, seconds in zip(phases.values(), (updated - start, issued - updated,
                                                                 end - issued)):
                        phase.append(seconds * 1000.0)
            painter.release()
            window.release()
            ordered = sorted(times)
            p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
            label = "camera turning" if moving else "camera still  "
            print(f"  {width}x{height} {label}: median {statistics.median(times):6.2f} ms, "
                  f"95th percentile {p95:6.2f} ms ({p95 / statistics.median(times):.2f}x the median)")
            print("      spent on: " + ", ".join(f"{name} {statistics.median(values):.2f} ms"
                                              for name, values in phases.items()))
    ctx.release()
    return 0
