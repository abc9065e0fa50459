"""The report of an import: counts and the rejected rows with reasons, kept on its ImportBatch.

An import run from the CLI can be killed outright (SIGKILL, a lost machine), when nothing
gets the chance to mark its batch failed. So each batch records the process that runs it
(host and pid) and the time of its last committed chunk, and every new import first settles
the authority's batches still marked running whose process is gone or which have made no
progress for STALLED_AFTER: they are marked failed, with the message to import the file again
(which resumes it). Batches run by a background job follow their Job instead, which the job
reaper settles the same way.
"""

import os
import re
import socket
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from flask import Flask
from sqlmodel import Session, select

from coding.redact import Redactor
from voice.db import session_scope
from voice.documents.errors import RowRejected
from voice.models import ImportBatch, Job, utcnow

MAX_LISTED_REJECTIONS = 1000  # beyond this only the count grows, so the report stays small
# A chunk of 500 rows with NER takes seconds; an hour without one means its process is gone.
STALLED_AFTER = timedelta(hours=1)
STOPPED = ("The import stopped before the end. Import the same file again: rows already "
           "stored are skipped, and the rest are added.")


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


@cache
def filename_redactor() -> Redactor:
    """Patterns, titles and the first-name list: enough for a file name, without loading spaCy."""
    return Redactor(use_ner=False)


def safe_filename(name: str) -> str:
    """The file's name when it shows no personal details, else a neutral name with its suffix.

    People name files after the child ("Jade Smith notes.xlsx", "9434765918.csv"); the name is
    stored on the ImportBatch and shown in lists, so a name that looks personal is withheld.
    """
    path = Path(name)
    stem = re.sub(r"[_.+-]+", " ", path.stem).strip()
    redactor = filename_redactor()
    if re.search(r"\d{6,}|@", stem) or redactor.redact(stem).spans or redactor.redact(stem.title()).spans:
        return f"upload{path.suffix.lower()[:10]} (name withheld)"
    return name[:255]


def new_batch(path: Path, options: Any, file_hash: str, status: str = "running") -> ImportBatch:
    """An ImportBatch row for importing `path` with `options` (not yet added to a session)."""
    return ImportBatch(la_id=options.la_id, kind=options.kind,
                       filename=safe_filename(options.filename or path.name), file_hash=file_hash,
                       status=status, job_id=options.job_id, created_by_id=options.created_by_id,
                       report={"rejections": []})


def this_process() -> dict[str, Any]:
    """Where this import runs, so a later import can tell whether it still does."""
    return {"host": socket.gethostname(), "pid": os.getpid()}


def process_is_gone(owner: dict[str, Any]) -> bool:
    """True when the recorded process ran on this host and no longer exists."""
    if owner.get("host") != socket.gethostname() or not isinstance(owner.get("pid"), int):
        return False  # another machine's process: only the stall timer can tell
    try:
        os.kill(owner["pid"], 0)  # signal 0 checks the process exists, sends nothing
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # exists, owned by another user
    return False


def last_progress(batch: ImportBatch) -> datetime:
    """When the batch last committed a chunk (or started)."""
    stamp = (batch.report or {}).get("progress_at")
    return datetime.fromisoformat(stamp) if stamp else batch.created_at


def is_interrupted(session: Session, batch: ImportBatch, now: datetime) -> bool:
    """True when a batch marked running can no longer finish."""
    if batch.job_id is not None:
        job = session.get(Job, batch.job_id)
        return job is None or job.state in ("failed", "cancelled")
    owner = (batch.report or {}).get("owner") or {}
    return process_is_gone(owner) or now - last_progress(batch) > STALLED_AFTER


def settle_interrupted(session: Session, la_id: int) -> list[int]:
    """Mark the authority's running batches that cannot finish as failed; return their ids."""
    now = utcnow()
    settled = []
    for batch in session.exec(select(ImportBatch).where(ImportBatch.la_id == la_id,
                                                        ImportBatch.status.in_(("running", "queued")))):
        if (batch.status == "running" or batch.job_id is not None) and is_interrupted(session, batch, now):
            batch.status = "failed"
            batch.report = {**(batch.report or {}), "error": STOPPED}
            session.add(batch)
            settled.append(batch.id)
    return settled


def start_batch(app: Flask, path: Path, options: Any, file_hash: str) -> int:
    """Create the ImportBatch row for an import starting now (settling the authority's
    interrupted ones first); return its id."""
    with session_scope(app) as session:
        settle_interrupted(session, options.la_id)
        batch = new_batch(path, options, file_hash)
        batch.report = {**batch.report, "owner": this_process()}
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
    batch.report = {**(batch.report or {}), "rejections": listed,  # a new dict, so it is saved
                    "progress_at": utcnow().isoformat()}
    session.add(batch)


def finish_batch(app: Flask, batch_id: int, status: str, error: str | None = None) -> None:
    """Mark the batch done or failed (with the message users see when it was refused)."""
    with session_scope(app) as session:
        batch = session.get(ImportBatch, batch_id)
        if batch is None:
            return
        batch.status = status
        if status == "failed":
            batch.report = {**(batch.report or {}), "error": error or STOPPED}
        session.add(batch)
