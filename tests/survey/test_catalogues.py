"""Every string a respondent can see has a Welsh and an Urdu translation.

The respondent's pages (templates/survey/, the page frame in base.html, the privacy page and
the views behind them) put their words through _(); a string added there without a translation
would show in English in the middle of a Welsh or Urdu page. Babel's own extractors (the ones
`pybabel extract` runs) find each message, and each is looked up in the catalogues.
"""

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from jinja2.ext import babel_extract

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = [*sorted((ROOT / "templates" / "survey").glob("*.html")),
             ROOT / "templates" / "base.html", ROOT / "templates" / "main" / "transparency.html"]
VIEWS = [*sorted((ROOT / "voice" / "web" / "survey").glob("*.py")),
         ROOT / "voice" / "web" / "transparency.py", ROOT / "voice" / "web" / "practice_consent_public.py"]


def respondent_strings() -> dict[str, str]:
    """{msgid: the file it is in} for every message of the respondent's pages."""
    found = {}
    for method, paths in ((babel_extract, TEMPLATES), ("python", VIEWS)):
        for path in paths:
            for _line, message, _comments, _context in extract_from_file(method, str(path)):
                msgid = message[0] if isinstance(message, tuple) else message
                found.setdefault(msgid, path.name)
    return found


def test_the_templates_have_strings_to_check():
    assert len(respondent_strings()) > 50  # the pattern still finds them


@pytest.mark.parametrize("language", ["cy", "ur"])
def test_every_respondent_string_is_translated(language):
    path = ROOT / "voice" / "translations" / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as po_file:
        catalogue = read_po(po_file)
    missing = [f"{template}: {msgid!r}" for msgid, template in respondent_strings().items()
               if not (catalogue.get(msgid) and catalogue.get(msgid).string)]
    assert not missing, f"{len(missing)} string(s) without a {language} translation:\n" + "\n".join(missing)
