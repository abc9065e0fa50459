"""The home page and the health check."""

from flask import Blueprint, jsonify, render_template
from sqlalchemy.exc import SQLAlchemyError

from voice.db import check_database

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    """What Seen & Heard is, with a way into each area."""
    return render_template("main/home.html")


@bp.get("/healthz")
def healthz():
    """Say whether the database answers, for load balancers and monitoring."""
    try:
        check_database()
    except SQLAlchemyError:
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
