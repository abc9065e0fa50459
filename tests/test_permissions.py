"""The permission table and authority scoping (voice/permissions.py), below the HTTP layer."""

from types import SimpleNamespace

import pytest
from flask_login import AnonymousUserMixin
from sqlmodel import select

from tests.helpers import OTHER_LA, OWN_LA, audit_events, la_id, login, make_user
from voice.auth import account_for
from voice.models import Document, Job
from voice.permissions import (PERMISSIONS, UnknownAction, allowed_actions, can, may_see,
                               requires, scope_to_authorities)


def staff(role: str) -> SimpleNamespace:
    return SimpleNamespace(is_authenticated=True, role=role, id=1, authority_ids=frozenset())


def test_researchers_never_get_raw_text():
    assert not can(staff("researcher"), "documents.read_raw")
    assert can(staff("researcher"), "documents.read_redacted")


def test_raw_text_is_for_practitioners_only():
    assert PERMISSIONS["documents.read_raw"] == {"practitioner"}


def test_anonymous_can_do_nothing():
    assert allowed_actions(AnonymousUserMixin()) == []


def test_admin_can_do_everything_but_read_raw_text():
    assert set(allowed_actions(staff("admin"))) == set(PERMISSIONS) - {"documents.read_raw"}


def test_a_misspelt_action_fails_when_the_view_is_defined():
    with pytest.raises(UnknownAction):
        requires("documents.raed")


def add_documents(session) -> tuple[int, int]:
    own, other = la_id(session, OWN_LA), la_id(session, OTHER_LA)
    session.add_all([Document(la_id=own, kind="case_note", content_hash="a"),
                     Document(la_id=other, kind="case_note", content_hash="b")])
    session.commit()
    return own, other


@pytest.mark.parametrize("role, codes, expected", [
    ("practitioner", (OWN_LA,), {OWN_LA}),
    ("researcher", (OWN_LA, OTHER_LA), {OWN_LA, OTHER_LA}),
    ("researcher", (), set()),
    ("admin", (), {OWN_LA, OTHER_LA}),
])
def test_scope_to_authorities(app, session, role, codes, expected):
    own, other = add_documents(session)
    account = account_for(session, make_user(session, role, la_codes=codes))
    with app.test_request_context():
        query = scope_to_authorities(select(Document.la_id), Document, account)
        seen = set(session.exec(query).all())
    assert seen == {{OWN_LA: own, OTHER_LA: other}[code] for code in expected}


def test_a_row_created_by_the_user_is_visible_without_an_authority(app, session):
    user = make_user(session, "researcher", la_codes=(OWN_LA,))
    account = account_for(session, user)
    with app.test_request_context():
        assert may_see(Job(kind="x", la_id=None, created_by_id=user.id), account)
        assert not may_see(Job(kind="x", la_id=None, created_by_id=None), account)
        assert not may_see(Job(kind="x", la_id=la_id(session, OTHER_LA)), account)


def test_another_authoritys_job_is_hidden_and_the_refusal_audited(client, session):
    job = Job(kind="sample", la_id=la_id(session, OTHER_LA))
    session.add(job)
    session.commit()
    user = make_user(session, "practitioner", la_codes=(OWN_LA,))
    login(client, user)
    response = client.get(f"/api/v1/jobs/{job.id}")
    assert response.status_code == 404 and response.is_json
    [event] = audit_events(session, "access.denied")
    assert event.actor_id == user.id and event.outcome == "denied"
    assert (event.object_type, event.object_id) == ("job", str(job.id))
    assert event.detail["reason"] == "other_authority"
