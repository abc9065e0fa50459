"""In real Chromium at a tablet size: a survey sent with the network cut is stored exactly once
when the network comes back, and the respondent reaches the thank-you page."""

import pytest

from tests.api.helpers import count_responses, make_survey, make_token

pytestmark = pytest.mark.browser


def answer_to_the_check_page(page, start_url: str) -> None:
    """Start, agree to nothing, answer the first question and skip the rest."""
    page.goto(start_url)
    page.get_by_role("button", name="Start now").click()
    page.get_by_role("button", name="Continue").click()  # consent: optional purposes unticked
    page.locator("input[type=radio]").first.check()
    page.get_by_role("button", name="Continue").click()
    while "/q/" in page.url:
        page.get_by_role("button", name="Skip this question").click()
    assert page.url.endswith("/check")


def test_a_survey_sent_offline_is_stored_once_when_the_network_returns(app, session, server_url,
                                                                      tablet):
    make_survey(session)
    token = make_token(session)
    page = tablet.new_page()
    answer_to_the_check_page(page, f"{server_url}/s/{token}")
    page.wait_for_function("navigator.serviceWorker.controller !== null")

    tablet.set_offline(True)
    page.reload()  # the service worker kept the page
    page.get_by_role("heading", name="Check your answers").wait_for()
    page.get_by_role("button", name="Send my answers").click()
    # The check page's own message (the page-wide notice is for the other pages' plain posts).
    page.locator('[data-message="offline"]').get_by_text("There is no internet connection").wait_for()
    assert count_responses(session) == 0
    stored = page.evaluate("""() => new Promise((resolve) => {
        const open = indexedDB.open('seen-heard', 1)
        open.onsuccess = () => {
          const get = open.result.transaction('outbox').objectStore('outbox').getAll()
          get.onsuccess = () => resolve(get.result.length)
        }
    })""")
    assert stored == 1  # kept on the device while offline

    tablet.set_offline(False)
    page.wait_for_url("**/thanks", timeout=30_000)
    assert page.get_by_text("Your answers have been sent").first.is_visible()
    assert count_responses(session) == 1
    # Going back and sending again cannot make a second response.
    page.goto(f"{server_url}/s/{token}/check")
    assert count_responses(session) == 1
