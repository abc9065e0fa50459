"""Runs that cannot finish: too few documents, none consented, cancelled half-way, a saved
model gone or from another version. Each ends with a clear message and nothing half-saved."""

import json
import threading
import time
from datetime import date
from pathlib import Path

from sqlmodel import func, select

from tests.topics.conftest import store_corpus, themed_corpus
from voice.jobs import cancel_job, get_job, run_job
from voice.models import DocumentTopic, Topic, TopicRun
from voice.topics.cli import load_command
from voice.topics.corpus import CorpusFilter
from voice.topics.jobs import model_dir
from voice.topics.runs import create_run, start_run


def start(app, session, purpose="research"):
    run = create_run(session, CorpusFilter(), purpose)
    session.commit()
    return run, start_run(app, run.id)


def finished_run(session, run_id):
    session.expire_all()
    return session.get(TopicRun, run_id)


def test_too_small_a_corpus_says_how_many_documents_are_needed(app, session):
    store_corpus(session, [f"Note number {i} about the flat." for i in range(12)],
                 [date(2025, 1, 1)] * 12)
    store_corpus(session, ["Withheld note."] * 3, [date(2025, 1, 1)] * 3, granted=False)
    run, job_id = start(app, session)
    run_job(app, job_id)
    stored = finished_run(session, run.id)
    assert stored.status == "failed"
    assert "needs at least 50 documents; this run has 12 (3 matched but their consent does " \
           "not cover research)" in stored.error
    assert get_job(app, job_id).state == "failed" and "at least 50" in get_job(app, job_id).error
    assert not model_dir(app, run.id).exists()


def test_all_documents_filtered_out_by_consent_says_so(app, session):
    store_corpus(session, [f"Note {i}." for i in range(60)], [date(2025, 1, 1)] * 60,
                 purpose="own_support")
    run, job_id = start(app, session)
    run_job(app, job_id)
    stored = finished_run(session, run.id)
    assert stored.status == "failed"
    assert stored.error.startswith("No documents can enter this run: all 60 documents the "
                                   "filter matched lack consent for research.")


def test_a_run_cancelled_half_way_saves_nothing(app, session):
    texts, _, dates = themed_corpus()
    store_corpus(session, texts, dates)
    run, job_id = start(app, session)
    worker = threading.Thread(target=run_job, args=(app, job_id))
    worker.start()
    deadline = time.monotonic() + 120
    while get_job(app, job_id).done == 0 and get_job(app, job_id).state != "done" \
            and time.monotonic() < deadline:
        time.sleep(0.05)  # wait until the first chunk is embedded
    cancel_job(app, job_id)
    worker.join(600)
    stored = finished_run(session, run.id)
    assert stored.status == "cancelled" and "nothing was saved" in stored.error
    assert get_job(app, job_id).state == "cancelled"
    assert session.exec(select(func.count()).select_from(Topic)).one() == 0
    assert session.exec(select(func.count()).select_from(DocumentTopic)).one() == 0
    assert not model_dir(app, run.id).exists() and stored.model_path is None


def test_a_missing_or_foreign_model_gives_a_clear_message(app, session, tmp_path):
    run = TopicRun(purpose="research", corpus_filter={}, status="done",
                   model_path=str(tmp_path / "gone"))
    session.add(run)
    session.commit()
    runner = app.test_cli_runner()
    missing = runner.invoke(load_command, [str(run.id)])
    assert missing.exit_code == 1
    assert "the run's files are missing. Fit the run again." in missing.output
    folder = Path(tmp_path / "foreign")
    folder.mkdir()
    (folder / "seen_heard_topics.json").write_text(json.dumps(
        {"format": 1, "versions": {"bertopic": "0.1.0", "sentence-transformers": "0.1"}}))
    run.model_path = str(folder)
    session.add(run)
    session.commit()
    foreign = runner.invoke(load_command, [str(run.id)])
    assert foreign.exit_code == 1 and "saved with bertopic 0.1.0" in foreign.output
    queued = TopicRun(purpose="research", corpus_filter={})
    session.add(queued)
    session.commit()
    unfinished = runner.invoke(load_command, [str(queued.id)])
    assert "has no saved model: it is queued" in unfinished.output
