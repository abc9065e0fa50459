"""The web layer: one blueprint per area of the app."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    """Attach every area's blueprint to `app`."""
    from voice.web import admin, api, auth, main, practice, research, survey
    from voice.web import admin_users  # noqa: F401  (adds the user pages to admin.bp)
    from voice.web import api_responses  # noqa: F401  (adds PUT /responses to api.bp)
    from voice.web import practice_documents  # noqa: F401  (documents and imports on practice.bp)
    from voice.web import practice_invitations, practice_safeguarding  # noqa: F401  (on practice.bp)
    from voice.web import offline

    app.register_blueprint(main.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(survey.bp)  # /survey/ and the respondents' links /s/<token>
    app.register_blueprint(practice.bp, url_prefix="/practice")
    app.register_blueprint(research.bp, url_prefix="/research")
    app.register_blueprint(admin.bp, url_prefix="/admin")
    app.register_blueprint(api.bp, url_prefix="/api/v1")
    app.register_blueprint(offline.bp)
