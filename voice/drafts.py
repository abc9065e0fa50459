"""Answers in progress: kept encrypted on the server, found through the device's session cookie.

The survey pages keep them; the JSON API closes one when the response it holds arrives.

The cookie holds only a random draft id per invitation, so what a respondent typed never sits
in the browser, and a long answer in any script fits. A kiosk draft left for 3 minutes is
thrown away, so the next person at the kiosk never sees it.
"""

import json
import secrets
import uuid
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask import session as cookie
from sqlmodel import Session, select

from voice.crypto import app_fernet
from voice.invitations import token_hash
from voice.models import Invitation, SurveyDraft, utcnow

COOKIE_KEY = "survey_drafts"
KIOSK_IDLE = timedelta(minutes=3)  # the default; KIOSK_IDLE_SECONDS in the config changes it


def kiosk_idle() -> timedelta:
    """How long a kiosk may sit untouched before it goes back to the start."""
    return timedelta(seconds=int(current_app.config.get("KIOSK_IDLE_SECONDS", KIOSK_IDLE.total_seconds())))
DRAFT_LIFETIME = timedelta(days=30)


def _slot(token: str) -> str:
    return token_hash(token)[:16]


def new_draft(version_id: int, language: str) -> dict[str, Any]:
    """A fresh draft: a new client_uuid, no consents and no answers yet."""
    return {"client_uuid": str(uuid.uuid4()), "version_id": version_id, "language": language,
            "consents": None, "answers": {}}


def idle_limit(invitation: Invitation) -> timedelta:
    """How long a draft may sit untouched before it is thrown away."""
    return kiosk_idle() if invitation.mode == "kiosk" else DRAFT_LIFETIME


def load(db: Session, token: str, invitation: Invitation) -> dict[str, Any] | None:
    """This device's draft for the invitation, or None (none, or idle too long: deleted)."""
    draft_id = cookie.get(COOKIE_KEY, {}).get(_slot(token))
    row = db.get(SurveyDraft, draft_id) if draft_id else None
    if row is None or row.invitation_id != invitation.id:
        return None
    if utcnow() - row.updated_at > idle_limit(invitation):
        discard(db, token)
        return None
    return json.loads(app_fernet().decrypt(row.ciphertext))


def save(db: Session, token: str, invitation: Invitation, draft: dict[str, Any]) -> None:
    """Store the draft (encrypted) and remember its id in the device's cookie."""
    drafts = dict(cookie.get(COOKIE_KEY, {}))
    draft_id = drafts.get(_slot(token))
    row = db.get(SurveyDraft, draft_id) if draft_id else None
    if row is None or row.invitation_id != invitation.id:
        row = SurveyDraft(id=secrets.token_urlsafe(32), invitation_id=invitation.id, ciphertext=b"")
        drafts[_slot(token)] = row.id
        cookie[COOKIE_KEY] = drafts
    row.ciphertext = app_fernet().encrypt(json.dumps(draft, ensure_ascii=False).encode("utf-8"))
    row.updated_at = utcnow()
    db.add(row)
    db.commit()


def discard(db: Session, token: str, commit: bool = True) -> None:
    """Delete this device's draft for the token and forget it in the cookie."""
    drafts = dict(cookie.get(COOKIE_KEY, {}))
    draft_id = drafts.pop(_slot(token), None)
    cookie[COOKIE_KEY] = drafts
    row = db.get(SurveyDraft, draft_id) if draft_id else None
    if row is not None:
        db.delete(row)
        if commit:
            db.commit()


def purge_stale(db: Session) -> int:
    """Delete drafts nobody will come back to (kiosk: 3 minutes idle; others: 30 days)."""
    now = utcnow()
    kiosk_ids = select(Invitation.id).where(Invitation.mode == "kiosk")
    stale = sa.delete(SurveyDraft).where(sa.or_(
        SurveyDraft.updated_at < now - DRAFT_LIFETIME,
        sa.and_(SurveyDraft.updated_at < now - kiosk_idle(), SurveyDraft.invitation_id.in_(kiosk_ids))))
    return db.execute(stale).rowcount


def mark_finished(token: str, language: str) -> None:
    """Remember on this device that it just finished this survey (for the thank-you page)."""
    finished = dict(cookie.get("survey_finished", {}))
    finished[_slot(token)] = language
    cookie["survey_finished"] = finished


def finished_language(token: str) -> str | None:
    """The language this device finished the survey in, or None if it did not."""
    return cookie.get("survey_finished", {}).get(_slot(token))
