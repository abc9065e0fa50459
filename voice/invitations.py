"""Invitations: unguessable survey links. Only the SHA-256 of a token is stored, and a
respondent's identifier becomes a keyed pseudonym before anything is written.

`redeem` checks a token without using it up; `use_once` counts a completed response against
it, so a replay of a response already stored (same client_uuid) never costs a use.
"""

import hashlib
import secrets
from datetime import date, datetime, time, timedelta, timezone

import sqlalchemy as sa
from flask import current_app
from sqlmodel import Session, select

from coding.identifiers import (InvalidIdentifier, normalise_local_id, normalise_nhs_number,
                                pseudonymise)
from voice.models import Invitation, Respondent, Survey, utcnow

MODES = ("single", "reusable", "kiosk")


class InvitationError(ValueError):
    """A link that cannot be used; `status` is the HTTP status, the message is for a child."""

    status = 404


class UnknownInvitation(InvitationError):
    """No invitation has this token (mistyped, cut short or made up)."""

    status = 404

    def __init__(self) -> None:
        super().__init__("We cannot find this survey link. Check you have the whole link, "
                         "or ask your worker for a new one.")


class ExpiredInvitation(InvitationError):
    """The invitation's end date has passed."""

    status = 410

    def __init__(self) -> None:
        super().__init__("This survey link has run out of time. Ask your worker for a new one.")


class UsedUpInvitation(InvitationError):
    """Every use the invitation allowed has been made."""

    status = 410

    def __init__(self) -> None:
        super().__init__("This survey link has already been used. Thank you if it was you! "
                         "If you want to answer again, ask your worker for a new link.")


class RevokedInvitation(InvitationError):
    """Staff switched the invitation off."""

    status = 410

    def __init__(self) -> None:
        super().__init__("This survey link has been switched off. Ask your worker for a new one.")


class InvalidInvitation(ValueError):
    """Staff asked for an invitation that cannot be made; the message says what to change and
    `field` names the form field it is about."""

    def __init__(self, message: str, field: str = "survey") -> None:
        super().__init__(message)
        self.field = field


def token_hash(token: str) -> str:
    """The SHA-256 hex digest under which a token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def end_of_day(day: date) -> datetime:
    """The first moment after `day` in UTC: a link 'until 1 May' works all of 1 May."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=timezone.utc)


def normalise_identifier(raw: str) -> str:
    """An NHS number (checked) or a local id, normalised; raise InvalidIdentifier if neither."""
    digits = raw.replace(" ", "").replace("-", "")
    if digits.isdigit() and len(digits) == 10:
        return normalise_nhs_number(raw)
    return normalise_local_id(raw)


def respondent_for(session: Session, identifier: str, la_id: int, area_id: int | None) -> Respondent:
    """The respondent with this identifier's pseudonym, made if new; the identifier is not kept."""
    try:
        pseudonym = pseudonymise(normalise_identifier(identifier), current_app.config["PSEUDONYM_KEY"])
    except InvalidIdentifier as error:
        raise InvalidInvitation(str(error), "identifier") from None
    respondent = session.exec(select(Respondent).where(Respondent.pseudonym == pseudonym)).first()
    if respondent is None:
        respondent = Respondent(pseudonym=pseudonym, la_id=la_id, area_id=area_id)
        session.add(respondent)
        session.flush()
    return respondent


def _uses_for(mode: str, uses: int | None) -> int | None:
    if mode not in MODES:
        raise InvalidInvitation(f"Choose a mode from: {', '.join(MODES)}.", "mode")
    if uses is not None and uses < 1:
        raise InvalidInvitation("The number of uses must be 1 or more.", "uses")
    if mode == "single":
        return 1
    return uses  # None: unlimited until it expires or is revoked


def create_invitation(session: Session, survey_key: str, mode: str, uses: int | None,
                      expires: datetime | None, la_id: int, area_id: int | None,
                      created_by: int | None, respondent_identifier: str | None = None
                      ) -> tuple[Invitation, str]:
    """Make an invitation; return it and its token (shown once, never stored)."""
    survey = session.exec(select(Survey).where(Survey.key == survey_key)).first()
    if survey is None:
        raise InvalidInvitation(f"There is no survey '{survey_key}'; import it first.")
    if mode == "kiosk" and respondent_identifier:
        raise InvalidInvitation("A kiosk link is anonymous: leave out the identifier.", "identifier")
    if expires is not None and expires <= utcnow():
        raise InvalidInvitation("The end date must be in the future.", "expires")
    uses_allowed = _uses_for(mode, uses)
    respondent = (respondent_for(session, respondent_identifier, la_id, area_id)
                  if respondent_identifier else None)
    token = secrets.token_urlsafe(32)
    invitation = Invitation(survey_id=survey.id, token_hash=token_hash(token), mode=mode,
                            uses_allowed=uses_allowed, expires_at=expires,
                            respondent_id=respondent.id if respondent else None, la_id=la_id,
                            area_id=area_id, created_by_id=created_by)
    session.add(invitation)
    session.flush()
    return invitation, token


def check_usable(invitation: Invitation | None) -> Invitation:
    """Return the invitation if it can be used now; else raise the matching InvitationError."""
    if invitation is None:
        raise UnknownInvitation()
    if invitation.revoked_at is not None:
        raise RevokedInvitation()
    if invitation.expires_at is not None and invitation.expires_at <= utcnow():
        raise ExpiredInvitation()
    if invitation.uses_allowed is not None and invitation.uses_count >= invitation.uses_allowed:
        raise UsedUpInvitation()
    return invitation


def redeem(session: Session, token: str) -> Invitation:
    """The usable invitation for a token (not yet used up by this call); else InvitationError."""
    if not isinstance(token, str) or not 16 <= len(token) <= 100:
        raise UnknownInvitation()
    found = session.exec(select(Invitation).where(Invitation.token_hash == token_hash(token))).first()
    return check_usable(found)


def use_once(session: Session, invitation: Invitation) -> None:
    """Count one completed response; raise UsedUpInvitation if a concurrent use took the last."""
    table = Invitation.__table__
    query = sa.update(table).where(table.c.id == invitation.id)
    if invitation.uses_allowed is not None:  # the check and the count in one statement
        query = query.where(table.c.uses_count < table.c.uses_allowed)
    result = session.execute(query.values(uses_count=table.c.uses_count + 1))
    if result.rowcount != 1:
        raise UsedUpInvitation()
    session.refresh(invitation)
