"""Fixtures for the API tests."""

import pytest

from tests.api.helpers import make_survey, make_token


@pytest.fixture
def token(session) -> str:
    """A reusable invitation token to where-i-live, version 1 stored."""
    make_survey(session)
    return make_token(session)


@pytest.fixture
def app_context(app):
    """An application context, for calling services that read the app's config and keys."""
    with app.app_context():
        yield app
