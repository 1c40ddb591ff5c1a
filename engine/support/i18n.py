"""Languages (L0): every word on screen comes from a gettext catalog.

Why gettext ``.po`` files, read at run time:

* ``.po`` is what translators, museums and their tools (Poedit, Weblate,
  Crowdin) already know; Python's own ``gettext`` supplies the rest
  (``GNUTranslations`` and the C plural expression of the catalog header).
* We read the ``.po`` text directly instead of compiling ``.mo`` files: a
  museum adds a language by dropping ``xx.po`` into the ``locales`` folder
  beside the executable, with no compiler and no build step, and the shipped
  catalogs are a few kilobytes (Babel's locale data would be tens of MB, too
  much for the kiosk bundle). Fluent would need a run-time library that the
  bundle does not otherwise carry.
* Numbers follow the language through two header fields of each catalog,
  ``X-Decimal-Separator`` and ``X-Group-Separator`` (French ``0,05`` and
  ``3 400``); plurals through the standard ``Plural-Forms`` header.

One catalog is active at a time (``use``): like ``gettext.install``, the
words are looked up where they are drawn, so ``_("Play")`` anywhere in the
interface follows the language button. Labels that live in module-level
tables are marked with ``N_`` (found by ``extract``) and translated with
``_`` when shown.

``python3 -m engine.support.i18n extract`` collects every ``_``, ``N_`` and
``ngettext`` call under engine/ into ``locales/downhill.pot`` and merges it
into each ``.po`` (new words get an empty translation, which shows English
until someone translates it; words no longer used are kept as ``#~``
comments).
"""

from __future__ import annotations

import ast
import gettext as _gettext
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from engine.support.resources import resource_dir

DEFAULT = "en"
POT_NAME = "downhill.pot"


class LanguageError(ValueError):
    """An unknown language code or a catalog that cannot be read (one line)."""


# -- reading .po files ---------------------------------------------------------
@dataclass
class PoEntry:
    msgid: str
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    fuzzy: bool = False
    obsolete: bool = False
    references: list[str] = field(default_factory=list)


def _unquote(text: str, where: str) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise LanguageError(f"{where}: expected a quoted string, got {text[:40]!r}")
    if "\\" not in text and '"' not in text[1:-1]:
        return text[1:-1]  # the common case, without the cost of a parser
    try:
        value = ast.literal_eval(text)
    except (SyntaxError, ValueError):
        raise LanguageError(f"{where}: cannot read the string {text[:40]!r}") from None
    if not isinstance(value, str):
        raise LanguageError(f"{where}: cannot read the string {text[:40]!r}")
    return value


def parse_po(text: str, source: str = "<po>") -> list[PoEntry]:
    """The entries of a .po file (msgctxt is not used by Downhill)."""
    entries: list[PoEntry] = []
    current: PoEntry | None = None
    target: tuple[str, int] | None = None  # ("msgid"|"plural"|"msgstr", index)
    flags_fuzzy = False
    refs: list[str] = []

    def finish():
        nonlocal current, target
        if current is not None:
            entries.append(current)
        current, target = None, None

    for number, raw in enumerate(text.splitlines(), 1):
        where = f"{source}:{number}"
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            continue
        if line.startswith("#"):
            if line.startswith("#,") and "fuzzy" in line:
                flags_fuzzy = True
            elif line.startswith("#:"):
                refs += line[2:].split()
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if current is None or target is None:
                raise LanguageError(f"{where}: a string continues nothing")
            kind, index = target
            piece = _unquote(line, where)
            if kind == "msgid":
                current.msgid += piece
            elif kind == "plural":
                current.msgid_plural = (current.msgid_plural or "") + piece
            else:
                current.msgstr[index] += piece
            continue
        if keyword == "msgctxt":
            continue
        if keyword == "msgid":
            finish()
            current = PoEntry(_unquote(rest, where), fuzzy=flags_fuzzy, obsolete=obsolete, references=refs)
            flags_fuzzy, refs = False, []
            target = ("msgid", 0)
        elif keyword == "msgid_plural" and current is not None:
            current.msgid_plural = _unquote(rest, where)
            target = ("plural", 0)
        elif keyword.startswith("msgstr") and current is not None:
            index = 0
            if keyword != "msgstr":
                try:
                    index = int(keyword[len("msgstr["):-1])
                except ValueError:
                    raise LanguageError(f"{where}: cannot read {keyword!r}") from None
            while len(current.msgstr) <= index:
                current.msgstr.append("")
            current.msgstr[index] = _unquote(rest, where)
            target = ("msgstr", index)
        else:
            raise LanguageError(f"{where}: unexpected {keyword[:20]!r}")
    finish()
    return entries


def parse_header(text: str) -> dict[str, str]:
    header = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            header[key.strip()] = value.strip()
    return header


class Catalog(_gettext.NullTranslations):
    """One language: its messages, plural rule and number symbols."""

    def __init__(self, code: str, entries: list[PoEntry] = (), source: str = "") -> None:
        super().__init__()
        self.code = code
        self.source = source
        self._messages: dict[str, list[str]] = {}
        header = {}
        for entry in entries:
            if entry.msgid == "" and entry.msgstr:
                header = parse_header(entry.msgstr[0])
            elif not entry.fuzzy and not entry.obsolete and any(entry.msgstr):
                self._messages[entry.msgid] = entry.msgstr
        self.header = header
        self.name = header.get("X-Language-Name", code)  # the language named in itself
        self.decimal = header.get("X-Decimal-Separator", ".")
        self.group = header.get("X-Group-Separator", ",").replace("NBSP", "\u202f")
        nplurals, plural = 2, "n != 1"
        forms = header.get("Plural-Forms")
        if forms:
            try:
                parts = dict(p.strip().split("=", 1) for p in forms.split(";") if "=" in p)
                nplurals = int(parts["nplurals"])
                plural = parts["plural"]
            except (KeyError, ValueError):
                raise LanguageError(f"{source}: Plural-Forms: cannot read {forms!r}") from None
        try:
            self._plural = _gettext.c2py(plural)
        except ValueError:
            raise LanguageError(f"{source}: Plural-Forms: cannot read {plural!r}") from None
        self.nplurals = nplurals

    def gettext(self, message: str) -> str:
        found = self._messages.get(message)
        return found[0] if found and found[0] else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        found = self._messages.get(singular)
        if found:
            index = self._plural(n)
            if 0 <= index < len(found) and found[index]:
                return found[index]
        return singular if n == 1 else plural

    def number(self, text: str) -> str:
        """A number formatted the English way ("3,400.5") in this language's
        symbols ("3 400,5")."""
        return text.translate({ord(","): "\0", ord("."): self.decimal}).replace("\0", self.group)

    @property
    def translated(self) -> int:
        return len(self._messages)


ENGLISH = Catalog(DEFAULT, [PoEntry("", msgstr=["X-Language-Name: English\n"])])


# -- where catalogs live -----------------------------------------------------------
def user_locale_dirs() -> list[Path]:
    """Folders where a museum can add or replace a catalog: ``locales``
    beside the executable (the bundle) or beside main.py (a source checkout)."""
    found = []
    if getattr(sys, "frozen", False):
        found.append(Path(sys.executable).resolve().parent / "locales")
    elif sys.argv and sys.argv[0]:
        found.append(Path(sys.argv[0]).resolve().parent / "locales")
    return found


def catalog_files() -> dict[str, Path]:
    """Language code -> .po file; a file beside the executable wins."""
    files: dict[str, Path] = {}
    folders = []
    try:
        folders.append(resource_dir("locales"))
    except FileNotFoundError:
        pass
    folders += user_locale_dirs()
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.glob("*.po")):
                files[path.stem] = path
    return files


def load_catalog(code: str) -> Catalog:
    if code == DEFAULT and DEFAULT not in catalog_files():
        return ENGLISH
    path = catalog_files().get(code)
    if path is None:
        raise LanguageError(f"unknown language '{code}' (choose from {', '.join(language_codes())})")
    try:
        stamp = path.stat().st_mtime_ns
    except OSError as exc:
        raise LanguageError(f"{path}: cannot read the catalog ({exc.__class__.__name__})") from None
    return _read_catalog(code, path, stamp)


@lru_cache(maxsize=32)
def _read_catalog(code: str, path: Path, stamp: int) -> Catalog:
    """Read once per file version (a kiosk builds a session per visitor)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LanguageError(f"{path}: cannot read the catalog ({exc.__class__.__name__})") from None
    return Catalog(code, parse_po(text, str(path)), str(path))


def language_codes() -> list[str]:
    codes = set(catalog_files()) | {DEFAULT}
    return [DEFAULT] + sorted(codes - {DEFAULT})


def languages() -> list[tuple[str, str]]:
    """(code, the language's name in itself) for every catalog found."""
    return [(code, load_catalog(code).name) for code in language_codes()]


def check_language(code: str) -> str:
    """``code`` if a catalog exists for it; else LanguageError (one line)."""
    code = code.strip()
    if code not in language_codes():
        raise LanguageError(f"unknown language '{code}' (choose from {', '.join(language_codes())})")
    return code


# -- the active language ---------------------------------------------------------
_active: Catalog = ENGLISH


def use(code: str) -> Catalog:
    """Make ``code`` the language every ``_`` looks up from now on."""
    global _active
    _active = ENGLISH if code == DEFAULT and DEFAULT not in catalog_files() else load_catalog(code)
    return _active


def active() -> Catalog:
    return _active


def current_language() -> str:
    return _active.code


def _(message: str) -> str:
    return _active.gettext(message)


def N_(message: str) -> str:
    """Mark a word for the catalog where it is defined; translate with ``_``
    where it is shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active.ngettext(singular, plural, n)


def number(text: str) -> str:
    return _active.number(text)


def pick(texts: dict[str, str], fallback: str = "") -> str:
    """The text of a {language: text} table for the active language, else
    English, else ``fallback``."""
    return texts.get(_active.code) or texts.get(DEFAULT) or fallback


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
                     "ValueError", "TypeError", "KeyError", "RuntimeError", "UsageError",
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


def write_pot(messages, path: Path) -> None:
    header = ("Project-Id-Version: Downhill\nMIME-Version: 1.0\n"
              "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n")
    parts = [_entry_text("", None, [header])]
    for (msgid, plural), refs in messages.items():
        parts.append(_entry_text(msgid, plural, [], refs))
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")


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
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
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


if __name__ == "__main__":  # pragma: no cover - a development command
    command = sys.argv[1:]
    if command == ["extract"]:
        extract()
    elif command == ["unmarked"]:
        unmarked = find_unmarked()
        print("\n".join(unmarked) or "every word on screen goes through the catalogs")
        sys.exit(1 if unmarked else 0)
    else:
        print("usage: python3 -m engine.support.i18n extract|unmarked", file=sys.stderr)
        sys.exit(2)
