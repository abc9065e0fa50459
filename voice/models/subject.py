"""Data subjects' rights: consent-change links, access and erasure requests, and challenges."""

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from voice.models.base import created_at, fk, json_field, text_field

REQUEST_KINDS = ("access", "erasure")
REQUEST_STATUSES = ("open", "done", "held")
CHALLENGE_TARGETS = ("code_application", "response", "document")
CHALLENGE_STATUSES = ("open", "upheld", "not_upheld")


class ConsentLink(SQLModel, table=True):
    """A link a practitioner gives a respondent to change their consent; only the token's hash
    is kept, as for survey invitations."""

    __tablename__ = "consent_link"
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    respondent_id: int = fk("respondent.id")
    la_id: int = fk("local_authority.id")
    created_by_id: int | None = fk("user_account.id", nullable=True)
    created_at: datetime = created_at()
    expires_at: datetime
    revoked_at: datetime | None = None


class SubjectRequest(SQLModel, table=True):
    """A subject access or erasure request, tracked against its legal due date (one month).

    `respondent_id` is cleared when the person is erased, so the request's own record (when it
    came, when it was answered) outlives the data without pointing at anyone.
    """

    __tablename__ = "subject_request"
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=10)  # access, erasure
    respondent_id: int | None = fk("respondent.id", nullable=True)
    la_id: int | None = fk("local_authority.id", nullable=True)
    status: str = Field(default="open", max_length=10)  # open, done, held
    requested_by_id: int | None = fk("user_account.id", nullable=True)
    requested_at: datetime = created_at()
    due_on: date
    completed_at: datetime | None = None
    hold_reason: str | None = Field(default=None, max_length=300)
    summary: dict[str, Any] = json_field(default={}, nullable=False)  # counts, never content


class Challenge(SQLModel, table=True):
    """A data subject's challenge to a code on their words or a conclusion drawn from them.

    While open, the item is left out of indicators (voice.subject.challenge.open_challenge_exclusions).
    A second coder, never the one who applied the code, resolves it: upheld (the code is removed
    or changed) or not upheld (with a reason); the outcome letter is what the person is told.
    """

    __tablename__ = "challenge"
    id: int | None = Field(default=None, primary_key=True)
    respondent_id: int = fk("respondent.id")
    la_id: int = fk("local_authority.id")
    target_type: str = Field(max_length=20)  # code_application, response, document
    code_application_id: int | None = Field(
        default=None, sa_column=sa.Column(sa.Integer, sa.ForeignKey(
            "code_application.id", ondelete="SET NULL"), nullable=True, index=True))
    excerpt_id: int | None = Field(
        default=None, sa_column=sa.Column(sa.Integer, sa.ForeignKey(
            "excerpt.id", ondelete="SET NULL"), nullable=True, index=True))
    document_id: int | None = fk("document.id", nullable=True)
    response_id: int | None = fk("response.id", nullable=True)
    code_label: str | None = Field(default=None, max_length=200)  # what was challenged, kept
    applied_by_id: int | None = fk("user_account.id", nullable=True)
    grounds: str = text_field(nullable=False, default="")
    status: str = Field(default="open", max_length=12)
    raised_by_id: int | None = fk("user_account.id", nullable=True)
    raised_at: datetime = created_at()
    reviewer_id: int | None = fk("user_account.id", nullable=True)
    resolution: str | None = text_field()
    new_code_id: int | None = fk("code.id", nullable=True)
    resolved_at: datetime | None = None
    outcome_letter: str | None = text_field()
