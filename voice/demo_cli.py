"""`seen-heard demo`: migrate, seed the demo data once, print the accounts, serve with a worker."""

import os
import subprocess  # starts our own worker with a fixed argv  # nosec B404
import sys
from pathlib import Path

import click
from werkzeug.serving import run_simple



@click.command("demo")
@click.option("--seed-only", is_flag=True, help="Migrate and seed the database, then exit.")
@click.option("--port", envvar="PORT", default=5000, show_default=True, type=int,
              help="Port to serve on (or set PORT).")
@click.option("--no-worker", is_flag=True, help="Do not start a background-job worker.")
def demo_command(seed_only: bool, port: int, no_worker: bool) -> None:
    """Run the demo: a SQLite database in instance/ with demo data, at http://127.0.0.1:5000."""
    from voice import create_app

    os.environ["SEEN_HEARD_MODE"] = "demo"  # the worker subprocess inherits demo mode
    app = create_app({"MODE": "demo"})
    prepare_database(app)
    print_welcome(app, port)
    if seed_only:
        return
    worker = None if no_worker else start_worker()
    try:
        # Flask's app.run() refuses to run inside its own CLI, so serve with Werkzeug directly.
        run_simple("127.0.0.1", port, app, threaded=True, use_reloader=False)
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=10)


def prepare_database(app) -> None:
    """Upgrade the schema, load reference data and seed the demo data if it is not there yet."""
    from voice.db import get_engine, session_scope
    from voice.demo.seed import is_seeded, seed_demo
    from voice.migrate import upgrade
    from voice.reference import ensure_local_authorities

    upgrade(get_engine(app))
    ensure_local_authorities(app)
    write_files_once(app)
    with session_scope(app) as session:
        if is_seeded(session):
            click.echo("The demo data is already in the database; leaving it as it is.")
            return
        with click.progressbar(length=6, label="Seeding demo data") as bar:
            counts = seed_demo(app, session, progress=lambda _step: bar.update(1))
    click.echo("Seeded " + ", ".join(f"{n} {what}" for what, n in counts.items()) + ".")


def demo_files_dir(app) -> Path:
    """Where the demo import files (case notes and Pathway Plans as CSV, XLSX, DOCX) go."""
    return Path(app.instance_path) / "demo-files"


def write_files_once(app) -> None:
    """Write the demo import files for the walkthrough, unless they are there already."""
    from voice.demo.files import write_demo_files

    if not demo_files_dir(app).exists():
        write_demo_files(demo_files_dir(app))


def print_welcome(app, port: int) -> None:
    """Print where the demo is and how to sign in."""
    from voice.demo.seed import DEMO_ACCOUNTS, DEMO_PASSWORD

    click.echo(f"\nSeen & Heard demo: http://127.0.0.1:{port}\n")
    click.echo(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
    for email, role, codes in DEMO_ACCOUNTS:
        click.echo(f"  {role:<13} {email}  (authorities {', '.join(codes)})")
    click.echo(f"\nSurveys for respondents: http://127.0.0.1:{port}/survey/")
    click.echo(f"Files to import at http://127.0.0.1:{port}/practice/imports/new: {demo_files_dir(app)}\n")


def start_worker() -> subprocess.Popen | None:
    """Start a background-job worker in its own process, if this install has one."""
    from voice.cli import cli

    if "worker" not in cli.commands:
        return None
    argv = [sys.executable, "-m", "voice.cli", "worker"]  # fixed: this Python, our own worker
    return subprocess.Popen(argv, env=os.environ.copy())  # nosec B603

