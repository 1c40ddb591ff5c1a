"""Languages: catalogs, plural rules, number symbols, the extraction command,
and the check that every word on screen goes through a catalog."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from engine.support import i18n, i18n_tools
from engine.support.resources import font_path, resource_dir
from engine.ui.actions import format_number

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ("fr", "de", "es", "it", "el")


@pytest.fixture(autouse=True)
def _english_after():
    yield
    i18n.use("en")


def test_po_reader_handles_continuations_plurals_escapes_and_fuzzy():
    text = r'''
msgid ""
msgstr ""
"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"
"X-Language-Name: Polski\n"

msgid "one "
"line"
msgstr "jedna \"linia\"\n"

msgid "{n} ball"
msgid_plural "{n} balls"
msgstr[0] "{n} kula"
msgstr[1] "{n} kule"
msgstr[2] "{n} kul"

#, fuzzy
msgid "Guess"
msgstr "Zgadnij"

#~ msgid "Gone"
#~ msgstr "Nie ma"
'''
    cat = i18n.Catalog("pl", i18n.parse_po(text, "pl.po"), "pl.po")
    assert cat.name == "Polski"
    assert cat.gettext("one line") == 'jedna "linia"\n'
    # Polish has three forms: 1 kula, 3 kule, 5 kul, 22 kule, 25 kul.
    assert [cat.ngettext("{n} ball", "{n} balls", n) for n in (1, 3, 5, 22, 25)] == \
        ["{n} kula", "{n} kule", "{n} kul", "{n} kule", "{n} kul"]
    assert cat.gettext("Guess") == "Guess"  # a fuzzy guess is not shown
    assert cat.gettext("Gone") == "Gone"
    assert cat.gettext("Not in it") == "Not in it"


def test_a_broken_catalog_is_one_line_naming_the_file_and_line():
    with pytest.raises(i18n.LanguageError) as err:
        i18n.parse_po('msgid "a"\nmsgstr "b\n', "xx.po")
    assert str(err.value).startswith("xx.po:2:") and "\n" not in str(err.value)


def test_plural_rules_come_from_each_catalog():
    # French says "0 seconde" (zero is singular); German "0 Sekunden".
    fr, de = i18n.load_catalog("fr"), i18n.load_catalog("de")
    one, many = "Keep holding to leave the kiosk: {n} second", "Keep holding to leave the kiosk: {n} seconds"
    assert fr.ngettext(one, many, 0).endswith("{n} seconde")
    assert fr.ngettext(one, many, 2).endswith("{n} secondes")
    assert de.ngettext(one, many, 0).endswith("{n} Sekunden")
    assert de.ngettext(one, many, 1).endswith("{n} Sekunde")


def test_numbers_follow_the_language():
    assert format_number(0.05) == "0.050" and format_number(3400) == "3,400"
    i18n.use("fr")
    assert format_number(0.05) == "0,050"
    assert format_number(3400) == "3\u202f400"  # a narrow no-break space groups digits
    assert format_number(-1.5) == "−1,5"
    i18n.use("de")
    assert format_number(3400.0) == "3.400" and format_number(0.25) == "0,25"


def test_every_shipped_language_is_complete_and_keeps_its_placeholders():
    pot = i18n.parse_po((resource_dir("locales") / i18n.POT_NAME).read_text("utf-8"))
    wanted = [e for e in pot if e.msgid]
    assert len(wanted) > 50
    problems = []
    for code in SHIPPED:
        cat = i18n.load_catalog(code)
        for entry in wanted:
            found = cat._messages.get(entry.msgid)
            if not (found and all(found)):
                problems.append(f"locales/{code}.po: {entry.msgid!r} is not translated")
                continue
            want = set(re.findall(r"\{\w*\}", entry.msgid))
            problems += [f"locales/{code}.po: {text!r} changes the placeholders" for text in found
                         if set(re.findall(r"\{\w*\}", text)) != want]
    assert problems == [], "\n".join(problems)


def _font_characters(path: Path) -> set[int]:
    """Code points the font's Unicode cmap maps (formats 4 and 12), read
    straight from the TrueType tables."""
    import struct
    data = path.read_bytes()
    tables = {data[12 + 16 * i:16 + 16 * i]: struct.unpack(">II", data[20 + 16 * i:28 + 16 * i])
              for i in range(struct.unpack(">H", data[4:6])[0])}
    base = tables[b"cmap"][0]
    found: set[int] = set()
    for i in range(struct.unpack(">H", data[base + 2:base + 4])[0]):
        platform, encoding, offset = struct.unpack(">HHI", data[base + 4 + 8 * i:base + 12 + 8 * i])
        sub = base + offset
        fmt = struct.unpack(">H", data[sub:sub + 2])[0]
        if fmt == 4:
            segs = struct.unpack(">H", data[sub + 6:sub + 8])[0] // 2
            ends = struct.unpack(f">{segs}H", data[sub + 14:sub + 14 + 2 * segs])
            starts = struct.unpack(f">{segs}H", data[sub + 16 + 2 * segs:sub + 16 + 4 * segs])
            for a, b in zip(starts, ends):
                found.update(range(a, b + 1))
        elif fmt == 12:
            groups = struct.unpack(">I", data[sub + 12:sub + 16])[0]
            for g in range(groups):
                a, b, _glyph = struct.unpack(">III", data[sub + 16 + 12 * g:sub + 28 + 12 * g])
                found.update(range(a, b + 1))
    found.discard(0xFFFF)
    return found


def _missing_glyphs(text: str, bold: bool) -> set[str]:
    have = _font_characters(font_path("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"))
    return {c for c in set(text) if c != "\n" and ord(c) not in have}


def test_the_shipped_font_has_every_letter_of_every_language():
    from engine.model.scene import load_scene, scene_names
    texts = []
    for code in SHIPPED:
        cat = i18n.load_catalog(code)
        texts += [s for forms in cat._messages.values() for s in forms] + [cat.name]
        for name in scene_names():
            scene = load_scene(name)
            texts += [scene.titles.get(code, ""), scene.captions.get(code, "")]
    for bold in (False, True):
        assert _missing_glyphs("".join(texts), bold) == set()
    assert _missing_glyphs("ж漢", False) == {"漢"}  # the check can fail: no CJK in DejaVu Sans


def test_languages_are_named_in_themselves_and_unknown_codes_are_one_line():
    names = dict(i18n.languages())
    assert names == {"en": "English", "fr": "Français", "de": "Deutsch", "es": "Español",
                     "it": "Italiano", "el": "Ελληνικά"}
    with pytest.raises(i18n.LanguageError) as err:
        i18n.check_language("xx")
    assert str(err.value).startswith("unknown language 'xx' (choose from en, de, el, es, fr, it")


def test_a_museum_adds_a_language_beside_the_executable(tmp_path, monkeypatch):
    folder = tmp_path / "locales"
    folder.mkdir()
    (folder / "pt.po").write_text('msgid ""\nmsgstr ""\n"X-Language-Name: Português\\n"\n'
                                  '"X-Decimal-Separator: ,\\n"\n\nmsgid "Play"\nmsgstr "Jogar"\n',
                                  encoding="utf-8")
    monkeypatch.setattr(sys, "argv", [str(tmp_path / "downhill")])
    assert ("pt", "Português") in i18n.languages()
    i18n.use("pt")
    assert i18n._("Play") == "Jogar"
    assert i18n._("Step") == "Step"  # not translated yet: English
    assert format_number(0.5) == "0,50"


def test_extract_collects_marked_words_and_keeps_translations(tmp_path):
    root = tmp_path / "engine"
    (root / "ui").mkdir(parents=True)
    (root / "ui" / "a.py").write_text('from engine.support.i18n import _, N_, ngettext\n'
                                      'A = N_("Play")\nB = _("New word")\n'
                                      'C = ngettext("{n} ball", "{n} balls", 2)\n', encoding="utf-8")
    locales = tmp_path / "locales"
    locales.mkdir()
    (locales / "fr.po").write_text('msgid ""\nmsgstr "Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
                                   'msgid "Play"\nmsgstr "Lancer"\n\nmsgid "Old word"\nmsgstr "Vieux"\n',
                                   encoding="utf-8")
    i18n_tools.extract(root, locales)
    pot = i18n.parse_po((locales / i18n.POT_NAME).read_text("utf-8"))
    assert {(e.msgid, e.msgid_plural) for e in pot if e.msgid} == \
        {("Play", None), ("New word", None), ("{n} ball", "{n} balls")}
    assert [e.references for e in pot if e.msgid == "New word"] == [["engine/ui/a.py:3"]]
    po = {e.msgid: e for e in i18n.parse_po((locales / "fr.po").read_text("utf-8"))}
    assert po["Play"].msgstr == ["Lancer"] and not po["Play"].obsolete
    assert po["New word"].msgstr == [""]
    assert po["{n} ball"].msgstr == ["", ""]
    assert po["Old word"].obsolete and po["Old word"].msgstr == ["Vieux"]


def test_every_word_on_screen_goes_through_the_catalogs():
    unmarked = i18n_tools.find_unmarked()
    assert unmarked == [], ("words on screen that bypass the catalogs (wrap them in _() or N_(), then run "
                            "python3 -m engine.support.i18n_tools extract):\n" + "\n".join(unmarked))


def test_the_check_finds_a_plain_word_on_screen(tmp_path):
    ui = tmp_path / "ui"
    ui.mkdir()
    (ui / "panel.py").write_text('"""Doc string."""\nfrom engine.support.i18n import _\n'
                                 'a = Button("Hello world")\nb = Button(_("Marked"))\n'
                                 'c = {"loss_plot": 1}\nd = Toggle("Play")\n'
                                 'raise ValueError("not for visitors")\n', encoding="utf-8")
    assert i18n_tools.find_unmarked(tmp_path) == ["engine/ui/panel.py:3: 'Hello world'",
                                            "engine/ui/panel.py:6: 'Play'"]


def test_the_extraction_leaves_the_shipped_catalogs_as_they_are(tmp_path):
    """The committed .pot and .po files are what ``extract`` makes now (run
    ``python3 -m engine.support.i18n_tools extract`` after marking new words)."""
    import shutil
    copy = tmp_path / "locales"
    shutil.copytree(resource_dir("locales"), copy)
    i18n_tools.extract(ROOT / "engine", copy)

    def words(text: str) -> list[str]:  # "#: file:line" references move with every edit: not compared
        return [line for line in text.splitlines() if not line.startswith("#:")]

    for path in sorted(copy.iterdir()):
        assert words(path.read_text("utf-8")) == words((resource_dir("locales") / path.name).read_text("utf-8")), \
            f"{path.name}: run python3 -m engine.support.i18n_tools extract"


def test_cli_language_option_list_and_unknown_code():
    def run(*a):
        return subprocess.run([sys.executable, "main.py", *a], cwd=ROOT, capture_output=True, text=True, timeout=120)

    listed = run("--list")
    assert listed.returncode == 0
    after = listed.stdout.split("Languages:\n", 1)[1].splitlines()
    assert [line.split()[0] for line in after] == ["en", "de", "el", "es", "fr", "it"]
    assert "fr" in after[4] and "Français" in after[4]
    bad = run("render", "--language", "xx", "--out", "/tmp/never.png")
    assert bad.returncode == 2
    assert bad.stderr.strip().splitlines() == [bad.stderr.strip()]
    assert "unknown language 'xx'" in bad.stderr


def test_catalogs_read_as_gnu_gettext_reads_them(tmp_path):
    """An independent reader: GNU msgfmt compiles each catalog and Python's
    own GNUTranslations reads it; every word and plural must agree."""
    import gettext
    import shutil
    if shutil.which("msgfmt") is None:
        pytest.skip("GNU gettext's msgfmt is not installed")
    for code in SHIPPED:
        po = resource_dir("locales") / f"{code}.po"
        mo = tmp_path / f"{code}.mo"
        subprocess.run(["msgfmt", "--check", "-o", str(mo), str(po)], check=True, capture_output=True)
        with mo.open("rb") as f:
            gnu = gettext.GNUTranslations(f)
        ours = i18n.load_catalog(code)
        for entry in i18n.parse_po(po.read_text("utf-8")):
            if not entry.msgid:
                continue
            if entry.msgid_plural is None:
                assert ours.gettext(entry.msgid) == gnu.gettext(entry.msgid)
            else:
                for n in (0, 1, 2, 5, 21):
                    assert (ours.ngettext(entry.msgid, entry.msgid_plural, n)
                            == gnu.ngettext(entry.msgid, entry.msgid_plural, n))
