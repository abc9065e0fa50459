"""The "documents_import" background job: an uploaded file imported with progress on its Job row.

The upload page saves the file under UPLOAD_DIR, creates the ImportBatch and queues this
job. The file is deleted once the import has finished or been refused; a job put back in
the queue (its worker stopped) keeps it, and its next attempt resumes the same batch.
"""

import logging
from pathlib import Path
from typing import Any

from flask import Flask

from voice.documents.errors import ImportRefused
from voice.documents.importer import ImportOptions, run_import
from voice.documents.mapping import ColumnMapping
from voice.documents.report import ImportReport, finish_batch
from voice.jobs.registry import JobError, job_handler
from voice.jobs.runner import JobContext

logger = logging.getLogger(__name__)
KIND = "documents_import"


def upload_dir(app: Flask) -> Path:
    """Where uploaded import files wait for their job (IMPORT_UPLOAD_DIR, or instance/imports).

    With several machines this must be storage every worker shares.
    """
    path = Path(app.config.get("IMPORT_UPLOAD_DIR") or Path(app.instance_path) / "imports")
    path.mkdir(parents=True, exist_ok=True)
    return path


def remove_upload(path: Path) -> None:
    """Delete the uploaded file: it holds raw text and identifiers, and is no longer needed."""
    path.unlink(missing_ok=True)


def describe(report: ImportReport) -> str:
    """A one-line progress message (counts only: never the text)."""
    return (f"Read {report.rows_read:,} rows: {report.imported:,} imported, "
            f"{report.duplicates:,} duplicates, {report.rejected:,} rejected.")


@job_handler(KIND, label="Import documents")
def import_documents(ctx: JobContext, batch_id: int, path: str, kind: str, la_id: int,
                     filename: str = "", columns: dict[str, str] | None = None,
                     names: list[str] | None = None, split_heading: str | None = None,
                     created_by_id: int | None = None) -> dict[str, Any]:
    """Import the uploaded file into its ImportBatch, reporting progress as it goes."""
    upload = Path(path)
    options = ImportOptions(kind=kind, la_id=la_id, mapping=ColumnMapping(columns or {}, tuple(names or ())),
                            split_heading=split_heading, filename=filename, job_id=ctx.job_id,
                            created_by_id=created_by_id)
    ctx.progress(0, 100, "Checking the file.")

    def progress(position: int, size: int, report: ImportReport) -> None:
        ctx.progress(position * 100 // size if size else 0, 100, describe(report))

    try:
        report = run_import(ctx.app, upload, options, batch_id=batch_id, on_progress=progress)
    except ImportRefused as error:
        finish_batch(ctx.app, batch_id, "failed", error.message)
        remove_upload(upload)
        raise JobError(error.message) from None
    remove_upload(upload)
    ctx.progress(100, 100, describe(report))
    return {"batch_id": batch_id, "rows_read": report.rows_read, "imported": report.imported,
            "duplicates": report.duplicates, "rejected": report.rejected}
