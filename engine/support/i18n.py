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

The development commands (extraction into the catalogs, the check for
words on screen that bypass them) live in engine/support/i18n_tools.py.
"""

from __future__ import annotations

import ast
import gettext as _gettext
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
