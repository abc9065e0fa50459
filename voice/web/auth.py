"""Signing in and out, changing a password, and setting one up from a one-time link."""

from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, logout_user
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import EqualTo, InputRequired

from voice.auth import account_for, authenticate, start_session
from voice.db import get_session
from voice.models import User
from voice.passwords import verify_password
from voice.permissions import requires
from voice.users import (UserError, normalise_email, set_password, setup_token_hash,
                         user_for_setup_token)

bp = Blueprint("auth", __name__)

LANDING = {"practitioner": "practice.index", "researcher": "research.index", "admin": "admin.index"}
WRONG_CREDENTIALS = "Enter a correct email address and password"
UK_TIME = ZoneInfo("Europe/London")


class SignInForm(FlaskForm):
    email = StringField("Email address", widget=GovTextInput(),
                        validators=[InputRequired("Enter your email address")])
    password = PasswordField("Password", widget=GovPasswordInput(),
                             validators=[InputRequired("Enter your password")])
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class NewPasswordForm(FlaskForm):
    new_password = PasswordField(
        "New password", widget=GovPasswordInput(),
        description="Use 12 characters or more. "
                    "A few unrelated words together are easy to remember.",
        validators=[InputRequired("Enter a new password")])
    confirm_password = PasswordField(
        "Confirm new password", widget=GovPasswordInput(),
        validators=[InputRequired("Confirm your new password"),
                    EqualTo("new_password",
                            "The passwords do not match. Enter the same password twice")])
    submit = SubmitField("Save password", widget=GovSubmitInput())


class ChangePasswordForm(NewPasswordForm):
    current_password = PasswordField("Current password", widget=GovPasswordInput(),
                                     validators=[InputRequired("Enter your current password")])


def safe_next(target: str | None) -> str | None:
    """A same-site path to return to after signing in, or None for anything else."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    return None if parts.scheme or parts.netloc else target


def landing_url(role: str) -> str:
    """The area a role starts in."""
    return url_for(LANDING.get(role, "main.index"))


def uk_time(moment: datetime) -> str:
    """A moment as GOV.UK writes it, in UK time: 2:35pm on 3 March 2026."""
    local = moment.astimezone(UK_TIME)
    return f"{local:%-I:%M}{local:%p}".lower() + f" on {local.day} {local:%B %Y}"


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with an email address and a password."""
    next_url = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or landing_url(current_user.role))
    form = SignInForm()
    if form.validate_on_submit():
        try:
            email = normalise_email(form.email.data)
        except UserError as error:
            form.email.errors = [error.message]
            return render_template("auth/login.html", form=form), 400
        db = get_session()
        result = authenticate(db, email, form.password.data or "")
        account = account_for(db, result.user) if result.user else None
        db.commit()
        if account:
            start_session(account)
            return redirect(next_url or landing_url(account.role))
        # One message whatever went wrong, so the page never says whether an email has an
        # account; only a locked account says so, because its owner needs to know until when.
        form.email.errors = [locked_message(result.locked_until) if result.locked_until
                             else WRONG_CREDENTIALS]
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form), 400 if form.errors else 200


def locked_message(until: datetime) -> str:
    """Say plainly that the account is locked, and until when."""
    return (f"This account is locked because of too many attempts to sign in. "
            f"Try again after {uk_time(until)} (UK time), or ask your administrator to unlock it")


@bp.post("/logout")
def logout():
    """Sign out (a POST, so another site cannot sign someone out with a link)."""
    from voice.audit import record

    if current_user.is_authenticated:
        db = get_session()
        record(db, "auth.sign_out", actor=current_user, object_type="user_account",
               object_id=str(current_user.id))
        db.commit()
        logout_user()
    session.clear()
    flash("You have signed out", "success")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@requires("account.manage")
def password():
    """Change one's own password, after giving the current one."""
    from voice.audit import record

    form = ChangePasswordForm()
    if not form.validate_on_submit():
        return render_template("auth/password.html", form=form), 400 if form.errors else 200
    db = get_session()
    user = db.get(User, current_user.id)
    if user is None or not verify_password(user.password_hash, form.current_password.data or ""):
        record(db, "auth.password_change", actor=current_user, object_type="user_account",
               object_id=str(current_user.id), outcome="denied",
               detail={"reason": "wrong_password"})
        db.commit()
        form.current_password.errors = ["Your current password is not correct"]
        return render_template("auth/password.html", form=form), 400
    try:
        set_password(user, form.new_password.data or "")
    except UserError as error:
        form.new_password.errors = [error.message]
        return render_template("auth/password.html", form=form), 400
    record(db, "auth.password_change", actor=current_user, object_type="user_account",
           object_id=str(user.id))
    account = account_for(db, user)
    db.commit()
    start_session(account)  # the old session key no longer matches; this session carries on
    flash("Your password has been changed", "success")
    return redirect(landing_url(account.role))


@bp.route("/setup/<token>", methods=["GET", "POST"])
def setup(token: str):
    """Set a first password from a one-time link an administrator made."""
    from voice.audit import record

    db = get_session()
    user = user_for_setup_token(db, token)
    if user is None:
        record(db, "auth.setup", outcome="denied",
               detail={"reason": "unknown_or_expired_token",
                       "link_hash": setup_token_hash(token)[:12]})
        db.commit()
        return render_template("auth/setup_invalid.html"), 404
    form = NewPasswordForm()
    if not form.validate_on_submit():
        status = 400 if form.errors else 200
        return render_template("auth/setup.html", form=form, email=user.email), status
    try:
        set_password(user, form.new_password.data or "")
    except UserError as error:
        form.new_password.errors = [error.message]
        return render_template("auth/setup.html", form=form, email=user.email), 400
    record(db, "auth.setup", actor=user, object_type="user_account", object_id=str(user.id))
    db.commit()
    flash("Your password is set. Sign in with your email address and new password", "success")
    return redirect(url_for("auth.login"))
