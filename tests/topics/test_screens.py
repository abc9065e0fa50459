"""The research area's topic pages: starting a run, the run page, labels, promotion, charts."""

import re
from datetime import date

import pytest
from sqlmodel import select

from tests.helpers import OTHER_LA, OWN_LA, audit_events, la_id, login, make_user
from tests.topics.conftest import store_corpus, store_test_codebook
from voice.models import Code, CodebookVersion, DocumentTopic, Job, Topic, TopicRun
from voice.topics.codebooks import latest_version


@pytest.fixture
def researcher_client(app, session):
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    user = make_user(session, "researcher", la_codes=(OWN_LA,))
    login(client, user)
    return client, user


def arranged_run(session, la=OWN_LA, codebook_key=None):
    """A finished run with one matched topic (40 documents) and one emergent theme (3)."""
    texts = [f"Mould on the wall, visit {i}." for i in range(40)] + \
            ["Football on Saturday.", "Swimming lessons started.", "Boxing gym coach."]
    days = [date(2025, 1 + i % 6, 1) for i in range(43)]
    ids = store_corpus(session, texts, days, la_code=la)
    version = latest_version(session, codebook_key) if codebook_key else None
    run = TopicRun(title="Spring notes", purpose="research", corpus_filter={"la_ids": [la_id(session, la)]},
                   status="done", n_documents=43, n_excluded_by_consent=2,
                   codebook_version_id=version.id if version else None,
                   seeds={"seed": 42}, params={"guidance": "zeroshot"})
    session.add(run)
    session.flush()
    matched = Topic(run_id=run.id, number=0, label="mould, wall", size=40,
                    words=[["mould", 0.4], ["wall", 0.3], ["black mould", 0.2]],
                    matched_code_key="home_condition", match_score=0.61,
                    matches=[{"code_key": "home_condition", "code_label": "Condition of the home",
                              "score": 0.61}], representative_document_ids=ids[:2])
    emergent = Topic(run_id=run.id, number=1, label="football, swimming", size=3,
                     words=[["football", 0.5], ["swimming lessons", 0.4]], is_emergent=True,
                     keybert_words=["sport"], representative_document_ids=ids[40:42])
    session.add_all([matched, emergent])
    session.flush()
    session.add_all(DocumentTopic(document_id=i, topic_id=(matched if n < 40 else emergent).id)
                    for n, i in enumerate(ids))
    session.commit()
    return run, matched, emergent


def test_starting_a_run_from_the_browser_queues_the_job_in_the_users_authorities(
        app, session, researcher_client):
    client, user = researcher_client
    store_test_codebook(session)
    page = client.get("/research/topics/new")
    assert page.status_code == 200 and "Start a topic model run" in page.get_data(as_text=True)
    response = client.post("/research/topics/new", data={
        "purpose": "research", "kinds": ["case_note"], "codebook": "test-topics",
        "guidance": "zeroshot", "seed": "7", "start": "2025-01-01"})
    assert response.status_code == 302
    run = session.exec(select(TopicRun)).one()
    assert run.corpus_filter["la_ids"] == [la_id(session, OWN_LA)]
    assert run.corpus_filter["kinds"] == ["case_note"] and run.seeds["seed"] == 7
    assert response.headers["Location"].endswith(f"/research/topics/{run.id}")
    assert session.get(Job, run.job_id).kind == "topic_fit"
    assert audit_events(session, "topics.run_start")[-1].object_id == str(run.id)
    page = client.get(f"/research/topics/{run.id}").get_data(as_text=True)
    assert "Cancel the run" in page and 'http-equiv="refresh"' in page
    listing = client.get("/research/topics").get_data(as_text=True)
    assert f"/research/topics/{run.id}" in listing and "Queued" in listing


@pytest.mark.parametrize("data, message", [
    ({"la_codes": OTHER_LA}, "you may only model documents of the authorities you are linked to"),
    ({"la_codes": "999"}, "there is no local authority with the code"),
    ({"end": "next week"}, "Period end: &#39;next week&#39; is not a date"),
    ({"purpose": ""}, "Select what the analysis is for"),
])
def test_bad_input_is_refused_with_a_message_and_no_run(session, researcher_client, data,
                                                        message):
    client, _ = researcher_client
    form = {"purpose": "research", "guidance": "zeroshot", "seed": "42", "codebook": "", **data}
    response = client.post("/research/topics/new", data=form)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert session.exec(select(TopicRun)).all() == []


def test_the_run_page_shows_codes_emergent_themes_excerpts_and_disclosed_sizes(
        session, researcher_client):
    client, _ = researcher_client
    run, matched, emergent = arranged_run(session)
    arranged_run(session, la=OTHER_LA)  # another authority's run: never listed
    page = client.get(f"/research/topics/{run.id}").get_data(as_text=True)
    assert "Condition of the home (0.61)" in page and "Emergent themes (1)" in page
    assert "football, swimming" in page and "Football on Saturday." in page
    assert "Mould on the wall, visit 0." in page
    # 3 is at or under the threshold: shown as c, and 40 with it (else 43 - 40 gives it away).
    assert "(c documents)" in page and not re.search(r">\s*40\s*<", page)
    assert re.search(r"Documents modelled\s*</dt>\s*<dd[^>]*>\s*43\s*<", page)
    assert re.search(r"does not cover the purpose\s*</dt>\s*<dd[^>]*>\s*c\s*<", page)  # 2
    listing = client.get("/research/topics").get_data(as_text=True)
    assert listing.count("Spring notes") == 1


def test_a_topic_can_be_renamed_and_an_emergent_theme_promoted_to_a_code(
        session, researcher_client):
    client, user = researcher_client
    key = store_test_codebook(session)
    run, matched, emergent = arranged_run(session, codebook_key=key)
    renamed = client.post(f"/research/topics/theme/{emergent.id}/label",
                          data={"label": "Sport and clubs"})
    assert renamed.status_code == 302
    session.expire_all()
    assert session.get(Topic, emergent.id).custom_label == "Sport and clubs"
    form = client.get(f"/research/topics/theme/{emergent.id}/promote").get_data(as_text=True)
    assert 'value="sport_and_clubs"' in form and "Football on Saturday." in form
    taken = client.post(f"/research/topics/theme/{emergent.id}/promote",
                        data={"key": "home_condition", "label": "Again"})
    assert taken.status_code == 400 and "already has a code" in taken.get_data(as_text=True)
    promoted = client.post(f"/research/topics/theme/{emergent.id}/promote",
                           data={"key": "sport_and_clubs", "label": "Sport and clubs",
                                 "definition": "Sport, clubs and exercise."})
    assert promoted.status_code == 302
    version = latest_version(session, key)
    assert version.version == 2
    code = session.exec(select(Code).where(Code.codebook_version_id == version.id,
                                           Code.key == "sport_and_clubs")).one()
    assert code.definition == "Sport, clubs and exercise."
    added = next(c for c in version.definition["codes"] if c["key"] == "sport_and_clubs")
    assert added["examples"] == ["Football on Saturday.", "Swimming lessons started."]
    assert added["rules"]["phrases"] == ["swimming lessons"]
    assert session.exec(select(CodebookVersion)).all()[0].version == 1  # the old one stays
    assert audit_events(session, "topics.promote")[-1].object_id == str(emergent.id)
    page = client.get(f"/research/topics/{run.id}").get_data(as_text=True)
    assert "Now the code sport_and_clubs" in page


def test_the_chart_page_loads_plotly_from_the_app_with_suppressed_cells(session,
                                                                         researcher_client):
    client, _ = researcher_client
    run, _, _ = arranged_run(session)
    page = client.get(f"/research/topics/{run.id}/charts").get_data(as_text=True)
    assert "/static/js/plotly-basic.min.js" in page and "cdn" not in page.lower()
    assert 'id="chart-authority"' in page and 'id="chart-period"' in page
    assert "2025 Q1" in page and "Hampshire" in page
    assert ">c<" in page  # the emergent theme's 3 documents, spread over quarters
    assert client.get("/static/js/plotly-basic.min.js").status_code == 200
    other = client.get(f"/research/topics/{run.id}")
    assert "plotly" not in other.get_data(as_text=True)  # only the chart page loads it
