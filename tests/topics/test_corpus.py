"""Which documents a run reads: the corpus filter, redaction, and consent for the purpose."""

import hashlib
import uuid
from datetime import date, datetime, timezone

import pytest

from tests.helpers import OTHER_LA, OWN_LA, la_id
from voice.models import (Area, ConsentRecord, Document, Respondent, Response, Survey,
                          SurveyVersion)
from voice.topics.corpus import CorpusFilter, TopicRunError, load_corpus, parse_filter


def add_document(session, text, la=OWN_LA, kind="case_note", day=date(2025, 5, 1), **fields):
    document = Document(la_id=la_id(session, la), kind=kind, redacted_text=text,
                        redaction_version=fields.pop("redaction_version", "test"),
                        content_hash=hashlib.sha256(f"{uuid.uuid4()}".encode()).hexdigest(),
                        occurred_on=day, **fields)
    session.add(document)
    session.flush()
    return document


def consent(session, granted=True, purpose="research", **subject):
    session.add(ConsentRecord(purpose=purpose, granted=granted, **subject))
    session.flush()


def add_response(session, respondent=None):
    survey = Survey(key=f"s-{uuid.uuid4().hex[:6]}", title="Survey")
    session.add(survey)
    session.flush()
    version = SurveyVersion(survey_id=survey.id, version=1, content_hash="0" * 64)
    session.add(version)
    session.flush()
    response = Response(client_uuid=str(uuid.uuid4()), survey_id=survey.id,
                        survey_version_id=version.id, la_id=la_id(session, OWN_LA),
                        respondent_id=respondent.id if respondent else None,
                        content_hash="0" * 64, submitted_at=datetime.now(timezone.utc))
    session.add(response)
    session.flush()
    return response


def test_only_documents_whose_latest_consent_covers_the_purpose_enter(session):
    person = Respondent(pseudonym="a" * 64, la_id=la_id(session, OWN_LA))
    session.add(person)
    session.flush()
    granted = add_document(session, "granted by the document's own record")
    consent(session, document_id=granted.id)
    no_record = add_document(session, "no consent record at all")
    other_purpose = add_document(session, "consented to own support only")
    consent(session, purpose="own_support", document_id=other_purpose.id)
    withdrawn = add_document(session, "granted, then withdrawn", respondent_id=person.id)
    consent(session, document_id=withdrawn.id)
    consent(session, granted=False, respondent_id=person.id)  # the person withdraws, later
    kiosk = add_response(session)
    answer = add_document(session, "a kiosk answer", kind="survey_text", response_id=kiosk.id)
    consent(session, response_id=kiosk.id)
    pending = add_document(session, "", redaction_version="pending")
    consent(session, document_id=pending.id)
    session.commit()

    corpus = load_corpus(session, CorpusFilter(), "research")
    assert [d.id for d in corpus.documents] == [granted.id, answer.id]
    assert corpus.excluded_by_consent == 3 and corpus.not_yet_redacted == 1
    assert [d.text for d in corpus.documents][0] == "granted by the document's own record"
    only_support = load_corpus(session, CorpusFilter(), "own_support")
    assert [d.id for d in only_support.documents] == [other_purpose.id]
    with pytest.raises(TopicRunError, match="Unknown purpose 'marketing'"):
        load_corpus(session, CorpusFilter(), "marketing")


def test_the_filter_narrows_by_kind_authority_area_period_and_question(session):
    area = Area(la_id=la_id(session, OWN_LA), code="E07000084", name="Basingstoke")
    session.add(area)
    session.flush()
    docs = [add_document(session, "note in area", area_id=area.id),
            add_document(session, "note elsewhere", la=OTHER_LA),
            add_document(session, "old note", day=date(2023, 1, 1)),
            add_document(session, "answer", kind="survey_text", question_key="make_it_better"),
            add_document(session, "other answer", kind="survey_text", question_key="anything")]
    for document in docs:
        consent(session, document_id=document.id)
    session.commit()

    def texts(**given):
        corpus_filter = parse_filter(session, **given)
        return sorted(d.text for d in load_corpus(session, corpus_filter, "research").documents)

    assert texts(la_codes=["E10000014"]) == ["answer", "note in area", "old note", "other answer"]
    assert texts(la_codes=[OWN_LA], area_codes=["E07000084"]) == ["note in area"]
    assert texts(kinds=["survey_text"], question_keys=["make_it_better"]) == ["answer"]
    assert texts(start="2024-01-01", end="2025-12-31", kinds=["case_note"]) == \
        ["note elsewhere", "note in area"]
    stored = parse_filter(session, la_codes=[OWN_LA], start="2024-01-01")
    assert CorpusFilter.from_dict(stored.to_dict()) == stored


@pytest.mark.parametrize("given, message", [
    ({"kinds": ["diary"]}, "Unknown document kind 'diary'"),
    ({"la_codes": ["999"]}, "Authority: there is no local authority with the code '999'"),
    ({"area_codes": ["nowhere"]}, "Area: there is no area with the code 'nowhere'"),
    ({"start": "01/02/2025"}, "Period start: '01/02/2025' is not a date"),
    ({"start": "2025-06-01", "end": "2025-01-01"}, "starts (2025-06-01) after it ends"),
])
def test_a_bad_filter_names_the_field(session, given, message):
    with pytest.raises(TopicRunError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_filter(session, **given)
