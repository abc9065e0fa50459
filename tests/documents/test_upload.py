"""The upload page queues an import job; the job imports with progress; the page shows the report."""

import io

from sqlmodel import select

from tests.documents.conftest import note_rows, write_csv
from tests.helpers import OTHER_LA, audit_events, la_id, login, make_user
from voice.jobs import get_job
from voice.jobs.runner import run_job
from voice.models import Document, ImportBatch


def upload(client, path, **fields):
    data = {"kind": "case_note", "la_code": "850", **fields,
            "upload": (io.BytesIO(path.read_bytes()), path.name)}
    return client.post("/practice/imports/new", data=data, content_type="multipart/form-data")


def test_an_upload_is_imported_by_a_job_and_reported(quick_app, session, tmp_path):
    quick_app.config["WTF_CSRF_ENABLED"] = False
    client = quick_app.test_client()
    login(client, make_user(session, "practitioner"))
    rows = note_rows(3) + [["", "2024-01-01", "", "", "", ""]]
    csv_path = write_csv(tmp_path / "visits.csv", rows)
    assert "Import documents" in client.get("/practice/imports/new").get_data(as_text=True)

    response = upload(client, csv_path)

    assert response.status_code == 302
    batch = session.exec(select(ImportBatch)).one()
    assert (batch.status, batch.filename, batch.la_id) == ("queued", "visits.csv", la_id(session, "850"))
    assert response.headers["Location"] == f"/practice/imports/{batch.id}"
    assert "refreshes" in client.get(f"/practice/imports/{batch.id}").get_data(as_text=True)

    run_job(quick_app, batch.job_id)  # what a worker does with the queued task

    job = get_job(quick_app, batch.job_id)
    assert job.state == "done", job.error
    assert (job.done, job.total) == (100, 100)
    assert job.result == {"batch_id": batch.id, "rows_read": 4, "imported": 3, "duplicates": 0, "rejected": 1}
    session.expire_all()
    batch = session.get(ImportBatch, batch.id)
    assert (batch.status, batch.imported, batch.rejected) == ("done", 3, 1)
    page = client.get(f"/practice/imports/{batch.id}").get_data(as_text=True)
    assert "Import finished" in page and "The text is empty." in page
    assert len(session.exec(select(Document)).all()) == 3
    assert list((tmp_path / "instance" / "imports").iterdir()) == []  # the upload is deleted
    assert [e.detail for e in audit_events(session, "documents.import")] == [{"kind": "case_note", "file_format": "csv"}]
    assert "visits.csv" in client.get("/practice/imports").get_data(as_text=True)


def test_the_form_refuses_other_authorities_and_unknown_formats_and_the_job_bad_files(quick_app, session, tmp_path):
    quick_app.config["WTF_CSRF_ENABLED"] = False
    client = quick_app.test_client()
    login(client, make_user(session, "practitioner"))
    csv_path = write_csv(tmp_path / "x.csv", note_rows(1))
    assert upload(client, csv_path, la_code=OTHER_LA).status_code == 400
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    refused = upload(client, tmp_path / "x.pdf")
    assert refused.status_code == 400 and "Import a .csv" in refused.get_data(as_text=True)
    assert session.exec(select(ImportBatch)).all() == []

    response = upload(client, write_csv(tmp_path / "y.csv", [["a"]], header=["Note"]))
    batch = session.exec(select(ImportBatch)).one()
    run_job(quick_app, batch.job_id)
    job = get_job(quick_app, batch.job_id)
    assert job.state == "failed" and "no text column" in job.error
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "This import did not finish" in page and "Columns found: &#39;Note&#39;" in page
