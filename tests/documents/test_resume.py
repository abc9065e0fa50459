"""An import stopped half-way holds only whole chunks, and re-running it stores the rest once."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlmodel import func, select

from tests.documents.conftest import do_import, note_rows, write_csv
from tests.helpers import OWN_LA, la_id
from voice.models import Document, ImportBatch

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def count_documents(session) -> int:
    session.commit()  # a fresh snapshot, so rows written by others are seen
    return session.exec(select(func.count()).select_from(Document)).one()


def test_a_crash_inside_a_chunk_leaves_whole_chunks_and_a_rerun_completes(quick_app, session, tmp_path,
                                                                          monkeypatch):
    from voice.documents import importer, report

    monkeypatch.setattr(importer, "CHUNK_SIZE", 10)
    path = write_csv(tmp_path / "notes.csv", note_rows(45))
    calls = {"n": 0}
    real_record_chunk = report.record_chunk

    def crash_on_third(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:  # chunk 3's documents are inserted but not committed
            raise KeyboardInterrupt
        return real_record_chunk(*args, **kwargs)

    monkeypatch.setattr(importer, "record_chunk", crash_on_third)
    with pytest.raises(KeyboardInterrupt):
        do_import(quick_app, path)

    assert count_documents(session) == 20
    failed = session.exec(select(ImportBatch)).one()
    assert (failed.status, failed.imported) == ("failed", 20)
    assert "Import the same file again" in failed.report["error"]

    monkeypatch.setattr(importer, "record_chunk", real_record_chunk)
    again = do_import(quick_app, path)

    assert (again.rows_read, again.imported, again.duplicates) == (45, 25, 20)
    assert count_documents(session) == 45
    hashes = session.exec(select(Document.content_hash)).all()
    assert len(set(hashes)) == 45


KILLABLE_IMPORT = """
import sys
from pathlib import Path
from voice import create_app
from voice.documents import ImportOptions, run_import
app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URL": sys.argv[1], "INSTANCE_PATH": sys.argv[2],
                  "HUEY_SQLITE_PATH": sys.argv[2] + "/jobs.sqlite3", "REDACT_WITH_NER": False,
                  "SECRET_KEY": "x" * 32, "AUDIT_KEY": "y" * 32,
                  "PSEUDONYM_KEY": sys.argv[4], "DATA_KEY": sys.argv[5]})
with app.app_context():
    run_import(app, Path(sys.argv[3]), ImportOptions(kind="case_note", la_id=int(sys.argv[6])))
"""


def test_an_import_killed_with_sigkill_resumes_without_duplicates(quick_app, session, tmp_path):
    rows = 3000
    path = write_csv(tmp_path / "notes.csv", note_rows(rows))
    config = quick_app.config
    args = [sys.executable, "-c", KILLABLE_IMPORT, config["SQLALCHEMY_DATABASE_URL"], str(tmp_path / "kill"),
            str(path), config["PSEUDONYM_KEY"], config["DATA_KEY"], str(la_id(session, OWN_LA))]
    proc = subprocess.Popen(args, cwd=PROJECT_ROOT, env={**os.environ, "SEEN_HEARD_MODE": "test"},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while count_documents(session) < 500 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=10)

    stored = count_documents(session)
    assert stored % 500 == 0 and 0 < stored < rows  # whole chunks only, killed part-way
    killed = session.exec(select(ImportBatch)).one()
    assert killed.status == "running" and killed.imported == stored  # counts commit with the chunk

    again = do_import(quick_app, path)

    assert (again.imported, again.duplicates) == (rows - stored, stored)
    assert count_documents(session) == rows
    hashes = session.exec(select(Document.content_hash)).all()
    assert len(set(hashes)) == rows  # every row exactly once
    session.refresh(killed)
    assert killed.status == "failed"  # the re-run saw its process gone: no batch left running
    assert "Import the same file again" in killed.report["error"]
    statuses = sorted(b.status for b in session.exec(select(ImportBatch)))
    assert statuses == ["done", "failed"]


def running_batch(session, authority: int, **report) -> ImportBatch:
    batch = ImportBatch(la_id=authority, kind="case_note", filename="old.csv", file_hash="0" * 64,
                        status="running", report={"rejections": [], **report})
    session.add(batch)
    session.commit()
    return batch


def test_a_new_import_settles_batches_that_can_no_longer_finish(quick_app, session, tmp_path):
    from datetime import timedelta

    from voice.models import Job, utcnow

    authority = la_id(session, OWN_LA)
    long_ago = (utcnow() - timedelta(hours=2)).isoformat()
    just_now = utcnow().isoformat()
    stalled = running_batch(session, authority, owner={"host": "elsewhere", "pid": 1}, progress_at=long_ago)
    alive = running_batch(session, authority, owner={"host": "elsewhere", "pid": 1}, progress_at=just_now)
    mine = running_batch(session, authority, owner={"host": __import__("socket").gethostname(), "pid": os.getpid()},
                         progress_at=just_now)
    failed_job = Job(kind="documents_import", state="failed", la_id=authority)
    live_job = Job(kind="documents_import", state="running", la_id=authority)
    session.add_all([failed_job, live_job])
    session.commit()
    job_gone = running_batch(session, authority)
    job_gone.job_id = failed_job.id
    job_alive = running_batch(session, authority)
    job_alive.job_id = live_job.id
    session.add_all([job_gone, job_alive])
    session.commit()

    do_import(quick_app, write_csv(tmp_path / "new.csv", note_rows(3)))

    for batch in (stalled, alive, mine, job_gone, job_alive):
        session.refresh(batch)
    assert (stalled.status, job_gone.status) == ("failed", "failed")
    assert "Import the same file again" in stalled.report["error"]
    assert (alive.status, mine.status, job_alive.status) == ("running", "running", "running")
