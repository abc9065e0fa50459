"""Where data comes from: local authorities (DfE codes) and the areas inside them."""

from sqlmodel import Field, SQLModel, UniqueConstraint

from voice.models.base import fk


class LocalAuthorityBase(SQLModel):
    """A local authority as DfE publishes it: old and new codes, name and region."""

    old_la_code: str = Field(max_length=3, unique=True, index=True)
    new_la_code: str = Field(max_length=9, unique=True)
    name: str = Field(max_length=120)
    region_code: str = Field(max_length=9)
    region_name: str = Field(max_length=60)


class LocalAuthority(LocalAuthorityBase, table=True):
    __tablename__ = "local_authority"
    id: int | None = Field(default=None, primary_key=True)


class Area(SQLModel, table=True):
    """A sub-LA area (district, township, locality): the geography LAIT does not have."""

    __tablename__ = "area"
    __table_args__ = (UniqueConstraint("la_id", "code"),)
    id: int | None = Field(default=None, primary_key=True)
    la_id: int = fk("local_authority.id")
    code: str = Field(max_length=20)
    name: str = Field(max_length=120)
