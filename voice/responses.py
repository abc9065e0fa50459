"""Store a completed survey: check the answers against the version answered, then write the
response, its answers, consents and free-text documents in the caller's transaction.

One function serves the web form, the JSON API and offline replays. `client_uuid` is made on
the device, so sending the same response twice stores it once; sending different content
under the same uuid is a conflict, never a silent overwrite.
"""

import hashlib
import json
import math
from datetime import datetime
from typing import Any

from sqlalchemy.orm import make_transient_to_detached
from sqlmodel import Session, select

from voice.models import PURPOSES, Response, SurveyVersion
from voice.published_versions import PublishedVersion, as_published
from voice.response_rows import (insert_answers, insert_consents, insert_documents, insert_once,
                                 insert_response_postgresql, is_number, response_values)
from voice.safeguarding import flag_response
from voice.surveys.definition import is_shown
from voice.survey_text_redaction import queue_after_commit

CLIENT_UUID_MAX = 36
MAX_INTEGER = 2**53  # beyond this a number does not survive JSON in a browser anyway


class InvalidResponse(ValueError):
    """Answers that do not fit the survey; `errors` maps each field to a message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors


class ResponseConflict(ValueError):
    """A response with this client_uuid is already stored with different content."""


def unstorable(value: Any) -> str | None:
    """Why a JSON value cannot be stored (a NUL, a number too big or not finite), or None.

    PostgreSQL refuses NUL in text and NaN or Infinity in JSON, so these are a 400 naming the
    field, never a 500 from the database.
    """
    if isinstance(value, str):
        return "Remove the NUL character from this answer." if "\x00" in value else None
    if isinstance(value, float) and not math.isfinite(value):
        return "Send a number, not NaN or Infinity."
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INTEGER:
        return "This number is too big."
    if isinstance(value, dict):
        value = [*value, *value.values()]
    items = value if isinstance(value, list) else []
    return next((problem for problem in map(unstorable, items) if problem), None)


def _option_values(question: dict[str, Any]) -> list[Any]:
    return [option["value"] for option in question.get("options") or []]


def _check_choice(question: dict[str, Any], value: Any) -> str | None:
    if value not in _option_values(question) or isinstance(value, (list, dict, bool)):
        return "Choose one of the answers listed."
    return None


def _check_multiple(question: dict[str, Any], value: Any) -> str | None:
    if not isinstance(value, list):
        return "Send the chosen answers as a list."
    allowed = _option_values(question)
    if any(isinstance(item, (list, dict, bool)) or item not in allowed for item in value):
        return "Choose only answers from the list."
    if len(set(map(str, value))) != len(value):
        return "Choose each answer only once."
    return None


def _check_text(question: dict[str, Any], value: Any) -> str | None:
    if not isinstance(value, str):
        return "Send the answer as text."
    limit = question.get("max_length")
    if limit is not None and len(value) > limit:
        return f"Your answer must be {limit} characters or fewer; you wrote {len(value)}."
    return None


def _check_number(question: dict[str, Any], value: Any) -> str | None:
    low, high = (0, 10) if question["type"] == "scale_0_10" else (question.get("min"), question.get("max"))
    whole = question["type"] == "scale_0_10" or question.get("integer")
    if not is_number(value) or (whole and value != int(value)):
        return "Enter a whole number." if whole else "Enter a number."
    if (low is not None and value < low) or (high is not None and value > high):
        return f"Enter a number from {low if low is not None else 'any'} to {high if high is not None else 'any'}."
    return None


def _check_month_year(_question: dict[str, Any], value: Any) -> str | None:
    parts = value.split("-") if isinstance(value, str) else []
    if (len(parts) != 2 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4
            or not 1 <= int(parts[1]) <= 12):
        return "Enter a month and year, like 2026-09."
    return None


CHECKS = {"single_choice": _check_choice, "face_scale": _check_choice, "yes_no": _check_choice,
          "yes_no_not_sure": _check_choice, "multiple_choice": _check_multiple,
          "short_text": _check_text, "long_text": _check_text, "scale_0_10": _check_number,
          "number": _check_number, "month_year": _check_month_year}


def check_answer(question: dict[str, Any], value: Any) -> str | None:
    """Why an answer does not fit its question (in English, for the API), or None if it fits."""
    return CHECKS[question["type"]](question, value)


def _is_blank(value: Any) -> bool:
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def check_answers(definition: dict[str, Any], answers: Any) -> dict[str, Any]:
    """The answers to store (skipped and not-asked ones left out); raise InvalidResponse if any
    answer does not fit its question."""
    if not isinstance(answers, dict):
        raise InvalidResponse({"answers": "Send the answers as an object of question keys."})
    questions = {q["key"]: q for q in definition["questions"]}
    errors = {key: "There is no such question in this survey." for key in answers
              if key not in questions or questions[key]["type"] == "note"}
    kept: dict[str, Any] = {}
    for question in definition["questions"]:
        key = question["key"]
        if key in errors or question["type"] == "note" or not is_shown(question, kept):
            continue  # an answer to a question that was not asked is dropped, not stored
        value = answers.get(key)
        if _is_blank(value):
            if question.get("required"):
                errors[key] = "Answer this question."
            continue
        message = unstorable(value) or CHECKS[question["type"]](question, value)
        if message:
            errors[key] = message
        else:
            kept[key] = value
    if errors:
        raise InvalidResponse(errors)
    return kept


def check_consents(consents: Any) -> dict[str, bool]:
    """Consents by purpose as {purpose: bool}; raise InvalidResponse if malformed."""
    if not isinstance(consents, dict):
        raise InvalidResponse({"consents": "Send consents as an object of purpose: true/false."})
    errors = {f"consents.{p}": f"Unknown purpose; use one of: {', '.join(PURPOSES)}."
              for p in consents if p not in PURPOSES}
    errors.update({f"consents.{p}": "Send true or false." for p, granted in consents.items()
                   if p in PURPOSES and not isinstance(granted, bool)})
    if errors:
        raise InvalidResponse(errors)
    return dict(consents)


def response_hash(version_id: int, answers: dict[str, Any], consents: dict[str, bool],
                  language: str) -> str:
    """SHA-256 of the canonical JSON of what was answered (not when or where it was sent)."""
    canonical = json.dumps({"version": version_id, "answers": answers, "consents": consents,
                            "language": language}, sort_keys=True, ensure_ascii=False,
                           separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def find_response(session: Session, survey_id: int, client_uuid: str) -> Response | None:
    """The stored response with this client_uuid, if any."""
    return session.exec(select(Response).where(Response.survey_id == survey_id,
                                               Response.client_uuid == client_uuid)).first()


def _same_or_conflict(existing: Response, digest: str) -> tuple[Response, bool]:
    if existing.content_hash != digest:
        raise ResponseConflict("A different response was already sent with this id; "
                               "start the survey again to send a new one.")
    return existing, False


def _check_all(definition: dict[str, Any], client_uuid: Any, answers: Any, consents: Any,
               language: Any) -> tuple[dict[str, Any], dict[str, bool]]:
    """Every check at once, so the sender hears of every problem in one reply."""
    errors: dict[str, str] = {}
    if (not isinstance(client_uuid, str) or not 8 <= len(client_uuid) <= CLIENT_UUID_MAX
            or "\x00" in client_uuid):
        errors["client_uuid"] = "Send the id the device made for this response (up to 36 characters)."
    if language not in definition["languages"]:
        errors["language"] = f"Use one of the survey's languages: {', '.join(definition['languages'])}."
    kept: dict[str, Any] = {}
    checked: dict[str, bool] = {}
    try:
        kept = check_answers(definition, answers)
    except InvalidResponse as error:
        errors.update(error.errors)
    try:
        checked = check_consents(consents)
    except InvalidResponse as error:
        errors.update(error.errors)
    if errors:
        raise InvalidResponse(errors)
    return kept, checked


def store_response(session: Session, *, survey_version: SurveyVersion | PublishedVersion,
                   client_uuid: str, answers: dict, consents: dict[str, bool], language: str,
                   submitted_at: datetime, la_id: int, area_id: int | None,
                   respondent_id: int | None, invitation_id: int | None) -> tuple[Response, bool]:
    """Check and store one response; return (response, created). Same content again returns
    the stored one; different content under the same client_uuid raises ResponseConflict.

    Free text is encrypted and checked for safeguarding here; it is redacted by a job queued
    when the caller's transaction commits.
    """
    version = as_published(session, survey_version)
    kept, consents = _check_all(version.definition, client_uuid, answers, consents, language)
    digest = response_hash(version.id, kept, consents, language)
    values = response_values(client_uuid=client_uuid, survey_id=version.survey_id,
                             survey_version_id=version.id, respondent_id=respondent_id,
                             invitation_id=invitation_id, la_id=la_id, area_id=area_id,
                             language=language, content_hash=digest, submitted_at=submitted_at)
    one_statement = session.get_bind().dialect.name == "postgresql"
    new_id = (insert_response_postgresql(session, values, kept, consents) if one_statement
              else insert_once(session, values))
    if new_id is None:  # stored before, or by a concurrent request that has now committed
        existing = find_response(session, version.survey_id, client_uuid)
        if existing is None:  # pragma: no cover - deleted between the two statements
            raise ResponseConflict("This response could not be stored; send it again.")
        return _same_or_conflict(existing, digest)
    response = Response(id=new_id, **values)
    if not one_statement:
        insert_answers(session, new_id, kept)
        insert_consents(session, response, consents)
    _store_texts(session, version, response, kept)
    return response, True


def store_via_invitation(session: Session, *, survey_version: PublishedVersion, token_hash: str,
                         client_uuid: str, answers: dict, consents: dict[str, bool],
                         language: str, submitted_at: datetime) -> tuple[int, Any] | None:
    """PostgreSQL's fast path for a new response through a kiosk or reusable link.

    The invitation is read by the statement that inserts the response, so storing one costs
    one round trip. Returns (response id, invitation row) when it was stored; None when anything
    needs the careful path: invalid answers, a replay, or a link that is unknown, for another
    survey, expired, revoked or counted. Nothing has been written when it returns None.
    """
    if session.get_bind().dialect.name != "postgresql":
        return None
    try:
        kept, consents = _check_all(survey_version.definition, client_uuid, answers, consents,
                                    language)
    except InvalidResponse:
        return None  # the careful path reports the token's problems before the answers'
    digest = response_hash(survey_version.id, kept, consents, language)
    values = response_values(client_uuid=client_uuid, survey_id=survey_version.survey_id,
                             survey_version_id=survey_version.id, respondent_id=None,
                             invitation_id=None, la_id=0, area_id=None, language=language,
                             content_hash=digest, submitted_at=submitted_at)
    row = insert_response_postgresql(session, values, kept, consents, token_hash)
    if row is None:
        return None
    if any(key in kept for key in survey_version.text_keys):
        # Only free text needs the ORM object (documents, the safeguarding flag); building
        # one for every submission was a tenth of the request.
        values.update(invitation_id=row.id, la_id=row.la_id, area_id=row.area_id,
                      respondent_id=row.respondent_id)
        _store_texts(session, survey_version, Response(id=row.response_id, **values), kept)
    return row.response_id, row


def _store_texts(session: Session, version: PublishedVersion, response: Response,
                 kept: dict[str, Any]) -> None:
    """Free-text answers: encrypted documents, the safeguarding check, redaction queued."""
    texts = {key: kept[key] for key in version.text_keys if key in kept}
    if texts:
        insert_documents(session, response, version.survey_key, texts)
        # The session must know the row to mark it flagged; it was inserted without the ORM.
        make_transient_to_detached(response)
        session.add(response)
        flag_response(session, response, texts)
        queue_after_commit(session)
