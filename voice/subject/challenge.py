"""Challenges: a data subject disputes a code on their words or a conclusion drawn from them.

A challenge is raised by a practitioner or an admin on the person's behalf. While it is open,
the item is left out of every indicator: `open_challenge_exclusions()` gives the ids to leave
out. A second coder, never the one who applied the code, resolves it: upheld (the code is
removed or changed; a challenged conclusion stays out of indicators for good) or not upheld,
with a reason. The outcome letter is what the person is told; every step is audited.
"""

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from voice.audit import record
from voice.models import (Challenge, Code, CodeApplication, Document, Excerpt, Respondent,
                          Response, utcnow)
from voice.models.subject import CHALLENGE_TARGETS

MAX_GROUNDS = 2000


class ChallengeError(ValueError):
    """A challenge that cannot be raised or resolved; the message says why and what to do."""


@dataclass(frozen=True)
class Exclusions:
    """SELECTs of ids indicators must leave out because of challenges."""

    code_application_ids: Any
    excerpt_ids: Any
    document_ids: Any
    response_ids: Any


def open_challenge_exclusions(session: Session | None = None) -> Exclusions:
    """What indicators leave out: everything under an open challenge, and conclusions upheld.

    Use as `.where(CodeApplication.id.not_in(exclusions.code_application_ids))` and the same
    for excerpts, documents and responses. `session` is unused (the SELECTs run in the caller's).
    """
    is_open = Challenge.status == "open"
    conclusion_withdrawn = sa.and_(Challenge.status == "upheld",
                                   Challenge.target_type.in_(("response", "document")))

    def ids(column: Any, *where: Any) -> Any:
        return sa.select(column).where(column.is_not(None), *where)
    return Exclusions(
        code_application_ids=ids(Challenge.code_application_id, is_open),
        excerpt_ids=ids(Challenge.excerpt_id, is_open),
        document_ids=ids(Challenge.document_id, Challenge.target_type == "document",
                         sa.or_(is_open, conclusion_withdrawn)),
        response_ids=ids(Challenge.response_id, Challenge.target_type == "response",
                         sa.or_(is_open, conclusion_withdrawn)),
    )


def _target(session: Session, respondent: Respondent, target_type: str,
            target_id: int) -> dict[str, Any]:
    """The challenged item's links, checked to be this person's; ChallengeError if not."""
    not_theirs = ChallengeError(f"This person has no {target_type.replace('_', ' ')} "
                                f"{target_id}. Check the number on their subject access package.")
    if target_type == "code_application":
        row = session.get(CodeApplication, target_id)
        excerpt = row and session.get(Excerpt, row.excerpt_id)
        document = excerpt and session.get(Document, excerpt.document_id)
        if document is None or not _is_theirs(session, document, respondent):
            raise not_theirs
        code = session.get(Code, row.code_id)
        return {"code_application_id": row.id, "excerpt_id": excerpt.id,
                "document_id": document.id, "code_label": code.label if code else None,
                "applied_by_id": row.coder_id or row.decided_by_id}
    if target_type == "document":
        document = session.get(Document, target_id)
        if document is None or not _is_theirs(session, document, respondent):
            raise not_theirs
        return {"document_id": document.id}
    response = session.get(Response, target_id)
    if response is None or response.respondent_id != respondent.id:
        raise not_theirs
    return {"response_id": response.id}


def _is_theirs(session: Session, document: Document, respondent: Respondent) -> bool:
    if document.respondent_id == respondent.id:
        return True
    response = document.response_id and session.get(Response, document.response_id)
    return bool(response) and response.respondent_id == respondent.id


def raise_challenge(session: Session, respondent: Respondent, target_type: str, target_id: int,
                    grounds: str, actor: Any) -> Challenge:
    """Record a challenge on the person's behalf, excluded from indicators from now; audited."""
    if target_type not in CHALLENGE_TARGETS:
        raise ChallengeError(f"Choose what is challenged: {', '.join(CHALLENGE_TARGETS)}.")
    grounds = (grounds or "").strip()
    if not grounds:
        raise ChallengeError("Enter what the person says is wrong, in their words if you can.")
    if len(grounds) > MAX_GROUNDS:
        raise ChallengeError(f"Keep the grounds to {MAX_GROUNDS} characters or fewer.")
    links = _target(session, respondent, target_type, target_id)
    key = {"code_application": "code_application_id", "document": "document_id",
           "response": "response_id"}[target_type]
    duplicate = session.exec(select(Challenge.id).where(
        Challenge.status == "open", getattr(Challenge, key) == links[key])).first()
    if duplicate:
        raise ChallengeError(f"Challenge {duplicate} about this is already open; add to that one.")
    challenge = Challenge(respondent_id=respondent.id, la_id=respondent.la_id,
                          target_type=target_type, grounds=grounds,
                          raised_by_id=getattr(actor, "id", None), **links)
    session.add(challenge)
    session.flush()
    record(session, "challenge.raise", actor=actor, object_type="challenge", object_id=challenge.id,
           la_id=challenge.la_id, detail={"kind": target_type, "target_id": target_id,
                                          "respondent_id": respondent.id})
    return challenge


def outcome_letter(challenge: Challenge, upheld: bool, reason: str, changed_to: str | None) -> str:
    """What the person is told, in plain language."""
    what = (f"the code “{challenge.code_label}” on your words" if challenge.code_label
            else "a conclusion drawn from what you told us")
    if upheld and challenge.target_type == "code_application":
        done = (f"We have changed it to “{changed_to}”." if changed_to
                else "We have removed it, and it is no longer counted anywhere.")
    elif upheld:
        done = "We have taken it out of every count we make, and will not use it again."
    else:
        done = "It stays as it was. It is counted again from today."
    verdict = "agreed with you" if upheld else "did not agree with you"
    return (f"You asked us to look again at {what}. A second person who had not made the "
            f"decision checked it, and {verdict}. {done} The reason: {reason} "
            "If you are still unhappy, you can complain to the Information Commissioner's "
            "Office (ico.org.uk).")


def resolve_challenge(session: Session, challenge: Challenge, reviewer: Any, upheld: bool,
                      reason: str, new_code_id: int | None = None) -> Challenge:
    """Resolve as upheld (remove or change the code) or not upheld (reason); audited."""
    if challenge.status != "open":
        raise ChallengeError(f"Challenge {challenge.id} is already resolved.")
    reviewer_id = getattr(reviewer, "id", None)
    if reviewer_id is not None and reviewer_id in (challenge.applied_by_id, challenge.raised_by_id):
        raise ChallengeError("A second person must review this: you applied the code or raised "
                             "the challenge. Ask another coder.")
    reason = (reason or "").strip()
    if not reason:
        raise ChallengeError("Enter the reason for the decision: the person will be told it.")
    changed_to = None
    application = challenge.code_application_id and session.get(
        CodeApplication, challenge.code_application_id)
    if upheld and application is not None:
        if new_code_id:
            code = session.get(Code, new_code_id)
            if code is None or code.codebook_version_id != application.codebook_version_id:
                raise ChallengeError("Choose a code from the same codebook version.")
            application.code_id, changed_to = code.id, code.label
            application.decided_by_id, application.decided_at = reviewer_id, utcnow()
            challenge.new_code_id = code.id
            session.add(application)
        else:
            challenge.code_application_id = None
            session.add(challenge)
            session.flush()  # the link goes first, then the code it pointed at
            session.delete(application)
    challenge.status = "upheld" if upheld else "not_upheld"
    challenge.reviewer_id, challenge.resolution, challenge.resolved_at = reviewer_id, reason, utcnow()
    challenge.outcome_letter = outcome_letter(challenge, upheld, reason, changed_to)
    session.add(challenge)
    session.flush()
    record(session, "challenge.resolve", actor=reviewer, object_type="challenge",
           object_id=challenge.id, la_id=challenge.la_id,
           detail={"outcome": challenge.status, "code_changed": bool(changed_to),
                   "code_removed": upheld and application is not None and not changed_to})
    return challenge


def open_challenges_of(session: Session, respondent_id: int) -> list[Challenge]:
    """The person's challenges still open (erasure waits for them)."""
    return list(session.exec(select(Challenge).where(Challenge.respondent_id == respondent_id,
                                                     Challenge.status == "open")))
