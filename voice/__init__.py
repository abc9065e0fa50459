"""Seen & Heard: the platform (Flask app, persistence, UI, API, CLI, jobs).

`create_app` is the only place an app is built; `flask --app voice run` and the
`seen-heard` command both use it.
"""

from pathlib import Path
from typing import Any

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: configuration, database, jobs, templates, blueprints and error pages."""
    from voice import config, db, jobs
    from voice.web import register_blueprints
    from voice.web.errors import register_error_handlers

    app = Flask(
        __name__,
        instance_path=str((test_config or {}).get("INSTANCE_PATH") or PROJECT_ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    app.config.from_mapping(config.load(Path(app.instance_path), test_config))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    # GOV.UK Frontend's Jinja macros sit beside our templates under their own prefix, so
    # no bare template name of ours can collide with theirs.
    app.jinja_loader = ChoiceLoader([
        FileSystemLoader(str(PROJECT_ROOT / "templates")),
        PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
    ])
    app.jinja_env.globals["has_endpoint"] = lambda name: name in app.view_functions

    db.init_app(app)
    jobs.init_app(app)
    register_blueprints(app)
    register_error_handlers(app)
    return app
