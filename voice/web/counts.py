"""Row counts for the area landing pages."""

from sqlalchemy import func, select
from sqlmodel import SQLModel

from voice.db import get_session


def count_rows(**tables: type[SQLModel]) -> dict[str, int]:
    """Count the rows of each table, keyed as given: count_rows(users=User)."""
    session = get_session()
    return {name: session.scalar(select(func.count()).select_from(table)) or 0
            for name, table in tables.items()}
