"""The frame around a respondent's page: in their language, and with no staff sign-in link."""

from tests.survey.helpers import make_link


def test_the_frame_speaks_welsh_and_has_no_sign_in_link(app, client, session, surveys):
    token = make_link(app, session, "where-i-live")
    page = client.get(f"/s/{token}?lang=cy").get_data(as_text=True)
    assert "Mae hwn yn wasanaeth newydd." in page and "Neidio i'r prif gynnwys" in page
    assert "Sign in" not in page and "/login" not in page
    staff = client.get("/").get_data(as_text=True)
    assert "Sign in" in staff  # staff pages keep it
