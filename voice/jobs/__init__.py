"""Background jobs: long work run by Huey workers, tracked as `Job` rows pages and the CLI show.

The queue is Huey on SQLite beside the database (instance/jobs.sqlite3), or on Redis when
REDIS_URL is set. `seen-heard worker` runs a consumer; a reaper makes sure a job whose
worker died is re-queued or failed, never left 'running'. To add a kind of job:

    @job_handler("topic_model", label="Topic model")
    def fit_topics(ctx: JobContext, run_id: int) -> dict:
        with ctx.session() as session:      # load, then let the session go
            texts = ...
        for i, batch in enumerate(batches):
            ctx.progress(i, len(batches), "Embedding notes")   # raises JobCancelled if cancelled
        raise JobError("...")               # a sentence for users; anything else is 'unexpected'
        return {"topics": 12}               # JSON, stored as the job's result

    job = enqueue("topic_model", {"run_id": 7}, created_by_id=user.id, la_id=la.id)

List the handler's module in registry.HANDLER_MODULES unless create_app imports it anyway.
Settings: JOB_STALE_SECONDS (60), JOB_HEARTBEAT_SECONDS (5), JOB_POLL_SECONDS (1),
JOB_SHUTDOWN_SECONDS (20), HUEY_NAME, HUEY_SQLITE_PATH, REDIS_URL.
"""

from flask import Flask
from huey import crontab

from voice.audit import record
from voice.db import session_scope
from voice.jobs import store
from voice.jobs.queue import JobsRuntime, enqueue, make_huey, runtime, setting
from voice.jobs.reaper import ReapReport, reap_stale_jobs
from voice.jobs.registry import (JobCancelled, JobError, JobInterrupted, job_handler, kind_label,
                                 known_kinds, load_handlers)
from voice.jobs.runner import JobContext, run_job
from voice.jobs.store import as_dict, cancel, get_job, list_jobs, percent
from voice.models import Job

__all__ = [
    "JobCancelled", "JobContext", "JobError", "JobInterrupted", "JobsRuntime", "ReapReport",
    "as_dict", "cancel", "cancel_job", "enqueue", "get_job", "init_app", "job_handler",
    "kind_label", "known_kinds", "list_jobs", "make_huey", "percent", "reap_stale_jobs",
    "register_tasks", "runtime",
]


def init_app(app: Flask) -> None:
    """Attach the app's queue, register its tasks and load every job handler."""
    load_handlers()
    state = JobsRuntime(huey=make_huey(app.config))
    app.extensions["huey"] = state.huey
    app.extensions["seen_heard_jobs"] = state
    register_tasks(app, state)
    app.jinja_env.globals.update(job_label=kind_label, job_percent=percent)
    if setting(app, "JOB_STALE_SECONDS", 60) < 3 * setting(app, "JOB_HEARTBEAT_SECONDS", 5):
        app.logger.warning("JOB_STALE_SECONDS should be at least three heartbeats "
                           "(JOB_HEARTBEAT_SECONDS), or live jobs may be re-queued.")


def register_tasks(app: Flask, state: JobsRuntime) -> None:
    """Define the Huey tasks on this app's queue: one generic job runner and the reaper."""
    huey = state.huey

    @huey.task(name="run_job")
    def run_job_task(job_id: int) -> None:
        run_job(app, job_id)

    @huey.periodic_task(crontab(minute="*"), name="reap_jobs")
    def reap_jobs_task() -> None:
        reap_stale_jobs(app)

    @huey.periodic_task(crontab(minute="30", hour="2"), name="retention_sweep")
    def retention_sweep_task() -> None:
        from voice.subject.retention_job import queue_daily_sweep  # erase what has expired

        queue_daily_sweep(app)

    state.run_task = run_job_task


def cancel_job(app: Flask, job_id: int, actor: object = None) -> str | None:
    """Cancel a job and add it to the audit trail in the same transaction; see store.cancel."""
    with session_scope(app) as session:
        was = store.cancel(app, job_id, session)
        if was:
            job = session.get(Job, job_id)
            record(session, "jobs.cancel", actor=actor, object_type="job", object_id=job_id,
                   la_id=job.la_id, detail={"kind": job.kind, "previous_state": was},
                   key=app.config["AUDIT_KEY"])
    return was
