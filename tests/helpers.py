"""Small helpers for arranging tests that need staff accounts. Import what you need:

    from tests.helpers import make_user, login, sign_in, la_id

    def test_something(client, session):
        user = make_user(session, "practitioner", la_codes=("850",))   # Hampshire
        login(client, user)                       # fast: writes the session cookie directly
        response = client.get("/practice/")

- make_user(session, role, la_codes=(OWN_LA,), email=None, password=PASSWORD, **fields)
  inserts and commits a User with its UserAuthority links (no audit row) and returns it.
  Every user gets the same password, hashed once per test run, so making users is cheap.
- login(client, user) signs `user` in without the form (no argon2, no audit row).
- sign_in(client, email, password=PASSWORD) posts the real sign-in form, CSRF token
  included, and returns the response (use it when the sign-in itself is under test).
- form_token(client, path) reads the CSRF token from the form at `path` ("" if none).
- la_id(session, old_la_code) is the id of a local authority (the app fixture loads them).
- audit_events(session, action=None) is the audit trail in order, optionally of one action.
"""

import re
import time
from functools import cache
from itertools import count
from typing import Any

from sqlmodel import Session, select

from voice.auth import LAST_ACTIVE, session_key
from voice.models import AuditEvent, LocalAuthority, User, UserAuthority
from voice.passwords import hash_password

PASSWORD = "correct horse battery staple"
OWN_LA = "850"     # Hampshire
OTHER_LA = "354"   # Rochdale
_emails = count(1)


@cache
def password_hash() -> str:
    """The argon2 hash of PASSWORD, made once (hashing is deliberately slow)."""
    return hash_password(PASSWORD)


def la_id(session: Session, old_la_code: str) -> int:
    """The id of the local authority with this DfE old LA code."""
    query = select(LocalAuthority.id).where(LocalAuthority.old_la_code == old_la_code)
    return session.exec(query).one()


def make_user(session: Session, role: str = "practitioner", la_codes: tuple[str, ...] = (OWN_LA,),
              email: str | None = None, password: str | None = PASSWORD, **fields: Any) -> User:
    """Insert and commit a user bound to `la_codes`; password None leaves it unset."""
    if password is None:
        hashed = None
    else:
        hashed = password_hash() if password == PASSWORD else hash_password(password)
    user = User(email=email or f"{role}{next(_emails)}@example.org", role=role,
                password_hash=hashed, **fields)
    session.add(user)
    session.flush()
    session.add_all(UserAuthority(user_id=user.id, la_id=la_id(session, code)) for code in la_codes)
    session.commit()
    return user


def login(client: Any, user: User) -> None:
    """Sign `user` in by writing Flask-Login's session keys (as the sign-in view would)."""
    with client.session_transaction() as flask_session:
        flask_session.clear()
        flask_session.permanent = True
        flask_session["_user_id"] = f"{user.id}.{session_key(user)}"
        flask_session["_fresh"] = True
        flask_session[LAST_ACTIVE] = int(time.time())


def form_token(client: Any, path: str = "/login") -> str:
    """The CSRF token in the form at `path`, or "" when CSRF is off."""
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    return match.group(1) if match else ""


def sign_in(client: Any, email: str, password: str = PASSWORD, next_url: str | None = None) -> Any:
    """Post the sign-in form (with its CSRF token) and return the response."""
    path = "/login" + (f"?next={next_url}" if next_url else "")
    data = {"email": email, "password": password, "csrf_token": form_token(client, path)}
    return client.post(path, data=data)


def audit_events(session: Session, action: str | None = None) -> list[AuditEvent]:
    """The audit trail in order (fresh from the database), optionally only one action."""
    session.expire_all()
    query = select(AuditEvent).order_by(AuditEvent.seq)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(session.exec(query).all())
