"""The admin area's user pages: list accounts, add one, and issue a new set-up link.

The routes hang on the admin blueprint (endpoints admin.users, admin.new_user,
admin.user_setup_link); `register_blueprints` imports this module before registering it.
"""

import re

from flask import abort, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import RadioField, StringField, SubmitField
from wtforms.validators import InputRequired, Optional

from voice.db import get_session
from voice.models import ROLES, User, utcnow
from voice.permissions import requires
from voice.users import UserError, create_user, issue_setup_token, list_users
from voice.web.admin import bp

ROLE_HINTS = {
    "practitioner": "Reads and codes case notes of their local authorities",
    "researcher": "Works on redacted text and aggregates of their local authorities",
    "admin": "Manages users, surveys, consent and the audit trail for every local authority",
}


class NewUserForm(FlaskForm):
    email = StringField("Email address", widget=GovTextInput(),
                        validators=[InputRequired("Enter an email address")])
    display_name = StringField("Name (optional)", widget=GovTextInput(), validators=[Optional()])
    role = RadioField("Role", choices=[(r, r.capitalize()) for r in ROLES], widget=GovRadioInput(),
                      description="What the person may do and see",
                      validators=[InputRequired("Select a role")])
    la_codes = StringField(
        "Local authority codes", widget=GovTextInput(),
        description="DfE old LA codes, separated by commas, for example 850, 352. "
                    "Practitioners and researchers need at least one.")
    submit = SubmitField("Add user", widget=GovSubmitInput())


def split_codes(raw: str | None) -> list[str]:
    """The LA codes in a comma- or space-separated string."""
    return [code for code in re.split(r"[\s,;]+", raw or "") if code]


def account_status(user: User) -> str:
    """A short status for the users table."""
    if not user.is_active:
        return "Deactivated"
    if user.locked_until is not None and user.locked_until > utcnow():
        return "Locked"
    return "Active" if user.password_hash else "Waiting for set-up"


@bp.get("/users")
@requires("users.manage")
def users():
    """Every account, its role, authorities and status."""
    rows = [(user, codes, account_status(user)) for user, codes in list_users(get_session())]
    return render_template("admin/users.html", rows=rows)


@bp.route("/users/new", methods=["GET", "POST"])
@requires("users.manage")
def new_user():
    """Add an account; show its one-time set-up link once."""
    form = NewUserForm()
    if not form.validate_on_submit():
        return render_template("admin/users_new.html", form=form,
                               role_hints=ROLE_HINTS), 400 if form.errors else 200
    db = get_session()
    try:
        user, token = create_user(db, form.email.data or "", form.role.data or "",
                                  split_codes(form.la_codes.data),
                                  display_name=form.display_name.data or "",
                                  created_by=current_user)
    except UserError as error:
        db.rollback()
        field = getattr(form, error.field or "", None) or form.email
        field.errors = [error.message]
        return render_template("admin/users_new.html", form=form, role_hints=ROLE_HINTS), 400
    db.commit()
    link = url_for("auth.setup", token=token, _external=True)
    return render_template("admin/users_link.html", user=user, link=link, created=True), 201


@bp.post("/users/<int:user_id>/setup-link")
@requires("users.manage")
def user_setup_link(user_id: int):
    """Issue a new one-time set-up link (for a forgotten password), which also unlocks."""
    from voice.audit import record

    db = get_session()
    user = db.get(User, user_id)
    if user is None:
        abort(404)
    token = issue_setup_token(user)
    user.failed_logins, user.locked_until = 0, None
    record(db, "users.setup_link", actor=current_user, object_type="user_account",
           object_id=str(user.id))
    db.commit()
    link = url_for("auth.setup", token=token, _external=True)
    return render_template("admin/users_link.html", user=user, link=link, created=False)
