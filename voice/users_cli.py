"""`seen-heard users ...`: create and list staff accounts from a script or a terminal."""

import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from voice.db import session_scope
from voice.users import UserError, create_user, list_users


@click.group("users")
def users_cli() -> None:
    """Create and list staff accounts."""


def setup_link(token: str) -> str:
    """The absolute one-time set-up link for `token` (BASE_URL, else the local demo address)."""
    from flask import url_for

    base = current_app.config.get("BASE_URL") or "http://localhost:5000"
    with current_app.test_request_context(base_url=base):
        return url_for("auth.setup", token=token, _external=True)


@users_cli.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(["practitioner", "researcher", "admin"]),
              help="What the person may do.")
@click.option("--la", "la_codes", multiple=True, metavar="OLD_LA_CODE",
              help="A DfE old LA code the person works for (repeat for several).")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from standard input instead of printing a set-up link.")
@click.option("--name", "display_name", default="", help="The person's name, for screens.")
@with_appcontext
def create_command(email: str, role: str, la_codes: tuple[str, ...], password_stdin: bool,
                   display_name: str) -> None:
    """Create an account; print a one-time set-up link unless --password-stdin is given."""
    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    try:
        with session_scope() as session:
            user, token = create_user(session, email, role, la_codes, password,
                                      display_name=display_name)
            email = user.email
    except UserError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Created {role} account for {email}.")
    if token:
        click.echo("Send this one-time set-up link to the person (it works once, for 3 days):")
        click.echo(setup_link(token))


@users_cli.command("list")
@with_appcontext
def list_command() -> None:
    """List every account with its role, local authorities and whether it is set up."""
    with session_scope() as session:
        rows = list_users(session)
    if not rows:
        click.echo("No accounts yet. Create one with: seen-heard users create EMAIL --role admin")
        return
    for user, codes in rows:
        state = "active" if user.password_hash else "waiting for set-up"
        if not user.is_active:
            state = "deactivated"
        demo = " (demo)" if user.is_demo else ""
        click.echo(f"{user.email}\t{user.role}{demo}\t{','.join(codes) or '-'}\t{state}")
