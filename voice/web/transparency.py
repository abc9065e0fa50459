"""The public transparency page (main.transparency): what Seen & Heard records and why, in plain
words. Hangs on main.bp; base.html's footer links to it wherever it exists."""

from flask import current_app, render_template

from voice.consent import PURPOSE_LABELS
from voice.web.main import bp


@bp.get("/privacy")
def transparency():
    """What is collected, why, who sees it, how long it is kept, and the person's rights."""
    retention = current_app.config.get("RETENTION", {})
    years = {kind: round(policy["days"] / 365, 1) for kind, policy in retention.items()}
    return render_template("main/transparency.html", purposes=PURPOSE_LABELS, years=years,
                           duty_line=current_app.config.get("DUTY_LINE"))
