"""PUT /api/v1/responses/<uuid>: 201 new, 200 again, 409 different, 400 with reasons; stored state."""

from datetime import timedelta

import pytest
from sqlmodel import select

from tests.api.helpers import (count_answers, count_responses, make_survey, make_token, new_uuid,
                               put, valid_body)
from tests.helpers import OWN_LA, la_id
from voice.invitations import create_invitation
from voice.models import ConsentRecord, Invitation, Response, utcnow


def test_a_new_response_is_stored_and_acknowledged_201(client, session, token):
    client_uuid = new_uuid()
    response = put(client, client_uuid, valid_body(), token)
    assert response.status_code == 201
    assert response.get_json() == {"client_uuid": client_uuid, "status": "created"}
    stored = session.exec(select(Response)).one()
    assert stored.client_uuid == client_uuid
    assert stored.language == "en"
    assert stored.submitted_at.isoformat().startswith("2026-11-25T10:30:00")
    assert count_answers(session) == 3
    consents = {c.purpose: c.granted for c in session.exec(select(ConsentRecord))}
    assert consents == {"own_support": True, "service_improvement": True, "research": False}


def test_the_same_content_again_is_200_and_stores_nothing_more(client, session, token):
    client_uuid = new_uuid()
    assert put(client, client_uuid, valid_body(), token).status_code == 201
    # A replay may carry a later submitted_at (the device re-stamped it): same content.
    again = put(client, client_uuid, valid_body(submitted_at="2026-11-25T11:00:00+01:00"), token)
    assert again.status_code == 200
    assert again.get_json()["status"] == "already_stored"
    assert count_responses(session) == 1
    assert count_answers(session) == 3


def test_different_content_under_the_same_uuid_is_409(client, session, token):
    client_uuid = new_uuid()
    assert put(client, client_uuid, valid_body(), token).status_code == 201
    changed = valid_body(answers={"feel_safe_home": 1})
    response = put(client, client_uuid, changed, token)
    assert response.status_code == 409
    assert response.get_json()["message"]
    assert session.exec(select(Response)).one().client_uuid == client_uuid
    assert count_answers(session) == 3


def test_the_uuid_is_canonicalised_so_case_does_not_make_a_second_response(client, session, token):
    client_uuid = new_uuid()
    assert put(client, client_uuid.upper(), valid_body(), token).status_code == 201
    assert put(client, client_uuid, valid_body(), token).status_code == 200
    assert count_responses(session) == 1


def test_the_token_may_come_in_the_body(client, session, token):
    response = put(client, new_uuid(), valid_body(token=token))
    assert response.status_code == 201


def test_a_single_use_link_is_used_once_and_a_replay_still_gets_200(client, session):
    make_survey(session)
    single = make_token(session, mode="single")
    first = new_uuid()
    assert put(client, first, valid_body(), single).status_code == 201
    assert put(client, first, valid_body(), single).status_code == 200
    assert put(client, first, valid_body(answers={"feel_settled": 1}), single).status_code == 409
    another = put(client, new_uuid(), valid_body(), single)
    assert another.status_code == 410
    assert "already been used" in another.get_json()["message"]
    assert count_responses(session) == 1
    assert session.exec(select(Invitation)).one().uses_count == 1


@pytest.mark.parametrize("body, field", [
    (valid_body(answers={"no_such_question": "x"}), "no_such_question"),
    (valid_body(answers={"feel_safe_home": 9}), "feel_safe_home"),
    (valid_body(answers={"feel_safe_home": True}), "feel_safe_home"),
    (valid_body(answers={"who_helps": "friends"}), "who_helps"),
    (valid_body(answers={"who_helps": ["aliens"]}), "who_helps"),
    (valid_body(answers={"make_it_better": "x" * 20_000}), "make_it_better"),
    (valid_body(answers=["not", "an", "object"]), "answers"),
    (valid_body(answers={"make_it_better": "nul \x00 inside"}), "make_it_better"),
    (valid_body(answers={"who_helps": ["family", "a\x00"]}), "who_helps"),
    (valid_body(answers={"feel_safe_home": float("nan")}), "feel_safe_home"),
    (valid_body(answers={"feel_safe_home": float("inf")}), "feel_safe_home"),
    (valid_body(answers={"feel_safe_home": 2**70}), "feel_safe_home"),
    (valid_body(survey_version=2**70), "survey_version"),
    (valid_body(consents={"marketing": True}), "consents.marketing"),
    (valid_body(consents={"research": "yes"}), "consents.research"),
    (valid_body(language="fr"), "language"),
    (valid_body(submitted_at="yesterday"), "submitted_at"),
    (valid_body(submitted_at="2026-11-25T10:30:00"), "submitted_at"),
    (valid_body(survey_version=0), "survey_version"),
    (valid_body(survey_version=True), "survey_version"),
    (valid_body(survey_version=7), "survey_version"),
    (valid_body(survey_key=""), "survey_key"),
    (valid_body(extra=1), "extra"),
])
def test_an_invalid_body_is_400_with_a_message_for_the_field(client, session, token, body, field):
    response = put(client, new_uuid(), body, token)
    assert response.status_code == 400
    payload = response.get_json()
    assert payload["error"]
    assert payload["errors"][field]
    assert count_responses(session) == 0


def test_every_wrong_field_is_reported_at_once(client, token):
    body = valid_body(survey_version="1", submitted_at=None, answers=None, colour="blue")
    errors = put(client, new_uuid(), body, token).get_json()["errors"]
    assert set(errors) == {"survey_version", "submitted_at", "answers", "colour"}


@pytest.mark.parametrize("raw", ["not-a-uuid", "1234", "3f2b8a9e1c4d4e5f8a6b7c8d9e0f1a2b",
                                 "{3f2b8a9e-1c4d-4e5f-8a6b-7c8d9e0f1a2b}",
                                 "3f2b8a9e-1c4d-4e5f-8a6b-7c8d9e0f1a2g"])
def test_a_path_that_is_not_a_uuid_is_400(client, session, token, raw):
    response = put(client, raw, valid_body(), token)
    assert response.status_code == 400
    assert "client_uuid" in response.get_json()["errors"]
    assert count_responses(session) == 0


@pytest.mark.parametrize("data, content_type", [
    (b"", "application/json"), (b"{not json", "application/json"), (b"[1, 2]", "application/json"),
    (b"survey_key=where-i-live", "application/x-www-form-urlencoded"), (b"\xff\xfe", "text/plain"),
])
def test_a_body_that_is_not_a_json_object_is_400(client, token, data, content_type):
    response = client.put(f"/api/v1/responses/{new_uuid()}", data=data, content_type=content_type,
                          headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 400
    assert "body" in response.get_json()["errors"]


def test_a_body_over_the_limit_is_413_and_nothing_is_stored(client, session, token):
    body = valid_body(answers={"make_it_better": "x" * 300_000})
    response = put(client, new_uuid(), body, token)
    assert response.status_code == 413
    assert response.is_json
    assert count_responses(session) == 0


@pytest.mark.parametrize("mode, uses", [("kiosk", None), ("reusable", None), ("reusable", 5),
                                        ("single", 1)])
def test_the_response_takes_the_links_authority_and_respondent(app, client, session, mode, uses):
    # Kiosk and unlimited links are stored by one statement that reads the invitation on
    # PostgreSQL; counted links the careful way. Both must record the same things.
    make_survey(session)
    with app.app_context():
        _, token = create_invitation(session, "where-i-live", mode, uses, None,
                                     la_id(session, OWN_LA), None, None,
                                     respondent_identifier=None if mode == "kiosk" else "CL-4417")
        session.commit()
    assert put(client, new_uuid(), valid_body(), token).status_code == 201
    session.expire_all()
    invitation = session.exec(select(Invitation)).one()
    stored = session.exec(select(Response)).one()
    assert (stored.invitation_id, stored.la_id, stored.respondent_id) == (
        invitation.id, invitation.la_id, invitation.respondent_id)
    assert (invitation.respondent_id is None) == (mode == "kiosk")
    consents = session.exec(select(ConsentRecord)).all()
    assert {c.respondent_id for c in consents} == {invitation.respondent_id}
    assert {c.response_id for c in consents} == {stored.id}
    assert invitation.uses_count == (0 if uses is None else 1)
