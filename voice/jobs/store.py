"""Job rows: every change of state is one short transaction with a guard in its WHERE clause.

Guards make the row the single source of truth when several workers, the reaper and
the web app touch the same job: a worker owns a job only while `state` is 'running'
and `attempts` still equals the attempt it claimed, so a worker that was presumed dead
cannot overwrite the work of the attempt that replaced it.
"""

from datetime import datetime
from typing import Any

from flask import Flask
from sqlalchemy import func, select, update
from sqlmodel import Session

from voice.db import get_engine
from voice.models import Job, utcnow

JOB = Job.__table__
FINISHED_STATES = ("done", "failed", "cancelled")
MESSAGE_LIMIT = 500


def _update(app: Flask, job_id: int, *where: Any, session: Session | None = None,
            **values: Any) -> bool:
    """Apply `values` to the job if every condition in `where` holds; True if it did.

    With `session`, the change joins that session's transaction (so an audit row can
    commit with it); otherwise it is its own short transaction.
    """
    statement = update(JOB).where(JOB.c.id == job_id, *where).values(**values)
    if session is not None:
        return session.connection().execute(statement).rowcount == 1
    with get_engine(app).begin() as conn:
        return conn.execute(statement).rowcount == 1


def _owned(attempt: int) -> tuple[Any, Any]:
    return JOB.c.state == "running", JOB.c.attempts == attempt


def clip(message: str) -> str:
    """Fit a message into the column, marking where it was cut."""
    return message if len(message) <= MESSAGE_LIMIT else message[:MESSAGE_LIMIT - 1] + "…"


def get_job(app: Flask, job_id: int) -> Job | None:
    """The job row, detached from any session, or None."""
    with Session(get_engine(app), expire_on_commit=False) as session:
        return session.get(Job, job_id)


def list_jobs(app: Flask, state: str | None = None, limit: int = 100) -> list[Job]:
    """The newest jobs first, optionally only those in `state`."""
    query = select(Job).order_by(Job.id.desc()).limit(limit)
    if state:
        query = query.where(Job.state == state)
    with Session(get_engine(app), expire_on_commit=False) as session:
        return list(session.scalars(query))


def claim(app: Flask, job_id: int) -> int | None:
    """Mark a queued job running; return the attempt number, or None if it is not queued."""
    now = utcnow()
    # Write first, read after: on SQLite a read-then-write transaction can fail outright
    # (SQLITE_BUSY_SNAPSHOT) when another connection writes in between.
    with get_engine(app).begin() as conn:
        result = conn.execute(
            update(JOB).where(JOB.c.id == job_id, JOB.c.state == "queued")
            .values(state="running", attempts=JOB.c.attempts + 1, started_at=now,
                    heartbeat_at=now, error=None))
        if result.rowcount != 1:
            return None
        return conn.execute(select(JOB.c.attempts).where(JOB.c.id == job_id)).scalar_one()


def record_progress(app: Flask, job_id: int, attempt: int, done: int,
                    total: int | None = None, message: str = "") -> bool:
    """Store progress (and count it as a heartbeat); False if the job is no longer ours."""
    values: dict[str, Any] = {"done": done, "heartbeat_at": utcnow()}
    if total is not None:
        values["total"] = total
    if message:
        values["message"] = clip(message)
    return _update(app, job_id, *_owned(attempt), **values)


def beat(app: Flask, job_id: int, attempt: int) -> bool:
    """Refresh the heartbeat of a job this worker still owns."""
    return _update(app, job_id, *_owned(attempt), heartbeat_at=utcnow())


def finish(app: Flask, job_id: int, attempt: int, result: dict[str, Any], message: str) -> bool:
    """Mark the job done with its result.

    Finished work wins over a cancel or a reap that came too late, because its effects
    have happened; only a newer attempt of the same job makes this attempt's result moot.
    """
    values: dict[str, Any] = {"state": "done", "result": result, "finished_at": utcnow(),
                              "error": None}
    if message:
        values["message"] = clip(message)
    return _update(app, job_id, JOB.c.attempts == attempt, **values)


def fail(app: Flask, job_id: int, attempt: int | None, error: str) -> bool:
    """Mark a job failed with a message for users (when `attempt` is None: any unfinished job)."""
    guard = _owned(attempt) if attempt is not None else (JOB.c.state.not_in(FINISHED_STATES),)
    # The message keeps the last progress note, which says how far the job got.
    return _update(app, job_id, *guard, state="failed", error=clip(error), finished_at=utcnow())


def requeue(app: Flask, job_id: int, attempt: int, message: str, free_attempt: bool = False) -> bool:
    """Put a running job back in the queue; `free_attempt` keeps a clean shutdown from counting."""
    values: dict[str, Any] = {"state": "queued", "message": clip(message), "heartbeat_at": None}
    if free_attempt:
        values["max_attempts"] = JOB.c.max_attempts + 1
    return _update(app, job_id, *_owned(attempt), **values)


def cancel(app: Flask, job_id: int, session: Session | None = None) -> str | None:
    """Cancel a queued or running job; return the state it was in, or None if it had finished."""
    for state, message in (("queued", "Cancelled."),
                           ("running", "Cancelled; stopping at the next step.")):
        if _update(app, job_id, JOB.c.state == state, session=session, state="cancelled",
                   message=message, finished_at=utcnow()):
            return state
    return None


def note_stopped(app: Flask, job_id: int, attempt: int) -> bool:
    """Confirm that a cancelled job's handler has stopped."""
    return _update(app, job_id, JOB.c.state == "cancelled", JOB.c.attempts == attempt,
                   message="Cancelled.")


def stale_running(app: Flask, older_than: datetime) -> list[tuple[int, int, int]]:
    """(id, attempts, max_attempts) of running jobs whose last sign of life is before `older_than`."""
    last_seen = func.coalesce(JOB.c.heartbeat_at, JOB.c.started_at, JOB.c.created_at)
    query = (select(JOB.c.id, JOB.c.attempts, JOB.c.max_attempts)
             .where(JOB.c.state == "running", last_seen < older_than).order_by(JOB.c.id))
    with get_engine(app).connect() as conn:
        return [tuple(row) for row in conn.execute(query)]


def percent(job: Job) -> int | None:
    """Progress as a whole percentage (0-100), or None when the total is not known."""
    if job.state == "done":
        return 100
    if not job.total:
        return None
    return max(0, min(100, job.done * 100 // job.total))


def as_dict(job: Job) -> dict[str, Any]:
    """The job as the JSON API and the CLI show it (no params: they may name documents)."""
    def iso(value: datetime | None) -> str | None:
        return value.isoformat() if value else None
    return {
        "id": job.id, "kind": job.kind, "state": job.state, "done": job.done,
        "total": job.total, "percent": percent(job), "message": job.message,
        "error": job.error, "attempts": job.attempts, "max_attempts": job.max_attempts,
        "result": job.result if job.state == "done" else None,
        "created_at": iso(job.created_at), "started_at": iso(job.started_at),
        "finished_at": iso(job.finished_at),
    }
