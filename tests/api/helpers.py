"""Helpers for the API tests: a stored survey, invitation tokens, valid bodies, counts."""

import uuid
from typing import Any

from sqlmodel import Session, func, select

from tests.helpers import OWN_LA, la_id
from voice.invitations import create_invitation
from voice.models import Answer, Response
from voice.surveys.store import SURVEY_DIR, read_survey_file, store_survey

SURVEY_KEY = "where-i-live"


def make_survey(session: Session, key: str = SURVEY_KEY) -> int:
    """Store a shipped survey; return its version number."""
    version, _ = store_survey(session, read_survey_file(SURVEY_DIR / f"{key}.yaml"))
    session.commit()
    return version.version


def make_token(session: Session, mode: str = "reusable", uses: int | None = None,
               key: str = SURVEY_KEY, **fields: Any) -> str:
    """Make an invitation to a stored survey; return its token."""
    _, token = create_invitation(session, key, mode, uses, fields.pop("expires", None),
                                 la_id(session, OWN_LA), None, None, **fields)
    session.commit()
    return token


def valid_body(**changes: Any) -> dict[str, Any]:
    """A complete, valid answer to where-i-live (no free text, so nothing to redact)."""
    body = {"survey_key": SURVEY_KEY, "survey_version": 1, "language": "en",
            "submitted_at": "2026-11-25T10:30:00Z",
            "consents": {"own_support": True, "service_improvement": True, "research": False},
            "answers": {"feel_safe_home": 4, "feel_settled": "prefer_not",
                        "who_helps": ["personal_adviser", "friends"]}}
    body.update(changes)
    return body


def new_uuid() -> str:
    """A fresh client UUID, as a device makes one."""
    return str(uuid.uuid4())


def put(client: Any, client_uuid: str, body: Any, token: str | None = None, **kwargs: Any) -> Any:
    """PUT a response with the token as a Bearer header."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.put(f"/api/v1/responses/{client_uuid}", json=body, headers=headers, **kwargs)


def count_responses(session: Session) -> int:
    """How many responses are stored (fresh from the database)."""
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Response))


def count_answers(session: Session) -> int:
    """How many answers are stored (fresh from the database)."""
    return session.scalar(select(func.count()).select_from(Answer))
