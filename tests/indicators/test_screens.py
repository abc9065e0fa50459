"""The research screens and the JSON API for indicators: scoping, refusals, the download."""

import io
import json
import zipfile

import pytest
from sqlmodel import select

from tests.helpers import OTHER_LA, OWN_LA, audit_events, login, make_user
from tests.indicators.factories import add_respondent, add_response
from voice.models import IndicatorRelease


@pytest.fixture
def answered(session):
    """Feel-safe answers from two authorities, enough to publish some cells.

    In the own authority 7 of 13 feel safe (4 or 5) and 6 do not: both sides are above the
    threshold, so the count is published (the complement is protected like any count).
    """
    for la, values in ((OWN_LA, [5, 5, 4, 4, 2, 1, 5, 4, 3, 5, 1, 2, 3]), (OTHER_LA, [5, 4, 4, 1, 2, 5, 5, 4])):
        for value in values:
            add_response(session, "where-i-live", la, {"feel_safe_home": value, "feel_settled": value},
                         respondent=add_respondent(session, la, sex="Female"))
    session.commit()


def test_researcher_sees_only_their_authority_in_the_api(client, session, answered):
    login(client, make_user(session, "researcher", la_codes=(OWN_LA,)))
    listing = client.get("/api/v1/indicators").get_json()["indicators"]
    safe = next(i for i in listing if i["id"] == "feel_safe_at_home")
    assert safe["levels"] == ["Local authority", "Sub-LA area"]
    body = client.get("/api/v1/indicators/feel_safe_at_home").get_json()
    assert body["level"] == "Local authority"
    assert [r["geography_code"] for r in body["rows"]] == [OWN_LA]
    assert body["rows"][0]["denominator"] == "13" and body["rows"][0]["count"] == "7"
    assert client.get("/api/v1/indicators/feel_safe_at_home?level=National").status_code == 400


def test_admin_sees_england_and_the_suppression(client, session, answered):
    login(client, make_user(session, "admin", la_codes=()))
    body = client.get("/api/v1/indicators/feel_safe_at_home?breakdown=sex").get_json()
    assert body["level"] == "National"
    rows = {r["sex"]: r for r in body["rows"]}
    assert rows["Total"]["denominator"] == "21"
    las = client.get("/api/v1/indicators/feel_safe_at_home?level=Local%20authority").get_json()
    # 8 answers in the other authority, 5 of them 4 or 5: the 3 who are not are too few.
    other = next(r for r in las["rows"] if r["geography_code"] == OTHER_LA)
    assert other["count"] == "c" and other["rate"] == "c"


def test_a_breakdown_that_is_not_allowed_is_a_clear_400(client, session, answered):
    login(client, make_user(session, "researcher"))
    api = client.get("/api/v1/indicators/feel_safe_at_home?breakdown=fsm")
    assert api.status_code == 400
    assert "Breakdown 'fsm' is not allowed for feel_safe_at_home" in api.get_json()["message"]
    page = client.get("/research/indicators/feel_safe_at_home?breakdown=fsm")
    assert page.status_code == 400
    assert "Breakdown &#39;fsm&#39; is not allowed" in page.get_data(as_text=True)


def test_pages_show_the_list_the_table_and_the_gap(client, session, answered):
    login(client, make_user(session, "researcher"))
    listing = client.get("/research/indicators").get_data(as_text=True)
    assert "Care leavers who feel safe at home" in listing
    table = client.get("/research/indicators/feel_safe_at_home?breakdown=sex").get_data(as_text=True)
    assert "Hampshire" in table and "Female" in table and "How it is computed" in table
    gap = client.get("/research/indicators/suitability-gap")
    assert gap.status_code == 200 and "no SSDA903 care-leaver records yet" in gap.get_data(as_text=True)
    assert client.get("/research/indicators/no_such_indicator").status_code == 404


def test_download_is_a_zip_of_the_release_recorded_and_audited(client, session, answered):
    user = make_user(session, "researcher")
    login(client, user)
    response = client.get("/research/indicators/release.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = set(archive.namelist())
    assert {"manifest.json", "feel_safe_at_home.csv", "feel_safe_at_home.meta.csv"} <= names
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["la_codes"] == [OWN_LA]
    data = archive.read("feel_safe_at_home.csv").decode()
    assert OTHER_LA not in {line.split(",")[5] for line in data.splitlines()[1:]}
    session.commit()
    release = session.exec(select(IndicatorRelease)).one()
    assert release.created_by_id == user.id
    assert audit_events(session, "indicators.export")[-1].actor_id == user.id


def test_practitioners_and_strangers_are_refused(client, session):
    assert client.get("/api/v1/indicators").status_code == 401
    login(client, make_user(session, "practitioner"))
    assert client.get("/api/v1/indicators").status_code == 403
    assert client.get("/research/indicators/release.zip").status_code == 403
