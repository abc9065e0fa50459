"""The "survey_text_redaction" job: redact free-text survey answers after they are stored.

Redaction (spaCy NER) takes tens of milliseconds a text and a few hundred MB per process, too
much for the request that stores a response; so the request stores the raw text encrypted
with an empty redacted text marked 'pending', and queues this job once its transaction has
committed. Each run redacts every pending survey text, so a job that could not be queued
(queue down, server killed just after the commit) is made up by the next one; at most one
job waits in the queue at a time. Nothing shows a pending document's text meanwhile.
"""

import logging
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlmodel import Session

from voice.crypto import app_fernet
from voice.jobs.registry import JobError, job_handler
from voice.jobs.runner import JobContext
from voice.models import Document, Job
from voice.response_rows import PENDING_REDACTION

logger = logging.getLogger(__name__)
KIND = "survey_text_redaction"
BATCH = 200
NOT_INSTALLED = ("Survey answers cannot be redacted: the redaction model is not installed on "
                 "this worker. Install it, then start the job again; the answers wait, encrypted.")


def _pending(where_id_after: int) -> Any:
    table = Document.__table__
    return (sa.select(table.c.id, table.c.raw_ciphertext)
            .where(table.c.kind == "survey_text", table.c.redaction_version == PENDING_REDACTION,
                   table.c.id > where_id_after)
            .order_by(table.c.id).limit(BATCH))


@job_handler(KIND, label="Redact survey answers")
def redact_survey_texts(ctx: JobContext) -> dict[str, Any]:
    """Redact every pending free-text survey answer, a batch at a time."""
    from voice.documents.importer import redaction_version, redactor_for

    try:
        redactor = redactor_for(ctx.app)
        version = redaction_version(redactor)
    except (OSError, ImportError) as error:
        raise JobError(NOT_INSTALLED) from error
    done, last_id = 0, 0
    while True:
        with ctx.session() as session:
            rows = session.connection().execute(_pending(last_id)).all()
        if not rows:
            return {"redacted": done}
        with ctx.app.app_context():
            fernet = app_fernet()
            texts = [fernet.decrypt(row.raw_ciphertext).decode("utf-8") for row in rows]
        try:
            redactions = redactor.redact_many(texts)
        except (OSError, ImportError) as error:
            raise JobError(NOT_INSTALLED) from error
        _save(ctx, version, [(row.id, r.text) for row, r in zip(rows, redactions)])
        done, last_id = done + len(rows), rows[-1].id
        ctx.progress(done, None, f"Redacted {done:,} survey answers.")


def _save(ctx: JobContext, version: str, redacted: list[tuple[int, str]]) -> None:
    table = Document.__table__
    # Only a document still pending is written: a concurrent run may have done it already.
    statement = (sa.update(table).where(table.c.id == sa.bindparam("document_id"),
                                        table.c.redaction_version == PENDING_REDACTION)
                 .values(redacted_text=sa.bindparam("text"), redaction_version=version))
    with ctx.session() as session:
        session.connection().execute(statement, [{"document_id": i, "text": t} for i, t in redacted])


def queue_after_commit(session: Session) -> None:
    """Queue a redaction run when this session's transaction commits (not if it rolls back)."""
    if not has_app_context():
        return  # no queue to reach; the next run redacts these texts too
    app = current_app._get_current_object()
    event.listen(session, "after_commit", lambda _session: queue_redaction(app), once=True)


def queue_redaction(app: Flask) -> None:
    """Queue a run unless one is already waiting; a queue that is down is logged, not raised:
    the response is stored, and the next run catches up."""
    from voice.jobs import enqueue
    from voice.db import session_scope

    try:
        with session_scope(app) as session:
            waiting = session.connection().execute(
                sa.select(Job.__table__.c.id).where(Job.__table__.c.kind == KIND,
                                                    Job.__table__.c.state == "queued").limit(1)).first()
        if waiting is None:
            enqueue(KIND, {}, app=app)
    except (JobError, sa.exc.SQLAlchemyError) as error:
        logger.warning("Could not queue survey text redaction: %s", type(error).__name__)
