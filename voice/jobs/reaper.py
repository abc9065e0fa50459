"""The reaper: jobs whose worker stopped (killed, crashed, machine lost) never stay 'running'.

A running job's worker refreshes `heartbeat_at` every few seconds. A job whose heartbeat
is older than JOB_STALE_SECONDS has lost its worker: it goes back in the queue while it
has attempts left, and is marked failed when it has none.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from flask import Flask

from voice.jobs import store
from voice.jobs.queue import resend, setting
from voice.models import utcnow

logger = logging.getLogger(__name__)

STOPPED = "The worker stopped while running this job (attempt {attempt} of {max_attempts})."
REQUEUED = ("Waiting for a worker: the last one stopped while running this job "
            "(attempt {attempt} of {max_attempts}).")


@dataclass
class ReapReport:
    """What one pass of the reaper did."""

    requeued: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)

    def describe(self) -> str:
        """One sentence for the CLI and the logs."""
        if not self.requeued and not self.failed:
            return "No stalled jobs."
        return (f"Re-queued {len(self.requeued)} stalled job(s); "
                f"marked {len(self.failed)} as failed.")


def reap_stale_jobs(app: Flask, stale_seconds: float | None = None) -> ReapReport:
    """Re-queue or fail every running job whose heartbeat is older than the stale limit."""
    if stale_seconds is None:
        stale_seconds = setting(app, "JOB_STALE_SECONDS", 60)
    report = ReapReport()
    cutoff = utcnow() - timedelta(seconds=stale_seconds)
    for job_id, attempt, max_attempts in store.stale_running(app, cutoff):
        words = {"attempt": attempt, "max_attempts": max_attempts}
        # Each change is guarded by the attempt number, so two reapers never both act.
        if attempt < max_attempts:
            if store.requeue(app, job_id, attempt, REQUEUED.format(**words)):
                resend(app, job_id)
                report.requeued.append(job_id)
        elif store.fail(app, job_id, attempt, STOPPED.format(**words)):
            report.failed.append(job_id)
    if report.requeued or report.failed:
        logger.warning("Reaper: %s", report.describe())
    return report

