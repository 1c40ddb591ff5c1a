"""GIF encoding with one palette for the whole clip (Pillow and numpy).

A GIF has 256 colours per frame. Choosing them frame by frame makes colours
flicker, and a fixed web palette turns the landscape's smooth reds into
bands. So frames are kept (compressed) until the end; then 255 colours are
chosen from frames spread over the whole clip (median cut), and every frame
is mapped to exactly the nearest of them, after an ordered (Bayer) dither.
An ordered dither depends only on the pixel's position, so what does not
move maps to the same indices every frame and the GIF stores only what
changed; error diffusion would ripple across the picture every frame.
The 256th index stays free for Pillow to mark unchanged pixels transparent.
"""

from __future__ import annotations

import zlib

import numpy as np

DITHERS = ("ordered", "none", "floyd-steinberg")
PALETTE_COLOURS = 255
#: Frames the palette is chosen from, spread evenly over the clip.
PALETTE_SAMPLES = 8
#: At most this many pixels go into choosing the palette.
PALETTE_PIXELS = 1_500_000
_UNKNOWN = 255  # lookup-table entry not computed yet (never a palette index)


def bayer_matrix(order: int = 3) -> np.ndarray:
    """The 2^order square Bayer threshold matrix, values in [0, 1)."""
    m = np.zeros((1, 1))
    for _ in range(order):
        m = np.block([[4 * m, 4 * m + 2], [4 * m + 3, 4 * m + 1]])
    return (m + 0.5) / m.size


def frame_delays(count: int, fps: float) -> list[int]:
    """Each frame's delay in milliseconds, in whole centiseconds (all a GIF
    can store), adding up so that frame i starts at exactly i/fps seconds
    give or take 5 ms: 15 fps alternates 70, 70 and 60 ms."""
    starts = [round(100 * i / fps) for i in range(count + 1)]
    return [10 * (b - a) for a, b in zip(starts, starts[1:])]


class GifEncoder:
    def __init__(self, size: tuple[int, int], fps: float, dither: str = "ordered") -> None:
        if dither not in DITHERS:
            raise ValueError(f"dither must be one of {', '.join(DITHERS)}, not {dither!r}")
        self.size = size
        self.fps = fps
        self.dither = dither
        self._frames: list[bytes] = []

    def add(self, image: np.ndarray) -> None:
        # Level 1 is fast and still shrinks a frame of this picture about
        # tenfold: a 10 s clip stays well within memory.
        self._frames.append(zlib.compress(np.ascontiguousarray(image, np.uint8).tobytes(), 1))

    def __len__(self) -> int:
        return len(self._frames)

    def frame(self, index: int) -> np.ndarray:
        width, height = self.size
        return np.frombuffer(zlib.decompress(self._frames[index]), np.uint8).reshape(height, width, 3)

    def palette(self) -> np.ndarray:
        """(k, 3) uint8: the colours of the whole clip, k <= 255."""
        count = len(self._frames)
        picks = sorted({round(i * (count - 1) / max(PALETTE_SAMPLES - 1, 1))
                        for i in range(min(PALETTE_SAMPLES, count))})
        width, height = self.size
        stride = max(1, int(np.ceil(np.sqrt(len(picks) * width * height / PALETTE_PIXELS))))
        sample = np.concatenate([self.frame(i)[::stride, ::stride].reshape(-1, 3) for i in picks])
        return choose_palette(sample)

    def save(self, stream, progress=None) -> None:
        """Write the GIF (looping forever) to a binary stream; the frames
        are given up as they go. ``progress(done)`` follows the frames."""
        from PIL import Image
        if not self._frames:
            raise ValueError("a GIF needs at least one frame")
        palette = self.palette()
        mapper = PaletteMapper(palette)
        flat_palette = np.zeros((256, 3), np.uint8)
        flat_palette[: len(palette)] = palette

        def indexed(i: int):
            rgb = self.frame(i)
            self._frames[i] = b""  # Pillow keeps every indexed frame: make room
            if progress is not None:
                progress(i + 1)
            if self.dither == "floyd-steinberg":
                holder = Image.new("P", (1, 1))
                holder.putpalette(flat_palette.tobytes())
                return Image.fromarray(rgb).quantize(palette=holder, dither=Image.Dither.FLOYDSTEINBERG)
            if self.dither == "ordered":
                rgb = ordered_dither(rgb, mapper.spacing)
            image = Image.frombytes("P", self.size, mapper.indices(rgb).tobytes())
            image.putpalette(flat_palette.tobytes())
            return image

        first = indexed(0)
        rest = (indexed(i) for i in range(1, len(self._frames)))
        first.save(stream, format="GIF", save_all=True, append_images=rest, loop=0,
                   duration=frame_delays(len(self._frames), self.fps), disposal=1, optimize=True)


def choose_palette(pixels: np.ndarray, colours: int = PALETTE_COLOURS) -> np.ndarray:
    """Up to ``colours`` colours for (n, 3) uint8 ``pixels``.

    Plain median cut spends the palette on what covers the most pixels: the
    landscape's reds and the dark backdrop get hundreds of shades and a small
    green ball gets none, so it turns red. Here similar colours are first
    gathered into bins (5 bits a channel) and each bin counts with the square
    root of its pixels: large areas still get the most shades, and a colour
    a few hundred pixels wide keeps one of its own. A little k-means then
    settles the colours on their clusters.
    """
    from PIL import Image
    pixels = np.asarray(pixels, np.uint8).reshape(-1, 3)
    keys = ((pixels[:, 0].astype(np.int64) >> 3) << 10) | ((pixels[:, 1].astype(np.int64) >> 3) << 5) \
        | (pixels[:, 2].astype(np.int64) >> 3)
    counts = np.bincount(keys, minlength=1 << 15)
    sums = np.stack([np.bincount(keys, weights=pixels[:, c], minlength=1 << 15) for c in range(3)], 1)
    used = counts > 0
    means = np.round(sums[used] / counts[used, None]).astype(np.uint8)
    if len(means) <= colours:
        return means
    weighted = np.repeat(means, np.ceil(np.sqrt(counts[used])).astype(np.int64), axis=0)
    row = 1024
    weighted = np.concatenate([weighted, np.repeat(weighted[-1:], -len(weighted) % row, axis=0)])
    chosen = Image.fromarray(weighted.reshape(-1, row, 3)).quantize(
        colours, method=Image.Quantize.MEDIANCUT, kmeans=2)
    palette = np.array(chosen.getpalette(), np.uint8).reshape(-1, 3)
    return palette[:colours]


def ordered_dither(rgb: np.ndarray, spacing: float) -> np.ndarray:
    """``rgb`` plus a Bayer pattern about one palette step tall."""
    height, width = rgb.shape[:2]
    pattern = bayer_matrix()
    tiles = np.tile(pattern, (height // 8 + 1, width // 8 + 1))[:height, :width]
    offset = ((tiles - 0.5) * spacing)[:, :, None]
    return np.clip(rgb + offset, 0, 255).astype(np.uint8)


class PaletteMapper:
    """Exact nearest-colour lookup, remembered for every colour seen.

    A table over all 2^24 colours (16 MB) is filled only where frames have
    colours, so a clip costs one distance search per distinct colour.
    """

    def __init__(self, palette: np.ndarray) -> None:
        self.palette = np.asarray(palette, np.uint8)
        if not 1 <= len(self.palette) <= 255:
            raise ValueError("a palette has 1 to 255 colours here")
        self._table = np.full(1 << 24, _UNKNOWN, np.uint8)
        colours = self.palette.astype(np.float64)
        if len(colours) > 1:
            gaps = np.sqrt(((colours[:, None] - colours[None]) ** 2).sum(-1))
            np.fill_diagonal(gaps, np.inf)
            # The typical distance to the nearest other colour: how far
            # apart the shades the dither mixes are.
            self.spacing = float(np.clip(np.median(gaps.min(axis=1)), 2.0, 32.0))
        else:
            self.spacing = 0.0

    def indices(self, rgb: np.ndarray) -> np.ndarray:
        rgb = np.asarray(rgb, np.uint8)
        keys = (rgb[..., 0].astype(np.uint32) << 16) | (rgb[..., 1].astype(np.uint32) << 8) | rgb[..., 2]
        found = self._table[keys]
        missing = found == _UNKNOWN
        if missing.any():
            new = np.unique(keys[missing])
            self._table[new] = self._nearest(new)
            found = self._table[keys]
        return found

    def _nearest(self, keys: np.ndarray) -> np.ndarray:
        colours = np.stack([(keys >> 16) & 255, (keys >> 8) & 255, keys & 255], axis=1).astype(np.int32)
        palette = self.palette.astype(np.int32)
        out = np.empty(len(keys), np.uint8)
        for start in range(0, len(keys), 8192):
            chunk = colours[start:start + 8192]
            distance = ((chunk[:, None, :] - palette[None]) ** 2).sum(axis=2)
            out[start:start + 8192] = distance.argmin(axis=1)
        return out
