"""The `seen-heard` command: Flask's CLI over `create_app`, with the project's commands.

Commands are registered on the group itself, not on the app, so `seen-heard --help`
lists them even where the app cannot start (for example, keys not yet set).
"""

import sys

import click
from flask.cli import FlaskGroup
from sqlalchemy.exc import OperationalError

from voice import create_app
from voice.audit_cli import audit_cli
from voice.codebook_cli import codebook_cli, project_cli
from voice.config import ConfigError
from voice.demo_cli import demo_command
from voice.documents.cli import notes_cli
from voice.indicators.cli import indicators_cli, ssda903_cli
from voice.invitations_cli import invite_command
from voice.jobs.cli import jobs_cli, worker_command
from voice.keys_cli import keys_cli
from voice.migrate import db_cli
from voice.subject_cli import subject_cli
from voice.surveys_cli import surveys_cli
from voice.topics.cli import topics_cli
from voice.users_cli import users_cli

cli = FlaskGroup(create_app=create_app, help="Seen & Heard: voice capture and coding for children's services.")
cli.add_command(db_cli)
cli.add_command(demo_command)
cli.add_command(audit_cli)
cli.add_command(jobs_cli)
cli.add_command(worker_command)
cli.add_command(users_cli)
cli.add_command(surveys_cli)
cli.add_command(notes_cli)
cli.add_command(keys_cli)
cli.add_command(subject_cli)
cli.add_command(topics_cli)
cli.add_command(codebook_cli)
cli.add_command(project_cli)
cli.add_command(indicators_cli)
cli.add_command(ssda903_cli)
surveys_cli.add_command(invite_command)


def main() -> None:
    """Run the CLI, turning configuration and connection problems into one clear message."""
    try:
        cli.main(prog_name="seen-heard")
    except ConfigError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)
    except OperationalError as error:
        click.echo(f"Error: cannot reach the database ({describe_db_error(error)}). "
                   "Check DATABASE_URL and that the database server is running.", err=True)
        sys.exit(2)


def describe_db_error(error: OperationalError) -> str:
    """The driver's first line, without the SQL or parameters SQLAlchemy appends."""
    return str(error.orig).strip().splitlines()[0] if error.orig else "connection failed"


if __name__ == "__main__":
    main()
