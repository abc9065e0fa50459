"""The `seen-heard` command as a newcomer meets it: help, and clear messages for bad configuration."""

import os
import subprocess
import sys

KEYS = ("SECRET_KEY", "PSEUDONYM_KEY", "DATA_KEY", "AUDIT_KEY")


def seen_heard(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run the console script's entry point with a clean environment plus `env`."""
    base = {k: v for k, v in os.environ.items()
            if k not in KEYS + ("DATABASE_URL", "SEEN_HEARD_MODE", "REDIS_URL")}
    return subprocess.run([sys.executable, "-m", "voice.cli", *args], env={**base, **env},
                          capture_output=True, text=True, timeout=120)


def test_help_lists_the_commands_without_any_keys_set():
    result = seen_heard("--help")
    assert result.returncode == 0
    for command in ("db", "demo", "run", "routes"):
        assert f"  {command}" in result.stdout


def test_a_missing_key_is_named_without_a_traceback(tmp_path):
    result = seen_heard("db", "current", SEEN_HEARD_INSTANCE=str(tmp_path))
    assert result.returncode == 2
    assert "SECRET_KEY is not set" in result.stderr
    assert "seen-heard demo" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unreachable_database_gets_one_clear_message(tmp_path):
    keys = {k: "x" * 32 for k in KEYS}
    keys["DATA_KEY"] = "uoJvYy0Gf2eZ8JY0Zq8F0xL7b2oQ8wPv3E2Xq1v9m2k="
    result = seen_heard("db", "upgrade", SEEN_HEARD_INSTANCE=str(tmp_path),
                        DATABASE_URL="postgresql://nobody@127.0.0.1:1/nothing", **keys)
    assert result.returncode == 2
    assert "cannot reach the database" in result.stderr
    assert "Check DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_foreign_database_url_is_refused_with_what_to_use(tmp_path):
    result = seen_heard("db", "current", SEEN_HEARD_INSTANCE=str(tmp_path),
                        SEEN_HEARD_MODE="demo", DATABASE_URL="mysql://u@h/db")
    assert result.returncode == 2
    assert "DATABASE_URL must be a PostgreSQL URL" in result.stderr


def test_db_upgrade_twice_says_there_is_nothing_to_do(tmp_path):
    env = {"SEEN_HEARD_INSTANCE": str(tmp_path), "SEEN_HEARD_MODE": "demo"}
    first = seen_heard("db", "upgrade", **env)
    assert first.returncode == 0, first.stderr
    assert "Upgraded the database from empty" in first.stdout
    second = seen_heard("db", "upgrade", **env)
    assert second.returncode == 0
    assert "already at revision" in second.stdout
