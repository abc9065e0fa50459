"""Using a survey without a mouse, at 200% zoom and with a screen reader's names, on a tablet;
and what a question page costs to load over a slow connection."""

from typing import Any

import pytest

from tests.browser.fixtures import TABLET
from tests.browser.helpers import current_key, start_and_consent, stored_answers, stored_responses
from tests.survey.helpers import make_link
from voice.surveys.builtin import BUILTIN_LABELS

# The pages are the same on either database (completion is tested on both): SQLite only.
pytestmark = [pytest.mark.browser, pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)]

PAGE_BUDGET = 100_000  # bytes transferred for a question page's first load (issue 4)
# What a focused control looks like, compared with the same control unfocused: GOV.UK marks
# focus with a yellow background and a thick underline or ring (for radios and checkboxes, on
# the ring drawn by the label's ::before).
FOCUS_LOOK = """(el) => {
  const box = el.matches('input[type=radio], input[type=checkbox]')
  const [target, pseudo] = box ? [el.nextElementSibling, '::before'] : [el, null]
  const look = () => { const c = getComputedStyle(target, pseudo)
    return [c.outlineStyle, c.outlineWidth, c.boxShadow, c.backgroundColor, c.borderWidth, c.color].join('|') }
  const focused = look(); el.blur(); const blurred = look(); el.focus()
  return focused !== blurred
}"""


def tab_to(page: Any, selector: str, limit: int = 40) -> None:
    """Press Tab until the focused element matches the selector; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement?.matches(s)", selector):
            assert page.evaluate(f"() => ({FOCUS_LOOK})(document.activeElement)"), \
                f"focus on {selector} cannot be seen"
            return
    raise AssertionError(f"Tab never reached {selector} on {page.url}")


def press_enter_and_wait(page: Any) -> None:
    """Enter on the focused button, waiting for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_survey_can_be_completed_with_the_keyboard_alone(app, session, shipped, server_url, tablet):
    token = make_link(app, session, "where-i-live")
    page = tablet.new_page()
    page.goto(f"{server_url}/s/{token}")
    tab_to(page, 'button[value="new"]')
    press_enter_and_wait(page)
    tab_to(page, "#consent-service_improvement")
    page.keyboard.press("Space")
    tab_to(page, "main form button.govuk-button")
    press_enter_and_wait(page)
    typed = "A bigger kitchen."
    while "/q/" in page.url:
        if page.locator("textarea").count():
            tab_to(page, "textarea")
            page.keyboard.type(typed)
        else:  # radios (faces, yes/no) or checkboxes: the first option
            tab_to(page, 'input[name="answer"]')
            page.keyboard.press("Space")
        tab_to(page, 'button[value="continue"]')
        press_enter_and_wait(page)
    tab_to(page, "main a.govuk-link")  # the Change links are reachable too
    tab_to(page, "form[data-offline-submit] button")
    page.keyboard.press("Enter")
    page.wait_for_url("**/thanks")
    [response] = stored_responses(session)
    answers = stored_answers(session, response.id)
    assert answers["feel_safe_home"] == 1 and answers["who_helps"] == ["personal_adviser"]
    assert answers["make_it_better"] == typed and len(answers) == 7


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_faces_are_announced_by_their_words(app, session, shipped, server_url, tablet, lang):
    token = make_link(app, session, "where-i-live")
    page = tablet.new_page()
    page.goto(f"{server_url}/s/{token}?lang={lang}")
    start_and_consent(page, f"{server_url}/s/{token}")
    assert current_key(page) == "feel_safe_home"
    radios = page.get_by_role("radio")
    names = [radio.evaluate("el => el.labels[0].innerText.trim()") for radio in radios.all()]
    assert names == list(BUILTIN_LABELS["face_scale"][lang])
    for name in names:  # the accessible name is exactly the words: the drawing is hidden
        assert page.get_by_role("radio", name=name, exact=True).count() == 1
    assert page.locator("svg.app-face[aria-hidden=true]").count() == 5
    face = page.locator("svg.app-face").first.bounding_box()
    assert face["width"] >= 56 and face["height"] >= 56  # big enough for a young child


def overflow(page: Any) -> list[str]:
    """Elements in the page's main content that stick out past the right edge of the window."""
    return page.evaluate("""() => [...document.querySelectorAll('main *')]
      .filter((el) => el.getClientRects().length && el.getBoundingClientRect().right > window.innerWidth + 1)
      .map((el) => el.outerHTML.slice(0, 80))""")


def test_text_at_200_percent_loses_nothing(app, session, shipped, server_url, browser):
    # 200% zoom on an 810x1080 tablet is a 405x540 CSS-pixel window at twice the density.
    zoomed = browser.new_context(**{**TABLET, "viewport": {"width": 405, "height": 540},
                                    "device_scale_factor": 2})
    token = make_link(app, session, "where-i-live")
    page = zoomed.new_page()
    start_and_consent(page, f"{server_url}/s/{token}")
    while "/q/" in page.url:
        assert overflow(page) == [], current_key(page)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.screenshot(path=f"/tmp/zoom-{current_key(page)}.png", full_page=True)
        with page.expect_navigation():
            page.locator('button[value="skip"]').click()
    assert overflow(page) == [] and page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    zoomed.close()


def test_a_question_page_weighs_under_100_kb_on_first_load(app, session, shipped, server_url, browser):
    token = make_link(app, session, "where-i-live")
    walker = browser.new_context(**TABLET)
    page = walker.new_page()
    start_and_consent(page, f"{server_url}/s/{token}")
    question_url, cookies = page.url, walker.cookies()
    walker.close()
    fresh = browser.new_context(**TABLET)  # an empty cache, no service worker yet
    fresh.add_cookies(cookies)
    page = fresh.new_page()
    loaded: list[tuple[str, int]] = []
    page.on("requestfinished", lambda request: loaded.append(
        (request.url, sum(request.sizes()[k] for k in ("responseBodySize", "responseHeadersSize")))))
    page.goto(question_url, wait_until="networkidle")
    fresh.close()
    total = sum(size for _, size in loaded)
    report = ", ".join(f"{url.rsplit('/', 1)[1][:30]} {size}" for url, size in loaded)
    print(f"\nquestion page first load: {total} bytes in {len(loaded)} responses ({report})")
    assert total < PAGE_BUDGET, f"{total} bytes: {report}"
