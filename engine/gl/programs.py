"""Load GLSL programs from shaders/<name>.glsl (L2).

One file holds every stage of a program in ``#if defined VERTEX_SHADER`` /
``FRAGMENT_SHADER`` / ``GEOMETRY_SHADER`` sections. Each stage is compiled
from the same text with its define inserted after ``#version`` and a
``#line`` directive that puts the line numbers back, so a compile error
names the file and line the author sees.
"""

from __future__ import annotations

import re
from pathlib import Path

import moderngl

from engine.support.errors import InstallationError, UsageError
from engine.support.files import interrupts_blocked
from engine.support.resources import shader_path

STAGES = {
    "vertex_shader": "VERTEX_SHADER",
    "geometry_shader": "GEOMETRY_SHADER",
    "fragment_shader": "FRAGMENT_SHADER",
}


class ShaderError(InstallationError):
    """A shader file is missing, damaged or does not compile; the message is
    one line naming the file and asking for a reinstall."""

    def __init__(self, message: str):
        UsageError.__init__(self, f"{message}; the installation is damaged, reinstall Downhill")  # i18n: not on screen


def stage_sources(text: str, defines: dict[str, object] | None = None) -> dict[str, str]:
    """Split one program file into per-stage sources, keyed like moderngl's
    ``ctx.program`` arguments."""
    lines = text.splitlines()
    version_at = next((i for i, line in enumerate(lines) if line.strip().startswith("#version")), None)
    if version_at is None:
        raise ValueError("no #version line (empty or damaged)")
    head = "\n".join(lines[: version_at + 1])
    body = "\n".join(lines[version_at + 1:])
    extra = "".join(f"#define {k} {v}\n" for k, v in (defines or {}).items())
    sources = {}
    for argument, define in STAGES.items():
        if re.search(rf"\b{define}\b", body):
            sources[argument] = f"{head}\n#define {define}\n{extra}#line {version_at + 2}\n{body}\n"
    if "vertex_shader" not in sources:
        raise ValueError("no VERTEX_SHADER section")
    return sources


def _one_line(path: Path, message: str) -> str:
    """Condense a driver's compile log to its first error, naming the file."""
    stage = ""
    for line in message.splitlines():
        lowered = line.strip().lower()
        if lowered in STAGES:
            stage = lowered.replace("_", " ")
        match = re.match(r"\s*\d+:(\d+)\((\d+)\):\s*(.*)", line)
        if match and "error" in line.lower():
            row, column, what = match.groups()
            return f"{path.name}:{row}:{column}: {stage + ': ' if stage else ''}{what.strip()}"
    lines = (line.strip() for line in message.splitlines() if line.strip())
    first = next(lines, "unknown error")  # i18n: not on screen (an error line)
    return f"{path.name}: {first}"


def load_program(ctx: moderngl.Context, name: str, defines: dict[str, object] | None = None,
                 path: Path | None = None) -> moderngl.Program:
    """Compile and link shaders/<name>.glsl (or ``path``)."""
    path = path or shader_path(name)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ShaderError(f"{path}: the shader file is missing") from None
    except (OSError, UnicodeDecodeError) as exc:
        problem = getattr(exc, "strerror", None) or "not UTF-8 text"  # i18n: not on screen (an error line)
        raise ShaderError(f"{path}: cannot read the shader ({problem})") from None
    try:
        sources = stage_sources(text, defines)
    except ValueError as exc:
        raise ShaderError(f"{path}: {exc}") from None
    try:
        with interrupts_blocked():
            return ctx.program(**sources)
    except moderngl.Error as exc:
        raise ShaderError(_one_line(path, str(exc))) from None


class ProgramCache:
    """Programs compiled once per context (owned by a renderer, not global)."""

    def __init__(self, ctx: moderngl.Context) -> None:
        self.ctx = ctx
        self._programs: dict[tuple, moderngl.Program] = {}

    def get(self, name: str, **defines: object) -> moderngl.Program:
        key = (name, tuple(sorted(defines.items())))
        if key not in self._programs:
            self._programs[key] = load_program(self.ctx, name, defines or None)
        return self._programs[key]

    def release(self) -> None:
        for program in self._programs.values():
            program.release()
        self._programs.clear()
