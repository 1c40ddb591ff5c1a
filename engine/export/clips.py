"""Writing clips and pictures to disk (no GL, no window): an MP4 file, a
looping GIF, or a folder of numbered PNG frames.

    writer = ClipWriter.open("lesson.mp4", fps=30, size=(1280, 720))
    for frame in frames:          # (height, width, 3) uint8 arrays, top row first
        writer.write(frame)
    writer.close()                # or writer.abort(); also a context manager

Nothing appears at the path until ``close`` succeeds: frames go to a
temporary file (or folder) beside it, renamed into place at the end, so a
full disk, an error or Ctrl+C never leaves half a clip behind. Every problem
a user can cause is an ``ExportError`` whose text is one line.

MP4 is H.264 in yuv420p with the index at the front (+faststart), which
browsers and presentation software play; it needs PyAV (``av``), whose wheels
bring their own FFmpeg and x264, so recording works offline. GIF and PNG need
only Pillow.
"""

from __future__ import annotations

import os
import re
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np

from engine.export.clip_paths import ExportError, clip_format, even_size
from engine.export.gif import GifEncoder
from engine.export.paths import default_capture_folder, timestamped_name
from engine.support.files import Output, OutputError, shown_path

__all__ = ["ClipWriter", "Mp4Writer", "GifWriter", "PngFolderWriter", "ExportError", "FORMATS",
           "clip_format", "even_size", "mp4_support", "default_capture_folder", "timestamped_name"]

FORMATS = ("mp4", "gif", "png")
FRAME_NAME = "frame_{:05d}.png"
_FRAME_FILE = re.compile(r"frame_\d{5,}\.png")
#: Past this rate browsers stop honouring GIF frame delays (2 centiseconds).
GIF_MAX_FPS = 50.0


def mp4_support() -> str | None:
    """None when MP4 can be written here, else the one line that says why
    not and what to install."""
    try:
        _h264_codec(_import_av())
    except ExportError as exc:
        return str(exc)
    return None


class ClipWriter:
    """Base of the three writers; ``ClipWriter.open`` picks one by path."""

    kind = ""

    def __init__(self, path, fps: float, size: tuple[int, int]) -> None:
        self.path = Path(path)
        self.fps = float(fps)
        self.size = (int(size[0]), int(size[1]))
        #: The size frames are stored at (MP4 rounds odd sizes up to even).
        self.frame_size = self.size
        self.frames_written = 0
        self.finished = False
        self.output: Output | None = None
        if not (0 < self.fps <= 1000):
            raise ExportError(f"frame rate {fps:g} must be between 0 and 1000")
        if min(self.size) < 1:
            raise ExportError(f"size {self.size[0]}x{self.size[1]} is empty")

    @property
    def published(self) -> bool:
        """True once the whole clip is in place at ``path``."""
        return self.output is not None and self.output.published

    @staticmethod
    def open(path, fps: float, size: tuple[int, int], **options) -> ClipWriter:
        """A writer for ``path``: MP4, GIF or a folder of PNGs by its name."""
        kind = clip_format(path)
        cls = {"mp4": Mp4Writer, "gif": GifWriter, "png": PngFolderWriter}[kind]
        return cls(path, fps, size, **options)

    # -- the three steps ----------------------------------------------------------
    def write(self, frame: np.ndarray) -> None:
        if self.finished:
            raise ExportError(f"{self.path}: the clip is already closed")
        image = self._checked(frame)
        try:
            self._write(image)
        except OSError as exc:
            self.abort()
            raise self._failed(exc) from None
        self.frames_written += 1

    def close(self, progress=None) -> Path:
        """Finish the clip and move it into place; returns its path.

        A GIF does most of its work here; ``progress(done)`` is then called
        as each of its frames is written (see ``pending_frames``)."""
        if self.finished:
            return self.path
        try:
            self._finish(progress)
        except OSError as exc:
            self.abort()
            raise self._failed(exc) from None
        except BaseException:
            # An interrupt held back while the clip moved into place arrives
            # once it is there: then the clip is whole and stays.
            if self.published:
                self.finished = True
            else:
                self.abort()
            raise
        self.finished = True
        return self.path

    def abort(self) -> None:
        """Drop everything written so far; the path is left as it was."""
        self.finished = True
        self._discard()

    def __enter__(self) -> ClipWriter:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:
            self.close()
        else:
            self.abort()

    # -- for the writers -------------------------------------------------------------
    def _checked_output(self, **check) -> Output:
        """The clip's path, checked and its temporary made (engine/support/files.py)."""
        try:
            self.output = Output(self.path, **check)
        except OutputError as exc:
            raise ExportError(str(exc)) from None
        return self.output

    def _output(self) -> Output:
        if self.output is None:
            raise ExportError(f"{shown_path(self.path)}: the clip was never opened")
        return self.output

    def _failed(self, exc: OSError) -> ExportError:
        return ExportError(str(self.output.failed(exc) if self.output else exc))

    def _checked(self, frame) -> np.ndarray:
        image = np.asarray(frame)
        if image.dtype != np.uint8 or image.ndim != 3 or image.shape[2] not in (3, 4):
            raise ValueError(f"a frame must be (height, width, 3) uint8, got {image.dtype} {image.shape}")
        width, height = self.size
        if image.shape[:2] == (self.frame_size[1], self.frame_size[0]):
            pass
        elif image.shape[:2] == (height, width):
            pad_h, pad_w = self.frame_size[1] - height, self.frame_size[0] - width
            if pad_h or pad_w:  # repeat the last row and column: no visible border
                image = np.pad(image, ((0, pad_h), (0, pad_w), (0, 0)), mode="edge")
        else:
            raise ValueError(f"a frame of {image.shape[1]}x{image.shape[0]} in a "
                             f"{width}x{height} clip")
        return np.ascontiguousarray(image[:, :, :3])

    #: Frames ``close`` still has to encode (a GIF keeps them until then).
    pending_frames = 0

    def _write(self, image: np.ndarray) -> None:
        raise NotImplementedError

    def _finish(self, progress=None) -> None:
        raise NotImplementedError

    def _discard(self) -> None:
        raise NotImplementedError


class _TemporaryFileWriter(ClipWriter):
    """Writes to a hidden temporary file in the target's folder, made at once
    so an unwritable path fails before any frame is drawn."""

    def __init__(self, path, fps, size) -> None:
        super().__init__(path, fps, size)
        output = self._checked_output(devices=False, what=f"a .{self.kind} clip")
        self.target, self.temporary = output.target, output.where

    def _move_into_place(self) -> None:
        self._output().publish()

    def _discard(self) -> None:
        if self.output is not None:
            self.output.discard()


class Mp4Writer(_TemporaryFileWriter):
    """H.264 (x264), yuv420p, BT.709 colours, +faststart, through PyAV.

    ``quality`` is x264's constant rate factor: 18 looks like the frames it
    was given; higher numbers make smaller, blurrier files. ``preset`` trades
    encoding time for size: "fast" costs a quarter less time than x264's
    "medium" for the same quality and about the same size on these pictures.
    """

    kind = "mp4"

    def __init__(self, path, fps, size, quality: int = 18, preset: str = "fast") -> None:
        av = _import_av()
        codec = _h264_codec(av)
        super().__init__(path, fps, size)
        self.frame_size = even_size(self.size)
        self._av = av
        rate = Fraction(self.fps).limit_denominator(1001)
        try:
            self._container = av.open(self.temporary, "w", format="mp4",
                                      options={"movflags": "+faststart"})
            stream = self._container.add_stream(codec, rate=rate)
            stream.width, stream.height = self.frame_size
            stream.pix_fmt = "yuv420p"
            # The muxer picks its own stream time base when it writes the
            # header; frames count in whole frames of this one.
            self._time_base = 1 / rate
            stream.codec_context.time_base = self._time_base
            context = stream.codec_context
            # Tag the colours as converted below: untagged HD video is
            # assumed BT.709, and a BT.601 conversion would shift the reds.
            context.colorspace = context.color_primaries = context.color_trc = 1  # BT.709
            context.color_range = 1  # limited ("TV") range, what players expect
            if codec == "libx264":
                stream.options = {"crf": str(quality), "preset": preset}
            self._stream = stream
        except BaseException:
            self._close_container()
            self._discard()
            raise

    def _write(self, image: np.ndarray) -> None:
        av = self._av
        frame = av.VideoFrame.from_ndarray(image, format="rgb24")
        frame = frame.reformat(format="yuv420p", dst_colorspace="ITU709", dst_color_range="MPEG",
                               interpolation="AREA")
        frame.pts = self.frames_written
        frame.time_base = self._time_base
        for packet in self._encode(frame):
            self._container.mux(packet)

    def _encode(self, frame):
        return self._stream.encode(frame)

    def _finish(self, progress=None) -> None:
        for packet in self._encode(None):
            self._container.mux(packet)
        self._container.close()
        self._container = None
        self._move_into_place()

    def _close_container(self) -> None:
        container, self._container = getattr(self, "_container", None), None
        if container is not None:
            try:
                container.close()
            except Exception:
                pass  # already failing: the temporary file goes anyway

    def _discard(self) -> None:
        self._close_container()
        super()._discard()


class GifWriter(_TemporaryFileWriter):
    """A looping GIF whose 256 colours are chosen once for the whole clip.

    Frames are kept compressed in memory until ``close``, which picks the
    palette from frames spread over the clip (so colours never flicker) and
    then writes them; see engine/export/gif.py. ``dither`` is "ordered"
    (the default: stable from frame to frame, so still parts stay still and
    small), "none" or "floyd-steinberg".
    """

    kind = "gif"

    def __init__(self, path, fps, size, dither: str = "ordered") -> None:
        if float(fps) > GIF_MAX_FPS:
            raise ExportError(f"a GIF plays at most {GIF_MAX_FPS:g} frames per second, not {fps:g}")
        super().__init__(path, fps, size)
        self._encoder = GifEncoder(self.size, self.fps, dither=dither)

    def _write(self, image: np.ndarray) -> None:
        self._encoder.add(image)

    @property
    def pending_frames(self) -> int:
        return len(self._encoder) if self._encoder is not None and not self.finished else 0

    def _finish(self, progress=None) -> None:
        with self._output().open("wb") as stream:
            self._encoder.save(stream, progress)
        self._encoder = None
        self._move_into_place()

    def _discard(self) -> None:
        self._encoder = None
        super()._discard()


class PngFolderWriter(ClipWriter):
    """frame_00000.png, frame_00001.png, ... in a folder.

    They are written into a hidden temporary folder beside the target and
    renamed into place at the end (an ``Output`` of a folder). A folder that
    already exists may be replaced only when it is empty or holds nothing
    but frames from an earlier recording; anything else in it is never
    touched.
    """

    kind = "png"

    def __init__(self, path, fps, size, compress_level: int = 3) -> None:
        super().__init__(Path(os.fspath(path).rstrip("/" + os.sep) or os.sep), fps, size)
        self.compress_level = compress_level
        output = self._checked_output(folder=True, what="a folder for PNG frames")
        self.temporary = output.where
        if output.target.is_dir():
            strangers = [p.name for p in output.target.iterdir() if not _FRAME_FILE.fullmatch(p.name)]
            if strangers:
                output.discard()
                raise ExportError(f"{shown_path(self.path)}: the folder holds other files ({strangers[0]}, ...); "
                                  "give a new or empty folder for the frames")

    def _write(self, image: np.ndarray) -> None:
        from PIL import Image
        target = self.temporary / FRAME_NAME.format(self.frames_written)
        Image.fromarray(image).save(target, format="PNG", compress_level=self.compress_level)

    def _finish(self, progress=None) -> None:
        self._output().publish()

    def _discard(self) -> None:
        if self.output is not None:
            self.output.discard()


# -- helpers ----------------------------------------------------------------------------
def _import_av():
    try:
        import av
    except ImportError:
        raise ExportError(f"MP4 needs PyAV, which is not installed: run '{_pip()} install av', "
                          "or record a .gif or a folder/ of PNG frames") from None
    return av


def _h264_codec(av) -> str:
    available = getattr(av, "codecs_available", set())
    for name in ("libx264", "libopenh264"):
        if name in available:
            try:
                av.codec.Codec(name, "w")
                return name
            except Exception:
                continue
    raise ExportError(f"MP4 needs an H.264 encoder, and this PyAV {av.__version__} has none: "
                      f"run '{_pip()} install --force-reinstall av' to get the wheel that bundles x264")


def _pip() -> str:
    return f"{Path(sys.executable).as_posix()} -m pip"


