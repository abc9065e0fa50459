"""Challenges in the practice area: raise one on a person's behalf, and review one as a second
coder. Routes hang on practice.bp; admins reach them too (they may take every practice action)."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import select

from voice.db import get_session
from voice.models import Challenge, Code, CodeApplication, Respondent
from voice.models.subject import CHALLENGE_TARGETS
from voice.permissions import get_scoped_or_404, requires, scope_to_authorities
from voice.subject.challenge import ChallengeError, raise_challenge, resolve_challenge
from voice.web.practice import bp

TARGET_WORDS = {"code_application": "A code on their words",
                "response": "A conclusion drawn from their survey answers",
                "document": "A conclusion drawn from a note or document"}


@bp.route("/consent/<int:respondent_id>/challenge", methods=["GET", "POST"])
@requires("challenges.raise")
def challenge_new(respondent_id: int):
    """Record the person's challenge; the item leaves indicators until a second coder decides."""
    respondent = get_scoped_or_404(Respondent, respondent_id, "challenges.raise")
    error, form = None, request.form
    if request.method == "POST":
        db = get_session()
        try:
            target_id = int(form.get("target_id", ""))
        except ValueError:
            error = "Enter the number of what is challenged, as shown in their subject access package."
        else:
            try:
                challenge = raise_challenge(db, respondent, form.get("target_type", ""), target_id,
                                            form.get("grounds", ""), current_user)
            except ChallengeError as problem:
                db.rollback()
                error = str(problem)
            else:
                db.commit()
                flash(f"Challenge {challenge.id} is open. It is left out of indicators until a "
                      "second coder decides.", "success")
                return redirect(url_for("practice.consent_person", respondent_id=respondent.id))
    return render_template("practice/challenge_new.html", respondent=respondent, error=error,
                           targets=[(t, TARGET_WORDS[t]) for t in CHALLENGE_TARGETS],
                           form=form), 400 if error else 200


@bp.get("/challenges")
@requires("challenges.review")
def challenges():
    """Challenges waiting for a second coder, then the ones decided, in the user's authorities."""
    query = scope_to_authorities(select(Challenge), Challenge).order_by(
        (Challenge.status != "open"), Challenge.raised_at)
    return render_template("practice/challenges.html", challenges=list(get_session().exec(query)))


def _codes_like(db, challenge: Challenge) -> list[Code]:
    """Codes of the challenged application's codebook version, to change it to."""
    application = challenge.code_application_id and db.get(CodeApplication,
                                                           challenge.code_application_id)
    if not application:
        return []
    return list(db.exec(select(Code).where(
        Code.codebook_version_id == application.codebook_version_id).order_by(Code.label)))


@bp.route("/challenges/<int:challenge_id>", methods=["GET", "POST"])
@requires("challenges.review")
def challenge_review(challenge_id: int):
    """Review a challenge: uphold it (remove or change the code) or not, with a reason."""
    challenge = get_scoped_or_404(Challenge, challenge_id, "challenges.review")
    db = get_session()
    error = None
    if request.method == "POST":
        decision = request.form.get("decision")
        new_code = request.form.get("new_code_id") or None
        try:
            if decision not in ("upheld", "not_upheld"):
                raise ChallengeError("Select whether the person is right.")
            resolve_challenge(db, challenge, current_user, decision == "upheld",
                              request.form.get("reason", ""), int(new_code) if new_code else None)
        except (ChallengeError, ValueError) as problem:
            db.rollback()
            error = str(problem) if isinstance(problem, ChallengeError) else "Choose a code from the list."
        else:
            db.commit()
            flash(f"Challenge {challenge.id} resolved. The outcome letter is in the person's "
                  "subject access package.", "success")
            return redirect(url_for("practice.challenge_review", challenge_id=challenge.id))
    return render_template("practice/challenge_review.html", challenge=challenge, error=error,
                           codes=_codes_like(db, challenge), target_words=TARGET_WORDS,
                           may_decide=current_user.id not in (challenge.applied_by_id,
                                                              challenge.raised_by_id)), \
        400 if error else 200
