"""Consent links: a practitioner gives a respondent a link to change their own consent.

The same mechanism as survey invitations (voice.invitations): a random token shown once, only
its SHA-256 kept, an end date, and the same friendly errors for a link that is wrong or old.
"""

import secrets
from datetime import datetime, timedelta, timezone

from sqlmodel import Session, select

from voice.invitations import InvitationError, token_hash
from voice.models import ConsentLink, Respondent, utcnow

LINK_DAYS = 30


class ConsentLinkError(InvitationError):
    """A consent link that cannot be used; `status` is the HTTP status, the message for the person."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


UNKNOWN = ("We cannot find this link. Check you have the whole link, or ask your worker for a "
           "new one.", 404)
EXPIRED = ("This link has run out of time. Ask your worker for a new one.", 410)
REVOKED = ("This link has been switched off. Ask your worker for a new one.", 410)


def issue_link(session: Session, respondent: Respondent, created_by_id: int | None,
               days: int = LINK_DAYS) -> tuple[ConsentLink, str]:
    """A new consent link for the respondent; returns the row and the token (shown once)."""
    token = secrets.token_urlsafe(24)
    link = ConsentLink(token_hash=token_hash(token), respondent_id=respondent.id,
                       la_id=respondent.la_id, created_by_id=created_by_id,
                       expires_at=utcnow() + timedelta(days=days))
    session.add(link)
    session.flush()
    return link, token


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def redeem_link(session: Session, token: str) -> tuple[ConsentLink, Respondent]:
    """The link and its respondent; raises an InvitationError (404/410) if it cannot be used."""
    link = session.exec(select(ConsentLink).where(ConsentLink.token_hash == token_hash(token))).first()
    respondent = link and session.get(Respondent, link.respondent_id)
    if link is None or respondent is None:
        raise ConsentLinkError(*UNKNOWN)
    if link.revoked_at is not None:
        raise ConsentLinkError(*REVOKED)
    if _aware(link.expires_at) <= utcnow():
        raise ConsentLinkError(*EXPIRED)
    return link, respondent
