"""Fixtures for the respondent's path: the shipped surveys stored, and an app context."""

import pytest
from sqlmodel import Session, select

from voice.models import Survey, SurveyVersion
from voice.surveys import store_shipped_surveys


@pytest.fixture
def surveys(session: Session) -> dict[str, SurveyVersion]:
    """Every shipped survey stored; its newest version by key."""
    store_shipped_surveys(session)
    session.commit()
    return {survey.key: latest_version(session, survey.key)
            for survey in session.exec(select(Survey)).all()}


def latest_version(session: Session, key: str) -> SurveyVersion:
    """The newest stored version of a survey."""
    survey = session.exec(select(Survey).where(Survey.key == key)).one()
    return session.exec(select(SurveyVersion).where(SurveyVersion.survey_id == survey.id)
                        .order_by(SurveyVersion.version.desc())).first()


@pytest.fixture
def app_context(app):
    """An application context, for services that read the app's config and keys."""
    with app.app_context():
        yield app
