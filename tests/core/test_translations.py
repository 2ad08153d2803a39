"""Every visible string is translated: .po files complete for fi and sv, and up to date with the code."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "locale"
REQUIRED = ("fi", "sv")


def _catalog(lang: str, root: Path = LOCALE):
    with (root / lang / "LC_MESSAGES" / "django.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def _ids(catalog) -> set:
    return {message.id for message in catalog if message.id}


@pytest.mark.parametrize("lang", REQUIRED)
def test_every_message_is_translated(lang):
    catalog = _catalog(lang)
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id)
    assert not missing, f"{len(missing)} untranslated or fuzzy in {lang}: {missing[:20]}"


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_catalog_exists_for_every_language(lang):
    assert _catalog(lang)


def test_catalogs_contain_every_string_in_the_code(tmp_path):
    """Extract the strings afresh (GNU gettext) and compare with the committed catalogs."""
    if not shutil.which("xgettext"):
        if os.environ.get("CI") == "true":
            pytest.fail("GNU gettext (xgettext) is required under CI to check the catalogs")
        pytest.skip("GNU gettext (xgettext) is not installed; catalogs not compared with the code")
    copy = tmp_path / "src"
    ignore = shutil.ignore_patterns(".venv", "var", ".git", "node_modules", "__pycache__", "*.mo", ".*cache")
    shutil.copytree(ROOT, copy, ignore=ignore)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--no-obsolete",
            "--no-location",
            "-l",
            "fi",
            "-i",
            "tests/*",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
    )
    fresh, committed = _ids(_catalog("fi", copy / "locale")), _ids(_catalog("fi"))
    assert not fresh - committed, (
        f"strings missing from the catalogs, run `make makemessages`: {fresh - committed}"
    )
    assert not committed - fresh, (
        f"obsolete strings in the catalogs, run `make makemessages`: {committed - fresh}"
    )
