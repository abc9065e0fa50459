"""The audit trail: append-only, hash-chained rows, and signed seals of the chain's head."""

from datetime import datetime
from typing import Any

from sqlmodel import Field, SQLModel

from voice.models.base import created_at, fk, json_field


class AuditEvent(SQLModel, table=True):
    """Who did what to which object, when, for which purpose. Never the content of a record.

    `seq` orders the chain; `hash` covers this row's fields and `prev_hash`, so an edited,
    removed or re-ordered row breaks every hash after it.
    """

    __tablename__ = "audit_event"
    id: int | None = Field(default=None, primary_key=True)
    seq: int = Field(unique=True, index=True)
    at: datetime = created_at()
    actor_id: int | None = fk("user_account.id", nullable=True)
    actor_role: str | None = Field(default=None, max_length=20)
    action: str = Field(max_length=60, index=True)
    object_type: str | None = Field(default=None, max_length=40)
    object_id: str | None = Field(default=None, max_length=64)
    la_id: int | None = fk("local_authority.id", nullable=True)
    purpose: str | None = Field(default=None, max_length=30)
    outcome: str = Field(default="ok", max_length=10)  # ok, denied
    detail: dict[str, Any] = json_field(default={}, nullable=False)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class AuditSeal(SQLModel, table=True):
    """An HMAC signature of the chain head under a key held outside the database.

    Removing rows from the end of the chain leaves a seal that names a missing head.
    """

    __tablename__ = "audit_seal"
    id: int | None = Field(default=None, primary_key=True)
    seq: int
    head_hash: str = Field(max_length=64)
    signature: str = Field(max_length=64)
    at: datetime = created_at()
