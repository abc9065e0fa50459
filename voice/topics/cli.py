"""`seen-heard topics ...`: fit a topic model over consented, redacted documents; list and show
runs; check that a run's saved model still loads.

`topics fit` runs the same background job the research pages queue: in this process with a
progress bar (Ctrl+C cancels it, saving nothing), or with --background for a worker.
"""

from __future__ import annotations

import threading
import time

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlmodel import select

from coding.topics import DEFAULT_GUIDANCE, GUIDANCE_MODES, TopicError
from voice.db import session_scope
from voice.jobs import JobError, cancel_job, run_job
from voice.jobs.cli import progress_bar
from voice.jobs.store import get_job
from voice.models import DOCUMENT_KINDS, PURPOSES, Topic, TopicRun
from voice.topics.charts import disclosed_sizes
from voice.topics.corpus import TopicRunError, parse_filter
from voice.topics.jobs import load_run_model
from voice.topics.runs import create_run, parse_settings, start_run


@click.group("topics")
def topics_cli() -> None:
    """Fit topic models over redacted documents and review their runs."""


@topics_cli.command("fit")
@click.option("--purpose", type=click.Choice(PURPOSES), required=True,
              help="What the analysis serves: only documents consented for it enter.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(DOCUMENT_KINDS),
              help="Only this document kind (repeat for several; default all).")
@click.option("--la", "la_codes", multiple=True, help="Only this authority (850 or E10000014; "
                                                     "repeat for several; default all).")
@click.option("--area", "area_codes", multiple=True, help="Only this sub-LA area code (repeat).")
@click.option("--from", "start", help="Only documents dated on or after this day (2025-04-01).")
@click.option("--to", "end", help="Only documents dated on or before this day.")
@click.option("--question", "questions", multiple=True,
              help="Survey free text: only answers to this question key (repeat).")
@click.option("--codebook", "codebook_key", help="Guide the fit by this codebook's newest version.")
@click.option("--seed", type=int, default=42, show_default=True, help="Random seed.")
@click.option("--guidance", type=click.Choice(GUIDANCE_MODES), default=DEFAULT_GUIDANCE,
              show_default=True, help="How the codebook guides the fit.")
@click.option("--set", "settings", multiple=True, metavar="NAME=VALUE",
              help="Override a model setting, such as min_cluster_size=15 (repeat).")
@click.option("--title", default="", help="A name for the run.")
@click.option("--background", is_flag=True, help="Queue the run for a worker and return.")
@with_appcontext
def fit_command(purpose, kinds, la_codes, area_codes, start, end, questions, codebook_key,
                seed, guidance, settings, title, background) -> None:
    """Fit a topic model over the documents the filter matches and consent allows."""
    app = current_app._get_current_object()
    try:
        with session_scope(app) as session:
            corpus_filter = parse_filter(session, kinds, la_codes, area_codes, start, end,
                                         questions)
            run = create_run(session, corpus_filter, purpose, codebook_key=codebook_key,
                             seed=seed, guidance=guidance, settings=parse_settings(settings),
                             title=title)
            run_id = run.id
        job_id = start_run(app, run_id)
    except TopicRunError as error:
        raise click.UsageError(str(error)) from None
    except JobError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Topic run {run_id} (job {job_id}).")
    if background:
        click.echo(f"Queued for a worker; follow it with `seen-heard jobs show {job_id}`.")
        return
    run_here(app, job_id)
    show_run(run_id)


def run_here(app, job_id: int) -> None:
    """Run the job in this process, printing progress; Ctrl+C cancels it."""
    worker = threading.Thread(target=run_job, args=(app, job_id), name=f"topics-{job_id}")
    worker.start()
    last = ""
    try:
        while worker.is_alive():
            line = progress_line(app, job_id)
            if line != last:
                click.echo(line)
                last = line
            worker.join(0.5)
    except KeyboardInterrupt:
        cancel_job(app, job_id)
        click.echo("Cancelling: the run stops at its next step and saves nothing.")
        worker.join()
    job = get_job(app, job_id)
    if job.state != "done":
        raise click.ClickException(f"The run did not finish ({job.state}): "
                                   f"{job.error or job.message}")


def progress_line(app, job_id: int) -> str:
    """The job's progress bar and message."""
    job = get_job(app, job_id)
    return f"{progress_bar(job)}  {job.message or ''}".rstrip()


@topics_cli.command("list")
@with_appcontext
def list_command() -> None:
    """List topic runs, newest first."""
    with session_scope() as session:
        runs = session.exec(select(TopicRun).order_by(TopicRun.id.desc())).all()
        if not runs:
            click.echo("No topic runs yet. Start one with `seen-heard topics fit --purpose ...`.")
            return
        click.echo(f"{'ID':>5}  {'STATUS':<9} {'PURPOSE':<19} {'DOCUMENTS':>9}  TITLE")
        for run in runs:
            click.echo(f"{run.id:>5}  {run.status:<9} {run.purpose:<19} {run.n_documents:>9,}  "
                       f"{run.title or '-'}")


def show_run(run_id: int) -> None:
    """Print a run's topics with sizes under disclosure control, best code and emergent flag."""
    with session_scope() as session:
        run = session.get(TopicRun, run_id)
        if run is None:
            raise click.ClickException(f"There is no topic run {run_id}. "
                                       "Run `seen-heard topics list` to see them.")
        topics = session.exec(select(Topic).where(Topic.run_id == run_id)
                              .order_by(Topic.number)).all()
        click.echo(f"Run {run.id}: {run.status}; {run.n_documents:,} documents "
                   f"({run.n_excluded_by_consent:,} left out by consent); seed {run.seeds['seed']}")
        if run.error:
            click.echo(f"Error: {run.error}")
        sizes = disclosed_sizes(current_app.config, topics)
        for topic in topics:
            match = (f"{topic.matched_code_key} ({topic.match_score:.2f})"
                     if topic.matched_code_key else "EMERGENT")
            click.echo(f"{topic.number:>4}  size {sizes[topic.number]:>6}  {match:<32} "
                       f"{topic.custom_label or topic.label}")


@topics_cli.command("show")
@click.argument("run_id", type=int)
@with_appcontext
def show_command(run_id: int) -> None:
    """Show a run's topics: size, the code each matches, or EMERGENT."""
    show_run(run_id)


@topics_cli.command("load")
@click.argument("run_id", type=int)
@with_appcontext
def load_command(run_id: int) -> None:
    """Load a run's saved model, to check it can be reused and reproduced on this install."""
    with session_scope() as session:
        run = session.get(TopicRun, run_id)
        if run is None:
            raise click.ClickException(f"There is no topic run {run_id}.")
        stored = {t.number for t in session.exec(select(Topic).where(Topic.run_id == run_id))}
    started = time.perf_counter()
    try:
        result = load_run_model(run)
    except TopicError as error:
        raise click.ClickException(str(error)) from None
    loaded = {t.id for t in result.topics}
    if loaded != stored:
        raise click.ClickException(f"The saved model of run {run_id} has topics {sorted(loaded)}, "
                                   f"the database {sorted(stored)}: fit the run again.")
    click.echo(f"Run {run_id}: the model loads ({len(loaded)} topics, "
               f"{time.perf_counter() - started:.1f} s) and matches the stored topics.")
