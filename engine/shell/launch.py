"""Opening the window and the kiosk (L3), with every check that can fail
made before pyglet is imported: a bad scene, no display, no OpenGL 3.3 each
end in one line and exit status 2, never a traceback."""

from __future__ import annotations

import logging
import os
import sys
import time

from engine import __version__
from engine.support.errors import UsageError

log = logging.getLogger("downhill.kiosk")


def display_problem() -> str | None:
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return "no display to open a window on (DISPLAY is not set)"
    return None


def _window_library_problem(exc: Exception) -> UsageError:
    return UsageError(f"cannot load the window library: {exc}")


def run_window(args) -> int:
    from engine.shell.offscreen import build_session
    problem = display_problem()
    if problem:
        raise UsageError(f"{problem}; to draw a picture without one use: "
                         "python3 main.py render --out picture.png")
    width, height = args.size
    session = build_session(args, width, height)  # scene errors before any window
    try:
        from engine.shell.window import DownhillWindow
    except Exception as exc:  # pragma: no cover - import problems are rare
        raise _window_library_problem(exc) from None
    try:
        window = DownhillWindow(session, width, height, fullscreen=args.fullscreen)
        window.first_frame_probe = bool(getattr(args, "quit_after_first_frame", False))
    except UsageError:
        raise
    except Exception as exc:
        detail = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
        raise UsageError(f"cannot open an OpenGL 3.3 window ({detail}); Downhill needs OpenGL 3.3: "
                         "update the graphics driver or use Mesa, or draw offscreen with "
                         "python3 main.py render --out picture.png") from None
    window.run()
    return 0


def run_kiosk(args) -> int:
    """``downhill --kiosk``: returns 0 when the operator leaves with the chord."""
    from engine.kiosk.config import load_config
    from engine.kiosk.director import KioskDirector
    from engine.kiosk.log import setup_logging
    from engine.kiosk.stage import KioskStage, scene_problem
    from engine.ui.display import Display
    config, problems = load_config(getattr(args, "config", None), scene_problem)
    log_file, log_problems = setup_logging(config.log_path)
    # The first line says which release runs here: a log sent in names it.
    log.info("Downhill %s kiosk starting; settings from %s; log file %s", __version__, config.source,
             log_file or "none")
    for line in log_problems + problems:
        log.warning("%s", line)
    problem = display_problem()
    if problem:
        log.error("cannot start: %s", problem)
        raise UsageError(f"{problem}; kiosk mode needs a screen")
    try:
        import pyglet
        screen = pyglet.display.get_display().get_default_screen()
        width, height = screen.width, screen.height
    except Exception as exc:
        log.exception("cannot reach the screen")
        raise UsageError(f"kiosk mode cannot reach the screen: {exc}") from None
    try:
        stage = KioskStage(width, height, config.interface_scale, config.languages,
                           Display(config.theme, config.text_size, config.reduced_motion),
                           visitor_mode=config.visitor_mode)
        stage.show(config.home_scene)
    except UsageError as exc:  # a damaged installation: no use restarting
        log.error("cannot start: %s", exc)
        raise
    director = KioskDirector(config, time.monotonic())
    try:
        from engine.shell.kiosk_window import KioskWindow
    except Exception as exc:  # pragma: no cover - import problems are rare
        raise _window_library_problem(exc) from None
    try:
        window = KioskWindow(stage, director, config)
    except UsageError as exc:
        log.error("cannot open the window: %s", exc)
        raise
    except Exception as exc:
        log.exception("cannot open the window")
        raise UsageError(f"cannot open an OpenGL 3.3 window ({exc})") from None
    window.first_frame_probe = bool(getattr(args, "quit_after_first_frame", False))
    return window.run_guarded()
