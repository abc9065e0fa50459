"""Web security in one place: CSRF on every form, security headers, rate limits, safe logs.

`init_app(app)` is called once from `create_app`, after the blueprints are registered, so
the rate limits can be attached to the sign-in view and the survey and API blueprints by
name (no view has to remember a decorator).
"""

import os
from typing import Any

from flask import Flask, current_app, render_template, request, session
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from voice import logsafe

csrf = CSRFProtect()

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'self'; "
    "frame-ancestors 'none'; object-src 'none'"
)
# Nothing in the service uses these browser features; a survey is typed, not recorded.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), browsing-topics=()"
)
HSTS = "max-age=31536000; includeSubDomains"
# same-origin, not no-referrer: Flask-WTF checks on HTTPS that a POST's Referer is this
# site (WTF_CSRF_SSL_STRICT), which no-referrer would break for every form. And not
# strict-origin-when-cross-origin: other sites learn nothing, not even that a link to them
# was followed from Seen & Heard, and no survey token in a URL can leak through Referer.
REFERRER_POLICY = "same-origin"
STATIC_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": REFERRER_POLICY,
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
}

DEFAULT_LIMITS = {
    # Per client address. Sign-in also locks an account after repeated failures; this
    # stops one address trying many accounts (and set-up links). Survey requests allow a kiosk or a school
    # behind one address; the API allows the pages that poll job progress.
    "RATELIMIT_SIGN_IN": "10 per minute;50 per hour",
    # Counts GETs too; a class of 30 on one school address stays well under it, and 256-bit
    # tokens make guessing hopeless at this rate anyway.
    "RATELIMIT_SURVEY": "300 per minute;5000 per hour",
    "RATELIMIT_API": "300 per minute",
}
SECRET_FIELD_PARTS = ("password", "secret", "csrf_token")


def init_app(app: Flask) -> None:
    """Wire CSRF, headers, rate limits and log scrubbing into `app`."""
    app.config.setdefault("SECURITY_HSTS", not (app.debug or app.testing))
    trust_proxies(app)
    init_rate_limits(app)
    init_csrf(app)
    app.after_request(set_security_headers)
    logsafe.init_app(app)


def trust_proxies(app: Flask) -> None:
    """Behind N reverse proxies (TRUSTED_PROXIES=N), take the client address and scheme from them.

    Without this every request seems to come from the proxy, and one rate limit would
    cover everybody; with too high a number a client could forge its address.
    """
    hops = int(app.config.get("TRUSTED_PROXIES") or os.environ.get("TRUSTED_PROXIES") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def init_csrf(app: Flask) -> None:
    """CSRF tokens on every state-changing request, checked before any view runs."""
    # We call protect() ourselves (below) so that one kind of request can be let through.
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    csrf.init_app(app)
    app.before_request(check_csrf)
    app.register_error_handler(CSRFError, render_csrf_error)


def is_token_api_request() -> bool:
    """An API call that authenticates with an Authorization header rather than the cookie.

    Such calls are exempt from CSRF: CSRF rides on cookies a browser adds by itself, and a
    browser never adds an Authorization header to a cross-site request (it would need a
    CORS preflight, which this app never grants). API calls that rely on the session
    cookie, such as the pages' own fetches, must send the X-CSRFToken header.
    """
    return request.path.startswith("/api/") and bool(request.headers.get("Authorization"))


def check_csrf() -> None:
    """Refuse a POST, PUT, PATCH or DELETE without a valid CSRF token."""
    if not current_app.config["WTF_CSRF_ENABLED"] or is_token_api_request():
        return
    csrf.protect(apply_exemptions=True)


def came_from_this_site() -> bool:
    """True unless the browser says the request was sent from another site."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site and fetch_site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("Origin")
    return not origin or origin.rstrip("/") == request.host_url.rstrip("/")


def is_secret_field(name: str) -> bool:
    """True for fields never echoed back: passwords, secrets and the old CSRF token."""
    return any(part in name.lower() for part in SECRET_FIELD_PARTS)


def resubmittable_fields() -> list[tuple[str, str]]:
    """The fields a person typed, without passwords, secrets or the old CSRF token."""
    return [(name, value) for name, value in request.form.items(multi=True)
            if not is_secret_field(name)]


def password_fields() -> list[str]:
    """Names of password fields that were sent, to be typed again (never echoed)."""
    return [name for name in dict.fromkeys(request.form) if "password" in name.lower()]


def render_csrf_error(error: CSRFError) -> Any:
    """Explain that the page expired and offer what was typed back, to send again."""
    from voice.web.errors import render_http_error, wants_json

    if wants_json():
        return render_http_error(error)
    # Echo the fields only for a request from our own pages: a forged cross-site post must
    # not become a ready-filled form with a fresh token.
    ours = came_from_this_site()
    return render_template("errors/csrf.html", action=request.full_path.rstrip("?"),
                           fields=resubmittable_fields() if ours else [],
                           passwords=password_fields() if ours else []), 400


def is_signed_in() -> bool:
    """True when the request carries a signed-in session (checked without loading the user)."""
    return bool(session.get("_user_id"))


def set_security_headers(response: Any) -> Any:
    """Add the security headers to every response; stop caches keeping private pages."""
    for name, value in STATIC_HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config.get("SECURITY_HSTS"):
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    if request.endpoint != "static" and (response.mimetype == "text/html" or is_signed_in()):
        response.headers["Cache-Control"] = "no-store"
    return response


def limiter_storage_uri(app: Flask) -> str:
    """Redis when REDIS_URL is set (shared by every worker and machine), memory otherwise."""
    return app.config.get("RATELIMIT_STORAGE_URI") or app.config.get("REDIS_URL") or "memory://"


def init_rate_limits(app: Flask) -> Limiter:
    """Rate-limit sign-in, set-up links, survey token redemption and the API; 429 uses the error page."""
    for key, value in DEFAULT_LIMITS.items():
        app.config.setdefault(key, value)
    # One Limiter per app: Flask-Limiter keeps settings on the instance between init_app
    # calls, so a shared module-level one would carry one app's settings into the next.
    limiter = Limiter(key_func=get_remote_address, storage_uri=limiter_storage_uri(app),
                      headers_enabled=True,
                      key_prefix=app.config.get("RATELIMIT_KEY_PREFIX", "seen-heard"))
    limiter.init_app(app)
    if "auth.login" in app.view_functions:
        limited = limiter.limit(app.config["RATELIMIT_SIGN_IN"], methods=["POST"])
        app.view_functions["auth.login"] = limited(app.view_functions["auth.login"])
    if "auth.setup" in app.view_functions:
        # A set-up link is a token too: opening one is redemption, so GETs count as well.
        limited = limiter.limit(app.config["RATELIMIT_SIGN_IN"])
        app.view_functions["auth.setup"] = limited(app.view_functions["auth.setup"])
    # Every survey request redeems its token (GET /s/<token> included), so all methods count:
    # otherwise tokens could be guessed with GETs at any speed.
    for name, key in (("survey", "RATELIMIT_SURVEY"), ("api", "RATELIMIT_API")):
        if name in app.blueprints:
            limiter.limit(app.config[key])(app.blueprints[name])
    app.extensions["seen_heard_limiter"] = limiter
    return limiter
