"""Fixtures for the analysis library's tests."""

import pytest

from coding.redact import Redactor, default_redactor


@pytest.fixture(scope="session")
def redactor() -> Redactor:
    """The shared Redactor (also behind `redact()`), its spaCy pipeline loaded once a session."""
    shared = default_redactor()
    shared.nlp  # load now, so the first test using it does not carry the cost alone
    return shared
