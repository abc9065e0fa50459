"""Challenges: flagged, out of indicators while open, decided by a second coder, person told."""

import pytest
from sqlmodel import select

from coding.indicators.definition import IndicatorDefinition
from tests.helpers import audit_events, make_user
from tests.subject.helpers import make_person
from voice.indicators.population import counted_documents, counted_responses
from voice.indicators.tables import _hit_documents
from voice.models import Code, CodeApplication, Respondent, User
from voice.subject.access import build_package
from voice.subject.challenge import (ChallengeError, open_challenge_exclusions, raise_challenge,
                                     resolve_challenge)


def coded_indicator(code_key: str) -> IndicatorDefinition:
    """The part of an indicator definition that picks coded documents."""
    return IndicatorDefinition(raw={"source": {"type": "coded_documents",
                                               "codebook": "care-leavers-home"},
                                    "numerator": {"codes": [code_key]}}, path="test")


def ids(session, query) -> set:
    return set(session.execute(query).scalars())


def test_a_challenged_excerpt_is_out_of_indicators_until_a_second_coder_decides(app, session):
    alice = make_person(app, session, "chalalice")
    bob = make_person(app, session, "chalbob", coder=session.get(User, alice.coder_id))
    code_key = session.get(Code, alice.code_id).key
    indicator = coded_indicator(code_key)
    assert {alice.case_note_id, bob.case_note_id} <= ids(session, _hit_documents(session, indicator))
    raiser = make_user(session, "practitioner")
    with app.test_request_context():
        challenge = raise_challenge(session, session.get(Respondent, alice.respondent_id),
                                    "code_application", alice.application_id,
                                    "I never said I was lonely", raiser)
        session.commit()
    exclusions = open_challenge_exclusions(session)
    assert ids(session, exclusions.excerpt_ids) == {alice.excerpt_id}
    hits = ids(session, _hit_documents(session, indicator))
    assert alice.case_note_id not in hits and bob.case_note_id in hits

    coder = session.get(User, alice.coder_id)
    with app.test_request_context(), pytest.raises(ChallengeError, match="second person"):
        resolve_challenge(session, challenge, coder, True, "Agreed")  # the one who applied it
    session.rollback()
    with app.test_request_context(), pytest.raises(ChallengeError, match="second person"):
        resolve_challenge(session, challenge, raiser, True, "Agreed")
    session.rollback()
    reviewer = make_user(session, "researcher")
    with app.test_request_context(), pytest.raises(ChallengeError, match="reason"):
        resolve_challenge(session, challenge, reviewer, False, "  ")
    session.rollback()
    with app.test_request_context():
        resolve_challenge(session, challenge, reviewer, False, "The note says so in their words.")
        session.commit()
    assert alice.case_note_id in ids(session, _hit_documents(session, indicator))  # counted again
    assert challenge.status == "not_upheld" and "did not agree" in challenge.outcome_letter
    with app.app_context():
        package = build_package(session, session.get(Respondent, alice.respondent_id))
    assert package["challenges"][0]["outcome_letter"] == challenge.outcome_letter
    assert [e.action for e in audit_events(session) if e.action.startswith("challenge.")] == [
        "challenge.raise", "challenge.resolve"]


def test_upheld_removes_or_changes_the_code(app, session):
    alice = make_person(app, session, "upalice")
    reviewer = make_user(session, "researcher")
    respondent = session.get(Respondent, alice.respondent_id)
    with app.test_request_context():
        challenge = raise_challenge(session, respondent, "code_application", alice.application_id,
                                    "Wrong code", None)
        other = session.exec(select(Code).where(Code.id != alice.code_id, Code.codebook_version_id
                                                == session.get(Code, alice.code_id).codebook_version_id)).first()
        resolve_challenge(session, challenge, reviewer, True, "You are right.", other.id)
        session.commit()
    assert session.get(CodeApplication, alice.application_id).code_id == other.id
    assert other.label in challenge.outcome_letter
    with app.test_request_context():
        again = raise_challenge(session, respondent, "code_application", alice.application_id,
                                "Still wrong", None)
        resolve_challenge(session, again, reviewer, True, "Removed.")
        session.commit()
    session.expire_all()
    assert session.get(CodeApplication, alice.application_id) is None
    assert again.code_application_id is None and "removed it" in again.outcome_letter


def test_a_challenged_conclusion_leaves_the_counted_population(app, session):
    alice = make_person(app, session, "concalice")
    reviewer = make_user(session, "researcher")
    with app.test_request_context():
        challenge = raise_challenge(session, session.get(Respondent, alice.respondent_id),
                                    "response", alice.response_id, "I answered for my brother", None)
        note = raise_challenge(session, session.get(Respondent, alice.respondent_id),
                               "document", alice.case_note_id, "This note is not about me", None)
        session.commit()
    assert alice.response_id not in ids(session, counted_responses("service_improvement"))
    assert alice.case_note_id not in ids(session, counted_documents("research"))
    with app.test_request_context():
        resolve_challenge(session, challenge, reviewer, False, "The answers are yours.")
        resolve_challenge(session, note, reviewer, True, "It was filed against you by mistake.")
        session.commit()
    assert alice.response_id in ids(session, counted_responses("service_improvement"))
    assert alice.case_note_id not in ids(session, counted_documents("research"))  # upheld: for good


def test_bad_challenges_are_refused_clearly(app, session):
    alice = make_person(app, session, "badalice")
    bob = make_person(app, session, "badbob")
    respondent = session.get(Respondent, alice.respondent_id)
    with app.test_request_context():
        with pytest.raises(ChallengeError, match="has no code application"):
            raise_challenge(session, respondent, "code_application", bob.application_id, "x", None)
        with pytest.raises(ChallengeError, match="what the person says"):
            raise_challenge(session, respondent, "response", alice.response_id, " ", None)
        with pytest.raises(ChallengeError, match="Choose what is challenged"):
            raise_challenge(session, respondent, "indicator", 1, "x", None)
        raise_challenge(session, respondent, "response", alice.response_id, "wrong", None)
        with pytest.raises(ChallengeError, match="already open"):
            raise_challenge(session, respondent, "response", alice.response_id, "wrong", None)
