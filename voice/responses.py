"""Store a completed survey: check the answers against the version answered, then write the
response, its answers, consents and free-text documents in the caller's transaction.

One function serves the web form, the JSON API and offline replays. `client_uuid` is made on
the device, so sending the same response twice stores it once; sending different content
under the same uuid is a conflict, never a silent overwrite.
"""

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from voice.crypto import encrypt_text
from voice.models import (PURPOSES, Answer, ConsentRecord, Document, Response, Survey,
                          SurveyVersion)
from voice.safeguarding import flag_response
from voice.surveys.builtin import TEXT_TYPES
from voice.surveys.definition import is_shown

try:  # the redaction library is optional at import time; documents wait for it if absent
    from coding.redact import redact
except ImportError:  # pragma: no cover - depends on what is installed
    redact = None

REDACTION_VERSION = "redact-1"
PENDING_REDACTION = "pending"
CLIENT_UUID_MAX = 36


class InvalidResponse(ValueError):
    """Answers that do not fit the survey; `errors` maps each field to a message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors


class ResponseConflict(ValueError):
    """A response with this client_uuid is already stored with different content."""


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


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
    if not _is_number(value) or (whole and value != int(value)):
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
        message = CHECKS[question["type"]](question, value)
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
    if not isinstance(client_uuid, str) or not 8 <= len(client_uuid) <= CLIENT_UUID_MAX:
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


def store_response(session: Session, *, survey_version: SurveyVersion, client_uuid: str,
                   answers: dict, consents: dict[str, bool], language: str,
                   submitted_at: datetime, la_id: int, area_id: int | None,
                   respondent_id: int | None, invitation_id: int | None) -> tuple[Response, bool]:
    """Check and store one response; return (response, created). Same content again returns
    the stored one; different content under the same client_uuid raises ResponseConflict."""
    definition = survey_version.definition
    kept, consents = _check_all(definition, client_uuid, answers, consents, language)
    digest = response_hash(survey_version.id, kept, consents, language)
    existing = find_response(session, survey_version.survey_id, client_uuid)
    if existing is not None:
        return _same_or_conflict(existing, digest)
    response = Response(client_uuid=client_uuid, survey_id=survey_version.survey_id,
                        survey_version_id=survey_version.id, respondent_id=respondent_id,
                        invitation_id=invitation_id, la_id=la_id, area_id=area_id,
                        language=language, content_hash=digest, submitted_at=submitted_at)
    try:
        _insert_once(session, response)
    except IntegrityError:  # a concurrent request stored the same uuid first
        existing = find_response(session, survey_version.survey_id, client_uuid)
        if existing is None:
            raise
        return _same_or_conflict(existing, digest)
    _store_parts(session, response, definition, kept, consents)
    return response, True


def _insert_once(session: Session, response: Response) -> None:
    # A savepoint keeps the caller's transaction usable if the unique constraint fires. On
    # SQLite, writers are serialised and a savepoint opened before any write would commit on
    # release, so the plain flush is both safe and correct there.
    if session.get_bind().dialect.name == "sqlite":
        session.add(response)
        session.flush()
        return
    with session.begin_nested():
        session.add(response)
        session.flush()


def _store_parts(session: Session, response: Response, definition: dict[str, Any],
                 kept: dict[str, Any], consents: dict[str, bool]) -> None:
    for key, value in kept.items():
        session.add(Answer(response_id=response.id, question_key=key, value=value,
                           value_text=value if isinstance(value, str) else None,
                           value_number=value if _is_number(value) else None))
    for purpose, granted in consents.items():
        session.add(ConsentRecord(respondent_id=response.respondent_id, response_id=response.id,
                                  purpose=purpose, granted=granted, source="survey"))
    texts = {q["key"]: kept[q["key"]] for q in definition["questions"]
             if q["type"] in TEXT_TYPES and q["key"] in kept}
    survey_key = session.get(Survey, response.survey_id).key
    for key, text in texts.items():
        session.add(_document(response, survey_key, key, text))
    session.flush()
    if texts:
        flag_response(session, response, texts)


def redacted(text: str) -> tuple[str, str]:
    """(redacted text, redaction version); ('', 'pending') if redaction cannot run here."""
    if redact is None:
        return "", PENDING_REDACTION
    try:
        return redact(text).text, REDACTION_VERSION
    except (OSError, ImportError):  # the spaCy model is missing: redact later, never store raw
        return "", PENDING_REDACTION


def _document(response: Response, survey_key: str, key: str, text: str) -> Document:
    digest = hashlib.sha256(f"{response.survey_id}:{response.client_uuid}:{key}:{text}"
                            .encode("utf-8")).hexdigest()
    redacted_text, version = redacted(text)
    return Document(la_id=response.la_id, area_id=response.area_id,
                    respondent_id=response.respondent_id, kind="survey_text",
                    title=f"{survey_key}: {key}", raw_ciphertext=encrypt_text(text),
                    redacted_text=redacted_text, redaction_version=version, content_hash=digest,
                    response_id=response.id, question_key=key,
                    occurred_on=response.submitted_at.date())
