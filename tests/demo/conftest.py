"""Shared fixture for the demo generator's tests."""

import pytest

from voice.demo import DemoBundle, generate_all


@pytest.fixture(scope="session", params=[2026, 7])
def bundle(request) -> DemoBundle:
    """The default demo data, and one other seed so checks do not pass by luck."""
    return generate_all(request.param)
