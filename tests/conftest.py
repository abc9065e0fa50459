"""Fixtures shared by every test: an app on a fresh database, on SQLite and on PostgreSQL.

Tests that take `app` (or `client`, `runner`, `session`) run once per backend. The
PostgreSQL database is made once per test process and emptied between tests; with
CI=true an unreachable PostgreSQL fails the run instead of skipping.
"""

import os
import secrets
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet
from sqlmodel import Session

from voice import create_app
from voice.audit_guard import install_audit_guard
from voice.db import get_engine
from voice.models import metadata
from voice.reference import ensure_local_authorities

pytest_plugins = ["tests.browser.fixtures"]  # server_url, browser, tablet, laptop

PG_ADMIN_URL = os.environ.get("TEST_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pg_admin_engine() -> sa.Engine:
    """An autocommit engine on the `test` database, for creating and dropping databases."""
    return sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")


def new_pg_database(prefix: str = "sh") -> str:
    """Create an empty PostgreSQL database with a unique name; return its URL."""
    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    engine = pg_admin_engine()
    try:
        with engine.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        if IN_CI:
            raise RuntimeError(f"PostgreSQL is required in CI but unreachable: {error}") from error
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432")
    finally:
        engine.dispose()
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def drop_pg_database(url: str) -> None:
    """Drop a database made by new_pg_database, closing any connection left to it."""
    name = url.rsplit("/", 1)[1]
    engine = pg_admin_engine()
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """One PostgreSQL database per test process, with every table created."""
    url = new_pg_database()
    engine = sa.create_engine(url)
    metadata.create_all(engine)
    with engine.begin() as conn:
        install_audit_guard(conn)  # as migration 0002 does: audit_event is append-only
    engine.dispose()
    yield url
    drop_pg_database(url)


def empty_pg(url: str) -> None:
    """Remove every row from every table, so each test starts from an empty database."""
    engine = sa.create_engine(url)
    names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
    with engine.begin() as conn:
        # The audit guard refuses TRUNCATE; replica mode skips triggers (superuser only).
        conn.execute(sa.text("SET LOCAL session_replication_role = replica"))
        conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


def test_keys() -> dict[str, str]:
    """Fresh keys for one test app."""
    return {
        "SECRET_KEY": secrets.token_hex(16),
        "PSEUDONYM_KEY": secrets.token_hex(32),
        "DATA_KEY": Fernet.generate_key().decode(),
        "AUDIT_KEY": secrets.token_hex(32),
    }


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """A fresh, empty database with every table: a SQLite file, or the emptied PostgreSQL one."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.sqlite3'}"
        engine = sa.create_engine(url)
        metadata.create_all(engine)
        engine.dispose()
        return url
    url = request.getfixturevalue("pg_url")
    empty_pg(url)
    return url


@pytest.fixture
def app(database_url, tmp_path):
    """The app in test mode on a fresh database, with DfE's local authorities loaded."""
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URL": database_url,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "HUEY_SQLITE_PATH": str(tmp_path / "jobs.sqlite3"),
        **test_keys(),
    })
    ensure_local_authorities(app)
    yield app
    get_engine(app).dispose()


@pytest.fixture
def client(app):
    """A test client of the app."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A CLI runner bound to the app."""
    return app.test_cli_runner()


@pytest.fixture
def session(app) -> Iterator[Session]:
    """A database session on the app's database, for arranging and checking stored state."""
    with Session(get_engine(app), expire_on_commit=False) as session:
        yield session
