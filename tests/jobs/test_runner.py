"""Jobs run through a real Huey consumer on SQLite and on Redis: progress, results, failures, cancels."""

import logging

import pytest

from voice.jobs import JobError, cancel, enqueue, get_job, job_handler, runtime
from voice.jobs.runner import UNEXPECTED
from tests.jobs.conftest import wait_for


def finished(job) -> bool:
    return job.state in ("done", "failed", "cancelled")


def test_selftest_runs_to_done_with_progress_and_result(jobs_app, start_consumer):
    start_consumer()
    job = enqueue("selftest", {"steps": 5, "delay": 0.01}, app=jobs_app)
    assert job.state == "queued" and job.id is not None

    done = wait_for(jobs_app, job.id, finished)

    assert done.state == "done"
    assert (done.done, done.total) == (5, 5)
    assert done.result == {"counted": 5}
    assert done.attempts == 1 and done.error is None
    assert done.started_at <= done.finished_at


def test_failures_are_stored_as_sentences_for_users(jobs_app, start_consumer, caplog):
    start_consumer()
    refused = enqueue("selftest", {"steps": 1, "delay": 0, "fail": "error"}, app=jobs_app)
    crashed = enqueue("selftest", {"steps": 2, "delay": 0, "fail": "crash"}, app=jobs_app)

    with caplog.at_level(logging.INFO, logger="voice.jobs"):
        refused = wait_for(jobs_app, refused.id, finished)
        crashed = wait_for(jobs_app, crashed.id, finished)

    assert refused.state == "failed"
    assert refused.error == "The self-test failed on purpose, as asked. Nothing needs doing."
    assert crashed.state == "failed"
    assert crashed.error == UNEXPECTED.format(id=crashed.id)
    assert crashed.message == "Counted 2 of 2."  # how far it got
    # The exception's text stands for case-note text: it reaches neither the row nor the log.
    assert "secret" not in crashed.error + crashed.message
    assert "secret" not in caplog.text and "Traceback" not in caplog.text
    assert "RuntimeError at voice.jobs.selftest" in caplog.text


def test_cancelling_a_running_job_stops_it_at_its_next_step(jobs_app, start_consumer):
    start_consumer()
    job = enqueue("selftest", {"steps": 500, "delay": 0.02}, app=jobs_app)
    running = wait_for(jobs_app, job.id, lambda j: j.state == "running" and j.done >= 2)
    assert running.heartbeat_at is not None

    assert cancel(jobs_app, job.id) == "running"

    stopped = wait_for(jobs_app, job.id, lambda j: j.message == "Cancelled.")
    assert stopped.state == "cancelled"
    assert stopped.done < 500 and stopped.finished_at is not None
    assert cancel(jobs_app, job.id) is None  # nothing left to cancel


def test_a_job_cancelled_while_queued_never_runs(jobs_app, start_consumer):
    job = enqueue("selftest", {"steps": 1, "delay": 0}, app=jobs_app)
    assert cancel(jobs_app, job.id) == "queued"
    marker = enqueue("selftest", {"steps": 1, "delay": 0}, app=jobs_app)

    start_consumer(workers=1)
    wait_for(jobs_app, marker.id, finished)  # one worker, first in first out

    skipped = get_job(jobs_app, job.id)
    assert (skipped.state, skipped.attempts, skipped.started_at) == ("cancelled", 0, None)


def test_a_clean_shutdown_puts_running_jobs_back_without_using_an_attempt(jobs_app, start_consumer):
    consumer = start_consumer(workers=1)
    job = enqueue("selftest", {"steps": 500, "delay": 0.02}, app=jobs_app)
    wait_for(jobs_app, job.id, lambda j: j.state == "running" and j.done >= 1)

    consumer.stop(graceful=True)

    back = get_job(jobs_app, job.id)
    assert back.state == "queued"
    assert (back.attempts, back.max_attempts) == (1, 3)
    assert "shut down" in back.message
    assert runtime(jobs_app).huey.pending_count() == 1  # its task is waiting for the next worker


@job_handler("test_uses_a_session", label="Test: uses a session")
def uses_a_session(ctx, name: str):
    """A handler that reads its own row in a short session and returns a result."""
    from voice.models import Job

    with ctx.session() as session:
        kind = session.get(Job, ctx.job_id).kind
    ctx.progress(1, 1, f"Read {kind}.")
    return {"greeting": f"hello {name}", "kind": kind}


def test_handlers_registered_elsewhere_get_params_and_short_sessions(jobs_app, start_consumer):
    start_consumer()
    job = enqueue("test_uses_a_session", {"name": "world"}, app=jobs_app)

    done = wait_for(jobs_app, job.id, finished)

    assert done.state == "done"
    assert done.result == {"greeting": "hello world", "kind": "test_uses_a_session"}


def test_enqueue_refuses_unknown_kinds_and_stores_nothing(jobs_app):
    with pytest.raises(JobError, match="no kind of job called 'no_such_job'"):
        enqueue("no_such_job", {}, app=jobs_app)
    assert get_job(jobs_app, 1) is None
    assert runtime(jobs_app).huey.pending_count() == 0
