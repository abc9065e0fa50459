"""A question answered while the signal is gone: the answer stays on the page (the service
worker never keeps or replays a POST), and is posted exactly once when the signal returns."""

import pytest

from tests.browser.helpers import start_and_consent, submit
from tests.survey.helpers import make_link

pytestmark = pytest.mark.browser


def test_an_answer_given_offline_is_posted_once_when_the_network_returns(app, session, shipped,
                                                                         server_url, tablet):
    token = make_link(app, session, "where-i-live")
    page = tablet.new_page()
    start_and_consent(page, f"{server_url}/s/{token}")
    page.wait_for_function("navigator.serviceWorker.controller !== null")  # as offline as it gets
    posts: list[str] = []
    page.on("request", lambda request: request.method == "POST" and posts.append(request.url))

    tablet.set_offline(True)
    page.locator('input[name="answer"][value="4"]').check()
    page.locator('button[value="continue"]').click()
    notice = page.get_by_role("region", name="There is no internet connection")
    notice.wait_for()
    assert page.url.endswith("/q/feel_safe_home") and posts == []  # nothing sent, nothing queued
    assert page.locator('input[name="answer"][value="4"]').is_checked()  # the answer is still there

    with page.expect_navigation():
        tablet.set_offline(False)
    assert page.url.endswith("/q/feel_settled") and notice.is_hidden()
    assert posts == [f"{server_url}/s/{token}/q/feel_safe_home"]  # posted once
    while "/q/" in page.url:
        submit(page, 'button[value="skip"]')
    row = page.locator(".govuk-summary-list__row", has_text="Do you feel safe in your home?")
    assert "Happy" in row.locator(".govuk-summary-list__value").inner_text()  # the server has it
