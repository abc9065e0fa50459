"""`seen-heard subject ...`: subject access, consent withdrawal, challenges, erasure, retention."""

import sys
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlmodel import select

PERSON_OPTIONS = (
    click.option("--pseudonym", help="The person's pseudonym (64 hex characters)."),
    click.option("--identifier", help="Their NHS number or local case identifier: checked, turned "
                                      "into the pseudonym and never stored."),
)


def person_options(command: Any) -> Any:
    """Add --pseudonym and --identifier to a command."""
    for option in reversed(PERSON_OPTIONS):
        command = option(command)
    return command


def fail(message: str) -> None:
    """Print a clear error and exit 1."""
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


def find(session: Any, pseudonym: str | None, identifier: str | None) -> Any:
    """The respondent named, or exit saying nobody matches (the same words whoever exists)."""
    from voice.subject.lookup import SubjectLookupError, find_respondent

    try:
        return find_respondent(session, pseudonym, identifier)
    except SubjectLookupError as error:
        fail(str(error))


@click.group("subject")
def subject_cli() -> None:
    """Data subjects' rights: access, withdrawal, challenges, erasure and retention."""


@subject_cli.command("export")
@person_options
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write subject-access.json, .html (and .pdf) into.")
@click.option("--name", "names", multiple=True,
              help="The person's own name, kept in their documents (others' names are removed). "
                   "Repeat for other names they use. Not stored.")
@click.option("--pdf/--no-pdf", default=True, show_default=True,
              help="Also print a PDF with headless Chromium, where it is installed.")
@with_appcontext
def export_command(pseudonym: str | None, identifier: str | None, out_dir: Path,
                   names: tuple[str, ...], pdf: bool) -> None:
    """Write one person's subject access package (JSON, HTML, PDF)."""
    from voice.db import session_scope
    from voice.subject.package_files import write_package
    from voice.subject.requests import answer_access_request

    with session_scope(current_app) as session:
        person = find(session, pseudonym, identifier)
        package = answer_access_request(session, person, own_names=names)
    written = write_package(package, out_dir, pdf=pdf)
    for path in written:
        click.echo(f"Wrote {path}")
    if pdf and not any(p.suffix == ".pdf" for p in written):
        click.echo("No PDF: Chromium is not installed here. Open the HTML and print it to PDF.")


@subject_cli.command("withdraw")
@person_options
@click.option("--purpose", required=True, help="own_support, service_improvement or research.")
@with_appcontext
def withdraw_command(pseudonym: str | None, identifier: str | None, purpose: str) -> None:
    """Record that a person withdraws consent for a purpose (on their written request)."""
    from voice.consent import ConsentError, withdraw
    from voice.db import session_scope

    with session_scope(current_app) as session:
        person = find(session, pseudonym, identifier)
        try:
            result = withdraw(session, person, purpose, source="admin_cli")
        except ConsentError as error:
            fail(str(error))
    click.echo(f"Withdrawn: {purpose}. Documents taken out of analysis: "
               f"{result['documents_withdrawn']}; cached embeddings removed: "
               f"{result['embeddings_removed']}; topic assignments removed: "
               f"{result['topic_assignments_removed']}.")
    if result["releases_published"]:
        click.echo("Already published, and left as published: indicator releases "
                   + ", ".join(map(str, result["releases_published"])) + ".")


@subject_cli.command("erase")
@person_options
@click.option("--yes", is_flag=True, help="Erase without asking to confirm.")
@with_appcontext
def erase_command(pseudonym: str | None, identifier: str | None, yes: bool) -> None:
    """Erase everything about one person; only an audit row that it happened remains."""
    from voice.db import session_scope
    from voice.subject.person_erasure import ErasureHeld, erase_person

    with session_scope(current_app) as session:
        person = find(session, pseudonym, identifier)
        if not yes:
            click.confirm("This erases the person's answers, documents, codes and consent "
                          "records for good. Go on?", abort=True)
        try:
            result = erase_person(current_app, session, person)
        except ErasureHeld as error:
            fail(str(error))
    click.echo(f"Erased: {sum(result.rows.values())} rows in "
               f"{len(result.rows)} tables and {result.files} files.")


@subject_cli.command("retention")
@click.option("--dry-run", is_flag=True, help="Say what has expired without erasing it.")
@with_appcontext
def retention_command(dry_run: bool) -> None:
    """Erase every record past its retention period (what the daily job does)."""
    from voice.subject.retention import run_retention

    report = run_retention(current_app, dry_run=dry_run)
    click.echo(("Dry run. " if dry_run else "") + report.describe())


@subject_cli.command("requests")
@with_appcontext
def requests_command() -> None:
    """List subject access and erasure requests with their due dates."""
    from voice.db import session_scope
    from voice.models import utcnow
    from voice.subject.requests import list_requests

    today = utcnow().date()
    with session_scope(current_app) as session:
        rows = list_requests(session)
    if not rows:
        click.echo("No requests.")
    for row in rows:
        late = " OVERDUE" if row.status != "done" and row.due_on < today else ""
        click.echo(f"{row.id}\t{row.kind}\t{row.status}\tdue {row.due_on}{late}")


@subject_cli.command("challenge")
@person_options
@click.option("--about", type=click.Choice(["code_application", "response", "document"]),
              default="code_application", show_default=True, help="What is challenged.")
@click.option("--id", "target_id", required=True, type=int, help="Its number, from the package.")
@click.option("--grounds", required=True, help="What the person says is wrong.")
@with_appcontext
def challenge_command(pseudonym: str | None, identifier: str | None, about: str, target_id: int,
                      grounds: str) -> None:
    """Raise a challenge on a person's behalf; the item leaves indicators until resolved."""
    from voice.db import session_scope
    from voice.subject.challenge import ChallengeError, raise_challenge

    with session_scope(current_app) as session:
        person = find(session, pseudonym, identifier)
        try:
            challenge = raise_challenge(session, person, about, target_id, grounds, None)
        except ChallengeError as error:
            fail(str(error))
        click.echo(f"Challenge {challenge.id} is open; the item is out of indicators until it is resolved.")


@subject_cli.command("resolve")
@click.argument("challenge_id", type=int)
@click.option("--reviewer", "reviewer_email", required=True,
              help="Email of the second coder deciding (not the one who applied the code).")
@click.option("--upheld/--not-upheld", required=True, help="Whether the person is right.")
@click.option("--reason", required=True, help="Why: the person is told this.")
@click.option("--new-code", "new_code_id", type=int, help="If upheld: the code it should have been.")
@with_appcontext
def resolve_command(challenge_id: int, reviewer_email: str, upheld: bool, reason: str,
                    new_code_id: int | None) -> None:
    """Resolve a challenge as a second coder; the outcome letter goes in the person's package."""
    from voice.db import session_scope
    from voice.models import Challenge, User
    from voice.subject.challenge import ChallengeError, resolve_challenge

    with session_scope(current_app) as session:
        challenge = session.get(Challenge, challenge_id) or fail(f"There is no challenge {challenge_id}.")
        reviewer = session.exec(select(User).where(User.email == reviewer_email.strip().lower())).first()
        if reviewer is None or not reviewer.is_active:
            fail("No active user has that email. Use the reviewer's sign-in email.")
        try:
            resolve_challenge(session, challenge, reviewer, upheld, reason, new_code_id)
        except ChallengeError as error:
            fail(str(error))
        click.echo(f"Challenge {challenge_id}: {challenge.status.replace('_', ' ')}.")
        click.echo(challenge.outcome_letter)
