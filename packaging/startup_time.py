#!/usr/bin/env python3
"""Time from launch to the first frame on screen.

    python3 packaging/startup_time.py [--exe dist/downhill/downhill] [--runs 5] [--kiosk]

Starts Downhill with --quit-after-first-frame several times and measures, from
outside, the wall time from starting the process to the moment it reports
the first frame shown (after the buffer swap), then the median. Without
--exe it times the source checkout (python3 main.py). Without a display it
starts Xvfb for the measurement.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARK = "first frame shown"


def start_xvfb(size: str = "1280x720x24"):
    xvfb = shutil.which("Xvfb")
    if not xvfb:
        raise SystemExit("startup_time: no display and no Xvfb (apt-get install xvfb)")
    read, write = os.pipe()
    proc = subprocess.Popen([xvfb, "-displayfd", str(write), "-screen", "0", size, "-nolisten", "tcp"],
                            pass_fds=(write,), stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    if not number:
        proc.kill()
        raise SystemExit("startup_time: Xvfb did not start")
    return proc, f":{number}"


def time_once(command: list[str], env: dict, cwd: str, timeout: float = 60.0) -> float:
    """Seconds from starting ``command`` to its first-frame line."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=cwd)
    try:
        for line in proc.stdout:
            if MARK in line:
                elapsed = time.perf_counter() - start
                proc.communicate(timeout=timeout)
                return elapsed
        _, err = proc.communicate(timeout=timeout)
        raise RuntimeError(f"no first frame (exit status {proc.returncode}): {err.strip()[-500:]}")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def measure(exe: str | None, runs: int, kiosk: bool, size: str = "1280x720") -> list[float]:
    xvfb = None
    env = dict(os.environ)
    if not env.get("DISPLAY"):
        xvfb, env["DISPLAY"] = start_xvfb(f"{size}x24")
    base = [exe] if exe else [sys.executable, str(ROOT / "main.py")]
    command = base + ["--quit-after-first-frame", "--size", size] + (["--kiosk"] if kiosk else [])
    try:
        with tempfile.TemporaryDirectory() as home:
            # A neutral working folder and home: nothing found there by accident.
            env.update(HOME=home, XDG_STATE_HOME=str(Path(home) / "state"))
            return [time_once(command, env, cwd=home) for _ in range(runs)]
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exe", help="the bundled executable (default: the source checkout)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--kiosk", action="store_true", help="time kiosk mode (fullscreen)")
    args = parser.parse_args()
    times = measure(args.exe, max(1, args.runs), args.kiosk)
    what = args.exe or "python3 main.py"
    print(f"launch to first frame, {what}{' --kiosk' if args.kiosk else ''}: "
          f"median {statistics.median(times):.2f} s, best {min(times):.2f} s, worst {max(times):.2f} s "
          f"({len(times)} runs: {', '.join(f'{t:.2f}' for t in times)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
