"""The kiosk operator's settings (L1): a TOML file read and checked key by key.

A kiosk must start whatever the file says: a key that cannot be used is
reported (file, key, problem) and replaced by its default, while the other
keys still apply. Nothing here raises on a bad file.
"""

from __future__ import annotations

import math
import os
import re
import sys
from dataclasses import dataclass, field, fields, replace
from datetime import time
from pathlib import Path

from engine.support.errors import one_line, quoted
from engine.support.files import UserFileError, read_toml
from engine.support.i18n import language_codes

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MODIFIER_KEYS = ("ctrl", "shift", "alt", "super")
#: Keys an exit chord may use besides the modifiers: letters, digits, F1-F12.
_PLAIN_KEY = re.compile(r"^(?:[a-z0-9]|f(?:[1-9]|1[0-2]))$")


@dataclass(frozen=True)
class OpeningHours:
    open: time
    close: time
    days: frozenset[int] = frozenset(range(7))  # Monday is 0, as datetime.weekday()
    dim_brightness: float = 0.3


@dataclass(frozen=True)
class KioskConfig:
    scenes: tuple[str, ...] = ("default", "momentum-escape", "lr-lesson", "race")
    home_scene: str = "default"
    idle_seconds: float = 60.0
    attract_scene_seconds: float = 40.0
    attract_reset_seconds: float = 4.0
    attract_orbit_degrees_per_second: float = 6.0
    # Long enough to watch the ball fly off and fade (4 s) and read why.
    diverged_reset_seconds: float = 9.0
    exit_chord: tuple[str, ...] = ("ctrl", "shift", "q")
    exit_hold_seconds: float = 3.0
    interface_scale: float = 1.4
    burn_in_shift_pixels: float = 4.0
    burn_in_shift_seconds: float = 300.0
    opening_hours: OpeningHours | None = None
    log_path: str | None = None  # None: the platform's usual place (default_log_path)
    #: The languages the language button offers; the first is the default,
    #: which the kiosk returns to when a visitor walks away.
    languages: tuple[str, ...] = ("en",)
    #: "dark" or "projector" (engine/ui/display.py); text_size multiplies
    #: every word; reduced_motion: no attract orbit, no camera coasting.
    theme: str = "dark"
    text_size: float = 1.0
    reduced_motion: bool = False
    # -- visitors ----------------------------------------------------------------
    countdown_seconds: float = 10.0   # "Still exploring?" before attract; 0: none
    attract_demo: bool = True         # a ghost finger performs the scene's "Try:"
    touch_takes_over: str = "scene"   # "scene": as it is; "home": the home scene, fresh
    visitor_mode: bool = True         # plain words; false keeps the technical names
    source: str = field(default="built-in defaults", compare=False)


#: Allowed ranges of the numeric keys: (low, high).
NUMBER_RANGES = {
    "idle_seconds": (1.0, 86400.0),
    "attract_scene_seconds": (2.0, 86400.0),
    "attract_reset_seconds": (0.0, 3600.0),
    "attract_orbit_degrees_per_second": (-90.0, 90.0),
    "diverged_reset_seconds": (0.5, 3600.0),
    "exit_hold_seconds": (1.0, 60.0),
    "interface_scale": (0.5, 3.0),
    "burn_in_shift_pixels": (0.0, 40.0),
    "burn_in_shift_seconds": (5.0, 86400.0),
    "text_size": (0.75, 2.0),
    "countdown_seconds": (0.0, 600.0),
}
BOOL_KEYS = ("attract_demo", "visitor_mode")
TAKE_OVER_CHOICES = ("scene", "home")
TOP_KEYS = ({f.name for f in fields(KioskConfig)} - {"source"})
HOURS_KEYS = {"open", "close", "days", "dim_brightness"}


def parse_config(data: dict, source: str, scene_problem=None) -> tuple[KioskConfig, list[str]]:
    """Check ``data`` (a parsed TOML table) and return the settings and the
    problems found, one line each: ``source: key: problem; using ...``.

    ``scene_problem(name)`` returns why a scene cannot be used, or None; the
    caller passes the scene loader's check so this module stays pure.
    """
    defaults = KioskConfig()
    values: dict = {"source": source}
    problems: list[str] = []

    def bad(key: str, problem: str, default) -> None:
        problems.append(f"{source}: {key}: {problem}; using {_show(default)}")

    for key in sorted(set(data) - TOP_KEYS):
        problems.append(f"{source}: {key}: unknown key (ignored; known keys: {', '.join(sorted(TOP_KEYS))})")

    for key, (low, high) in NUMBER_RANGES.items():
        if key not in data:
            continue
        value, default = data[key], getattr(defaults, key)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            bad(key, f"must be a number, got {_kind(value)}", default)
        elif not (math.isfinite(value) and low <= value <= high):
            bad(key, f"must be between {low:g} and {high:g}, got {value:g}", default)
        else:
            values[key] = float(value)

    for key in BOOL_KEYS:
        if key in data:
            if isinstance(data[key], bool):
                values[key] = data[key]
            else:
                bad(key, f"must be true or false, got {_kind(data[key])}", getattr(defaults, key))
    if "touch_takes_over" in data:
        if data["touch_takes_over"] in TAKE_OVER_CHOICES:
            values["touch_takes_over"] = data["touch_takes_over"]
        else:
            bad("touch_takes_over", f"must be \"scene\" or \"home\", got {_show(data['touch_takes_over'])}",
                defaults.touch_takes_over)

    if "scenes" in data:
        scenes = _scene_list(data["scenes"], scene_problem, source, problems)
        if scenes:
            values["scenes"] = scenes
        else:
            bad("scenes", "no usable scene in the list", defaults.scenes)
    if "home_scene" in data:
        name = data["home_scene"]
        problem = _scene_name_problem(name, scene_problem)
        if problem:
            bad("home_scene", problem, defaults.home_scene)
        else:
            values["home_scene"] = name

    if "exit_chord" in data:
        chord, problem = parse_chord(data["exit_chord"])
        if problem:
            bad("exit_chord", problem, "+".join(defaults.exit_chord))
        else:
            values["exit_chord"] = chord

    if "log_path" in data:
        path = data["log_path"]
        if not isinstance(path, str) or not path.strip():
            bad("log_path", f"must be a file path (a string), got {_kind(path)}", "the usual place")
        else:
            values["log_path"] = os.path.expanduser(path)

    if "theme" in data:
        if data["theme"] in ("dark", "projector"):
            values["theme"] = data["theme"]
        else:
            bad("theme", f"must be \"dark\" or \"projector\", got {_show(data['theme'])}", defaults.theme)
    if "reduced_motion" in data:
        if isinstance(data["reduced_motion"], bool):
            values["reduced_motion"] = data["reduced_motion"]
        else:
            bad("reduced_motion", f"must be true or false, got {_kind(data['reduced_motion'])}",
                defaults.reduced_motion)

    if "languages" in data:
        codes = _language_list(data["languages"], source, problems)
        if codes:
            values["languages"] = codes
        elif isinstance(data["languages"], list):
            bad("languages", "no known language in the list", list(defaults.languages))

    if "opening_hours" in data:
        hours = _opening_hours(data["opening_hours"], source, problems)
        if hours is not None:
            values["opening_hours"] = hours
    return replace(defaults, **values), problems


def parse_chord(value) -> tuple[tuple[str, ...], str | None]:
    """``"ctrl+shift+q"`` to ``("ctrl", "shift", "q")``, or the problem."""
    if not isinstance(value, str):
        return (), f"must be keys joined by '+' like \"ctrl+shift+q\", got {_kind(value)}"
    keys = tuple(k.strip().lower() for k in value.split("+"))
    unknown = [k for k in keys if k not in MODIFIER_KEYS and not _PLAIN_KEY.match(k)]
    if unknown:
        return (), (f"unknown key '{unknown[0]}' (use ctrl, shift, alt, super, a letter, "
                    "a digit or f1..f12)")
    if len(set(keys)) != len(keys):
        return (), "names a key twice"
    if len(keys) < 2 or not any(k in MODIFIER_KEYS for k in keys):
        return (), "needs at least two keys, one of them ctrl, shift, alt or super, so a visitor cannot hit it by chance"
    return keys, None


def _scene_name_problem(name, scene_problem) -> str | None:
    if not isinstance(name, str) or not name.strip():
        return f"must be a scene name or a scene file path, got {_kind(name)}"
    return scene_problem(name) if scene_problem else None


def _scene_list(value, scene_problem, source: str, problems: list[str]) -> tuple[str, ...]:
    if not isinstance(value, list):
        problems.append(f"{source}: scenes: must be a list of scene names, got {_kind(value)}")
        return ()
    usable = []
    for i, name in enumerate(value):
        problem = _scene_name_problem(name, scene_problem)
        if problem:
            problems.append(f"{source}: scenes[{i}]: {problem}; left out of the rotation")
        else:
            usable.append(name)
    return tuple(usable)


def _language_list(value, source: str, problems: list[str]) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"{source}: languages: must be a list of language codes like [\"en\", \"fr\"], "
                        f"got {_kind(value)}")
        return ()
    known = language_codes()
    codes = []
    for code in value:
        if code not in known:
            problems.append(f"{source}: languages: unknown language '{code}' (ignored; "
                            f"known: {', '.join(known)})")
        elif code not in codes:
            codes.append(code)
    return tuple(codes)


def _opening_hours(value, source: str, problems: list[str]) -> OpeningHours | None:
    where = "opening_hours"
    if not isinstance(value, dict):
        problems.append(f"{source}: {where}: must be a table with open and close, got {_kind(value)}; never dimming")
        return None
    for key in sorted(set(value) - HOURS_KEYS):
        problems.append(f"{source}: {where}.{key}: unknown key (ignored; known keys: "
                        f"{', '.join(sorted(HOURS_KEYS))})")
    times = {}
    for key in ("open", "close"):
        parsed, problem = _clock_time(value.get(key))
        if problem:
            problems.append(f"{source}: {where}.{key}: {problem}; never dimming")
            return None
        times[key] = parsed
    hours = OpeningHours(times["open"], times["close"])
    if "days" in value:
        days = value["days"]
        if (isinstance(days, list) and days
                and all(isinstance(d, str) and d.strip().lower()[:3] in DAY_NAMES for d in days)):
            hours = replace(hours, days=frozenset(DAY_NAMES.index(d.strip().lower()[:3]) for d in days))
        else:
            problems.append(f"{source}: {where}.days: must be a list of days like [\"mon\", \"tue\"], "
                            f"got {quoted(days)}; using every day")
    if "dim_brightness" in value:
        level = value["dim_brightness"]
        if isinstance(level, bool) or not isinstance(level, (int, float)) or not 0 <= level <= 1:
            problems.append(f"{source}: {where}.dim_brightness: must be a number from 0 to 1, "
                            f"got {quoted(level)}; using {hours.dim_brightness:g}")
        else:
            hours = replace(hours, dim_brightness=float(level))
    return hours


def _clock_time(value) -> tuple[time | None, str | None]:
    if value is None:
        return None, "missing (a time like \"09:30\")"
    if isinstance(value, time):  # TOML's own local time: open = 09:30:00
        return value, None
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", value)
        if match and int(match[1]) < 24 and int(match[2]) < 60:
            return time(int(match[1]), int(match[2])), None
    return None, f"must be a time like \"09:30\" (24-hour clock), got {quoted(value)}"


def _show(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return "[" + ", ".join(f'"{v}"' for v in value) + "]"
    if isinstance(value, str):
        return value if value.startswith("the ") or "+" in value else f'"{value}"'
    return f"{value:g}" if isinstance(value, float) else repr(value)


def _kind(value) -> str:
    names = {str: "a string", bool: "true/false", int: "a whole number", float: "a number",
             list: "a list", dict: "a table"}
    return names.get(type(value), type(value).__name__)


# -- where the file and the log live --------------------------------------------

def default_config_paths(platform: str = sys.platform, env=os.environ,
                         executable: str = sys.executable, frozen: bool | None = None) -> list[Path]:
    """Where the kiosk looks for kiosk.toml when no --config is given, first
    match wins: beside the bundled executable, then the user's, then the
    machine's configuration folder."""
    frozen = getattr(sys, "frozen", False) if frozen is None else frozen
    home = Path(env.get("HOME") or env.get("USERPROFILE") or "~").expanduser()
    found = [Path(executable).resolve().parent / "kiosk.toml"] if frozen else []
    if platform.startswith("win"):
        for var in ("PROGRAMDATA", "APPDATA"):
            if env.get(var):
                found.append(Path(env[var]) / "Downhill" / "kiosk.toml")
    elif platform == "darwin":
        found += [home / "Library/Application Support/Downhill/kiosk.toml",
                  Path("/Library/Application Support/Downhill/kiosk.toml")]
    else:
        config_home = Path(env["XDG_CONFIG_HOME"]) if env.get("XDG_CONFIG_HOME") else home / ".config"
        found += [config_home / "downhill" / "kiosk.toml", Path("/etc/downhill/kiosk.toml")]
    return found


def default_log_path(platform: str = sys.platform, env=os.environ) -> Path:
    home = Path(env.get("HOME") or env.get("USERPROFILE") or "~").expanduser()
    if platform.startswith("win"):
        base = env.get("LOCALAPPDATA") or env.get("PROGRAMDATA") or str(home)
        return Path(base) / "Downhill" / "kiosk.log"
    if platform == "darwin":
        return home / "Library/Logs/Downhill/kiosk.log"
    state = Path(env["XDG_STATE_HOME"]) if env.get("XDG_STATE_HOME") else home / ".local" / "state"
    return state / "downhill" / "kiosk.log"


def load_config(path: str | None, scene_problem=None,
                candidates: list[Path] | None = None) -> tuple[KioskConfig, list[str]]:
    """Read the settings from ``path`` (or the first default location that
    exists); never raises: problems come back as lines for the log."""
    if path is None:
        for candidate in candidates if candidates is not None else default_config_paths():
            if candidate.is_file():
                path = str(candidate)
                break
        else:
            return KioskConfig(), []
    try:
        data = read_toml(path)
    except UserFileError as exc:
        return KioskConfig(), [f"{path}: {exc}; using the built-in defaults"]
    config, problems = parse_config(data, str(path), scene_problem)
    return config, [one_line(line, limit=600) for line in problems]
