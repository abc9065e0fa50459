import pytest
from tests.browser.helpers import start_and_consent, submit
from tests.survey.helpers import make_link

def test_shots(app, session, shipped, server_url, tablet, database_url):
    if "postgres" in database_url: return
    for key, lang in [("where-i-live", "ur"), ("where-i-live", "en"), ("getting-ready-for-school", "en")]:
        token = make_link(app, session, key)
        page = tablet.new_page()
        page.goto(f"{server_url}/s/{token}?lang={lang}")
        page.screenshot(path=f"/tmp/shot-{key}-{lang}-start.png", full_page=True)
        start_and_consent(page, f"{server_url}/s/{token}")
        n = 0
        while "/q/" in page.url:
            n += 1
            page.screenshot(path=f"/tmp/shot-{key}-{lang}-q{n}.png", full_page=True)
            submit(page, 'button[value="continue"]')
            if "/q/" in page.url and page.locator(".govuk-error-summary").count():
                page.screenshot(path=f"/tmp/shot-{key}-{lang}-error.png", full_page=True)
                submit(page, 'button[value="skip"]')
        page.screenshot(path=f"/tmp/shot-{key}-{lang}-check.png", full_page=True)
