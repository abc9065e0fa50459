"""The language switch: Welsh everywhere, Urdu (right to left) where the survey has it."""

from sqlmodel import select

from tests.survey.helpers import begin, location, make_link, post
from voice.models import Response


def test_welsh_labels_and_interface(app, client, session, surveys):
    token = make_link(app, session)
    start = client.get(f"/s/{token}?lang=cy").get_data(as_text=True)
    assert 'lang="cy"' in start and "Ble rydw i&#39;n byw" in start and "Dechrau nawr" in start
    first = location(begin(client, token))
    page = client.get(first).get_data(as_text=True)  # the choice stays with the device
    assert "Wyt ti&#39;n teimlo&#39;n ddiogel yn dy gartref?" in page
    assert "Cwestiwn 1 o 7" in page and "Anhapus iawn" in page and "Hepgor y cwestiwn hwn" in page
    assert 'href="/s/' in page and "?lang=en" in page  # the switch back to English
    post(client, first, {"action": "continue", "answer": "3"})
    post(client, f"/s/{token}/check")
    assert session.exec(select(Response)).one().language == "cy"


def test_urdu_is_right_to_left(app, client, session, surveys):
    token = make_link(app, session)
    first = location(begin(client, token))
    page = client.get(f"{first}?lang=ur").get_data(as_text=True)
    assert 'lang="ur"' in page and 'dir="rtl"' in page
    assert "کیا آپ اپنے گھر میں محفوظ محسوس کرتے ہیں؟" in page and "یہ سوال چھوڑ دیں" in page


def test_urdu_is_offered_only_where_the_survey_has_it(app, client, session, surveys):
    token = make_link(app, session, "my-information")
    page = client.get(f"/s/{token}?lang=ur").get_data(as_text=True)
    assert 'dir="rtl"' not in page and "اردو" not in page and "Cymraeg" in page


def test_problem_pages_switch_to_welsh(client, surveys):
    page = client.get("/s/not-a-real-token-at-all-000000?lang=cy")
    assert page.status_code == 404
    assert "Allwn ni ddim dod o hyd i&#39;r ddolen arolwg hon" in page.get_data(as_text=True)


def test_a_copy_kept_for_offline_use_never_sets_the_cookie(app, client, session, surveys):
    # The service worker copies pages in the background. Its copy's response would carry the
    # cookie as it was when the fetch began and overwrite a newer choice (a race seen in Chromium).
    token = make_link(app, session)
    copy = client.get(f"/s/{token}?lang=cy", headers={"X-Offline-Copy": "1"})
    assert copy.status_code == 200 and 'lang="cy"' in copy.get_data(as_text=True)
    assert "Set-Cookie" not in copy.headers and "Cookie" in copy.headers["Vary"]
    assert 'lang="en"' in client.get(f"/s/{token}").get_data(as_text=True)  # nothing was kept
    chosen = client.get(f"/s/{token}?lang=cy")
    assert "Set-Cookie" in chosen.headers
    assert 'lang="cy"' in client.get(f"/s/{token}").get_data(as_text=True)
