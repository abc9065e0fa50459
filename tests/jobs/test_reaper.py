"""The reaper: a job whose worker died is re-queued or failed, never left 'running'.

The kill test starts `seen-heard worker` as a real subprocess, kills it with SIGKILL
mid-job, and checks that the reaper and a new worker finish the story.
"""

import signal
import time
from datetime import timedelta

from sqlmodel import Session

from voice.db import get_engine
from voice.jobs import enqueue, get_job, reap_stale_jobs, runtime
from voice.jobs.reaper import STOPPED
from voice.models import Job, utcnow
from tests.jobs.conftest import wait_for, worker_output


def add_running_job(app, attempts: int, max_attempts: int, seconds_since_heartbeat: float) -> int:
    """Store a job as a worker would leave it: running, last heartbeat some seconds ago."""
    beat = utcnow() - timedelta(seconds=seconds_since_heartbeat)
    job = Job(kind="selftest", state="running", attempts=attempts, max_attempts=max_attempts,
              params={"steps": 1, "delay": 0}, started_at=beat, heartbeat_at=beat)
    with Session(get_engine(app), expire_on_commit=False) as session:
        session.add(job)
        session.commit()
    return job.id


def reap_until_settled(app, *job_ids: int) -> None:
    """Run the reaper until none of the jobs is running (JOB_STALE_SECONDS is 1 in these tests)."""
    deadline = time.monotonic() + 20
    while any(get_job(app, job_id).state == "running" for job_id in job_ids):
        assert time.monotonic() < deadline, "the reaper never acted on the killed worker's jobs"
        reap_stale_jobs(app)
        time.sleep(0.1)


def test_reaper_requeues_or_fails_stale_jobs_and_leaves_live_ones(jobs_app):
    retry = add_running_job(jobs_app, attempts=1, max_attempts=2, seconds_since_heartbeat=120)
    spent = add_running_job(jobs_app, attempts=2, max_attempts=2, seconds_since_heartbeat=120)
    alive = add_running_job(jobs_app, attempts=1, max_attempts=2, seconds_since_heartbeat=0)

    report = reap_stale_jobs(jobs_app, stale_seconds=60)

    assert (report.requeued, report.failed) == ([retry], [spent])
    assert get_job(jobs_app, retry).state == "queued"
    assert runtime(jobs_app).huey.pending_count() == 1  # the retry's task is on the queue
    failed = get_job(jobs_app, spent)
    assert failed.state == "failed" and failed.finished_at is not None
    assert failed.error == "The worker stopped while running this job (attempt 2 of 2)."
    assert get_job(jobs_app, alive).state == "running"
    assert reap_stale_jobs(jobs_app, stale_seconds=60).describe() == "No stalled jobs."


def test_a_killed_worker_s_jobs_are_requeued_or_failed_then_finished(paired_app, start_worker):
    app = paired_app
    worker = start_worker(app, workers=2)
    retried = enqueue("selftest", {"steps": 30, "delay": 0.05}, max_attempts=2, app=app)
    spent = enqueue("selftest", {"steps": 30, "delay": 0.05}, max_attempts=1, app=app)
    for job in (retried, spent):
        wait_for(app, job.id, lambda j: j.state == "running" and j.done >= 1)

    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    reap_until_settled(app, retried.id, spent.id)

    failed = get_job(app, spent.id)
    assert failed.state == "failed"
    assert failed.error == STOPPED.format(attempt=1, max_attempts=1)
    assert get_job(app, retried.id).state == "queued"

    second = start_worker(app)
    done = wait_for(app, retried.id, lambda j: j.state == "done")
    assert (done.attempts, done.result) == (2, {"counted": 30})
    assert get_job(app, spent.id).state == "failed"  # no attempts left: it stays failed

    second.send_signal(signal.SIGTERM)
    assert second.wait(timeout=20) == 0
    assert "Worker stopped." in worker_output(second)
