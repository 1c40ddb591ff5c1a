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
from engine.support.errors import one_line
from engine.support.files import OutputError, check_output, shown_path, write_problem

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
    formatter = _OneLineFormatter(FORMAT)
    if echo:
        _add(logger, logging.StreamHandler(), formatter)
    problems: list[str] = []
    candidates = [Path(configured)] if configured else []
    candidates += [fallback or default_log_path(), Path(tempfile.gettempdir()) / "downhill-kiosk.log"]
    for candidate in candidates:
        try:
            # The check every output has (engine/support/files.py): a name the
            # system refuses, or something other than a regular file (opening
            # a FIFO for appending waits for a reader for ever; a device or
            # folder is no log), or a folder it may not write in.
            check_output(candidate, devices=False, parents=True, append=True, what="a log")
            handler = _QuietRotatingFileHandler(
                candidate, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
        except OutputError as exc:
            problems.append(f"cannot write the log file {shown_path(candidate)}: {exc.problem}")
            continue
        except OSError as exc:
            problems.append(f"cannot write the log file {shown_path(candidate)}: {write_problem(exc)}")
            continue
        except ValueError as exc:  # a path the logging module refuses
            problems.append(f"cannot write the log file {shown_path(candidate)}: {exc}")
            continue
        _add(logger, handler, formatter)
        return candidate, problems
    return None, problems


def _add(logger: logging.Logger, handler: logging.Handler, formatter: logging.Formatter) -> None:
    handler.setFormatter(formatter)
    handler._downhill_kiosk = True
    logger.addHandler(handler)


class _OneLineFormatter(logging.Formatter):
    """Every record one line, however odd the text it quotes."""

    def format(self, record: logging.LogRecord) -> str:
        return one_line(super().format(record), limit=2000)


class _QuietRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A log write that fails (a full disk, a vanished folder) is dropped
    and counted: the kiosk keeps running and keeps its screen clean of
    Python's logging tracebacks."""

    dropped = 0

    def handleError(self, record: logging.LogRecord) -> None:
        self.dropped += 1

    def flush(self) -> None:
        try:
            super().flush()
        except OSError:
            self.dropped += 1

    def close(self) -> None:
        try:
            super().close()
        except OSError:  # the last buffered lines did not fit on the disk
            self.dropped += 1
