"""The administrators' area: users, surveys, consent, jobs and the audit trail."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from voice import jobs as background
from voice.models import JOB_STATES, AuditEvent, Job, Survey, User
from voice.permissions import requires
from voice.web.counts import count_rows

bp = Blueprint("admin", __name__)


@bp.get("/")
@requires("admin.view")
def index():
    """The administrator's landing page."""
    counts = count_rows(users=User, surveys=Survey, audit_events=AuditEvent, jobs=Job)
    return render_template("admin/index.html", counts=counts)


@bp.get("/jobs")
@requires("jobs.view")
def jobs():
    """Background jobs, newest first, with their state and progress."""
    state = request.args.get("state") if request.args.get("state") in JOB_STATES else None
    return render_template("admin/jobs.html", jobs=background.list_jobs(current_app, state), state=state)


@bp.get("/jobs/<int:job_id>")
@requires("jobs.view")
def job(job_id: int):
    """One background job: state, progress, latest message and any error."""
    return render_template("admin/job.html", job=background.get_job(current_app, job_id) or abort(404))


@bp.post("/jobs/<int:job_id>/cancel")
@requires("jobs.manage")
def cancel_job(job_id: int):
    """Cancel a queued or running job."""
    background.get_job(current_app, job_id) or abort(404)
    was = background.cancel_job(current_app, job_id)
    flash("The job was cancelled." if was else "The job had already finished, so it was not cancelled.",
          "success" if was else "info")
    return redirect(url_for("admin.job", job_id=job_id))


@bp.get("/audit")
@requires("audit.view")
def audit():
    """The audit trail, newest first, filtered by action, actor, object, outcome and dates."""
    from voice import audit_search
    from voice.db import get_session

    db = get_session()
    filters, errors = audit_search.parse_filters(db, request.args)
    result = audit_search.search_events(db, filters)
    return render_template("admin/audit.html", result=result, filters=filters, errors=errors,
                           actions=audit_search.choices(db, "action"),
                           object_types=audit_search.choices(db, "object_type"),
                           uk_timestamp=audit_search.uk_timestamp)


@bp.get("/surveys")
@requires("surveys.manage")
def surveys():
    """Every survey with its versions, languages and how many have answered each version."""
    import sqlalchemy as sa
    from sqlmodel import select

    from voice.db import get_session
    from voice.models import Response, SurveyVersion

    db = get_session()
    answered = dict(db.exec(select(Response.survey_version_id, sa.func.count(Response.id))
                            .group_by(Response.survey_version_id)).all())
    versions: dict[int, list] = {}
    for version in db.exec(select(SurveyVersion).order_by(SurveyVersion.survey_id,
                                                           SurveyVersion.version.desc())):
        versions.setdefault(version.survey_id, []).append(
            {"number": version.version, "published_at": version.published_at,
             "languages": version.definition.get("languages", []),
             "questions": len(version.definition.get("questions", [])),
             "responses": answered.get(version.id, 0)})
    listed = [{"survey": survey, "versions": versions.get(survey.id, [])}
              for survey in db.exec(select(Survey).order_by(Survey.key))]
    return render_template("admin/surveys.html", surveys=listed)
