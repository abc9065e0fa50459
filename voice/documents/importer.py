"""Importing a file of case notes or Pathway Plans: stream, check, redact, encrypt, store, report.

Transactions. The file is read in chunks of CHUNK_SIZE rows and each chunk is committed in
one transaction together with the import's counters, so the database always holds whole
chunks and counts that match them. We do not run the whole file in one transaction: a
million-row import takes many minutes, and one open write transaction that long would hold
SQLite's single write lock (the web app and workers could not write at all) and keep a
long-lived snapshot on PostgreSQL; it would also show no documents until the very end.
Instead an interrupted import is *resumable*: every document carries a keyed content hash,
unique per authority, so running the same import again skips what is already stored
(counted as duplicates, without redacting them again) and stores the rest. The
ImportBatch is marked failed when an import stops on an error, so nobody mistakes a
partial import for a finished one.
"""

import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import islice
from pathlib import Path

from flask import Flask
from sqlalchemy.exc import IntegrityError

from coding.redact import DEFAULT_MODEL, Redactor, default_redactor
from voice.crypto import app_fernet
from voice.db import session_scope
from voice.documents.errors import ImportRefused, RowRejected
from voice.documents.mapping import ColumnMapping, ResolvedMapping, resolve
from voice.documents.report import (ImportReport, finish_batch, record_chunk, restart_batch,
                                    start_batch)
from voice.documents.rows import PreparedRow, prepare_row
from voice.documents.sources import Source, SourceRow, format_of, open_source
from voice.documents.store import Lookups, NewDocument, content_hash, existing_hashes, insert_documents
from voice.models import DOCUMENT_KINDS

logger = logging.getLogger(__name__)

CHUNK_SIZE = 500
MAX_TEXT_CHARS = 1_000_000  # a cell longer than this is rejected, not stored
IMPORT_KINDS = tuple(k for k in DOCUMENT_KINDS if k != "survey_text")
Progress = Callable[[int, int, ImportReport], None]  # position, size, report so far


@dataclass
class ImportOptions:
    """What to import the file as, and where."""

    kind: str
    la_id: int
    mapping: ColumnMapping = field(default_factory=ColumnMapping)
    split_heading: str | None = None
    filename: str | None = None  # the name people know the file by (an upload's own name)
    created_by_id: int | None = None
    job_id: int | None = None


@cache
def pattern_redactor() -> Redactor:
    """A Redactor without spaCy NER (REDACT_WITH_NER = False): patterns and the case's names only."""
    return Redactor(use_ner=False)


@cache
def model_redactor(model: str) -> Redactor:
    """A Redactor on another spaCy model named in SPACY_MODEL (loaded once per process)."""
    return Redactor(model)


def redactor_for(app: Flask) -> Redactor:
    """The redactor the app's configuration asks for (NER on unless REDACT_WITH_NER is False)."""
    if not app.config.get("REDACT_WITH_NER", True):
        return pattern_redactor()
    model = app.config.get("SPACY_MODEL") or DEFAULT_MODEL
    return default_redactor() if model == DEFAULT_MODEL else model_redactor(model)


def redaction_version(redactor: Redactor) -> str:
    """A label for how a document was redacted, so it can be redone when redaction improves."""
    return f"redact-1:{redactor.model_name if redactor.use_ner else 'patterns'}"[:40]


def file_sha256(path: Path) -> str:
    """The SHA-256 of the file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def chunks(rows: Iterable[SourceRow], size: int) -> Iterator[list[SourceRow]]:
    """Consecutive lists of at most `size` rows."""
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


class ChunkWriter:
    """Checks, deduplicates, redacts, encrypts and stores chunks of one import."""

    def __init__(self, app: Flask, batch_id: int, options: ImportOptions, redactor: Redactor,
                 title_word: str) -> None:
        self.app, self.batch_id, self.options, self.redactor = app, batch_id, options, redactor
        self.key = app.config["PSEUDONYM_KEY"]
        self.fernet = app_fernet()
        self.version = redaction_version(redactor)
        self.lookups = Lookups.for_authority(options.la_id)
        self.title_word = title_word

    def prepare(self, rows: list[SourceRow],
                mapping: ResolvedMapping) -> tuple[list[PreparedRow], list[RowRejected]]:
        """Split rows into those ready to store and those rejected with a reason."""
        accepted, rejected = [], []
        for row in rows:
            try:
                accepted.append(prepare_row(row, mapping, self.key, MAX_TEXT_CHARS))
            except RowRejected as rejection:
                rejected.append(rejection)
        return accepted, rejected

    def fresh(self, rows: list[PreparedRow]) -> tuple[dict[str, PreparedRow], int, int]:
        """The rows not yet stored (by hash, first of each), how many this import stored
        before (an interrupted attempt being resumed) and how many are duplicates."""
        hashed = [(content_hash(row, self.options.kind, self.key), row) for row in rows]
        with session_scope(self.app) as session:
            stored = existing_hashes(session, self.options.la_id, (h for h, _ in hashed))
        fresh: dict[str, PreparedRow] = {}
        resumed = 0
        for digest, row in hashed:
            if digest not in stored:
                fresh.setdefault(digest, row)
            elif stored[digest] == self.batch_id:
                resumed += 1
                stored[digest] = None  # a second copy in the file is a duplicate
        return fresh, resumed, len(rows) - len(fresh) - resumed

    def write(self, rows: list[SourceRow], mapping: ResolvedMapping) -> tuple[int, int, list[RowRejected]]:
        """Store one chunk atomically; return (imported, duplicates, rejections)."""
        accepted, rejected = self.prepare(rows, mapping)
        fresh, resumed, duplicates = self.fresh(accepted)
        redactions = self.redactor.redact_many([r.text for r in fresh.values()],
                                               known_names=[r.names for r in fresh.values()])
        documents = [NewDocument(row, digest, redaction.text, self.fernet.encrypt(row.text.encode()))
                     for (digest, row), redaction in zip(fresh.items(), redactions)]
        try:
            self._commit(documents, len(rows), resumed, duplicates, rejected)
        except IntegrityError:
            # Another import stored some of these rows since we looked: drop them and retry once.
            self.lookups.forget()
            fresh_again, _, _ = self.fresh(list(fresh.values()))
            kept = [d for d in documents if d.content_hash in fresh_again]
            duplicates += len(documents) - len(kept)
            documents = kept
            self._commit(documents, len(rows), resumed, duplicates, rejected)
        return len(documents) + resumed, duplicates, rejected

    def _commit(self, documents: list[NewDocument], read: int, resumed: int, duplicates: int,
                rejected: list[RowRejected]) -> None:
        """One transaction: the chunk's documents and the batch's counters."""
        with session_scope(self.app) as session:
            insert_documents(session, self.lookups, self.batch_id, self.options.kind,
                             self.version, documents, self.title_word)
            record_chunk(session, self.batch_id, read, len(documents) + resumed, duplicates, rejected)


def open_checked(path: Path, options: ImportOptions) -> tuple[Source, ResolvedMapping]:
    """Open the file and match its columns, or ImportRefused before anything is stored."""
    if options.kind not in IMPORT_KINDS:
        raise ImportRefused(f"Import documents as {' or '.join(IMPORT_KINDS)}.")
    source = open_source(path, options.split_heading, MAX_TEXT_CHARS)
    try:
        return source, resolve(options.mapping, source.columns)
    except ImportRefused:
        source.close()
        raise


def run_import(app: Flask, path: Path, options: ImportOptions, *, batch_id: int | None = None,
               redactor: Redactor | None = None, on_progress: Progress | None = None) -> ImportReport:
    """Import `path` chunk by chunk into a (new or given) ImportBatch; return the final report."""
    source, mapping = open_checked(path, options)
    if batch_id is None:
        batch_id = start_batch(app, path, options, file_sha256(path))
    else:
        restart_batch(app, batch_id)  # a job retried: count afresh; stored rows count as imported
    title_word = "Section" if format_of(path) in ("docx", "txt") else "Row"
    writer = ChunkWriter(app, batch_id, options, redactor or redactor_for(app), title_word)
    report = ImportReport(batch_id=batch_id)
    try:
        for chunk in chunks(source.rows(), CHUNK_SIZE):
            imported, duplicates, rejected = writer.write(chunk, mapping)
            report.add(len(chunk), imported, duplicates, rejected)
            if on_progress:
                on_progress(source.position(), source.size, report)
    except BaseException as error:
        message = error.message if isinstance(error, ImportRefused) else None
        finish_batch(app, batch_id, "failed", message)
        logger.warning("Import %s stopped after %s rows with %s.", batch_id, report.rows_read,
                       type(error).__name__)
        raise
    finally:
        source.close()
    finish_batch(app, batch_id, "done")
    logger.info("Import %s done: %s rows read, %s imported, %s duplicates, %s rejected.",
                batch_id, report.rows_read, report.imported, report.duplicates, report.rejected)
    return report.finished()
