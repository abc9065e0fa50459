"""Staff accounts: creation, one-time set-up links and passwords. Shared by the web and the CLI.

Input rules raise UserError with a message that says what to do; the web shows it beside
the field and the CLI prints it. Functions here add and flush but never commit: the caller
owns the transaction, so an account and its audit row are saved together or not at all.
"""

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlmodel import Session, func, select

from voice.models import ROLES, LocalAuthority, User, UserAuthority, utcnow
from voice.passwords import hash_password

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256  # argon2 takes any length; the cap stops a megabyte-long "password"
SETUP_LINK_HOURS = 72
SCOPED_ROLES = ("practitioner", "researcher")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


class UserError(ValueError):
    """An account request that cannot be carried out; the message says what to do."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def normalise_email(raw: str | None) -> str:
    """Return the email trimmed and lower-cased; raise UserError if it is not an address."""
    email = (raw or "").strip().lower()
    if not email:
        raise UserError("Enter an email address", "email")
    if len(email) > 254 or not _EMAIL.match(email):
        raise UserError("Enter an email address in the correct format, like name@example.com",
                        "email")
    return email


def email_fingerprint(email: str) -> str:
    """A short keyed hash of an email for audit rows about unknown accounts (never the address).

    Keyed with PSEUDONYM_KEY, so a list of known addresses cannot be hashed and matched.
    """
    key = current_app.config["PSEUDONYM_KEY"].encode()
    return hmac.new(key, email.strip().lower().encode(), hashlib.sha256).hexdigest()[:16]


def validate_role(role: str | None) -> str:
    """Return the role if it is one of ROLES; raise UserError otherwise."""
    if role not in ROLES:
        raise UserError(f"Select a role: {', '.join(ROLES)}", "role")
    return role


def authorities_for_codes(session: Session, la_codes: Iterable[str]) -> list[LocalAuthority]:
    """The local authorities with these DfE old LA codes; raise UserError for an unknown code."""
    codes = sorted({str(code).strip() for code in la_codes if str(code).strip()})
    if not codes:
        return []
    found = session.exec(select(LocalAuthority).where(LocalAuthority.old_la_code.in_(codes))).all()
    missing = sorted(set(codes) - {la.old_la_code for la in found})
    if missing:
        raise UserError(f"No local authority has the code {missing[0]}. Use a DfE old LA "
                        "code of three digits, like 850 for Hampshire", "la_codes")
    return sorted(found, key=lambda la: la.old_la_code)


def validate_new_password(password: str | None, email: str = "") -> str:
    """Return the password if it is long enough and not the email; raise UserError otherwise."""
    password = password or ""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"Password must be {MIN_PASSWORD_LENGTH} characters or more", "password")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise UserError(f"Password must be {MAX_PASSWORD_LENGTH} characters or fewer", "password")
    if email and password.strip().lower() == email.strip().lower():
        raise UserError("Password must not be your email address", "password")
    return password


def setup_token_hash(token: str) -> str:
    """The SHA-256 of a set-up token: only the hash is stored, so a database leak opens nothing."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue_setup_token(user: User, hours: int = SETUP_LINK_HOURS) -> str:
    """Give `user` a new one-time set-up token (replacing any earlier one); return the token."""
    token = secrets.token_urlsafe(32)
    user.setup_token_hash = setup_token_hash(token)
    user.setup_expires_at = utcnow() + timedelta(hours=hours)
    return token


def user_for_setup_token(session: Session, token: str) -> User | None:
    """The active user whose unexpired set-up token this is, or None."""
    if not token or len(token) > 100:
        return None
    query = select(User).where(User.setup_token_hash == setup_token_hash(token))
    user = session.exec(query).first()
    if user is None or not user.is_active or user.setup_expires_at is None:
        return None
    return user if user.setup_expires_at > utcnow() else None


def set_password(user: User, password: str) -> None:
    """Check and store a new password; end any set-up link and lock-out."""
    user.password_hash = hash_password(validate_new_password(password, user.email))
    user.setup_token_hash = None
    user.setup_expires_at = None
    user.failed_logins = 0
    user.locked_until = None


def create_user(session: Session, email: str, role: str, la_codes: Iterable[str],
                password: str | None = None, *, display_name: str = "", is_demo: bool = False,
                created_by: Any = None) -> tuple[User, str | None]:
    """Create an account bound to `la_codes`; return it and a set-up token if no password given."""
    from voice.audit import record

    email, role = normalise_email(email), validate_role(role)
    authorities = authorities_for_codes(session, la_codes)
    if role in SCOPED_ROLES and not authorities:
        raise UserError(f"Give at least one local authority code for a {role}", "la_codes")
    if session.exec(select(func.count()).select_from(User).where(User.email == email)).one():
        raise UserError("An account with this email address already exists", "email")
    user = User(email=email, role=role, display_name=display_name.strip()[:120], is_demo=is_demo)
    token = None
    if password is None:
        token = issue_setup_token(user)
    else:
        set_password(user, password)
    session.add(user)
    session.flush()
    session.add_all(UserAuthority(user_id=user.id, la_id=la.id) for la in authorities)
    detail = {"role": role, "la_codes": [la.old_la_code for la in authorities],
              "set_up_by": "link" if token else "password", "demo": is_demo}
    record(session, "users.create", actor=created_by, object_type="user_account",
           object_id=str(user.id), detail=detail)
    return user, token


def authority_codes(session: Session, user_id: int) -> list[str]:
    """The old LA codes a user is bound to, sorted."""
    query = (select(LocalAuthority.old_la_code)
             .join(UserAuthority, UserAuthority.la_id == LocalAuthority.id)
             .where(UserAuthority.user_id == user_id))
    rows = session.exec(query)
    return sorted(rows.all())


def list_users(session: Session) -> list[tuple[User, list[str]]]:
    """Every account, by email, with the old LA codes it is bound to."""
    links = session.exec(select(UserAuthority.user_id, LocalAuthority.old_la_code).join(
        LocalAuthority, UserAuthority.la_id == LocalAuthority.id)).all()
    codes: dict[int, list[str]] = {}
    for user_id, code in links:
        codes.setdefault(user_id, []).append(code)
    users = session.exec(select(User).order_by(User.email)).all()
    return [(user, sorted(codes.get(user.id or 0, []))) for user in users]
