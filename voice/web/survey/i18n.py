"""Languages on the respondent's pages: the UI through Flask-Babel, survey text from the
definition, and the language switch.

Translations are kept as .po files in voice/translations/ (what translators edit) and
compiled into instance/translations/ when the app starts: a compile step nobody can forget,
with no generated file in the repository and nothing written inside the installed package.
"""

import os
import tempfile
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, g, request, session
from flask_babel import Babel

from voice.surveys import text_direction

SOURCE_DIR = Path(__file__).resolve().parents[2] / "translations"
UI_LANGUAGES = ("en", "cy", "ur")
# Each language's name in itself, as a language switch shows it.
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg", "ur": "اردو", "pl": "Polski",
                  "ar": "العربية", "bn": "বাংলা", "pa": "ਪੰਜਾਬੀ", "ro": "Română", "so": "Soomaali"}
DEFAULT_LANGUAGES = ["en", "cy"]


def compile_catalogues(source: Path, target: Path) -> None:
    """Compile every messages.po under `source` into the same layout under `target`."""
    for po_path in source.glob("*/LC_MESSAGES/messages.po"):
        mo_path = target / po_path.relative_to(source).with_suffix(".mo")
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        # Write then rename, so a second process starting at the same time never reads half a file.
        fd, temp = tempfile.mkstemp(dir=mo_path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as mo_file:
            write_mo(mo_file, catalog)
        os.replace(temp, mo_path)


def current_language() -> str:
    """The language of this request (set by choose_language), English by default."""
    return getattr(g, "lang", None) or "en"


def init_i18n(app: Flask) -> None:
    """Compile the catalogues and attach Flask-Babel (once per app)."""
    if "babel" in app.extensions:
        return
    target = Path(app.instance_path) / "translations"
    compile_catalogues(SOURCE_DIR, target)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(target))
    Babel(app, locale_selector=lambda: current_language() if current_language() in UI_LANGUAGES else "en")


def choose_language(available: list[str], draft: dict[str, Any] | None = None) -> str:
    """Pick the page's language (?lang=, then the draft, then this device's last choice) and
    set g.lang and g.text_direction for the templates."""
    wanted = request.args.get("lang")
    if wanted in available:
        session["survey_lang"] = wanted
        if draft is not None:
            draft["language"] = wanted
    elif draft is not None and draft.get("language") in available:
        wanted = draft["language"]
    elif session.get("survey_lang") in available:
        wanted = session["survey_lang"]
    else:
        wanted = available[0]
    g.lang, g.text_direction = wanted, text_direction(wanted)
    g.survey_languages = [(code, LANGUAGE_NAMES.get(code, code)) for code in available]
    return wanted


def local(text: Any, language: str | None = None) -> str:
    """A survey text ({language: text}) in the page's language, else its first language."""
    if not isinstance(text, dict):
        return "" if text is None else str(text)
    language = language or current_language()
    return text.get(language) or next(iter(text.values()), "")
