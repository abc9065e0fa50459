"""Running one job in a worker: claim the row, call its handler, record how it ended.

The handler holds no database session while it computes: progress and heartbeats are
each their own short transaction, and `ctx.session()` opens one only when asked.
"""

import logging
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from flask import Flask
from sqlmodel import Session

from voice.db import session_scope
from voice.jobs import store
from voice.jobs.queue import resend, runtime, setting
from voice.jobs.registry import JobCancelled, JobError, JobInterrupted, get_handler

logger = logging.getLogger(__name__)

UNEXPECTED = ("The job stopped because of an unexpected error. Try again; if it fails again, "
              "tell your administrator which job it was (job {id}).")
UNKNOWN_KIND = ("This worker does not know how to run {kind!r} jobs. Update and restart the "
                "workers, then start the job again.")


class JobContext:
    """What a handler gets: its job's id and params, progress reporting and short sessions."""

    def __init__(self, app: Flask, job_id: int, attempt: int, params: dict[str, Any]) -> None:
        self.app, self.job_id, self.attempt, self.params = app, job_id, attempt, params

    def progress(self, done: int, total: int | None = None, message: str = "") -> None:
        """Record progress; raises JobCancelled if the job was cancelled (stop promptly)."""
        self.check_stopping()
        if not store.record_progress(self.app, self.job_id, self.attempt, done, total, message):
            raise JobCancelled(f"Job {self.job_id} is no longer running here.")

    def check_stopping(self) -> None:
        """Raise JobInterrupted if this worker is shutting down."""
        if runtime(self.app).stopping.is_set():
            raise JobInterrupted(f"The worker is stopping; job {self.job_id} goes back in the queue.")

    def session(self) -> AbstractContextManager[Session]:
        """A short session for loading or saving (commits on success); close it before computing."""
        return session_scope(self.app)


class Heartbeat:
    """A thread that refreshes the job's heartbeat, so the reaper knows its worker is alive."""

    def __init__(self, app: Flask, job_id: int, attempt: int) -> None:
        self.app, self.job_id, self.attempt = app, job_id, attempt
        self.interval = setting(app, "JOB_HEARTBEAT_SECONDS", 5)
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"heartbeat-{job_id}", daemon=True)

    def _beat(self) -> None:
        while not self.stopped.wait(self.interval):
            try:
                if not store.beat(self.app, self.job_id, self.attempt):
                    return  # finished, cancelled or taken over: nothing left to keep alive
            except Exception as error:  # a missed beat is not fatal; the next may succeed
                logger.warning("Heartbeat for job %s failed: %s", self.job_id, type(error).__name__)

    def __enter__(self) -> "Heartbeat":
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stopped.set()
        self.thread.join()


@contextmanager
def in_flight(app: Flask, job_id: int, attempt: int) -> Iterator[None]:
    """Note that this process runs the job, so a shutdown can put it back in the queue."""
    state = runtime(app)
    with state.lock:
        state.in_flight[job_id] = attempt
    try:
        yield
    finally:
        with state.lock:
            state.in_flight.pop(job_id, None)


def run_job(app: Flask, job_id: int) -> None:
    """Run the job `job_id` if it is still queued (the body of the Huey task)."""
    if runtime(app).stopping.is_set():
        resend(app, job_id)  # shutting down: leave it for another worker
        return
    attempt = store.claim(app, job_id)
    if attempt is None:
        logger.info("Job %s is not queued (cancelled or already taken); skipping.", job_id)
        return
    job = store.get_job(app, job_id)
    handler = get_handler(job.kind)
    if handler is None:
        store.fail(app, job_id, attempt, UNKNOWN_KIND.format(kind=job.kind))
        return
    logger.info("Job %s (%s) started, attempt %s of %s.", job_id, job.kind, attempt, job.max_attempts)
    context = JobContext(app, job_id, attempt, dict(job.params or {}))
    with in_flight(app, job_id, attempt), Heartbeat(app, job_id, attempt):
        _call(app, handler.function, context, job.kind)


def _call(app: Flask, function: Any, ctx: JobContext, kind: str) -> None:
    """Call the handler inside an app context and record the outcome on the row."""
    try:
        with app.app_context():
            result = function(ctx, **ctx.params)
    except JobInterrupted:
        if store.requeue(app, ctx.job_id, ctx.attempt, "Waiting for a worker: the last one was "
                         "shut down while running this job.", free_attempt=True):
            resend(app, ctx.job_id)
        logger.info("Job %s (%s) put back in the queue: the worker is stopping.", ctx.job_id, kind)
    except JobCancelled:
        store.note_stopped(app, ctx.job_id, ctx.attempt)
        logger.info("Job %s (%s) stopped: cancelled or taken over.", ctx.job_id, kind)
    except JobError as error:
        store.fail(app, ctx.job_id, ctx.attempt, error.message)
        logger.info("Job %s (%s) failed: %s", ctx.job_id, kind, type(error).__name__)
    except Exception as error:
        store.fail(app, ctx.job_id, ctx.attempt, UNEXPECTED.format(id=ctx.job_id))
        log_unexpected(ctx.job_id, kind, error)
    else:
        _record_result(app, ctx, kind, result)


def _record_result(app: Flask, ctx: JobContext, kind: str, result: Any) -> None:
    """Store the handler's return value as the job's result (a JSON object)."""
    result = result if isinstance(result, dict) else ({} if result is None else {"value": result})
    try:
        store.finish(app, ctx.job_id, ctx.attempt, result, "Finished.")
    except Exception as error:  # typically a result that is not JSON
        store.fail(app, ctx.job_id, ctx.attempt, UNEXPECTED.format(id=ctx.job_id))
        log_unexpected(ctx.job_id, kind, error)
    else:
        logger.info("Job %s (%s) done.", ctx.job_id, kind)


def log_unexpected(job_id: int, kind: str, error: BaseException) -> None:
    """Log where a job crashed: the exception type and code location at ERROR, the traceback at DEBUG.

    The exception's message is not logged at ERROR, because it may quote the data the job
    was working on (a case note, a name); the full traceback goes to DEBUG for developers.
    """
    frame = error.__traceback__
    while frame is not None and frame.tb_next is not None:
        frame = frame.tb_next
    where = f"{frame.tb_frame.f_globals.get('__name__', '?')}:{frame.tb_lineno}" if frame else "unknown"
    logger.error("Job %s (%s) crashed with %s at %s.", job_id, kind, type(error).__name__, where)
    logger.debug("Traceback of job %s", job_id, exc_info=error)
