"""The researchers' area: codebooks, topic models and voice indicators."""

from flask import Blueprint, render_template

from voice.models import Codebook, TopicRun
from voice.permissions import requires
from voice.web.counts import count_visible_rows

bp = Blueprint("research", __name__)


@bp.get("/")
@requires("research.view")
def index():
    """The researcher's landing page."""
    counts = count_visible_rows(codebooks=Codebook, topic_runs=TopicRun)
    return render_template("research/index.html", counts=counts)
