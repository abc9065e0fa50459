"""Consent withdrawal: recorded as an event, flows to every analysis, purges derived data."""

import pytest
from sqlmodel import select

from tests.helpers import audit_events
from tests.subject.helpers import make_person
from voice.consent import ConsentError, consented, current_consent, history, withdraw
from voice.indicators.population import counted_documents, counted_responses
from voice.models import ConsentRecord, DocumentTopic, EmbeddingCache, IndicatorRelease, Respondent
from voice.topics.corpus import CorpusFilter, load_corpus


def ids(session, query) -> set:
    return set(session.execute(query).scalars())


def test_withdrawing_research_takes_a_person_out_of_the_next_export_and_topic_run(app, session):
    alice = make_person(app, session, "alicemarker")
    bob = make_person(app, session, "bobmarker")
    both = IndicatorRelease(purpose="research,service_improvement", threshold=5, file_format="csv",
                            data_hash="0" * 64, manifest={"indicators": [
                                {"indicator": "a", "purpose": "research"},
                                {"indicator": "b", "purpose": "service_improvement"}]})
    other = IndicatorRelease(purpose="service_improvement", threshold=5, file_format="csv",
                             data_hash="1" * 64, manifest={"indicators": [
                                 {"indicator": "b", "purpose": "service_improvement"}]})
    session.add_all([both, other])
    session.commit()
    before = consented(session, "research")
    assert {alice.response_id, bob.response_id} <= ids(session, before.response_ids)
    assert {alice.case_note_id, bob.case_note_id} <= ids(session, before.document_ids)
    corpus = load_corpus(session, CorpusFilter(), "research")
    assert alice.case_note_id in {d.id for d in corpus.documents}

    with app.test_request_context():
        result = withdraw(session, session.get(Respondent, alice.respondent_id), "research")
        session.commit()

    after = consented(session, "research")
    assert alice.response_id not in ids(session, after.response_ids)
    assert {alice.case_note_id, alice.survey_text_id} & ids(session, after.document_ids) == set()
    assert alice.pseudonym not in ids(session, after.pseudonyms)
    assert bob.response_id in ids(session, after.response_ids)  # nobody else is touched
    # The indicator engineer's and the topic engineer's populations agree.
    assert alice.response_id not in ids(session, counted_responses("research"))
    assert alice.case_note_id not in ids(session, counted_documents("research"))
    corpus = load_corpus(session, CorpusFilter(), "research")
    assert alice.case_note_id not in {d.id for d in corpus.documents}
    assert bob.case_note_id in {d.id for d in corpus.documents}
    # Other purposes are unchanged.
    assert alice.response_id in ids(session, consented(session, "service_improvement").response_ids)
    # Derived data of the withdrawn documents is gone; Bob's stays.
    mine = {alice.case_note_id, alice.survey_text_id}
    assert not session.exec(select(DocumentTopic).where(DocumentTopic.document_id.in_(mine))).all()
    assert session.exec(select(DocumentTopic).where(
        DocumentTopic.document_id == bob.case_note_id)).first()
    assert len(session.exec(select(EmbeddingCache)).all()) == 2
    assert result["embeddings_removed"] == 2 and result["topic_assignments_removed"] == 2
    # What was already published is listed in the audit trail.
    [event] = audit_events(session, "consent.withdraw")
    assert event.purpose == "research" and event.object_id == str(alice.respondent_id)
    # A release serving research among other purposes is listed; one without research is not.
    assert event.detail["releases_published"] == [both.id]
    assert event.detail["topic_runs_published"] == [alice.run_id]
    # History is events, not an overwrite: the grants are still there, then the withdrawal.
    events = history(session, alice.respondent_id)
    assert [e.granted for e in events if e.purpose == "research"] == [True, True, False]
    assert current_consent(session, alice.respondent_id)["research"] == "withdrawn"


def test_withdrawing_a_purpose_never_given_says_so_and_changes_nothing(app, session):
    alice = make_person(app, session, "carolmarker")
    respondent = session.get(Respondent, alice.respondent_id)
    for record in session.exec(select(ConsentRecord).where(ConsentRecord.purpose == "own_support")):
        session.delete(record)
    session.commit()
    count = len(session.exec(select(ConsentRecord)).all())
    with app.test_request_context(), pytest.raises(ConsentError, match="never gave it"):
        withdraw(session, respondent, "own_support")
    session.rollback()
    with app.test_request_context(), pytest.raises(ConsentError, match="not a purpose"):
        withdraw(session, respondent, "marketing")
    session.rollback()
    assert len(session.exec(select(ConsentRecord)).all()) == count
    with app.test_request_context():
        withdraw(session, respondent, "research")
        session.commit()
    with app.test_request_context(), pytest.raises(ConsentError, match="already withdrawn"):
        withdraw(session, respondent, "research")


def test_a_later_grant_for_a_new_response_counts_only_for_that_response(app, session):
    alice = make_person(app, session, "davemarker")
    with app.test_request_context():
        withdraw(session, session.get(Respondent, alice.respondent_id), "research")
        session.commit()
    session.add(ConsentRecord(respondent_id=alice.respondent_id, response_id=alice.response_id,
                              purpose="research", granted=True))
    session.commit()
    # The last record about that response is now a grant: it is back in, the note is not.
    population = consented(session, "research")
    assert alice.response_id in ids(session, population.response_ids)
    assert alice.case_note_id not in ids(session, population.document_ids)


def test_withdrawing_takes_a_persons_notes_out_of_the_next_model_training(app, session):
    from voice.coding.training import training_examples

    alice = make_person(app, session, "trainalice")
    bob = make_person(app, session, "trainbob")
    book = "care-leavers-home"
    before = training_examples(session, book, "service_improvement")
    assert len(before) == 2  # each person's one coded excerpt
    with app.test_request_context():
        withdraw(session, session.get(Respondent, alice.respondent_id), "research")
        session.commit()
    # Research withdrawn: the model, trained for service improvement, still learns from her.
    assert len(training_examples(session, book, "service_improvement")) == 2
    with app.test_request_context():
        withdraw(session, session.get(Respondent, alice.respondent_id), "service_improvement")
        session.commit()
    after = training_examples(session, book, "service_improvement")
    assert len(after) == 1
    assert len(training_examples(session, book, "research")) == 1
