"""The rows of one response, written with few statements in the caller's transaction.

Submissions arrive in bursts (a class on tablets, a kiosk, devices coming back online), so
this is the hot path of capture: the response row is inserted with ON CONFLICT DO NOTHING,
which settles a race between two copies of the same response inside the database (the
second waits for the first to commit, then inserts nothing) without a savepoint or retry;
answers, consents and free-text documents are each one multi-row INSERT.
"""

import hashlib
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from voice.crypto import app_fernet
from voice.models import Answer, ConsentRecord, Document, Response, utcnow

PENDING_REDACTION = "pending"  # redacted by the survey_text_redaction job after the commit

_INSERTS: dict[str, Callable[..., Any]] = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
_insert_once_statements: dict[str, Any] = {}


def _insert_once_statement(dialect: str) -> Any:
    statement = _insert_once_statements.get(dialect)
    if statement is None:
        table = Response.__table__
        statement = (_INSERTS[dialect](table)
                     .on_conflict_do_nothing(index_elements=[table.c.survey_id, table.c.client_uuid])
                     .returning(table.c.id))
        _insert_once_statements[dialect] = statement
    return statement


def insert_once(session: Session, values: dict[str, Any]) -> int | None:
    """Insert a response row; its id, or None if this survey already has its client_uuid."""
    connection = session.connection()
    statement = _insert_once_statement(connection.dialect.name)
    return connection.execute(statement, values).scalar()


def _insert_rows(session: Session, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    # One INSERT with a VALUES row each: one round trip, where executemany may take several.
    session.connection().execute(sa.insert(table).values(rows))


def insert_response_postgresql(session: Session, values: dict[str, Any], kept: dict[str, Any],
                               consents: dict[str, bool], token_hash: str | None = None) -> Any:
    """PostgreSQL: the response, its answers and consents in one statement (one round trip).

    Data-modifying CTEs: the answers and consents are inserted from the new response's id, so
    when the client_uuid is already stored (ON CONFLICT DO NOTHING returns no row) nothing
    else is inserted either. Returns the new id, or None as insert_once does.

    With `token_hash`, the response's invitation, authority, area and respondent are taken
    from the invitation in the same statement, which inserts only if that link is usable now
    and has no use limit (kiosk and reusable links; a counted link needs its own UPDATE).
    It then returns the new row (id and the invitation's columns), or None for anything else
    (stored before, unknown, expired, revoked, limited): the caller decides those the slow way.
    """
    params = {f"r_{name}": value for name, value in values.items()}
    for i, (key, value) in enumerate(kept.items()):
        params.update({f"a{i}_key": key, f"a{i}_value": value,
                       f"a{i}_text": value if isinstance(value, str) else None,
                       f"a{i}_number": value if is_number(value) else None})
    for i, (purpose, granted) in enumerate(consents.items()):
        params.update({f"c{i}_purpose": purpose, f"c{i}_granted": granted})
    params["c_recorded_at"] = values["received_at"]
    via_invitation = token_hash is not None
    if via_invitation:
        params["i_token_hash"] = token_hash
        for column in INVITATION_COLUMNS:
            params.pop(f"r_{column}", None)
    connection = session.connection()
    sql = _one_statement(tuple(c for c in values if f"r_{c}" in params), len(kept),
                         len(consents), via_invitation, connection.dialect)
    # The SQL is compiled once and handed to psycopg as it is (which prepares it): a tenth of
    # the request went on SQLAlchemy compiling and processing the parameters of each execute.
    dumps = connection.dialect._json_serializer or json.dumps
    for i in range(len(kept)):
        params[f"a{i}_value"] = dumps(params[f"a{i}_value"])
    result = connection.exec_driver_sql(sql, params)
    return result.first() if via_invitation else result.scalar()


# Response columns that come from the invitation row when the statement reads it.
INVITATION_COLUMNS = {"invitation_id": "id", "la_id": "la_id", "area_id": "area_id",
                      "respondent_id": "respondent_id"}
_one_statements: dict[tuple[tuple[str, ...], int, int, bool, str], str] = {}


def _one_statement(columns: tuple[str, ...], answers: int, consents: int,
                   via_invitation: bool, dialect: sa.Dialect) -> str:
    """The statement for this many answers and consents, compiled for the driver once.

    Answer values are bound as JSON text (the caller serialises them): the statement casts
    them, so the driver needs no type of ours.
    """
    key = (columns, answers, consents, via_invitation, dialect.name)
    if key in _one_statements:
        return _one_statements[key]
    # The SQL is built from our own column names and numbered placeholders only; every value
    # is a bound parameter, so nothing sent by a device reaches the text of the statement.
    if via_invitation:
        inserted = (*columns, *INVITATION_COLUMNS)
        sources = [f":r_{c}" for c in columns] + [f"usable.{c}" for c in INVITATION_COLUMNS.values()]
        parts = ["WITH usable AS (SELECT * FROM invitation WHERE token_hash = :i_token_hash "
                 "AND survey_id = :r_survey_id AND revoked_at IS NULL AND uses_allowed IS NULL "
                 "AND (expires_at IS NULL OR expires_at > :r_received_at)), "
                 f"new_response AS (INSERT INTO response ({', '.join(inserted)}) "  # nosec B608
                 f"SELECT {', '.join(sources)} FROM usable "
                 "ON CONFLICT (survey_id, client_uuid) DO NOTHING RETURNING id, respondent_id)"]
        respondent = "new_response.respondent_id"
    else:
        parts = [f"WITH new_response AS (INSERT INTO response ({', '.join(columns)}) VALUES "  # nosec B608
                 f"({', '.join(f':r_{c}' for c in columns)}) "
                 "ON CONFLICT (survey_id, client_uuid) DO NOTHING RETURNING id)"]
        respondent = "CAST(:r_respondent_id AS INTEGER)"
    if answers:
        rows = ", ".join(f"(CAST(:a{i}_key AS VARCHAR), CAST(:a{i}_value AS JSON), "
                         f"CAST(:a{i}_text AS TEXT), CAST(:a{i}_number AS DOUBLE PRECISION))"
                         for i in range(answers))
        parts.append(", new_answers AS (INSERT INTO answer (response_id, question_key, value, "  # nosec B608
                     "value_text, value_number) SELECT new_response.id, v.* FROM new_response, "
                     f"(VALUES {rows}) AS v)")
    if consents:
        rows = ", ".join(f"(CAST(:c{i}_purpose AS VARCHAR), CAST(:c{i}_granted AS BOOLEAN))"
                         for i in range(consents))
        parts.append(", new_consents AS (INSERT INTO consent_record (respondent_id, response_id, "  # nosec B608
                     "document_id, purpose, granted, source, recorded_by_id, recorded_at) "
                     f"SELECT {respondent}, new_response.id, NULL, v.purpose, "
                     "v.granted, 'survey', NULL, :c_recorded_at FROM new_response, "
                     f"(VALUES {rows}) AS v (purpose, granted))")
    parts.append(" SELECT new_response.id AS response_id, usable.* FROM new_response, usable"
                 if via_invitation else " SELECT id FROM new_response")
    sql = str(sa.text("".join(parts)).compile(dialect=dialect))
    _one_statements[key] = sql
    return sql


def is_number(value: Any) -> bool:
    """Whether a JSON value is a number (true and false are not)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def insert_answers(session: Session, response_id: int, kept: dict[str, Any]) -> None:
    """One row per answer: the exact JSON, and the text or number again for counting."""
    if kept:
        _insert_rows(session, Answer.__table__, [
            {"response_id": response_id, "question_key": key, "value": value,
             "value_text": value if isinstance(value, str) else None,
             "value_number": value if is_number(value) else None}
            for key, value in kept.items()])


def insert_consents(session: Session, response: Response, consents: dict[str, bool]) -> None:
    """One consent record per purpose, made by the respondent with this response."""
    if consents:
        now = utcnow()
        _insert_rows(session, ConsentRecord.__table__, [
            {"respondent_id": response.respondent_id, "response_id": response.id,
             "document_id": None, "purpose": purpose, "granted": granted, "source": "survey",
             "recorded_by_id": None, "recorded_at": now}
            for purpose, granted in consents.items()])


def insert_documents(session: Session, response: Response, survey_key: str,
                     texts: dict[str, str]) -> None:
    """A document per free-text answer: raw text encrypted now, redacted after the commit."""
    if not texts:
        return
    fernet, now = app_fernet(), utcnow()
    _insert_rows(session, Document.__table__, [
        {"la_id": response.la_id, "area_id": response.area_id,
         "respondent_id": response.respondent_id, "kind": "survey_text",
         "title": f"{survey_key}: {key}"[:200], "author_role": None,
         "occurred_on": response.submitted_at.date(),
         "raw_ciphertext": fernet.encrypt(text.encode("utf-8")), "redacted_text": "",
         "redaction_version": PENDING_REDACTION, "content_hash": _text_hash(response, key, text),
         "response_id": response.id, "question_key": key, "import_batch_id": None,
         "created_at": now}
        for key, text in texts.items()])


def _text_hash(response: Response, key: str, text: str) -> str:
    return hashlib.sha256(f"{response.survey_id}:{response.client_uuid}:{key}:{text}"
                          .encode("utf-8")).hexdigest()


def response_values(*, client_uuid: str, survey_id: int, survey_version_id: int,
                    respondent_id: int | None, invitation_id: int | None, la_id: int,
                    area_id: int | None, language: str, content_hash: str,
                    submitted_at: datetime) -> dict[str, Any]:
    """Every column of a new response row."""
    return {"client_uuid": client_uuid, "survey_id": survey_id,
            "survey_version_id": survey_version_id, "respondent_id": respondent_id,
            "invitation_id": invitation_id, "la_id": la_id, "area_id": area_id,
            "language": language, "content_hash": content_hash, "submitted_at": submitted_at,
            "received_at": utcnow(), "safeguarding_flag": False}
