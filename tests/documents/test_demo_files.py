"""The walkthrough's demo files: a practitioner uploads the case notes and Pathway Plans as CSV,
XLSX and DOCX, sees them redacted, and reveals one with a reason, which is audited."""

import io
import re

import pytest
from sqlmodel import select

from tests.helpers import la_id, login, make_user
from voice.crypto import app_fernet
from voice.demo.files import PER_FILE, demo_documents, write_demo_files
from voice.jobs import get_job
from voice.jobs.runner import run_job
from voice.models import AuditEvent, Document, ImportBatch

SPLIT = {"demo-case-notes.docx": "^Case note record", "demo-pathway-plans.docx": "^Pathway Plan record"}


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("demo-files")
    write_demo_files(directory)
    return directory


def test_the_demo_files_are_six_and_the_same_on_every_run(demo_dir, tmp_path):
    names = sorted(p.name for p in demo_dir.iterdir())
    assert names == sorted(f"{stem}.{ext}" for stem in ("demo-case-notes", "demo-pathway-plans")
                           for ext in ("csv", "xlsx", "docx"))
    write_demo_files(tmp_path)
    for name in ("demo-case-notes.csv", "demo-pathway-plans.csv"):
        assert (tmp_path / name).read_bytes() == (demo_dir / name).read_bytes()


def upload(client, path, kind):
    data = {"kind": kind, "la_code": "850", "split_heading": SPLIT.get(path.name, ""),
            "upload": (io.BytesIO(path.read_bytes()), path.name)}
    return client.post("/practice/imports/new", data=data, content_type="multipart/form-data")


def test_a_practitioner_imports_every_demo_file_sees_it_redacted_and_reveals_one(app, session, demo_dir):
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    login(client, make_user(session, "practitioner"))
    for kind, stem in (("case_note", "demo-case-notes"), ("pathway_plan", "demo-pathway-plans")):
        for ext in ("csv", "xlsx", "docx"):
            assert upload(client, demo_dir / f"{stem}.{ext}", kind).status_code == 302
            batch = session.exec(select(ImportBatch).order_by(ImportBatch.id.desc())).first()
            run_job(app, batch.job_id)
            assert get_job(app, batch.job_id).state == "done", get_job(app, batch.job_id).error
            session.refresh(batch)
            assert (batch.status, batch.filename) == ("done", f"{stem}.{ext}")
            assert (batch.rows_read, batch.imported, batch.rejected) == (PER_FILE, PER_FILE, 0)

    documents = session.exec(select(Document).where(Document.la_id == la_id(session, "850"))).all()
    assert len(documents) == 6 * PER_FILE
    assert {d.kind for d in documents} == {"case_note", "pathway_plan"}
    redacted = {d.redacted_text for d in documents}
    leaks = []
    for items in demo_documents().values():  # every detail the generator put in, by its span
        for doc, _person in items:
            leaks += [f"{s.label} {doc.text[s.start:s.end]!r}" for s in doc.pii
                      if any(re.search(rf"(?<!\w){re.escape(doc.text[s.start:s.end])}(?!\w)", text)
                             for text in redacted)]
    assert not leaks, (sorted(set(leaks)), [t for t in redacted if re.search(r"\bJade\b", t)][:2])
    assert all("[PERSON_1]" in text for text in redacted)

    listing = client.get("/practice/documents").get_data(as_text=True)
    assert "[PERSON_1]" in listing
    document = documents[0]
    page = client.get(f"/practice/documents/{document.id}").get_data(as_text=True)
    assert "[PERSON_1]" in page
    revealed = client.post(f"/practice/documents/{document.id}/reveal",
                           data={"reason_code": "check_redaction", "reason": "Checking the redaction"})
    assert revealed.status_code == 200
    with app.app_context():
        raw = app_fernet().decrypt(document.raw_ciphertext).decode()
    assert re.findall(r"[A-Za-z ]{20,}", raw)[0] in revealed.get_data(as_text=True)
    events = session.exec(select(AuditEvent).where(AuditEvent.action == "document.read_raw")).all()
    assert len(events) == 1 and events[0].detail["reason_code"] == "check_redaction"
