"""`seen-heard worker` and `seen-heard jobs ...`: run workers, and list, show, cancel and test jobs.

Every command builds its app through the FlaskGroup's create_app (with_appcontext), so
the worker uses the same configuration as the web app.
"""

import logging
import time

import click
from flask import current_app
from flask.cli import with_appcontext

from voice.jobs import cancel_job
from voice.jobs.consumer import make_consumer
from voice.jobs.queue import enqueue
from voice.jobs.reaper import reap_stale_jobs
from voice.jobs.registry import JobError, kind_label
from voice.jobs.store import FINISHED_STATES, get_job, list_jobs, percent
from voice.models import JOB_STATES, Job

BAR_WIDTH = 20


def progress_bar(job: Job) -> str:
    """A text progress bar: `[##########----------]  50% (5 of 10)`."""
    share = percent(job)
    if share is None:
        return f"[{'?' * BAR_WIDTH}] {job.done} done, total not known yet"
    filled = share * BAR_WIDTH // 100
    counts = f" ({job.done} of {job.total})" if job.total else ""
    return f"[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {share:3d}%{counts}"


def load_job(job_id: int) -> Job:
    """The job, or a CLI error that says how to find the right id."""
    job = get_job(current_app, job_id)
    if job is None:
        raise click.ClickException(f"There is no job {job_id}. Run `seen-heard jobs list` to see the jobs.")
    return job


@click.command("worker")
@click.option("--workers", type=click.IntRange(1, 32), default=1, show_default=True,
              help="How many jobs this process runs at once (threads).")
@with_appcontext
def worker_command(workers: int) -> None:
    """Run a background-job worker until stopped (Ctrl+C or SIGTERM)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = current_app._get_current_object()
    click.echo(f"Reaper: {reap_stale_jobs(app).describe()}")
    queue = "Redis" if app.config.get("REDIS_URL") else "SQLite"
    click.echo(f"Worker started on the {queue} queue with {workers} thread(s). Press Ctrl+C to stop.")
    make_consumer(app, workers=workers).run()
    click.echo("Worker stopped.")


@click.group("jobs")
def jobs_cli() -> None:
    """List, show, cancel and test background jobs."""


@jobs_cli.command("list")
@click.option("--state", type=click.Choice(JOB_STATES), help="Only jobs in this state.")
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True,
              help="How many of the newest jobs to show.")
@with_appcontext
def list_command(state: str | None, limit: int) -> None:
    """List the newest jobs with their state and progress."""
    jobs = list_jobs(current_app, state=state, limit=limit)
    if not jobs:
        click.echo(f"No {state} jobs." if state else "No jobs yet.")
        return
    click.echo(f"{'ID':>6}  {'KIND':<18} {'STATE':<9} {'PROGRESS':>8}  {'CREATED (UTC)':<16}  MESSAGE")
    for job in jobs:
        share = percent(job)
        shown = f"{share}%" if share is not None else "-"
        created = job.created_at.strftime("%Y-%m-%d %H:%M")
        click.echo(f"{job.id:>6}  {job.kind[:18]:<18} {job.state:<9} {shown:>8}  {created:<16}  "
                   f"{(job.error or job.message)[:60]}")


@jobs_cli.command("show")
@click.argument("job_id", type=int)
@with_appcontext
def show_command(job_id: int) -> None:
    """Show one job: its state, a progress bar and its latest message."""
    job = load_job(job_id)
    click.echo(f"Job {job.id}: {kind_label(job.kind)} ({job.kind})")
    click.echo(f"State:    {job.state} (attempt {job.attempts} of {job.max_attempts})")
    click.echo(f"Progress: {progress_bar(job)}")
    click.echo(f"Message:  {job.message or '-'}")
    if job.error:
        click.echo(f"Error:    {job.error}")
    for label, value in (("Created", job.created_at), ("Started", job.started_at),
                         ("Finished", job.finished_at)):
        if value:
            click.echo(f"{label + ':':<9} {value:%Y-%m-%d %H:%M:%S} UTC")


@jobs_cli.command("cancel")
@click.argument("job_id", type=int)
@with_appcontext
def cancel_command(job_id: int) -> None:
    """Cancel a queued or running job."""
    job = load_job(job_id)
    was = cancel_job(current_app, job_id)
    if was is None:
        raise click.ClickException(f"Job {job_id} has already finished ({job.state}); there is nothing to cancel.")
    if was == "queued":
        click.echo(f"Cancelled job {job_id} before it started.")
    else:
        click.echo(f"Cancelled job {job_id}; it stops at its next progress step.")


@jobs_cli.command("reap")
@with_appcontext
def reap_command() -> None:
    """Re-queue or fail running jobs whose worker has stopped."""
    click.echo(reap_stale_jobs(current_app).describe())


@jobs_cli.command("selftest")
@click.option("--steps", type=click.IntRange(0, 10_000), default=10, show_default=True,
              help="How far the job counts (a tenth of a second a step).")
@click.option("--wait/--no-wait", default=False, help="Wait for the job to finish, showing progress.")
@click.option("--timeout", type=click.FloatRange(0), default=60, show_default=True,
              help="With --wait: give up after this many seconds.")
@with_appcontext
def selftest_command(steps: int, wait: bool, timeout: float) -> None:
    """Queue a self-test job, to check that a worker is running."""
    try:
        job = enqueue("selftest", {"steps": steps}, app=current_app._get_current_object())
    except JobError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"Queued self-test job {job.id}.")
    if wait:
        wait_for(job.id, timeout)


def wait_for(job_id: int, timeout: float) -> None:
    """Poll the job until it finishes, echoing progress; exit non-zero if it fails or times out."""
    deadline, last = time.monotonic() + timeout, ""
    while time.monotonic() < deadline:
        job = load_job(job_id)
        line = f"{job.state:<9} {progress_bar(job)}"
        if line != last:
            click.echo(line)
            last = line
        if job.state in FINISHED_STATES:
            if job.state != "done":
                raise click.ClickException(f"Job {job_id} {job.state}: {job.error or job.message}")
            return
        time.sleep(0.2)
    raise click.ClickException(f"Job {job_id} did not finish within {timeout:g} seconds. "
                               "Check that a worker is running: `seen-heard worker`.")
