"""The admin pages for jobs and the JSON endpoint that pages poll."""

import pytest

from tests.helpers import audit_events, form_token, login, make_user
from voice.jobs import enqueue
from voice.models import Job


@pytest.fixture
def admin(client, session):
    """The test client, signed in as an administrator."""
    login(client, make_user(session, "admin", la_codes=()))
    return client


def make_job(session, **fields) -> Job:
    """Store a job row directly, in whatever state the test needs."""
    job = Job(kind="selftest", **fields)
    session.add(job)
    session.commit()
    return job


def test_jobs_page_lists_jobs_with_state_and_progress(admin, session):
    running = make_job(session, state="running", done=3, total=4, message="Counted 3 of 4.")
    failed = make_job(session, state="failed", error="The self-test failed on purpose.")

    page = admin.get("/admin/jobs")
    html = page.get_data(as_text=True)

    assert page.status_code == 200
    assert f'href="/admin/jobs/{running.id}"' in html and f'href="/admin/jobs/{failed.id}"' in html
    assert '<progress class="app-job-progress" max="100" value="75"' in html
    assert "75% (3 of 4)" in html and "Counted 3 of 4." in html
    assert "govuk-tag--blue" in html and "govuk-tag--red" in html
    assert "The self-test failed on purpose." in html
    assert '<meta http-equiv="refresh" content="5">' in html  # something is still running
    assert "style=" not in html and "<script>" not in html  # the CSP forbids both inline


def test_jobs_page_filters_by_state(admin, session):
    make_job(session, state="done", done=1, total=1)
    make_job(session, state="queued")

    html = admin.get("/admin/jobs?state=done").get_data(as_text=True)

    assert "1 job done, newest first" in html
    assert "http-equiv" not in html
    assert "There are no failed jobs." in admin.get("/admin/jobs?state=failed").get_data(as_text=True)


def test_job_page_shows_detail_and_refreshes_while_running(admin, session):
    job = make_job(session, state="running", done=1, total=10, message="Counted 1 of 10.", attempts=1)

    html = admin.get(f"/admin/jobs/{job.id}").get_data(as_text=True)

    assert "Worker self-test" in html and "Counted 1 of 10." in html
    assert "1 of 2" in html  # attempt
    assert '<meta http-equiv="refresh" content="5">' in html
    assert "Cancel this job" in html


def test_failed_job_page_explains_and_does_not_refresh(admin, session):
    job = make_job(session, state="failed", error="The worker stopped while running this job (attempt 2 of 2).")

    html = admin.get(f"/admin/jobs/{job.id}").get_data(as_text=True)

    assert "This job failed" in html
    assert "The worker stopped while running this job (attempt 2 of 2)." in html
    assert "http-equiv" not in html and "Cancel this job" not in html


def test_cancel_button_cancels_a_queued_job(app, admin, session):
    job = enqueue("selftest", {}, app=app)

    token = form_token(admin, f"/admin/jobs/{job.id}")
    response = admin.post(f"/admin/jobs/{job.id}/cancel", data={"csrf_token": token})

    assert response.status_code == 302 and response.location.endswith(f"/admin/jobs/{job.id}")
    session.expire_all()
    assert session.get(Job, job.id).state == "cancelled"
    [event] = audit_events(session, "jobs.cancel")
    assert (event.object_type, event.object_id, event.actor_role) == ("job", str(job.id), "admin")
    assert event.detail == {"kind": "selftest", "previous_state": "queued"}


def test_unknown_job_is_404_on_page_and_api(admin):
    assert admin.get("/admin/jobs/999").status_code == 404
    api = admin.get("/api/v1/jobs/999")
    assert api.status_code == 404 and api.is_json


def test_api_reports_progress_for_polling(admin, session):
    job = make_job(session, state="running", done=2, total=8, message="Counted 2 of 8.",
                   params={"document": "never shown"})

    response = admin.get(f"/api/v1/jobs/{job.id}")

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert {k: body[k] for k in ("id", "kind", "state", "done", "total", "percent", "message")} == {
        "id": job.id, "kind": "selftest", "state": "running", "done": 2, "total": 8,
        "percent": 25, "message": "Counted 2 of 8."}
    assert "params" not in body and body["result"] is None


@pytest.mark.parametrize("role, status", [(None, 302), ("practitioner", 403), ("researcher", 403),
                                          ("admin", 200)])
def test_only_admins_see_the_jobs_pages(client, session, role, status):
    job = make_job(session, state="queued")
    if role:
        login(client, make_user(session, role))
    assert client.get("/admin/jobs").status_code == status
    assert client.get(f"/admin/jobs/{job.id}").status_code == status


def test_the_api_shows_a_job_to_its_creator_and_hides_it_from_others(client, session):
    creator, other = make_user(session, "practitioner"), make_user(session, "practitioner")
    job = make_job(session, state="queued", created_by_id=creator.id)

    assert client.get(f"/api/v1/jobs/{job.id}").status_code == 401
    login(client, other)
    assert client.get(f"/api/v1/jobs/{job.id}").status_code == 404
    login(client, creator)
    assert client.get(f"/api/v1/jobs/{job.id}").get_json()["state"] == "queued"
