"""Both catalogues are complete: every string of the site has its Indonesian and English text."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
SKIP_COPY = {
    ".venv",
    ".git",
    "media",
    "staticfiles",
    "test-results",
    "node_modules",
    ".pytest_cache",
}


def entries(po_path: Path):
    """(msgid, msgstrs, flags) of each entry of a .po file, header excluded."""
    for block in po_path.read_text(encoding="utf-8").split("\n\n"):
        lines = block.strip().splitlines()
        flags = " ".join(line for line in lines if line.startswith("#,"))
        msgid, msgstrs, current = None, [], None
        for line in lines:
            if line.startswith("msgid "):
                msgid, current = eval(line[6:]), "id"  # noqa: S307 - a .po string literal
            elif line.startswith("msgid_plural "):
                current = "plural"
            elif line.startswith("msgstr"):
                msgstrs.append(eval(line.split(" ", 1)[1]))  # noqa: S307
                current = "str"
            elif line.startswith('"'):
                if current == "id":
                    msgid += eval(line)  # noqa: S307
                elif current == "str":
                    msgstrs[-1] += eval(line)  # noqa: S307
        if msgid:
            yield msgid, msgstrs, flags


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_string_has_a_translation_and_none_is_fuzzy(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    missing = [msgid for msgid, msgstrs, _ in entries(po) if not all(msgstrs)]
    fuzzy = [msgid for msgid, _, flags in entries(po) if "fuzzy" in flags]
    assert not missing, f"{len(missing)} untranslated, e.g. {missing[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_compiled_catalogue_matches_its_source(language, tmp_path):
    folder = LOCALE / language / "LC_MESSAGES"
    compiled = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--check-format", "-o", str(compiled), str(folder / "django.po")],
        check=True,
        capture_output=True,
    )
    assert compiled.read_bytes() == (folder / "django.mo").read_bytes(), "run `make messages`"


def test_no_string_of_the_code_is_missing_from_the_catalogues(tmp_path):
    # Extract the strings again from a copy of the project and compare with what is committed.
    copy = tmp_path / "project"
    shutil.copytree(
        settings.BASE_DIR,
        copy,
        ignore=lambda folder, names: [
            n for n in names if n in SKIP_COPY or n.endswith((".pyc", ".mo"))
        ],
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "id",
            "--no-obsolete",
            "--ignore",
            "bench/*",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "config.settings"},
    )
    extracted = {
        msgid for msgid, _, _ in entries(copy / "locale" / "id" / "LC_MESSAGES" / "django.po")
    }
    committed = {msgid for msgid, _, _ in entries(LOCALE / "id" / "LC_MESSAGES" / "django.po")}
    new = sorted(extracted - committed)
    assert not new, (
        f"{len(new)} strings are not in the catalogues yet (run `make messages`): {new[:5]}"
    )
