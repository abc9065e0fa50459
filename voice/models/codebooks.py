"""The shared codebook and the coding done with it: excerpts, code applications, memos."""

from datetime import datetime
from typing import Any

from sqlmodel import Field, SQLModel, UniqueConstraint

from voice.models.base import created_at, fk, json_field, text_field

APPLICATION_SOURCES = ("human", "rule", "model", "topic")
APPLICATION_STATUSES = ("suggested", "accepted", "rejected")


class Codebook(SQLModel, table=True):
    """A codebook known by a stable key; its content lives in versions."""

    __tablename__ = "codebook"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=60, unique=True, index=True)
    title: str = Field(max_length=200)
    created_at: datetime = created_at()


class CodebookVersion(SQLModel, table=True):
    """An immutable version of a codebook; editing a code makes a new one."""

    __tablename__ = "codebook_version"
    __table_args__ = (UniqueConstraint("codebook_id", "version"),)
    id: int | None = Field(default=None, primary_key=True)
    codebook_id: int = fk("codebook.id")
    version: int
    definition: dict[str, Any] = json_field(default={}, nullable=False)
    content_hash: str = Field(max_length=64)
    created_by_id: int | None = fk("user_account.id", nullable=True)
    created_at: datetime = created_at()


class Code(SQLModel, table=True):
    """One code of one codebook version. `key` and `guid` are stable across versions."""

    __tablename__ = "code"
    __table_args__ = (UniqueConstraint("codebook_version_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    codebook_version_id: int = fk("codebook_version.id")
    key: str = Field(max_length=80)
    guid: str = Field(max_length=36, index=True)
    parent_id: int | None = fk("code.id", nullable=True)
    label: str = Field(max_length=200)
    definition: str = text_field(nullable=False, default="")
    colour: str = Field(default="#1d70b8", max_length=7)
    dimensions: list[int] = json_field(default=[], nullable=False)
    details: dict[str, Any] = json_field(default={}, nullable=False)  # when to use, examples, rules
    status: str = Field(default="active", max_length=10)  # active, retired, merged
    merged_into_key: str | None = Field(default=None, max_length=80)


class Excerpt(SQLModel, table=True):
    """A span of a document's redacted text, as character offsets [start, end)."""

    __tablename__ = "excerpt"
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = fk("document.id", ondelete="CASCADE")
    start: int
    end: int
    created_by_id: int | None = fk("user_account.id", nullable=True)
    created_at: datetime = created_at()


class CodeApplication(SQLModel, table=True):
    """A code on an excerpt, by a person, a rule, a model or a topic; suggestions await a decision."""

    __tablename__ = "code_application"
    id: int | None = Field(default=None, primary_key=True)
    excerpt_id: int = fk("excerpt.id", ondelete="CASCADE")
    code_id: int = fk("code.id")
    codebook_version_id: int = fk("codebook_version.id")
    source: str = Field(default="human", max_length=10)
    status: str = Field(default="accepted", max_length=10)
    coder_id: int | None = fk("user_account.id", nullable=True)
    confidence: float | None = None
    matched: str | None = Field(default=None, max_length=200)  # the words a rule matched
    created_at: datetime = created_at()
    decided_by_id: int | None = fk("user_account.id", nullable=True)
    decided_at: datetime | None = None
    # When a code is merged or retired its applications move to the newest version's code;
    # this keeps the code they were first made with (codebook_version_id keeps its version).
    mapped_from_code_id: int | None = fk("code.id", nullable=True, index=False)


class Memo(SQLModel, table=True):
    """A note on an excerpt, a code or a document."""

    __tablename__ = "memo"
    id: int | None = Field(default=None, primary_key=True)
    target_type: str = Field(max_length=20)  # excerpt, code, document
    target_id: int = Field(index=True)
    author_id: int | None = fk("user_account.id", nullable=True)
    text: str = text_field(nullable=False, default="")
    created_at: datetime = created_at()


class CodingSample(SQLModel, table=True):
    """A double-coding sample: a share of documents, each coded by every assigned coder."""

    __tablename__ = "coding_sample"
    id: int | None = Field(default=None, primary_key=True)
    codebook_id: int = fk("codebook.id")
    la_id: int | None = fk("local_authority.id", nullable=True)
    kind: str | None = Field(default=None, max_length=20)
    percent: float
    created_by_id: int | None = fk("user_account.id", nullable=True)
    created_at: datetime = created_at()


class CodingAssignment(SQLModel, table=True):
    """One document of a sample given to one coder; their applications on it are their judgement."""

    __tablename__ = "coding_assignment"
    __table_args__ = (UniqueConstraint("sample_id", "document_id", "coder_id"),)
    id: int | None = Field(default=None, primary_key=True)
    sample_id: int = fk("coding_sample.id", ondelete="CASCADE")
    document_id: int = fk("document.id", ondelete="CASCADE")
    coder_id: int = fk("user_account.id")
    done_at: datetime | None = None
