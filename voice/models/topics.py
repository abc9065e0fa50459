"""Topic models: runs with everything needed to reproduce them, topics, and document links."""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, UniqueConstraint

from voice.models.base import binary_field, created_at, fk, json_field, text_field

RUN_STATUSES = ("queued", "running", "done", "failed", "cancelled")


class TopicRun(SQLModel, table=True):
    """One BERTopic fit: corpus filter, purpose, codebook version, parameters, seeds, versions."""

    __tablename__ = "topic_run"
    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(default="", max_length=200)
    purpose: str = Field(max_length=30)
    corpus_filter: dict[str, Any] = json_field(default={}, nullable=False)
    codebook_version_id: int | None = fk("codebook_version.id", nullable=True)
    params: dict[str, Any] = json_field(default={}, nullable=False)
    seeds: dict[str, Any] = json_field(default={}, nullable=False)
    package_versions: dict[str, Any] = json_field(default={}, nullable=False)
    model_path: str | None = Field(default=None, max_length=400)
    status: str = Field(default="queued", max_length=20)  # queued, running, done, failed, cancelled
    n_documents: int = Field(default=0)
    n_excluded_by_consent: int = Field(default=0)
    error: str | None = text_field()
    job_id: int | None = fk("job.id", nullable=True)
    created_by_id: int | None = fk("user_account.id", nullable=True)
    created_at: datetime = created_at()
    finished_at: datetime | None = None


class Topic(SQLModel, table=True):
    """A topic of a run, matched to the closest code when one is close enough."""

    __tablename__ = "topic"
    __table_args__ = (UniqueConstraint("run_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    run_id: int = fk("topic_run.id", ondelete="CASCADE")
    number: int  # BERTopic's topic id; -1 is the outlier topic
    label: str = Field(default="", max_length=200)
    custom_label: str | None = Field(default=None, max_length=200)  # a researcher's own name
    words: list[Any] = json_field(default=[], nullable=False)
    keybert_words: list[Any] = json_field(default=[], nullable=False)
    size: int = Field(default=0)
    matched_code_key: str | None = Field(default=None, max_length=80)
    match_score: float | None = None
    matches: list[Any] = json_field(default=[], nullable=False)  # [{code_key, code_label, score}]
    is_emergent: bool = Field(default=False)
    # Documents, not copies of their text: a withdrawn or erased document drops out by itself.
    representative_document_ids: list[Any] = json_field(default=[], nullable=False)
    promoted_code_key: str | None = Field(default=None, max_length=80)


class DocumentTopic(SQLModel, table=True):
    """Which topic a document was assigned to in a run."""

    __tablename__ = "document_topic"
    document_id: int = Field(
        sa_column=sa.Column(sa.Integer, sa.ForeignKey("document.id", ondelete="CASCADE"),
                            primary_key=True))
    topic_id: int = Field(
        sa_column=sa.Column(sa.Integer, sa.ForeignKey("topic.id", ondelete="CASCADE"),
                            primary_key=True, index=True))
    probability: float | None = None


class EmbeddingCache(SQLModel, table=True):
    """A sentence embedding cached by the hash of the redacted text and the model that made it."""

    __tablename__ = "embedding_cache"
    content_hash: str = Field(max_length=64, primary_key=True)
    model: str = Field(max_length=80, primary_key=True)
    dim: int
    vector: bytes | None = binary_field(nullable=False)
    created_at: datetime = created_at()
