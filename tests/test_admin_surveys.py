"""The admin surveys page: every survey, its versions newest first, and who answered each."""

from tests.helpers import login, make_user
from tests.indicators.factories import add_response, shipped_surveys


def test_admins_see_each_survey_with_its_versions_and_responses(client, session):
    shipped_surveys(session)
    add_response(session, "where-i-live", "850", {"feel_safe_home": 4})
    add_response(session, "where-i-live", "850", {"feel_safe_home": 2})
    session.commit()
    login(client, make_user(session, "admin", la_codes=()))
    page = client.get("/admin/surveys").get_data(as_text=True)
    assert "Where I live" in page and "<code>getting-ready-for-school</code>" in page
    start = page.index('id="survey-where-i-live"')
    end = page.find('id="survey-', start + 1)
    row = page[start:end if end > 0 else None]
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in row  # responses to v1


def test_others_are_refused(client, session):
    login(client, make_user(session, "researcher"))
    assert client.get("/admin/surveys").status_code == 403
