"""Seen & Heard: the platform (Flask app, persistence, UI, API, CLI, jobs).

`create_app` is the only place an app is built; `flask --app voice run` and the
`seen-heard` command both use it.
"""

import os
from pathlib import Path
from typing import Any

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: configuration, database, jobs, templates, blueprints and error pages."""
    from govuk_frontend_wtf.main import WTFormsHelpers

    from voice import auth, config, db, jobs, security
    from voice.web import register_blueprints
    from voice.web.errors import register_error_handlers

    app = Flask(
        __name__,
        instance_path=str((test_config or {}).get("INSTANCE_PATH")
                          or os.environ.get("SEEN_HEARD_INSTANCE") or PROJECT_ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    app.config.from_mapping(config.load(Path(app.instance_path), test_config))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    # GOV.UK Frontend's Jinja macros sit beside our templates under their own prefix, so
    # no bare template name of ours can collide with theirs.
    app.jinja_loader = ChoiceLoader([
        FileSystemLoader(str(PROJECT_ROOT / "templates")),
        PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                      "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf")}),
    ])
    app.jinja_env.globals["has_endpoint"] = lambda name: name in app.view_functions

    db.init_app(app)
    auth.init_app(app)
    WTFormsHelpers(app)  # wtforms_errors() for the GOV.UK error summary
    jobs.init_app(app)
    register_blueprints(app)
    register_error_handlers(app)
    security.init_app(app)  # after the blueprints: it rate-limits some of them by name
    return app
