"""Turning one row read from a file into what is stored, or a rejection with a reason.

Reasons never quote the row: a rejected cell may hold a case note or an identifier, and
reports are shown on screens and kept in the database.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from coding.identifiers import InvalidIdentifier, pseudonymise
from voice.documents.errors import RowRejected
from voice.documents.mapping import ResolvedMapping
from voice.documents.sources import SourceRow
from voice.invitations import normalise_identifier

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y")
NAME_SEPARATORS = re.compile(r"[;/\n]")
MAX_ROLE = 60
MAX_AREA = 120


@dataclass(frozen=True)
class PreparedRow:
    """A row ready to store: raw text, its fields, the respondent's pseudonym and the case's names."""

    number: int
    text: str
    occurred_on: date | None
    author_role: str | None
    pseudonym: str | None
    area: str | None
    names: tuple[str, ...]


def as_text(value: Any) -> str:
    """A cell as stripped text ('' for a blank)."""
    return "" if value is None else str(value).strip()


def parse_date(value: Any) -> date | None:
    """A date from a cell (a date, ISO text, or UK day-first text); None when blank."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = as_text(value)
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError("not a date")


def respondent_pseudonym(value: Any, key: str) -> str | None:
    """The keyed pseudonym of an NHS number or local id (None when blank); never the identifier."""
    raw = as_text(value)
    if not raw:
        return None
    return pseudonymise(normalise_identifier(raw), key)


def case_names(row: SourceRow, mapping: ResolvedMapping) -> tuple[str, ...]:
    """The people named in the row's name columns (several a cell, split on ';' or '/')."""
    names = []
    for column in mapping.name_columns:
        names += [n.strip() for n in NAME_SEPARATORS.split(as_text(row.fields.get(column))) if n.strip()]
    return tuple(names)


def prepare_row(row: SourceRow, mapping: ResolvedMapping, pseudonym_key: str,
                max_chars: int) -> PreparedRow:
    """The row ready to store, or RowRejected with its number and a reason."""
    if row.error:
        raise RowRejected(row.number, row.error)
    def field(name: str) -> Any:
        return row.fields.get(mapping.columns[name]) if name in mapping.columns else None
    text = as_text(field("text"))
    if row.oversized or len(text) > max_chars:
        raise RowRejected(row.number, f"The text is over {max_chars:,} characters; split it into "
                                      "smaller documents.")
    if not text:
        raise RowRejected(row.number, "The text is empty.")
    try:
        occurred_on = parse_date(field("date"))
    except ValueError:
        raise RowRejected(row.number, "The date cannot be read; use YYYY-MM-DD or DD/MM/YYYY.") from None
    try:
        pseudonym = respondent_pseudonym(field("respondent_id"), pseudonym_key)
    except InvalidIdentifier as error:
        raise RowRejected(row.number, f"The respondent identifier is not valid: {error}") from None
    return PreparedRow(number=row.number, text=text, occurred_on=occurred_on,
                       author_role=as_text(field("author_role"))[:MAX_ROLE] or None,
                       pseudonym=pseudonym, area=as_text(field("area"))[:MAX_AREA] or None,
                       names=case_names(row, mapping))
