"""Codebook versions: editing makes a version, applications keep theirs, merges map forward."""

import pytest
from sqlmodel import select

from tests.coding_workflow.helpers import BOOK, make_document, store_shipped
from tests.helpers import audit_events, make_user
from voice.coding.errors import CodingError
from voice.coding.excerpts import Actor, apply_codes
from voice.coding.versions import (edit_code, latest_version, merge_code, retire_code,
                                   store_codebook, book_of)
from voice.models import Code, CodeApplication, CodebookVersion


def application_rows(session):
    session.expire_all()
    return list(session.exec(select(CodeApplication, Code).join(Code, Code.id == CodeApplication.code_id)).all())


def test_storing_the_same_codebook_twice_makes_one_version(app, session):
    first = store_shipped(session)
    again, created = store_codebook(session, book_of(first))
    assert not created and again.id == first.id
    assert len(session.exec(select(Code).where(Code.codebook_version_id == first.id)).all()) > 5


def test_an_edit_makes_a_version_and_applications_keep_the_version_they_were_made_in(app, session):
    with app.test_request_context():
        store_shipped(session)
        coder = make_user(session)
        doc = make_document(session, "I don't feel safe at night in the flat.")
        apply_codes(session, doc, 0, 24, BOOK, ["safety"], Actor(coder))
        session.commit()
        v1 = latest_version(session, BOOK)
        v2, created = edit_code(session, BOOK, "safety", {"label": "Feeling safe at home"}, coder.id)
        session.commit()
    assert created and v2.version == v1.version + 1
    [(application, code)] = application_rows(session)
    assert application.codebook_version_id == v1.id          # made under version 1
    assert code.codebook_version_id == v2.id and code.label == "Feeling safe at home"
    assert application.mapped_from_code_id is None          # same key: no merge to record


def test_merging_moves_applications_to_the_target_and_keeps_the_original(app, session):
    with app.test_request_context():
        store_shipped(session)
        coder = make_user(session)
        doc = make_document(session, "The neighbours are loud and the area is rough.")
        apply_codes(session, doc, 0, 26, BOOK, ["neighbourhood"], Actor(coder))
        session.commit()
        [(before, old_code)] = application_rows(session)
        merge_code(session, BOOK, "neighbourhood", "safety", coder.id)
        session.commit()
    [(after, code)] = application_rows(session)
    assert code.key == "safety" and after.mapped_from_code_id == old_code.id
    merged = session.exec(select(Code).where(Code.key == "neighbourhood")
                          .order_by(Code.id.desc())).first()
    assert merged.status == "merged" and merged.merged_into_key == "safety"
    with app.test_request_context(), pytest.raises(CodingError, match="cannot be applied"):
        apply_codes(session, doc, 0, 10, BOOK, ["neighbourhood"], Actor(coder))


def test_retiring_keeps_the_code_but_refuses_new_applications(app, session):
    with app.test_request_context():
        store_shipped(session)
        coder = make_user(session)
        retire_code(session, BOOK, "safety", coder.id)
        session.commit()
        doc = make_document(session, "Feels safe now.")
        with pytest.raises(CodingError, match="retired"):
            apply_codes(session, doc, 0, 5, BOOK, ["safety"], Actor(coder))
    assert len(session.exec(select(CodebookVersion)).all()) == 2


def test_edits_that_break_the_format_are_refused_and_nothing_is_stored(app, session):
    store_shipped(session)
    with pytest.raises(CodingError):
        edit_code(session, BOOK, "safety", {"colour": "red"}, None)
    with pytest.raises(CodingError, match="label"):
        edit_code(session, BOOK, "safety", {"label": "  "}, None)
    with pytest.raises(CodingError, match="no code"):
        edit_code(session, BOOK, "no_such_code", {"label": "x"}, None)
    session.rollback()
    assert len(session.exec(select(CodebookVersion)).all()) == 1


def test_applying_is_attributed_and_audited_without_the_words(app, session):
    with app.test_request_context():
        store_shipped(session)
        coder = make_user(session)
        doc = make_document(session, "Rent arrears are building up again.")
        apply_codes(session, doc, 0, 12, BOOK, ["affordability", "affordability"], Actor(coder))
        session.commit()
    [(application, code)] = application_rows(session)
    assert application.coder_id == coder.id and application.source == "human"
    [event] = audit_events(session, "coding.apply")
    assert event.actor_id == coder.id and event.detail["codes"] == ["affordability"]
    assert "arrears" not in str(event.detail)
