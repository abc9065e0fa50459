"""The report of an import: counts and the rejected rows with reasons, kept on its ImportBatch."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask
from sqlmodel import Session

from voice.db import session_scope
from voice.documents.errors import RowRejected
from voice.models import ImportBatch

MAX_LISTED_REJECTIONS = 1000  # beyond this only the count grows, so the report stays small


@dataclass
class ImportReport:
    """Rows read, imported, skipped as duplicates and rejected (with row numbers and reasons)."""

    batch_id: int | None = None
    status: str = "running"
    rows_read: int = 0
    imported: int = 0
    duplicates: int = 0
    rejected: int = 0
    rejections: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None

    def add(self, read: int, imported: int, duplicates: int, rejected: list[RowRejected]) -> None:
        """Count one chunk."""
        self.rows_read += read
        self.imported += imported
        self.duplicates += duplicates
        self.rejected += len(rejected)
        room = MAX_LISTED_REJECTIONS - len(self.rejections)
        self.rejections += [{"row": r.row, "reason": r.reason} for r in rejected[:max(room, 0)]]

    def finished(self) -> "ImportReport":
        """The report marked done."""
        self.status = "done"
        return self

    def lines(self) -> list[str]:
        """The report as lines of text, for the CLI."""
        lines = [f"Rows read:                {self.rows_read:,}",
                 f"Imported:                 {self.imported:,}",
                 f"Skipped as duplicates:    {self.duplicates:,}",
                 f"Rejected:                 {self.rejected:,}"]
        lines += [f"  row {r['row']}: {r['reason']}" for r in self.rejections]
        if self.rejected > len(self.rejections):
            lines.append(f"  ... and {self.rejected - len(self.rejections):,} more rejected rows.")
        return lines


def report_of(batch: ImportBatch) -> ImportReport:
    """The report stored on a batch."""
    stored = batch.report or {}
    return ImportReport(batch_id=batch.id, status=batch.status, rows_read=batch.rows_read,
                        imported=batch.imported, duplicates=batch.duplicates,
                        rejected=batch.rejected, rejections=list(stored.get("rejections", [])),
                        error=stored.get("error"))


def new_batch(path: Path, options: Any, file_hash: str, status: str = "running") -> ImportBatch:
    """An ImportBatch row for importing `path` with `options` (not yet added to a session)."""
    return ImportBatch(la_id=options.la_id, kind=options.kind,
                       filename=(options.filename or path.name)[:255], file_hash=file_hash,
                       status=status, job_id=options.job_id, created_by_id=options.created_by_id,
                       report={"rejections": []})


def start_batch(app: Flask, path: Path, options: Any, file_hash: str) -> int:
    """Create the ImportBatch row for an import starting now; return its id."""
    with session_scope(app) as session:
        batch = new_batch(path, options, file_hash)
        session.add(batch)
        session.flush()
        return batch.id


def restart_batch(app: Flask, batch_id: int) -> None:
    """Set a batch running again with zero counts (its job is being retried from the start)."""
    with session_scope(app) as session:
        batch = session.get(ImportBatch, batch_id)
        batch.status, batch.report = "running", {"rejections": []}
        batch.rows_read = batch.imported = batch.duplicates = batch.rejected = 0
        session.add(batch)


def record_chunk(session: Session, batch_id: int, read: int, imported: int, duplicates: int,
                 rejected: list[RowRejected]) -> None:
    """Add one chunk's counts and rejections to the batch, in the chunk's own transaction."""
    batch = session.get(ImportBatch, batch_id, with_for_update=True)
    batch.rows_read += read
    batch.imported += imported
    batch.duplicates += duplicates
    batch.rejected += len(rejected)
    listed = list((batch.report or {}).get("rejections", []))
    room = MAX_LISTED_REJECTIONS - len(listed)
    listed += [{"row": r.row, "reason": r.reason} for r in rejected[:max(room, 0)]]
    batch.report = {**(batch.report or {}), "rejections": listed}  # a new dict, so it is saved
    session.add(batch)


def finish_batch(app: Flask, batch_id: int, status: str, error: str | None = None) -> None:
    """Mark the batch done or failed (with the message users see when it was refused)."""
    with session_scope(app) as session:
        batch = session.get(ImportBatch, batch_id)
        if batch is None:
            return
        batch.status = status
        if status == "failed":
            batch.report = {**(batch.report or {}), "error": error or (
                "The import stopped before the end. Import the same file again: rows already "
                "stored are skipped, and the rest are added.")}
        session.add(batch)
