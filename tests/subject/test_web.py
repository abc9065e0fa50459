"""The subject-rights pages: practice consent, consent links, challenges, admin, transparency."""

import io
import json
import re
import zipfile

import pytest
from sqlmodel import select

from tests.helpers import OTHER_LA, audit_events, login, make_user
from tests.subject.helpers import make_person
from voice.models import Challenge, ConsentRecord, Respondent, SubjectRequest, User


@pytest.fixture
def web(app):
    """The app with CSRF off: these tests are about the pages, not the tokens."""
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def test_a_practitioner_withdraws_consent_on_the_persons_behalf(web, session):
    alice = make_person(web, session, "webalice")
    far = make_person(web, session, "webfar", la_code=OTHER_LA)
    practitioner = make_user(session, "practitioner")
    client = web.test_client()
    login(client, practitioner)
    found = client.post("/practice/consent", data={"lookup": alice.identifier})
    assert found.status_code == 302 and found.headers["Location"].endswith(
        f"/practice/consent/{alice.respondent_id}")
    hidden = client.post("/practice/consent", data={"lookup": far.identifier})
    nobody = client.post("/practice/consent", data={"lookup": "CASE-NOBODY-AT-ALL"})
    assert hidden.status_code == nobody.status_code == 400
    assert "Nobody on record matches" in hidden.get_data(as_text=True)
    assert hidden.get_data(as_text=True).count("Nobody") == nobody.get_data(as_text=True).count("Nobody")

    page = client.get(f"/practice/consent/{alice.respondent_id}").get_data(as_text=True)
    assert "Withdraw consent" in page and "Agreed" in page
    done = client.post(f"/practice/consent/{alice.respondent_id}/withdraw", data={"purpose": "research"})
    assert done.status_code == 302
    again = client.post(f"/practice/consent/{alice.respondent_id}/withdraw", data={"purpose": "research"})
    assert again.status_code == 400 and "already withdrawn" in again.get_data(as_text=True)
    [event] = audit_events(session, "consent.withdraw")
    assert event.actor_id == practitioner.id and event.detail["source"] == "practitioner"
    assert client.get(f"/practice/consent/{far.respondent_id}").status_code == 404


def test_a_respondent_withdraws_through_a_consent_link(web, session):
    alice = make_person(web, session, "linkalice")
    practitioner = make_user(session, "practitioner")
    client = web.test_client()
    login(client, practitioner)
    made = client.post(f"/practice/consent/{alice.respondent_id}/link")
    assert made.status_code == 201
    link = re.search(r'href="(http[^"]*/c/[^"]+)"', made.get_data(as_text=True)).group(1)
    path = link.split("localhost", 1)[1]
    respondent = web.test_client()
    page = respondent.get(path)
    assert page.status_code == 200 and "Your choices" in page.get_data(as_text=True)
    done = respondent.post(path, data={"purpose": "service_improvement"})
    assert done.status_code == 200 and "any more" in done.get_data(as_text=True)
    again = respondent.post(path, data={"purpose": "service_improvement"})
    assert again.status_code == 400 and "already withdrawn" in again.get_data(as_text=True)
    record = session.exec(select(ConsentRecord).order_by(ConsentRecord.id.desc())).first()
    assert record.source == "withdrawal_respondent_link" and record.granted is False
    assert respondent.get("/c/not-a-real-token").status_code == 404


def test_challenge_pages_keep_the_coder_from_deciding_their_own_code(web, session):
    alice = make_person(web, session, "pagealice")
    coder = session.get(User, alice.coder_id)
    client = web.test_client()
    login(client, coder)
    raised = client.post(f"/practice/consent/{alice.respondent_id}/challenge",
                         data={"target_type": "code_application",
                               "target_id": str(alice.application_id), "grounds": "Not me"})
    assert raised.status_code == 302
    challenge = session.exec(select(Challenge)).one()
    own = client.get(f"/practice/challenges/{challenge.id}").get_data(as_text=True)
    assert "another coder must decide" in own
    refused = client.post(f"/practice/challenges/{challenge.id}",
                          data={"decision": "upheld", "reason": "ok"})
    assert refused.status_code == 400 and "second person" in refused.get_data(as_text=True)
    reviewer = make_user(session, "researcher")
    login(client, reviewer)
    assert str(challenge.id) in client.get("/practice/challenges").get_data(as_text=True)
    decided = client.post(f"/practice/challenges/{challenge.id}",
                          data={"decision": "not_upheld", "reason": "It is in the note."})
    assert decided.status_code == 302
    session.expire_all()
    assert session.get(Challenge, challenge.id).status == "not_upheld"
    login(client, make_user(session, "practitioner"))  # the person is told, through their worker
    told = client.get(f"/practice/consent/{alice.respondent_id}").get_data(as_text=True)
    assert "What to tell them" in told and "did not agree with you" in told


def test_admin_tracks_requests_downloads_the_package_and_erases(web, session):
    alice = make_person(web, session, "adminalice")
    admin = make_user(session, "admin", la_codes=())
    client = web.test_client()
    login(client, admin)
    found = client.post("/admin/subject", data={"lookup": alice.pseudonym, "request_kind": "access"})
    assert found.status_code == 302
    listing = client.get("/admin/subject").get_data(as_text=True)
    request = session.exec(select(SubjectRequest)).one()
    assert request.due_on.strftime("%d %b %Y") in listing and "Access" in listing
    package = client.post(f"/admin/subject/{alice.respondent_id}/package", data={"own_names": "adminalice"})
    assert package.status_code == 200 and package.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(package.data))
    data = json.loads(archive.read("subject-access.json"))
    assert data["person"]["pseudonym"] == alice.pseudonym
    assert "What Seen &amp; Heard holds about you" in archive.read("subject-access.html").decode()
    session.expire_all()
    assert session.get(SubjectRequest, request.id).status == "done"

    unconfirmed = client.post(f"/admin/subject/{alice.respondent_id}/erase")
    assert unconfirmed.status_code == 400 and session.get(Respondent, alice.respondent_id)
    erased = client.post(f"/admin/subject/{alice.respondent_id}/erase", data={"confirm": "yes"})
    assert erased.status_code == 302
    session.expire_all()
    assert session.get(Respondent, alice.respondent_id) is None
    assert "Erased" in client.get("/admin/subject").get_data(as_text=True)


def test_transparency_page_is_public_and_linked_from_every_page(client):
    page = client.get("/privacy")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    for heading in ("What we keep", "Why we keep it", "Who sees it", "How long we keep it",
                    "Your rights", "Change your mind", "Get a copy", "Say something is wrong"):
        assert heading in text
    assert "3 years" in text
    assert 'href="/privacy"' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("lang, heading, direction", [
    ("cy", "Preifatrwydd a dy wybodaeth", None), ("ur", "رازداری اور آپ کی معلومات", "rtl")])
def test_transparency_page_switches_to_the_survey_languages(client, lang, heading, direction):
    english = client.get("/privacy").get_data(as_text=True)
    assert f'href="/privacy?lang={lang}"' in english  # the switch is on the page
    page = client.get(f"/privacy?lang={lang}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and heading in text and f'lang="{lang}"' in text
    assert "What we keep" not in text and "3" in text  # translated, periods still from config
    assert ('dir="rtl"' in text) == (direction == "rtl")
    assert heading in client.get("/privacy").get_data(as_text=True)  # the choice is remembered
    assert "What we keep" in client.get("/privacy?lang=en").get_data(as_text=True)


def test_the_consent_link_page_speaks_welsh(web, session):
    alice = make_person(web, session, "cymraeg")
    practitioner = make_user(session, "practitioner")
    client = web.test_client()
    login(client, practitioner)
    made = client.post(f"/practice/consent/{alice.respondent_id}/link")
    path = re.search(r'href="http[^"]*localhost(/c/[^"]+)"', made.get_data(as_text=True)).group(1)
    respondent = web.test_client()
    page = respondent.get(f"{path}?lang=cy").get_data(as_text=True)
    assert "Dy ddewisiadau" in page and "Ymchwil" in page and "Your choices" not in page
    done = respondent.post(path, data={"purpose": "research"}).get_data(as_text=True)
    assert "Fyddwn ni ddim yn defnyddio dy wybodaeth" in done and "Ymchwil" in done


@pytest.mark.parametrize("role", ["practitioner", "researcher"])
def test_a_role_without_the_right_is_refused_and_audited(web, session, role):
    alice = make_person(web, session, f"refused{role}")
    user = make_user(session, role)
    client = web.test_client()
    login(client, user)
    for method, path in (("post", f"/admin/subject/{alice.respondent_id}/package"),
                         ("post", f"/admin/subject/{alice.respondent_id}/erase"),
                         ("get", "/admin/subject")):
        assert getattr(client, method)(path, data={"confirm": "yes"}).status_code == 403
    denied = audit_events(session, "access.denied")
    assert len(denied) == 3 and all(e.actor_id == user.id for e in denied)
    assert not session.exec(select(SubjectRequest)).all()
    assert session.get(Respondent, alice.respondent_id) is not None
