"""Erasing one person on request: everything about them, except one audit row saying so.

An open challenge holds the erasure (the person is owed an answer first): the request is
kept as held, with the reason, and nothing is deleted.
"""

from dataclasses import dataclass, field
from typing import Any

from flask import Flask
from sqlmodel import Session

from voice.audit import record
from voice.models import Respondent
from voice.subject.challenge import open_challenges_of
from voice.subject.erasure import after_commit, database_files, erase_files, erase_rows
from voice.subject.requests import finish, open_request, pending_request


class ErasureHeld(Exception):
    """The erasure waits; the message says why and what would release it."""


@dataclass
class ErasureResult:
    """What one erasure removed: rows per table and files under instance/."""

    respondent_id: int
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0

    @property
    def total(self) -> int:
        return sum(self.rows.values()) + self.files


def hold_reason(session: Session, respondent: Respondent) -> str | None:
    """Why this person cannot be erased now, or None."""
    challenges = open_challenges_of(session, respondent.id)
    if not challenges:
        return None
    numbers = ", ".join(str(c.id) for c in challenges)
    return (f"Held: challenge {numbers} is still open. Resolve it (the person is owed an "
            "answer), then erase.")


def hold(session: Session, respondent: Respondent, reason: str, actor: Any = None) -> None:
    """Record the request as held with its reason, and audit the hold; deletes nothing."""
    request = pending_request(session, "erasure", respondent.id) or open_request(
        session, "erasure", respondent.id, respondent.la_id, actor)
    finish(session, request, status="held", hold_reason=reason)
    record(session, "subject.erase_held", actor=actor, object_type="respondent",
           object_id=respondent.id, la_id=respondent.la_id, detail={"reason": reason[:200]})


def erase_person(app: Flask, session: Session, respondent: Respondent,
                 actor: Any = None) -> ErasureResult:
    """Erase the person and commit; raise ErasureHeld (after recording the hold) if held."""
    reason = hold_reason(session, respondent)
    if reason:
        hold(session, respondent, reason, actor)
        session.commit()
        raise ErasureHeld(reason)
    respondent_id, la_id, pseudonym = respondent.id, respondent.la_id, respondent.pseudonym
    request = pending_request(session, "erasure", respondent_id) or open_request(
        session, "erasure", respondent_id, la_id, actor)
    request.respondent_id = None  # the request outlives the person, pointing at nobody
    rows, needles = erase_rows(session, {"respondent": {respondent_id}}, pseudonyms=[pseudonym])
    session.expunge(respondent)
    finish(session, request, summary={"rows_deleted": sum(rows.values())})
    record(session, "subject.erase", actor=actor, object_type="respondent", object_id=respondent_id,
           la_id=la_id, detail={"rows_deleted": sum(rows.values()), "tables": sorted(rows)})
    session.commit()
    files = erase_files(app.instance_path, needles, skip=database_files(app))
    after_commit(app, rows)
    if files:
        with Session(session.get_bind()) as audit_session:
            record(audit_session, "subject.erase_files", actor=actor, object_type="respondent",
                   object_id=respondent_id, la_id=la_id, detail={"files_deleted": files},
                   key=app.config["AUDIT_KEY"])
            audit_session.commit()
    return ErasureResult(respondent_id=respondent_id, rows=rows, files=files)

