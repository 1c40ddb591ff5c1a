"""``bench attract``: a simulated day of the kiosk's attract mode, offscreen,
watching memory, as the kiosk window runs it (director, stage, the
demonstration, the overlay) on a simulated clock. Its readings are made and
summarised as ``bench soak``'s are (engine/shell/soak.py)."""

from __future__ import annotations

import random
import sys
import time

from engine.shell.soak import rss_megabytes

#: A simulated day of attract mode is stepped this many seconds at a time,
#: and drawn once every DAY_FRAME_EVERY steps: a day of real frames would
#: take a day.
DAY_TICK_SECONDS = 0.5
DAY_FRAME_EVERY = 6


def attract_day(hours: float, width: int = 1920, height: int = 1080, out=sys.stdout) -> dict:
    """``bench attract``: the kiosk's attract mode for ``hours`` of simulated
    time, offscreen, as the kiosk window runs it (director, stage, the
    demonstration, the overlay), on a simulated clock; prints RSS every
    simulated hour and the growth after the first scene cycle."""
    from engine.gl.frame import FramePainter
    from engine.gl.offscreen import OffscreenTarget
    from engine.kiosk.config import KioskConfig
    from engine.kiosk.demo import Demonstration
    from engine.kiosk.director import KioskDirector, ShowScene, burn_in_offset
    from engine.kiosk.overlay import OverlayState, kiosk_frame
    from engine.kiosk.stage import KioskStage
    from engine.shell.heap import TRIM_SECONDS, give_back_free_memory
    from engine.shell.offscreen import create_headless_context

    ctx = create_headless_context()
    config = KioskConfig()
    seeds = random.Random(1)
    stage = KioskStage(width, height, 1.4, new_seed=lambda: seeds.randrange(2**63))
    now = 0.0
    director = KioskDirector(config, now)
    session = stage.show(director.scene)
    painter = FramePainter(ctx)
    target = OffscreenTarget(ctx)
    demo = None
    end = hours * 3600.0
    # The first cycle through the scenes fills the caches: growth is measured after it.
    warm_up = (config.idle_seconds + config.countdown_seconds
               + len(config.scenes) * config.attract_scene_seconds)
    samples: list[tuple[float, float]] = []
    changes, frames, ticks = 0, 0, 0
    next_report, next_trim = 0.0, TRIM_SECONDS
    warmed = False
    print(f"Attract mode: {hours:g} simulated hours at {width}x{height}, offscreen on "
          f"{ctx.info.get('GL_RENDERER', 'unknown')}; {len(config.scenes)} scenes, "
          f"{config.attract_scene_seconds:g} s each", file=out)
    print("    hours    RSS MB  scene changes  frames", file=out)
    started = time.monotonic()
    try:
        while True:
            if now >= next_report or now >= end or (now >= warm_up and not warmed):
                warmed = now >= warm_up
                rss = rss_megabytes()
                samples.append((now, rss))
                print(f"  {now / 3600:7.2f}  {rss:8.1f}  {changes:13d}  {frames:6d}", file=out, flush=True)
                if now >= next_report:
                    next_report += 3600.0
                if now >= end:
                    break
            now += DAY_TICK_SECONDS
            ticks += 1
            session.update(DAY_TICK_SECONDS)
            director.tick(now, session.sim.status)
            for command in director.take_commands():
                stage.apply(command)
                if isinstance(command, ShowScene):
                    session = stage.session
                    changes += 1
                    demo = Demonstration(now, session.sim, session.selected) if config.attract_demo else None
            if demo is not None:
                for action in demo.advance(now, session.sim, session.selected, session.hud):
                    session.apply(action)
            if ticks % DAY_FRAME_EVERY == 0:
                state = OverlayState(attract=director.attract, title=session.scene.title_shown(),
                                     offset=burn_in_offset(now, config.burn_in_shift_pixels,
                                                           config.burn_in_shift_seconds),
                                     now=now, demo=demo is not None,
                                     narration=demo.narration if demo is not None else "",
                                     finger=demo.finger if demo is not None else None)
                fbo = target.framebuffer(session.width, session.height)
                fbo.use()
                painter.paint(kiosk_frame(session.frame(), session.hud, state), destination=fbo)
                frames += 1
            if now >= next_trim:
                give_back_free_memory()
                next_trim += TRIM_SECONDS
    finally:
        painter.release()
        target.release()
        ctx.release()
    after = [(t, r) for t, r in samples if t >= warm_up] or samples[-1:]
    grown = samples[-1][1] - after[0][1]
    print(f"RSS {after[0][1]:.1f} MB after the first cycle of scenes, {samples[-1][1]:.1f} MB after "
          f"{hours:g} simulated hours: {grown:+.1f} MB over {changes} scene changes and {frames} frames "
          f"({time.monotonic() - started:.0f} s)", file=out)
    return {"grown": grown, "changes": changes, "frames": frames, "samples": samples}
