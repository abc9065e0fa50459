"""Migrations: an empty database upgrades to head, matches the models, and re-runs safely."""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from tests.conftest import drop_pg_database, new_pg_database
from voice.migrate import current_revision, head_revision, upgrade
from voice.models import metadata


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_engine(request, tmp_path):
    """An engine on a database with no tables at all."""
    if request.param == "sqlite":
        engine = sa.create_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
        yield engine
        engine.dispose()
        return
    url = new_pg_database("shmig")
    engine = sa.create_engine(url)
    yield engine
    engine.dispose()
    drop_pg_database(url)


def schema_differences(engine: sa.Engine) -> list:
    """What autogenerate would still write: empty when migrations and models agree."""
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, metadata)


def test_upgrade_empty_database_to_head_matches_models(empty_engine):
    upgrade(empty_engine)
    assert current_revision(empty_engine) == head_revision(empty_engine)
    assert schema_differences(empty_engine) == []


def test_upgrade_twice_changes_nothing(empty_engine):
    upgrade(empty_engine)
    tables = set(sa.inspect(empty_engine).get_table_names())
    upgrade(empty_engine)
    assert set(sa.inspect(empty_engine).get_table_names()) == tables
    assert current_revision(empty_engine) == head_revision(empty_engine)


def test_downgrade_to_base_then_upgrade_again(empty_engine):
    from alembic import command
    from voice.migrate import alembic_config

    upgrade(empty_engine)
    command.downgrade(alembic_config(empty_engine), "base")
    assert current_revision(empty_engine) is None
    upgrade(empty_engine)
    assert schema_differences(empty_engine) == []


def test_every_table_is_created_by_a_migration(empty_engine):
    upgrade(empty_engine)
    created = set(sa.inspect(empty_engine).get_table_names()) - {"alembic_version"}
    assert created == set(metadata.tables)
