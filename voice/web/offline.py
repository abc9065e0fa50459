"""The service worker, served from the app root so that its scope can cover the survey pages.

A worker's scope may not reach above the folder it is served from; from /static/js/ it
could not control /s/. The file itself is built into static/js/ like every other script.
"""

from flask import Blueprint, current_app, send_from_directory

bp = Blueprint("offline", __name__)


@bp.get("/sw.js")
def service_worker():
    """The service worker script, always revalidated so a new version is picked up."""
    response = send_from_directory(current_app.static_folder + "/js", "sw.js",
                                   mimetype="text/javascript", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/s/"
    return response
