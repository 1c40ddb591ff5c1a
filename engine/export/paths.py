"""Where captures go: the user's Pictures (or Videos) folder and names that
sort by time (no GL, no window). Re-exported by engine/export/clips.py."""

from __future__ import annotations

import datetime as _dt
import os
import re
import sys
from pathlib import Path


def default_capture_folder(kind: str = "pictures", home: Path | None = None,
                           environ=None) -> Path:
    """The user's Pictures (or Videos) folder if it exists, else the
    working folder. Follows XDG user dirs on Linux, the known folders on
    Windows and ~/Pictures, ~/Movies on macOS."""
    if kind not in ("pictures", "videos", "documents"):
        raise ValueError(f"kind must be 'pictures', 'videos' or 'documents', not {kind!r}")
    environ = os.environ if environ is None else environ
    home = Path(home) if home is not None else Path.home()
    candidates: list[Path] = []
    if sys.platform == "win32" and home == Path.home():
        known = _windows_known_folder(kind)
        if known:
            candidates.append(Path(known))
    xdg_key = {"pictures": "XDG_PICTURES_DIR", "videos": "XDG_VIDEOS_DIR",
               "documents": "XDG_DOCUMENTS_DIR"}[kind]
    xdg = environ.get(xdg_key) or _xdg_user_dir(xdg_key, home, environ)
    if xdg:
        candidates.append(Path(xdg).expanduser())
    if kind == "pictures":
        candidates.append(home / "Pictures")
    elif kind == "documents":  # saved scenes
        candidates.append(home / "Documents")
    else:
        candidates += [home / "Videos", home / "Movies"]
    for folder in candidates:
        if folder.is_dir():
            return folder
    return Path.cwd()


def timestamped_name(prefix: str, ext: str, when: _dt.datetime | None = None,
                     folder: Path | None = None) -> str:
    """``downhill-2025-03-14-153005.mp4``: sorts by time, no characters any
    file system refuses. With ``folder``, a name already taken there gets
    ``-2``, ``-3``, ... so that nothing is overwritten."""
    when = when or _dt.datetime.now()
    ext = ext if not ext or ext.startswith(".") else "." + ext
    stem = f"{prefix}-{when:%Y-%m-%d-%H%M%S}"
    name, count = f"{stem}{ext}", 1
    while folder is not None and (Path(folder) / name).exists():
        count += 1
        name = f"{stem}-{count}{ext}"
    return name


def _xdg_user_dir(key: str, home: Path, environ) -> str | None:
    config = Path(environ.get("XDG_CONFIG_HOME") or home / ".config") / "user-dirs.dirs"
    try:
        text = config.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    match = re.search(rf'^\s*{key}="?([^"\n]*)"?\s*$', text, re.MULTILINE)
    if not match:
        return None
    value = match.group(1).replace("$HOME", str(home))
    # "$HOME/" alone means the user turned the folder off.
    return value if Path(value) != home else None


def _windows_known_folder(kind: str) -> str | None:
    try:
        import ctypes
        import uuid
        guid = {"pictures": "33E28130-4E1E-4676-835A-98395C3BC3BB",
                "videos": "18989B1D-99B5-455B-841C-AB7C74E4DDFC",
                "documents": "FDD39AD0-238F-46AF-ADB4-6C85480369C7"}[kind]

        class GUID(ctypes.Structure):
            _fields_ = [("data", ctypes.c_ubyte * 16)]

        folder_id = GUID()
        ctypes.memmove(folder_id.data, uuid.UUID(guid).bytes_le, 16)
        out = ctypes.c_wchar_p()
        shell32 = ctypes.windll.shell32  # type: ignore[attr-defined]
        if shell32.SHGetKnownFolderPath(ctypes.byref(folder_id), 0, None, ctypes.byref(out)) != 0:
            return None
        try:
            return out.value
        finally:
            ctypes.windll.ole32.CoTaskMemFree(out)  # type: ignore[attr-defined]
    except Exception:
        return None
