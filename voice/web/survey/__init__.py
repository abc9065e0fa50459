"""The respondents' area: surveys reached through an invitation link (/s/<token>) or a kiosk.

Every page works with JavaScript off: one question a page, answers kept on the server
between pages (drafts.py), and the language switch on every page (i18n.py).
"""

from flask import Blueprint, Flask, render_template
from flask_compress import Compress

from voice import drafts  # noqa: F401  (moved to voice/drafts.py; old imports still work)
from voice.web.survey.i18n import init_i18n

bp = Blueprint("survey", __name__)


def init_survey_area(app: Flask) -> None:
    """Translations, and compressed responses: a question page on a weak phone signal must
    weigh under 100 KB, and GOV.UK Frontend's CSS alone is 145 KB before compression."""
    init_i18n(app)
    if "compress" not in app.extensions:
        app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
        # Pages, styles and scripts only (static files count as streams, so streams are on):
        # downloads such as CSV exports are not in the list and pass through as they are.
        app.config.setdefault("COMPRESS_MIMETYPES", [
            "text/html", "text/css", "text/javascript", "application/javascript", "application/json",
            "image/svg+xml", "application/manifest+json"])
        Compress(app)


bp.record_once(lambda state: init_survey_area(state.app))


@bp.get("/survey/")
def index():
    """Tell someone without an invitation how to get one."""
    return render_template("survey/index.html")


from voice.web.survey import views  # noqa: E402,F401  (the /s/<token> pages, on bp)
