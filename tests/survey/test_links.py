"""Links that cannot be used, kiosks, and a survey that changes while someone answers it."""

import copy
import secrets
from datetime import timedelta

import pytest
from sqlmodel import select

from tests.helpers import form_token
from tests.survey.conftest import latest_version
from tests.survey.helpers import begin, location, make_link, post, walk
from voice.models import Answer, Invitation, Question, Response, SurveyDraft, SurveyVersion, utcnow
from voice.surveys import store_survey


def finish(client, token: str, definition: dict) -> None:
    """Start, answer every question and send."""
    walk(client, location(begin(client, token)), definition)
    assert location(post(client, f"/s/{token}/check")) == f"/s/{token}/thanks"


@pytest.mark.parametrize("spoil, status, words", [
    ("forged", 404, "cannot find this survey link"),
    ("expired", 410, "run out of time"),
    ("used", 410, "already been used"),
    ("revoked", 410, "switched off"),
])
def test_unusable_links_get_a_kind_page_and_store_nothing(app, client, session, surveys,
                                                          spoil, status, words):
    token = make_link(app, session)
    invitation = session.exec(select(Invitation)).one()
    if spoil == "forged":
        token = secrets.token_urlsafe(32)
    elif spoil == "expired":
        invitation.expires_at = utcnow() - timedelta(minutes=1)
    elif spoil == "used":
        invitation.uses_count = 1
    else:
        invitation.revoked_at = utcnow()
    session.add(invitation)
    session.commit()
    for path in ("", "/consent", "/q/feel_safe_home", "/check"):
        page = client.get(f"/s/{token}{path}")
        assert page.status_code == status and words in page.get_data(as_text=True)
    posted = client.post(f"/s/{token}", data={"action": "new", "csrf_token": form_token(client)})
    assert posted.status_code == status
    assert session.exec(select(Response)).first() is None


def test_single_link_is_used_up_after_one_response(app, client, session, surveys):
    token = make_link(app, session)
    finish(client, token, surveys["where-i-live"].definition)
    again = client.get(f"/s/{token}")
    assert again.status_code == 410 and "already been used" in again.get_data(as_text=True)


def test_kiosk_makes_a_new_anonymous_response_each_time_and_resets(app, client, session, surveys):
    token = make_link(app, session, mode="kiosk")
    definition = surveys["where-i-live"].definition
    finish(client, token, definition)
    thanks = client.get(f"/s/{token}/thanks").get_data(as_text=True)
    assert f'content="30;url=/s/{token}"' in thanks and "Start again" in thanks
    start = client.get(f"/s/{token}").get_data(as_text=True)
    assert "Carry on where you left off" not in start
    finish(client, token, definition)
    responses = session.exec(select(Response)).all()
    assert len(responses) == 2 and len({r.client_uuid for r in responses}) == 2
    assert all(r.respondent_id is None for r in responses)


def test_kiosk_question_pages_reset_after_three_idle_minutes(app, client, session, surveys):
    token = make_link(app, session, mode="kiosk")
    first = location(begin(client, token))
    page = client.get(first).get_data(as_text=True)
    assert f'content="180;url=/s/{token}"' in page
    post(client, first, {"action": "continue", "answer": "4"})
    draft = session.exec(select(SurveyDraft)).one()
    draft.updated_at = utcnow() - timedelta(minutes=4)  # as if nobody touched it for 4 minutes
    session.add(draft)
    session.commit()
    assert location(client.get(f"/s/{token}/check")) == f"/s/{token}"
    assert session.exec(select(SurveyDraft)).first() is None


def test_kiosk_start_page_clears_what_was_typed(app, client, session, surveys):
    token = make_link(app, session, mode="kiosk")
    first = location(begin(client, token))
    post(client, first, {"action": "continue", "answer": "4"})
    client.get(f"/s/{token}")
    assert session.exec(select(SurveyDraft)).first() is None


def test_a_new_version_mid_way_keeps_the_version_started(app, client, session, surveys):
    token = make_link(app, session)
    old = surveys["where-i-live"]
    first = location(begin(client, token))
    post(client, first, {"action": "continue", "answer": "4"})
    changed = copy.deepcopy(old.definition)
    changed["questions"][0]["label"]["en"] = "Do you feel safe where you live?"
    with app.app_context():
        store_survey(session, changed)
        session.commit()
    assert latest_version(session, "where-i-live").id != old.id
    assert "Do you feel safe in your home?" in client.get(first).get_data(as_text=True)
    post(client, f"/s/{token}/check")
    assert session.exec(select(Response)).one().survey_version_id == old.id


def test_a_removed_version_says_so_kindly_and_restarts(app, client, session, surveys):
    token = make_link(app, session, mode="reusable", uses=3)
    version = surveys["where-i-live"]
    first = location(begin(client, token))
    post(client, first, {"action": "continue", "answer": "4"})
    changed = copy.deepcopy(version.definition)
    changed["questions"][0]["label"]["en"] = "Do you feel safe where you live?"
    with app.app_context():
        store_survey(session, changed)
    for question in session.exec(select(Question).where(Question.survey_version_id == version.id)):
        session.delete(question)
    session.delete(session.get(SurveyVersion, version.id))
    session.commit()
    page = client.get(first)
    assert page.status_code == 200 and "start again" in page.get_data(as_text=True)
    assert session.exec(select(SurveyDraft)).first() is None
    finish(client, token, latest_version(session, "where-i-live").definition)
    assert session.exec(select(Answer)).first() is not None


def test_starting_clears_drafts_nobody_will_come_back_to(app, client, session, surveys):
    kiosk = make_link(app, session, mode="kiosk")
    begin(client, kiosk)
    draft = session.exec(select(SurveyDraft)).one()
    draft.updated_at, stale_id = utcnow() - timedelta(minutes=5), draft.id
    session.add(draft)
    session.commit()
    other_device = app.test_client()
    begin(other_device, make_link(app, session))
    session.expire_all()
    assert session.get(SurveyDraft, stale_id) is None
    assert len(session.exec(select(SurveyDraft)).all()) == 1
