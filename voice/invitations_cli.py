"""`seen-heard surveys invite KEY`: make an invitation link and print it (the only time the
token is shown)."""

import sys
from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlmodel import select

from voice.models import Area, LocalAuthority


def _authority_or_exit(session, la_code: str, area_code: str | None) -> tuple[int, int | None]:
    """The ids of the local authority (old or new code) and area, or a message and exit 1."""
    la = session.exec(select(LocalAuthority).where(
        (LocalAuthority.old_la_code == la_code) | (LocalAuthority.new_la_code == la_code))).first()
    if la is None:
        click.echo(f"Error: no local authority has the code {la_code!r}; use a DfE code like 850.",
                   err=True)
        sys.exit(1)
    if area_code is None:
        return la.id, None
    area = session.exec(select(Area).where(Area.la_id == la.id, Area.code == area_code)).first()
    if area is None:
        click.echo(f"Error: {la.name} has no area with the code {area_code!r}.", err=True)
        sys.exit(1)
    return la.id, area.id


@click.command("invite")
@click.argument("key")
@click.option("--la", "la_code", required=True, help="The local authority's DfE code, e.g. 850.")
@click.option("--area", "area_code", help="The area's code inside the local authority.")
@click.option("--kiosk", is_flag=True, help="A shared device: every completion is a new anonymous response.")
@click.option("--uses", type=click.IntRange(min=1), help="How many responses the link allows (default 1; kiosk: no limit).")
@click.option("--expires", type=click.DateTime(formats=["%Y-%m-%d"]), help="Last day the link works (YYYY-MM-DD).")
@with_appcontext
def invite_command(key: str, la_code: str, area_code: str | None, kiosk: bool, uses: int | None,
                   expires) -> None:
    """Make a survey invitation link and print it."""
    from voice.audit import record
    from voice.db import session_scope
    from voice.invitations import InvalidInvitation, create_invitation, end_of_day

    mode = "kiosk" if kiosk else ("reusable" if uses and uses > 1 else "single")
    until = end_of_day(date(expires.year, expires.month, expires.day)) if expires else None
    try:
        with session_scope(current_app) as session:
            la_id, area_id = _authority_or_exit(session, la_code, area_code)
            invitation, token = create_invitation(session, key, mode, uses, until, la_id, area_id,
                                                  created_by=None)
            record(session, "invitation.create", object_type="invitation", object_id=invitation.id,
                   la_id=la_id, detail={"kind": mode, "uses_allowed": invitation.uses_allowed})
    except InvalidInvitation as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(1)
    click.echo(f"{current_app.config['BASE_URL']}/s/{token}")
    click.echo("Copy the link now: it is not stored and cannot be shown again.", err=True)
