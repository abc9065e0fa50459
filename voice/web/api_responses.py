"""PUT /api/v1/responses/<uuid>: a device sends one completed survey, stored exactly once.

Respondents never sign in: the invitation token the survey was opened with authorises the
request (an `Authorization: Bearer` header, or a `token` field). The UUID is made by the
device, so a replay after a lost acknowledgement is answered 200 and stores nothing; other
content under a UUID already used is a 409. The answer is sent only after the commit.
Also serves the API's OpenAPI document.
"""

import uuid
from datetime import datetime, timezone
from functools import cache
from typing import Any

import sqlalchemy as sa
import yaml
from flask import current_app, jsonify, request
from sqlalchemy.exc import IntegrityError, OperationalError, PendingRollbackError
from sqlmodel import Session
from werkzeug.exceptions import HTTPException, default_exceptions

from voice import PROJECT_ROOT, drafts
from voice.db import get_session
from voice.invitations import (InvitationError, UnknownInvitation, UsedUpInvitation,
                               check_usable, token_hash)
from voice.models import Invitation, Survey
from voice.published_versions import PublishedVersion, version_by_key, version_by_number
from voice.responses import (InvalidResponse, ResponseConflict, find_response, store_response,
                             store_via_invitation, unstorable)
from voice.security import csrf
from voice.web.api import bp

MAX_BODY_BYTES = 256 * 1024
MAX_VERSION = 2**31 - 1  # the database's integer column
OPENAPI_PATH = PROJECT_ROOT / "voice" / "data" / "openapi.yaml"
FIELDS = ("token", "survey_key", "survey_version", "language", "submitted_at", "consents", "answers")
# Two copies of one response are settled by the insert itself (ON CONFLICT DO NOTHING); what
# is left to retry is the database being briefly unable: SQLite "locked", a lost connection.
RETRYABLE = (IntegrityError, OperationalError, PendingRollbackError)
ATTEMPTS = 3


class Refused(HTTPException):
    """An HTTP error whose JSON body carries a message and per-field errors."""

    def __init__(self, code: int, message: str | None = None,
                 errors: dict[str, str] | None = None) -> None:
        super().__init__(description=message or default_exceptions[code].description)
        self.code = code
        self.payload = {key: value for key, value in
                        (("message", message), ("errors", errors)) if value}


def invalid(errors: dict[str, str]) -> Refused:
    """A 400 naming each field that was not right."""
    return Refused(400, "The response was not stored: correct the fields listed and send it again.",
                   errors)


def parse_client_uuid(raw: str) -> str:
    """The UUID in its canonical lowercase form; raise a 400 unless it is one."""
    try:
        parsed = uuid.UUID(raw)
    except ValueError:
        parsed = None
    if parsed is None or len(raw) != 36 or str(parsed) != raw.lower():
        raise invalid({"client_uuid": "Use a UUID made on the device, like "
                                      "3f2b8a9e-1c4d-4e5f-8a6b-7c8d9e0f1a2b."})
    return str(parsed)


def read_body() -> dict[str, Any]:
    """The JSON object sent, within the size limit (413 beyond it)."""
    request.max_content_length = current_app.config.get("API_MAX_BODY_BYTES", MAX_BODY_BYTES)
    body = request.get_json(silent=True, force=True)
    if not isinstance(body, dict):
        raise invalid({"body": "Send the response as a JSON object."})
    return body


def parse_submitted_at(value: Any) -> datetime:
    """An ISO 8601 date and time with a time zone, as aware UTC."""
    if not isinstance(value, str):
        raise ValueError("Send when the survey was finished, as an ISO 8601 date and time.")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError("Use an ISO 8601 date and time, like 2026-11-25T10:30:00Z.") from None
    if moment.tzinfo is None:
        raise ValueError("Give the time zone, like 2026-11-25T10:30:00Z.")
    return moment.astimezone(timezone.utc)


def parse_envelope(body: dict[str, Any]) -> dict[str, Any]:
    """Check the fields around the answers; raise a 400 listing every one that is wrong."""
    errors = {name: "This field is not part of a response; remove it."
              for name in body if name not in FIELDS}
    fields: dict[str, Any] = {"consents": body.get("consents", {}), "answers": body.get("answers")}
    if not isinstance(body.get("survey_key"), str) or not body["survey_key"]:
        errors["survey_key"] = "Send the key of the survey answered, like where-i-live."
    version = body.get("survey_version")
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= MAX_VERSION:
        errors["survey_version"] = "Send the number of the survey version answered."
    fields["language"] = body.get("language", "en")
    if not isinstance(fields["language"], str):
        errors["language"] = "Send the language code the survey was answered in, like en."
    try:
        fields["submitted_at"] = parse_submitted_at(body.get("submitted_at"))
    except ValueError as error:
        errors["submitted_at"] = str(error)
    if not isinstance(fields["answers"], dict):
        errors["answers"] = "Send the answers as an object of question keys."
    else:
        errors.update({key: problem for key, problem in
                       ((key, unstorable(value)) for key, value in fields["answers"].items())
                       if problem})
    if errors:
        raise invalid(errors)
    return {**fields, "survey_key": body["survey_key"], "survey_version": version}


def bearer_token(body: dict[str, Any]) -> str:
    """The invitation token from the Authorization header or the body; 401 if there is none."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if header and scheme.lower() != "bearer":
        raise Refused(401, "Send the invitation token as 'Authorization: Bearer <token>'.")
    token = token.strip() or body.get("token")
    if not isinstance(token, str) or not token:
        raise Refused(401, "Send the invitation token the survey was opened with.")
    return token


def token_refused(error: InvitationError) -> Refused:
    """401 for a token we do not know (mistyped or forged), 410 for one no longer usable."""
    return Refused(401 if isinstance(error, UnknownInvitation) else 410, str(error))


def find_invitation(session: Session, token: str) -> Any:
    """The invitation row of a token (read without the ORM: it is only looked at), or None."""
    if not isinstance(token, str) or not 16 <= len(token) <= 100:
        return None
    table = Invitation.__table__
    return session.connection().execute(
        sa.select(table).where(table.c.token_hash == token_hash(token))).first()


def usable_invitation(session: Session, token: str, client_uuid: str) -> Any:
    """The token's invitation if usable now, or if this UUID was already stored under it.

    A single-use link is used up by the response it carried; the same response sent again
    (its acknowledgement was lost) must still be answered 200 so the device can let it go.
    """
    found = find_invitation(session, token)
    try:
        return check_usable(found)
    except InvitationError as error:
        stored = find_response(session, found.survey_id, client_uuid) if found else None
        if stored is None or stored.invitation_id != found.id:
            raise token_refused(error) from None
        return found


def find_version(session: Session, survey_id: int, fields: dict[str, Any]) -> PublishedVersion:
    """The survey version answered, which must be of the invitation's survey (read once a process)."""
    version = version_by_number(session, survey_id, fields["survey_version"])
    survey_key = version.survey_key if version else session.get(Survey, survey_id).key
    if survey_key != fields["survey_key"]:
        raise Refused(403, "This survey link is for another survey.",
                      {"survey_key": "This invitation is for another survey."})
    if version is None:
        raise invalid({"survey_version": "There is no such version of this survey."})
    return version


def count_use(session: Session, invitation: Any) -> None:
    """Count a use of a link with a limit, checking and counting in one statement.

    Links without a limit (kiosk, reusable) are not counted: every submission would update
    the same row and wait for the one before to commit. Their responses are counted by
    `response.invitation_id` instead.
    """
    if invitation.uses_allowed is None:
        return
    table = Invitation.__table__
    result = session.connection().execute(
        sa.update(table).where(table.c.id == invitation.id,
                               table.c.uses_count < table.c.uses_allowed)
        .values(uses_count=table.c.uses_count + 1))
    if result.rowcount != 1:
        raise token_refused(UsedUpInvitation())  # a concurrent response took the last use


def store_new_quickly(session: Session, token: str, client_uuid: str,
                      fields: dict[str, Any]) -> tuple[bool, Any] | None:
    """A new, valid response through a kiosk or reusable link, in one statement; else None.

    This is most submissions (a class on a kiosk, devices coming back online), so it is worth
    its own path; everything it does not settle, store_in_transaction decides with every check.
    """
    if not isinstance(token, str) or not 16 <= len(token) <= 100:
        return None
    version = version_by_key(session, fields["survey_key"], fields["survey_version"])
    if version is None:
        return None
    stored = store_via_invitation(
        session, survey_version=version, token_hash=token_hash(token), client_uuid=client_uuid,
        answers=fields["answers"], consents=fields["consents"], language=fields["language"],
        submitted_at=fields["submitted_at"])
    return None if stored is None else (True, stored[1])


def store_in_transaction(session: Session, token: str, client_uuid: str,
                         fields: dict[str, Any]) -> tuple[bool, Any]:
    """Check the token, store the response and count the use, all in the caller's transaction.

    Returns (whether it was new, the invitation row)."""
    quick = store_new_quickly(session, token, client_uuid, fields)
    if quick is not None:
        return quick
    invitation = usable_invitation(session, token, client_uuid)
    version = find_version(session, invitation.survey_id, fields)
    try:
        _, created = store_response(
            session, survey_version=version, client_uuid=client_uuid, answers=fields["answers"],
            consents=fields["consents"], language=fields["language"],
            submitted_at=fields["submitted_at"], la_id=invitation.la_id,
            area_id=invitation.area_id, respondent_id=invitation.respondent_id,
            invitation_id=invitation.id)
    except InvalidResponse as error:
        raise invalid(error.errors) from None
    except ResponseConflict as error:
        raise Refused(409, str(error)) from None
    if created:
        count_use(session, invitation)
    return created, invitation


def store_exactly_once(token: str, client_uuid: str,
                       fields: dict[str, Any]) -> tuple[bool, Any]:
    """Store and commit; on a race with a concurrent copy, roll back and decide again."""
    session = get_session()
    for _attempt in range(ATTEMPTS):
        try:
            result = store_in_transaction(session, token, client_uuid, fields)
            session.commit()
            return result
        except RETRYABLE:
            session.rollback()  # the next attempt finds the copy that won, or the database back
        except BaseException:
            session.rollback()
            raise
    raise Refused(503, "The response was not stored yet; send it again shortly.")


def finish_device_draft(token: str, invitation: Any, client_uuid: str, language: str) -> None:
    """Close the draft this browser kept for the survey if it is the response just stored,
    as the form's Send button would, so the thank-you page shows and Back cannot resend."""
    if current_app.config["SESSION_COOKIE_NAME"] not in request.cookies:
        return  # a device without the survey pages' cookie (a script, another app)
    session = get_session()
    draft = drafts.load(session, token, invitation)
    if draft is not None and draft.get("client_uuid") == client_uuid:
        drafts.discard(session, token)
        drafts.mark_finished(token, language)


# CSRF rides on cookies, and this request is authorised by the token it carries, never a
# cookie; a cross-site page could not send a JSON PUT anyway without a CORS grant.
@bp.put("/responses/<client_uuid>")
@csrf.exempt
def put_response(client_uuid: str):
    """Store one completed survey under the device's UUID: 201 new, 200 again, 409 different."""
    client_uuid = parse_client_uuid(client_uuid)
    body = read_body()
    fields = parse_envelope(body)
    token = bearer_token(body)
    created, invitation = store_exactly_once(token, client_uuid, fields)
    finish_device_draft(token, invitation, client_uuid, fields["language"])
    payload = {"client_uuid": client_uuid,
               "status": "created" if created else "already_stored"}
    return jsonify(payload), 201 if created else 200


@cache
def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 description of the API, read once."""
    return yaml.safe_load(OPENAPI_PATH.read_text("utf-8"))


@bp.get("/openapi.json")
def openapi():
    """The API described as OpenAPI 3.1."""
    return jsonify(openapi_document())
