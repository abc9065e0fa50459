"""The coding area's other pages: the work queue, model training, codes, double coding.

Routes on the practice blueprint: practice.coding (the queue, with filters), practice.coding_train,
practice.coding_codes (edit, retire or merge a code: a new codebook version),
practice.coding_agreement (draw a double-coding sample; agreement figures and disagreements),
practice.coding_reconcile (a coder's own samples: the figures and the disagreements to settle).
"""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import select

from voice.audit import record
from voice.coding.double import agreement_table, disagreements, draw_sample, samples_of
from voice.coding.errors import CodingError
from voice.coding.queue import QueueFilters, work_queue
from voice.coding.training import KIND as TRAIN_KIND
from voice.coding.versions import edit_code, latest_version, merge_code, retire_code
from voice.db import get_session
from voice.jobs import JobError, enqueue
from voice.models import (Code, Codebook, CodingSample, Document, LocalAuthority, User,
                          UserAuthority)
from voice.permissions import authority_ids_for, may_see_authority, requires, scope_to_authorities
from voice.web.practice import bp
from voice.web.practice_coding import KIND_NAMES, chosen_codebook
from voice.web.practice_documents import read_filters, visible_areas


def _scoped(query):
    return scope_to_authorities(query, Document)


@bp.get("/coding")
@requires("codes.apply")
def coding():
    """The coder's queue: the next documents to code, filtered, uncertain first."""
    filters, errors = read_filters(request.args)
    book_key = chosen_codebook()
    db = get_session()
    version = latest_version(db, book_key) if book_key else None
    codes = list(db.exec(select(Code).where(Code.codebook_version_id == version.id)
                         .order_by(Code.id)).all()) if version else []
    wanted = QueueFilters(filters.kind, filters.date_from, filters.date_to, filters.area_id,
                          request.args.get("code", ""))
    queue = work_queue(current_app._get_current_object(), db, _scoped, current_user.id,
                       book_key, wanted) if book_key else []
    books = db.exec(select(Codebook).order_by(Codebook.key)).all()
    return render_template("practice/coding.html", queue=queue, filters=filters, errors=errors,
                           code_key=wanted.code_key, codes=codes, books=books, book_key=book_key,
                           kinds=KIND_NAMES, areas=visible_areas(),
                           my_samples=samples_of(db, current_user.id)), 400 if errors else 200


@bp.post("/coding/train")
@requires("codes.apply")
def coding_train():
    """Queue training of the suggestion model on coders' decisions."""
    book_key = chosen_codebook()
    if book_key is None:
        flash("There is no codebook to train a model for.")
        return redirect(url_for("practice.coding"))
    try:
        job = enqueue(TRAIN_KIND, {"codebook_key": book_key}, created_by_id=current_user.id)
    except JobError as error:
        flash(error.message)
        return redirect(url_for("practice.coding", codebook=book_key))
    db = get_session()
    record(db, "coding.train", actor=current_user, object_type="job", object_id=job.id,
           detail={"codebook_code": book_key})
    db.commit()
    flash(f"The model is training (job {job.id}). New suggestions use it once it has finished.")
    return redirect(url_for("practice.coding", codebook=book_key))


@bp.route("/coding/codes", methods=["GET", "POST"])
@requires("codebook.manage")
def coding_codes():
    """Edit, retire or merge a code; each change is a new codebook version."""
    book_key = chosen_codebook()
    db = get_session()
    version = latest_version(db, book_key) if book_key else None
    codes = list(db.exec(select(Code).where(Code.codebook_version_id == version.id)
                         .order_by(Code.id)).all()) if version else []
    chosen = next((c for c in codes if c.key == request.values.get("code")), None)
    error = None
    if request.method == "POST" and chosen is not None:
        action = request.form.get("action", "edit")
        try:
            if action == "retire":
                new, created = retire_code(db, book_key, chosen.key, current_user.id)
            elif action == "merge":
                new, created = merge_code(db, book_key, chosen.key, request.form.get("into", ""),
                                          current_user.id)
            else:
                changes = {name: request.form.get(name, "") for name in
                           ("label", "definition", "when_to_use", "when_not_to_use", "colour")}
                new, created = edit_code(db, book_key, chosen.key, changes, current_user.id)
            record(db, "codebook.edit", actor=current_user, object_type="codebook_version",
                   object_id=new.id, detail={"code_key": chosen.key, "kind": action,
                                             "version": new.version, "changed": created})
            db.commit()
            flash(f"Saved as version {new.version}." if created else "Nothing changed.")
            return redirect(url_for("practice.coding_codes", codebook=book_key, code=chosen.key))
        except CodingError as problem:
            db.rollback()
            error = problem.message
    return render_template("practice/coding_codes.html", book_key=book_key, version=version,
                           codes=codes, chosen=chosen, error=error), 400 if error else 200


@bp.route("/coding/agreement", methods=["GET", "POST"])
@requires("agreement.manage")
def coding_agreement():
    """Draw a double-coding sample; show a sample's agreement figures and disagreements."""
    db = get_session()
    book_key = chosen_codebook()
    error = None
    if request.method == "POST":
        try:
            sample = _draw(db, book_key)
            db.commit()
            return redirect(url_for("practice.coding_agreement", sample=sample.id))
        except CodingError as problem:
            db.rollback()
            error = problem.message
    samples = db.exec(select(CodingSample).order_by(CodingSample.id.desc()).limit(50)).all()
    samples = [s for s in samples if s.la_id is None or may_see_authority(s.la_id)]
    raw = request.args.get("sample", "")
    sample = next((s for s in samples if raw.isdigit() and s.id == int(raw)), None)
    table, disagreeing = [], []
    if sample is not None:
        try:
            table, disagreeing = agreement_table(db, sample), disagreements(db, sample)
        except CodingError as problem:
            error = problem.message
    return render_template("practice/coding_agreement.html", samples=samples, sample=sample,
                           table=table, disagreements=disagreeing, coders=_coders(db),
                           authorities=_authorities(db), kinds=KIND_NAMES, error=error,
                           book_key=book_key), 400 if error and request.method == "POST" else 200


@bp.get("/coding/reconcile")
@requires("codes.apply")
def coding_reconcile():
    """A coder's double-coding samples: agreement figures and the disagreements to settle.

    Reconciling is recoding: from here a coder applies a code they left off a sentence, or
    opens the document to remove one they applied; the figures then change for everyone.
    """
    db = get_session()
    mine = samples_of(db, current_user.id)
    raw = request.args.get("sample", "")
    sample = next((s for s in mine if raw.isdigit() and s.id == int(raw)), None)
    table, disagreeing, error = [], [], None
    if sample is not None:
        try:
            table, found = agreement_table(db, sample), disagreements(db, sample)
            seen = set(db.exec(_scoped(select(Document.id)).where(
                Document.id.in_({d["document_id"] for d in found}))).all())
            disagreeing = [d for d in found if d["document_id"] in seen]  # only what they may see
        except CodingError as problem:
            error = problem.message
    book_key = db.get(Codebook, sample.codebook_id).key if sample else chosen_codebook()
    return render_template("practice/coding_reconcile.html", samples=mine, sample=sample,
                           table=table, disagreements=disagreeing, kinds=KIND_NAMES,
                           error=error, book_key=book_key)


def _authorities(db):
    """Authorities with documents the user may see, for drawing a sample from one of them."""
    with_documents = _scoped(select(Document.la_id)).distinct()
    return list(db.exec(select(LocalAuthority).where(LocalAuthority.id.in_(with_documents))
                        .order_by(LocalAuthority.name)).all())


def _coders(db):
    """Practitioners and researchers who share an authority with the user."""
    query = select(User).where(User.role.in_(("practitioner", "researcher", "admin")), User.is_active)
    ids = authority_ids_for(current_user)
    if ids is not None:
        query = query.where(User.id.in_(select(UserAuthority.user_id).where(UserAuthority.la_id.in_(ids))))
    return list(db.exec(query.order_by(User.id)).all())


def _draw(db, book_key):
    if book_key is None:
        raise CodingError("Import a codebook first.", "codebook")
    codebook = db.exec(select(Codebook).where(Codebook.key == book_key)).one()
    try:
        percent = float(request.form.get("percent", ""))
    except ValueError:
        raise CodingError("Enter the percentage of documents to double-code, like 10.") from None
    allowed = {u.id for u in _coders(db)}
    coders = [int(c) for c in request.form.getlist("coders") if c.isdigit() and int(c) in allowed]
    kind = request.form.get("kind", "") if request.form.get("kind") in KIND_NAMES else ""
    raw_la = request.form.get("la", "")
    la_id = int(raw_la) if raw_la.isdigit() else None
    if raw_la and (la_id is None or not may_see_authority(la_id)):
        raise CodingError("Choose one of the authorities listed.", "la")
    sample = draw_sample(db, _scoped, codebook.id, percent, coders, kind, la_id,
                         created_by_id=current_user.id)
    record(db, "coding.sample", actor=current_user, object_type="coding_sample", object_id=sample.id,
           la_id=la_id, detail={"percent": percent, "coders": len(set(coders)),
                                "kind": kind or None})
    return sample
