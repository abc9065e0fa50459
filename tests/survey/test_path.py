"""The respondent's path with JavaScript off: start, consent, each question, check, send, thanks."""

import pytest
from markupsafe import escape
from sqlmodel import select

from tests.survey.helpers import begin, location, make_link, post, walk
from voice.models import Answer, ConsentRecord, Invitation, Response, SurveyDraft

SHIPPED = ["getting-ready-for-school", "my-information", "my-information-8-11",
           "using-information-well", "where-i-live"]


def stored_answers(session, response_id: int) -> dict:
    """A response's answers by question key."""
    session.expire_all()
    return {a.question_key: a.value for a in
            session.exec(select(Answer).where(Answer.response_id == response_id))}


@pytest.mark.parametrize("key", SHIPPED)
def test_full_path_stores_every_answer(app, client, session, surveys, key):
    token = make_link(app, session, key)
    start = client.get(f"/s/{token}")
    html = start.get_data(as_text=True)
    assert start.status_code == 200 and "skip any question" in html and "0800 1111" not in html
    assert "keep you safe" in html
    first = location(begin(client, token, ("service_improvement",)))
    expected, seen = walk(client, first, surveys[key].definition)
    check = client.get(f"/s/{token}/check")
    assert check.status_code == 200 and "Check your answers" in check.get_data(as_text=True)
    sent = post(client, f"/s/{token}/check")
    assert location(sent) == f"/s/{token}/thanks"
    thanks = client.get(f"/s/{token}/thanks").get_data(as_text=True)
    assert "0800 1111" in thanks and str(escape(app.config["DUTY_LINE"])) in thanks
    response = session.exec(select(Response)).one()
    assert response.survey_version_id == surveys[key].id and response.language == "en"
    assert stored_answers(session, response.id) == expected
    consents = {c.purpose: c.granted for c in session.exec(select(ConsentRecord))}
    assert consents == {"service_improvement": True, "research": False}
    assert session.exec(select(SurveyDraft)).first() is None  # the draft is gone once sent
    assert session.get(Invitation, response.invitation_id).uses_count == 1


def test_consent_starts_unticked_and_own_support_needs_a_known_respondent(app, client, session, surveys):
    anonymous = make_link(app, session)
    post(client, f"/s/{anonymous}", {"action": "new"})
    page = client.get(f"/s/{anonymous}/consent").get_data(as_text=True)
    assert "checked" not in page and 'value="own_support"' not in page
    known = make_link(app, session, identifier="401 023 2137")
    post(client, f"/s/{known}", {"action": "new"})
    assert 'value="own_support"' in client.get(f"/s/{known}/consent").get_data(as_text=True)


def test_skip_and_back(app, client, session, surveys):
    token = make_link(app, session)
    first = location(begin(client, token))
    skipped = post(client, first, {"action": "skip"})
    second = location(skipped)
    assert second.endswith("/q/feel_settled")
    page = client.get(second).get_data(as_text=True)
    assert f'href="{first}"' in page and "Question 2 of 7" in page
    post(client, second, {"action": "continue", "answer": "5"})
    summary = client.get(f"/s/{token}/check").get_data(as_text=True)
    assert "Skipped" in summary and "Very happy" in summary


def test_show_if_asks_the_follow_up_only_when_it_applies(app, client, session, surveys):
    token = make_link(app, session, "getting-ready-for-school", mode="reusable", uses=5)
    path = location(begin(client, token))
    while not path.endswith("/q/heard_of_readiness"):
        path = location(post(client, path, {"action": "skip"}))
    assert location(post(client, path, {"action": "continue", "answer": "no"})).endswith("/q/heard_when") is False
    assert location(post(client, path, {"action": "continue", "answer": "yes"})).endswith("/q/heard_when")


def test_change_from_check_your_answers_returns_there(app, client, session, surveys):
    token = make_link(app, session)
    first = location(begin(client, token))
    walk(client, first, surveys["where-i-live"].definition)
    summary = client.get(f"/s/{token}/check").get_data(as_text=True)
    change = f"/s/{token}/q/feel_safe_home?change=1"
    assert change.replace("?", "?") in summary.replace("&amp;", "&")
    changed = post(client, change, {"action": "continue", "answer": "2"})
    assert location(changed) == f"/s/{token}/check"
    post(client, f"/s/{token}/check")
    response = session.exec(select(Response)).one()
    assert stored_answers(session, response.id)["feel_safe_home"] == 2


def test_oversized_text_is_refused_with_a_message(app, client, session, surveys):
    token = make_link(app, session)
    begin(client, token)
    path = f"/s/{token}/q/make_it_better"
    refused = post(client, path, {"action": "continue", "answer": "x" * 2001})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "2000 characters or fewer" in html
    assert "There is a problem" in html
    post(client, f"/s/{token}/check")
    assert session.exec(select(Answer).where(Answer.question_key == "make_it_better")).first() is None


def test_resume_on_the_same_device(app, client, session, surveys):
    token = make_link(app, session)
    first = location(begin(client, token))
    post(client, first, {"action": "continue", "answer": "4"})
    start = client.get(f"/s/{token}").get_data(as_text=True)
    assert "Carry on where you left off" in start
    resumed = post(client, f"/s/{token}", {"action": "continue"})
    assert location(resumed) == f"/s/{token}/consent"
    assert "Happy" in client.get(f"/s/{token}/check").get_data(as_text=True)


def test_a_change_that_reveals_a_follow_up_asks_it_before_returning(app, client, session, surveys):
    token = make_link(app, session, "getting-ready-for-school")
    path = location(begin(client, token))
    while not path.endswith("/q/heard_of_readiness"):
        path = location(post(client, path, {"action": "skip"}))
    post(client, path, {"action": "continue", "answer": "no"})
    changed = post(client, f"{path}?change=1", {"action": "continue", "answer": "yes"})
    assert location(changed).endswith("/q/heard_when")
    assert "change=1" in changed.headers["Location"]
    follow_up = changed.headers["Location"].split("localhost", 1)[-1]
    options = surveys["getting-ready-for-school"].definition["questions"][1]["options"]
    answered = post(client, follow_up, {"action": "continue", "answer": str(options[0]["value"])})
    assert location(answered) == f"/s/{token}/check"
