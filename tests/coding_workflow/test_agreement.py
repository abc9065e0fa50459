"""Double coding: a sample assigned to two coders, agreement per code, disagreements to reconcile."""

import pytest
from sqlmodel import select

from tests.coding_workflow.helpers import BOOK, make_document, post, store_shipped
from tests.helpers import OTHER_LA, OWN_LA, audit_events, la_id, login, make_user
from voice.coding.double import agreement_table, disagreements
from voice.models import CodingAssignment, CodingSample

krippendorff = pytest.importorskip("krippendorff")
FIRST = "He feels safe now. The flat is warm."
SECOND = "She is scared at night. Rent is paid."


def test_a_double_coded_sample_gives_kappa_alpha_and_disagreements(client, session):
    store_shipped(session)
    researcher = make_user(session, "researcher")
    one, two = make_user(session), make_user(session)
    docs = [make_document(session, FIRST), make_document(session, SECOND)]
    login(client, researcher)
    bad = post(client, "/practice/coding/agreement", {"codebook": BOOK, "percent": "50",
                                                      "coders": [str(one.id)]})
    assert bad.status_code == 400 and "at least two coders" in bad.get_data(as_text=True)
    drawn = post(client, "/practice/coding/agreement", {"codebook": BOOK, "percent": "100",
                                                        "coders": [str(one.id), str(two.id)]})
    assert drawn.status_code == 302
    sample = session.exec(select(CodingSample)).one()
    assigned = session.exec(select(CodingAssignment)).all()
    assert {(a.document_id, a.coder_id) for a in assigned} == {(d.id, c.id) for d in docs for c in (one, two)}
    assert audit_events(session, "coding.sample")

    # Units are sentences: coder one codes safety in both first sentences, coder two in one.
    for coder, document in [(one, docs[0]), (one, docs[1]), (two, docs[0])]:
        login(client, coder)
        page = client.get("/practice/coding").get_data(as_text=True)
        assert f"/practice/coding/{document.id}?" in page   # assignments are in the queue
        post(client, f"/practice/coding/{document.id}/apply",
             {"codebook": BOOK, "start": "0", "end": "6", "codes": ["safety"]})

    rows = {row["code"]: row for row in agreement_table(session, sample)}
    safety = rows["safety"]
    expected = krippendorff.alpha(reliability_data=[[1, 0, 1, 0], [1, 0, 0, 0]],
                                  level_of_measurement="nominal")
    assert safety["n_units"] == 4 and safety["percent_agreement"] == pytest.approx(75.0)
    assert safety["kappa"] == pytest.approx(0.5)            # (0.75 - 0.5) / (1 - 0.5)
    assert safety["alpha"] == pytest.approx(expected)
    [disagreement] = disagreements(session, sample)
    assert disagreement["sentence"] == "She is scared at night." and disagreement["code"] == "safety"
    assert disagreement["applied_by"] == [one.id] and disagreement["not_applied_by"] == [two.id]

    login(client, researcher)
    page = client.get(f"/practice/coding/agreement?sample={sample.id}&codebook={BOOK}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "0.50" in html and f"{expected:.2f}" in html
    assert "She is scared at night." in html
    login(client, one)
    assert client.get("/practice/coding/agreement").status_code == 403


def test_coders_reconcile_their_disagreements_and_the_figures_follow(client, session):
    store_shipped(session)
    researcher = make_user(session, "researcher")
    one, two = make_user(session), make_user(session)
    doc = make_document(session, SECOND)
    login(client, researcher)
    post(client, "/practice/coding/agreement", {"codebook": BOOK, "percent": "100",
                                                "coders": [str(one.id), str(two.id)]})
    sample = session.exec(select(CodingSample)).one()
    login(client, one)
    post(client, f"/practice/coding/{doc.id}/apply", {"codebook": BOOK, "start": "0", "end": "6",
                                                      "codes": ["safety"]})
    login(client, two)
    assert "/practice/coding/reconcile" in client.get("/practice/coding").get_data(as_text=True)
    page = client.get(f"/practice/coding/reconcile?sample={sample.id}").get_data(as_text=True)
    assert "She is scared at night." in page and "Apply safety" in page
    assert "Units are sentences" in page                      # the unit of agreement is stated
    # Coder two agrees with coder one and applies the code from the disagreement itself.
    assert post(client, f"/practice/coding/{doc.id}/apply", {
        "codebook": BOOK, "unit": "chars", "start": "0", "end": str(len("She is scared at night.")),
        "codes": ["safety"]}).status_code == 302
    assert disagreements(session, sample) == []
    safety = {row["code"]: row for row in agreement_table(session, sample)}["safety"]
    assert safety["percent_agreement"] == 100.0
    page = client.get(f"/practice/coding/reconcile?sample={sample.id}").get_data(as_text=True)
    assert "No disagreements" in page
    # A coder not in the sample sees none of it.
    login(client, make_user(session))
    assert "She is scared" not in client.get(f"/practice/coding/reconcile?sample={sample.id}"
                                             ).get_data(as_text=True)


def test_a_sample_can_be_drawn_from_one_authority_and_kind(client, session):
    store_shipped(session)
    researcher = make_user(session, "researcher", la_codes=(OWN_LA, OTHER_LA))
    one = make_user(session, la_codes=(OWN_LA, OTHER_LA))
    two = make_user(session, la_codes=(OWN_LA, OTHER_LA))
    own = make_document(session, FIRST)
    make_document(session, SECOND, la_code=OTHER_LA)
    make_document(session, SECOND, kind="pathway_plan")
    login(client, researcher)
    page = client.get(f"/practice/coding/agreement?codebook={BOOK}").get_data(as_text=True)
    assert 'name="la"' in page
    drawn = post(client, "/practice/coding/agreement", {
        "codebook": BOOK, "percent": "100", "kind": "case_note", "la": str(la_id(session, OWN_LA)),
        "coders": [str(one.id), str(two.id)]})
    assert drawn.status_code == 302
    sample = session.exec(select(CodingSample)).one()
    assert sample.la_id == la_id(session, OWN_LA) and sample.kind == "case_note"
    assert {a.document_id for a in session.exec(select(CodingAssignment))} == {own.id}
    assert audit_events(session, "coding.sample")[0].la_id == sample.la_id
    refused = post(client, "/practice/coding/agreement", {
        "codebook": BOOK, "percent": "100", "la": "999999", "coders": [str(one.id), str(two.id)]})
    assert refused.status_code == 400 and "authorities listed" in refused.get_data(as_text=True)
