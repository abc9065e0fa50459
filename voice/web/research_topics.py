"""The research area's topic model pages: start a run, follow it, review topics and emergent
themes, rename topics, promote a theme to a code, and chart topics by authority and over time.

The routes hang on the research blueprint (endpoints research.topic_runs, research.new_topic_run,
research.topic_run, research.topic_charts, research.cancel_topic_run, research.topic_label,
research.promote_topic); `register_blueprints` imports this module before registering it.
Every count shown passes disclosure control (voice/topics/charts.py).
"""

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (GovCheckboxesInput, GovRadioInput, GovSelect,
                                                GovSubmitInput, GovTextArea, GovTextInput)
from sqlmodel import select
from wtforms import (IntegerField, RadioField, SelectField, SelectMultipleField, StringField,
                     SubmitField, TextAreaField)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from coding.topics import DEFAULT_GUIDANCE
from voice.audit import record
from voice.consent import PURPOSE_LABELS
from voice.db import get_session
from voice.jobs import JobError, cancel_job
from voice.models import (DOCUMENT_KINDS, PURPOSES, Codebook, CodebookVersion, Document, Job,
                          Topic, TopicRun)
from voice.permissions import audit_refusal, requires
from voice.topics.charts import ALL_TOPICS, breakdown, disclosed_sizes
from voice.topics.codebooks import promote_topic as promote, suggested_key
from voice.topics.corpus import TopicRunError, parse_filter
from voice.topics.runs import create_run, run_visible, start_run
from voice.web.research import bp

KIND_NAMES = {"case_note": "Case notes", "pathway_plan": "Pathway Plans",
              "survey_text": "Survey free text"}
GUIDANCE_NAMES = [("zeroshot", "Zero-shot: documents close to a code's description form its topic"),
                  ("guided", "Guided: the codes' words nudge the clustering"),
                  ("none", "None: the codebook is only used to name topics afterwards")]
CHARTS = ("authority", "period", "kind")


class NewRunForm(FlaskForm):
    title = StringField("Name of the run (optional)", widget=GovTextInput(),
                        validators=[Optional(), Length(max=200)])
    purpose = RadioField("What the analysis is for", widget=GovRadioInput(),
                         choices=[(p, PURPOSE_LABELS[p].capitalize()) for p in PURPOSES],
                         description="Only documents whose consent covers this purpose are used.",
                         validators=[InputRequired("Select what the analysis is for")])
    kinds = SelectMultipleField("Document kinds", widget=GovCheckboxesInput(),
                                choices=[(k, KIND_NAMES[k]) for k in DOCUMENT_KINDS],
                                description="Leave all unticked to use every kind.")
    la_codes = StringField("Local authority codes (optional)", widget=GovTextInput(),
                           description="For example 850, 354. Leave empty for all the "
                                       "authorities you work with.")
    area_codes = StringField("Area codes (optional)", widget=GovTextInput())
    start = StringField("From (optional)", widget=GovTextInput(),
                        description="A date such as 2025-04-01")
    end = StringField("To (optional)", widget=GovTextInput())
    questions = StringField("Survey questions (optional)", widget=GovTextInput(),
                            description="Question keys for survey free text, for example "
                                        "make_it_better")
    codebook = SelectField("Codebook to guide the run", widget=GovSelect())
    guidance = RadioField("How the codebook guides the run", widget=GovRadioInput(),
                          choices=GUIDANCE_NAMES, default=DEFAULT_GUIDANCE)
    seed = IntegerField("Random seed", widget=GovTextInput(), default=42,
                        description="The same seed over the same documents gives the same topics.",
                        validators=[InputRequired("Enter a seed, such as 42"),
                                    NumberRange(0, 2**32 - 1, "Enter a seed from 0 to 4294967295")])
    min_cluster_size = IntegerField("Smallest topic, in documents (optional)",
                                    widget=GovTextInput(), validators=[Optional(),
                                                                        NumberRange(2, 10_000)])
    submit = SubmitField("Start the run", widget=GovSubmitInput())


class LabelForm(FlaskForm):
    label = StringField("Topic label", widget=GovTextInput(),
                        description="Leave empty to go back to the words the model chose.",
                        validators=[Optional(), Length(max=200)])
    submit = SubmitField("Save label", widget=GovSubmitInput())


class PromoteForm(FlaskForm):
    key = StringField("Code key", widget=GovTextInput(),
                      description="Lower-case letters, digits and underscores, for example "
                                  "sport_and_leisure",
                      validators=[InputRequired("Enter a key for the code")])
    label = StringField("Code label", widget=GovTextInput(),
                        validators=[InputRequired("Enter a label for the code"), Length(max=200)])
    definition = TextAreaField("Definition", widget=GovTextArea(), validators=[Optional()],
                               description="What the code means. The theme's excerpts become its "
                                           "examples.")
    submit = SubmitField("Add the code to the codebook", widget=GovSubmitInput())


def visible_run_or_404(run_id: int, action: str) -> TopicRun:
    """The run if it exists and reads only authorities the user may see; else audit and 404."""
    run = get_session().get(TopicRun, run_id)
    if run is None or not run_visible(run, current_user):
        audit_refusal(action, "not_found" if run is None else "other_authority",
                      object_type="topic_run", object_id=run_id)
        abort(404)
    return run


def visible_topic_or_404(topic_id: int, action: str) -> tuple[TopicRun, Topic]:
    """A topic and its run, if the user may see the run; else audit and 404."""
    topic = get_session().get(Topic, topic_id)
    if topic is None:
        audit_refusal(action, "not_found", object_type="topic", object_id=topic_id)
        abort(404)
    return visible_run_or_404(topic.run_id, action), topic


@bp.get("/topics")
@requires("research.view")
def topic_runs():
    """The topic runs the user may see, newest first, with their progress."""
    db = get_session()
    runs = [r for r in db.exec(select(TopicRun).order_by(TopicRun.id.desc())).all()
            if run_visible(r, current_user)]
    job_ids = [r.job_id for r in runs if r.job_id]
    jobs = {j.id: j for j in db.exec(select(Job).where(Job.id.in_(job_ids))).all()} \
        if job_ids else {}
    refresh = any(r.status in ("queued", "running") for r in runs)
    return render_template("research/topics.html", runs=runs, jobs=jobs, refresh=refresh)


@bp.route("/topics/new", methods=["GET", "POST"])
@requires("topics.run")
def new_topic_run():
    """The form that starts a run; on success, the run's page shows its progress."""
    db = get_session()
    form = NewRunForm()
    form.codebook.choices = [("", "No codebook")] + [
        (c.key, c.title) for c in db.exec(select(Codebook).order_by(Codebook.title)).all()]
    if not form.validate_on_submit():
        return render_template("research/topics_new.html", form=form,
                               error=None), 400 if form.errors else 200
    try:
        corpus_filter = parse_filter(db, form.kinds.data or [], split(form.la_codes.data),
                                     split(form.area_codes.data), form.start.data, form.end.data,
                                     split(form.questions.data))
        settings = {"min_cluster_size": form.min_cluster_size.data} \
            if form.min_cluster_size.data else {}
        run = create_run(db, corpus_filter, form.purpose.data,
                         codebook_key=form.codebook.data or None, seed=form.seed.data,
                         guidance=form.guidance.data, settings=settings,
                         title=form.title.data or "", user=current_user)
        record(db, "topics.run_start", object_type="topic_run", object_id=run.id,
               purpose=run.purpose, detail={"documents_filter": sorted(run.corpus_filter)})
        db.commit()
        start_run(current_app, run.id, created_by_id=current_user.id)
    except TopicRunError as error:
        db.rollback()
        return render_template("research/topics_new.html", form=form, error=str(error)), 400
    except JobError as error:
        flash(error.message)
    return redirect(url_for("research.topic_run", run_id=run.id))


def split(text: str | None) -> list[str]:
    """Comma- or space-separated values as a list."""
    return [part for part in (text or "").replace(",", " ").split() if part]


def excerpts_of(topics: list[Topic]) -> dict[int, list[str]]:
    """Each topic's representative excerpts: the redacted text of its central documents."""
    ids = [i for t in topics for i in t.representative_document_ids]
    texts = dict(get_session().exec(select(Document.id, Document.redacted_text)
                                    .where(Document.id.in_(ids))).all()) if ids else {}
    return {t.id: [texts[i] for i in t.representative_document_ids if texts.get(i)]
            for t in topics}


@bp.get("/topics/<int:run_id>")
@requires("research.view")
def topic_run(run_id: int):
    """A run: its progress, or its topics matched to codes, emergent themes and excerpts."""
    run = visible_run_or_404(run_id, "research.view")
    db = get_session()
    topics = db.exec(select(Topic).where(Topic.run_id == run.id).order_by(Topic.number)).all()
    version = db.get(CodebookVersion, run.codebook_version_id) if run.codebook_version_id else None
    codebook = db.get(Codebook, version.codebook_id) if version else None
    sizes = disclosed_sizes(current_app.config, topics)
    return render_template(
        "research/topics_run.html", run=run, job=db.get(Job, run.job_id) if run.job_id else None,
        matched=[t for t in topics if not t.is_emergent],
        emergent=[t for t in topics if t.is_emergent], sizes=sizes, total=sizes[ALL_TOPICS],
        excluded=small_count(run.n_excluded_by_consent),
        excerpts=excerpts_of(topics), version=version, codebook=codebook,
        label_form=LabelForm(), purpose_labels=PURPOSE_LABELS, kind_names=KIND_NAMES)


def small_count(count: int) -> str:
    """One count on its own under the disclosure threshold rule."""
    threshold = int(current_app.config.get("DISCLOSURE_THRESHOLD", 5))
    return "c" if 0 < count <= threshold else f"{count:,}"


@bp.get("/topics/<int:run_id>/charts")
@requires("research.view")
def topic_charts(run_id: int):
    """Topics by authority, over time and by document kind: charts and the same as tables."""
    run = visible_run_or_404(run_id, "research.view")
    db = get_session()
    topics = db.exec(select(Topic).where(Topic.run_id == run.id).order_by(Topic.number)).all()
    labels = {t.number: t.custom_label or t.label for t in topics}
    charts = [breakdown(db, current_app.config, run.id, by, labels) for by in CHARTS] \
        if topics else []
    return render_template("research/topics_charts.html", run=run, charts=charts)


@bp.post("/topics/<int:run_id>/cancel")
@requires("topics.run")
def cancel_topic_run(run_id: int):
    """Cancel a queued or running run; nothing of it is saved."""
    run = visible_run_or_404(run_id, "topics.run")
    if run.job_id and cancel_job(current_app, run.job_id, actor=current_user):
        flash("The run is being cancelled. Nothing of it will be saved.")
    else:
        flash("The run had already finished, so there was nothing to cancel.")
    return redirect(url_for("research.topic_run", run_id=run.id))


@bp.post("/topics/theme/<int:topic_id>/label")
@requires("topics.run")
def topic_label(topic_id: int):
    """Rename a topic (an empty label goes back to the model's words)."""
    run, topic = visible_topic_or_404(topic_id, "topics.run")
    form = LabelForm()
    if not form.validate_on_submit():
        flash("The label was not saved: use at most 200 characters.")
        return redirect(url_for("research.topic_run", run_id=run.id)), 303
    db = get_session()
    topic.custom_label = (form.label.data or "").strip() or None
    db.add(topic)
    record(db, "topics.label", object_type="topic", object_id=topic.id,
           detail={"run_id": run.id, "reset": topic.custom_label is None})
    db.commit()
    flash("Topic label saved.")
    return redirect(url_for("research.topic_run", run_id=run.id, _anchor=f"topic-{topic.number}"))


@bp.route("/topics/theme/<int:topic_id>/promote", methods=["GET", "POST"])
@requires("codebook.manage")
def promote_topic(topic_id: int):
    """Turn an emergent theme into a new code of the run's codebook, with its excerpts."""
    run, topic = visible_topic_or_404(topic_id, "codebook.manage")
    form = PromoteForm()
    name = topic.custom_label or topic.label
    if request.method == "GET":
        form.label.data = name
        form.key.data = suggested_key(name)
    error, status = None, 200
    if form.validate_on_submit():
        db = get_session()
        try:
            version = promote(db, run, topic, form.key.data, form.label.data,
                              form.definition.data or "", created_by_id=current_user.id)
            record(db, "topics.promote", object_type="topic", object_id=topic.id,
                   detail={"run_id": run.id, "code_key": form.key.data.strip(),
                           "codebook_version": version.version})
            db.commit()
        except TopicRunError as failure:
            db.rollback()
            error, status = str(failure), 400
        else:
            flash(f"Added the code {form.key.data.strip()} to the codebook "
                  f"(version {version.version}).")
            return redirect(url_for("research.topic_run", run_id=run.id))
    elif form.errors:
        status = 400
    return render_template("research/topics_promote.html", run=run, topic=topic, form=form,
                           error=error, excerpts=excerpts_of([topic])[topic.id]), status


def chart_data(chart: dict[str, Any]) -> dict[str, Any]:
    """What the chart script needs (numbers only; suppressed cells are gaps)."""
    return {"title": chart["title"], "groups": chart["groups"], "series": chart["series"],
            "kind": "line" if chart["by"] == "period" else "bar"}


bp.add_app_template_global(chart_data, "topic_chart_data")
