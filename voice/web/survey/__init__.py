"""The respondents' area: surveys reached through an invitation link (/s/<token>) or a kiosk.

Every page works with JavaScript off: one question a page, answers kept on the server
between pages (drafts.py), and the language switch on every page (i18n.py).
"""

from flask import Blueprint, render_template

from voice.web.survey.i18n import init_i18n

bp = Blueprint("survey", __name__)
bp.record_once(lambda state: init_i18n(state.app))


@bp.get("/survey/")
def index():
    """Tell someone without an invitation how to get one."""
    return render_template("survey/index.html")


from voice.web.survey import views  # noqa: E402,F401  (the /s/<token> pages, on bp)
