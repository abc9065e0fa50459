"""Erasure: delete a person's rows (or expired records) by following foreign keys.

`erase_rows(session, roots)` starts from some rows (a respondent, expired responses or
documents) and deletes every row that points at them, then every row pointing at those, and so
on, by reading the foreign keys of the metadata. So a table added later (a coding sample, a
review) is erased with the rest without this module knowing it. A foreign key declared
`ON DELETE SET NULL` (and the few in DETACH) is cleared instead: the row is not about the person.

What foreign keys cannot find is handled by name: memos (target_type, target_id), SSDA903
rows (by pseudonym), cached embeddings and topic assignments (voice.topics.cache), and files
under instance/ that hold the person's pseudonym or text. The audit trail is never touched:
its rows carry ids, never content, and one more row says what was erased.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from voice.models import (CareLeaverReturn, Document, Excerpt, Memo, metadata)

# Links that are cleared, not followed: the row outlives the person without pointing at them.
DETACH = {("subject_request", "respondent_id"), ("response", "invitation_id")}
NEVER_ERASED = {"audit_event", "audit_seal"}
MEMO_TARGETS = {"document": "document", "excerpt": "excerpt", "code_application": "code_application"}
IN_BATCH = 500
MIN_NEEDLE = 12  # shorter texts ("yes", "3") would match files that are not about anyone


@dataclass
class ErasurePlan:
    """Row ids to delete per table, links to clear, and the texts that identify the rows."""

    ids: dict[str, set[int]] = field(default_factory=dict)
    detach: list[tuple[str, str, set[int]]] = field(default_factory=list)
    by_parent: list[tuple[str, str, set[int]]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Rows to delete per table (tables without an id column are counted on deletion)."""
        return {name: len(ids) for name, ids in sorted(self.ids.items()) if ids}


def _batches(ids: Iterable[int]) -> Iterable[list[int]]:
    items = sorted(ids)
    for start in range(0, len(items), IN_BATCH):
        yield items[start:start + IN_BATCH]


def _has_id(table: sa.Table) -> bool:
    return list(table.primary_key.columns.keys()) == ["id"]


def _children(parent: str) -> Iterable[tuple[sa.Table, sa.Column, Any]]:
    for table in metadata.sorted_tables:
        if table.name in NEVER_ERASED:
            continue
        for key in table.foreign_keys:
            if key.column.table.name == parent and key.column.name == "id":
                yield table, key.parent, key


def plan_erasure(session: Session, roots: dict[str, Iterable[int]]) -> ErasurePlan:
    """Every row that depends on the root rows, found through the foreign keys."""
    plan = ErasurePlan(ids={name: set(ids) for name, ids in roots.items()})
    queue = [name for name, ids in plan.ids.items() if ids]
    while queue:
        parent = queue.pop()
        parent_ids = plan.ids[parent]
        for table, column, key in _children(parent):
            if (table.name, column.name) in DETACH or (key.ondelete or "").upper() == "SET NULL":
                plan.detach.append((table.name, column.name, set(parent_ids)))
                continue
            if not _has_id(table):
                plan.by_parent.append((table.name, column.name, set(parent_ids)))
                continue
            found: set[int] = set()
            for batch in _batches(parent_ids):
                found |= set(session.execute(sa.select(table.c.id).where(column.in_(batch))).scalars())
            new = found - plan.ids.get(table.name, set())
            if new:
                plan.ids.setdefault(table.name, set()).update(new)
                queue.append(table.name)
    return plan


def _delete_memos(session: Session, plan: ErasurePlan) -> int:
    removed = 0
    for target, table_name in MEMO_TARGETS.items():
        for batch in _batches(plan.ids.get(table_name, ())):
            result = session.execute(sa.delete(Memo).where(Memo.target_type == target,
                                                           Memo.target_id.in_(batch)))
            removed += result.rowcount or 0
    return removed


def _execute_plan(session: Session, plan: ErasurePlan) -> dict[str, int]:
    """Clear the detached links, then delete children before parents."""
    tables = {t.name: t for t in metadata.sorted_tables}
    for name, column, parent_ids in plan.detach:
        table = tables[name]
        for batch in _batches(parent_ids):
            session.execute(sa.update(table).where(table.c[column].in_(batch)).values({column: None}))
    deleted: dict[str, int] = {}
    for table in reversed(metadata.sorted_tables):
        for name, column, parent_ids in plan.by_parent:
            if name == table.name:
                for batch in _batches(parent_ids):
                    result = session.execute(sa.delete(table).where(table.c[column].in_(batch)))
                    deleted[name] = deleted.get(name, 0) + (result.rowcount or 0)
        for batch in _batches(plan.ids.get(table.name, ())):
            result = session.execute(sa.delete(table).where(table.c.id.in_(batch)))
            deleted[table.name] = deleted.get(table.name, 0) + (result.rowcount or 0)
    return {name: count for name, count in sorted(deleted.items()) if count}


def needles_for(session: Session, plan: ErasurePlan, pseudonym: str | None = None) -> list[str]:
    """Strings that identify the rows to erase: the pseudonym, free-text answers, document texts."""
    from voice.crypto import decrypt_text
    from voice.models import Answer

    needles = {pseudonym} if pseudonym else set()
    for batch in _batches(plan.ids.get("document", ())):
        for document in session.exec(select(Document).where(Document.id.in_(batch))):
            needles.add(document.redacted_text)
            if document.raw_ciphertext:
                needles.add(decrypt_text(document.raw_ciphertext))
    for batch in _batches(plan.ids.get("answer", ())):
        needles |= set(session.exec(select(Answer.value_text).where(Answer.id.in_(batch))))
    return sorted(n.strip() for n in needles if n and len(n.strip()) >= MIN_NEEDLE)


def erase_files(instance_path: str | Path, needles: list[str], skip: Iterable[Path] = ()) -> int:
    """Delete files under instance/ holding any needle (a model, an export); return how many.

    The database files are skipped: their rows are deleted, and overwritten (secure_delete).
    """
    if not needles:
        return 0
    skipped = {Path(p).resolve() for p in skip}
    encoded = [n.encode("utf-8") for n in needles]
    removed = 0
    for path in Path(instance_path).rglob("*"):
        if not path.is_file() or path.resolve() in skipped or ".sqlite3" in path.name:
            continue  # databases (the app's, the job queue's): rows are erased inside them
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if any(needle in data for needle in encoded):
            path.unlink()
            removed += 1
    return removed


def secure_delete_on(session: Session) -> None:
    """On SQLite, overwrite deleted content with zeros, so the file keeps no trace of it."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(sa.text("PRAGMA secure_delete = ON"))


def erase_rows(session: Session, roots: dict[str, Iterable[int]],
               pseudonyms: Iterable[str] = ()) -> tuple[dict[str, int], list[str]]:
    """Delete the root rows and everything that depends on them, in the caller's transaction.

    Returns rows deleted per table (memos, SSDA903 rows, embeddings counted too) and the
    needles for a search of instance/ files, which the caller runs after committing.
    """
    from voice.subject.purge import forget_for_topics

    secure_delete_on(session)
    plan = plan_erasure(session, roots)
    pseudonyms = [p for p in pseudonyms if p]
    needles = needles_for(session, plan, None) + pseudonyms
    forgotten = forget_for_topics(session, sorted(plan.ids.get("document", ())))
    counts = {"memo": _delete_memos(session, plan)}
    counts.update(_execute_plan(session, plan))
    if pseudonyms:
        result = session.execute(sa.delete(CareLeaverReturn).where(
            CareLeaverReturn.pseudonym.in_(pseudonyms)))
        counts["care_leaver_return"] = result.rowcount or 0
    counts["embedding_cache"] = forgotten.get("embeddings", 0)
    counts["document_topic"] = counts.get("document_topic", 0) + forgotten.get("assignments", 0)
    return {k: v for k, v in sorted(counts.items()) if v}, needles


def database_files(app: Any) -> list[str]:
    """The SQLite database's own files (skipped by the file search; rows are deleted there)."""
    url = app.config["SQLALCHEMY_DATABASE_URL"]
    if not url.startswith("sqlite:///"):
        return []
    path = url[len("sqlite:///"):]
    return [path, path + "-wal", path + "-shm", path + "-journal"]


def after_commit(app: Any, tables: Iterable[str]) -> None:
    """Make the deletion physical: checkpoint SQLite's WAL, or VACUUM the tables on PostgreSQL."""
    from voice.db import get_engine

    engine = get_engine(app)
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            conn.execute(sa.text("PRAGMA wal_checkpoint(TRUNCATE)"))
        return
    names = [t for t in tables if t in metadata.tables]
    if names:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            # Table names come from the metadata, never from input.
            conn.execute(sa.text("VACUUM " + ", ".join(f'"{n}"' for n in names)))  # nosec B608


def excerpt_ids_of(session: Session, document_ids: Iterable[int]) -> set[int]:
    """The excerpts of these documents (for callers that report what an erasure touches)."""
    found: set[int] = set()
    for batch in _batches(document_ids):
        found |= set(session.exec(select(Excerpt.id).where(Excerpt.document_id.in_(batch))))
    return found
