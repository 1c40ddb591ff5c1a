"""A terminal progress bar for long jobs (L1: no GL, no window).

On a terminal the bar redraws in place a few times a second:

    Recording clip.mp4  [██████████░░░░░░░░░░]  150/300 frames  12.3 frames/s  0:12 left

When the stream is not a terminal (a log file, a pipe, CI), carriage returns
would pile up as garbage, so it writes a plain line only now and then, and
nothing at all for a job that ends quickly. The clock is passed in, so tests
drive it with made-up times.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections import deque

FULL, EMPTY = "█", "░"


def format_duration(seconds: float) -> str:
    """``0:07``, ``12:30``, ``1:02:03``."""
    seconds = max(0, int(round(seconds)))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class Progress:
    """Progress of ``total`` units of work, shown on ``stream``.

    ``update(done)`` reports how many units are finished; ``close()`` (or
    leaving the ``with`` block) ends the bar's line so that whatever is
    printed next starts on a clean one, also after an error or Ctrl+C.

    ``delay``: seconds before anything is shown, so quick jobs stay quiet.
    ``plain_interval``: seconds between the plain lines written when the
    stream is not a terminal.
    """

    def __init__(self, total: int, label: str = "", unit: str = "frames", stream=None,
                 clock=time.monotonic, tty: bool | None = None, delay: float = 0.5,
                 redraw_interval: float = 0.1, plain_interval: float = 10.0,
                 width: int | None = None) -> None:
        self.total = max(0, int(total))
        self.label = label
        self.unit = unit
        self.stream = stream if stream is not None else sys.stderr
        self.clock = clock
        self.tty = _is_tty(self.stream) if tty is None else tty
        self.delay = delay
        self.redraw_interval = redraw_interval
        self.plain_interval = plain_interval
        self.width = width
        self.full, self.empty = _bar_characters(self.stream)
        self.done = 0
        self.started = clock()
        self._shown_at: float | None = None
        self._drawn_length = 0  # characters of the bar now on the terminal line
        # Recent (time, done) samples: the rate follows the last few seconds,
        # so a slow start does not skew the time left for the whole run.
        self._samples: deque[tuple[float, int]] = deque([(self.started, 0)])
        self.closed = False

    # -- reporting ------------------------------------------------------------
    def update(self, done: int) -> None:
        self.done = min(max(int(done), 0), self.total) if self.total else int(done)
        now = self.clock()
        self._samples.append((now, self.done))
        while len(self._samples) > 2 and now - self._samples[1][0] >= 5.0:
            self._samples.popleft()
        # Off a terminal the first line waits a whole interval too: a job
        # that ends sooner leaves nothing in the log but its closing line.
        first = self.delay if self.tty else self.plain_interval
        if self.closed or now - self.started < first:
            return
        interval = self.redraw_interval if self.tty else self.plain_interval
        if self._shown_at is not None and now - self._shown_at < interval and self.done < self.total:
            return
        if not self.tty and self.done >= self.total:
            return  # the caller's closing line says it is done
        self._shown_at = now
        self._show(now)

    def advance(self, count: int = 1) -> None:
        self.update(self.done + count)

    def rate(self, now: float | None = None) -> float | None:
        """Units per second over the last few seconds, None before any."""
        now = self.clock() if now is None else now
        t0, d0 = self._samples[0]
        t1, d1 = self._samples[-1]
        if t1 - t0 <= 0 or d1 <= d0:
            return None
        return (d1 - d0) / (t1 - t0)

    def seconds_left(self, now: float | None = None) -> float | None:
        rate = self.rate(now)
        if rate is None:
            return None
        return (self.total - self.done) / rate

    def elapsed(self) -> float:
        return self.clock() - self.started

    def text(self, now: float | None = None, bar_width: int = 20) -> str:
        """The bar as one line (without the carriage return)."""
        now = self.clock() if now is None else now
        fraction = self.done / self.total if self.total else 1.0
        parts = []
        if self.label:
            parts.append(self.label)
        if bar_width > 0:
            filled = int(round(fraction * bar_width))
            parts.append("[" + self.full * filled + self.empty * (bar_width - filled) + "]")
        parts.append(f"{self.done}/{self.total} {self.unit}")
        rate = self.rate(now)
        if rate is not None:
            parts.append(f"{rate:.1f} {self.unit}/s")
            left = self.seconds_left(now)
            if left is not None and self.done < self.total:
                parts.append(f"{format_duration(left)} left")
        return "  ".join(parts)

    def _plain_text(self, now: float) -> str:
        fraction = self.done / self.total if self.total else 1.0
        text = self.text(now, bar_width=0)
        return text.replace(f"{self.total} {self.unit}", f"{self.total} {self.unit} ({fraction:.0%})", 1)

    def _show(self, now: float) -> None:
        if self.tty:
            columns = self.width or shutil.get_terminal_size((80, 24)).columns
            bare = self.text(now, bar_width=0)
            # The bar gives way first, then the end of the line.
            room = columns - 1 - len(bare) - 4
            text = self.text(now, bar_width=min(20, room)) if room >= 6 else bare[: columns - 1]
            pad = " " * max(0, self._drawn_length - len(text))
            self._write("\r" + text + pad)
            self._drawn_length = len(text)
        else:
            self._write(self._plain_text(now) + "\n")

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):
            pass  # a closed or broken terminal must not stop the work

    # -- ending -----------------------------------------------------------------
    def close(self) -> None:
        """Wipe the bar from the terminal line; idempotent."""
        if self.closed:
            return
        self.closed = True
        if self.tty and self._drawn_length:
            self._write("\r" + " " * self._drawn_length + "\r")
            self._drawn_length = 0

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _is_tty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _bar_characters(stream) -> tuple[str, str]:
    """Block characters where the terminal can show them, else ASCII."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        (FULL + EMPTY).encode(encoding)
    except (LookupError, UnicodeEncodeError):
        return "#", "-"
    return FULL, EMPTY
