"""The pages of /s/<token>: start, consent, one question a page, check your answers, send,
thank you. Kiosk links reset after each completion and after 3 minutes idle."""

from dataclasses import dataclass
from typing import Any

from flask import current_app, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlmodel import select

from voice import drafts
from voice.db import get_session
from voice.invitations import InvitationError, UsedUpInvitation, redeem, token_hash, use_once
from voice.models import Invitation, LocalAuthority, Survey, SurveyVersion, utcnow
from voice.responses import InvalidResponse, ResponseConflict, store_response
from voice.web.survey import bp
from voice.web.survey.fields import describe, option_items, problem_with, read_answer, scale_items
from voice.web.survey.flow import (find_question, kept_answers, next_key, previous_key, progress,
                                   revealed, shown_questions)
from voice.web.survey.i18n import DEFAULT_LANGUAGES, choose_language, local

PURPOSE_ORDER = ("own_support", "service_improvement", "research")


class Problem(Exception):
    """A kind page instead of the survey: an unusable link, or a version that is gone."""

    def __init__(self, status: int, message: str, token: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.token = status, message, token


@bp.errorhandler(Problem)
def show_problem(problem: Problem):
    """Render the kind problem page with its status."""
    choose_language(DEFAULT_LANGUAGES)
    return render_template("survey/problem.html", message=problem.message,
                           token=problem.token), problem.status


@dataclass
class Visit:
    """What every page of one survey visit needs."""

    token: str
    invitation: Invitation
    version: SurveyVersion
    draft: dict[str, Any] | None

    @property
    def definition(self) -> dict[str, Any]:
        return self.version.definition

    @property
    def kiosk(self) -> bool:
        return self.invitation.mode == "kiosk"


def open_invitation(token: str) -> Invitation:
    """The usable invitation for the token, or a kind problem page (404 or 410)."""
    try:
        return redeem(get_session(), token)
    except InvitationError as error:
        choose_language(DEFAULT_LANGUAGES)  # the message is chosen in the page's language
        raise Problem(error.status, _(str(error))) from None


def latest_version(survey_id: int) -> SurveyVersion | None:
    """The survey's newest version."""
    return get_session().exec(select(SurveyVersion).where(SurveyVersion.survey_id == survey_id)
                              .order_by(SurveyVersion.version.desc())).first()


def visit(token: str, need_draft: bool = True) -> Visit:
    """Load the invitation, this device's draft and the version it answers; pick the language."""
    invitation = open_invitation(token)
    draft = drafts.load(get_session(), token, invitation)
    if draft is not None:
        version = get_session().get(SurveyVersion, draft["version_id"])
        if version is None:  # the version this device started was removed: start again
            drafts.discard(get_session(), token)
            choose_language(DEFAULT_LANGUAGES, draft)
            raise Problem(200, _("This survey has changed since you started it, so we need you to "
                                 "start again. We are sorry about that."), token)
    else:
        version = latest_version(invitation.survey_id)
        if version is None:
            raise Problem(404, _("This survey is not ready yet. Ask your worker about it."))
    if need_draft and draft is None:
        raise Restart()
    choose_language(version.definition["languages"], draft)
    return Visit(token, invitation, version, draft)


class Restart(Exception):
    """No draft on this device (new, finished or idle too long): go to the start page."""


@bp.errorhandler(Restart)
def restart(_error: Restart):
    """Send the respondent back to the start page of the same link."""
    return redirect(url_for("survey.start", token=request.view_args["token"]))


def offered_purposes(invitation: Invitation) -> list[str]:
    """Purposes to ask about: 'my own support' only when the link knows who is answering."""
    return [p for p in PURPOSE_ORDER if p != "own_support" or invitation.respondent_id]


def page(template: str, v: Visit, status: int = 200, **context: Any):
    """Render a survey page with what every page shows."""
    return render_template(template, v=v, token=v.token, kiosk=v.kiosk,
                           title=local(v.definition["title"]), **context), status


def save(v: Visit) -> None:
    """Store the draft of this visit."""
    drafts.save(get_session(), v.token, v.invitation, v.draft)


@bp.get("/s/<token>")
def start(token: str):
    """The start page: what this is, who reads it, what happens, and when a worker must act."""
    v = visit(token, need_draft=False)
    if v.kiosk and v.draft is not None:  # a kiosk's start page always means the next person
        drafts.discard(get_session(), token)
        v = visit(token, need_draft=False)
    authority = get_session().get(LocalAuthority, v.invitation.la_id)
    return page("survey/start.html", v, authority=authority.name if authority else "",
                description=local(v.definition.get("description")))


@bp.post("/s/<token>")
def begin(token: str):
    """Start (or start again): a new draft with a new client_uuid, then the consent page."""
    v = visit(token, need_draft=False)
    if request.form.get("action") == "continue" and v.draft is not None:
        return redirect(url_for("survey.consent", token=token))
    drafts.discard(get_session(), token, commit=False)
    drafts.purge_stale(get_session())  # committed with the new draft below
    v.draft = drafts.new_draft(latest_version(v.invitation.survey_id).id, g.lang)
    save(v)
    return redirect(url_for("survey.consent", token=token))


@bp.route("/s/<token>/consent", methods=["GET", "POST"])
def consent(token: str):
    """Choose what the answers may be used for; every purpose is unticked until chosen."""
    v = visit(token)
    purposes = offered_purposes(v.invitation)
    if request.method == "POST":
        chosen = set(request.form.getlist("consent"))
        v.draft["consents"] = {p: p in chosen for p in purposes}
        save(v)
        if request.args.get("change"):
            return redirect(url_for("survey.check", token=token))
        first = next_key(v.definition, v.draft["answers"], None)
        return redirect(url_for("survey.question", token=token, key=first) if first
                        else url_for("survey.check", token=token))
    if request.args.get("lang"):
        save(v)
    return page("survey/consent.html", v, purposes=purposes,
                chosen=v.draft["consents"] or {}, change=bool(request.args.get("change")))


@bp.route("/s/<token>/q/<key>", methods=["GET", "POST"])
def question(token: str, key: str):
    """One question: answer, skip or go back."""
    v = visit(token)
    if v.draft["consents"] is None:
        return redirect(url_for("survey.consent", token=token))
    answers = v.draft["answers"]
    asked = find_question(v.definition, key)
    if asked is None or asked not in shown_questions(v.definition, answers):
        return redirect(url_for("survey.check", token=token))
    change = bool(request.args.get("change"))
    error, value = None, answers.get(key)
    if request.method == "POST":
        value, error = record_answer(v, asked)
        if error is None:
            following = next_key(v.definition, v.draft["answers"], key)
            if change:  # back to the check page, unless the change revealed a follow-up question
                following = following if revealed(v.definition, v.draft["answers"], following) else None
            return redirect(url_for("survey.question", token=token, key=following,
                                    change=1 if change else None) if following
                            else url_for("survey.check", token=token))
    elif request.args.get("lang"):
        save(v)
    return question_page(v, asked, value, error, change)


def record_answer(v: Visit, asked: dict[str, Any]) -> tuple[Any, str | None]:
    """Keep the posted answer (or the skip) in the draft; return (value, error message)."""
    answers, key = v.draft["answers"], asked["key"]
    value = None
    if request.form.get("action") != "skip" and asked["type"] != "note":
        value = read_answer(asked, request.form)
        error = problem_with(asked, value)
        if error is not None:
            return value, error
    if value is None:
        answers.pop(key, None)
    else:
        answers[key] = value
    # A changed answer can hide later questions; their answers are dropped, not kept.
    v.draft["answers"] = kept_answers(v.definition, answers)
    save(v)
    return value, None


def question_page(v: Visit, asked: dict[str, Any], value: Any, error: str | None, change: bool):
    """Render one question with its progress, Back link and any error."""
    answers = v.draft["answers"]
    before = previous_key(v.definition, answers, asked["key"])
    back = (url_for("survey.check", token=v.token) if change else
            url_for("survey.question", token=v.token, key=before) if before else
            url_for("survey.consent", token=v.token))
    shown_value = value if isinstance(value, (str, int, float, list)) else answers.get(asked["key"])
    return page("survey/question.html", v, 400 if error else 200, q=asked,
                label=local(asked.get("label")), hint=local(asked.get("hint")), error=error,
                value=shown_value, items=option_items(asked, shown_value),
                scale=scale_items(shown_value), progress=progress(v.definition, answers, asked["key"]),
                back=back, change=change)


def summary_rows(v: Visit) -> list[dict[str, Any]]:
    """Check-your-answers rows: each question asked, its answer and a Change link."""
    answers = v.draft["answers"]
    return [{"key": q["key"], "label": local(q.get("label")), "answer": describe(q, answers.get(q["key"])),
             "href": url_for("survey.question", token=v.token, key=q["key"], change=1)}
            for q in shown_questions(v.definition, answers) if q["type"] != "note"]


@bp.get("/s/<token>/check")
def check(token: str):
    """Check your answers before sending them."""
    v = visit(token)
    if v.draft["consents"] is None:
        return redirect(url_for("survey.consent", token=token))
    if request.args.get("lang"):
        save(v)
    return page("survey/check.html", v, rows=summary_rows(v), purposes=offered_purposes(v.invitation),
                errors={})


@bp.post("/s/<token>/check")
def submit(token: str):
    """Send the answers: store the response once, count the link's use, forget the draft."""
    v = visit(token)
    db = get_session()
    try:
        response, created = store_response(
            db, survey_version=v.version, client_uuid=v.draft["client_uuid"],
            answers=v.draft["answers"], consents=v.draft["consents"] or {},
            language=v.draft.get("language") or "en", submitted_at=utcnow(),
            la_id=v.invitation.la_id, area_id=v.invitation.area_id,
            respondent_id=v.invitation.respondent_id, invitation_id=v.invitation.id)
        if created:
            use_once(db, v.invitation)
    except InvalidResponse as problem:
        db.rollback()
        return page("survey/check.html", v, 400, rows=summary_rows(v),
                    purposes=offered_purposes(v.invitation), errors=problem.errors)
    except (ResponseConflict, UsedUpInvitation) as error:
        db.rollback()
        drafts.discard(db, token)
        raise Problem(410 if isinstance(error, UsedUpInvitation) else 409,
                      _(str(UsedUpInvitation())) if isinstance(error, UsedUpInvitation)
                      else _("Your answers could not be sent. Please start again."), token) from None
    drafts.discard(db, token, commit=False)
    db.commit()
    drafts.mark_finished(token, v.draft.get("language") or "en")
    return redirect(url_for("survey.thanks", token=token))


@bp.get("/s/<token>/thanks")
def thanks(token: str):
    """Thank you, and where to get help now. A kiosk goes back to its start page by itself."""
    language = drafts.finished_language(token)
    db = get_session()
    invitation = db.exec(select(Invitation).where(Invitation.token_hash == token_hash(token))).first()
    if language is None or invitation is None:
        return redirect(url_for("survey.start", token=token))
    survey = db.get(Survey, invitation.survey_id)
    version = latest_version(survey.id)
    choose_language(version.definition["languages"] if version else DEFAULT_LANGUAGES,
                    {"language": language})
    return render_template("survey/thanks.html", token=token, kiosk=invitation.mode == "kiosk",
                           title=local(version.definition["title"]) if version else survey.title,
                           duty_line=current_app.config.get("DUTY_LINE", ""))
