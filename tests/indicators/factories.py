"""Small builders for indicator tests: respondents, responses with answers and consents."""

import uuid
from datetime import datetime, timezone

from sqlmodel import Session, select

from tests.helpers import la_id
from voice.demo.seed import answer_row
from voice.models import ConsentRecord, Respondent, Response, Survey, SurveyVersion
from voice.surveys.store import store_shipped_surveys

IN_2024_25 = datetime(2024, 6, 1, 12, tzinfo=timezone.utc)  # reporting year 2025


def shipped_surveys(session: Session) -> dict[str, Survey]:
    """Store the shipped surveys once; return them by key."""
    if session.exec(select(Survey)).first() is None:
        store_shipped_surveys(session)
        session.commit()
    return {s.key: s for s in session.exec(select(Survey))}


def add_respondent(session: Session, la_code: str, pseudonym: str | None = None,
                   **attributes) -> Respondent:
    """A care leaver (unless told otherwise) of the authority."""
    respondent = Respondent(pseudonym=pseudonym or uuid.uuid4().hex, la_id=la_id(session, la_code),
                            **{"cohort": "care_leaver", **attributes})
    session.add(respondent)
    session.flush()
    return respondent


def add_response(session: Session, survey_key: str, la_code: str, answers: dict, *,
                 respondent: Respondent | None = None, consents: dict | None = None,
                 submitted_at: datetime = IN_2024_25) -> Response:
    """A stored response with its answers and its consent decisions (default: all granted)."""
    survey = shipped_surveys(session)[survey_key]
    version = session.exec(select(SurveyVersion.id).where(SurveyVersion.survey_id == survey.id)).first()
    response = Response(client_uuid=str(uuid.uuid4()), survey_id=survey.id, survey_version_id=version,
                        respondent_id=respondent.id if respondent else None,
                        la_id=la_id(session, la_code), content_hash="0" * 64,
                        submitted_at=submitted_at)
    session.add(response)
    session.flush()
    for key, value in answers.items():
        session.add(answer_row(response.id, key, value))
    for purpose, granted in (consents if consents is not None else
                             {"service_improvement": True, "research": True}).items():
        session.add(ConsentRecord(respondent_id=response.respondent_id, response_id=response.id,
                                  purpose=purpose, granted=granted))
    session.flush()
    return response
