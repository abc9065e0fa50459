"""Excerpts and their codes: apply, change, remove, decide on suggestions, and memos.

Every change is attributed (coder, decided_by, author) and audited in the caller's transaction.
Audit rows say what happened (ids, code keys, lengths), never the words of the excerpt or memo.
"""

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from voice.audit import record
from voice.coding.errors import CodingError
from voice.coding.offsets import check_span
from voice.coding.versions import latest_version
from voice.models import Code, CodeApplication, Document, Excerpt, Memo, utcnow

MEMO_TARGETS = ("excerpt", "code", "document")
MAX_MEMO = 5_000


@dataclass(frozen=True)
class Actor:
    """Who is coding: their user row (for the audit trail) and id."""

    user: Any

    @property
    def id(self) -> int:
        return self.user.id


def active_codes(session: Session, codebook_key: str, keys: list[str]) -> tuple[int, list[Code]]:
    """(version id, codes) for code keys of the newest version; CodingError for any other key."""
    version = latest_version(session, codebook_key)
    if version is None:
        raise CodingError(f"There is no codebook {codebook_key!r}.", "codebook")
    if not keys:
        raise CodingError("Select at least one code to apply.", "codes")
    rows = session.exec(select(Code).where(Code.codebook_version_id == version.id,
                                           Code.key.in_(keys))).all()
    found = {row.key: row for row in rows}
    for key in keys:
        row = found.get(key)
        if row is None:
            raise CodingError(f"The codebook has no code {key!r}; choose one from the list.", "codes")
        if row.status != "active" or not row.details.get("codable", True):
            raise CodingError(f"The code {row.label!r} cannot be applied (it is a heading, "
                              "retired or merged); choose another.", "codes")
    return version.id, [found[key] for key in dict.fromkeys(keys)]


def apply_codes(session: Session, document: Document, start: int, end: int, codebook_key: str,
                code_keys: list[str], actor: Actor) -> Excerpt:
    """Code text[start:end) (code points) with each code; reuses the coder's excerpt there."""
    check_span(document.redacted_text, start, end)
    version_id, codes = active_codes(session, codebook_key, code_keys)
    excerpt = session.exec(select(Excerpt).where(
        Excerpt.document_id == document.id, Excerpt.start == start, Excerpt.end == end,
        Excerpt.created_by_id == actor.id)).first()
    if excerpt is None:
        excerpt = Excerpt(document_id=document.id, start=start, end=end, created_by_id=actor.id)
        session.add(excerpt)
        session.flush()
    have = set(session.exec(select(CodeApplication.code_id).where(
        CodeApplication.excerpt_id == excerpt.id, CodeApplication.coder_id == actor.id,
        CodeApplication.status == "accepted")).all())
    added = [code for code in codes if code.id not in have]
    session.add_all(CodeApplication(excerpt_id=excerpt.id, code_id=code.id,
                                    codebook_version_id=version_id, coder_id=actor.id,
                                    decided_by_id=actor.id, decided_at=utcnow()) for code in added)
    record(session, "coding.apply", actor=actor.user, object_type="excerpt", object_id=excerpt.id,
           la_id=document.la_id, detail={"document_id": document.id, "codes": [c.key for c in added],
                                         "start": start, "end": end})
    return excerpt


def change_excerpt(session: Session, document: Document, excerpt: Excerpt, start: int, end: int,
                   actor: Actor) -> None:
    """Move an excerpt's bounds (its codes stay)."""
    check_span(document.redacted_text, start, end)
    before = (excerpt.start, excerpt.end)
    excerpt.start, excerpt.end = start, end
    session.add(excerpt)
    record(session, "coding.excerpt_change", actor=actor.user, object_type="excerpt",
           object_id=excerpt.id, la_id=document.la_id,
           detail={"document_id": document.id, "was": list(before), "now": [start, end]})


def remove_application(session: Session, document: Document, application: CodeApplication,
                       actor: Actor) -> None:
    """Take a code off an excerpt; the excerpt goes too when nothing is left on it."""
    excerpt_id = application.excerpt_id
    code = session.get(Code, application.code_id)
    session.delete(application)
    session.flush()
    left = session.exec(select(sa.func.count()).select_from(CodeApplication)
                        .where(CodeApplication.excerpt_id == excerpt_id)).one()
    if not left:
        session.execute(sa.delete(Excerpt).where(Excerpt.id == excerpt_id))
    record(session, "coding.remove", actor=actor.user, object_type="excerpt", object_id=excerpt_id,
           la_id=document.la_id, detail={"document_id": document.id,
                                         "codes": [code.key] if code else [],
                                         "excerpt_removed": not left})


def decide(session: Session, document: Document, application: CodeApplication, accept: bool,
           actor: Actor) -> None:
    """Accept or reject a rule or model suggestion; the decision feeds the next training."""
    if application.status != "suggested":
        raise CodingError("This suggestion has already been decided.", "suggestion")
    application.status = "accepted" if accept else "rejected"
    application.coder_id = actor.id if accept else application.coder_id
    application.decided_by_id, application.decided_at = actor.id, utcnow()
    session.add(application)
    code = session.get(Code, application.code_id)
    record(session, "coding.suggestion_" + ("accept" if accept else "reject"), actor=actor.user,
           object_type="code_application", object_id=application.id, la_id=document.la_id,
           detail={"document_id": document.id, "codes": [code.key] if code else [],
                   "source": application.source})


def add_memo(session: Session, target_type: str, target_id: int, text: str, actor: Actor,
             la_id: int | None) -> Memo:
    """A memo on an excerpt, a code or a document."""
    if target_type not in MEMO_TARGETS:
        raise CodingError("A memo is on an excerpt, a code or a document.", "target")
    text = (text or "").strip()
    if not text:
        raise CodingError("Enter the memo.", "memo")
    if len(text) > MAX_MEMO:
        raise CodingError(f"A memo can be at most {MAX_MEMO:,} characters.", "memo")
    memo = Memo(target_type=target_type, target_id=target_id, author_id=actor.id, text=text)
    session.add(memo)
    session.flush()
    record(session, "coding.memo", actor=actor.user, object_type="memo", object_id=memo.id,
           la_id=la_id, detail={"target_kind": target_type, "target_id": target_id,
                                "length": len(text)})
    return memo
