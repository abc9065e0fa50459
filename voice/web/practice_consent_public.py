"""The respondent's own consent page, reached through a link a practitioner gave them (/c/<token>).

It hangs on the survey blueprint, so the same rate limit guards its tokens as survey links.
The person sees what they agreed to and can take back any of it, in English, Welsh or Urdu;
nothing else is shown.
"""

from flask import render_template, request

from voice.consent import ConsentError, current_consent, withdraw
from voice.db import get_session
from voice.invitations import InvitationError
from voice.models import PURPOSES
from voice.subject.consent_links import redeem_link
from voice.web.survey import bp
from voice.web.survey.i18n import UI_LANGUAGES, choose_language


def _page(respondent, status: int = 200, **extra):
    states = current_consent(get_session(), respondent.id)
    return render_template("survey/consent_change.html", states=states, purposes=PURPOSES,
                           **extra), status


@bp.route("/c/<token>", methods=["GET", "POST"])
def consent_by_link(token: str):
    """Show the person's choices; on POST, withdraw the purpose they picked."""
    db = get_session()
    try:
        _link, respondent = redeem_link(db, token)
    except InvitationError as error:
        return render_template("survey/problem.html", message=str(error)), error.status
    choose_language(list(UI_LANGUAGES))
    if request.method == "GET":
        return _page(respondent)
    purpose = request.form.get("purpose", "")
    try:
        withdraw(db, respondent, purpose, source="respondent_link")
    except ConsentError as error:
        db.rollback()
        return _page(respondent, 400, error=str(error))
    db.commit()
    return _page(respondent, done=purpose)
