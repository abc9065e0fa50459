"""Web security (voice/security.py): headers on every response, CSRF, rate limits."""

import re
import uuid

import pytest
import redis
from flask import jsonify

from tests.conftest import test_keys as fresh_keys
from tests.helpers import PASSWORD, form_token, login, make_user
from voice import create_app
from voice.db import get_engine
from voice.reference import ensure_local_authorities
from voice.security import CONTENT_SECURITY_POLICY

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def make_app(database_url, tmp_path):
    """Build extra apps on the test database with configuration overrides."""
    apps = []

    def build(**overrides):
        app = create_app({
            "TESTING": True, "SQLALCHEMY_DATABASE_URL": database_url,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "HUEY_SQLITE_PATH": str(tmp_path / "jobs.sqlite3"), **fresh_keys(), **overrides,
        })
        ensure_local_authorities(app)
        apps.append(app)
        return app

    yield build
    for app in apps:
        get_engine(app).dispose()


# --- headers: one test per header -------------------------------------------------------

def test_content_security_policy_forbids_inline_script_and_framing(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert policy == CONTENT_SECURITY_POLICY
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


def test_x_content_type_options_is_nosniff(client):
    assert client.get("/").headers["X-Content-Type-Options"] == "nosniff"


def test_x_frame_options_is_deny(client):
    assert client.get("/").headers["X-Frame-Options"] == "DENY"


def test_referrer_policy_is_same_origin(client):
    assert client.get("/").headers["Referrer-Policy"] == "same-origin"


def test_permissions_policy_turns_off_camera_microphone_and_location(client):
    policy = client.get("/").headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in policy


def test_cross_origin_opener_policy_is_same_origin(client):
    assert client.get("/").headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_hsts_is_off_in_testing_and_on_when_enabled(client, make_app):
    assert "Strict-Transport-Security" not in client.get("/").headers
    production_like = make_app(SECURITY_HSTS=True)
    hsts = production_like.test_client().get("/").headers["Strict-Transport-Security"]
    assert hsts.startswith("max-age=31536000") and "includeSubDomains" in hsts


def test_cache_control_no_store_on_pages_not_on_static_files(client):
    assert client.get("/").headers["Cache-Control"] == "no-store"
    static = client.get("/static/css/app.css")
    assert static.status_code == 200 and "no-store" not in static.headers.get("Cache-Control", "")


def test_cache_control_no_store_on_json_for_a_signed_in_user(client, session):
    anonymous = client.get("/api/v1/")
    assert "no-store" not in anonymous.headers.get("Cache-Control", "")
    login(client, make_user(session, "admin", la_codes=()))
    assert client.get("/api/v1/").headers["Cache-Control"] == "no-store"


def test_every_response_carries_the_headers(client):
    for path in ("/", "/no-such-page", "/api/v1/", "/api/v1/nothing", "/healthz", "/static/css/app.css"):
        headers = client.get(path).headers
        for name in ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options",
                     "Referrer-Policy", "Permissions-Policy", "Cross-Origin-Opener-Policy"):
            assert name in headers, (path, name)


# --- CSRF -------------------------------------------------------------------------------

def test_csrf_protection_is_installed(app):
    assert "csrf" in app.extensions


def test_a_post_without_a_token_gets_the_expired_page_keeping_what_was_typed(client):
    response = client.post("/login", data={"email": "sam@example.org", "password": "hunter2-secret"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This page has expired" in html and "We have kept what you typed" in html
    assert 'value="sam@example.org"' in html
    assert "hunter2-secret" not in html
    assert 'name="password" type="password"' in html  # to be typed again, empty
    assert re.search(r'<form method="post" action="/login"', html)
    assert form_token(client, "/login")  # a fresh token is on offer


def test_the_expired_page_form_can_be_sent_again(client, session):
    user = make_user(session, "admin", la_codes=())
    expired = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                          "csrf_token": "stale"})
    html = expired.get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    again = client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert again.status_code == 302 and again.headers["Location"] == "/admin/"


def test_a_cross_site_post_is_refused_without_echoing_its_fields(client):
    response = client.post("/login", data={"email": "victim@example.org"},
                           headers={"Origin": "https://attacker.example", "Sec-Fetch-Site": "cross-site"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "This page has expired" in html
    assert "victim@example.org" not in html and "Send again" not in html


def test_a_post_with_a_valid_token_gets_through(client):
    response = client.post("/login", data={"email": "", "password": "", "csrf_token": form_token(client)})
    assert response.status_code == 400 and "Enter your email address" in response.get_data(as_text=True)


def test_api_posts_need_a_token_unless_they_carry_an_authorization_header(make_app):
    app = make_app()
    app.add_url_rule("/api/v1/_echo", "echo", lambda: jsonify(ok=True), methods=["POST"])
    client = app.test_client()
    refused = client.post("/api/v1/_echo", json={})
    assert refused.status_code == 400 and refused.is_json and refused.json["status"] == 400
    assert client.post("/api/v1/_echo", json={}, headers={"Authorization": "Bearer x"}).status_code == 200


# --- rate limits ------------------------------------------------------------------------

def test_sign_in_is_rate_limited_with_the_error_page(make_app):
    client = make_app(RATELIMIT_SIGN_IN="3 per minute").test_client()
    token = form_token(client)
    statuses = [client.post("/login", data={"email": "nobody@example.org", "password": "wrong",
                                            "csrf_token": token}).status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    limited = client.post("/login", data={"csrf_token": token})
    assert "You have tried too many times" in limited.get_data(as_text=True)
    assert limited.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert client.get("/login").status_code == 200  # reading the form is not limited


def test_the_api_is_rate_limited_with_a_json_error(make_app):
    client = make_app(RATELIMIT_API="2 per minute").test_client()
    statuses = [client.get("/api/v1/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert client.get("/api/v1/").json["status"] == 429


def survey_post_url(app) -> str | None:
    """Some POST route of the survey area, with placeholder arguments, or None."""
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("survey.") and "POST" in rule.methods:
            values = {name: 1 if type(conv).__name__ == "IntegerConverter" else "placeholder"
                      for name, conv in rule._converters.items()}
            return adapter.build(rule.endpoint, values, method="POST")
    return None


def test_survey_posts_are_rate_limited(make_app):
    app = make_app(RATELIMIT_SURVEY="2 per minute")
    url = survey_post_url(app)
    if url is None:
        pytest.skip("the survey area has no POST route yet")
    client = app.test_client()
    statuses = [client.post(url).status_code for _ in range(3)]
    assert 429 not in statuses[:2] and statuses[2] == 429


def test_rate_limits_are_stored_in_redis_when_redis_url_is_set(make_app):
    prefix = f"sh-test-{uuid.uuid4().hex[:8]}"
    app = make_app(REDIS_URL=REDIS_URL, RATELIMIT_KEY_PREFIX=prefix, RATELIMIT_API="2 per minute")
    store = redis.Redis.from_url(REDIS_URL)
    try:
        client = app.test_client()
        assert [client.get("/api/v1/").status_code for _ in range(3)] == [200, 200, 429]
        assert store.keys(f"*{prefix}*")
        other_worker = make_app(REDIS_URL=REDIS_URL, RATELIMIT_KEY_PREFIX=prefix,
                                RATELIMIT_API="2 per minute").test_client()
        assert other_worker.get("/api/v1/").status_code == 429  # the count is shared
    finally:
        for key in store.scan_iter(f"*{prefix}*"):
            store.delete(key)


def test_guessing_survey_tokens_with_gets_is_rate_limited(make_app):
    client = make_app(RATELIMIT_SURVEY="3 per minute").test_client()
    statuses = [client.get(f"/s/guess-{n}").status_code for n in range(4)]
    assert 429 not in statuses[:3] and statuses[3] == 429


def test_guessing_set_up_links_is_rate_limited(make_app):
    client = make_app(RATELIMIT_SIGN_IN="3 per minute").test_client()
    statuses = [client.get(f"/setup/guess-{n}").status_code for n in range(4)]
    assert statuses == [404, 404, 404, 429]
