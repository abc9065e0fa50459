"""Signing in and out, lock-out, idle sessions, password change and set-up links (voice/auth.py)."""

import time
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.sessions import SecureCookieSessionInterface

from tests.helpers import (PASSWORD, audit_events, form_token, la_id, login, make_user, sign_in)
from voice.auth import LAST_ACTIVE
from voice.models import User, utcnow
from voice.passwords import needs_rehash, verify_password
from voice.users import create_user, email_fingerprint
from voice.web.auth import safe_next

NEW_PASSWORD = "a different long passphrase"


def reload(session, user: User) -> User:
    """The user as stored now."""
    session.expire_all()
    return session.get(User, user.id)


def test_sign_in_page_uses_govuk_fields(client):
    html = client.get("/login").get_data(as_text=True)
    assert 'name="email"' in html and 'name="password"' in html
    assert "govuk-input" in html and "Sign in" in html


def test_an_empty_form_says_what_to_enter(client):
    response = client.post("/login", data={"csrf_token": form_token(client)})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in html
    assert "Enter your email address" in html and "Enter your password" in html


def test_a_malformed_email_is_refused(client):
    response = sign_in(client, "not-an-email")
    assert response.status_code == 400
    assert "Enter an email address in the correct format" in response.get_data(as_text=True)


def test_signing_in_lands_in_the_role_area(client, session):
    user = make_user(session, "researcher")
    response = sign_in(client, user.email.upper())  # emails are matched without case
    assert response.status_code == 302
    assert response.headers["Location"] == "/research/"
    assert client.get("/research/").status_code == 200
    stored = reload(session, user)
    assert stored.last_login_at is not None and stored.failed_logins == 0
    [event] = audit_events(session, "auth.sign_in")
    assert (event.outcome, event.actor_id, event.actor_role) == ("ok", user.id, "researcher")


def test_sign_in_returns_to_a_same_site_next_page(client, session):
    user = make_user(session, "admin", la_codes=())
    response = sign_in(client, user.email, next_url="/admin/users")
    assert response.headers["Location"] == "/admin/users"


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil", "admin", ""])
def test_next_never_leaves_the_site(target):
    assert safe_next(target) is None


def test_a_wrong_password_is_refused_counted_and_audited(client, session):
    user = make_user(session)
    response = sign_in(client, user.email, "wrong password here")
    assert response.status_code == 401
    assert "Enter a correct email address and password" in response.get_data(as_text=True)
    assert reload(session, user).failed_logins == 1
    [event] = audit_events(session, "auth.sign_in")
    assert (event.outcome, event.detail["reason"], event.actor_id) == ("denied", "wrong_password", user.id)
    assert client.get("/practice/").status_code == 302  # still signed out


def test_an_unknown_email_gets_the_same_answer_and_no_address_is_stored(app, client, session):
    response = sign_in(client, "Nobody@Example.org")
    assert response.status_code == 401
    assert "Enter a correct email address and password" in response.get_data(as_text=True)
    [event] = audit_events(session, "auth.sign_in")
    assert event.outcome == "denied" and event.actor_id is None
    with app.app_context():
        expected = email_fingerprint("nobody@example.org")
    assert event.detail == {"reason": "unknown_account", "account_hash": expected}
    assert "nobody" not in repr(event.model_dump()).lower()


def test_repeated_failures_lock_the_account_and_say_until_when(app, client, session):
    app.config["LOGIN_MAX_FAILURES"] = 3
    user = make_user(session)
    for _ in range(2):
        assert sign_in(client, user.email, "wrong password here").status_code == 401
    response = sign_in(client, user.email, "wrong password here")
    html = response.get_data(as_text=True)
    assert response.status_code == 401
    assert "This account is locked" in html and "Try again after" in html and "(UK time)" in html
    stored = reload(session, user)
    assert stored.locked_until is not None and stored.locked_until > utcnow()
    # While locked, even the right password is refused, and that is audited too.
    assert sign_in(client, user.email).status_code == 401
    assert client.get("/practice/").status_code == 302
    assert [e.detail.get("reason") for e in audit_events(session, "auth.sign_in")][-1] == "locked"
    [lock] = audit_events(session, "auth.lock")
    assert lock.object_id == str(user.id)


def test_an_expired_lock_lets_the_right_password_in(client, session):
    user = make_user(session, locked_until=utcnow() - timedelta(minutes=1))
    assert sign_in(client, user.email).status_code == 302
    assert reload(session, user).locked_until is None


def test_an_old_hash_is_upgraded_on_sign_in(client, session):
    weak = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)
    user = make_user(session)
    user.password_hash = weak
    session.add(user)
    session.commit()
    assert sign_in(client, user.email).status_code == 302
    stored = reload(session, user).password_hash
    assert stored != weak and not needs_rehash(stored) and verify_password(stored, PASSWORD)


def test_demo_accounts_sign_in_only_in_demo_mode(app, client, session):
    user = make_user(session, is_demo=True)
    assert sign_in(client, user.email).status_code == 401
    assert audit_events(session, "auth.sign_in")[-1].detail["reason"] == "demo_account_outside_demo"
    app.config["MODE"] = "demo"
    assert sign_in(client, user.email).status_code == 302
    assert client.get("/practice/").status_code == 200
    app.config["MODE"] = "test"  # a demo session does not survive outside the demo
    assert client.get("/practice/").status_code == 302


def test_a_deactivated_account_cannot_sign_in(client, session):
    user = make_user(session, is_active=False)
    assert sign_in(client, user.email).status_code == 401


def test_signing_out_is_a_post_and_is_audited(client, session):
    user = make_user(session)
    login(client, user)
    assert client.get("/logout").status_code == 405
    response = client.post("/logout", data={"csrf_token": form_token(client, "/practice/")})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert client.get("/practice/").status_code == 302
    [event] = audit_events(session, "auth.sign_out")
    assert event.actor_id == user.id


def test_an_idle_session_ends_and_is_audited(app, client, session):
    user = make_user(session)
    login(client, user)
    assert client.get("/practice/").status_code == 200
    idle = 60 * app.config["SESSION_IDLE_MINUTES"] + 1
    with client.session_transaction() as flask_session:
        flask_session[LAST_ACTIVE] = int(time.time()) - idle
    response = client.get("/practice/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert "not done anything for a while" in client.get("/login").get_data(as_text=True)
    [event] = audit_events(session, "auth.session_expired")
    assert event.actor_id == user.id


def test_session_cookie_flags(app, client, session):
    user = make_user(session)
    cookie = sign_in(client, user.email).headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert app.permanent_session_lifetime == timedelta(minutes=app.config["SESSION_IDLE_MINUTES"])


def test_session_cookie_is_secure_in_production(monkeypatch, tmp_path):
    from voice import create_app

    for key in ("SECRET_KEY", "PSEUDONYM_KEY", "DATA_KEY", "AUDIT_KEY"):
        monkeypatch.setenv(key, "x" * 44)
    monkeypatch.delenv("SEEN_HEARD_MODE", raising=False)
    prod = create_app({"INSTANCE_PATH": str(tmp_path),
                       "SQLALCHEMY_DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3"})
    assert prod.config["SESSION_COOKIE_SECURE"] is True
    assert prod.config["SESSION_COOKIE_HTTPONLY"] is True


def forged_cookie(payload: dict) -> str:
    """A session cookie signed with a key the app does not have."""
    other = Flask("forger")
    other.secret_key = "not the app's key"
    return SecureCookieSessionInterface().get_signing_serializer(other).dumps(payload)


@pytest.mark.parametrize("cookie", ["garbage", "forged"])
def test_a_forged_session_is_signed_out(client, session, cookie):
    user = make_user(session, "admin", la_codes=())
    value = "garbage" if cookie == "garbage" else forged_cookie(
        {"_user_id": f"{user.id}.x", "_fresh": True, LAST_ACTIVE: int(time.time())})
    client.set_cookie("session", value)
    response = client.get("/admin/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    api = client.get("/api/v1/jobs/1")
    assert api.status_code == 401 and api.json["status"] == 401
    reasons = [e.detail["reason"] for e in audit_events(session, "access.denied")]
    assert reasons == ["not_signed_in", "not_signed_in"]


def test_a_password_change_elsewhere_ends_this_session(client, session):
    user = make_user(session)
    login(client, user)
    assert client.get("/practice/").status_code == 200
    stored = reload(session, user)
    stored.password_hash = PasswordHasher().hash(NEW_PASSWORD)
    session.add(stored)
    session.commit()
    assert client.get("/practice/").status_code == 302


def change_password(client, current: str, new: str, confirm: str | None = None):
    data = {"current_password": current, "new_password": new,
            "confirm_password": new if confirm is None else confirm,
            "csrf_token": form_token(client, "/account/password")}
    return client.post("/account/password", data=data)


def test_changing_a_password(client, session):
    user = make_user(session)
    login(client, user)
    response = change_password(client, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302
    assert verify_password(reload(session, user).password_hash, NEW_PASSWORD)
    assert client.get("/practice/").status_code == 200  # this session carries on
    [event] = audit_events(session, "auth.password_change")
    assert event.outcome == "ok" and event.actor_id == user.id


@pytest.mark.parametrize("current, new, confirm, message", [
    ("not my password!!", NEW_PASSWORD, None, "Your current password is not correct"),
    (PASSWORD, "short", None, "Password must be 12 characters or more"),
    (PASSWORD, NEW_PASSWORD, "something else entirely", "The passwords do not match"),
])
def test_a_refused_password_change_keeps_the_old_password(client, session, current, new, confirm,
                                                         message):
    user = make_user(session)
    login(client, user)
    response = change_password(client, current, new, confirm)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert verify_password(reload(session, user).password_hash, PASSWORD)


def test_a_wrong_current_password_is_audited(client, session):
    user = make_user(session)
    login(client, user)
    change_password(client, "not my password!!", NEW_PASSWORD)
    [event] = audit_events(session, "auth.password_change")
    assert (event.outcome, event.detail) == ("denied", {"reason": "wrong_password"})


def test_changing_a_password_needs_a_signed_in_user(client):
    response = client.get("/account/password")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/account/password"


def new_account(app, session) -> tuple[User, str]:
    with app.app_context():  # the audit row is signed with the app's AUDIT_KEY
        user, token = create_user(session, "new.person@example.org", "practitioner", ["850"])
    session.commit()
    return user, token


def set_up(client, token: str, password: str = NEW_PASSWORD):
    data = {"new_password": password, "confirm_password": password,
            "csrf_token": form_token(client)}  # one token per session; /login always has it
    return client.post(f"/setup/{token}", data=data)


def test_a_set_up_link_sets_the_first_password_once(app, client, session):
    user, token = new_account(app, session)
    assert client.get(f"/setup/{token}").status_code == 200
    response = set_up(client, token)
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    stored = reload(session, user)
    assert verify_password(stored.password_hash, NEW_PASSWORD)
    assert stored.setup_token_hash is None and stored.setup_expires_at is None
    assert sign_in(client, user.email, NEW_PASSWORD).status_code == 302
    client.post("/logout", data={"csrf_token": form_token(client, "/practice/")})
    assert client.get(f"/setup/{token}").status_code == 404  # used once
    assert [e.outcome for e in audit_events(session, "auth.setup")] == ["ok", "denied"]


def test_a_forged_set_up_link_gets_404_and_is_audited(client, session):
    response = client.get("/setup/forged-token-value")
    assert response.status_code == 404
    assert "This link does not work" in response.get_data(as_text=True)
    [event] = audit_events(session, "auth.setup")
    assert event.outcome == "denied" and "forged" not in repr(event.detail)


def test_an_expired_set_up_link_gets_404(app, client, session):
    user, token = new_account(app, session)
    stored = reload(session, user)
    stored.setup_expires_at = utcnow() - timedelta(seconds=1)
    session.add(stored)
    session.commit()
    assert client.get(f"/setup/{token}").status_code == 404
    assert set_up(client, token).status_code == 404
    assert reload(session, user).password_hash is None


def test_a_set_up_link_refuses_a_short_password(app, client, session):
    user, token = new_account(app, session)
    response = set_up(client, token, "short")
    assert response.status_code == 400
    assert reload(session, user).password_hash is None


def test_practitioner_sees_only_counts_of_their_own_authority(client, session):
    from voice.models import Document

    own, other = la_id(session, "850"), la_id(session, "354")
    for la, n in ((own, 2), (other, 3)):
        for i in range(n):
            session.add(Document(la_id=la, kind="case_note", content_hash=f"{la}-{i}"))
    session.commit()
    login(client, make_user(session, "practitioner", la_codes=("850",)))
    html = client.get("/practice/").get_data(as_text=True)
    login(client, make_user(session, "admin", la_codes=()))
    admin_html = client.get("/practice/").get_data(as_text=True)
    assert count_after(html, "Documents") == "2"
    assert count_after(admin_html, "Documents") == "5"


def count_after(html: str, label: str) -> str:
    """The value cell that follows a summary-list key."""
    import re

    match = re.search(rf">\s*{label}\s*</dt>\s*<dd[^>]*>\s*([\d,]+)", html)
    assert match, f"no count for {label}"
    return match.group(1)
