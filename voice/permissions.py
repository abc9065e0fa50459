"""Who may do what, and which local authorities' rows they see: the one place that decides.

Every view and JSON endpoint names an action with `@requires("action")`; PERMISSIONS says
which roles may take it. Practitioners and researchers see only rows of the local
authorities linked to them (UserAuthority); admins see every authority. An object of
another authority answers 404, so a guessed id reveals nothing.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import false
from sqlmodel import SQLModel, select

from voice.db import get_session, session_scope
from voice.models import ROLES, UserAuthority

ALL_ROLES = frozenset(ROLES)
STAFF = ALL_ROLES
PRACTICE = frozenset({"practitioner", "admin"})
RESEARCH = frozenset({"researcher", "admin"})
ADMIN = frozenset({"admin"})

# The permission table. Raw case-note text is for practitioners of the same authority only
# (not researchers, not admins); researchers work on redacted text and aggregates.
PERMISSIONS: dict[str, frozenset[str]] = {
    "account.manage": STAFF,              # one's own password
    "api.read": STAFF,
    "practice.view": PRACTICE,
    "documents.read_redacted": STAFF,
    "documents.read_raw": frozenset({"practitioner"}),
    "documents.import": PRACTICE,
    "codes.apply": PRACTICE,
    "invitations.issue": PRACTICE,
    "safeguarding.review": PRACTICE,
    "consent.record": PRACTICE,
    "research.view": RESEARCH,
    "codebook.manage": RESEARCH,
    "agreement.manage": RESEARCH,
    "topics.run": RESEARCH,
    "indicators.export": RESEARCH,
    "admin.view": ADMIN,
    "users.manage": ADMIN,
    "audit.view": ADMIN,
    "jobs.view": ADMIN,
    "jobs.manage": ADMIN,
    "surveys.manage": ADMIN,
    "consent.manage": ADMIN,
    "subject_access.manage": ADMIN,
    "subject.erase": ADMIN,
    "challenges.raise": PRACTICE,         # on the data subject's behalf
    "challenges.review": STAFF,           # a second coder; never the one who applied the code
}

# Roles bound to their own authorities; every other role sees all of them.
SCOPED_ROLES = frozenset({"practitioner", "researcher"})

View = TypeVar("View", bound=Callable[..., Any])


class UnknownAction(KeyError):
    """An action that is not in PERMISSIONS: a programming error, caught at import time."""


def roles_for(action: str) -> frozenset[str]:
    """The roles allowed to take `action`; raises UnknownAction for a name not in the table."""
    try:
        return PERMISSIONS[action]
    except KeyError:
        raise UnknownAction(f"{action!r} is not in voice.permissions.PERMISSIONS") from None


def can(user: Any, action: str) -> bool:
    """True if `user` (signed in) has a role allowed to take `action`."""
    allowed = roles_for(action)
    return bool(user is not None and getattr(user, "is_authenticated", False)
                and user.role in allowed)


def requires(action: str) -> Callable[[View], View]:
    """Decorate a view so only roles allowed `action` reach it (401, or 403, audited)."""
    roles_for(action)  # fail at import for a misspelt action, not at request time

    def decorator(view: View) -> View:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                audit_refusal(action, "not_signed_in")
                if request.path.startswith("/api/"):
                    abort(401)
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            if not can(current_user, action):
                audit_refusal(action, "role_not_allowed")
                abort(403)
            return view(*args, **kwargs)

        guarded.required_action = action  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorator


def audit_refusal(action: str, reason: str, *, object_type: str | None = None,
                  object_id: Any = None, la_id: int | None = None) -> None:
    """Write one `access.denied` audit row, in its own transaction so the refusal sticks."""
    from voice.audit import record  # imported late: the audit module imports the models

    actor = current_user if current_user.is_authenticated else None
    detail = {"reason": reason, "action": action, "endpoint": request.endpoint,
              "method": request.method}
    with session_scope() as session:
        record(session, "access.denied", actor=actor, object_type=object_type,
               object_id=None if object_id is None else str(object_id), la_id=la_id,
               outcome="denied", detail=detail)


def authority_ids_for(user: Any) -> set[int] | None:
    """The authority ids `user` may see, or None for every authority (admins)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    if user.role not in SCOPED_ROLES:
        return None
    cached = getattr(user, "authority_ids", None)
    if cached is not None:
        return set(cached)
    rows = get_session().exec(select(UserAuthority.la_id).where(UserAuthority.user_id == user.id))
    return set(rows.all())


def scope_to_authorities(query: Any, model: type[SQLModel], user: Any = None) -> Any:
    """Limit a select() on `model` (which has `la_id`) to the authorities the user may see."""
    ids = authority_ids_for(current_user if user is None else user)
    if ids is None:
        return query
    if not ids:
        return query.where(false())
    return query.where(model.la_id.in_(ids))  # type: ignore[attr-defined]


def may_see_authority(la_id: int | None, user: Any = None) -> bool:
    """True if the user may see rows of authority `la_id` (rows without one: admins only)."""
    ids = authority_ids_for(current_user if user is None else user)
    return ids is None or (la_id is not None and la_id in ids)


def may_see(row: Any, user: Any = None) -> bool:
    """True if the row is in one of the user's authorities, or the user created it."""
    user = current_user if user is None else user
    if may_see_authority(getattr(row, "la_id", None), user):
        return True
    creator = getattr(row, "created_by_id", None)
    return creator is not None and getattr(user, "is_authenticated", False) and creator == user.id


def visible_or_404(row: Any, model: type[SQLModel], object_id: Any, action: str) -> Any:
    """Return `row` if it exists and the user may see it; else audit the refusal and 404."""
    if row is None or not may_see(row):
        reason = "not_found" if row is None else "other_authority"
        audit_refusal(action, reason, object_type=model.__tablename__, object_id=object_id,
                      la_id=getattr(row, "la_id", None))
        abort(404)
    return row


def get_scoped_or_404(model: type[SQLModel], object_id: Any, action: str) -> Any:
    """Load `model` by id if it exists and is in the user's authorities; else audit and 404."""
    return visible_or_404(get_session().get(model, object_id), model, object_id, action)


def allowed_actions(user: Any) -> list[str]:
    """Every action the user may take, for templates and the API's description of a user."""
    return sorted(a for a in PERMISSIONS if can(user, a))
