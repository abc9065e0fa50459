"""Voice indicators: SSDA903 care-leaver records (OC3) and the releases exported from them."""

from datetime import datetime
from typing import Any

from sqlmodel import Field, SQLModel, UniqueConstraint

from voice.models.base import created_at, fk, json_field


class CareLeaverReturn(SQLModel, table=True):
    """One care leaver in an authority's SSDA903 OC3 return for a year, known only by pseudonym.

    CHILD is pseudonymised with PSEUDONYM_KEY on the way in, so it links to survey respondents
    without either side holding the identifier. Re-importing a year replaces that year's rows.
    """

    __tablename__ = "care_leaver_return"
    __table_args__ = (UniqueConstraint("la_id", "year", "pseudonym"),)
    id: int | None = Field(default=None, primary_key=True)
    la_id: int = fk("local_authority.id")
    year: int = Field(index=True)  # the reporting year: 2025 is the year to 31 March 2025
    pseudonym: str = Field(max_length=64, index=True)
    age_group: str = Field(max_length=20)  # "17 to 18 years" or "19 to 21 years"
    accommodation_type: str | None = Field(default=None, max_length=1)  # the ACCOM letter
    suitability: str | None = Field(default=None, max_length=1)  # "1" suitable, "2" unsuitable
    in_touch: str = Field(max_length=4)
    activity: str = Field(max_length=2)
    imported_by_id: int | None = fk("user_account.id", nullable=True)
    imported_at: datetime = created_at()


class IndicatorRelease(SQLModel, table=True):
    """One export of indicators: its manifest (definitions, policy, counts) and data hash."""

    __tablename__ = "indicator_release"
    id: int | None = Field(default=None, primary_key=True)
    purpose: str = Field(max_length=30)
    threshold: int
    file_format: str = Field(max_length=10)  # ees, csv, parquet
    data_hash: str = Field(max_length=64)
    manifest: dict[str, Any] = json_field(default={}, nullable=False)
    created_by_id: int | None = fk("user_account.id", nullable=True)
    created_at: datetime = created_at()
