"""Searching the whole database and instance/ for what an erasure must leave nowhere."""

from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session

from voice.models import metadata

TEXT_TYPES = (sa.String, sa.Text, sa.JSON)


def rows_containing(session: Session, needle: str) -> list[str]:
    """'table.column' for every text or JSON column of every table holding `needle`."""
    found = []
    session.commit()  # a fresh snapshot: see what the app committed
    for table in metadata.sorted_tables:
        for column in table.columns:
            kind = column.type
            if not isinstance(getattr(kind, "impl_instance", kind), TEXT_TYPES):
                continue
            query = sa.select(sa.func.count()).select_from(table).where(
                sa.cast(column, sa.Text).contains(needle))
            if session.execute(query).scalar():
                found.append(f"{table.name}.{column.name}")
    return found


def files_containing(root: str | Path, needle: str) -> list[Path]:
    """Files under `root` whose bytes contain `needle`."""
    encoded = needle.encode("utf-8")
    return [p for p in Path(root).rglob("*") if p.is_file() and encoded in p.read_bytes()]
