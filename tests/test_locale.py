"""The product is French: every string a person reads has a French translation, compiled."""

import gettext
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import translation

import acunum

LOCALE = Path(acunum.__file__).parent / "locale" / "fr" / "LC_MESSAGES"


def po_entries(path: Path) -> dict[str, list[str]]:
    """msgid (singular) → its msgstr values, from a .po file; the header is left out. A msgid
    with a context (pgettext) is keyed as gettext stores it: "context\x04msgid"."""
    entries = {}
    for block in path.read_text().split("\n\n"):
        if block.lstrip().startswith("#~"):
            continue
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if not msgid:
            continue
        key = "".join(re.findall(r'"(.*)"', msgid.group(1)))
        context = re.search(r'^msgctxt ((?:".*"\n?)+)', block, re.M)
        if key and context:
            key = "".join(re.findall(r'"(.*)"', context.group(1))) + "\x04" + key
        if key:
            values = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.M)
            entries[key] = ["".join(re.findall(r'"(.*)"', v)) for v in values]
            entries[key].append("fuzzy" if "#, fuzzy" in block else "")
    return entries


def test_french_is_the_default_language_and_is_loaded():
    with translation.override("fr"):
        assert translation.gettext("Skip to content") == "Aller au contenu"


def test_every_french_entry_is_translated_and_none_is_fuzzy():
    entries = po_entries(LOCALE / "django.po")
    untranslated = [k for k, v in entries.items() if not all(v[:-1])]
    fuzzy = [k for k, v in entries.items() if v[-1] == "fuzzy"]
    assert not untranslated, f"Untranslated: {untranslated}"
    assert not fuzzy, f"Fuzzy: {fuzzy}"


def test_the_compiled_catalogue_matches_the_po_file():
    with open(LOCALE / "django.mo", "rb") as f:
        compiled = gettext.GNUTranslations(f)
    missing = [
        k
        for k in po_entries(LOCALE / "django.po")
        if compiled._catalog.get(k) is None
        and not any(isinstance(c, tuple) and c[0] == k for c in compiled._catalog)
    ]
    assert not missing, f"Run `acunum compilemessages`: {missing}"


@pytest.mark.skipif(
    not shutil.which("xgettext") and not os.getenv("CI"),
    reason="xgettext (Debian package gettext) is needed to extract the strings",
)
def test_every_string_in_the_source_is_in_the_french_catalogue(tmp_path):
    copy = tmp_path / "acunum"
    shutil.copytree(
        Path(acunum.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo")
    )
    env = {**os.environ, "ACUNUM_SECRET_KEY": "x", "DJANGO_SETTINGS_MODULE": "acunum.settings"}
    subprocess.run(
        ["django-admin", "makemessages", "-l", "fr", "--no-location", "--no-obsolete"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    extracted = set(po_entries(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    committed = set(po_entries(LOCALE / "django.po"))
    assert extracted - committed == set(), (
        "Run `acunum makemessages -l fr --no-location` and translate"
    )
