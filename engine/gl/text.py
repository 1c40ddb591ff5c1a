"""Crisp text from the shipped fonts, drawn as one textured quad per glyph.

Glyphs are rasterised by Pillow at the exact pixel size asked for, so nothing
is scaled on the GPU; pen positions are rounded to whole pixels and the atlas
is sampled with NEAREST, so each texel lands on one screen pixel. Advances come
from engine/ui/widgets/textmetrics.py, the numbers the layout measured with.

Every (font, size) gets a band of rows in a shared atlas page, so the whole
HUD's text, in all its sizes, is normally one draw call.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import moderngl
import numpy as np
from PIL import Image, ImageDraw

from engine.gl.programs import load_program
from engine.ui.widgets import textmetrics as tm
from engine.ui.widgets.drawlist import Text

# Everything the product writes, plus Latin-1 for names in scene files.
BASE_CHARSET = (
    "".join(chr(c) for c in range(32, 127))
    + "".join(chr(c) for c in range(0xA0, 0x100))
    + "αβγδεηθλμπρστφω∇∂₀₁₂₃×−≈·…—–‘’“”•±÷≤≥→←↑↓∞√∑²³▴▾"
)
PAGE_SIZE = (2048, 1024)
MAX_PAGES = 4
_PAD = 1


@dataclass(frozen=True)
class Glyph:
    advance: float
    x0: int            # left edge relative to the pen
    y0: int            # top relative to the baseline (Pillow: negative is up)
    w: int
    h: int
    uv: tuple[float, float, float, float]  # u0, v_bottom, u1, v_top


def rasterise(size: int, bold: bool, chars: str, width: int):
    """Pack ``chars`` into rows ``width`` px wide: (image, {char: (x, y, bbox)})."""
    font = tm.load_font(size, bold)
    places, x, y, row_h = {}, _PAD, _PAD, 0
    for c in dict.fromkeys(chars):
        bx0, by0, bx1, by1 = font.getbbox(c, anchor="ls")
        gw, gh = max(0, bx1 - bx0), max(0, by1 - by0)
        if x + gw + _PAD > width:
            x, y, row_h = _PAD, y + row_h + _PAD, 0
        places[c] = (x, y, (bx0, by0, gw, gh))
        x += gw + _PAD
        row_h = max(row_h, gh)
    image = Image.new("L", (width, y + row_h + _PAD), 0)
    draw = ImageDraw.Draw(image)
    for c, (px, py, (bx0, by0, gw, gh)) in places.items():
        if gw and gh:
            draw.text((px - bx0, py - by0), c, font=font, fill=255, anchor="ls")
    return image, places


class AtlasPage:
    """A single-channel texture that font bands are stacked into."""

    def __init__(self, ctx: moderngl.Context, size=PAGE_SIZE):
        self.size = size
        self.texture = ctx.texture(size, 1)
        self.texture.filter = (moderngl.NEAREST, moderngl.NEAREST)
        self.texture.repeat_x = self.texture.repeat_y = False
        self.texture.write(bytes(size[0] * size[1]))
        self.used = 0  # rows taken from the top of the page image

    def add(self, image: Image.Image) -> int | None:
        """Copy ``image`` in as a band; its first row index, or None if full."""
        if self.used + image.height > self.size[1] or image.width > self.size[0]:
            return None
        row = self.used
        # Texture rows grow with v; row r of a band sits at v = (row + r) / H.
        self.texture.write(image.tobytes(), viewport=(0, row, image.width, image.height))
        self.used += image.height
        return row

    def release(self) -> None:
        self.texture.release()


class GlyphAtlas:
    """One font at one pixel size: where its glyphs are in which page."""

    def __init__(self, size: int, bold: bool, page: AtlasPage, row: int, places):
        self.size, self.bold, self.page = size, bold, page
        pw, ph = page.size
        self.glyphs: dict[str, Glyph] = {}
        for c, (px, py, (bx0, by0, gw, gh)) in places.items():
            top = row + py
            uv = (px / pw, (top + gh) / ph, (px + gw) / pw, top / ph)
            self.glyphs[c] = Glyph(tm.advance(c, size, bold), bx0, by0, gw, gh, uv)


class TextRenderer:
    """Draws ``drawlist.Text`` items: one instanced draw call per atlas page."""

    def __init__(self, ctx: moderngl.Context):
        self.ctx = ctx
        self.program = load_program(ctx, "text")
        self._quad = ctx.buffer(np.array([0, 0, 1, 0, 0, 1, 1, 1], dtype="f4").tobytes())
        self._pages: list[AtlasPage] = []
        self._atlases: dict[tuple[int, bool], GlyphAtlas] = {}
        self._charset = BASE_CHARSET
        self._pool: list[tuple[moderngl.Buffer, moderngl.VertexArray]] = []
        self._used = 0
        # Laid-out strings: most HUD text is the same from frame to frame.
        self._quad_cache: dict = {}
        self._generation = 0

    # atlases ---------------------------------------------------------------
    def atlas(self, size: float, bold: bool = False) -> GlyphAtlas:
        key = (tm.pixel_size(size), bool(bold))
        found = self._atlases.get(key)
        if found is None:
            found = self._atlases[key] = self._build(*key)
        return found

    def _build(self, size: int, bold: bool) -> GlyphAtlas:
        image, places = rasterise(size, bold, self._charset, PAGE_SIZE[0])
        for page in self._pages:
            row = page.add(image)
            if row is not None:
                return GlyphAtlas(size, bold, page, row, places)
        if len(self._pages) >= MAX_PAGES:
            # Many sizes seen (a window resized a lot): start over.
            self._clear_atlases()
        page = AtlasPage(self.ctx, (PAGE_SIZE[0], max(PAGE_SIZE[1], image.height)))
        self._pages.append(page)
        return GlyphAtlas(size, bold, page, page.add(image), places)

    def _clear_atlases(self) -> None:
        self._generation += 1
        for page in self._pages:
            page.release()
        self._pages.clear()
        self._atlases.clear()
        self._quad_cache.clear()

    def _ensure_chars(self, text: str, atlas: GlyphAtlas) -> GlyphAtlas:
        missing = [c for c in text if c not in atlas.glyphs]
        if not missing:
            return atlas
        # A character outside the prepared set: rebuild every atlas with it;
        # glyphs the font lacks come out as its "missing" box.
        self._charset += "".join(dict.fromkeys(missing))
        self._clear_atlases()
        return self.atlas(atlas.size, atlas.bold)

    @staticmethod
    def measure(text: str, size: float, bold: bool = False) -> float:
        return tm.measure(text, size, bold)

    # drawing ----------------------------------------------------------------
    def glyph_quads(self, item: Text) -> tuple[GlyphAtlas, np.ndarray]:
        """Per-glyph rows (x, y, w, h, u0, v0, u1, v1, r, g, b, a) for one string."""
        found = self._quad_cache.get(item)
        if found is None:
            if len(self._quad_cache) > 4096:
                self._quad_cache.clear()
            found = self._layout(item)
            self._quad_cache[item] = found
        return found

    def _layout(self, item: Text) -> tuple[GlyphAtlas, np.ndarray]:
        atlas = self._ensure_chars(item.text, self.atlas(item.size, item.bold))
        width = tm.measure(item.text, atlas.size, atlas.bold)
        x = item.x - {"left": 0.0, "center": width / 2, "right": width}[item.align]
        x, base = round(x), round(item.y)
        rows, pen = [], 0.0
        for c in item.text:
            g = atlas.glyphs[c]
            if g.w and g.h:
                rows.append((round(x + pen) + g.x0, base - (g.y0 + g.h), g.w, g.h, *g.uv))
            pen += g.advance
        quads = np.zeros((len(rows), 12), dtype="f4")
        if rows:
            quads[:, :8] = rows
            quads[:, 8:] = item.colour
        if item.shadow and rows:
            off = max(1, round(atlas.size / 14))
            shadow = quads.copy()
            shadow[:, 0] += off
            shadow[:, 1] -= off
            shadow[:, 8:11] = 0.0
            shadow[:, 11] *= 0.75
            quads = np.concatenate([shadow, quads])
        return atlas, quads

    def begin_frame(self) -> None:
        self._used = 0

    def draw(self, texts: Iterable[Text], width: int, height: int) -> int:
        """Draw into the bound framebuffer; returns the number of draw calls.
        The shader writes premultiplied colour: the caller enables blending
        with (ONE, ONE_MINUS_SRC_ALPHA). Texts on different atlas pages are not
        ordered among themselves."""
        texts = [item for item in texts if item.text]
        for _ in range(2):
            # A new character rebuilds the atlases; then lay out again so no
            # batch refers to a released page.
            generation = self._generation
            batches: dict[int, tuple[AtlasPage, list[np.ndarray]]] = {}
            for item in texts:
                atlas, quads = self.glyph_quads(item)
                if len(quads):
                    batches.setdefault(id(atlas.page), (atlas.page, []))[1].append(quads)
            if generation == self._generation:
                break
        self.program["u_viewport"].value = (float(width), float(height))
        self.program["u_atlas"].value = 0
        for page, parts in batches.values():
            data = np.concatenate(parts) if len(parts) > 1 else parts[0]
            vao = self._vao_with(data)
            page.texture.use(0)
            vao.render(moderngl.TRIANGLE_STRIP, vertices=4, instances=len(data))
        return len(batches)

    def _vao_with(self, data: np.ndarray) -> moderngl.VertexArray:
        # A separate buffer per batch in a frame, and fresh storage each time
        # (orphan), so writing never waits for a draw still reading it.
        if self._used == len(self._pool):
            buf = self.ctx.buffer(reserve=max(4096, data.nbytes), dynamic=True)
            self._pool.append((buf, self.ctx.vertex_array(self.program, [
                (self._quad, "2f", "in_corner"),
                (buf, "4f 4f 4f/i", "in_rect", "in_uv", "in_colour"),
            ])))
        buf, vao = self._pool[self._used]
        buf.orphan(max(buf.size, data.nbytes))
        buf.write(data.tobytes())
        self._used += 1
        return vao

    def release(self) -> None:
        self._clear_atlases()
        for buf, vao in self._pool:
            vao.release()
            buf.release()
        self._pool.clear()
        self._quad.release()
        self.program.release()
