"""The loss-versus-step plot (L1): its scale, its ticks and its primitives.

Losses are plotted as they are while they stay within about two powers of
ten of each other; past that (a ball closing in on the minimum, or one
shooting off) a linear axis would squash everything but the largest values
into one flat line, so the plot switches to a log scale of the loss above the
landscape's global minimum, ``log10(loss - floor + eps)``. ``eps`` is a
millionth of the largest such value: the axis then spans at most about six
decades and a ball sitting exactly on the minimum stays on the plot.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from engine.support.i18n import _, number
from engine.ui.widgets import textmetrics as tm
from engine.ui.widgets.drawlist import Circle, Polyline, RoundRect, Text
from engine.ui.widgets.controls import Rect

#: A log axis once the values span more than this many powers of ten.
LOG_DECADES = 2.0
#: The log axis reaches down to this fraction of the largest value.
EPS_FRACTION = 1e-6
MINUS = "−"


@dataclass(frozen=True)
class PlotScale:
    log: bool
    y0: float            # axis range, in plotted units
    y1: float
    floor: float = 0.0   # subtracted before the log
    eps: float = 0.0

    def transform(self, loss) -> np.ndarray:
        """Losses in plotted units (log10 of the excess, or the loss itself)."""
        loss = np.asarray(loss, dtype=np.float64)
        if not self.log:
            return loss
        with np.errstate(all="ignore"):
            return np.log10(np.maximum(loss - self.floor, 0.0) + self.eps)

    def ticks(self) -> list[tuple[float, str]]:
        if self.log:
            return log_ticks(self.y0, self.y1)
        return linear_ticks(self.y0, self.y1)


def choose_scale(values, floor: float | None = None, decades: float = LOG_DECADES) -> PlotScale:
    """Linear or log axis for ``values`` (any losses; non-finite ones are
    ignored); ``floor`` is the global minimum's height when known, else the
    log axis, if called for, is of the losses themselves (floor 0)."""
    v = np.asarray(values, dtype=np.float64).reshape(-1)
    v = v[np.isfinite(v)]
    if not len(v):
        return PlotScale(False, 0.0, 1.0)
    lo, hi = float(v.min()), float(v.max())
    if floor is None:
        # With no minimum to measure from, only positive losses spread over
        # decades call for a log axis (of the losses themselves).
        base = 0.0 if lo > 0 else None
    else:
        base = min(float(floor), lo)
    excess_hi, excess_lo = (hi - base, lo - base) if base is not None else (0.0, 0.0)
    if excess_hi > 0:
        eps = max(excess_hi * EPS_FRACTION, 1e-300)
        spread = math.log10(excess_hi + eps) - math.log10(excess_lo + eps)
        if spread > decades:
            y_lo, y_hi = math.log10(excess_lo + eps), math.log10(excess_hi + eps)
            return PlotScale(True, math.floor(y_lo), max(math.ceil(y_hi), math.floor(y_lo) + 1),
                             base, eps)
    if hi - lo <= 1e-12 * max(1.0, abs(hi)):
        half = max(abs(hi) * 0.1, 1e-3)
        return PlotScale(False, lo - half, hi + half)
    pad = 0.06 * (hi - lo)
    return PlotScale(False, lo - pad, hi + pad)


def nice_step(span: float, count: int = 4) -> float:
    """1, 2 or 5 times a power of ten, about ``span / count``."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / count
    power = 10.0 ** math.floor(math.log10(raw))
    for f in (1.0, 2.0, 5.0, 10.0):
        if f * power >= raw * 0.999:
            return f * power
    return 10.0 * power


def format_tick(value: float, step: float) -> str:
    if value == 0:
        return "0"
    a = abs(value)
    if a >= 1e5 or a < 1e-3:
        mantissa, exponent = f"{value:.0e}".split("e")
        text = f"{mantissa}e{int(exponent)}"
    else:
        decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if step > 0 else 0
        text = number(f"{value:,.{decimals}f}")
    return text.replace("-", MINUS)


def linear_ticks(y0: float, y1: float, count: int = 4) -> list[tuple[float, str]]:
    step = nice_step(y1 - y0, count)
    first = math.ceil(y0 / step - 1e-9)
    out = []
    k = first
    while k * step <= y1 + 1e-9 * step:
        value = k * step
        out.append((value, format_tick(value if abs(value) > step * 1e-9 else 0.0, step)))
        k += 1
    return out


def decade_label(k: int) -> str:
    if -3 < k < 4:
        return format_tick(10.0 ** k, 10.0 ** min(k, 0))
    return f"1e{k}".replace("-", MINUS)


def log_ticks(y0: float, y1: float, most: int = 5) -> list[tuple[float, str]]:
    first, last = math.ceil(y0 - 1e-9), math.floor(y1 + 1e-9)
    every = max(1, math.ceil((last - first + 1) / most))
    return [(float(k), decade_label(k)) for k in range(first, last + 1) if (k - first) % every == 0]


def step_ticks(x1: float, count: int = 4) -> list[tuple[float, str]]:
    step = max(1.0, nice_step(x1, count))
    out, k = [], 0
    while k * step <= x1 + 1e-9:
        value = k * step
        out.append((value, f"{value / 1000:.0f}k" if value >= 1e5 else number(f"{value:,.0f}")))
        k += 1
    return out


def thin_to_pixels(xs: np.ndarray, ys: np.ndarray, buckets: int) -> tuple[np.ndarray, np.ndarray]:
    """At most about ``2 * buckets`` points of a curve with ``xs`` rising:
    the lowest and highest point of each of ``buckets`` equal stretches of
    x, in order, so a line drawn through them keeps every swing a pixel
    wide or more (more points than pixels would only cost drawing time).
    The first and last points are always kept."""
    n = len(xs)
    if n <= 2 * buckets + 2:
        return xs, ys
    edges = np.linspace(xs[0], xs[-1], buckets + 1)
    which = np.clip(np.searchsorted(edges, xs, side="right") - 1, 0, buckets - 1)
    gaps = np.isnan(ys)
    # Sorted by stretch, then by height (a gap never wins): the first of
    # each stretch is its lowest point, the last its highest.
    low = np.lexsort((np.where(gaps, np.inf, ys), which))
    high = np.lexsort((np.where(gaps, -np.inf, ys), which))
    first = np.flatnonzero(np.r_[True, np.diff(which[low]) != 0])
    last = np.r_[first[1:], n] - 1
    # A gap (NaN) stays in, so the line still breaks there.
    keep = np.unique(np.r_[0, n - 1, low[first], high[last], np.flatnonzero(gaps)])
    return xs[keep], ys[keep]


# -- drawing --------------------------------------------------------------------
@dataclass(frozen=True)
class PlotStyle:
    """Design pixels at 1080 lines; multiplied by the UI scale."""

    pad: float = 14.0
    title_font: float = 16.0
    tick_font: float = 12.0
    title_h: float = 30.0
    tick_h: float = 20.0
    line_width: float = 2.5
    end_dot: float = 4.0


def plot_area(rect: Rect, s: float, tick_labels: list[str], style: PlotStyle = PlotStyle()) -> Rect:
    """Where the curves go inside the card ``rect``, leaving room for the
    title, the step ticks below and the loss tick labels on the left."""
    font = max(style.tick_font * s, 11.0)
    label_w = max([tm.measure(t, font) for t in tick_labels] + [0.0]) + 8 * s
    left = rect.x + style.pad * s + label_w
    bottom = rect.y + style.pad * s * 0.6 + style.tick_h * s
    right = rect.right - style.pad * s - 6 * s
    top = rect.top - style.title_h * s - style.pad * s * 0.5
    return Rect(left, bottom, max(0.0, right - left), max(0.0, top - bottom))


def plot_primitives(rect: Rect, history, colours, s: float, theme, floor: float | None = None,
                    style: PlotStyle = PlotStyle()) -> list:
    """The card, axes, ticks and one curve per ball, back to front.

    ``history``: a LossHistory; ``colours``: each ball's (r, g, b)."""
    t = theme
    title_font, tick_font = max(style.title_font * s, 11.0), max(style.tick_font * s, 11.0)
    series = [history.series(i) for i in range(history.n)]
    scale = choose_scale(history.finite_losses(), floor)
    y_ticks = scale.ticks()
    area = plot_area(rect, s, [label for _, label in y_ticks], style)
    x1 = float(max(10, history.max_step()))
    shapes = [RoundRect(rect, t.panel, 20 * s, edge=t.panel_edge[3])]
    lines, dots, texts = [], [], []

    def text(value, x, cy, size, colour, bold=False, align="left"):
        texts.append(Text(value, round(x), round(tm.baseline_for_centre(cy, size)),
                          tm.pixel_size(size), colour, bold, align))

    title_cy = rect.top - style.title_h * s / 2 - style.pad * s * 0.35
    # The title names the quantity plotted: the loss itself (as the info
    # panel shows it), or, on a log axis measured from the lowest point,
    # how far above that point the loss is.
    title = _("Loss − lowest") if scale.log and scale.floor != 0.0 else _("Loss")
    text(title, rect.x + style.pad * s, title_cy, title_font, t.text, True)
    notes = (_("log scale"), _("log")) if scale.log else ("",)
    room = rect.w - 2 * style.pad * s - tm.measure(title, title_font, True) - 12 * s
    note = next((n for n in notes if tm.measure(n, tick_font) <= room), notes[-1])
    text(tm.fit(note, tick_font, room), rect.right - style.pad * s, title_cy, tick_font,
         t.text_dim, align="right")
    if area.w < 8 or area.h < 8:
        return shapes + texts

    def y_of(value: float) -> float:
        return area.y + (value - scale.y0) / (scale.y1 - scale.y0) * area.h

    ink = t.text[:3]  # white on the dark theme, near black on the projector one
    grid = (*ink, 0.10)
    for value, label in y_ticks:
        y = y_of(value)
        lines.append(Polyline([(area.x, y), (area.right, y)], grid, 1.0))
        text(label, area.x - 8 * s, y, tick_font, t.text_dim, align="right")
    axis = (*ink, 0.35)
    lines.append(Polyline([(area.x, area.top), (area.x, area.y), (area.right, area.y)], axis, 1.0))
    unit = _("steps")
    unit_w = tm.measure(unit, tick_font)
    text(unit, area.right, area.y - 4 * s - style.tick_h * s / 2, tick_font, t.text_dim,
         align="right")
    last_right = -math.inf
    x_ticks = step_ticks(x1)
    for value, label in x_ticks:
        x = area.x + value / x1 * area.w
        w = tm.measure(label, tick_font)
        if x - w / 2 < last_right + 10 * s or x + w / 2 > area.right - unit_w - 10 * s:
            continue
        lines.append(Polyline([(x, area.y), (x, area.y - 4 * s)], axis, 1.0))
        text(label, x, area.y - 4 * s - style.tick_h * s / 2, tick_font, t.text_dim, align="center")
        last_right = x + w / 2
    width = max(1.5, style.line_width * s)
    for (steps, loss), colour in zip(series, colours):
        if not len(steps):
            continue
        xs = area.x + np.minimum(steps / x1, 1.0) * area.w
        with np.errstate(all="ignore"):
            ys = np.clip(scale.transform(loss), scale.y0, scale.y1)
        ys = area.y + (ys - scale.y0) / (scale.y1 - scale.y0) * area.h
        rgba = (*colour[:3], 1.0)
        xs, ys = thin_to_pixels(xs, ys, max(8, int(area.w)))
        lines.append(Polyline(np.stack([xs, ys], axis=1), rgba, width))
        if np.isfinite(ys[-1]):
            dots.append(Circle(float(xs[-1]), float(ys[-1]), style.end_dot * s + 1.0, rgba))
    lr_lines, lr_texts = lr_curves(history, colours, area, x1, s, tick_font, t)
    return shapes + lr_lines + lines + dots + texts + lr_texts


def lr_curves(history, colours, area: Rect, x1: float, s: float, font: float, theme):
    """The learning rate of every ball whose rate changes (a schedule), as a
    thin, paler line on its own linear axis from 0 (bottom) to the largest
    rate shown (top), labelled at the top right."""
    varying = [i for i in range(history.n) if history.lr_varies(i)]
    if not varying or not hasattr(history, "lr_series"):
        return [], []
    series = [history.lr_series(i) for i in varying]
    top = max(float(np.nanmax(lr)) for _, lr in series)
    if not (top > 0 and math.isfinite(top)):
        return [], []
    lines = []
    for i, (steps, lr) in zip(varying, series):
        xs = area.x + np.minimum(steps / x1, 1.0) * area.w
        ys = area.y + np.clip(lr / top, 0.0, 1.0) * area.h
        colour = colours[i]
        pale = tuple(0.55 * c + 0.45 for c in colour[:3])
        xs, ys = thin_to_pixels(xs, ys, max(8, int(area.w)))
        lines.append(Polyline(np.stack([xs, ys], axis=1), (*pale, 1.0), max(1.0, 1.2 * s)))
    label = _("thin: lr, top {value}").format(value=format_tick(top, top / 10))
    size = font
    cy = area.top - 9 * s
    texts = [Text(tm.fit(label, size, area.w - 8 * s), round(area.right - 4 * s),
                  round(tm.baseline_for_centre(cy, size)), tm.pixel_size(size), theme.text_dim,
                  False, "right")]
    return lines, texts
