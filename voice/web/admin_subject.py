"""The admin area's subject rights pages: requests with due dates, a person's page, the subject
access package, consent withdrawal, erasure and the retention sweep. Routes hang on admin.bp."""

from flask import (Response, current_app, flash, redirect, render_template, request,
                   url_for)
from flask_login import current_user
from sqlmodel import func, select

from voice import jobs as background
from voice.consent import PURPOSE_LABELS, ConsentError, withdraw
from voice.db import get_session
from voice.models import PURPOSES, Challenge, Respondent, utcnow
from voice.permissions import get_scoped_or_404, requires
from voice.subject.lookup import SubjectLookupError, find_respondent
from voice.subject.package_files import package_zip
from voice.subject.person_erasure import ErasureHeld, erase_person
from voice.subject.requests import answer_access_request, list_requests, open_request
from voice.subject.retention_job import KIND as RETENTION_KIND
from voice.web.admin import bp
from voice.web.practice_consent import person_page_data


@bp.route("/subject", methods=["GET", "POST"])
@requires("subject_access.manage")
def subject_access():
    """Requests by due date (overdue first), open challenges, retention, and finding a person."""
    db = get_session()
    error = None
    if request.method == "POST":
        field = request.form.get("lookup", "").strip()
        kind = "pseudonym" if len(field) == 64 else "identifier"
        try:
            person = find_respondent(db, **{kind: field or None})
        except SubjectLookupError as problem:
            error = str(problem)
        else:
            if request.form.get("request_kind") in ("access", "erasure"):
                open_request(db, request.form["request_kind"], person.id, person.la_id, current_user)
                db.commit()
            return redirect(url_for("admin.subject_person", respondent_id=person.id))
    open_challenges = db.exec(select(func.count()).select_from(Challenge)
                              .where(Challenge.status == "open")).one()
    return render_template("admin/subject.html", requests=list_requests(db), error=error,
                           today=utcnow().date(), open_challenges=open_challenges,
                           retention=current_app.config["RETENTION"]), 400 if error else 200


@bp.get("/subject/<int:respondent_id>")
@requires("subject_access.manage")
def subject_person(respondent_id: int):
    """One person: consent, challenges, and the actions an admin can take for them."""
    respondent = get_scoped_or_404(Respondent, respondent_id, "subject_access.manage")
    return render_template("admin/subject_person.html", purposes=PURPOSES,
                           **person_page_data(respondent))


@bp.post("/subject/<int:respondent_id>/package")
@requires("subject_access.manage")
def subject_package(respondent_id: int):
    """Download the person's subject access package (HTML and JSON in a zip); audited."""
    respondent = get_scoped_or_404(Respondent, respondent_id, "subject_access.manage")
    db = get_session()
    names = tuple(n.strip() for n in request.form.get("own_names", "").split(",") if n.strip())
    package = answer_access_request(db, respondent, current_user, own_names=names)
    body = package_zip(package)
    db.commit()
    filename = f"subject-access-{respondent.id}-{utcnow():%Y%m%d}.zip"
    return Response(body, mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "no-store"})


@bp.post("/subject/<int:respondent_id>/withdraw")
@requires("consent.manage")
def subject_withdraw(respondent_id: int):
    """Withdraw a purpose for the person (their request in writing, by phone, in person)."""
    respondent = get_scoped_or_404(Respondent, respondent_id, "consent.manage")
    db = get_session()
    purpose = request.form.get("purpose", "")
    try:
        withdraw(db, respondent, purpose, actor=current_user, source="admin")
    except ConsentError as error:
        db.rollback()
        return render_template("admin/subject_person.html", purposes=PURPOSES, error=str(error),
                               **person_page_data(respondent)), 400
    db.commit()
    flash(f"Consent for {PURPOSE_LABELS[purpose]} is withdrawn.", "success")
    return redirect(url_for("admin.subject_person", respondent_id=respondent.id))


@bp.post("/subject/<int:respondent_id>/erase")
@requires("subject.erase")
def subject_erase(respondent_id: int):
    """Erase the person, once confirmed; an open challenge holds it (and says why)."""
    respondent = get_scoped_or_404(Respondent, respondent_id, "subject.erase")
    db = get_session()
    if request.form.get("confirm") != "yes":
        return render_template("admin/subject_person.html", purposes=PURPOSES,
                               error="Select ‘Yes, erase everything about this person’ to go on.",
                               **person_page_data(respondent)), 400
    try:
        result = erase_person(current_app, db, respondent, current_user)
    except ErasureHeld as held:
        flash(str(held), "info")
        return redirect(url_for("admin.subject_person", respondent_id=respondent_id))
    flash(f"Erased: {sum(result.rows.values())} rows and {result.files} files. Only an audit row "
          "saying so remains.", "success")
    return redirect(url_for("admin.subject_access"))


@bp.post("/subject/retention")
@requires("subject.erase")
def subject_retention():
    """Start a retention sweep now (it also runs every night)."""
    try:
        job = background.enqueue(RETENTION_KIND, {}, created_by_id=current_user.id)
    except background.JobError as error:
        flash(error.message, "error")
        return redirect(url_for("admin.subject_access"))
    return redirect(url_for("admin.job", job_id=job.id))
