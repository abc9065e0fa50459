"""Staff accounts: the service rules (voice/users.py), the CLI and the admin user pages."""

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from tests.helpers import PASSWORD, audit_events, form_token, la_id, login, make_user
from voice.models import User, UserAuthority, utcnow
from voice.passwords import verify_password
from voice.users_cli import users_cli
from voice.users import (UserError, authority_codes, create_user, normalise_email,
                         user_for_setup_token)


def stored_user(session, email: str) -> User | None:
    session.expire_all()
    return session.exec(select(User).where(User.email == email)).first()


@pytest.mark.parametrize("raw, expected", [
    ("  Someone@Example.ORG ", "someone@example.org"),
    ("a.b+tag@council.gov.uk", "a.b+tag@council.gov.uk"),
])
def test_emails_are_normalised(raw, expected):
    assert normalise_email(raw) == expected


@pytest.mark.parametrize("email, role, codes, password, message", [
    ("", "practitioner", ["850"], None, "Enter an email address"),
    ("no-at-sign", "practitioner", ["850"], None, "correct format"),
    ("a@example.org", "superuser", ["850"], None, "Select a role"),
    ("a@example.org", "practitioner", ["999"], None, "No local authority has the code 999"),
    ("a@example.org", "researcher", [], None, "at least one local authority"),
    ("a@example.org", "admin", [], "short", "12 characters or more"),
    ("a@example.org", "admin", [], "a@example.org", "must not be your email address"),
])
def test_create_user_refuses_bad_input_with_a_message(app, session, email, role, codes, password,
                                                      message):
    with app.app_context(), pytest.raises(UserError, match=message):
        create_user(session, email, role, codes, password)
    session.rollback()
    assert session.exec(select(User)).all() == []


def test_create_user_refuses_a_second_account_for_one_email(app, session):
    make_user(session, email="taken@example.org")
    with app.app_context(), pytest.raises(UserError, match="already exists"):
        create_user(session, "Taken@example.org", "admin", [], PASSWORD)


def test_create_user_with_a_password(app, session):
    with app.app_context():
        user, token = create_user(session, "pa@example.org", "practitioner", ["850", "354"], PASSWORD)
    session.commit()
    assert token is None
    stored = stored_user(session, "pa@example.org")
    assert verify_password(stored.password_hash, PASSWORD) and stored.setup_token_hash is None
    assert authority_codes(session, user.id) == ["354", "850"]
    [event] = audit_events(session, "users.create")
    assert event.object_id == str(user.id)
    assert event.detail["role"] == "practitioner" and event.detail["la_codes"] == ["354", "850"]
    assert "pa@example.org" not in repr(event.model_dump())


def test_create_user_without_a_password_gives_a_one_time_token(app, session):
    with app.app_context():
        user, token = create_user(session, "new@example.org", "researcher", ["850"])
    session.commit()
    stored = stored_user(session, "new@example.org")
    assert token and stored.password_hash is None
    assert stored.setup_token_hash != token and len(stored.setup_token_hash) == 64  # only a hash
    assert user_for_setup_token(session, token).id == user.id
    assert user_for_setup_token(session, token + "x") is None
    stored.setup_expires_at = utcnow() - timedelta(seconds=1)
    assert user_for_setup_token(session, token) is None


def test_cli_creates_an_account_from_a_password_on_stdin(runner, session):
    result = runner.invoke(users_cli, ["create", "cli@example.org", "--role", "practitioner",
                                 "--la", "850", "--la", "354", "--password-stdin"],
                           input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "/setup/" not in result.output
    stored = stored_user(session, "cli@example.org")
    assert verify_password(stored.password_hash, PASSWORD)
    assert authority_codes(session, stored.id) == ["354", "850"]
    assert len(audit_events(session, "users.create")) == 1


def test_cli_prints_a_set_up_link_without_a_password(runner, session, client):
    result = runner.invoke(users_cli, ["create", "link@example.org", "--role", "admin"])
    assert result.exit_code == 0, result.output
    link = re.search(r"https?://\S+/setup/(\S+)", result.output)
    assert link, result.output
    assert client.get(f"/setup/{link.group(1)}").status_code == 200


def test_cli_refuses_an_unknown_authority_and_creates_nothing(runner, session):
    result = runner.invoke(users_cli, ["create", "x@example.org", "--role", "researcher",
                                 "--la", "999"])
    assert result.exit_code != 0
    assert "No local authority has the code 999" in result.output
    assert stored_user(session, "x@example.org") is None
    assert audit_events(session) == []


def test_cli_lists_accounts(runner, session):
    make_user(session, "researcher", la_codes=("850",), email="r@example.org")
    result = runner.invoke(users_cli, ["list"])
    assert result.exit_code == 0
    assert "r@example.org\tresearcher\t850\tactive" in result.output


def test_admin_lists_users(client, session):
    admin = make_user(session, "admin", la_codes=(), email="boss@example.org")
    make_user(session, "practitioner", la_codes=("850",), email="pa@example.org")
    login(client, admin)
    html = client.get("/admin/users").get_data(as_text=True)
    assert "boss@example.org" in html and "pa@example.org" in html and "850" in html


def test_admin_adds_a_user_and_sees_the_link_once(client, session):
    admin = make_user(session, "admin", la_codes=())
    login(client, admin)
    response = client.post("/admin/users/new", data={
        "email": "Added@Example.org", "role": "practitioner", "la_codes": "850, 354",
        "csrf_token": form_token(client, "/admin/users/new")})
    assert response.status_code == 201
    token = re.search(r"/setup/([A-Za-z0-9_-]+)", response.get_data(as_text=True)).group(1)
    stored = stored_user(session, "added@example.org")
    assert user_for_setup_token(session, token).id == stored.id
    assert authority_codes(session, stored.id) == ["354", "850"]
    [event] = audit_events(session, "users.create")
    assert event.actor_id == admin.id


def test_admin_add_user_form_shows_what_to_fix(client, session):
    login(client, make_user(session, "admin", la_codes=()))
    response = client.post("/admin/users/new", data={
        "email": "someone@example.org", "role": "researcher", "la_codes": "",
        "csrf_token": form_token(client, "/admin/users/new")})
    assert response.status_code == 400
    assert "at least one local authority" in response.get_data(as_text=True)
    assert stored_user(session, "someone@example.org") is None


def test_a_new_set_up_link_unlocks_the_account(client, session):
    admin = make_user(session, "admin", la_codes=())
    locked = make_user(session, locked_until=utcnow() + timedelta(minutes=10), failed_logins=3)
    login(client, admin)
    response = client.post(f"/admin/users/{locked.id}/setup-link",
                           data={"csrf_token": form_token(client, "/admin/users")})
    assert response.status_code == 200
    stored = stored_user(session, locked.email)
    assert stored.locked_until is None and stored.failed_logins == 0 and stored.setup_token_hash
    [event] = audit_events(session, "users.setup_link")
    assert event.object_id == str(locked.id) and event.actor_id == admin.id


def test_a_practitioner_cannot_add_users(client, session):
    login(client, make_user(session))
    response = client.post("/admin/users/new", data={
        "email": "x@example.org", "role": "admin", "csrf_token": form_token(client, "/practice/")})
    assert response.status_code == 403
    assert stored_user(session, "x@example.org") is None
    [event] = audit_events(session, "access.denied")
    assert event.detail["reason"] == "role_not_allowed"


def test_user_authority_links_are_stored(session):
    user = make_user(session, la_codes=("850", "354"))
    links = session.exec(select(UserAuthority.la_id).where(UserAuthority.user_id == user.id)).all()
    assert sorted(links) == sorted([la_id(session, "850"), la_id(session, "354")])
