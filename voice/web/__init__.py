"""The web layer: one blueprint per area of the app."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    """Attach every area's blueprint to `app`."""
    from voice.web import admin, api, auth, main, practice, research, survey
    from voice.web import admin_users  # noqa: F401  (adds the user pages to admin.bp)
    from voice.web import api_responses  # noqa: F401  (adds PUT /responses to api.bp)
    from voice.web import practice_documents  # noqa: F401  (documents and imports on practice.bp)
    from voice.web import practice_invitations, practice_safeguarding  # noqa: F401  (on practice.bp)
    from voice.web import practice_coding, practice_coding_pages  # noqa: F401  (coding on practice.bp)
    from voice.web import research_indicators  # noqa: F401  (indicator pages and API on research.bp, api.bp)
    from voice.web import research_topics  # noqa: F401  (topic model pages on research.bp)
    from voice.web import admin_subject, practice_consent, practice_consent_challenges  # noqa: F401
    from voice.web import practice_consent_public, transparency  # noqa: F401  (subject rights)
    from voice.web import offline
    from voice.web.formatting import register_filters

    register_filters(app)

    app.register_blueprint(main.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(survey.bp)  # /survey/ and the respondents' links /s/<token>
    app.register_blueprint(practice.bp, url_prefix="/practice")
    app.register_blueprint(research.bp, url_prefix="/research")
    app.register_blueprint(admin.bp, url_prefix="/admin")
    app.register_blueprint(api.bp, url_prefix="/api/v1")
    app.register_blueprint(offline.bp)
