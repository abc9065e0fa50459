"""The public transparency page (main.transparency): what Seen & Heard records and why, in plain
words, in the survey languages (?lang=cy, ?lang=ur; the choice is remembered like a survey's).
Hangs on main.bp; base.html's footer links to it wherever it exists."""

from flask import current_app, render_template

from voice.models import PURPOSES
from voice.web.main import bp
from voice.web.survey.i18n import UI_LANGUAGES, choose_language


def _years(days: int) -> str:
    """Days as years for people: 1095 -> "3", 548 -> "1.5"."""
    years = round(days / 365, 1)
    return str(int(years)) if years == int(years) else str(years)


@bp.get("/privacy")
def transparency():
    """What is collected, why, who sees it, how long it is kept, and the person's rights."""
    choose_language(list(UI_LANGUAGES))
    retention = current_app.config.get("RETENTION", {})
    return render_template("main/transparency.html", purposes=PURPOSES,
                           years={kind: _years(policy["days"]) for kind, policy in retention.items()},
                           duty_line=current_app.config.get("DUTY_LINE"))
