"""The OpenAPI document: valid OpenAPI 3.1, served as JSON, and true to the app's routes."""

import re

from openapi_spec_validator import validate

from voice.web.api_responses import openapi_document


def test_the_document_is_valid_openapi_3_1():
    validate(openapi_document())


def test_it_is_served_as_json(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.is_json
    assert response.get_json()["openapi"] == "3.1.0"


def test_every_api_route_is_described(app):
    described = {(method.upper(), path) for path, item in openapi_document()["paths"].items()
                 for method in item}
    routes = {(method, re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1")) or "/")
              for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1")
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes == described


def test_the_service_worker_is_served_from_the_root(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert b"addEventListener('fetch'" in response.data
