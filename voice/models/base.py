"""Shared pieces for every table: one metadata with naming conventions, column helpers.

The naming convention is set before the first table is declared, so every constraint
has a stable name and Alembic can compare and drop them on SQLite and PostgreSQL alike.
"""

from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = SQLModel.metadata


def utcnow() -> datetime:
    """Now, as an aware UTC datetime.

    SQLModel's UTCDateTime columns refuse naive values and give back aware UTC on both
    SQLite and PostgreSQL, so every timestamp in the app is aware UTC.
    """
    return datetime.now(timezone.utc)


def created_at() -> Any:
    """A non-null creation timestamp column, filled in by Python."""
    return Field(default_factory=utcnow, nullable=False)


def json_field(default: Any = None, nullable: bool = True) -> Any:
    """A JSON column (TEXT on SQLite, JSON on PostgreSQL)."""
    factory = (lambda: type(default)()) if isinstance(default, (dict, list)) else None
    kwargs: dict[str, Any] = {"sa_column": sa.Column(sa.JSON, nullable=nullable)}
    if factory:
        kwargs["default_factory"] = factory
    else:
        kwargs["default"] = default
    return Field(**kwargs)


def text_field(nullable: bool = True, default: Any = None) -> Any:
    """An unbounded text column."""
    return Field(default=default, sa_column=sa.Column(sa.Text, nullable=nullable))


def binary_field(nullable: bool = True) -> Any:
    """A binary column (BLOB / BYTEA), used for ciphertext and vectors."""
    return Field(default=None, sa_column=sa.Column(sa.LargeBinary, nullable=nullable))


def fk(target: str, nullable: bool = False, index: bool = True, ondelete: str | None = None) -> Any:
    """A foreign-key integer column to `target` (\"table.id\")."""
    if ondelete:
        return Field(
            default=None,
            sa_column=sa.Column(sa.Integer, sa.ForeignKey(target, ondelete=ondelete),
                                nullable=nullable, index=index),
        )
    return Field(default=None, foreign_key=target, nullable=nullable, index=index)
