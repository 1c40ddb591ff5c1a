"""The kiosk's log: a rotating file, so months of running cannot fill the disk.

If the configured file cannot be written, the platform's usual place is
tried, then the temporary folder; the kiosk runs on whatever happens.
"""

from __future__ import annotations

import logging
import logging.handlers
import tempfile
from pathlib import Path

from engine.kiosk.config import default_log_path

LOG_BYTES = 1_000_000
LOG_BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(configured: str | None, fallback: Path | None = None,
                  echo: bool = True) -> tuple[Path | None, list[str]]:
    """Send the ``downhill`` loggers to a rotating file (and standard error,
    which a service manager keeps). Returns the file used and the problems
    met on the way, for the log itself."""
    logger = logging.getLogger("downhill")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    for handler in list(logger.handlers):
        if getattr(handler, "_downhill_kiosk", False):
            logger.removeHandler(handler)
            handler.close()
    formatter = logging.Formatter(FORMAT)
    if echo:
        _add(logger, logging.StreamHandler(), formatter)
    problems: list[str] = []
    candidates = [Path(configured)] if configured else []
    candidates += [fallback or default_log_path(), Path(tempfile.gettempdir()) / "downhill-kiosk.log"]
    for candidate in candidates:
        try:
            candidate.parent.mkdir(parents=True, exist_ok=True)
            handler = logging.handlers.RotatingFileHandler(
                candidate, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
        except OSError as exc:
            problems.append(f"cannot write the log file {candidate}: {exc.strerror or exc}")
            continue
        _add(logger, handler, formatter)
        return candidate, problems
    return None, problems


def _add(logger: logging.Logger, handler: logging.Handler, formatter: logging.Formatter) -> None:
    handler.setFormatter(formatter)
    handler._downhill_kiosk = True
    logger.addHandler(handler)
