"""Frame-time measurement of any draw function, offscreen (L2)."""

from __future__ import annotations

import statistics
import time

import moderngl

from engine.gl.offscreen import OffscreenTarget


def frame_times(ctx: moderngl.Context, draw_fn, width: int, height: int, frames: int = 120,
                warmup: int = 5) -> list[float]:
    """Milliseconds per frame of ``draw_fn()`` at width x height. Each frame
    ends with ``ctx.finish()`` so the time is the real rendering time, not
    the time to queue commands."""
    target = OffscreenTarget(ctx)
    try:
        fbo = target.framebuffer(width, height)
        fbo.use()
        ctx.viewport = (0, 0, width, height)
        for _ in range(warmup):
            draw_fn()
        ctx.finish()
        times = []
        for _ in range(frames):
            start = time.perf_counter()
            draw_fn()
            ctx.finish()
            times.append((time.perf_counter() - start) * 1000.0)
        return times
    finally:
        target.release()


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return (f"median {statistics.median(times):.2f} ms, p95 {p95:.2f} ms, "  # i18n: not on screen (the terminal)
            f"max {ordered[-1]:.2f} ms ({len(times)} frames)")
