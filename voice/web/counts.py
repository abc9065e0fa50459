"""Row counts for the area landing pages."""

from sqlalchemy import func, select
from sqlmodel import SQLModel

from voice.db import get_session


def count_rows(**tables: type[SQLModel]) -> dict[str, int]:
    """Count the rows of each table, keyed as given: count_rows(users=User)."""
    session = get_session()
    return {name: session.scalar(select(func.count()).select_from(table)) or 0
            for name, table in tables.items()}


def count_visible_rows(**tables: type[SQLModel]) -> dict[str, int]:
    """Like count_rows, but only rows of the signed-in user's local authorities.

    A table is scoped by its own `la_id`, or else through the document a row belongs to
    (`document_id`); a table with neither (a shared codebook) is counted whole.
    """
    from voice.models import Document
    from voice.permissions import scope_to_authorities

    session = get_session()
    counts = {}
    for name, table in tables.items():
        query = select(func.count()).select_from(table)
        if hasattr(table, "la_id"):
            query = scope_to_authorities(query, table)
        elif hasattr(table, "document_id"):
            query = scope_to_authorities(
                query.join(Document, table.document_id == Document.id), Document)
        counts[name] = session.scalar(query) or 0
    return counts
