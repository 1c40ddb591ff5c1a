"""``bench soak``: a long run of random use, offscreen, watching memory.

A Session is driven as a visitor would drive the window: taps and drags on
the controls and the landscape, flicks of the camera, the window's keys as
actions, scene changes, resizes, screenshots and clips; every frame is painted
through the same FramePainter as the window, into an EGL context with no
display. The report gives the process's resident memory (RSS) over time,
GL errors and exceptions, and the growth rate after the warm-up.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

from engine.ui.actions import LoadScene

#: Memory grows while caches fill (glyph atlases, the basin map, shaders):
#: the rate is measured from this point on.
WARM_UP_SECONDS = 30.0
#: The longest soak the command runs (a working day).
MAX_MINUTES = 600.0
SIZES = ((1280, 720), (1920, 1080), (1024, 768))


def rss_megabytes() -> float:
    """The process's resident memory now, in MB (Linux /proc; elsewhere the
    peak from getrusage, the closest the standard library offers)."""
    try:
        with open("/proc/self/statm") as stream:
            pages = int(stream.read().split()[1])
        import os
        return pages * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError, IndexError):
        import resource
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / (1e6 if sys.platform == "darwin" else 1e3)


class RandomVisitor:
    """Random input for a Session, from one seeded generator."""

    def __init__(self, session, seed: int, scene_names: list[str], capture=None, record=None) -> None:
        """``capture()`` takes a screenshot, ``record(frames)`` a clip of
        that many frames; without them those actions do nothing."""
        self.session = session
        self.rng = random.Random(seed)
        self.scene_names = scene_names
        self.screenshots = 0
        self.clips = 0
        self._capture, self._record = capture, record
        from engine.shell.window_actions import window_registry
        self.actions = window_registry(self)

    def act(self) -> str:
        """Do one random thing; returns what it did."""
        s, rng = self.session, self.rng
        w, h = s.width, s.height
        roll = rng.random()
        if roll < 0.35:
            self._drag(rng.uniform(0, w), rng.uniform(0, h), rng.randint(1, 12))
            return "drag"
        if roll < 0.6:
            self._tap(rng.uniform(0, w), rng.uniform(0, h))
            return "tap"
        if roll < 0.8:
            self._key()
            return "key"
        if roll < 0.88:
            s.apply(LoadScene(rng.choice(self.scene_names)))
            return "scene"
        if roll < 0.93:
            s.resize(*rng.choice(SIZES))
            return "resize"
        if roll < 0.97 or self._record is None:
            self._screenshot()
            return "screenshot"
        self._clip()
        return "clip"

    def _screenshot(self) -> None:
        if self._capture is None:
            return
        self._capture()
        self.screenshots += 1

    def _clip(self) -> None:
        if self._record is None:
            return
        self._record(self.rng.randint(10, 40))
        self.clips += 1

    def _press(self, px: float, py: float) -> str:
        s = self.session
        if s.panels.on_press(px, py):
            return "panels"
        if s.hud.on_press(px, py):
            return "hud"
        s.rig.hold()
        return "camera"

    # -- the window's part, as the window does it (engine/shell/window_actions.py) --
    @property
    def fullscreen(self) -> bool:
        return self.session.fullscreen

    def go_fullscreen(self, on: bool) -> None:
        self.session.fullscreen = bool(on)

    def take_screenshot(self) -> None:
        self._screenshot()

    def toggle_recording(self) -> None:
        self._clip()

    def save_scene(self) -> None:
        from engine.model.scene_writer import scene_toml
        scene_toml(self.session.scene_snapshot())

    def close_window(self) -> None:
        pass  # a visitor cannot end the soak

    def apply(self, action) -> None:
        self.actions.carry_out(action)

    def _apply(self, actions) -> None:
        """Carry out what a tap or drag asked for, through the window's own
        registry of actions."""
        for action in actions:
            self.apply(action)

    def _drag(self, x: float, y: float, moves: int) -> None:
        s, rng = self.session, self.rng
        gesture = self._press(x, y)
        for _ in range(moves):
            dx, dy = rng.uniform(-40, 40), rng.uniform(-40, 40)
            x, y = x + dx, y + dy
            if gesture == "camera":
                s.rig.orbit_by_pixels(dx, dy, s.height)
            else:
                self._apply(getattr(s, gesture).on_drag(x, y))
            s.update(1 / 60)
        if gesture == "camera":
            s.rig.release(rng.uniform(-200, 200), rng.uniform(-60, 60))
        else:
            self._apply(getattr(s, gesture).on_release(x, y))

    def _tap(self, x: float, y: float) -> None:
        gesture = self._press(x, y)
        if gesture == "camera":
            self.session.place_at(x, y)
        else:
            self._apply(getattr(self.session, gesture).on_release(x, y))

    def _key(self) -> None:
        from engine.ui import actions as a
        s, rng = self.session, self.rng
        choice = rng.randrange(8)
        if choice == 0:
            s.apply(a.TogglePlay())
        elif choice == 1:
            s.apply(a.Step())
        elif choice == 2:
            s.apply(a.Reset())
        elif choice == 3:
            s.rig.zoom(rng.choice((0.8, 1.25)))
        elif choice == 4:
            s.rig.go_home()
        elif choice == 5:
            s.rig.orbit_keys(rng.randint(-2, 2), rng.randint(-2, 2))
        elif choice == 6:
            from engine.model.views import VIEW_NAMES
            s.apply(a.ToggleView(rng.choice(VIEW_NAMES), rng.random() < 0.5))
        else:
            from engine.maths.optim import optimizer_names
            s.apply(a.SetOptimizer(rng.choice(optimizer_names())))


def soak(minutes: float, seed: int = 1, report_every: float = 30.0, out=sys.stdout) -> dict:
    """Run the soak; print a line per ``report_every`` seconds and a summary.
    Returns the figures (for the test that runs a short one)."""
    import argparse

    from engine.export.clips import ClipWriter, mp4_support
    from engine.gl.frame import FramePainter
    from engine.gl.offscreen import OffscreenTarget, render_frame, save_png
    from engine.model.scene import scene_names
    from engine.shell.heap import TRIM_SECONDS, give_back_free_memory
    from engine.shell.offscreen import build_session, create_headless_context

    ctx = create_headless_context()
    options = argparse.Namespace(scene="default", seed=None, surface=None, optimizer=None,
                                 lr=None, momentum=None, start=None, camera=None)
    session = build_session(options, 1280, 720)
    painter = FramePainter(ctx)
    target = OffscreenTarget(ctx)
    folder = Path(tempfile.mkdtemp(prefix="downhill-soak-"))
    clip_kind = "mp4" if mp4_support() is None else "gif"  # as the window falls back

    def capture():
        image = render_frame(ctx, lambda: painter.paint(session.frame(), settled=True),
                             session.width, session.height)
        path = save_png(image, folder / "screenshot.png")
        path.unlink()

    def record(frames: int):
        # As the window records: each painted frame read back and encoded.
        writer = ClipWriter.open(folder / f"clip.{clip_kind}", 30.0, (session.width, session.height))
        try:
            for _ in range(frames):
                paint_frames(1)
                writer.write(painter.read_rgb())
            writer.close().unlink()
        except BaseException:
            writer.abort()
            raise

    visitor = RandomVisitor(session, seed, scene_names(), capture, record)
    print(f"Soak: {minutes:g} min of random use, offscreen on "
          f"{ctx.info.get('GL_RENDERER', 'unknown')}, seed {seed}", file=out)
    print("  seconds    RSS MB  at rest  frames  actions  GL errors  exceptions", file=out)
    samples: list[tuple[float, float]] = []
    # RSS swings by a hundred MB and more with what is alive at the moment
    # (a 1080p frame's buffers, a basin map being computed, the scene): at
    # every report the session is also put in one reference state, the
    # default scene at 1280x720, and read there. A leak shows as growth of
    # that reading; the swings do not.
    rests: list[tuple[float, float]] = []

    def paint_frames(count: int) -> None:
        for _ in range(count):
            session.update(1 / 60)
            fbo = target.framebuffer(session.width, session.height)
            fbo.use()
            painter.paint(session.frame(), destination=fbo)

    def at_rest() -> float:
        import gc
        session.apply(LoadScene("default"))
        session.resize(1280, 720)
        paint_frames(3)
        ctx.finish()
        gc.collect()
        give_back_free_memory()
        return rss_megabytes()
    gl_errors, exceptions, frames, actions = 0, 0, 0, 0
    first_problem = None
    start = time.monotonic()
    next_report = 0.0
    next_trim = TRIM_SECONDS
    end = minutes * 60.0
    try:
        while True:
            now = time.monotonic() - start
            if now >= next_report or now >= end:
                rss = rss_megabytes()
                samples.append((now, rss))
                rest = at_rest()
                rests.append((now, rest))
                print(f"  {now:7.0f}  {rss:8.1f}  {rest:7.1f}  {frames:6d}  {actions:7d}  {gl_errors:9d}  "
                      f"{exceptions:10d}", file=out, flush=True)
                next_report += report_every
                if now >= end:
                    break
            if now >= next_trim:  # as the window does on its clock
                give_back_free_memory()
                next_trim += TRIM_SECONDS
            try:
                visitor.act()
                actions += 1
                for _ in range(3):
                    paint_frames(1)
                    frames += 1
                error = ctx.error
                if error != "GL_NO_ERROR":
                    gl_errors += 1
                    first_problem = first_problem or error
            except Exception:
                exceptions += 1
                first_problem = first_problem or traceback.format_exc(limit=3).strip().splitlines()[-1]
    finally:
        painter.release()
        target.release()
        ctx.release()
        folder.rmdir()
    figures = summarise(samples, gl_errors, exceptions, frames)
    floor = summarise(rests, gl_errors, exceptions, frames)
    figures["rest_slope_mb_per_hour"] = floor["slope_mb_per_hour"]
    figures["at_rest"] = rests
    warm = figures["rss_at_warm_up"]
    # The reading at rest first: it is the one that shows a leak.
    print(f"RSS at rest (the default scene at 1280x720 after each report): {floor['rss_at_warm_up']:.1f} MB at "
          f"warm-up, {floor['rss_end']:.1f} MB at the end ({figures['seconds']:.0f} s), growth "
          f"{floor['slope_mb_per_hour']:+.1f} MB/hour (least squares). As it ran: {warm:.1f} MB at "
          f"{figures['warm_up_seconds']:.0f} s, {figures['rss_end']:.1f} MB at the end, "
          f"{figures['slope_mb_per_hour']:+.1f} MB/hour (least squares), {figures['median_slope_mb_per_hour']:+.1f} "
          f"MB/hour (medians of the first and last thirds), swinging with what is alive at each reading; "
          f"{frames} frames, {_count(visitor.screenshots, 'screenshot')}, {_count(visitor.clips, 'clip')}; "
          f"{_count(gl_errors, 'GL error')}, {_count(exceptions, 'exception')}", file=out)
    if first_problem:
        print(f"first problem: {first_problem}", file=out)
    return figures


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def summarise(samples: list[tuple[float, float]], gl_errors: int, exceptions: int,
              frames: int) -> dict:
    """RSS at the warm-up mark and at the end, and the least-squares slope
    of RSS against time after the warm-up, in MB per hour."""
    after = [(t, r) for t, r in samples if t >= WARM_UP_SECONDS] or samples[-1:]
    warm = after[0][1]
    slope = 0.0
    if len(after) >= 2:
        mean_t = sum(t for t, _ in after) / len(after)
        mean_r = sum(r for _, r in after) / len(after)
        spread = sum((t - mean_t) ** 2 for t, _ in after)
        if spread > 0:
            slope = sum((t - mean_t) * (r - mean_r) for t, r in after) / spread * 3600.0
    # RSS swings by tens of MB as frame sizes change: the medians of the
    # first and last thirds after warm-up show a trend through that noise.
    third = max(1, len(after) // 3)
    early, late = after[:third], after[-third:]
    span = (late[len(late) // 2][0] - early[len(early) // 2][0]) / 3600.0
    median_slope = ((_median([r for _, r in late]) - _median([r for _, r in early])) / span
                    if span > 0 else 0.0)
    return {"rss_at_warm_up": warm, "warm_up_seconds": after[0][0], "median_slope_mb_per_hour": median_slope, "rss_end": samples[-1][1], "seconds": samples[-1][0],
            "slope_mb_per_hour": slope, "gl_errors": gl_errors, "exceptions": exceptions,
            "frames": frames, "samples": samples}


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]
