"""Alembic environment: the models' metadata, the app's engine, batch mode on SQLite."""

from alembic import context

import voice.models  # noqa: F401  (registers every table on the metadata)
from voice.models import metadata

config = context.config


def run_migrations_online() -> None:
    """Run migrations over the engine the caller put in the Alembic config."""
    engine = config.attributes["engine"]
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


if context.is_offline_mode():
    raise SystemExit("Offline (SQL script) migrations are not supported; run `seen-heard db upgrade`.")
run_migrations_online()
