"""Writing one chunk of an import: respondents, areas and documents, deduplicated by content hash.

The content hash is a keyed HMAC (PSEUDONYM_KEY) of the kind, the respondent's pseudonym,
the date and the raw text: keyed, so the hash of a short note ("Did not attend.") cannot be
looked up from a list of guesses; and it includes who and when, so the same short note about
two people, or on two days, is two documents.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, select

from coding.identifiers import pseudonymise
from voice.documents.rows import PreparedRow
from voice.models import Area, Document, Respondent, utcnow

CACHE_LIMIT = 50_000  # ids remembered between chunks; cleared when full, to bound memory


def content_hash(row: PreparedRow, kind: str, key: str) -> str:
    """The keyed hash that makes re-importing the same document a no-op."""
    when = row.occurred_on.isoformat() if row.occurred_on else ""
    canonical = "\x1f".join((kind, row.pseudonym or "", when, row.text))
    return pseudonymise(canonical, key, namespace="document")


def existing_hashes(session: Session, la_id: int, hashes: Iterable[str]) -> dict[str, int | None]:
    """Which of `hashes` the authority already holds, with the import that stored each."""
    wanted = list(set(hashes))
    if not wanted:
        return {}
    query = select(Document.content_hash, Document.import_batch_id).where(
        Document.la_id == la_id, Document.content_hash.in_(wanted))
    return dict(session.exec(query).all())


@dataclass
class Lookups:
    """Respondent and area ids already found or made during this import."""

    la_id: int
    respondents: dict[str, int]
    areas: dict[str, int]

    @classmethod
    def for_authority(cls, la_id: int) -> "Lookups":
        """Empty caches for one authority."""
        return cls(la_id, {}, {})

    def forget(self) -> None:
        """Drop the caches (after a rolled-back chunk, ids made in it no longer exist)."""
        self.respondents.clear()
        self.areas.clear()

    def respondent_ids(self, session: Session, pseudonyms: set[str]) -> dict[str, int]:
        """The respondent id of each pseudonym, made (in this authority) when new."""
        if len(self.respondents) > CACHE_LIMIT:
            self.respondents.clear()
        missing = pseudonyms - self.respondents.keys()
        if missing:
            query = select(Respondent.pseudonym, Respondent.id).where(Respondent.pseudonym.in_(missing))
            self.respondents.update(dict(session.exec(query).all()))
            new = sorted(missing - self.respondents.keys())
            if new:  # one statement for the chunk's new people, then read their ids back
                now = utcnow()
                session.execute(sa.insert(Respondent.__table__), [
                    {"pseudonym": p, "la_id": self.la_id, "created_at": now} for p in new])
                query = select(Respondent.pseudonym, Respondent.id).where(Respondent.pseudonym.in_(new))
                self.respondents.update(dict(session.exec(query).all()))
        return self.respondents

    def area_ids(self, session: Session, names: set[str]) -> dict[str, int]:
        """The area id of each name (matched on code or name, ignoring case), made when new."""
        missing = {name for name in names if name.casefold() not in self.areas}
        if missing:
            rows = session.exec(select(Area).where(Area.la_id == self.la_id)).all()
            for area in rows:
                self.areas.setdefault(area.code.casefold(), area.id)
                self.areas.setdefault(area.name.casefold(), area.id)
            for name in sorted(n for n in missing if n.casefold() not in self.areas):
                area = Area(la_id=self.la_id, code=name[:20], name=name)
                session.add(area)
                session.flush()
                self.areas[name.casefold()] = area.id
        return self.areas


@dataclass(frozen=True)
class NewDocument:
    """A row to insert: the prepared row, its hash, its redacted text and its ciphertext."""

    row: PreparedRow
    content_hash: str
    redacted_text: str
    ciphertext: bytes


def insert_documents(session: Session, lookups: Lookups, batch_id: int, kind: str,
                     version: str, documents: Sequence[NewDocument], title_word: str = "Row") -> None:
    """Insert the chunk's new documents in one statement (Core: a million ORM objects is slow)."""
    if not documents:
        return
    people = lookups.respondent_ids(session, {d.row.pseudonym for d in documents if d.row.pseudonym})
    areas = lookups.area_ids(session, {d.row.area for d in documents if d.row.area})
    now = utcnow()
    values = [{
        "la_id": lookups.la_id, "kind": kind, "title": f"{title_word} {d.row.number}",
        "area_id": areas[d.row.area.casefold()] if d.row.area else None,
        "respondent_id": people[d.row.pseudonym] if d.row.pseudonym else None,
        "author_role": d.row.author_role, "occurred_on": d.row.occurred_on,
        "raw_ciphertext": d.ciphertext, "redacted_text": d.redacted_text,
        "redaction_version": version, "content_hash": d.content_hash,
        "import_batch_id": batch_id, "created_at": now,
    } for d in documents]
    session.execute(sa.insert(Document.__table__), values)
