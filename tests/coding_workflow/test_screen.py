"""The coding screen over HTTP: apply (browser offsets, paragraph, typed), change, memo, refuse."""

import re

from sqlmodel import select

from tests.coding_workflow.helpers import BOOK, make_document, post, store_shipped
from tests.helpers import OTHER_LA, audit_events, form_token, login, make_user
from voice.models import CodeApplication, Excerpt, Memo

TEXT = "Sam 😀 says the café is fine.\r\nBut he doesn't feel safe at night in the flat."


def utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


def arrange(session):
    store_shipped(session)
    coder = make_user(session)
    return coder, make_document(session, TEXT)


def excerpts(session):
    session.expire_all()
    return list(session.exec(select(Excerpt).where(Excerpt.created_by_id.is_not(None))).all())


def test_the_screen_shows_the_text_segments_with_utf16_starts(client, session):
    coder, doc = arrange(session)
    login(client, coder)
    page = client.get(f"/practice/coding/{doc.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="coding-text"' in html and "js/coding.js" in html
    assert f'data-start16="{utf16(TEXT, TEXT.index(chr(13)))}" data-crlf="1"' in html
    assert "<script>" not in html


def test_a_browser_selection_after_an_emoji_and_crlf_codes_the_right_words(client, session):
    coder, doc = arrange(session)
    login(client, coder)
    start = TEXT.index("doesn't feel safe")
    end = start + len("doesn't feel safe")
    response = post(client, f"/practice/coding/{doc.id}/apply", {
        "codebook": BOOK, "unit": "utf16", "start": utf16(TEXT, start), "end": utf16(TEXT, end),
        "codes": ["safety", "stability"]})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    [excerpt] = excerpts(session)
    assert TEXT[excerpt.start:excerpt.end] == "doesn't feel safe"
    applied = session.exec(select(CodeApplication).where(CodeApplication.excerpt_id == excerpt.id)).all()
    assert {a.coder_id for a in applied} == {coder.id} and len(applied) == 2
    assert audit_events(session, "coding.apply")[0].actor_id == coder.id


def test_without_javascript_a_paragraph_or_typed_offsets_can_be_coded(client, session):
    coder, doc = arrange(session)
    login(client, coder)
    post(client, f"/practice/coding/{doc.id}/apply", {"codebook": BOOK, "paragraph": "1",
                                                          "codes": ["safety"]})
    post(client, f"/practice/coding/{doc.id}/apply", {"codebook": BOOK, "start": "0",
                                                          "end": "3", "codes": ["relationships"]})
    assert sorted(TEXT[e.start:e.end] for e in excerpts(session)) == [
        "But he doesn't feel safe at night in the flat.", "Sam"]


def test_bad_selections_and_codes_get_a_400_and_store_nothing(client, session):
    coder, doc = arrange(session)
    login(client, coder)
    emoji = utf16(TEXT, TEXT.index("😀"))
    cases = [
        ({"unit": "utf16", "start": emoji + 1, "end": emoji + 5, "codes": ["safety"]}, "inside the character"),
        ({"start": "5", "end": "999", "codes": ["safety"]}, "outside the text"),
        ({"start": "0", "end": "3"}, "Select at least one code"),
        ({"start": "0", "end": "3", "codes": ["the_home"]}, "heading"),
        ({"start": "0", "end": "3", "codes": ["nope"]}, "no code"),
        ({"start": "x", "end": "3", "codes": ["safety"]}, "whole numbers"),
    ]
    for data, message in cases:
        response = post(client, f"/practice/coding/{doc.id}/apply", {"codebook": BOOK, **data})
        assert response.status_code == 400, data
        assert message in response.get_data(as_text=True), message
    assert excerpts(session) == []


def test_remove_move_and_memos_are_attributed(client, session):
    coder, doc = arrange(session)
    login(client, coder)
    post(client, f"/practice/coding/{doc.id}/apply", {"codebook": BOOK, "start": "0", "end": "3",
                                                          "codes": ["relationships"]})
    [excerpt] = excerpts(session)
    application = session.exec(select(CodeApplication)).one()
    moved = post(client, f"/practice/coding/{doc.id}/change", {
        "codebook": BOOK, "action": "move", "application_id": application.id, "start": "0", "end": "10"})
    assert moved.status_code == 302
    assert TEXT[excerpts(session)[0].start:excerpts(session)[0].end] == "Sam 😀 says"
    for target in ("document:", f"excerpt:{excerpt.id}"):
        assert post(client, f"/practice/coding/{doc.id}/memo", {
            "codebook": BOOK, "target": target, "memo": "Check with the PA."}).status_code == 302
    assert post(client, f"/practice/coding/{doc.id}/memo", {"target": "document:", "memo": " "}
                       ).status_code == 400
    memos = session.exec(select(Memo)).all()
    assert {m.target_type for m in memos} == {"document", "excerpt"} and {m.author_id for m in memos} == {coder.id}
    page = client.get(f"/practice/coding/{doc.id}").get_data(as_text=True)
    assert page.count("Check with the PA.") == 2
    removed = post(client, f"/practice/coding/{doc.id}/change", {
        "codebook": BOOK, "action": "remove", "application_id": application.id})
    assert removed.status_code == 302 and excerpts(session) == []
    actions = [e.action for e in audit_events(session) if e.action.startswith("coding.")]
    assert actions == ["coding.apply", "coding.excerpt_change", "coding.memo", "coding.memo", "coding.remove"]


def test_a_coder_cannot_change_another_coders_work_or_another_authoritys_document(client, session):
    coder, doc = arrange(session)
    other = make_user(session)
    login(client, other)
    post(client, f"/practice/coding/{doc.id}/apply", {"codebook": BOOK, "start": "0", "end": "3",
                                                          "codes": ["relationships"]})
    application = session.exec(select(CodeApplication)).one()
    login(client, coder)
    response = post(client, f"/practice/coding/{doc.id}/change", {
        "codebook": BOOK, "action": "remove", "application_id": application.id})
    assert response.status_code == 400 and "your own coding" in response.get_data(as_text=True)
    elsewhere = make_document(session, "Rochdale note.", la_code=OTHER_LA)
    assert client.get(f"/practice/coding/{elsewhere.id}").status_code == 404


def test_the_queue_lists_uncoded_documents_and_filters_by_code(client, session):
    coder, doc = arrange(session)
    second = make_document(session, "Rent is late again.", kind="pathway_plan")
    login(client, coder)
    page = client.get("/practice/coding").get_data(as_text=True)
    assert f"/practice/coding/{doc.id}" in page and f"/practice/coding/{second.id}" in page
    post(client, f"/practice/coding/{doc.id}/apply", {"codebook": BOOK, "start": "0", "end": "3",
                                                          "codes": ["relationships"]})
    page = client.get("/practice/coding").get_data(as_text=True)
    assert f"/practice/coding/{doc.id}?" not in page   # coded by me: out of my queue
    kind = client.get("/practice/coding?kind=case_note").get_data(as_text=True)
    assert f"/practice/coding/{second.id}?" not in kind
    # A second coder filters by a code someone applied.
    login(client, make_user(session))
    coded = client.get("/practice/coding?code=relationships").get_data(as_text=True)
    assert re.search(rf"/practice/coding/{doc.id}\?", coded) and f"/practice/coding/{second.id}?" not in coded


def test_a_memo_on_a_code_is_audited_and_shown_after_the_code_is_edited(client, session):
    from voice.models import Code, CodebookVersion

    coder, doc = arrange(session)
    researcher = make_user(session, "researcher")
    code = session.exec(select(Code).where(Code.key == "safety")).one()
    login(client, coder)
    assert post(client, f"/practice/coding/{doc.id}/memo", {
        "codebook": BOOK, "target": f"code:{code.id}", "memo": "Ask about night-time visits."}
    ).status_code == 302
    [memo] = session.exec(select(Memo)).all()
    assert (memo.target_type, memo.target_id, memo.author_id) == ("code", code.id, coder.id)
    assert audit_events(session, "coding.memo")[0].detail["target_kind"] == "code"
    # The researcher edits, retires and merges codes on the codes page: each a version, audited.
    login(client, researcher)
    edited = client.post("/practice/coding/codes", data={
        "codebook": BOOK, "code": "safety", "action": "edit", "label": "Feeling safe at home",
        "definition": code.definition, "when_to_use": code.details["when_to_use"],
        "when_not_to_use": code.details["when_not_to_use"], "colour": code.colour,
        "csrf_token": form_token(client, f"/practice/coding/codes?codebook={BOOK}&code=safety")})
    assert edited.status_code == 302
    for action, extra in (("retire", {}), ("merge", {"into": "stability"})):
        key = "neighbourhood" if action == "retire" else "home_condition"
        assert client.post("/practice/coding/codes", data={
            "codebook": BOOK, "code": key, "action": action, **extra,
            "csrf_token": form_token(client, f"/practice/coding/codes?codebook={BOOK}")}
        ).status_code == 302
    bad = client.post("/practice/coding/codes", data={
        "codebook": BOOK, "code": "safety", "action": "edit", "label": "Safe", "colour": "red",
        "csrf_token": form_token(client, f"/practice/coding/codes?codebook={BOOK}")})
    assert bad.status_code == 400
    edits = audit_events(session, "codebook.edit")
    assert [(e.detail["kind"], e.detail["version"], e.actor_id) for e in edits] == [
        ("edit", 2, researcher.id), ("retire", 3, researcher.id), ("merge", 4, researcher.id)]
    assert len(session.exec(select(CodebookVersion)).all()) == 4
    login(client, coder)
    page = client.get(f"/practice/coding/{doc.id}").get_data(as_text=True)
    assert "Code Feeling safe at home: Ask about night-time visits." in page
