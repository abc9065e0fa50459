"""The practice area's consent pages: find a person, withdraw a purpose on their behalf, and
give them a link to change their consent themselves. Routes hang on practice.bp."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import select

from voice.audit import record
from voice.consent import PURPOSE_LABELS, ConsentError, current_consent, history, withdraw
from voice.db import get_session
from voice.models import PURPOSES, Challenge, Respondent
from voice.permissions import get_scoped_or_404, requires
from voice.subject.consent_links import issue_link
from voice.subject.lookup import SubjectLookupError, find_respondent
from voice.web.practice import bp


def person_page_data(respondent: Respondent) -> dict:
    """What a person's consent page shows: current state, history and challenges."""
    db = get_session()
    return {"respondent": respondent, "states": current_consent(db, respondent.id),
            "history": history(db, respondent.id), "labels": PURPOSE_LABELS,
            "challenges": list(db.exec(select(Challenge).where(
                Challenge.respondent_id == respondent.id).order_by(Challenge.id)))}


@bp.route("/consent", methods=["GET", "POST"])
@requires("consent.record")
def consent_find():
    """Find the person by identifier or pseudonym (nothing is said about anyone else)."""
    error = None
    if request.method == "POST":
        field = request.form.get("lookup", "").strip()
        kind = "pseudonym" if len(field) == 64 else "identifier"
        try:
            person = find_respondent(get_session(), **{kind: field or None}, user=current_user)
        except SubjectLookupError as problem:
            error = str(problem)
        else:
            return redirect(url_for("practice.consent_person", respondent_id=person.id))
    return render_template("practice/consent_find.html", error=error), 400 if error else 200


@bp.get("/consent/<int:respondent_id>")
@requires("consent.record")
def consent_person(respondent_id: int):
    """One person's consent: what they agreed to now, every change, and their challenges."""
    respondent = get_scoped_or_404(Respondent, respondent_id, "consent.record")
    return render_template("practice/consent_person.html", purposes=PURPOSES,
                           **person_page_data(respondent))


@bp.post("/consent/<int:respondent_id>/withdraw")
@requires("consent.record")
def consent_withdraw(respondent_id: int):
    """Withdraw one purpose on the person's behalf; it leaves every analysis from now."""
    respondent = get_scoped_or_404(Respondent, respondent_id, "consent.record")
    db = get_session()
    purpose = request.form.get("purpose", "")
    try:
        result = withdraw(db, respondent, purpose, actor=current_user, source="practitioner")
    except ConsentError as error:
        db.rollback()
        return render_template("practice/consent_person.html", purposes=PURPOSES,
                               error=str(error), **person_page_data(respondent)), 400
    db.commit()
    flash(f"Consent for {PURPOSE_LABELS[purpose]} is withdrawn. "
          f"{result['documents_withdrawn']} documents left analysis for it.", "success")
    return redirect(url_for("practice.consent_person", respondent_id=respondent.id))


@bp.post("/consent/<int:respondent_id>/link")
@requires("consent.record")
def consent_link(respondent_id: int):
    """Make a link the person can use to change their own consent; shown once."""
    respondent = get_scoped_or_404(Respondent, respondent_id, "consent.record")
    db = get_session()
    link, token = issue_link(db, respondent, current_user.id)
    record(db, "consent.link_issue", object_type="respondent", object_id=respondent.id,
           la_id=respondent.la_id, detail={"link_id": link.id})
    db.commit()
    url = url_for("survey.consent_by_link", token=token, _external=True)
    return render_template("practice/consent_link.html", link=url, expires=link.expires_at,
                           respondent=respondent), 201

