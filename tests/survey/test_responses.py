"""store_response: validation, idempotency, conflicts, documents and concurrency."""

import threading
import uuid
from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from tests.helpers import OWN_LA, audit_events, la_id
from voice.db import get_engine
from voice.models import (Answer, ConsentRecord, Document, Response, SafeguardingFlag,
                          SurveyVersion)
from voice.responses import InvalidResponse, ResponseConflict, store_response

WHEN = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)


def store(session: Session, version: SurveyVersion, answers: dict, client_uuid: str | None = None,
          consents: dict | None = None, language: str = "en"):
    """store_response with the usual test envelope."""
    return store_response(session, survey_version=version, client_uuid=client_uuid or str(uuid.uuid4()),
                          answers=answers, consents=consents or {"own_support": True},
                          language=language, submitted_at=WHEN, la_id=la_id(session, OWN_LA),
                          area_id=None, respondent_id=None, invitation_id=None)


GOOD = {"feel_safe_home": 4, "feel_settled": "prefer_not", "home_right_for_me": "yes",
        "who_helps": ["family", "friends"], "make_it_better": "A bigger kitchen."}


def test_stores_answers_consents_and_documents(app_context, session, surveys):
    response, created = store(session, surveys["where-i-live"], GOOD)
    session.commit()
    assert created
    stored = {a.question_key: a.value for a in session.exec(
        select(Answer).where(Answer.response_id == response.id))}
    assert stored == GOOD
    consents = session.exec(select(ConsentRecord).where(ConsentRecord.response_id == response.id)).all()
    assert [(c.purpose, c.granted) for c in consents] == [("own_support", True)]
    document = session.exec(select(Document).where(Document.response_id == response.id)).one()
    assert document.kind == "survey_text" and document.question_key == "make_it_better"
    assert b"kitchen" not in document.raw_ciphertext
    assert document.redaction_version in ("redact-1", "pending")


@pytest.mark.parametrize("answers, field", [
    ({"nonsense": 1}, "nonsense"),
    ({"feel_safe_home": 9}, "feel_safe_home"),
    ({"feel_safe_home": "4"}, "feel_safe_home"),
    ({"who_helps": "family"}, "who_helps"),
    ({"who_helps": ["aliens"]}, "who_helps"),
    ({"make_it_better": "x" * 2001}, "make_it_better"),
    ({"make_it_better": 12}, "make_it_better"),
])
def test_refuses_answers_that_do_not_fit(app_context, session, surveys, answers, field):
    with pytest.raises(InvalidResponse) as caught:
        store(session, surveys["where-i-live"], answers)
    assert field in caught.value.errors
    assert session.exec(select(Response)).first() is None


def test_refuses_unknown_purpose_and_language(app_context, session, surveys):
    with pytest.raises(InvalidResponse) as caught:
        store(session, surveys["where-i-live"], GOOD, consents={"marketing": True}, language="fr")
    assert set(caught.value.errors) == {"consents.marketing", "language"}


def test_same_content_twice_stores_one_response(app_context, session, surveys):
    key = str(uuid.uuid4())
    first, created = store(session, surveys["where-i-live"], GOOD, client_uuid=key)
    again, created_again = store(session, surveys["where-i-live"], dict(GOOD), client_uuid=key)
    session.commit()
    assert created and not created_again and again.id == first.id
    assert len(session.exec(select(Response)).all()) == 1


def test_different_content_same_uuid_is_a_conflict(app_context, session, surveys):
    key = str(uuid.uuid4())
    store(session, surveys["where-i-live"], GOOD, client_uuid=key)
    session.commit()
    with pytest.raises(ResponseConflict):
        store(session, surveys["where-i-live"], {**GOOD, "feel_safe_home": 1}, client_uuid=key)


def test_safeguarding_match_flags_and_audits(app_context, session, surveys):
    answers = {**GOOD, "make_it_better": "I am scared to go home, my stepdad hits me."}
    response, _ = store(session, surveys["where-i-live"], answers)
    session.commit()
    assert response.safeguarding_flag
    rules = {f.rule for f in session.exec(select(SafeguardingFlag))}
    assert {"unsafe_at_home", "abuse"} <= rules
    events = audit_events(session, "safeguarding.flagged")
    assert len(events) == 1 and "hits" not in str(events[0].detail)


def test_harmless_text_is_not_flagged(app_context, session, surveys):
    response, _ = store(session, surveys["where-i-live"], GOOD)
    session.commit()
    assert not response.safeguarding_flag
    assert session.exec(select(SafeguardingFlag)).first() is None


def test_concurrent_identical_stores_keep_one(app, app_context, surveys, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("concurrent writers are a PostgreSQL concern; SQLite serialises them")
    key, results, barrier = str(uuid.uuid4()), [], threading.Barrier(2)
    version_id = surveys["where-i-live"].id

    def worker() -> None:
        with app.app_context(), Session(get_engine(app), expire_on_commit=False) as own:
            version = own.get(SurveyVersion, version_id)
            barrier.wait()
            response, created = store(own, version, {"feel_safe_home": 3}, client_uuid=key)
            own.commit()
            results.append((response.id, created))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({rid for rid, _ in results}) == 1
    assert sorted(created for _, created in results) == [False, True]
