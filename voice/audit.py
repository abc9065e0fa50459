"""The audit trail: append rows to a hash chain, seal its head, and verify both.

Each `AuditEvent` stores the SHA-256 of its own fields and of the previous row's hash,
so an edited, removed or re-ordered row breaks the chain. Anyone with database access
could rebuild the whole chain, so the head is also signed (HMAC-SHA256) with AUDIT_KEY,
which lives outside the database: truncating or rewriting the tail leaves a seal that
no longer matches. Rows are written in the caller's session, so an audit row commits or
rolls back with the change it records.
"""

import hashlib
import hmac
import ipaddress
import json
import re
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import current_app, has_request_context
from sqlmodel import Session

from voice.models import AuditEvent, AuditSeal, utcnow

GENESIS_HASH = "0" * 64
SEAL_ID = 1  # one seal row, refreshed on every append
# Any constant works: every transaction that appends takes the same advisory lock.
ADVISORY_LOCK_KEY = 0x5EE4_4EA2
CHAINED_FIELDS = ("seq", "at", "actor_id", "actor_role", "action", "object_type", "object_id",
                  "la_id", "purpose", "outcome", "detail", "prev_hash")


class AuditDetailError(ValueError):
    """An audit row's detail would carry something the trail must never hold."""


# The detail column says *what kind* of thing happened (counts, codes, field names, reasons),
# never the content: no case-note text, passwords, emails or IP addresses. So detail is an
# allow-list of shapes: snake_case keys that do not name secret or personal content, and
# values that are numbers, booleans, None, short strings (<= 200 chars) without an email or
# IP address in them, or short lists of those. A key ending in _hash may name anything
# (email_hash, token_hash) because its value must be a hex digest, not the thing itself.
# Anything else raises AuditDetailError.
MAX_DETAIL_STRING = 200
MAX_DETAIL_LIST = 50
DETAIL_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
FORBIDDEN_KEY_PARTS = ("password", "secret", "token", "email", "ip", "text", "note", "body",
                       "content", "answer", "address", "nhs", "postcode", "name")
ALLOWED_KEY_PARTS = ("field", "fields", "code", "purpose", "role", "kind", "reason")
HEX_DIGEST = re.compile(r"^[0-9a-f]{8,64}$")
EMAIL_LIKE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
IPV4_LIKE = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
IPV6_CANDIDATE = re.compile(r"[0-9A-Fa-f:]*:[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*")


def _key_is_allowed(key: str, value: Any) -> bool:
    parts = key.split("_")
    if parts[-1] == "hash" and len(parts) > 1:
        return isinstance(value, str) and bool(HEX_DIGEST.match(value))
    if {"password", "secret"} & set(parts):
        return False
    if any(part in ALLOWED_KEY_PARTS for part in parts):
        return True  # e.g. "code_name", "fields_changed": about a thing, not its content
    return not any(part in FORBIDDEN_KEY_PARTS for part in parts)


def _has_ip_address(value: str) -> bool:
    if IPV4_LIKE.search(value):
        return True
    for candidate in IPV6_CANDIDATE.findall(value):  # "12:00:00" is a time, not an address
        try:
            ipaddress.IPv6Address(candidate.strip(":") if candidate.count("::") == 0 else candidate)
            return True
        except ValueError:
            continue
    return False


def _check_value(key: str, value: Any) -> None:
    if value is None or isinstance(value, (bool, int, float)):
        return
    if isinstance(value, str):
        if len(value) > MAX_DETAIL_STRING:
            raise AuditDetailError(f"Audit detail {key!r} is too long to be a label; "
                                   "record what happened, not the content.")
        if EMAIL_LIKE.search(value) or _has_ip_address(value):
            raise AuditDetailError(f"Audit detail {key!r} looks like an email or IP address.")
        return
    if isinstance(value, (list, tuple)) and len(value) <= MAX_DETAIL_LIST:
        for item in value:
            if isinstance(item, (list, tuple, dict)):
                raise AuditDetailError(f"Audit detail {key!r} may only list plain values.")
            _check_value(key, item)
        return
    raise AuditDetailError(f"Audit detail {key!r} must be a number, a short string or a short list.")


def check_detail(detail: dict[str, Any] | None) -> dict[str, Any]:
    """Return `detail` as a plain dict if it is safe to store; raise AuditDetailError if not."""
    detail = dict(detail or {})
    for key, value in detail.items():
        if not isinstance(key, str) or not DETAIL_KEY.match(key) or not _key_is_allowed(key, value):
            raise AuditDetailError(f"Audit detail key {key!r} is not allowed; use a snake_case "
                                   "label that does not name personal or secret content.")
        _check_value(key, value)
    return {k: list(v) if isinstance(v, tuple) else v for k, v in detail.items()}


LABEL_LIMITS = {"action": 60, "object_type": 40, "object_id": 64, "purpose": 30, "outcome": 10}


def check_labels(**labels: str | None) -> None:
    """Raise AuditDetailError if a label is missing (action) or longer than its column."""
    if not labels.get("action"):
        raise AuditDetailError("An audit row needs an action, like documents.read_raw.")
    for name, value in labels.items():
        if value is not None and len(value) > LABEL_LIMITS[name]:
            raise AuditDetailError(f"Audit {name} is longer than {LABEL_LIMITS[name]} characters.")


def chain_hash(fields: dict[str, Any]) -> str:
    """SHA-256 over the canonical JSON of a row's chained fields (prev_hash included)."""
    values = {name: fields[name] for name in CHAINED_FIELDS}
    values["at"] = values["at"].isoformat(timespec="microseconds")
    canonical = json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def row_hash(event: Any) -> str:
    """The hash a stored row should carry, recomputed from its fields."""
    return chain_hash({name: getattr(event, name) for name in CHAINED_FIELDS})


def seal_signature(key: str, seq: int, head_hash: str) -> str:
    """HMAC-SHA256 of the chain head under the audit key."""
    return hmac.new(key.encode("utf-8"), f"{seq}:{head_hash}".encode("ascii"),
                    hashlib.sha256).hexdigest()


def _current_actor() -> Any:
    """The signed-in user of this request, or None outside a request or when anonymous."""
    if not has_request_context() or not hasattr(current_app, "login_manager"):
        return None
    from flask_login import current_user

    return current_user._get_current_object() if current_user.is_authenticated else None


def _lock_head(session: Session) -> None:
    """Serialise appends so no two transactions read the same head (and take the same seq)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
    else:
        # SQLite has one writer at a time, but the driver begins a transaction only at the
        # first write. A write that matches no row takes the write lock (as BEGIN IMMEDIATE
        # would) before the head is read, waiting out busy_timeout if another writer holds it.
        session.execute(sa.text("UPDATE audit_seal SET seq = seq WHERE id = -1"))


def _head(session: Session) -> tuple[int, str]:
    """The last row's seq and hash (0 and the genesis hash for an empty trail)."""
    table = AuditEvent.__table__
    row = session.execute(
        sa.select(table.c.seq, table.c.hash).order_by(table.c.seq.desc()).limit(1)
    ).first()
    return (row.seq, row.hash) if row else (0, GENESIS_HASH)


def _write_seal(session: Session, key: str, seq: int, head_hash: str) -> None:
    """Refresh the single seal row to sign the new head."""
    table = AuditSeal.__table__
    values = {"seq": seq, "head_hash": head_hash, "at": utcnow(),
              "signature": seal_signature(key, seq, head_hash)}
    updated = session.execute(sa.update(table).where(table.c.id == SEAL_ID).values(**values))
    if updated.rowcount == 0:
        session.execute(sa.insert(table).values(id=SEAL_ID, **values))


def record(session: Session, action: str, *, actor: Any = None, object_type: str | None = None,
           object_id: Any = None, la_id: int | None = None, purpose: str | None = None,
           outcome: str = "ok", detail: dict[str, Any] | None = None,
           key: str | None = None) -> AuditEvent:
    """Append an audit row in `session`'s transaction, chain it and re-seal the head."""
    detail = check_detail(detail)
    object_id = None if object_id is None else str(object_id)
    check_labels(action=action, object_type=object_type, object_id=object_id, purpose=purpose,
                 outcome=outcome)
    actor = actor if actor is not None else _current_actor()
    key = key or current_app.config["AUDIT_KEY"]
    session.flush()  # the caller's pending changes go first, under the same lock
    # The lock is held until the caller commits, so every other append waits: record late
    # in a transaction and commit soon; never append from a second session while this one
    # has an uncommitted audit row (the second would wait for the first forever).
    _lock_head(session)
    last_seq, last_hash = _head(session)
    fields = {
        "seq": last_seq + 1, "at": utcnow(), "actor_id": getattr(actor, "id", None),
        "actor_role": getattr(actor, "role", None), "action": action,
        "object_type": object_type, "object_id": object_id,
        "la_id": la_id, "purpose": purpose, "outcome": outcome, "detail": detail,
        "prev_hash": last_hash,
    }
    event = AuditEvent(**fields, hash=chain_hash(fields))
    session.add(event)
    session.flush()
    _write_seal(session, key, event.seq, event.hash)
    return event


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of checking the trail: intact, or the first problem and the row it is at."""

    ok: bool
    rows: int
    kind: str | None = None  # edited, removed, reordered, truncated, unsealed, seal
    seq: int | None = None
    message: str = ""


def _problem(rows: int, kind: str, seq: int, message: str) -> VerifyResult:
    return VerifyResult(ok=False, rows=rows, kind=kind, seq=seq, message=message)


def _hash_exists(session: Session, value: str) -> bool:
    table = AuditEvent.__table__
    return value == GENESIS_HASH or session.execute(
        sa.select(table.c.seq).where(table.c.hash == value).limit(1)).first() is not None


def _check_row(session: Session, event: Any, expected_seq: int,
               prev_hash: str, rows: int) -> VerifyResult | None:
    """The first problem with one row given the row before it, or None."""
    if event.seq != expected_seq:
        last_missing = event.seq - 1
        span = f"row {expected_seq} is" if last_missing == expected_seq else \
            f"rows {expected_seq} to {last_missing} are"
        return _problem(rows, "removed", expected_seq, f"{span.capitalize()} missing: removed.")
    recomputed = row_hash(event)
    if event.prev_hash != prev_hash:
        if _hash_exists(session, event.prev_hash):
            return _problem(rows, "reordered", event.seq,
                            f"Row {event.seq} is out of order: it follows a different row.")
        if recomputed == event.hash:
            return _problem(rows, "edited", event.seq - 1,
                            f"Row {event.seq - 1} was edited and its hash recomputed.")
    if recomputed != event.hash:
        return _problem(rows, "edited", event.seq, f"Row {event.seq} was edited.")
    return None


def _check_seal(session: Session, key: str, rows: int, head_seq: int,
                head_hash: str) -> VerifyResult | None:
    """The first problem with the seal against the chain's head, or None."""
    seal = session.get(AuditSeal, SEAL_ID, populate_existing=True)
    if seal is None:
        return None if rows == 0 else _problem(
            rows, "seal", head_seq, f"The head (row {head_seq}) is not sealed.")
    expected = seal_signature(key, seal.seq, seal.head_hash)
    if not hmac.compare_digest(expected, seal.signature):
        return _problem(rows, "seal", seal.seq, f"The seal of row {seal.seq} has a wrong "
                        "signature: it was forged, or AUDIT_KEY is not the key that signed it.")
    if seal.seq > head_seq:
        return _problem(rows, "truncated", head_seq + 1, f"Rows {head_seq + 1} to {seal.seq} "
                        "were removed from the end (the seal names a later head).")
    if seal.seq < head_seq:
        return _problem(rows, "unsealed", seal.seq + 1, f"Rows {seal.seq + 1} to {head_seq} "
                        "were added outside the app (the seal names an earlier head).")
    if not hmac.compare_digest(seal.head_hash, head_hash):
        return _problem(rows, "seal", head_seq,
                        f"Row {head_seq} does not match the signed head: the chain was rebuilt.")
    return None


def verify(session: Session, key: str) -> VerifyResult:
    """Recompute the whole chain and check the signed head; report the first problem."""
    table = AuditEvent.__table__
    # Plain rows, not ORM objects: the session's identity map must not hide a raw-SQL edit.
    query = sa.select(table).order_by(table.c.seq).execution_options(yield_per=1000)
    rows, prev_hash = 0, GENESIS_HASH
    for event in session.execute(query):
        rows += 1
        problem = _check_row(session, event, rows, prev_hash, rows)
        if problem:
            return problem
        prev_hash = event.hash
    problem = _check_seal(session, key, rows, rows, prev_hash)
    if problem:
        return problem
    signed = "head signed" if rows else "nothing to sign yet"
    counted = f"{rows} row" if rows == 1 else f"{rows} rows"
    return VerifyResult(ok=True, rows=rows, message=f"Audit trail intact: {counted}, {signed}")
