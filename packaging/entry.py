"""The bundled executable's entry point (packaging/downhill.spec)."""

import signal
import sys

from engine.shell.cli import main

if __name__ == "__main__":
    status = main()
    # Finished: a Ctrl+C while Python shuts down must not turn a written
    # clip's exit status into a kill by signal.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.exit(status)
