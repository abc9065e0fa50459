"""The web layer: one blueprint per area of the app."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    """Attach every area's blueprint to `app`."""
    from voice.web import admin, api, main, practice, research, survey

    app.register_blueprint(main.bp)
    app.register_blueprint(survey.bp, url_prefix="/survey")
    app.register_blueprint(practice.bp, url_prefix="/practice")
    app.register_blueprint(research.bp, url_prefix="/research")
    app.register_blueprint(admin.bp, url_prefix="/admin")
    app.register_blueprint(api.bp, url_prefix="/api/v1")
