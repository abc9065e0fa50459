"""`seen-heard surveys ...`: check, import and list survey definitions (YAML or XLSForm)."""

import sys
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from voice.models import Response, Survey, SurveyVersion

PATH_ARGUMENT = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.group("surveys")
def surveys_cli() -> None:
    """Check, import and list surveys."""


def _read_or_exit(path: Path, key: str | None, audience: str | None) -> dict:
    """The file's definition, or every problem printed and exit code 1."""
    from voice.surveys import InvalidSurvey, read_definition  # jsonschema: only when used

    try:
        return read_definition(path, key=key, audience=audience)
    except InvalidSurvey as error:
        click.echo(f"Error: {error}", err=True)
        click.echo("Fix these and try again; nothing was stored.", err=True)
        sys.exit(1)


@surveys_cli.command("validate")
@click.argument("path", type=PATH_ARGUMENT)
def validate_command(path: Path) -> None:
    """Check a survey file (YAML or XLSForm) and list every problem, storing nothing."""
    definition = _read_or_exit(path, None, None)
    click.echo(f"{path.name} is a valid survey: {definition['key']}, "
               f"{len(definition['questions'])} questions, "
               f"languages {', '.join(definition['languages'])}.")


@surveys_cli.command("import")
@click.argument("path", type=PATH_ARGUMENT)
@click.option("--key", help="Survey key for an XLSForm (default: its settings form_id).")
@click.option("--audience", help="Who answers an XLSForm survey, e.g. parents_carers (default: general).")
@with_appcontext
def import_command(path: Path, key: str | None, audience: str | None) -> None:
    """Import a survey (YAML or XLSForm): a new version if it changed, else nothing."""
    from voice.audit import record
    from voice.db import session_scope
    from voice.surveys import store_survey

    definition = _read_or_exit(path, key, audience)
    with session_scope(current_app) as session:  # one transaction: the version and its audit row
        version, created = store_survey(session, definition)
        if created:
            record(session, "survey.import", object_type="survey", object_id=definition["key"],
                   detail={"version": version.version})
        number = version.version
    if created:
        click.echo(f"Imported {definition['key']} as version {number} "
                   f"({len(definition['questions'])} questions).")
    else:
        click.echo(f"{definition['key']} is unchanged (still version {number}).")


@surveys_cli.command("list")
@with_appcontext
def list_command() -> None:
    """List surveys: key, title, latest version and number of responses."""
    from voice.db import session_scope

    latest = (sa.select(SurveyVersion.survey_id, sa.func.max(SurveyVersion.version).label("version"))
              .group_by(SurveyVersion.survey_id).subquery())
    responses = (sa.select(Response.survey_id, sa.func.count().label("responses"))
                 .group_by(Response.survey_id).subquery())
    query = (sa.select(Survey.key, Survey.title, latest.c.version, responses.c.responses)
             .outerjoin(latest, latest.c.survey_id == Survey.id)
             .outerjoin(responses, responses.c.survey_id == Survey.id).order_by(Survey.key))
    with session_scope(current_app) as session:
        rows = session.execute(query).all()
    if not rows:
        click.echo("No surveys yet. Import one with: seen-heard surveys import PATH")
        return
    click.echo("key\ttitle\tversion\tresponses")
    for row in rows:
        click.echo(f"{row.key}\t{row.title}\t{row.version or '-'}\t{row.responses or 0}")
