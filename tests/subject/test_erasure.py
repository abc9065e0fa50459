"""Erasure of one person: no row, cached embedding or file keeps their data; the trail verifies."""

from pathlib import Path

import sqlalchemy as sa
from sqlmodel import func, select

from tests.helpers import audit_events, make_user
from tests.subject.helpers import make_person
from tests.subject.search import files_containing, rows_containing
from voice.audit_cli import audit_cli
from voice.db import get_engine
from voice.models import (CareLeaverReturn, Challenge, DocumentTopic, EmbeddingCache, Respondent, SubjectRequest,
                          Topic)
from voice.subject.challenge import raise_challenge, resolve_challenge
from voice.subject_cli import subject_cli


def model_file(app, name: str, text: str) -> Path:
    """A file under instance/ as a topic model or export would leave it."""
    path = Path(app.instance_path) / "topics" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_erase_leaves_nothing_of_the_person_and_the_trail_verifies(app, session, runner):
    alice = make_person(app, session, "erasemealice")
    bob = make_person(app, session, "keepmebob")
    alice_file = model_file(app, "run-1.json", f'{{"docs": ["{alice.free_text}"]}}')
    bob_file = model_file(app, "run-2.json", f'{{"docs": ["{bob.free_text}"]}}')
    with app.test_request_context():  # a resolved challenge and a withdrawal leave rows too
        respondent = session.get(Respondent, alice.respondent_id)
        reviewer = make_user(session, "researcher")
        challenge = raise_challenge(session, respondent, "response", alice.response_id,
                                    f"{alice.marker} says this is wrong", None)
        resolve_challenge(session, challenge, reviewer, False, "It matches what was said.")
        session.add(CareLeaverReturn(la_id=respondent.la_id, year=2025, pseudonym=alice.pseudonym,
                                     age_group="19 to 21 years", in_touch="YES", activity="F1"))
        session.commit()
    assert rows_containing(session, alice.marker) and rows_containing(session, alice.pseudonym)
    if session.get_bind().dialect.name == "sqlite":  # put the rows in the main file first
        session.commit()
        with get_engine(app).connect() as conn:
            conn.execute(sa.text("PRAGMA wal_checkpoint(TRUNCATE)"))
        database = Path(app.config["SQLALCHEMY_DATABASE_URL"].removeprefix("sqlite:///"))
        assert alice.marker.encode() in database.read_bytes()

    result = runner.invoke(subject_cli, ["erase", "--pseudonym", alice.pseudonym, "--yes"])
    assert result.exit_code == 0, result.output
    assert "Erased:" in result.output

    for needle in (alice.marker, alice.pseudonym, "cold and damp, says erasemealice"):
        assert rows_containing(session, needle) == [], needle
        assert files_containing(app.instance_path, needle) == [], needle
    assert not alice_file.exists() and bob_file.exists()
    url = app.config["SQLALCHEMY_DATABASE_URL"]
    if url.startswith("sqlite:///"):  # deleted rows are overwritten, not left in free pages
        database = Path(url.removeprefix("sqlite:///"))
        for path in (database, Path(f"{database}-wal")):
            assert not path.exists() or alice.marker.encode() not in path.read_bytes(), path
    session.expire_all()
    assert session.get(Respondent, alice.respondent_id) is None
    assert not session.exec(select(DocumentTopic).where(
        DocumentTopic.document_id == alice.case_note_id)).all()
    assert session.exec(select(func.count()).select_from(EmbeddingCache)).one() == 2  # Bob's
    assert all(alice.case_note_id not in t.representative_document_ids
               for t in session.exec(select(Topic)))
    # Bob is untouched.
    assert rows_containing(session, bob.marker) and session.get(Respondent, bob.respondent_id)
    # Only an audit row that something was erased; the request outlives the person.
    [erased] = audit_events(session, "subject.erase")
    assert erased.object_id == str(alice.respondent_id) and erased.detail["rows_deleted"] > 10
    request = session.exec(select(SubjectRequest).where(SubjectRequest.kind == "erasure")).one()
    assert request.status == "done" and request.respondent_id is None
    verify = runner.invoke(audit_cli, ["verify"])
    assert verify.exit_code == 0 and "intact" in verify.output


def test_erasure_with_an_open_challenge_is_held_and_says_why(app, session, runner):
    alice = make_person(app, session, "heldalice")
    with app.test_request_context():
        raise_challenge(session, session.get(Respondent, alice.respondent_id), "code_application",
                        alice.application_id, "That code is wrong", None)
        session.commit()
    result = runner.invoke(subject_cli, ["erase", "--pseudonym", alice.pseudonym, "--yes"])
    assert result.exit_code == 1
    assert "challenge" in result.output and "still open" in result.output
    assert session.get(Respondent, alice.respondent_id) is not None  # nothing half-done
    assert rows_containing(session, alice.marker)
    request = session.exec(select(SubjectRequest)).one()
    assert request.status == "held" and "still open" in request.hold_reason
    assert audit_events(session, "subject.erase_held")
    assert session.exec(select(Challenge)).one().status == "open"


def test_erase_of_nobody_says_so_without_saying_who_exists(app, session, runner):
    make_person(app, session, "someone")
    unknown = runner.invoke(subject_cli, ["erase", "--identifier", "CASE-NOBODY", "--yes"])
    malformed = runner.invoke(subject_cli, ["erase", "--pseudonym", "abc", "--yes"])
    assert unknown.exit_code == 1 and "Nobody on record matches" in unknown.output
    assert malformed.exit_code == 1 and "64 characters" in malformed.output
    assert session.exec(select(func.count()).select_from(Respondent)).one() == 1
