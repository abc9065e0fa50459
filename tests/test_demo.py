"""`seen-heard demo --seed-only`: migrates, seeds once, and leaves the data alone the second time."""

import json
import os
import subprocess
import sys

import pytest
import sqlalchemy as sa

from tests.conftest import drop_pg_database, new_pg_database

SEEN_HEARD = [sys.executable, "-m", "voice.cli"]


@pytest.fixture(params=["sqlite", "postgresql"])
def demo_env(request, tmp_path):
    """Environment for a demo run in its own instance folder, on SQLite or a fresh PostgreSQL."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "SECRET_KEY", "DATA_KEY", "PSEUDONYM_KEY", "AUDIT_KEY")}
    env["SEEN_HEARD_INSTANCE"] = str(tmp_path / "instance")
    url = None
    if request.param == "postgresql":
        url = new_pg_database("shdemo")
        env["DATABASE_URL"] = url
    yield env, url or f"sqlite:///{tmp_path / 'instance' / 'seen-heard.sqlite3'}"
    if url:
        drop_pg_database(url)


def run_demo(env) -> subprocess.CompletedProcess:
    return subprocess.run(SEEN_HEARD + ["demo", "--seed-only"], env=env, capture_output=True,
                          text=True, timeout=300)


def count(url: str, sql: str) -> int:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        value = conn.execute(sa.text(sql)).scalar()
    engine.dispose()
    return value


def test_demo_seeds_once_and_leaves_the_data_alone_the_second_time(demo_env):
    env, url = demo_env
    first = run_demo(env)
    assert first.returncode == 0, first.stderr
    assert "Seeded" in first.stdout
    assert "admin@demo.seen-heard.example" in first.stdout
    documents = count(url, "SELECT count(*) FROM document")
    assert documents > 500
    assert count(url, "SELECT count(*) FROM respondent") >= 250
    assert count(url, "SELECT count(*) FROM response") >= 250

    second = run_demo(env)
    assert second.returncode == 0, second.stderr
    assert "already in the database" in second.stdout
    assert count(url, "SELECT count(*) FROM document") == documents
    assert "Traceback" not in first.stderr + second.stderr
    verify = subprocess.run(SEEN_HEARD + ["audit", "verify"], env={**env, "SEEN_HEARD_MODE": "demo"},
                            capture_output=True, text=True, timeout=120)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "Audit trail intact" in verify.stdout


def test_demo_keys_live_in_the_instance_folder(demo_env):
    env, _url = demo_env
    assert run_demo(env).returncode == 0
    keys = json.loads(open(os.path.join(env["SEEN_HEARD_INSTANCE"], "demo-keys.json")).read())
    assert set(keys) == {"SECRET_KEY", "PSEUDONYM_KEY", "DATA_KEY", "AUDIT_KEY"}


def test_demo_stores_no_identifier_and_only_redacted_case_notes(demo_env):
    from voice.demo import generate_all

    env, url = demo_env
    assert run_demo(env).returncode == 0
    data = generate_all(2026)
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        redacted = " ".join(r[0] for r in conn.execute(sa.text(
            "SELECT redacted_text FROM document WHERE kind <> 'survey_text'")))
        pseudonyms = {r[0] for r in conn.execute(sa.text("SELECT pseudonym FROM respondent"))}
    engine.dispose()
    for person in data.people[:50]:
        assert person.nhs_number not in redacted
        assert person.nhs_number not in pseudonyms
        assert f"{person.first_name} {person.last_name}" not in redacted
