"""One error page for every HTTP error, and JSON errors for the API."""

import logging

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)

# Plain-English what-to-do sentences, in GOV.UK's voice.
DESCRIPTIONS = {
    400: "Something in the request was not right. Go back and try again.",
    401: "You need to sign in to see this page.",
    403: "You do not have permission to see this page. If you think you should, ask your administrator.",
    404: "If you typed the web address, check it is correct. If you pasted it, check you copied all of it.",
    405: "That action is not allowed here. Go back and try again.",
    409: "This conflicts with something already saved. Go back, refresh the page and try again.",
    413: "The file or text you sent is too large.",
    429: "You have tried too many times. Wait a few minutes, then try again.",
    500: "Sorry, there is a problem with the service. Try again later. Nothing you saved has been lost.",
    503: "Sorry, the service is unavailable. Try again later.",
}
TITLES = {404: "Page not found", 500: "Sorry, there is a problem with the service"}


def wants_json() -> bool:
    """True for API requests, which get JSON errors rather than HTML pages."""
    return request.path.startswith("/api/") or request.path == "/healthz"


def render_http_error(error: HTTPException):
    """Render any HTTP error as the one error page, or JSON under /api/."""
    code = error.code or 500
    title = TITLES.get(code, error.name)
    description = DESCRIPTIONS.get(code, "Go back and try again.")
    if wants_json():
        body = {"error": title, "status": code, "message": description}
        extra = getattr(error, "payload", None)
        if extra:
            body.update(extra)
        return jsonify(body), code
    return render_template("errors/error.html", code=code, title=title,
                           description=description), code


def handle_unexpected(error: Exception):
    """Log an unexpected exception (no request data, no identifiers) and show the 500 page."""
    from voice.db import close_session

    close_session()  # roll back whatever the failed request had written
    log.error("unhandled %s on %s %s", type(error).__name__, request.method,
              request.url_rule.rule if request.url_rule else "(no route)", exc_info=error)
    return render_http_error(InternalServerError())


def register_error_handlers(app: Flask) -> None:
    """Send every HTTP error, and every unexpected exception, through one handler."""
    app.register_error_handler(HTTPException, render_http_error)
    app.register_error_handler(Exception, handle_unexpected)
