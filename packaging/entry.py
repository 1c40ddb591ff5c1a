"""The bundled executable's entry point (packaging/downhill.spec)."""

import sys

from engine.shell.cli import main

if __name__ == "__main__":
    sys.exit(main())
