"""The "retention_sweep" background job: erase what has outlived its retention period.

A Huey periodic task (voice.jobs.register_tasks) queues it once a day, so each sweep is a Job
row admins can see; `seen-heard subject retention` runs the same sweep by hand.
"""

from typing import Any

from voice.jobs.registry import job_handler
from voice.jobs.runner import JobContext
from voice.subject.retention import run_retention

KIND = "retention_sweep"


@job_handler(KIND, label="Retention: erase expired records")
def retention_sweep(ctx: JobContext, dry_run: bool = False) -> dict[str, Any]:
    """Find and erase expired records; the result holds counts only."""
    ctx.progress(0, 1, "Looking for records past their retention period.")
    report = run_retention(ctx.app, dry_run=dry_run)
    ctx.progress(1, 1, report.describe())
    return {"expired": report.expired, "held": report.held,
            "rows_deleted": sum(report.rows.values()), "files_deleted": report.files}


def queue_daily_sweep(app: Any) -> None:
    """Queue a sweep (called by the periodic task); a queue failure is logged by enqueue."""
    from voice.jobs.queue import enqueue

    enqueue(KIND, {}, app=app)
