"""Retention: what has outlived its period is erased by the sweep (job or CLI), the rest kept."""

from datetime import timedelta

from sqlmodel import select

from tests.helpers import audit_events
from tests.subject.helpers import make_person
from tests.subject.search import rows_containing
from voice.audit import verify
from voice.models import (Challenge, CodeApplication, Document, Excerpt, IndicatorRelease, Respondent, Response,
                          utcnow)
from voice.subject.challenge import raise_challenge
from voice.subject.retention import run_retention
from voice.subject_cli import subject_cli


def age(session, person, days: int, note_days: int | None = None) -> None:
    """Move a person's records `days` into the past (their note and its excerpt `note_days`)."""
    then = utcnow() - timedelta(days=days)
    note_then = utcnow() - timedelta(days=note_days if note_days is not None else days)
    session.get(Respondent, person.respondent_id).created_at = then
    response = session.get(Response, person.response_id)
    response.received_at = then
    session.get(Document, person.case_note_id).created_at = note_then
    session.get(Document, person.survey_text_id).created_at = then
    session.get(Excerpt, person.excerpt_id).created_at = note_then
    session.get(CodeApplication, person.application_id).created_at = note_then
    session.commit()


def test_the_sweep_erases_expired_records_and_keeps_the_rest(app, session, runner):
    old = make_person(app, session, "oldperson")
    recent = make_person(app, session, "recentperson")
    age(session, old, days=4 * 365)
    age(session, recent, days=30, note_days=400)  # an old note, last coded long ago
    session.add(IndicatorRelease(purpose="research", threshold=5, file_format="csv",
                                 data_hash="1" * 64))
    session.commit()

    dry = runner.invoke(subject_cli, ["retention", "--dry-run"])
    assert dry.exit_code == 0 and "Dry run" in dry.output
    assert session.get(Respondent, old.respondent_id) is not None

    report = run_retention(app)
    session.expire_all()
    assert report.expired["response"] == 1 and report.expired["respondent"] == 1
    assert rows_containing(session, old.marker) == []
    assert rows_containing(session, old.pseudonym) == []
    # The recent person's note was created 400 days ago but its excerpt is as old: last used
    # 400 days ago, past the 1-year limit for case notes; their survey answers stay.
    assert session.get(Document, recent.case_note_id) is None
    assert session.get(Response, recent.response_id) is not None
    assert session.get(Respondent, recent.respondent_id) is not None
    assert session.exec(select(IndicatorRelease)).one()  # published aggregates untouched
    [event] = audit_events(session, "retention.erase")
    assert event.detail["rows_deleted"] > 0
    assert verify(session, app.config["AUDIT_KEY"]).ok


def test_a_recently_read_note_is_kept_and_an_open_challenge_holds(app, session):
    person = make_person(app, session, "readperson")
    age(session, person, days=30, note_days=400)
    with app.test_request_context():  # the note was opened last week: still in use
        from voice.audit import record

        record(session, "document.read_raw", object_type="document", object_id=person.case_note_id)
        session.commit()
    report = run_retention(app)
    assert report.expired["document"] == 0
    assert session.get(Document, person.case_note_id) is not None

    challenged = make_person(app, session, "challengedperson")
    age(session, challenged, days=4 * 365)
    with app.test_request_context():
        raise_challenge(session, session.get(Respondent, challenged.respondent_id), "response",
                        challenged.response_id, "wrong", None)
        session.commit()
    report = run_retention(app)
    session.expire_all()
    assert report.held >= 1
    assert session.get(Response, challenged.response_id) is not None
    assert session.exec(select(Challenge)).one().status == "open"


def test_the_worker_schedules_the_sweep_nightly_and_it_runs_as_a_job(app, session):
    from datetime import datetime

    from voice.jobs.runner import run_job
    from voice.models import Job

    huey = app.extensions["seen_heard_jobs"].huey
    [task] = [t for t in huey._registry.periodic_tasks if t.name == "retention_sweep"]
    assert task.validate_datetime(datetime(2026, 1, 1, 2, 30))       # 02:30 every day
    assert not task.validate_datetime(datetime(2026, 1, 1, 14, 30))
    old = make_person(app, session, "nightlyperson")
    age(session, old, days=4 * 365)
    task.execute()  # what the consumer's scheduler does at 02:30: queue a Job row
    job = session.exec(select(Job).where(Job.kind == "retention_sweep")).one()
    run_job(app, job.id)
    session.expire_all()
    assert session.get(Job, job.id).state == "done"
    assert session.get(Respondent, old.respondent_id) is None
