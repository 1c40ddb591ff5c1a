"""Languages, development side (L0): keeping the catalogs in step with the code.

``python3 -m engine.support.i18n_tools extract`` collects every ``_``, ``N_``
and ``ngettext`` call under engine/ into ``locales/downhill.pot`` and merges
it into each ``.po`` (new words get an empty translation, which shows English
until someone translates it; words no longer used are kept as ``#~``
comments). ``python3 -m engine.support.i18n_tools unmarked`` lists, as
``file:line``, every string in screen code that reads like words but goes
through no catalog. Nothing here runs in the app.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

from engine.support.files import atomic_file
from engine.support.i18n import POT_NAME, Catalog, PoEntry, parse_po
from engine.support.resources import resource_dir

# -- extraction -----------------------------------------------------------------
MARKERS = {"_": 1, "N_": 1, "ngettext": 2}


def extract_messages(root: Path) -> dict[tuple[str, str | None], list[str]]:
    """(msgid, msgid_plural) -> ["file:line", ...] for every marked word
    under ``root`` (the engine package)."""
    found: dict[tuple[str, str | None], list[str]] = {}
    base = root.parent
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in MARKERS):
                continue
            count = MARKERS[node.func.id]
            args = node.args[:count]
            if len(args) < count or not all(isinstance(a, ast.Constant) and isinstance(a.value, str)
                                            for a in args):
                continue
            key = (args[0].value, args[1].value if count == 2 else None)
            found.setdefault(key, []).append(f"{path.relative_to(base).as_posix()}:{node.lineno}")
    return found


# -- words on screen that are not in the catalogs ---------------------------------
#: Code whose strings can reach the screen (the window, the kiosk, the
#: pictures render and record draw); the terminal (cli, commands, record's
#: progress) and the operator's log stay English by design.
SCREEN_CODE = ("ui", "kiosk", "gl", "shell/window.py", "shell/window_capture.py",
               "shell/kiosk_window.py", "shell/input.py")
OPERATOR_ONLY = ("kiosk/config.py", "kiosk/log.py")
#: Calls whose text is for a programmer or the log, never the screen.
_NOT_SCREEN_CALLS = {"print", "debug", "info", "warning", "error", "exception", "critical",
                     "ValueError", "TypeError", "KeyError", "RuntimeError", "UsageError", "InstallationError",
                     "SceneError", "LanguageError", "ExportError", "getattr", "hasattr",
                     "setattr", "startswith", "endswith", "split", "replace", "join", "get",
                     "Path", "open", "format_map", "strftime"}
_PROSE = re.compile(r"[A-Za-z]{2,}")


def _looks_like_words(text: str) -> bool:
    """A string a person would read: two words, or one capitalised word.
    Keys ("loss_plot"), file names and format specs are not."""
    bare = re.sub(r"\{[^{}]*\}", " ", text).strip()
    words = _PROSE.findall(bare)
    if not words:
        return False
    if " " not in bare:
        if re.search(r"[._/#%\\:=]", bare) or bare.isupper() or bare.islower():
            return False
        return bool(re.fullmatch(r"[A-Z][a-z]+[a-z-]*", bare))
    return len(words) >= 2 or bool(re.search(r"[A-Z][a-z]", bare))


def find_unmarked(root: Path | None = None) -> list[str]:
    """``file:line: 'text'`` for every string literal in screen code that
    reads like words but does not go through ``_``, ``N_`` or ``ngettext``."""
    root = root or Path(__file__).resolve().parent.parent
    files = []
    for part in SCREEN_CODE:
        target = root / part
        files += sorted(target.rglob("*.py")) if target.is_dir() else [target]
    found = []
    for path in files:
        rel = path.relative_to(root).as_posix()
        if not path.is_file() or rel in OPERATOR_ONLY:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        skip: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                if name in MARKERS or name in _NOT_SCREEN_CALLS:
                    skip.update(id(n) for n in ast.walk(node))
            elif isinstance(node, (ast.Raise, ast.Assert)):
                skip.update(id(n) for n in ast.walk(node))
            elif isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                if getattr(node, "returns", None) is not None:
                    skip.update(id(n) for n in ast.walk(node.returns))
                body = node.body
                if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                    skip.add(id(body[0].value))  # a docstring
            elif isinstance(node, (ast.arg, ast.AnnAssign)) and node.annotation is not None:
                skip.update(id(n) for n in ast.walk(node.annotation))  # "Rect" and the like
            elif isinstance(node, ast.Subscript):
                skip.update(id(n) for n in ast.walk(node.slice))
            elif isinstance(node, ast.Compare):
                skip.update(id(n) for n in ast.walk(node))
            elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__"
                                                     for t in node.targets):
                skip.update(id(n) for n in ast.walk(node))
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
                    and _looks_like_words(node.value)):
                if "i18n: not on screen" in lines[node.lineno - 1]:
                    continue
                found.append(f"engine/{rel}:{node.lineno}: {node.value!r}")
    return found


def _quote(text: str) -> str:
    body = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\t", "\\t"))
    return f'"{body}"'


def _po_string(keyword: str, text: str, prefix: str) -> list[str]:
    """``keyword "text"``; text of several lines is written one line per
    quoted piece, as gettext's own tools do."""
    pieces = text.splitlines(keepends=True)
    if len(pieces) <= 1:
        return [f"{prefix}{keyword} {_quote(text)}"]
    return [f'{prefix}{keyword} ""'] + [f"{prefix}{_quote(piece)}" for piece in pieces]


def _entry_text(msgid, plural, msgstr: list[str], refs=(), prefix="") -> str:
    lines = []
    if refs:
        lines.append("#: " + " ".join(refs))
    lines += _po_string("msgid", msgid, prefix)
    if plural is not None:
        lines += _po_string("msgid_plural", plural, prefix)
        for i, text in enumerate(msgstr or ["", ""]):
            lines += _po_string(f"msgstr[{i}]", text, prefix)
    else:
        lines += _po_string("msgstr", msgstr[0] if msgstr else "", prefix)
    return "\n".join(lines)


def _write_whole(path: Path, text: str) -> None:
    """A catalog is replaced whole or not at all, through the check every output has."""
    with atomic_file(path, "w", encoding="utf-8") as stream:
        stream.write(text)


def write_pot(messages, path: Path) -> None:
    header = ("Project-Id-Version: Downhill\nMIME-Version: 1.0\n"
              "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n")
    parts = [_entry_text("", None, [header])]
    for (msgid, plural), refs in messages.items():
        parts.append(_entry_text(msgid, plural, [], refs))
    _write_whole(path, "\n\n".join(parts) + "\n")


def merge_po(messages, path: Path) -> tuple[int, int]:
    """Bring ``path`` up to date with ``messages``; return (new, obsolete)."""
    old = parse_po(path.read_text(encoding="utf-8"), str(path))
    header = next((e for e in old if e.msgid == "" and not e.obsolete), PoEntry("", msgstr=[""]))
    known = {e.msgid: e for e in old if e.msgid and not e.obsolete}
    nplurals = Catalog(path.stem, old, str(path)).nplurals
    parts = [_entry_text("", None, header.msgstr)]
    new = 0
    for (msgid, plural), refs in messages.items():
        entry = known.pop(msgid, None)
        if entry is None:
            new += 1
            msgstr = [""] * (nplurals if plural is not None else 1)
            fuzzy = False
        else:
            msgstr, fuzzy = entry.msgstr, entry.fuzzy
        text = _entry_text(msgid, plural, msgstr, refs)
        parts.append(("#, fuzzy\n" + text) if fuzzy else text)
    for entry in known.values():
        parts.append(_entry_text(entry.msgid, entry.msgid_plural, entry.msgstr, prefix="#~ "))
    _write_whole(path, "\n\n".join(parts) + "\n")
    return new, len(known)


def extract(root: Path | None = None, locales: Path | None = None) -> None:
    root = root or Path(__file__).resolve().parent.parent
    locales = locales or resource_dir("locales")
    messages = extract_messages(root)
    write_pot(messages, locales / POT_NAME)
    print(f"{locales / POT_NAME}: {len(messages)} messages")
    for path in sorted(locales.glob("*.po")):
        new, gone = merge_po(messages, path)
        untranslated = len(messages) - Catalog(path.stem, parse_po(path.read_text("utf-8")), "").translated
        print(f"{path}: {new} new, {gone} no longer used, {untranslated} untranslated")


if __name__ == "__main__":
    command = sys.argv[1:]
    if command == ["extract"]:
        extract()
    elif command == ["unmarked"]:
        unmarked = find_unmarked()
        print("\n".join(unmarked) or "every word on screen goes through the catalogs")
        sys.exit(1 if unmarked else 0)
    else:
        print("usage: python3 -m engine.support.i18n_tools extract|unmarked", file=sys.stderr)
        sys.exit(2)
