"""Background jobs as rows: state and progress that pages and the CLI can show."""

from datetime import datetime
from typing import Any

from sqlmodel import Field, SQLModel

from voice.models.base import created_at, fk, json_field, text_field

JOB_STATES = ("queued", "running", "done", "failed", "cancelled")


class Job(SQLModel, table=True):
    """A unit of long work run by a Huey worker. The worker owns `state` and the progress fields."""

    __tablename__ = "job"
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=40, index=True)
    state: str = Field(default="queued", max_length=10, index=True)
    done: int = Field(default=0)
    total: int | None = None
    message: str = Field(default="", max_length=500)
    params: dict[str, Any] = json_field(default={}, nullable=False)
    result: dict[str, Any] = json_field(default={}, nullable=False)
    error: str | None = text_field()
    attempts: int = Field(default=0)
    max_attempts: int = Field(default=2)
    la_id: int | None = fk("local_authority.id", nullable=True)
    created_by_id: int | None = fk("user_account.id", nullable=True)
    created_at: datetime = created_at()
    started_at: datetime | None = None
    heartbeat_at: datetime | None = None
    finished_at: datetime | None = None
