"""Fixtures for the platform's topic runs: a generated corpus with known themes, stored."""

import hashlib
from datetime import date

from sqlmodel import Session

from tests.coding.test_topics import SEEDED, make_codebook, make_corpus
from tests.helpers import OWN_LA, la_id
from voice.coding.versions import store_codebook
from voice.models import ConsentRecord, Document

__all__ = ["SEEDED", "store_corpus", "store_test_codebook"]


def store_corpus(session: Session, texts: list[str], dates: list[date], la_code: str = OWN_LA,
                 kind: str = "case_note", granted: bool | None = True,
                 purpose: str = "research") -> list[int]:
    """Documents with these redacted texts, each with its own consent record (None: no record)."""
    authority = la_id(session, la_code)
    ids = []
    for position, (text, day) in enumerate(zip(texts, dates)):
        digest = hashlib.sha256(f"{la_code}:{kind}:{position}:{text}".encode()).hexdigest()
        document = Document(la_id=authority, kind=kind, title=f"note {position}",
                            redacted_text=text, redaction_version="test", content_hash=digest,
                            occurred_on=day)
        session.add(document)
        session.flush()
        if granted is not None:
            session.add(ConsentRecord(document_id=document.id, purpose=purpose, granted=granted,
                                      source="import"))
        ids.append(document.id)
    session.commit()
    return ids


def store_test_codebook(session: Session) -> str:
    """The four-seeded-themes codebook as a stored version; its key."""
    codebook = make_codebook()
    store_codebook(session, codebook)
    session.commit()
    return codebook.key


def themed_corpus() -> tuple[list[str], list[str], list[date]]:
    """Texts, their known theme and a date (five themes, one with no code)."""
    return make_corpus()
