"""Signing in: Flask-Login wiring, session cookies, the idle timeout, and checking a password.

The signed-in user is an `Account`, a small frozen copy of the User row made once per
request, so templates and views never hold a database object past its session. Its id
carries a fingerprint of the password hash: changing the password ends every other session.
"""

import hashlib
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_login import LoginManager, UserMixin, logout_user
from sqlmodel import Session, select

from voice.db import get_session, session_scope
from voice.models import User, UserAuthority, utcnow
from voice.passwords import burn_verification_time, hash_password, needs_rehash, verify_password
from voice.users import email_fingerprint

login_manager = LoginManager()
LAST_ACTIVE = "last_active"  # session key: epoch seconds of the last request
# Sent by the survey's service worker when it copies a page for offline use (assets/js/sw.js).
OFFLINE_COPY_HEADER = "X-Offline-Copy"


class DeviceSessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie session, except that a background copy never sets the cookie.

    The service worker fetches a page to keep for offline use while the person goes on using
    the site. Its response carries the cookie as it was when the fetch began; arriving after a
    newer page's response, it would overwrite that page's choice (a language, a new draft).
    """

    def save_session(self, app: Flask, session: Any, response: Any) -> None:
        if request.headers.get(OFFLINE_COPY_HEADER):
            response.vary.add("Cookie")
            return
        super().save_session(app, session, response)


@dataclass(frozen=True, eq=False)
class Account(UserMixin):
    """The signed-in user, as views and templates see it."""

    id: int
    email: str
    role: str
    display_name: str
    is_demo: bool
    session_key: str
    authority_ids: frozenset[int]

    def get_id(self) -> str:
        """Flask-Login's id: the user id and a fingerprint of the password hash."""
        return f"{self.id}.{self.session_key}"


def session_key(user: User) -> str:
    """A fingerprint of the password hash; a new password gives a new key."""
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()[:16]


def account_for(db: Session, user: User) -> Account:
    """The Account for a User row, with the ids of its local authorities."""
    ids = db.exec(select(UserAuthority.la_id).where(UserAuthority.user_id == user.id)).all()
    return Account(id=user.id or 0, email=user.email, role=user.role,
                   display_name=user.display_name, is_demo=user.is_demo,
                   session_key=session_key(user), authority_ids=frozenset(ids))


def may_sign_in(user: User) -> bool:
    """Active, with a password, and (for demo accounts) only while the app runs the demo."""
    demo_ok = not user.is_demo or current_app.config.get("MODE") == "demo"
    return user.is_active and bool(user.password_hash) and demo_ok


@login_manager.user_loader
def load_account(user_id: str) -> Account | None:
    """Rebuild the Account from the session; None (signed out) if the account changed."""
    raw_id, _, key = user_id.partition(".")
    if not raw_id.isdigit():
        return None
    db = get_session()
    user = db.get(User, int(raw_id))
    if user is None or not may_sign_in(user) or key != session_key(user):
        return None
    return account_for(db, user)


@dataclass
class SignInResult:
    """What a sign-in attempt came to: a user, or a reason (and a lock time) for refusing."""

    user: User | None
    reason: str = "ok"
    locked_until: datetime | None = None


def authenticate(db: Session, email: str, password: str) -> SignInResult:
    """Check a sign-in attempt, count failures, lock after too many, audit; caller commits."""
    from voice.audit import record

    user = db.exec(select(User).where(User.email == email)).first()
    if user is None:
        burn_verification_time()  # an unknown email takes as long as a wrong password
        record(db, "auth.sign_in", outcome="denied",
               detail={"reason": "unknown_account", "account_hash": email_fingerprint(email)})
        return SignInResult(None, "unknown_account")
    now = utcnow()
    if user.locked_until is not None and user.locked_until > now:
        record(db, "auth.sign_in", actor=user, object_type="user_account", object_id=str(user.id),
               outcome="denied", detail={"reason": "locked"})
        return SignInResult(None, "locked", user.locked_until)
    if not verify_password(user.password_hash, password):
        return _count_failure(db, user, now)
    if not may_sign_in(user):
        reason = "demo_account_outside_demo" if user.is_active and user.is_demo else "inactive"
        record(db, "auth.sign_in", actor=user, object_type="user_account",
               object_id=str(user.id), outcome="denied", detail={"reason": reason})
        return SignInResult(None, reason)
    if needs_rehash(user.password_hash or ""):
        user.password_hash = hash_password(password)
    user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
    record(db, "auth.sign_in", actor=user, object_type="user_account", object_id=str(user.id))
    return SignInResult(user)


def _count_failure(db: Session, user: User, now: datetime) -> SignInResult:
    """Record a wrong password; lock the account once failures reach the limit."""
    from voice.audit import record

    user.failed_logins += 1
    record(db, "auth.sign_in", actor=user, object_type="user_account", object_id=str(user.id),
           outcome="denied", detail={"reason": "wrong_password", "failures": user.failed_logins})
    if user.failed_logins < current_app.config.get("LOGIN_MAX_FAILURES", 5):
        return SignInResult(None, "wrong_password")
    user.locked_until = now + timedelta(minutes=current_app.config.get("LOGIN_LOCK_MINUTES", 15))
    user.failed_logins = 0  # after the lock ends, the person gets the full number of tries again
    record(db, "auth.lock", actor=user, object_type="user_account", object_id=str(user.id),
           detail={"until": user.locked_until.isoformat(timespec="seconds")})
    return SignInResult(None, "locked", user.locked_until)


def start_session(account: Account) -> None:
    """Begin a fresh signed-in session (nothing carried over from before sign-in)."""
    from flask_login import login_user

    session.clear()
    session.permanent = True
    login_user(account)
    session[LAST_ACTIVE] = int(time.time())


def end_idle_sessions() -> None:
    """Sign out a session idle for longer than SESSION_IDLE_MINUTES, and audit it."""
    if "_user_id" not in session:
        return
    now = int(time.time())
    last = session.get(LAST_ACTIVE)
    limit = 60 * int(current_app.config.get("SESSION_IDLE_MINUTES", 30))
    if isinstance(last, int) and 0 <= now - last <= limit:
        if now - last >= 15:  # refresh the stamp now and then, not on every request
            session[LAST_ACTIVE] = now
        return
    _audit_session_end(str(session.get("_user_id", "")))
    logout_user()
    session.clear()
    flash("You were signed out because you had not done anything for a while. Sign in again.",
          "info")


def _audit_session_end(user_id: str) -> None:
    """Audit an idle session's end, naming the user (by id) it belonged to."""
    from voice.audit import record

    raw_id = user_id.partition(".")[0]
    with session_scope() as db:
        user = db.get(User, int(raw_id)) if raw_id.isdigit() else None
        record(db, "auth.session_expired", actor=user, object_type="user_account",
               object_id=raw_id or None, outcome="ok", detail={"reason": "idle"})


def unauthorised():
    """Where @login_required sends the signed-out: 401 JSON for the API, else the sign-in page."""
    from flask import abort

    if request.path.startswith("/api/"):
        abort(401)
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def init_app(app: Flask) -> None:
    """Bind Flask-Login and set the session cookie's safety flags and lifetime."""
    idle = int(app.config.get("SESSION_IDLE_MINUTES", 30))
    # Plain-http runs (tests, the debugger, the local demo) would drop a Secure cookie.
    secure = not (app.testing or app.debug or app.config.get("MODE") in ("test", "demo"))
    app.config.update(
        SESSION_COOKIE_SECURE=secure, SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=secure, REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax", PERMANENT_SESSION_LIFETIME=timedelta(minutes=idle),
    )
    app.session_interface = DeviceSessionInterface()
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"
    login_manager.unauthorized_handler(unauthorised)
    app.before_request(end_idle_sessions)
