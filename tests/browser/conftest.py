"""Fixtures for the survey browser tests; the browser itself comes from tests/browser/fixtures.py."""

import pytest

from voice.surveys import store_shipped_surveys


@pytest.fixture
def shipped(session) -> None:
    """Every shipped survey stored."""
    store_shipped_surveys(session)
    session.commit()
