"""The subject-rights pages and the access package in real Chromium: axe finds no problems."""


import pytest

from tests.browser.axe import assert_no_violations
from tests.browser.fixtures import SHOTS
from tests.helpers import PASSWORD, make_user
from tests.subject.helpers import make_person
from voice.models import Respondent
from voice.subject.challenge import raise_challenge
from voice.subject_cli import subject_cli

pytestmark = pytest.mark.browser




def test_subject_pages_pass_axe(app, session, server_url, laptop, runner, tmp_path):
    alice = make_person(app, session, "browseralice")
    with app.test_request_context():
        challenge = raise_challenge(session, session.get(Respondent, alice.respondent_id),
                                    "code_application", alice.application_id, "Not what I said", None)
        session.commit()
    admin = make_user(session, "admin", la_codes=())
    page = laptop.new_page()
    page.goto(f"{server_url}/privacy")
    assert_no_violations(page, "the transparency page")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "transparency.png"), full_page=True)
    page.goto(f"{server_url}/login")
    page.fill("#email", admin.email)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{server_url}/admin/subject")
    page.fill("#lookup", alice.identifier)
    page.check("#kind-access")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("heading", name=f"Person {alice.respondent_id}").wait_for()
    assert_no_violations(page, "an admin's person page")
    page.screenshot(path=str(SHOTS / "subject-person.png"), full_page=True)
    page.goto(f"{server_url}/admin/subject")
    assert page.get_by_text("Subject access").count() >= 1
    assert_no_violations(page, "the subject rights page")
    page.screenshot(path=str(SHOTS / "subject-requests.png"), full_page=True)
    for path, what in ((f"/practice/challenges/{challenge.id}", "a challenge review"),
                       ("/practice/challenges", "the challenges list"),
                       (f"/practice/consent/{alice.respondent_id}", "a practitioner's consent page"),
                       (f"/practice/consent/{alice.respondent_id}/challenge", "the challenge form")):
        page.goto(f"{server_url}{path}")
        assert_no_violations(page, what)

    result = runner.invoke(subject_cli, ["export", "--pseudonym", alice.pseudonym, "--out",
                                         str(tmp_path), "--name", "browseralice"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "subject-access.pdf").read_bytes().startswith(b"%PDF")
    page.goto((tmp_path / "subject-access.html").as_uri())
    assert_no_violations(page, "the subject access package")
    page.screenshot(path=str(SHOTS / "subject-package.png"), full_page=True)
