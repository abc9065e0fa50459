"""The document screens: scoped list with filters, redacted by default, reveal with a reason."""

from sqlmodel import select

from tests.documents.conftest import do_import, nhs_number, write_csv
from tests.helpers import OTHER_LA, audit_events, form_token, login, make_user
from voice.models import Document, Respondent

CHILD = "Wilhelmina Thackeray"


def arrange(app, session, tmp_path) -> dict[str, Document]:
    """Two case notes and a Pathway Plan in our authority, one case note in another."""
    own = [[f"{CHILD} moved into the flat.", "2024-01-10", "personal adviser", nhs_number(1), "North", CHILD],
           ["Talked about college.", "2024-06-01", "personal adviser", nhs_number(2), "South", ""]]
    do_import(app, write_csv(tmp_path / "own.csv", own))
    do_import(app, write_csv(tmp_path / "plan.csv", [["Plan: keep the tenancy.", "2024-03-03", "", "", "North", ""]]),
              kind="pathway_plan")
    do_import(app, write_csv(tmp_path / "other.csv", [["Rochdale note.", "", "", "", "", ""]]), la=OTHER_LA)
    documents = session.exec(select(Document).order_by(Document.id)).all()
    return {"flat": documents[0], "college": documents[1], "plan": documents[2], "other": documents[3]}


def signed_in(app, session, role: str = "practitioner"):
    client = app.test_client()
    login(client, make_user(session, role, la_codes=() if role == "admin" else ("850",)))
    return client


def test_the_list_shows_own_authority_redacted_with_filters_and_pages(quick_app, session, tmp_path, monkeypatch):
    from voice.web import practice_documents

    docs = arrange(quick_app, session, tmp_path)
    client = signed_in(quick_app, session)

    page = client.get("/practice/documents").get_data(as_text=True)
    assert "3 documents." in page and "Rochdale note" not in page
    assert "[PERSON_1] moved into the flat." in page and CHILD not in page

    def listed(query: str) -> str:
        response = client.get(f"/practice/documents?{query}")
        assert response.status_code == 200
        return response.get_data(as_text=True)

    assert "1 document." in listed("kind=pathway_plan")
    assert "Talked about college" in listed("date_from=2024-05-01") and "1 document." in listed("date_from=2024-05-01")
    assert "2 documents." in listed("date_from=01/01/2024&date_to=2024-03-31")
    pseudonym = session.get(Respondent, docs["college"].respondent_id).pseudonym
    assert "1 document." in listed(f"respondent={pseudonym[:8]}")
    area_id = docs["plan"].area_id
    assert "2 documents." in listed(f"area={area_id}")
    bad = client.get("/practice/documents?date_from=yesterday")
    assert bad.status_code == 400 and "Enter a date like" in bad.get_data(as_text=True)

    monkeypatch.setattr(practice_documents, "PAGE_SIZE", 2)
    first = listed("kind=")
    second = listed("page=2")
    assert "Plan: keep the tenancy" in first and "Plan: keep the tenancy" not in second
    assert "moved into the flat" in second and "page=2" in first


def test_a_document_is_redacted_and_a_practitioner_reveals_it_with_a_reason(quick_app, session, tmp_path):
    docs = arrange(quick_app, session, tmp_path)
    client = signed_in(quick_app, session)
    path = f"/practice/documents/{docs['flat'].id}"

    shown = client.get(path).get_data(as_text=True)
    assert "[PERSON_1] moved into the flat." in shown and CHILD not in shown
    token = form_token(client, path)
    no_token = client.post(f"{path}/reveal", data={"reason_code": "direct_work", "reason": "Preparing for a visit"})
    assert no_token.status_code == 400 and CHILD not in no_token.get_data(as_text=True)

    refused = client.post(f"{path}/reveal", data={"csrf_token": token, "reason_code": "other", "reason": ""})
    assert refused.status_code == 400 and CHILD not in refused.get_data(as_text=True)
    assert audit_events(session, "document.read_raw") == []

    revealed = client.post(f"{path}/reveal", data={"csrf_token": token, "reason_code": "direct_work",
                                                   "reason": "Preparing for a visit on Friday"})
    assert revealed.status_code == 200 and f"{CHILD} moved into the flat." in revealed.get_data(as_text=True)
    event = audit_events(session, "document.read_raw")[0]
    assert (event.object_type, event.object_id, event.la_id) == ("document", str(docs["flat"].id), docs["flat"].la_id)
    assert event.detail == {"reason_code": "direct_work", "reason_length": 31}


def test_researchers_and_admins_read_redacted_text_but_never_raw(quick_app, session, tmp_path):
    quick_app.config["WTF_CSRF_ENABLED"] = False
    docs = arrange(quick_app, session, tmp_path)
    for role in ("researcher", "admin"):
        client = signed_in(quick_app, session, role)
        path = f"/practice/documents/{docs['flat'].id}"
        page = client.get(path).get_data(as_text=True)
        assert "[PERSON_1]" in page and "See the original text" not in page
        response = client.post(f"{path}/reveal", data={"reason_code": "other", "reason": "I would like to see it"})
        assert response.status_code == 403 and CHILD not in response.get_data(as_text=True)
    assert audit_events(session, "document.read_raw") == []


def test_another_authoritys_document_is_not_found(quick_app, session, tmp_path):
    quick_app.config["WTF_CSRF_ENABLED"] = False
    docs = arrange(quick_app, session, tmp_path)
    client = signed_in(quick_app, session)
    path = f"/practice/documents/{docs['other'].id}"
    assert client.get(path).status_code == 404
    assert client.post(f"{path}/reveal", data={"reason_code": "other", "reason": "Just curious here"}).status_code == 404
    assert audit_events(session, "document.read_raw") == []
