"""The scene's caption as a readable box over the picture (L1: no GL).

``layout_caption`` word-wraps a caption (and an optional title) into a
translucent card like the control panel's, and returns it as draw-list
primitives (engine/ui/widgets/drawlist.py) that engine/gl/ui.py draws. The card goes
along the bottom of the window, or along the top when the control dock has
the bottom; it never covers a rectangle it is told to avoid (the dock, the
info panel, the fullscreen button). When the text does not fit in a third
of the window it is set smaller, and cut short with an ellipsis only as a
last resort.

A short lead-in that ends with a colon at the start of a sentence, such as
"What you're seeing:" or "Try:", is set in bold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from engine.ui.widgets import textmetrics as tm
from engine.ui.widgets.drawlist import RoundRect, Text
from engine.ui.dock.draw import Theme
from engine.ui.dock.layout import MIN_FONT_PX, ui_scale
from engine.ui.widgets.controls import Rect

Colour = tuple[float, float, float, float]
Word = tuple[str, bool]  # (text, bold)
#: How much smaller the text may get before the card tries its other place.
PREFERRED_SHRINK = 0.75


@dataclass(frozen=True)
class CaptionStyle:
    """Sizes in design pixels at 1080 lines (scaled like the HUD)."""

    body_font: float = 28.0
    title_font: float = 32.0
    line_height: float = 1.38      # times the font size
    pad_x: float = 28.0
    pad_y: float = 20.0
    title_gap: float = 6.0
    margin: float = 20.0
    radius: float = 20.0
    #: Longest line, in ems of the body font: about 75 characters, a
    #: comfortable reading measure.
    measure_em: float = 36.0
    max_height: float = 0.34       # of the window height
    panel: Colour = (0.07, 0.075, 0.09, 0.86)
    edge: float = Theme().panel_edge[3]
    text: Colour = Theme().text
    title: Colour = Theme().accent


@dataclass(frozen=True)
class CaptionLayout:
    rect: Rect
    place: str                       # "top", "under" or "bottom"
    primitives: list = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    font_size: int = 0


def clean_text(text: str) -> str:
    """Single spaces within paragraphs; paragraphs (blank lines) kept."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    # Only ordinary spaces and line breaks fold: a no-break space stays, so
    # French "Essayez\u00a0:" keeps its colon on the word's line.
    return "\n\n".join(re.sub(r"[ \t\r\n]+", " ", p.strip()) for p in paragraphs if p.strip())


def caption_words(text: str) -> list[list[Word]]:
    """Paragraphs of (word, bold) with the sentence lead-ins marked bold."""
    out = []
    for paragraph in clean_text(text).split("\n\n"):
        words = paragraph.split(" ") if paragraph else []
        bold = [False] * len(words)
        sentence_start = 0
        for i, word in enumerate(words):
            if word.endswith(":") and i - sentence_start < 4:
                for j in range(sentence_start, i + 1):
                    bold[j] = True
            if word.endswith((".", "!", "?", ":")):
                sentence_start = i + 1
        out.append(list(zip(words, bold)))
    return [p for p in out if p]


def word_width(word: Word, size: int) -> float:
    return tm.measure(word[0], size, word[1])


def wrap(words: list[Word], size: int, max_width: float) -> list[list[Word]]:
    """Greedy word wrap; a word longer than a line is split where it must."""
    space = tm.measure(" ", size)
    lines: list[list[Word]] = []
    line: list[Word] = []
    used = 0.0
    queue = list(words)
    while queue:
        word = queue.pop(0)
        width = word_width(word, size)
        lead = space if line else 0.0
        if used + lead + width <= max_width:
            line.append(word)
            used += lead + width
            continue
        if line:
            lines.append(line)
            line, used = [], 0.0
            queue.insert(0, word)
            continue
        head, tail = _split_long(word, size, max_width)
        lines.append([head])
        if tail[0]:
            queue.insert(0, tail)
    if line:
        lines.append(line)
    return lines


def _split_long(word: Word, size: int, max_width: float) -> tuple[Word, Word]:
    text, bold = word
    cut = len(text)
    while cut > 1 and tm.measure(text[:cut], size, bold) > max_width:
        cut -= 1
    return (text[:cut], bold), (text[cut:], bold)


def line_width(line: list[Word], size: int) -> float:
    return sum(word_width(w, size) for w in line) + tm.measure(" ", size) * max(0, len(line) - 1)


def layout_caption(text: str, width: int, height: int, *, title: str | None = None,
                   avoid=(), place: str = "auto", scale: float | None = None,
                   style: CaptionStyle = CaptionStyle()) -> CaptionLayout | None:
    """The caption card for a ``width`` x ``height`` window, or None when
    there is no text or no room at all.

    ``avoid``: rectangles the card must not overlap. ``place``: "bottom",
    "top", "under" (full width below everything to avoid at the top), or
    "auto" (bottom unless something to avoid sits there; under first on a
    portrait screen).
    """
    paragraphs = caption_words(text or "")
    heading = " ".join((title or "").split())
    if not paragraphs and not heading:
        return None
    avoid = [r for r in avoid if r is not None]
    s = ui_scale(height) if scale is None else scale
    order = _places(place, avoid, height, width)
    nominal = tm.pixel_size(max(style.body_font * s, MIN_FONT_PX))
    smallest = tm.pixel_size(MIN_FONT_PX)
    # The preferred place with text a little smaller beats the other place;
    # only then does the text shrink to the smallest size anywhere.
    for low in (max(smallest, round(nominal * PREFERRED_SHRINK)), smallest):
        for where in order:
            for px in range(nominal, low - 1, -1):
                found = _try_place(where, paragraphs, heading, px, width, height, avoid, s, style,
                                   fit_height=True)
                if found is not None:
                    return found
    # Still too tall at the smallest size: cut the text where the room ends.
    for where in order:
        found = _try_place(where, paragraphs, heading, tm.pixel_size(MIN_FONT_PX), width, height,
                           avoid, s, style, fit_height=False)
        if found is not None:
            return found
    return None


def _places(place: str, avoid, height: int, width: int | None = None) -> list[str]:
    if place in ("top", "bottom", "under"):
        return [place]
    if place != "auto":
        raise ValueError(f"place must be 'top', 'bottom' or 'auto', not {place!r}")
    lower_taken = any(r.cy < height / 2 for r in avoid)
    order = ["top", "bottom"] if lower_taken else ["bottom", "top"]
    if width is not None and height > width:
        # Portrait: the caption reads first, full width under the top cards,
        # with the landscape below it and the controls at the bottom.
        order.insert(0, "under")
    return order


def _span(where: str, width: int, height: int, avoid, s: float, style: CaptionStyle):
    """(left, right, base) for the card: the widest band centred in the
    window that misses the obstacles on its side; ``base`` is the bottom
    edge for "bottom" and the top edge for "top"."""
    margin = style.margin * s
    left, right = margin, width - margin
    if where == "bottom":
        floors = [r.top for r in avoid if r.cy < height / 2]
        return left, right, (max(floors) if floors else 0.0) + margin
    if where == "under":
        ceilings = [r.y for r in avoid if r.cy >= height / 2]
        return left, right, (min(ceilings) if ceilings else height) - margin
    for r in avoid:
        if r.cy >= height / 2:
            if r.cx < width / 2:
                left = max(left, r.right + margin)
            else:
                right = min(right, r.x - margin)
    half = min(width / 2 - left, right - width / 2)
    return width / 2 - half, width / 2 + half, height - margin


def _try_place(where, paragraphs, heading, px, width, height, avoid, s, style, fit_height):
    left, right, base = _span(where, width, height, avoid, s, style)
    pad_x, pad_y = style.pad_x * s, style.pad_y * s
    text_room = min(right - left - 2 * pad_x, style.measure_em * px)
    if text_room < 8 * px:
        return None
    title_px = tm.pixel_size(px * style.title_font / style.body_font)
    title_lines = wrap([(w, True) for w in heading.split()], title_px, text_room) if heading else []
    lines = [line for p in paragraphs for line in wrap(p, px, text_room) + [[]]][:-1] if paragraphs else []
    step, title_step = px * style.line_height, title_px * style.line_height
    gap = style.title_gap * s if title_lines and lines else 0.0
    room = style.max_height * height if fit_height else (base - 0.0 if where == "top" else height - base)
    text_h = len(title_lines) * title_step + gap + len(lines) * step
    if text_h + 2 * pad_y > room:
        if fit_height:
            return None
        keep = int((room - 2 * pad_y - len(title_lines) * title_step - gap) // step)
        if keep < 1:
            return None
        lines = _shorten(lines, keep, px, text_room)
        text_h = len(title_lines) * title_step + gap + len(lines) * step
    text_w = max([line_width(line, title_px) for line in title_lines]
                 + [line_width(line, px) for line in lines] + [0.0])
    box_w, box_h = round(text_w + 2 * pad_x), round(text_h + 2 * pad_y)
    x = round((left + right - box_w) / 2)
    y = round(base) if where == "bottom" else round(base - box_h)
    rect = Rect(x, y, box_w, box_h)
    if rect.y < 0 or rect.top > height or any(rect.overlaps(r) for r in avoid):
        return None
    prims: list = [RoundRect(rect, style.panel, min(style.radius * s, box_h / 2), edge=style.edge)]
    top = rect.top - pad_y
    for line in title_lines:
        prims += _line_texts(line, rect.x + pad_x, top - title_step, title_step, title_px, style.title)
        top -= title_step
    top -= gap
    for line in lines:
        prims += _line_texts(line, rect.x + pad_x, top - step, step, px, style.text)
        top -= step
    shown = [" ".join(w for w, _ in line) for line in title_lines + lines]
    return CaptionLayout(rect, where, prims, shown, px)


def _line_texts(line: list[Word], x: float, bottom: float, step: float, px: int, colour) -> list[Text]:
    """One Text per run of words in the same weight, set side by side with
    the same spacing ``line_width`` measured."""
    baseline = round(bottom + (step - tm.cap_height(px)) / 2)
    out, space = [], tm.measure(" ", px)
    i = 0
    while i < len(line):
        bold = line[i][1]
        j = i
        while j < len(line) and line[j][1] == bold:
            j += 1
        run = " ".join(w for w, _ in line[i:j])
        out.append(Text(run, round(x), baseline, px, colour, bold=bold))
        x += tm.measure(run, px, bold) + space
        i = j
    return out


def _shorten(lines: list[list[Word]], keep: int, px: int, room: float) -> list[list[Word]]:
    lines = lines[:keep]
    while lines and not lines[-1]:
        lines.pop()
    if not lines:
        return lines
    last = list(lines[-1])
    while last and line_width(last + [("…", False)], px) > room:
        last.pop()
    if last:
        text, bold = last[-1]
        last[-1] = (text + "…", bold)
    else:
        last = [("…", False)]
    return lines[:-1] + [last]
