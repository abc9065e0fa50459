"""Arranging coding tests: a stored codebook, documents and coders."""

import hashlib
from itertools import count

from sqlmodel import Session

from coding.codebook import load_codebook
from coding.codebook.checks import CODEBOOK_DIR
from tests.helpers import OWN_LA, la_id
from voice.coding.versions import store_codebook
from voice.models import Document

BOOK = "care-leavers-home"
_numbers = count(1)


def store_shipped(session: Session, key: str = BOOK):
    """Store a shipped codebook as version 1 and commit; return the version."""
    version, _ = store_codebook(session, load_codebook(CODEBOOK_DIR / f"{key}.yaml"))
    session.commit()
    return version


def make_document(session: Session, text: str, la_code: str = OWN_LA, kind: str = "case_note",
                  **fields) -> Document:
    """Insert and commit a document whose redacted text is `text`."""
    number = next(_numbers)
    document = Document(la_id=la_id(session, la_code), kind=kind, redacted_text=text,
                        title=f"Note {number}",
                        content_hash=hashlib.sha256(f"{number}{text}".encode()).hexdigest(), **fields)
    session.add(document)
    session.commit()
    return document


def post(client, path: str, data: dict):
    """POST a form with the CSRF token the signed-in user's pages carry."""
    from tests.helpers import form_token

    return client.post(path, data={**data, "csrf_token": form_token(client, "/practice/coding")})
