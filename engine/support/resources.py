"""Locate the shipped data folders (shaders, scenes, fonts, data sets).

They are found relative to the code, never the current directory, so a source
checkout, an installed wheel and a PyInstaller bundle all work the same way.
"""

from __future__ import annotations

import sys
from pathlib import Path

#: The ``engine`` package folder (this file lives in engine/support/).
_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def _candidates(name: str) -> list[Path]:
    found = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        found += [Path(bundle) / name, Path(bundle) / "engine" / name]
    # Installed wheel: data folders are mapped into the package.
    found.append(_PACKAGE_DIR / name)
    # Source checkout: data folders sit beside the package.
    found.append(_PACKAGE_DIR.parent / name)
    return found


def resource_dir(name: str) -> Path:
    """Return the folder holding the shipped resource kind ``name``."""
    for candidate in _candidates(name):
        if candidate.is_dir() and any(p.suffix != ".py" for p in candidate.iterdir()):
            return candidate
    raise FileNotFoundError(f"cannot find the '{name}' folder next to {_PACKAGE_DIR}")


def shader_path(program: str) -> Path:
    return resource_dir("shaders") / f"{program}.glsl"


def scene_path(scene: str) -> Path:
    return resource_dir("scenes") / f"{scene}.toml"


def font_path(filename: str) -> Path:
    return resource_dir("fonts") / filename


def data_path(filename: str) -> Path:
    """A data set shipped in data/ (the regression landscapes' measurements)."""
    return resource_dir("data") / filename
