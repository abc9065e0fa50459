"""The subject access package: everything Seen & Heard holds about one person, in one place.

`build_package` gathers, for one respondent: their details, survey answers, consent history,
documents (the raw text, with other people's names taken out), every code applied to their
words and who or what applied it, topic assignments, the indicators their answers feed and
the releases made since, challenges and their outcome letters, requests, and the audit rows
about them. Nothing about anyone else goes in: rows are found from the person outwards.
"""

from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from voice.consent import PURPOSE_LABELS, current_consent, history
from voice.models import (Answer, AuditEvent, Challenge, Code, CodeApplication, Document, DocumentTopic,
                          Excerpt, LocalAuthority, Question, Respondent, Response, SubjectRequest,
                          Survey, Topic, TopicRun, User)
from voice.subject.counted_in import indicators_section
from voice.subject.redact_others import text_for_subject

PERSON_FIELDS = ("cohort", "age_band", "care_leaver_age_group", "fsm", "send",
                 "social_care_experience", "sex", "ethnicity")
SOURCE_WORDS = {"human": "a person", "rule": "a rule (matching words)",
                "model": "a computer model (suggestion)", "topic": "a topic model"}


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _label(definition: dict[str, Any], language: str = "en") -> str:
    label = definition.get("label") or definition.get("title") or ""
    if isinstance(label, dict):
        return label.get(language) or label.get("en") or next(iter(label.values()), "")
    return str(label)


def _staff(session: Session, user_id: int | None) -> str | None:
    """A member of staff by role and number: enough to identify the decision, not their email."""
    if user_id is None:
        return None
    user = session.get(User, user_id)
    return f"{user.role} (staff number {user.id})" if user else f"staff number {user_id}"


def _responses(session: Session, person: Respondent) -> list[Response]:
    return list(session.exec(select(Response).where(Response.respondent_id == person.id)
                             .order_by(Response.submitted_at, Response.id)))


def _documents(session: Session, person: Respondent, response_ids: list[int]) -> list[Document]:
    return list(session.exec(select(Document).where(sa.or_(
        Document.respondent_id == person.id, Document.response_id.in_(response_ids or [-1])))
        .order_by(Document.id)))


def answers_section(session: Session, responses: list[Response]) -> list[dict[str, Any]]:
    """Each response with its survey's title and the questions' words beside the answers."""
    section = []
    for response in responses:
        survey = session.get(Survey, response.survey_id)
        questions = {q.key: q for q in session.exec(
            select(Question).where(Question.survey_version_id == response.survey_version_id))}
        answers = session.exec(select(Answer).where(Answer.response_id == response.id)
                               .order_by(Answer.id))
        section.append({
            "response_id": response.id, "survey": survey.title if survey else None,
            "submitted_at": _when(response.submitted_at), "language": response.language,
            "answers": [{"question_key": a.question_key,
                         "question": _label(questions[a.question_key].definition, response.language)
                         if a.question_key in questions else a.question_key,
                         "feeds": questions[a.question_key].feeds if a.question_key in questions
                         else None, "value": a.value} for a in answers]})
    return section


def consent_section(session: Session, person: Respondent) -> dict[str, Any]:
    """The current state of each purpose and every consent event, oldest first."""
    states = current_consent(session, person.id)
    return {
        "current": [{"purpose": p, "meaning": PURPOSE_LABELS[p], "state": s}
                    for p, s in states.items()],
        "history": [{"id": r.id, "purpose": r.purpose, "granted": r.granted, "source": r.source,
                     "response_id": r.response_id, "document_id": r.document_id,
                     "recorded_at": _when(r.recorded_at),
                     "recorded_by": _staff(session, r.recorded_by_id)}
                    for r in history(session, person.id)],
    }


def codes_section(session: Session, documents: list[Document]) -> list[dict[str, Any]]:
    """Every code on an excerpt of the person's documents: what, on which words, by whom, when."""
    texts = {d.id: d.redacted_text for d in documents}
    rows = session.exec(select(CodeApplication, Excerpt, Code)
                        .join(Excerpt, Excerpt.id == CodeApplication.excerpt_id)
                        .join(Code, Code.id == CodeApplication.code_id)
                        .where(Excerpt.document_id.in_(list(texts) or [-1]))
                        .order_by(CodeApplication.id))
    return [{"code_application_id": app.id, "document_id": excerpt.document_id,
             "excerpt_id": excerpt.id, "words": texts[excerpt.document_id][excerpt.start:excerpt.end],
             "code": code.label, "code_key": code.key, "status": app.status,
             "applied_by": SOURCE_WORDS.get(app.source, app.source),
             "person": _staff(session, app.coder_id), "confidence": app.confidence,
             "matched": app.matched, "applied_at": _when(app.created_at),
             "decided_by": _staff(session, app.decided_by_id), "decided_at": _when(app.decided_at)}
            for app, excerpt, code in rows]


def topics_section(session: Session, documents: list[Document]) -> list[dict[str, Any]]:
    """Topic model runs that placed the person's documents in a topic."""
    rows = session.exec(select(DocumentTopic, Topic, TopicRun)
                        .join(Topic, Topic.id == DocumentTopic.topic_id)
                        .join(TopicRun, TopicRun.id == Topic.run_id)
                        .where(DocumentTopic.document_id.in_([d.id for d in documents] or [-1])))
    return [{"document_id": dt.document_id, "run_id": run.id, "purpose": run.purpose,
             "topic": topic.label, "probability": dt.probability, "run_at": _when(run.created_at)}
            for dt, topic, run in rows]


def audit_section(session: Session, person: Respondent, ids: dict[str, list[int]]) -> list[dict]:
    """Audit rows about the person or any of their records (ids only are ever stored there)."""
    about = [sa.and_(AuditEvent.object_type == kind, AuditEvent.object_id.in_([str(i) for i in v]))
             for kind, v in ids.items() if v]
    about.append(sa.and_(AuditEvent.object_type == "respondent",
                         AuditEvent.object_id == str(person.id)))
    rows = session.exec(select(AuditEvent).where(sa.or_(*about)).order_by(AuditEvent.seq))
    return [{"seq": e.seq, "at": _when(e.at), "action": e.action, "by": e.actor_role or "system",
             "object": f"{e.object_type} {e.object_id}", "purpose": e.purpose,
             "outcome": e.outcome} for e in rows]


def build_package(session: Session, person: Respondent,
                  own_names: tuple[str, ...] = ()) -> dict[str, Any]:
    """The whole package for one person, as plain JSON-ready data."""
    responses = _responses(session, person)
    documents = _documents(session, person, [r.id for r in responses])
    answers = answers_section(session, responses)
    codes = codes_section(session, documents)
    challenges = list(session.exec(select(Challenge).where(Challenge.respondent_id == person.id)
                                   .order_by(Challenge.id)))
    requests = list(session.exec(select(SubjectRequest).where(
        SubjectRequest.respondent_id == person.id).order_by(SubjectRequest.id)))
    authority = session.get(LocalAuthority, person.la_id)
    ids = {"response": [r.id for r in responses], "document": [d.id for d in documents],
           "code_application": [c["code_application_id"] for c in codes],
           "excerpt": [c["excerpt_id"] for c in codes], "challenge": [c.id for c in challenges],
           "subject_request": [r.id for r in requests]}
    return {
        "person": {"pseudonym": person.pseudonym, "local_authority": authority.name if authority
                   else None, "first_recorded": _when(person.created_at),
                   **{name: getattr(person, name) for name in PERSON_FIELDS}},
        "answers": answers,
        "consent": consent_section(session, person),
        "documents": [{"document_id": d.id, "kind": d.kind, "title": d.title,
                       "occurred_on": _when(d.occurred_on), "recorded_at": _when(d.created_at),
                       **text_for_subject(d, own_names)} for d in documents],
        "codes": codes,
        "topics": topics_section(session, documents),
        "indicators": indicators_section(session, person, responses, documents),
        "challenges": [{"challenge_id": c.id, "about": c.target_type, "code": c.code_label,
                        "grounds": c.grounds, "status": c.status, "raised_at": _when(c.raised_at),
                        "resolved_at": _when(c.resolved_at), "reason": c.resolution,
                        "outcome_letter": c.outcome_letter} for c in challenges],
        "requests": [{"request_id": r.id, "kind": r.kind, "status": r.status,
                      "requested_at": _when(r.requested_at), "due_on": _when(r.due_on),
                      "completed_at": _when(r.completed_at)} for r in requests],
        "audit": audit_section(session, person, ids),
    }
