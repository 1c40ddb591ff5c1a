"""Text measurement with the shipped fonts (Pillow only, no GL).

Layout and drawing share these numbers: a string is as wide as the sum of its
glyph advances, with no kerning, and the GL text renderer places glyphs with the
same advances. Sizes are pixel heights of the em square, rounded to whole
pixels because each size gets its own crisp glyph atlas.
"""

from __future__ import annotations

import io
from functools import lru_cache

from PIL import ImageFont

from engine.support.errors import InstallationError
from engine.support.resources import font_path

REGULAR = "DejaVuSans.ttf"
BOLD = "DejaVuSans-Bold.ttf"

# DejaVu Sans: capital letters are 0.729 em tall; used to centre a line of
# text on a control vertically.
CAP_HEIGHT_EM = 0.729


def pixel_size(size: float) -> int:
    return max(6, int(round(size)))


def font_file(bold: bool) -> str:
    return BOLD if bold else REGULAR


@lru_cache(maxsize=2)
def font_bytes(bold: bool) -> bytes:
    """The shipped font file's bytes. Read here, not by name, so that a
    missing file is reported instead of Pillow quietly finding a system
    font of the same name."""
    path = font_path(font_file(bold))
    try:
        data = path.read_bytes()
        ImageFont.truetype(io.BytesIO(data), 12)
    except OSError as exc:
        reason = "missing" if isinstance(exc, FileNotFoundError) else "not a readable font"  # i18n: not on screen
        raise InstallationError(path, f"the font file is {reason}") from None
    return data


@lru_cache(maxsize=64)
def load_font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(io.BytesIO(font_bytes(bool(bold))), pixel_size(size))


@lru_cache(maxsize=8192)
def advance(char: str, size: int, bold: bool = False) -> float:
    return load_font(size, bold).getlength(char)


def measure(text: str, size: float, bold: bool = False) -> float:
    """Width in pixels of ``text`` drawn at ``size`` px."""
    return _measure(text, pixel_size(size), bool(bold))


@lru_cache(maxsize=8192)
def _measure(text: str, px: int, bold: bool) -> float:
    return sum(advance(c, px, bold) for c in text)


def cap_height(size: float) -> float:
    return CAP_HEIGHT_EM * pixel_size(size)


def baseline_for_centre(cy: float, size: float) -> float:
    """Baseline y that centres capital letters on ``cy`` (y grows upward)."""
    return cy - cap_height(size) / 2


def fit(text: str, size: float, max_width: float, bold: bool = False) -> str:
    """``text`` shortened with an ellipsis so that it fits in ``max_width``."""
    if measure(text, size, bold) <= max_width:
        return text
    while text and measure(text + "…", size, bold) > max_width:
        text = text[:-1]
    return (text.rstrip() + "…") if text else ""
