"""The Chinese catalogue is complete: no untranslated or fuzzy entry, and the
compiled .mo matches the .po that is committed."""

import shutil
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command

PO = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_every_message_is_translated_and_none_is_fuzzy():
    catalogue = polib.pofile(str(PO))

    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []


def test_compiled_catalogue_matches_source():
    source = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural
        for e in polib.pofile(str(PO))
        if not e.obsolete
    }
    compiled = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural
        for e in polib.mofile(str(PO.with_suffix(".mo")))
    }

    assert {k: v for k, v in compiled.items() if k[1]} == source


def test_every_translatable_string_in_the_code_is_in_the_catalogue(tmp_path, settings, monkeypatch):
    """Extract messages afresh from a copy of the sources into a copy of the
    catalogue (makemessages writes next to the sources it reads): nothing may
    come out untranslated."""
    base = Path(settings.BASE_DIR)
    shutil.copytree(
        base / "cocreate",
        tmp_path / "cocreate",
        ignore=shutil.ignore_patterns("__pycache__", "*.png", "*.webp", "*.svg"),
    )
    copy = tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    copy.parent.mkdir(parents=True)
    copy.write_bytes(PO.read_bytes())
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)

    call_command(
        "makemessages", locale=["zh_Hans"], no_location=True, verbosity=0, no_obsolete=True
    )

    assert [e.msgid for e in polib.pofile(str(copy)).untranslated_entries()] == []
