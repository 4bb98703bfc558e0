"""The Ukrainian and Russian catalogues: every message translated, none fuzzy, compiled files up to date."""

from __future__ import annotations

import gettext
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

LOCALE = Path(__file__).parents[2] / "src" / "cartel" / "locale"
LANGUAGES = ("uk", "ru")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _entries(path: Path) -> list[dict[str, object]]:
    """Entries of a .po file: flags, msgid, msgid_plural and msgstr / msgstr[n] (continued strings joined)."""
    entries: list[dict[str, object]] = []
    current: dict[str, object] = {"flags": ""}
    key = ""
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if "msgid" in current:
                entries.append(current)
            current, key = {"flags": ""}, ""
        elif line.startswith("#,"):
            current["flags"] = line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current[key] = str(current[key]) + _unquote(line)
        else:
            key, _, value = line.partition(" ")
            current[key] = _unquote(value)
    return entries


def _unquote(text: str) -> str:
    return str(json.loads(text))


def _msgids(path: Path) -> set[str]:
    return {str(e["msgid"]) for e in _entries(path) if e["msgid"]}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language: str) -> None:
    problems = []
    for entry in _entries(LOCALE / language / "LC_MESSAGES" / "django.po"):
        msgid = str(entry["msgid"])
        if "fuzzy" in str(entry["flags"]):
            problems.append(f"fuzzy: {msgid!r}")
        strings = [str(v) for k, v in entry.items() if k.startswith("msgstr")]
        if msgid and (not strings or not all(strings)):
            problems.append(f"untranslated: {msgid!r}")
        for text in strings if msgid else ():
            if sorted(set(PLACEHOLDER.findall(text))) != sorted(set(PLACEHOLDER.findall(msgid))):
                problems.append(f"placeholders differ: {msgid!r} → {text!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_the_source(language: str) -> None:
    """The committed .mo file says what the .po file says (compilemessages was run after the last edit)."""
    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in _entries(folder / "django.po"):
        if entry["msgid"] and "msgid_plural" not in entry:
            assert compiled.gettext(str(entry["msgid"])) == entry["msgstr"], entry["msgid"]


def test_translated_navigation(client: object, users: dict[str, object]) -> None:
    client.force_login(users["a-operator"])  # type: ignore[attr-defined]
    page = client.get("/", headers={"Accept-Language": "uk"}).content.decode()  # type: ignore[attr-defined]
    assert "Реєстр" in page and "Огляд" in page
    page = client.get("/", headers={"Accept-Language": "ru"}).content.decode()  # type: ignore[attr-defined]
    assert "Реестр" in page and "Обзор" in page


@pytest.mark.skipif(not os.environ.get("CARTEL_STRICT_I18N"), reason="set CARTEL_STRICT_I18N=1 to check")
@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext")
def test_catalogues_cover_every_marked_string(tmp_path: Path) -> None:
    """Running makemessages on the code finds no message missing from the catalogues."""
    source = LOCALE.parent
    copy = tmp_path / "cartel"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("locale", "__pycache__", "*.mo"))
    (copy / "locale").mkdir()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    subprocess.run([sys.executable, "-m", "django", "makemessages", "-l", "uk"], cwd=copy, env=env, check=True,
                   capture_output=True)  # fmt: skip
    marked = _msgids(copy / "locale" / "uk" / "LC_MESSAGES" / "django.po")
    for language in LANGUAGES:
        missing = marked - _msgids(LOCALE / language / "LC_MESSAGES" / "django.po")
        assert not missing, f"{language}: run makemessages and translate: {sorted(missing)}"
