#!/usr/bin/env python3
"""Build the one-folder bundle: python3 packaging/build.py [--dist DIR] [--work DIR]

Sets up .venv with PyInstaller on first use (as main.py does for the app),
runs PyInstaller with packaging/downhill.spec, checks that every shader, scene
and font is inside, and prints the bundle's size. The result is
dist/downhill/, with the executable dist/downhill/downhill (downhill.exe on
Windows) and the kiosk set-up files in dist/downhill/setup/: copy the whole
folder.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from main import ensure_environment  # noqa: E402

DATA_FOLDERS = ("shaders", "scenes", "fonts", "locales")


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def bundle_data_dir(bundle: Path) -> Path:
    """Where PyInstaller 6 puts data in a one-folder bundle (sys._MEIPASS)."""
    inner = bundle / "_internal"
    return inner if inner.is_dir() else bundle


def missing_resources(bundle: Path) -> list[str]:
    data = bundle_data_dir(bundle)
    missing = []
    for folder in DATA_FOLDERS:
        for source in sorted((ROOT / folder).iterdir()):
            if source.is_file() and not (data / folder / source.name).is_file():
                missing.append(f"{folder}/{source.name}")
    return missing


def build(dist: Path, work: Path) -> Path:
    started = time.perf_counter()
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
               "--distpath", str(dist), "--workpath", str(work), str(ROOT / "packaging" / "downhill.spec")]
    # Run from a neutral folder: nothing may be picked up from the working folder.
    result = subprocess.run(command, cwd=work.parent if work.parent.is_dir() else ROOT)
    if result.returncode != 0:
        raise SystemExit(f"build: PyInstaller failed (exit status {result.returncode}); see its messages above")
    bundle = dist / "downhill"
    missing = missing_resources(bundle)
    if missing:
        raise SystemExit(f"build: the bundle lacks {', '.join(missing)}")
    # The operator's files (example settings, service unit, Windows scripts)
    # travel in the folder that gets copied to the kiosk.
    shutil.copytree(ROOT / "packaging" / "kiosk", bundle / "setup", dirs_exist_ok=True)
    exe = bundle / ("downhill.exe" if os.name == "nt" else "downhill")
    size = folder_size(bundle)
    print(f"build: {exe} ready in {time.perf_counter() - started:.0f} s; "
          f"bundle {size / 1e6:.1f} MB ({size / 2**20:.1f} MiB) in {sum(1 for _ in bundle.rglob('*'))} files")
    return bundle


def main() -> int:
    parser = argparse.ArgumentParser(description="Build the one-folder Downhill bundle with PyInstaller.")
    parser.add_argument("--dist", default=str(ROOT / "dist"), help="where the bundle goes (default: dist/)")
    parser.add_argument("--work", default=str(ROOT / "build"), help="PyInstaller's work folder (default: build/)")
    args = parser.parse_args()
    dist, work = Path(args.dist).resolve(), Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    if (dist / "downhill").exists():
        shutil.rmtree(dist / "downhill")
    build(dist, work)
    return 0


if __name__ == "__main__":
    ensure_environment(extras="build")
    sys.exit(main())
