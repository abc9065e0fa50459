"""The JSON API, version 1."""

from flask import Blueprint, current_app, jsonify

from voice import jobs as background
from voice.models import Job
from voice.permissions import requires, visible_or_404

bp = Blueprint("api", __name__)


@bp.get("/")
def index():
    """List what the API offers."""
    return jsonify(name="Seen & Heard API", version=1, openapi="/api/v1/openapi.json")


@bp.get("/jobs/<int:job_id>")
@requires("api.read")
def job(job_id: int):
    """A background job's state and progress, for pages that poll it."""
    found = visible_or_404(background.get_job(current_app, job_id), Job, job_id, "api.read")
    response = jsonify(background.as_dict(found))
    response.headers["Cache-Control"] = "no-store"
    return response
