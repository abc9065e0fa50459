"""Schema migrations with Alembic, as `seen-heard db ...` commands.

The schema is only ever changed by a migration. `env.py` imports the models' metadata
directly and uses batch mode on SQLite, which cannot ALTER most things in place.
"""

import click
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import Engine

from voice import PROJECT_ROOT
from voice.db import get_engine

MIGRATIONS = PROJECT_ROOT / "migrations"


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration that runs over `engine`'s database."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database to `revision`; a no-op when it is already there."""
    command.upgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    """The newest revision in migrations/."""
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


@click.group("db")
def db_cli() -> None:
    """Create and upgrade the database schema."""


@db_cli.command("upgrade")
@click.argument("revision", default="head")
@with_appcontext
def upgrade_command(revision: str) -> None:
    """Upgrade the database to the newest schema (or REVISION)."""
    from voice.reference import ensure_local_authorities

    engine = get_engine()
    before = current_revision(engine)
    upgrade(engine, revision)
    after = current_revision(engine)
    added = ensure_local_authorities(current_app)
    if before == after:
        click.echo(f"The database is already at revision {after}; nothing to do.")
    else:
        click.echo(f"Upgraded the database from {before or 'empty'} to {after}.")
    if added:
        click.echo(f"Added {added} local authorities from DfE's list.")


@db_cli.command("downgrade")
@click.argument("revision")
@with_appcontext
def downgrade_command(revision: str) -> None:
    """Downgrade the database to REVISION (for example -1)."""
    command.downgrade(alembic_config(get_engine()), revision)
    click.echo(f"The database is now at revision {current_revision(get_engine())}.")


@db_cli.command("current")
@with_appcontext
def current_command() -> None:
    """Show the database's revision and the newest one available."""
    engine = get_engine()
    click.echo(f"database: {current_revision(engine) or 'empty'}; newest: {head_revision(engine)}")


@db_cli.command("revision")
@click.option("-m", "--message", required=True, help="What the migration changes.")
@with_appcontext
def revision_command(message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    command.revision(alembic_config(get_engine()), message=message, autogenerate=True)
