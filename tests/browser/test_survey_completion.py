"""Each shipped survey completed in real Chromium on a tablet (810x1080, touch): start, consent,
every question, check your answers, send; exactly one response stored, with the answers given.
Also Welsh, Urdu (right to left) and JavaScript switched off."""

import pytest

from tests.browser.helpers import (answer_every_question, current_key, send, start_and_consent,
                                   stored_answers, stored_consents, stored_responses, submit)
from tests.survey.conftest import latest_version
from tests.survey.helpers import make_link

pytestmark = pytest.mark.browser

SHIPPED = ["where-i-live", "getting-ready-for-school", "my-information", "my-information-8-11",
           "using-information-well"]


@pytest.mark.parametrize("key", SHIPPED)
def test_each_shipped_survey_completes_once_in_english(app, session, shipped, server_url, tablet, key):
    token = make_link(app, session, key)
    page = tablet.new_page()
    start_and_consent(page, f"{server_url}/s/{token}", consents=("service_improvement",))
    assert page.locator("html").get_attribute("lang") == "en"
    expected = answer_every_question(page, latest_version(session, key).definition)
    assert page.locator(".govuk-summary-list__row").count() >= len(expected)
    send(page)
    assert page.locator("h1").inner_text().strip() == "Thank you"
    [response] = stored_responses(session)  # exactly one
    assert response.language == "en"
    assert stored_answers(session, response.id) == expected
    assert stored_consents(session, response.id) == {"service_improvement": True, "research": False}


def test_a_survey_completes_in_welsh(app, session, shipped, server_url, tablet):
    token = make_link(app, session, "my-information")
    page = tablet.new_page()
    page.goto(f"{server_url}/s/{token}")
    with page.expect_navigation():
        page.get_by_role("link", name="Cymraeg").click()  # the switch on the start page
    assert page.locator("html").get_attribute("lang") == "cy"
    start_and_consent(page, page.url.split("?")[0], consents=("research",))
    assert page.locator("html").get_attribute("lang") == "cy"  # the choice is kept
    assert page.get_by_role("button", name="Parhau").is_visible()  # "Continue" in Welsh
    expected = answer_every_question(page, latest_version(session, "my-information").definition)
    send(page)
    assert page.locator("html").get_attribute("lang") == "cy"
    [response] = stored_responses(session)
    assert response.language == "cy"
    assert stored_answers(session, response.id) == expected
    assert stored_consents(session, response.id) == {"service_improvement": False, "research": True}


def test_urdu_reads_right_to_left(app, session, shipped, server_url, tablet):
    token = make_link(app, session, "where-i-live")
    page = tablet.new_page()
    page.goto(f"{server_url}/s/{token}?lang=ur")
    start_and_consent(page, f"{server_url}/s/{token}")
    assert current_key(page) == "feel_safe_home"
    html = page.locator("html")
    assert html.get_attribute("lang") == "ur" and html.get_attribute("dir") == "rtl"
    legend = page.locator("legend")
    assert legend.evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert "محفوظ" in legend.inner_text()
    # Right to left: each radio sits to the right of its words, and the text is right-aligned.
    radio = page.locator(".govuk-radios__item").first
    box, words = (radio.locator(sel).bounding_box() for sel in ("input", "label"))
    assert box["x"] > words["x"]
    heading = legend.bounding_box()
    content = page.locator("main").bounding_box()
    assert heading["x"] + heading["width"] > content["x"] + content["width"] - 40
    expected = answer_every_question(page, latest_version(session, "where-i-live").definition)
    send(page)
    [response] = stored_responses(session)
    assert response.language == "ur" and stored_answers(session, response.id) == expected


def test_a_survey_completes_with_javascript_off(app, session, shipped, server_url, tablet_without_js):
    token = make_link(app, session, "getting-ready-for-school")
    page = tablet_without_js.new_page()
    start_and_consent(page, f"{server_url}/s/{token}")
    assert page.evaluate("1 + 1") == 2  # Playwright's own evaluation still works; the page's JS is off
    assert not page.locator("body.js-enabled").count()
    expected = answer_every_question(page, latest_version(session, "getting-ready-for-school").definition)
    submit(page, "form[data-offline-submit] button")  # a plain form post
    assert page.url.endswith("/thanks")
    [response] = stored_responses(session)
    assert stored_answers(session, response.id) == expected
