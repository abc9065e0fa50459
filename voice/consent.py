"""Consent by purpose: who is in an analysis, and withdrawing consent.

Consent is a history of events (ConsentRecord rows), never overwritten. The CURRENT consent of
a subject for a purpose is the last record appended for it (highest id):

- a response: the last record about that response, or about the respondent as a whole (a
  record with neither response nor document, such as a withdrawal);
- a document: the last record about the document, its survey response, or its respondent as a
  whole. A subject with no record at all has no consent: nothing enters an analysis by default.

This is the same rule as voice/indicators/population.py and voice/topics/corpus.py apply.

Every analysis selects its population through `consented(session, purpose)`:

    population = consented(session, "research")
    query = select(Document).where(Document.id.in_(population.document_ids))
    answers = select(Answer).where(Answer.response_id.in_(population.response_ids))
    ssda = select(CareLeaverReturn).where(CareLeaverReturn.pseudonym.in_(population.pseudonyms))
"""

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from voice.models import (PURPOSES, ConsentRecord, Document, Respondent, Response, utcnow)

PURPOSE_LABELS = {
    "own_support": "your own support",
    "service_improvement": "improving services (counted with other people's answers)",
    "research": "research",
}


class ConsentError(ValueError):
    """A consent change that cannot be made; the message says why and what to do."""


def check_purpose(purpose: str) -> str:
    """Return `purpose` if it is one Seen & Heard knows; raise ConsentError if not."""
    if purpose not in PURPOSES:
        raise ConsentError(f"{purpose!r} is not a purpose. Choose one of: {', '.join(PURPOSES)}.")
    return purpose


def _latest_granted(purpose: str, *applies: Any) -> Any:
    """The `granted` of the last consent record for `purpose` matching any of `applies`."""
    record = ConsentRecord.__table__.alias("latest_consent")
    return (sa.select(record.c.granted)
            .where(record.c.purpose == purpose, sa.or_(*[a(record) for a in applies]))
            .order_by(record.c.id.desc()).limit(1).scalar_subquery())


def _about_whole_person(record: Any, respondent_id: Any) -> Any:
    """A record about the respondent as a whole: not tied to one response or document."""
    return sa.and_(respondent_id.is_not(None), record.c.respondent_id == respondent_id,
                   record.c.response_id.is_(None), record.c.document_id.is_(None))


def _response_consent(purpose: str) -> Any:
    return _latest_granted(
        purpose,
        lambda c: c.c.response_id == Response.id,
        lambda c: _about_whole_person(c, Response.respondent_id))


def _document_consent(purpose: str) -> Any:
    return _latest_granted(
        purpose,
        lambda c: c.c.document_id == Document.id,
        lambda c: sa.and_(Document.response_id.is_not(None), c.c.response_id == Document.response_id),
        lambda c: _about_whole_person(c, Document.respondent_id))


@dataclass(frozen=True)
class Population:
    """Subqueries of the ids (and pseudonyms) whose current consent covers one purpose."""

    purpose: str
    response_ids: Any
    document_ids: Any
    respondent_ids: Any
    pseudonyms: Any


def consented(session: Session | None, purpose: str) -> Population:
    """The responses, documents, respondents and pseudonyms whose CURRENT consent covers `purpose`.

    Each attribute is a SELECT usable in `.in_(...)`; nothing is loaded until the caller runs
    its own query. `session` is unused today but kept so callers need not change if the rules
    come to depend on stored settings.
    """
    check_purpose(purpose)
    response_ok = _response_consent(purpose)
    documents = sa.select(Document.id).where(_document_consent(purpose).is_(True))
    respondent_ok = _latest_granted(purpose, lambda c: c.c.respondent_id == Respondent.id)
    respondents = sa.select(Respondent.id).where(respondent_ok.is_(True))
    return Population(
        purpose=purpose,
        response_ids=sa.select(Response.id).where(response_ok.is_(True)),
        document_ids=documents,
        respondent_ids=respondents,
        pseudonyms=sa.select(Respondent.pseudonym).where(respondent_ok.is_(True)),
    )


def refused_document_ids(purpose: str) -> Any:
    """SELECT id of documents whose LATEST decision for `purpose` is a refusal or withdrawal.

    For analyses that also read documents nobody has recorded consent about (the authority's
    own case notes, as model training does): a withdrawal must still take them out.
    """
    check_purpose(purpose)
    return sa.select(Document.id).where(_document_consent(purpose).is_(False))


def covers_anything(session: Session, respondent_id: int, purpose: str) -> bool:
    """True if any response or document of this respondent is now in `purpose`'s population."""
    population = consented(session, purpose)
    responses = select(Response.id).where(Response.respondent_id == respondent_id,
                                          Response.id.in_(population.response_ids)).limit(1)
    documents = select(Document.id).where(Document.respondent_id == respondent_id,
                                          Document.id.in_(population.document_ids)).limit(1)
    return (session.exec(responses).first() is not None
            or session.exec(documents).first() is not None)


def current_consent(session: Session, respondent_id: int) -> dict[str, str]:
    """Each purpose's state for a respondent: "given" (some of their data is in it),
    "withdrawn" (it was given once, and none of their data is in it now) or "never"."""
    records = history(session, respondent_id)
    states: dict[str, str] = {}
    for purpose in PURPOSES:
        if covers_anything(session, respondent_id, purpose):
            states[purpose] = "given"
            continue
        ever = any(r.purpose == purpose and r.granted for r in records)
        states[purpose] = "withdrawn" if ever else "never"
    return states


def history(session: Session, respondent_id: int) -> list[ConsentRecord]:
    """Every consent event about a respondent, oldest first (their responses' records included)."""
    responses = select(Response.id).where(Response.respondent_id == respondent_id)
    documents = select(Document.id).where(Document.respondent_id == respondent_id)
    return list(session.exec(select(ConsentRecord).where(sa.or_(
        ConsentRecord.respondent_id == respondent_id,
        ConsentRecord.response_id.in_(responses),
        ConsentRecord.document_id.in_(documents))).order_by(ConsentRecord.id)))


def withdraw(session: Session, respondent: Respondent, purpose: str, *, actor: Any = None,
             source: str = "practitioner") -> dict[str, Any]:
    """Record that `respondent` withdraws `purpose`, purge derived data, and audit it.

    Raises ConsentError, changing nothing, when the purpose is unknown or was never given
    (or is already withdrawn). Returns what was removed and what was already published.
    """
    from voice.audit import record
    from voice.subject.purge import already_published, purge_derived

    check_purpose(purpose)
    state = current_consent(session, respondent.id)[purpose]
    label = PURPOSE_LABELS[purpose]
    if state == "never":
        raise ConsentError(f"There is no consent for {label} to withdraw: this person never "
                           "gave it, so their information is not used for it.")
    if state == "withdrawn":
        raise ConsentError(f"Consent for {label} is already withdrawn; nothing has changed.")
    session.add(ConsentRecord(respondent_id=respondent.id, purpose=purpose, granted=False,
                              source=f"withdrawal_{source}"[:30],
                              recorded_by_id=getattr(actor, "id", None), recorded_at=utcnow()))
    session.flush()
    removed = purge_derived(session, respondent.id, purpose)
    published = already_published(session, respondent.id, purpose)
    record(session, "consent.withdraw", actor=actor, object_type="respondent",
           object_id=respondent.id, la_id=respondent.la_id, purpose=purpose,
           detail={"source": source, **removed, **published})
    return {**removed, **published}
