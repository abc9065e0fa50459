"""Arranging subject-rights tests: a person with answers, notes, codes, a topic run and cache.

`make_person(app, session, marker)` stores one respondent with: a where-i-live response (an
indicator-feeding answer and a free-text answer), its consent records, a case note with raw
text (encrypted) and research consent, a survey-text document, an excerpt with a code applied
by a coder, a done topic run assigning both documents, and their cached embeddings. Every
text carries `marker`, so a search of the database or instance/ can find any left behind.
"""

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlmodel import Session, select

from coding.codebook import load_codebook
from coding.codebook.checks import CODEBOOK_DIR
from coding.embeddings import content_hash
from coding.identifiers import normalise_local_id, pseudonymise
from tests.helpers import OWN_LA, la_id, make_user
from voice.coding.versions import store_codebook
from voice.crypto import encrypt_text
from voice.models import (Answer, Code, CodeApplication, CodebookVersion, ConsentRecord, Document,
                          DocumentTopic, EmbeddingCache, Excerpt, Respondent, Response, Survey,
                          SurveyVersion, Topic, TopicRun)
from voice.surveys.store import SURVEY_DIR, read_survey_file, store_survey

MODEL = "test-model"


@dataclass
class Person:
    """Ids of everything stored about one test person."""

    identifier: str
    pseudonym: str
    respondent_id: int
    response_id: int
    case_note_id: int
    survey_text_id: int
    excerpt_id: int
    application_id: int
    code_id: int
    coder_id: int
    run_id: int
    marker: str
    case_note_text: str
    free_text: str


def survey_version(session: Session) -> SurveyVersion:
    """The where-i-live survey, stored once."""
    survey = session.exec(select(Survey).where(Survey.key == "where-i-live")).first()
    if survey is None:
        version, _ = store_survey(session, read_survey_file(SURVEY_DIR / "where-i-live.yaml"))
        session.commit()
        return version
    return session.exec(select(SurveyVersion).where(SurveyVersion.survey_id == survey.id)).first()


def codebook_version(session: Session) -> CodebookVersion:
    """The shipped care-leavers-home codebook, stored once."""
    version, _ = store_codebook(session, load_codebook(CODEBOOK_DIR / "care-leavers-home.yaml"))
    session.commit()
    return version


def _document(session: Session, respondent: Respondent, kind: str, raw: str, redacted: str,
              **fields) -> Document:
    document = Document(la_id=respondent.la_id, respondent_id=respondent.id, kind=kind,
                        title=f"{kind} of {respondent.id}", raw_ciphertext=encrypt_text(raw),
                        redacted_text=redacted, redaction_version="test",
                        content_hash=hashlib.sha256(raw.encode()).hexdigest(), **fields)
    session.add(document)
    session.flush()
    return document


def make_person(app, session: Session, marker: str, identifier: str | None = None,
                la_code: str = OWN_LA, coder=None) -> Person:
    """Store one person with everything a subject-rights test needs (see the module docstring)."""
    identifier = identifier or f"CASE-{marker}"
    with app.app_context():
        pseudonym = pseudonymise(normalise_local_id(identifier), app.config["PSEUDONYM_KEY"])
        version = survey_version(session)
        book = codebook_version(session)
        coder = coder or make_user(session, "practitioner")
        respondent = Respondent(pseudonym=pseudonym, la_id=la_id(session, la_code), cohort="care_leaver")
        session.add(respondent)
        session.flush()
        free_text = f"My flat is cold and damp, says {marker} who wants a new heater"
        response = Response(client_uuid=str(uuid.uuid4()), survey_id=version.survey_id,
                            survey_version_id=version.id, respondent_id=respondent.id,
                            la_id=respondent.la_id, content_hash=marker,
                            submitted_at=datetime.now(timezone.utc))
        session.add(response)
        session.flush()
        session.add(Answer(response_id=response.id, question_key="feel_safe_home", value=4,
                           value_number=4))
        session.add(Answer(response_id=response.id, question_key="make_it_better", value=free_text,
                           value_text=free_text))
        for purpose in ("own_support", "service_improvement", "research"):
            session.add(ConsentRecord(respondent_id=respondent.id, response_id=response.id,
                                      purpose=purpose, granted=True))
        note = (f"Visited {marker} at home with Jo Bloggs from housing. {marker} said the "
                "heating has not worked since October.")
        redacted_note = f"Visited [PERSON_1] at home with [PERSON_2]. Note {marker} heating broken."
        case_note = _document(session, respondent, "case_note", note, redacted_note)
        session.add(ConsentRecord(respondent_id=respondent.id, document_id=case_note.id,
                                  purpose="research", granted=True, source="import"))
        survey_text = _document(session, respondent, "survey_text", free_text, free_text,
                                response_id=response.id, question_key="make_it_better")
        code = session.exec(select(Code).where(Code.codebook_version_id == book.id)).first()
        excerpt = Excerpt(document_id=case_note.id, start=0, end=len(redacted_note) // 2,
                          created_by_id=coder.id)
        session.add(excerpt)
        session.flush()
        application = CodeApplication(excerpt_id=excerpt.id, code_id=code.id,
                                      codebook_version_id=book.id, source="human",
                                      coder_id=coder.id)
        session.add(application)
        run = TopicRun(purpose="research", status="done")
        session.add(run)
        session.flush()
        topic = Topic(run_id=run.id, number=0, label="heating_cold_damp", size=2,
                      representative_document_ids=[case_note.id])
        session.add(topic)
        session.flush()
        for document in (case_note, survey_text):
            session.add(DocumentTopic(document_id=document.id, topic_id=topic.id, probability=0.9))
            session.add(EmbeddingCache(content_hash=content_hash(document.redacted_text),
                                       model=MODEL, dim=2, vector=b"\x00" * 8))
        session.commit()
        return Person(identifier, pseudonym, respondent.id, response.id, case_note.id,
                      survey_text.id, excerpt.id, application.id, code.id, coder.id, run.id,
                      marker, note, free_text)
