"""Storing a response fast without losing a guarantee: values the database cannot hold, the
per-process version cache, link counting, and free text redacted after the commit."""

import json
import math
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from tests.api.helpers import count_responses, make_token, new_uuid, put, valid_body
from tests.helpers import OWN_LA, la_id
from voice.jobs import run_job
from voice.models import Document, Invitation, Job, SurveyVersion
from voice.published_versions import version_by_id, version_by_number
from voice.responses import InvalidResponse, store_response, unstorable
from voice.survey_text_redaction import KIND

WHEN = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)
WHEN_TEXT = "I would like a quieter flat. Call me on 07700 900123."


@pytest.mark.parametrize("value, words", [
    ("a\x00b", "NUL"), (["family", "fri\x00ends"], "NUL"), (math.nan, "NaN"),
    (math.inf, "Infinity"), (-math.inf, "Infinity"), (2**60, "too big"),
])
def test_unstorable_values_are_named(value, words):
    assert words in unstorable(value)


@pytest.mark.parametrize("answers, field", [
    ({"make_it_better": "nul \x00 here"}, "make_it_better"),
    ({"feel_safe_home": math.nan}, "feel_safe_home"),
    ({"feel_safe_home": math.inf}, "feel_safe_home"),
    ({"who_helps": ["family\x00"]}, "who_helps"),
])
def test_store_response_itself_refuses_nul_and_non_finite_numbers(app_context, session, token,
                                                                  answers, field):
    version = session.exec(select(SurveyVersion)).one()
    with pytest.raises(InvalidResponse) as caught:
        store_response(session, survey_version=version, client_uuid=new_uuid(), answers=answers,
                       consents={}, language="en", submitted_at=WHEN,
                       la_id=la_id(session, OWN_LA), area_id=None, respondent_id=None,
                       invitation_id=None)
    assert set(caught.value.errors) == {field}
    assert count_responses(session) == 0


def test_the_api_names_a_nan_answer_and_stores_nothing(client, session, token):
    text = json.dumps(valid_body()).replace('"feel_safe_home": 4', '"feel_safe_home": NaN')
    raw = put(client, new_uuid(), None, token, data=text, content_type="application/json")
    assert raw.status_code == 400 and "feel_safe_home" in raw.get_json()["errors"]
    assert count_responses(session) == 0


def test_versions_are_cached_per_database_and_misses_are_not(app_context, session, token):
    stored = session.exec(select(SurveyVersion)).one()
    first = version_by_number(session, stored.survey_id, 1)
    assert first is version_by_number(session, stored.survey_id, 1) is version_by_id(session, stored.id)
    assert first.survey_key == "where-i-live" and "make_it_better" in first.text_keys
    assert version_by_number(session, stored.survey_id, 2) is None
    with pytest.raises(LookupError):
        version_by_id(session, stored.id + 100)


def test_unlimited_links_are_not_counted_and_limited_ones_are(client, session, token):
    assert put(client, new_uuid(), valid_body(), token).status_code == 201
    limited = make_token(session, "reusable", uses=2)
    for _ in range(2):
        assert put(client, new_uuid(), valid_body(), limited).status_code == 201
    assert put(client, new_uuid(), valid_body(), limited).status_code == 410
    session.expire_all()
    counts = {i.uses_allowed: i.uses_count for i in session.exec(select(Invitation))}
    assert counts == {None: 0, 2: 2}
    assert count_responses(session) == 3


def test_free_text_is_encrypted_flagged_and_redacted_by_a_job_after_the_commit(app, client,
                                                                              session, token):
    answers = {**valid_body()["answers"], "make_it_better": WHEN_TEXT}
    assert put(client, new_uuid(), valid_body(answers=answers), token).status_code == 201
    document = session.exec(select(Document)).one()
    assert document.redaction_version == "pending" and document.redacted_text == ""
    assert b"quieter" not in document.raw_ciphertext
    jobs = session.exec(select(Job).where(Job.kind == KIND)).all()
    assert [job.state for job in jobs] == ["queued"]
    # A second response while that job still waits queues no other job: the run takes both.
    assert put(client, new_uuid(), valid_body(answers=answers), token).status_code == 201
    session.expire_all()
    assert len(session.exec(select(Job).where(Job.kind == KIND)).all()) == 1
    app.config["REDACT_WITH_NER"] = False  # the phone pattern is enough to see it work
    run_job(app, jobs[0].id)
    session.expire_all()
    documents = session.exec(select(Document)).all()
    assert len(documents) == 2
    for document in documents:
        assert document.redaction_version.startswith("redact-1")
        assert "quieter flat" in document.redacted_text and "07700" not in document.redacted_text
    assert session.get(Job, jobs[0].id).result == {"redacted": 2}


def test_a_refused_response_queues_no_redaction(client, session, token):
    answers = {**valid_body()["answers"], "make_it_better": WHEN_TEXT, "feel_safe_home": 99}
    assert put(client, new_uuid(), valid_body(answers=answers), token).status_code == 400
    assert session.exec(select(Job)).first() is None
    assert session.exec(select(Document)).first() is None
