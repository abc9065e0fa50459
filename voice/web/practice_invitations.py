"""The practice area's invitation page: make a survey link for a young person, a family or a
kiosk, and show it once. Routes hang on practice.bp (endpoint practice.new_invitation)."""

from datetime import date

from flask import render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovSubmitInput, GovTextInput
from sqlmodel import select
from wtforms import IntegerField, RadioField, SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from voice.audit import record
from voice.db import get_session
from voice.invitations import InvalidInvitation, create_invitation, end_of_day
from voice.models import LocalAuthority, Survey
from voice.permissions import authority_ids_for, requires
from voice.web.practice import bp

MODE_CHOICES = [("single", "One person, one response"),
                ("reusable", "A group: the same link for several people"),
                ("kiosk", "A kiosk or shared tablet: anonymous, resets after each person")]


def parse_day(raw: str | None) -> date | None:
    """A YYYY-MM-DD date, or None when blank; ValidationError with what to type otherwise."""
    if not raw or not raw.strip():
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise ValidationError("Enter the last day as year-month-day, for example 2026-12-31") from None


class InvitationForm(FlaskForm):
    survey = SelectField("Survey", widget=GovSelect(), validators=[InputRequired("Select a survey")])
    mode = RadioField("Who will use the link", choices=MODE_CHOICES, default="single",
                      widget=GovRadioInput(), validators=[InputRequired("Select who will use the link")])
    uses = IntegerField("How many responses (optional)", widget=GovTextInput(),
                        description="Leave blank for no limit on a group or kiosk link",
                        validators=[Optional(), NumberRange(min=1, message="Enter 1 or more")])
    expires = StringField("Last day the link works (optional)", widget=GovTextInput(),
                          description="For example, 2026-12-31")
    la = SelectField("Local authority", widget=GovSelect(),
                     validators=[InputRequired("Select a local authority")])
    identifier = StringField("NHS number or local case identifier (optional)", widget=GovTextInput(),
                             description="Links the answers to the person's record. It is turned "
                                         "into a code straight away and never stored.")
    submit = SubmitField("Make the link", widget=GovSubmitInput())

    def validate_expires(self, field: StringField) -> None:
        parse_day(field.data)


def fill_choices(form: InvitationForm) -> None:
    """Surveys, and the authorities this practitioner works for."""
    db = get_session()
    form.survey.choices = [(s.key, s.title) for s in db.exec(select(Survey).order_by(Survey.title))]
    ids = authority_ids_for(current_user)
    query = select(LocalAuthority).order_by(LocalAuthority.name)
    if ids is not None:
        query = query.where(LocalAuthority.id.in_(ids or {-1}))
    form.la.choices = [(str(la.id), la.name) for la in db.exec(query)]


@bp.route("/invitations/new", methods=["GET", "POST"])
@requires("invitations.issue")
def new_invitation():
    """Make a survey link; show it once (only its hash is kept)."""
    form = InvitationForm()
    fill_choices(form)
    if not form.validate_on_submit():
        return render_template("practice/invitations_new.html", form=form), 400 if form.errors else 200
    day = parse_day(form.expires.data)
    db = get_session()
    try:
        invitation, token = create_invitation(
            db, form.survey.data, form.mode.data, form.uses.data, end_of_day(day) if day else None,
            int(form.la.data), None, current_user.id,
            respondent_identifier=(form.identifier.data or "").strip() or None)
    except InvalidInvitation as error:
        db.rollback()
        getattr(form, error.field, form.survey).errors = [str(error)]
        return render_template("practice/invitations_new.html", form=form), 400
    record(db, "invitation.create", object_type="invitation", object_id=invitation.id,
           la_id=invitation.la_id, detail={"kind": invitation.mode, "uses_allowed": invitation.uses_allowed,
                                           "linked": invitation.respondent_id is not None})
    db.commit()
    link = url_for("survey.start", token=token, _external=True)
    return render_template("practice/invitations_link.html", link=link, invitation=invitation), 201
