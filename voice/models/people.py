"""People: staff who sign in, and the pseudonymous respondents whose voices are recorded."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from voice.models.base import created_at, fk

ROLES = ("practitioner", "researcher", "admin")


class User(SQLModel, table=True):
    """A member of staff. Respondents never sign in; they use invitation tokens."""

    __tablename__ = "user_account"  # "user" is reserved in PostgreSQL
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)
    display_name: str = Field(default="", max_length=120)
    role: str = Field(max_length=20)
    password_hash: str | None = Field(default=None, max_length=255)
    is_active: bool = Field(default=True)
    is_demo: bool = Field(default=False)
    failed_logins: int = Field(default=0)
    locked_until: datetime | None = None
    setup_token_hash: str | None = Field(default=None, max_length=64, index=True)
    setup_expires_at: datetime | None = None
    created_at: datetime = created_at()
    last_login_at: datetime | None = None


class UserAuthority(SQLModel, table=True):
    """Which local authorities a user may see (practitioners and researchers are bound to them)."""

    __tablename__ = "user_authority"
    user_id: int = Field(foreign_key="user_account.id", primary_key=True)
    la_id: int = Field(foreign_key="local_authority.id", primary_key=True)


class Respondent(SQLModel, table=True):
    """A pseudonymous person: the keyed HMAC of an identifier, never the identifier itself.

    Cohort attributes are what indicators break down by; they are optional because a
    kiosk respondent may tell us nothing about themselves.
    """

    __tablename__ = "respondent"
    id: int | None = Field(default=None, primary_key=True)
    pseudonym: str = Field(max_length=64, unique=True, index=True)
    la_id: int = fk("local_authority.id")
    area_id: int | None = fk("area.id", nullable=True)
    cohort: str | None = Field(default=None, max_length=20)  # care_leaver, child, parent_carer
    age_band: str | None = Field(default=None, max_length=10)
    care_leaver_age_group: str | None = Field(default=None, max_length=20)
    fsm: bool | None = None
    send: bool | None = None
    social_care_experience: bool | None = None
    sex: str | None = Field(default=None, max_length=20)
    ethnicity: str | None = Field(default=None, max_length=60)
    created_at: datetime = created_at()


PURPOSES = ("own_support", "service_improvement", "research")


class ConsentRecord(SQLModel, table=True):
    """One consent decision for one purpose; the latest record per subject and purpose wins.

    The subject is a respondent, or (for anonymous kiosk answers) a single response, or a
    document imported with its own consent basis.
    """

    __tablename__ = "consent_record"
    id: int | None = Field(default=None, primary_key=True)
    respondent_id: int | None = fk("respondent.id", nullable=True)
    response_id: int | None = fk("response.id", nullable=True)
    document_id: int | None = fk("document.id", nullable=True)
    purpose: str = Field(max_length=30)
    granted: bool
    source: str = Field(default="survey", max_length=30)  # survey, practitioner, import, withdrawal
    recorded_by_id: int | None = fk("user_account.id", nullable=True)
    recorded_at: datetime = created_at()
