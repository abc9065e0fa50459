"""Surveys: definitions with versions and questions, invitations, responses and answers."""

from datetime import datetime
from typing import Any

from sqlmodel import Field, SQLModel, UniqueConstraint

from voice.models.base import binary_field, created_at, fk, json_field, text_field


class Survey(SQLModel, table=True):
    """A survey people answer, known by a stable key such as `where-i-live`."""

    __tablename__ = "survey"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=60, unique=True, index=True)
    title: str = Field(max_length=200)
    audience: str = Field(default="", max_length=40)
    created_at: datetime = created_at()


class SurveyVersion(SQLModel, table=True):
    """One published version. A change to a published survey makes a new version;
    responses keep the version they answered."""

    __tablename__ = "survey_version"
    __table_args__ = (UniqueConstraint("survey_id", "version"),)
    id: int | None = Field(default=None, primary_key=True)
    survey_id: int = fk("survey.id")
    version: int
    definition: dict[str, Any] = json_field(default={}, nullable=False)
    content_hash: str = Field(max_length=64)
    published_at: datetime = created_at()


class Question(SQLModel, table=True):
    """A question of one survey version: its labels, options and conditions live in `definition`."""

    __tablename__ = "question"
    __table_args__ = (UniqueConstraint("survey_version_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    survey_version_id: int = fk("survey_version.id")
    key: str = Field(max_length=60)
    position: int
    type: str = Field(max_length=30)
    required: bool = Field(default=False)
    feeds: str | None = Field(default=None, max_length=120)  # indicator or codebook tag
    definition: dict[str, Any] = json_field(default={}, nullable=False)


class Invitation(SQLModel, table=True):
    """An unguessable link to a survey. Only the token's hash is stored."""

    __tablename__ = "invitation"
    id: int | None = Field(default=None, primary_key=True)
    survey_id: int = fk("survey.id")
    token_hash: str = Field(max_length=64, unique=True, index=True)
    mode: str = Field(default="single", max_length=10)  # single, reusable, kiosk
    uses_allowed: int | None = None
    uses_count: int = Field(default=0)
    expires_at: datetime | None = None
    revoked_at: datetime | None = None
    respondent_id: int | None = fk("respondent.id", nullable=True)
    la_id: int = fk("local_authority.id")
    area_id: int | None = fk("area.id", nullable=True)
    created_by_id: int | None = fk("user_account.id", nullable=True)
    created_at: datetime = created_at()


class Response(SQLModel, table=True):
    """One completed survey. `client_uuid` is made by the device, so replays are idempotent."""

    __tablename__ = "response"
    __table_args__ = (UniqueConstraint("survey_id", "client_uuid"),)
    id: int | None = Field(default=None, primary_key=True)
    client_uuid: str = Field(max_length=36)
    # No index of its own: the unique (survey_id, client_uuid) index serves lookups by survey,
    # and every index is written on each of the many submissions.
    survey_id: int = fk("survey.id", index=False)
    survey_version_id: int = fk("survey_version.id")
    respondent_id: int | None = fk("respondent.id", nullable=True)
    invitation_id: int | None = fk("invitation.id", nullable=True)
    la_id: int = fk("local_authority.id")
    area_id: int | None = fk("area.id", nullable=True)
    language: str = Field(default="en", max_length=10)
    content_hash: str = Field(max_length=64)
    submitted_at: datetime  # when the respondent finished, by the device's clock
    received_at: datetime = created_at()
    safeguarding_flag: bool = Field(default=False)


class Answer(SQLModel, table=True):
    """One answer. `value` keeps the exact JSON; `value_text`/`value_number` make it countable."""

    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("response_id", "question_key"),)
    id: int | None = Field(default=None, primary_key=True)
    # Indexed by the unique (response_id, question_key) index, which starts with it.
    response_id: int = fk("response.id", ondelete="CASCADE", index=False)
    question_key: str = Field(max_length=60, index=True)
    value: Any = json_field(nullable=True)
    value_text: str | None = text_field()
    value_number: float | None = None


class SafeguardingFlag(SQLModel, table=True):
    """A free-text answer or document that matched a safeguarding rule, for a named team to act on."""

    __tablename__ = "safeguarding_flag"
    id: int | None = Field(default=None, primary_key=True)
    la_id: int = fk("local_authority.id")
    response_id: int | None = fk("response.id", nullable=True)
    document_id: int | None = fk("document.id", nullable=True)
    rule: str = Field(max_length=120)
    assigned_to_id: int | None = fk("user_account.id", nullable=True)
    status: str = Field(default="open", max_length=20)  # open, actioned
    created_at: datetime = created_at()
    actioned_at: datetime | None = None


class SurveyDraft(SQLModel, table=True):
    """Answers in progress on one device, encrypted, so a respondent can stop and resume.
    The device's session cookie holds only the random id; the draft is deleted once sent."""

    __tablename__ = "survey_draft"
    id: str = Field(primary_key=True, max_length=64)
    invitation_id: int = fk("invitation.id", ondelete="CASCADE")
    ciphertext: bytes = binary_field(nullable=False)
    updated_at: datetime = created_at()
