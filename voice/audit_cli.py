"""`seen-heard audit ...`: check the audit trail's chain and seal, and list recent events."""

import sys

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from voice.models import AuditEvent


@click.group("audit")
def audit_cli() -> None:
    """Check and read the audit trail."""


@audit_cli.command("verify")
@with_appcontext
def verify_command() -> None:
    """Check every row of the audit trail and the signed head; exit non-zero on tampering."""
    from voice.audit import verify
    from voice.db import session_scope

    with session_scope(current_app) as session:
        result = verify(session, current_app.config["AUDIT_KEY"])
    if result.ok:
        click.echo(result.message)
        return
    click.echo(f"Audit trail NOT intact at row {result.seq} ({result.kind}): {result.message}",
               err=True)
    click.echo("Keep the database as it is and tell your data protection officer.", err=True)
    sys.exit(1)


@audit_cli.command("list")
@click.option("--action", help="Only events with this action, for example user.create.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10_000),
              help="How many of the newest events to show.")
@with_appcontext
def list_command(action: str | None, limit: int) -> None:
    """List the newest audit events, newest first."""
    from voice.db import session_scope

    table = AuditEvent.__table__
    query = sa.select(table).order_by(table.c.seq.desc()).limit(limit)
    if action:
        query = query.where(table.c.action == action)
    with session_scope(current_app) as session:
        rows = session.execute(query).all()
    if not rows:
        click.echo("No audit events match.")
        return
    for row in rows:
        click.echo(format_event(row))


def format_event(row) -> str:
    """One audit event as a tab-separated line: seq, time, actor, action, object, outcome."""
    role = row.actor_role or "system"
    actor = f"{role}#{row.actor_id}" if row.actor_id else role
    target = f"{row.object_type}:{row.object_id}" if row.object_type else "-"
    when = row.at.strftime("%Y-%m-%d %H:%M:%S")
    return "\t".join([str(row.seq), when, actor, row.action, target, row.outcome])
