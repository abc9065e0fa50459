"""Narrative records: case notes, Pathway Plans and survey free text, and their imports."""

from datetime import date, datetime
from typing import Any

from sqlmodel import Field, SQLModel, UniqueConstraint

from voice.models.base import binary_field, created_at, fk, json_field, text_field

DOCUMENT_KINDS = ("case_note", "pathway_plan", "survey_text")


class ImportBatch(SQLModel, table=True):
    """One file imported: what was read, imported, skipped and rejected (with rows and reasons)."""

    __tablename__ = "import_batch"
    id: int | None = Field(default=None, primary_key=True)
    la_id: int = fk("local_authority.id")
    kind: str = Field(max_length=20)
    filename: str = Field(max_length=255)
    file_hash: str = Field(max_length=64, index=True)
    status: str = Field(default="running", max_length=20)  # running, done, failed
    rows_read: int = Field(default=0)
    imported: int = Field(default=0)
    duplicates: int = Field(default=0)
    rejected: int = Field(default=0)
    report: dict[str, Any] = json_field(default={}, nullable=False)
    job_id: int | None = fk("job.id", nullable=True)
    created_by_id: int | None = fk("user_account.id", nullable=True)
    created_at: datetime = created_at()


class Document(SQLModel, table=True):
    """A text about a person. The raw text is Fernet ciphertext; analysis uses `redacted_text`.

    `content_hash` (of the raw text, per authority) makes re-imports idempotent.
    """

    __tablename__ = "document"
    __table_args__ = (UniqueConstraint("la_id", "content_hash"),)
    id: int | None = Field(default=None, primary_key=True)
    la_id: int = fk("local_authority.id")
    area_id: int | None = fk("area.id", nullable=True)
    respondent_id: int | None = fk("respondent.id", nullable=True)
    kind: str = Field(max_length=20, index=True)
    title: str = Field(default="", max_length=200)
    author_role: str | None = Field(default=None, max_length=60)
    occurred_on: date | None = Field(default=None, index=True)
    raw_ciphertext: bytes | None = binary_field()
    redacted_text: str = text_field(nullable=False, default="")
    redaction_version: str = Field(default="", max_length=40)
    content_hash: str = Field(max_length=64)
    response_id: int | None = fk("response.id", nullable=True)
    question_key: str | None = Field(default=None, max_length=60)
    import_batch_id: int | None = fk("import_batch.id", nullable=True)
    created_at: datetime = created_at()
