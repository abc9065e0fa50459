"""The practitioners' area: documents, coding and safeguarding flags."""

from flask import Blueprint, render_template

from voice.models import Document, Excerpt, SafeguardingFlag
from voice.permissions import requires
from voice.web.counts import count_visible_rows

bp = Blueprint("practice", __name__)


@bp.get("/")
@requires("practice.view")
def index():
    """The practitioner's landing page."""
    counts = count_visible_rows(documents=Document, excerpts=Excerpt, flags=SafeguardingFlag)
    return render_template("practice/index.html", counts=counts)
