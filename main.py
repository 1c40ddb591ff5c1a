#!/usr/bin/env python3
"""Downhill: watch gradient descent find (or miss) the minimum.

    python3 main.py            opens the window on the default scene
    python3 main.py --help     every command and option

On first run this sets up a private environment in .venv beside this file and
installs what Downhill needs; later runs start straight away.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
REQUIRED = ("numpy", "pyrr", "moderngl", "glcontext", "pyglet", "PIL")


def _missing_modules() -> list[str]:
    import importlib.util
    return [name for name in REQUIRED if importlib.util.find_spec(name) is None]


def ensure_environment(extras: str = "") -> None:
    """Re-run this script inside .venv, creating and filling it if needed."""
    if getattr(sys, "frozen", False) or not _missing_modules() and not extras:
        return
    venv = ROOT / ".venv"
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    in_venv = Path(sys.prefix).resolve() == venv.resolve()
    if in_venv and not _missing_modules() and not extras:
        return
    if os.environ.get("DOWNHILL_BOOTSTRAPPED") == "1" and _missing_modules():
        print(f"downhill: the environment in {venv} is missing {', '.join(_missing_modules())}; "
              f"delete {venv} and run again", file=sys.stderr)
        sys.exit(1)
    if not python.exists():
        print(f"downhill: first run: setting up {venv} (needs the package index once)...",
              file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    stamp = venv / f".installed{extras}"
    pyproject = ROOT / "pyproject.toml"
    if not stamp.exists() or stamp.stat().st_mtime < pyproject.stat().st_mtime:
        spec = f"{ROOT}[{extras}]" if extras else str(ROOT)
        result = subprocess.run([str(python), "-m", "pip", "install", "--quiet",
                                 "--disable-pip-version-check", "-e", spec])
        if result.returncode != 0:
            print("downhill: installing the dependencies failed (see pip's message above)",
                  file=sys.stderr)
            sys.exit(1)
        stamp.touch()
    if in_venv:
        return
    env = dict(os.environ, DOWNHILL_BOOTSTRAPPED="1")
    argv = [str(python)] + sys.argv
    if os.name == "nt":
        sys.exit(subprocess.run(argv, env=env).returncode)
    os.execve(str(python), argv, env)


if __name__ == "__main__":
    ensure_environment()
    sys.path.insert(0, str(ROOT))
    try:
        from engine.shell.cli import main
        status = main()
    except (KeyboardInterrupt, RuntimeError) as exc:  # Ctrl+C before the command could catch it
        # Python 3.11 turns a Ctrl+C that lands while a class is being made
        # (as a module is imported) into a RuntimeError caused by it.
        if not isinstance(exc, KeyboardInterrupt) and not isinstance(exc.__cause__, KeyboardInterrupt):
            raise
        print("downhill: interrupted", file=sys.stderr)
        status = 130
    # The work is finished (or was stopped cleanly): a Ctrl+C while Python
    # shuts down would otherwise kill the process with no exit status of ours.
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.exit(status)
