"""The topic pages in real Chromium: plotly (served by the app) draws under the strict CSP,
and the run and chart pages pass axe."""


import pytest

from tests.browser.axe import assert_no_violations
from tests.browser.fixtures import SHOTS
from tests.helpers import PASSWORD, make_user
from tests.topics.test_screens import arranged_run

pytestmark = pytest.mark.browser




def test_charts_draw_under_the_csp_and_the_pages_pass_axe(session, server_url, laptop):
    run, _, emergent = arranged_run(session)
    researcher = make_user(session, "researcher")
    page = laptop.new_page()
    page.set_default_timeout(60_000)
    problems = []
    page.on("console", lambda message: problems.append(message.text)
            if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{server_url}/login")
    page.fill("#email", researcher.email)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"{server_url}/research/topics/{run.id}")
    page.get_by_role("heading", name="Emergent themes (1)").wait_for()
    assert_no_violations(page, "the topic run page")
    page.fill(f"#label-{emergent.id}", "Sport and clubs")
    page.locator(f"#topic-{emergent.number}").get_by_role("button", name="Save label").click()
    page.get_by_text("Topic label saved.").wait_for()

    page.goto(f"{server_url}/research/topics/{run.id}/charts")
    for chart in ("authority", "period", "kind"):
        page.locator(f"#chart-{chart}[data-drawn] svg.main-svg").first.wait_for()
    assert page.locator("#chart-period .legendtext", has_text="Sport and clubs").count() == 1
    assert_no_violations(page, "the topic chart page")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "topic-charts.png"), full_page=True)
    assert not problems, problems  # no CSP refusals, no script errors
