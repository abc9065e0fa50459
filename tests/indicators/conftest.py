"""Fixtures for the indicator tests: the app's database seeded with the demo data."""

import pytest

from voice.demo.seed import seed_demo


@pytest.fixture
def demo_app(app, session):
    """The app with the demo data stored (respondents, answers, consents, documents)."""
    with app.app_context():
        seed_demo(app, session)
        session.commit()
    return app
