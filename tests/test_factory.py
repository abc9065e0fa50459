"""Wiring facts of create_app: one small test each."""

import pytest
from huey import RedisHuey, SqliteHuey

from voice import create_app
from voice.config import ConfigError, database_url


def test_config_is_test_mode(app):
    assert app.testing
    assert app.config["MODE"] == "test"


def test_engine_is_built_from_config(app):
    engine = app.extensions["seen_heard_engine"]
    assert str(engine.url).split(":")[0] in ("sqlite", "postgresql+psycopg")


def test_queue_defaults_to_sqlite(app):
    assert isinstance(app.extensions["huey"], SqliteHuey)


def test_queue_uses_redis_when_configured(tmp_path):
    app = create_app({"TESTING": True, "REDIS_URL": "redis://127.0.0.1:6379/0",
                      "INSTANCE_PATH": str(tmp_path),
                      "SQLALCHEMY_DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3"})
    assert isinstance(app.extensions["huey"], RedisHuey)


def test_every_area_has_a_blueprint(app):
    assert {"main", "survey", "practice", "research", "admin", "api"} <= set(app.blueprints)


def test_govuk_macros_load_under_their_prefix(app):
    assert app.jinja_env.get_template("govuk_frontend_jinja/components/button/macro.html")


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_says_when_the_database_is_unreachable(tmp_path):
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path),
                      "SQLALCHEMY_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


def test_unknown_page_gets_the_error_page(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert b"Page not found" in response.data
    assert b"Traceback" not in response.data


def test_unknown_api_path_gets_json(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json["status"] == 404


def test_an_unexpected_error_gets_the_500_page_without_a_trace(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret detail")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert b"secret detail" not in response.data
    assert b"problem with the service" in response.data


@pytest.mark.parametrize("missing", ["SECRET_KEY", "PSEUDONYM_KEY", "DATA_KEY", "AUDIT_KEY"])
def test_production_refuses_to_start_without_each_key(monkeypatch, tmp_path, missing):
    for key in ("SECRET_KEY", "PSEUDONYM_KEY", "DATA_KEY", "AUDIT_KEY"):
        monkeypatch.setenv(key, "x")
    monkeypatch.delenv(missing)
    monkeypatch.delenv("SEEN_HEARD_MODE", raising=False)
    with pytest.raises(ConfigError, match=f"^{missing} is not set"):
        create_app({"INSTANCE_PATH": str(tmp_path)})


def test_demo_generates_its_keys_once(monkeypatch, tmp_path):
    for key in ("SECRET_KEY", "PSEUDONYM_KEY", "DATA_KEY", "AUDIT_KEY"):
        monkeypatch.delenv(key, raising=False)
    first = create_app({"MODE": "demo", "INSTANCE_PATH": str(tmp_path)})
    second = create_app({"MODE": "demo", "INSTANCE_PATH": str(tmp_path)})
    assert first.config["DATA_KEY"] == second.config["DATA_KEY"]
    assert (tmp_path / "demo-keys.json").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("raw, expected", [
    ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
    ("postgresql://u@h:5432/db", "postgresql+psycopg://u@h:5432/db"),
    ("sqlite:////tmp/x.sqlite3", "sqlite:////tmp/x.sqlite3"),
])
def test_database_url_is_normalised(raw, expected, tmp_path):
    assert database_url(raw, tmp_path) == expected


def test_a_foreign_database_url_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="DATABASE_URL must be"):
        database_url("mysql://u@h/db", tmp_path)
