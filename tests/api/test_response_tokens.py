"""PUT /api/v1/responses/<uuid> is authorised by the invitation token: 401, 403 and 410."""

from datetime import timedelta

import pytest
from sqlmodel import select

from tests.api.helpers import count_responses, make_survey, make_token, new_uuid, put, valid_body
from voice.models import Invitation, utcnow


@pytest.mark.parametrize("headers", [
    {}, {"Authorization": "Bearer "}, {"Authorization": "Basic dXNlcjpwYXNz"},
    {"Authorization": "Bearer forged-token-that-was-never-issued"},
    {"Authorization": "Bearer short"}, {"Authorization": "Bearer " + "x" * 500},
])
def test_a_missing_or_unknown_token_is_401(client, session, token, headers):
    response = client.put(f"/api/v1/responses/{new_uuid()}", json=valid_body(), headers=headers)
    assert response.status_code == 401
    assert response.get_json()["message"]
    assert count_responses(session) == 0


def test_a_token_for_another_survey_is_403(client, session, token):
    make_survey(session, "getting-ready-for-school")
    other = make_token(session, key="getting-ready-for-school")
    response = put(client, new_uuid(), valid_body(), other)
    assert response.status_code == 403
    assert count_responses(session) == 0


def expire(session, token_hash_value=None):
    invitation = session.exec(select(Invitation)).one()
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    session.add(invitation)
    session.commit()


def revoke(session):
    invitation = session.exec(select(Invitation)).one()
    invitation.revoked_at = utcnow()
    session.add(invitation)
    session.commit()


@pytest.mark.parametrize("spoil, words", [(expire, "run out of time"), (revoke, "switched off")])
def test_an_expired_or_revoked_token_is_410(client, session, token, spoil, words):
    spoil(session)
    response = put(client, new_uuid(), valid_body(), token)
    assert response.status_code == 410
    assert words in response.get_json()["message"]
    assert count_responses(session) == 0


def test_a_replay_is_acknowledged_even_after_the_link_expired(client, session, token):
    client_uuid = new_uuid()
    assert put(client, client_uuid, valid_body(), token).status_code == 201
    expire(session)
    assert put(client, client_uuid, valid_body(), token).status_code == 200
    assert put(client, new_uuid(), valid_body(), token).status_code == 410


def test_a_replay_under_another_link_is_not_a_way_in(client, session, token):
    client_uuid = new_uuid()
    assert put(client, client_uuid, valid_body(), token).status_code == 201
    single = make_token(session, mode="single")
    assert put(client, new_uuid(), valid_body(), single).status_code == 201
    # `single` is used up; a UUID stored under the other link does not reopen it.
    assert put(client, client_uuid, valid_body(), single).status_code == 410


def test_without_csrf_token_the_bearer_request_is_accepted(app, session, token):
    app.config["WTF_CSRF_ENABLED"] = True
    response = put(app.test_client(), new_uuid(), valid_body(), token)
    assert response.status_code == 201
