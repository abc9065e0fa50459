"""The Huey queue of an app, and `enqueue`, which turns a request for work into a job row and a task.

Each app has its own queue (SQLite beside the database, or Redis when REDIS_URL is set),
kept with the worker's run-time state in `app.extensions["seen_heard_jobs"]`.
"""

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app
from huey import Huey, RedisHuey, SqliteHuey

from voice.db import session_scope
from voice.jobs import store
from voice.jobs.registry import JobError, get_handler
from voice.models import Job

logger = logging.getLogger(__name__)

QUEUE_UNREACHABLE = ("The job could not be started because the job queue cannot be reached. "
                     "Check that Redis is running and REDIS_URL is right, then try again.")


@dataclass
class JobsRuntime:
    """An app's queue, its tasks, and what this process's worker is doing right now."""

    huey: Huey
    run_task: Callable[[int], Any] | None = None
    stopping: threading.Event = field(default_factory=threading.Event)
    in_flight: dict[int, int] = field(default_factory=dict)  # job id -> attempt
    lock: threading.Lock = field(default_factory=threading.Lock)


def make_huey(config: dict) -> Huey:
    """Build the queue the configuration asks for."""
    name = config.get("HUEY_NAME") or "seen-heard"
    # Results live on the job row, so Huey need not keep return values.
    if config.get("REDIS_URL"):
        return RedisHuey(name=name, url=config["REDIS_URL"], results=False,
                         read_timeout=float(config.get("JOB_POLL_SECONDS") or 1))
    return SqliteHuey(name=name, filename=config["HUEY_SQLITE_PATH"], results=False)


def runtime(app: Flask) -> JobsRuntime:
    """The jobs run-time state of `app`."""
    return app.extensions["seen_heard_jobs"]


def setting(app: Flask, name: str, default: float) -> float:
    """A jobs setting from the app's configuration, as a number."""
    return float(app.config.get(name) or default)


def send(app: Flask, job_id: int) -> None:
    """Put a task for the job on the queue; raises JobError if the queue cannot be reached."""
    try:
        runtime(app).run_task(job_id)
    except Exception as error:  # redis/sqlite errors vary by backend and version
        logger.error("Could not queue job %s: %s", job_id, type(error).__name__)
        raise JobError(QUEUE_UNREACHABLE) from error


def resend(app: Flask, job_id: int) -> None:
    """Queue a re-queued job's task again; if the queue is unreachable, fail the job saying why."""
    try:
        send(app, job_id)
    except JobError as error:
        store.fail(app, job_id, None, error.message)


def enqueue(kind: str, params: dict[str, Any] | None = None, created_by_id: int | None = None,
            la_id: int | None = None, *, max_attempts: int | None = None,
            app: Flask | None = None) -> Job:
    """Create a queued job row, commit it, then queue its task; return the (detached) row."""
    app = app or current_app._get_current_object()
    if get_handler(kind) is None:
        raise JobError(f"There is no kind of job called {kind!r}.")
    job = Job(kind=kind, params=params or {}, created_by_id=created_by_id, la_id=la_id,
              message="Waiting for a worker.")
    if max_attempts is not None:
        job.max_attempts = max_attempts
    # The row is committed before the task is sent, so a worker always finds it.
    with session_scope(app) as session:
        session.add(job)
    try:
        send(app, job.id)
    except JobError as error:
        store.fail(app, job.id, None, error.message)
        raise
    return job
