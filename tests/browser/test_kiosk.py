"""A kiosk on a shared tablet: after each completion, and after the idle time (3 minutes by
default; KIOSK_IDLE_SECONDS, a few seconds here), it goes back to its start page, and the next
person finds nothing of what the last one chose or typed."""

import pytest
from sqlmodel import func, select

from tests.browser.helpers import answer_every_question, send, start_and_consent, stored_responses, submit
from tests.survey.conftest import latest_version
from tests.survey.helpers import make_link
from voice.models import SurveyDraft

pytestmark = pytest.mark.browser


def drafts_kept(session) -> int:
    """How many answers-in-progress the server holds."""
    session.expire_all()
    return session.scalar(select(func.count()).select_from(SurveyDraft))


def assert_clean_start(page, start_url: str) -> None:
    """The next person starts with nothing ticked and nothing chosen."""
    assert page.url.split("?")[0] == start_url
    submit(page, 'button[value="new"]')
    assert page.locator("input[name=consent]:checked").count() == 0
    submit(page, "main form button.govuk-button")
    assert "/q/" in page.url and page.locator("input:checked, textarea:not(:empty)").count() == 0


def test_kiosk_goes_back_to_the_start_after_each_completion(app, session, shipped, server_url, tablet):
    app.config["KIOSK_IDLE_SECONDS"] = 3  # the thank-you page waits the shorter of this and 30 s
    token = make_link(app, session, "where-i-live", mode="kiosk")
    start = f"{server_url}/s/{token}"
    page = tablet.new_page()
    start_and_consent(page, start, consents=("research",))
    answer_every_question(page, latest_version(session, "where-i-live").definition)
    send(page)
    page.wait_for_url(start, timeout=15_000)
    assert len(stored_responses(session)) == 1 and drafts_kept(session) == 0
    assert_clean_start(page, start)


def test_kiosk_left_idle_warns_then_clears_what_was_typed(app, session, shipped, server_url, tablet):
    # Long enough that a busy machine gets from the consent page to the first answer before
    # the kiosk gives up (3 s timed out there once under load), short enough to wait for.
    app.config["KIOSK_IDLE_SECONDS"] = 8
    token = make_link(app, session, "where-i-live", mode="kiosk")
    start = f"{server_url}/s/{token}"
    page = tablet.new_page()
    start_and_consent(page, start, consents=("research",))
    page.locator('input[name="answer"][value="4"]').check()
    submit(page, 'button[value="continue"]')
    page.locator('input[name="answer"][value="2"]').check()  # chosen, not yet sent
    warning = page.get_by_role("region", name="Are you still there?")
    warning.wait_for(timeout=20_000)
    assert warning.evaluate("el => el === document.activeElement")  # focus moves to it
    warning.get_by_role("button", name="I am still here").click()  # more time
    assert warning.is_hidden() and "/q/feel_settled" in page.url
    assert page.locator("input[name=answer]:checked").count() == 1
    page.wait_for_url(start, timeout=30_000)  # nobody came back: the start page
    assert drafts_kept(session) == 0 and stored_responses(session) == []
    assert_clean_start(page, start)
    assert page.url.endswith("/q/feel_safe_home")


def test_kiosk_without_javascript_goes_back_to_the_start(app, session, shipped, server_url,
                                                         tablet_without_js):
    app.config["KIOSK_IDLE_SECONDS"] = 2
    token = make_link(app, session, "where-i-live", mode="kiosk")
    start = f"{server_url}/s/{token}"
    page = tablet_without_js.new_page()
    start_and_consent(page, start)
    page.locator('input[name="answer"][value="4"]').check()
    page.wait_for_url(start, timeout=10_000)  # the <noscript> refresh
    assert drafts_kept(session) == 0
    assert_clean_start(page, start)
