"""Screenshots and clips from the running window (L3 helper).

The window reads its own pixels after painting a frame; files go to the
user's Pictures (screenshots) or Videos (clips) folder, or the working
folder, and the path is shown on screen.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from engine.export.clips import ClipWriter, ExportError
from engine.export.paths import default_capture_folder, timestamped_name
from engine.support.files import write_problem
from engine.support.i18n import _

CLIP_FPS = 30.0


class WindowCapture:
    def __init__(self, session) -> None:
        self.session = session
        self.want_screenshot = False
        self.writer: ClipWriter | None = None
        self._size = (0, 0)
        self._clock = 0.0

    @property
    def recording(self) -> bool:
        return self.writer is not None

    def request_screenshot(self) -> None:
        self.want_screenshot = True

    def toggle_recording(self, size: tuple[int, int]) -> None:
        if self.writer is not None:
            self.stop()
            return
        folder = default_capture_folder("videos")
        for ext in (".mp4", ".gif"):  # MP4 needs PyAV; a GIF always works
            path = folder / timestamped_name("downhill", ext, folder=folder)
            try:
                self.writer = ClipWriter.open(path, CLIP_FPS, size)
                break
            except ExportError as exc:
                message = str(exc)
        else:
            self.session.notices.notify(_("Cannot record: {problem}").format(problem=message))
            return
        self._size, self._clock = size, 0.0
        self.session.notices.notify(_("Recording… press V or Capture ▸ Stop recording to finish"), 3.0)

    def save_scene(self, folder: Path | None = None) -> Path | None:
        """Write what is on screen as a scene file (Documents, else the
        working folder), whole or not at all; the path is shown on screen."""
        from engine.model.scene_writer import scene_toml
        from engine.support.files import atomic_file
        folder = Path(folder) if folder is not None else default_capture_folder("documents")
        path = folder / timestamped_name("downhill-scene", ".toml", folder=folder)
        try:
            text = scene_toml(self.session.scene_snapshot())
            with atomic_file(path, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
        except (OSError, ValueError) as exc:
            self.session.notices.notify(_("The scene could not be saved: {reason}").format(
                reason=getattr(exc, 'strerror', None) or exc))
            return None
        self.session.notices.notify(_("Scene saved: {path}").format(path=path), 8.0)
        return path

    def stop(self, reason: str = "") -> None:
        writer, self.writer = self.writer, None
        if writer is None:
            return
        try:
            path = writer.close()
        except (ExportError, OSError) as exc:
            writer.abort()
            self.session.notices.notify(_("The clip could not be saved: {problem}").format(problem=exc))
            return
        self.session.notices.notify(reason + _("Clip saved: {path}").format(path=path), 8.0)

    def after_paint(self, read_pixels, size: tuple[int, int], elapsed: float) -> None:
        """Called once a frame is painted; ``read_pixels()`` gives (h, w, 3)."""
        if self.want_screenshot:
            self.want_screenshot = False
            from engine.gl.offscreen import save_png
            folder = default_capture_folder("pictures")
            path = folder / timestamped_name("downhill", ".png", folder=folder)
            try:
                save_png(read_pixels(), path)
                self.session.notices.notify(_("Screenshot saved: {path}").format(path=path), 8.0)
            except OSError as exc:  # OutputError: the path's problem, in one line
                problem = write_problem(exc)
                self.session.notices.notify(_("The screenshot could not be saved: {problem}").format(problem=problem))
        if self.writer is None:
            return
        if size != self._size:
            self.stop(_("The window changed size, so recording stopped.") + " ")
            return
        self._clock += elapsed
        frame = None
        while self._clock >= 0.0:  # one clip frame per 1/30 s of real time
            frame = read_pixels() if frame is None else frame
            try:
                self.writer.write(np.ascontiguousarray(frame))
            except (ExportError, OSError) as exc:
                self.writer.abort()
                self.writer = None
                self.session.notices.notify(_("Recording stopped: {problem}").format(problem=exc))
                return
            self._clock -= 1.0 / CLIP_FPS
