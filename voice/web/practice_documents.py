"""The practice area's document pages: list and read documents redacted, reveal raw text with a
reason (audited), and import files through a background job.

The routes hang on the practice blueprint (endpoints practice.documents, practice.document,
practice.reveal_document, practice.imports, practice.import_documents, practice.import_batch);
`register_blueprints` imports this module before registering it.
"""

import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from cryptography.fernet import InvalidToken
from flask import current_app, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (GovFileInput, GovRadioInput, GovSelect,
                                                GovSubmitInput, GovTextArea, GovTextInput)
from sqlmodel import func, select
from wtforms import RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from voice.audit import record
from voice.crypto import decrypt_text
from voice.db import get_session
from voice.documents.errors import ImportRefused
from voice.documents.importer import IMPORT_KINDS, ImportOptions, file_sha256
from voice.documents.jobs import KIND, remove_upload, upload_dir
from voice.documents.mapping import parse_column_flags
from voice.documents.report import new_batch, report_of, safe_filename
from voice.documents.rows import parse_date
from voice.documents.sources import format_of
from voice.jobs import JobError, enqueue
from voice.models import Area, Document, ImportBatch, Job, LocalAuthority, Respondent
from voice.permissions import authority_ids_for, can, get_scoped_or_404, requires, scope_to_authorities
from voice.web.practice import bp

PAGE_SIZE = 25
KIND_NAMES = {"case_note": "Case note", "pathway_plan": "Pathway Plan", "survey_text": "Survey answer"}
REVEAL_REASONS = [
    ("direct_work", "Preparing for direct work with the young person or family"),
    ("safeguarding", "A safeguarding concern"),
    ("check_redaction", "Checking that the redaction is right"),
    ("subject_access", "A subject access request or a challenge"),
    ("other", "Another reason"),
]


class RevealForm(FlaskForm):
    reason_code = RadioField("Why do you need the original text?", choices=REVEAL_REASONS,
                             widget=GovRadioInput(),
                             validators=[InputRequired("Select why you need the original text")])
    reason = TextAreaField("Say more about why", widget=GovTextArea(),
                           description="This is kept in the audit trail as a length, not the words.",
                           validators=[InputRequired("Say why you need the original text"),
                                       Length(min=10, max=500, message="Say why in 10 to 500 characters")])
    submit = SubmitField("Show the original text", widget=GovSubmitInput())


class ImportForm(FlaskForm):
    upload = FileField("File to import", widget=GovFileInput(),
                       description="CSV, Excel (.xlsx), JSON Lines, Word (.docx) or plain text (.txt)",
                       validators=[FileRequired("Select a file to import")])
    kind = RadioField("What the documents are", choices=[(k, KIND_NAMES[k]) for k in IMPORT_KINDS],
                      widget=GovRadioInput(), validators=[InputRequired("Select what the documents are")])
    la_code = SelectField("Local authority", widget=GovSelect(),
                          validators=[InputRequired("Select the local authority")])
    columns = StringField("Column names (optional)", widget=GovTextInput(), validators=[Optional()],
                          description="Only if the file's columns are not called text, date, author_role, "
                                      "respondent_id and area. For example: text=Note, date=Date of visit")
    split_heading = StringField("Heading to split on (optional)", widget=GovTextInput(),
                                validators=[Optional()],
                                description="Word and text files: start a new document at each line "
                                            "matching this pattern, for example ^Date:")
    submit = SubmitField("Import", widget=GovSubmitInput())


@dataclass
class Filters:
    """The list's filters, read from the query string."""

    kind: str = ""
    date_from: date | None = None
    date_to: date | None = None
    area_id: int | None = None
    respondent: str = ""
    page: int = 1


def read_filters(args: Any) -> tuple[Filters, dict[str, str]]:
    """The filters in `args`, and an error message per field that could not be read."""
    filters, errors = Filters(), {}
    filters.kind = args.get("kind", "") if args.get("kind") in KIND_NAMES else ""
    for name in ("date_from", "date_to"):
        try:
            setattr(filters, name, parse_date(args.get(name, "")))
        except ValueError:
            errors[name] = "Enter a date like 2024-03-27 or 27/03/2024"
    area = args.get("area", "")
    filters.area_id = int(area) if area.isdigit() else None
    wanted = args.get("respondent", "").lower()
    filters.respondent = "".join(c for c in wanted if c in "0123456789abcdef")[:64]  # pseudonyms are hex
    page = args.get("page", "1")
    filters.page = max(int(page), 1) if page.isdigit() else 1
    return filters, errors


def filtered_documents(filters: Filters) -> Any:
    """A select of (Document, pseudonym, area name) in the user's authorities, filtered."""
    query = (select(Document, Respondent.pseudonym, Area.name)
             .outerjoin(Respondent, Document.respondent_id == Respondent.id)
             .outerjoin(Area, Document.area_id == Area.id))
    query = scope_to_authorities(query, Document)
    if filters.kind:
        query = query.where(Document.kind == filters.kind)
    if filters.date_from:
        query = query.where(Document.occurred_on >= filters.date_from)
    if filters.date_to:
        query = query.where(Document.occurred_on <= filters.date_to)
    if filters.area_id:
        query = query.where(Document.area_id == filters.area_id)
    if filters.respondent:
        query = query.where(Respondent.pseudonym.startswith(filters.respondent))
    return query


def visible_areas() -> list[Area]:
    """The areas of the user's authorities, for the area filter."""
    return list(get_session().exec(scope_to_authorities(select(Area), Area).order_by(Area.name)).all())


@bp.get("/documents")
@requires("documents.read_redacted")
def documents():
    """Documents of the user's authorities, redacted, with filters and pages."""
    filters, errors = read_filters(request.args)
    db = get_session()
    query = filtered_documents(filters)
    total = db.exec(select(func.count()).select_from(query.subquery())).one()
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = min(filters.page, pages)
    rows = db.exec(query.order_by(Document.id.desc()).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("practice/documents.html", rows=rows, filters=filters, errors=errors,
                           total=total, page=page, pages=pages, args=args, kinds=KIND_NAMES,
                           areas=visible_areas()), 400 if errors else 200


def render_document(document: Document, form: RevealForm | None = None, raw_text: str | None = None,
                    problem: str | None = None, status: int = 200) -> Any:
    """The document page: redacted text, or the raw text just revealed."""
    db = get_session()
    respondent = db.get(Respondent, document.respondent_id) if document.respondent_id else None
    area = db.get(Area, document.area_id) if document.area_id else None
    may_reveal = can(current_user, "documents.read_raw") and document.raw_ciphertext is not None
    return render_template("practice/documents_show.html", document=document, respondent=respondent,
                           area=area, kinds=KIND_NAMES, form=form or RevealForm(),
                           may_reveal=may_reveal, raw_text=raw_text, problem=problem), status


@bp.get("/documents/<int:document_id>")
@requires("documents.read_redacted")
def document(document_id: int):
    """One document, redacted."""
    return render_document(get_scoped_or_404(Document, document_id, "documents.read_redacted"))


@bp.post("/documents/<int:document_id>/reveal")
@requires("documents.read_raw")
def reveal_document(document_id: int):
    """Show the raw text to a practitioner of the same authority who gives a reason (audited)."""
    document = get_scoped_or_404(Document, document_id, "documents.read_raw")
    form = RevealForm()
    if not form.validate_on_submit():
        return render_document(document, form, status=400)
    if document.raw_ciphertext is None:
        return render_document(document, form, problem="This document has no original text stored.")
    db = get_session()
    record(db, "document.read_raw", actor=current_user, object_type="document", object_id=document.id,
           la_id=document.la_id, detail={"reason_code": form.reason_code.data,
                                         "reason_length": len(form.reason.data or "")})
    db.commit()  # the read is on the record before the text is shown
    try:
        raw_text = decrypt_text(document.raw_ciphertext)
    except InvalidToken:
        return render_document(document, form, problem="The original text cannot be decrypted with "
                               "the current keys. Tell your administrator (DATA_KEY may be missing a key).")
    return render_document(document, form, raw_text=raw_text)


def authority_choices() -> list[tuple[str, str]]:
    """The authorities the user may import into, as (old LA code, name)."""
    query = select(LocalAuthority).order_by(LocalAuthority.name)
    ids = authority_ids_for(current_user)
    if ids is not None:
        query = query.where(LocalAuthority.id.in_(ids))
    return [(la.old_la_code, f"{la.name} ({la.old_la_code})") for la in get_session().exec(query)]


@bp.get("/imports")
@requires("documents.import")
def imports():
    """The latest imports into the user's authorities."""
    query = scope_to_authorities(select(ImportBatch), ImportBatch).order_by(ImportBatch.id.desc()).limit(50)
    return render_template("practice/imports.html", batches=get_session().exec(query).all(), kinds=KIND_NAMES)


def queue_import(form: ImportForm) -> ImportBatch:
    """Save the upload, create its ImportBatch and queue the job; ImportRefused or JobError if not."""
    original = Path(form.upload.data.filename or "upload").name
    suffix = Path(original).suffix.lower()
    format_of(Path(original))  # refuse an unreadable kind of file before saving it
    filename = safe_filename(original)  # the only form of the name stored (batch and job)
    mapping = parse_column_flags([p for p in (form.columns.data or "").split(",") if p.strip()])
    path = upload_dir(current_app._get_current_object()) / f"{secrets.token_hex(16)}{suffix}"
    form.upload.data.save(path)
    db = get_session()
    la = db.exec(select(LocalAuthority).where(LocalAuthority.old_la_code == form.la_code.data)).one()
    options = ImportOptions(kind=form.kind.data, la_id=la.id, filename=filename,
                            created_by_id=current_user.id)
    batch = new_batch(path, options, file_sha256(path), status="queued")
    db.add(batch)
    db.commit()
    params = {"batch_id": batch.id, "path": str(path), "kind": options.kind, "la_id": la.id,
              "filename": filename, "columns": mapping.columns, "names": list(mapping.name_columns),
              "split_heading": form.split_heading.data or None, "created_by_id": current_user.id}
    try:
        job = enqueue(KIND, params, created_by_id=current_user.id, la_id=la.id)
    except JobError:
        remove_upload(path)
        batch.status = "failed"
        db.add(batch)
        db.commit()
        raise
    batch.job_id = job.id
    record(db, "documents.import", actor=current_user, object_type="import_batch", object_id=batch.id,
           la_id=la.id, detail={"kind": options.kind, "file_format": suffix.lstrip(".")})
    db.commit()
    return batch


@bp.route("/imports/new", methods=["GET", "POST"])
@requires("documents.import")
def import_documents():
    """Upload a file of case notes or Pathway Plans; it is imported in the background."""
    form = ImportForm()
    form.la_code.choices = authority_choices()
    if not form.validate_on_submit():
        return render_template("practice/imports_new.html", form=form), 400 if form.errors else 200
    try:
        batch = queue_import(form)
    except ImportRefused as error:
        form.upload.errors = [error.message]
        return render_template("practice/imports_new.html", form=form), 400
    except JobError as error:
        form.upload.errors = [error.message]
        return render_template("practice/imports_new.html", form=form), 503
    return redirect(url_for("practice.import_batch", batch_id=batch.id))


@bp.get("/imports/<int:batch_id>")
@requires("documents.import")
def import_batch(batch_id: int):
    """An import's progress while it runs, then its report."""
    batch = get_scoped_or_404(ImportBatch, batch_id, "documents.import")
    job = get_session().get(Job, batch.job_id) if batch.job_id else None
    return render_template("practice/imports_show.html", batch=batch, job=job,
                           report=report_of(batch), kinds=KIND_NAMES)
