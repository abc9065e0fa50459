"""The data model on both databases: reference data, constraints and JSON round trips."""

import uuid

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from voice.models import (Answer, Area, Document, LocalAuthority, Respondent, Response, Survey,
                          SurveyVersion, utcnow)


def make_survey(session, key="where-i-live") -> SurveyVersion:
    """A survey with one published version."""
    survey = Survey(key=key, title="Where I live")
    session.add(survey)
    session.flush()
    version = SurveyVersion(survey_id=survey.id, version=1, content_hash="0" * 64,
                            definition={"questions": [{"key": "feel_safe_home"}]})
    session.add(version)
    session.flush()
    return version


def la(session, code: str) -> LocalAuthority:
    return session.exec(select(LocalAuthority).where(LocalAuthority.old_la_code == code)).one()


def test_dfe_local_authorities_are_loaded_with_their_codes(session):
    assert la(session, "850").new_la_code == "E10000014"
    assert la(session, "850").name == "Hampshire"
    assert la(session, "353").region_name == "North West"
    assert len(session.exec(select(LocalAuthority)).all()) >= 150


def test_a_response_uuid_is_unique_within_its_survey(session):
    version = make_survey(session)
    oldham = la(session, "353")
    client_uuid = str(uuid.uuid4())
    for _ in range(2):
        session.add(Response(client_uuid=client_uuid, survey_id=version.survey_id,
                             survey_version_id=version.id, la_id=oldham.id,
                             content_hash="a" * 64, submitted_at=utcnow()))
    with pytest.raises(IntegrityError):
        session.flush()


def test_answers_keep_their_json_value_and_countable_forms(session):
    version = make_survey(session)
    response = Response(client_uuid=str(uuid.uuid4()), survey_id=version.survey_id,
                        survey_version_id=version.id, la_id=la(session, "354").id,
                        content_hash="b" * 64, submitted_at=utcnow())
    session.add(response)
    session.flush()
    session.add(Answer(response_id=response.id, question_key="who_helps",
                       value=["personal_adviser", "friends"]))
    session.add(Answer(response_id=response.id, question_key="feel_safe_home", value=4,
                       value_number=4))
    session.commit()
    stored = {a.question_key: a for a in session.exec(select(Answer)).all()}
    assert stored["who_helps"].value == ["personal_adviser", "friends"]
    assert stored["feel_safe_home"].value_number == 4
    assert stored["feel_safe_home"].value == 4


def test_timestamps_come_back_as_aware_utc(session):
    version = make_survey(session)
    session.commit()
    session.expire_all()
    assert session.get(SurveyVersion, version.id).published_at.utcoffset().total_seconds() == 0


def test_area_codes_are_unique_within_an_authority(session):
    oldham = la(session, "353")
    session.add(Area(la_id=oldham.id, code="353-CHA", name="Chadderton"))
    session.add(Area(la_id=oldham.id, code="353-CHA", name="Chadderton again"))
    with pytest.raises(IntegrityError):
        session.flush()


def test_a_document_is_stored_once_per_content_hash_in_an_authority(session):
    oldham = la(session, "353")
    for _ in range(2):
        session.add(Document(la_id=oldham.id, kind="case_note", content_hash="c" * 64,
                             raw_ciphertext=b"...", redacted_text="[PERSON_1] said..."))
    with pytest.raises(IntegrityError):
        session.flush()


def test_respondents_are_known_only_by_pseudonym(session):
    columns = set(Respondent.model_fields)
    assert "pseudonym" in columns
    assert not columns & {"nhs_number", "identifier", "name", "date_of_birth"}
