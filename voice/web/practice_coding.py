"""The coding screen: a redacted document with its excerpts, suggestions and memos.

Routes on the practice blueprint: practice.coding_document (GET), practice.coding_apply,
practice.coding_change and practice.coding_memo (POST, each redirecting back). Offsets from
the browser are UTF-16 units (what a DOM Range counts) and are converted to code points here;
without JavaScript a coder picks a paragraph or types character offsets. Every action is
attributed to the signed-in coder and audited by voice.coding.excerpts.
"""

from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import func, select

from voice.coding.errors import CodingError
from voice.coding.excerpts import Actor, add_memo, apply_codes, change_excerpt, decide, remove_application
from voice.coding.offsets import codepoint_to_utf16, paragraph_spans, utf16_to_codepoint
from voice.coding.suggestions import make_suggestions
from voice.coding.versions import latest_version
from voice.db import get_session
from voice.models import (Area, Code, CodeApplication, Codebook, CodebookVersion, Document, Excerpt,
                          Memo, User)
from voice.permissions import get_scoped_or_404, requires
from voice.web.practice import bp
from voice.web.practice_coding_view import code_usage, excerpt_rows, segments

KIND_NAMES = {"case_note": "Case note", "pathway_plan": "Pathway Plan", "survey_text": "Survey answer"}


def chosen_codebook() -> str | None:
    """The codebook key asked for (form or query), else the first stored one."""
    key = request.values.get("codebook", "")
    db = get_session()
    if key and db.exec(select(Codebook.id).where(Codebook.key == key)).first():
        return key
    return db.exec(select(Codebook.key).order_by(Codebook.key)).first()


def render_screen(document: Document, book_key: str | None, errors: dict[str, str] | None = None,
                  status: int = 200) -> Any:
    """The coding screen for one document."""
    db = get_session()
    version = latest_version(db, book_key) if book_key else None
    codes = list(db.exec(select(Code).where(Code.codebook_version_id == version.id)
                         .order_by(Code.id)).all()) if version else []
    if version is not None:
        make_suggestions(current_app._get_current_object(), db, document, version, book_key)
        db.commit()  # suggestions are made once; later visits read them back
    rows = excerpt_rows(db, document.id, current_user.id)
    text = document.redacted_text
    memos = db.exec(select(Memo, User.role).outerjoin(User, User.id == Memo.author_id)
                    .where(Memo.target_type == "document", Memo.target_id == document.id)
                    .order_by(Memo.id)).all()
    excerpt_memos = {}
    if rows:
        for memo in db.exec(select(Memo).where(Memo.target_type == "excerpt",
                                               Memo.target_id.in_({r["excerpt"].id for r in rows}))):
            excerpt_memos.setdefault(memo.target_id, []).append(memo)
    # Memos on a code follow its key through versions (a new version has new Code rows).
    code_memos = db.exec(select(Memo, Code.key).join(Code, Code.id == Memo.target_id)
                         .join(CodebookVersion, CodebookVersion.id == Code.codebook_version_id)
                         .where(Memo.target_type == "code",
                                CodebookVersion.codebook_id == version.codebook_id)
                         .order_by(Memo.id)).all() if version else []
    area = db.get(Area, document.area_id) if document.area_id else None
    usable = [c for c in codes if c.status == "active" and c.details.get("codable", True)]
    shortcuts = code_usage(db, usable, current_user.id)[:10]
    return render_template(
        "practice/coding_document.html", document=document, kinds=KIND_NAMES, area=area,
        book_key=book_key, version=version, codes=usable, shortcuts=shortcuts, rows=rows,
        segments=segments(text, rows), paragraphs=[(i, text[s:e][:90]) for i, (s, e)
                                                   in enumerate(paragraph_spans(text))],
        memos=memos, excerpt_memos=excerpt_memos, errors=errors or {},
        code_memos=[(memo, {c.key: c.label for c in codes}.get(key, key)) for memo, key in code_memos],
        text_units=codepoint_to_utf16(text, len(text))), status


@bp.get("/coding/<int:document_id>")
@requires("codes.apply")
def coding_document(document_id: int):
    """Code one redacted document."""
    document = get_scoped_or_404(Document, document_id, "codes.apply")
    return render_screen(document, chosen_codebook())


def read_span(text: str, form: Any) -> tuple[int, int]:
    """[start, end) in code points from the form: browser UTF-16 offsets, a paragraph, or typed."""
    unit = form.get("unit", "chars")
    if form.get("paragraph", "").isdigit() and not form.get("start"):
        spans = paragraph_spans(text)
        index = int(form["paragraph"])
        if index >= len(spans):
            raise CodingError("Choose one of the paragraphs listed.", "paragraph")
        return spans[index]
    try:
        start, end = int(form.get("start", "")), int(form.get("end", ""))
    except ValueError:
        raise CodingError("Select some text, choose a paragraph, or enter the first and last "
                          "character as whole numbers.", "start") from None
    if unit == "utf16":
        return utf16_to_codepoint(text, start), utf16_to_codepoint(text, end)
    return start, end


def back(document: Document, book_key: str | None, anchor: str = "") -> Any:
    return redirect(url_for("practice.coding_document", document_id=document.id,
                            codebook=book_key) + anchor)


@bp.post("/coding/<int:document_id>/apply")
@requires("codes.apply")
def coding_apply(document_id: int):
    """Apply one or more codes to the selected text."""
    document = get_scoped_or_404(Document, document_id, "codes.apply")
    book_key = chosen_codebook()
    db = get_session()
    try:
        if book_key is None:
            raise CodingError("There is no codebook yet; ask a researcher to import one.", "codes")
        start, end = read_span(document.redacted_text, request.form)
        apply_codes(db, document, start, end, book_key, request.form.getlist("codes"),
                    Actor(current_user))
    except CodingError as error:
        db.rollback()
        return render_screen(document, book_key, {error.field or "codes": error.message}, 400)
    db.commit()
    flash("Code applied.")
    return back(document, book_key, "#text-heading")


def _application(document: Document, application_id: str, action: str) -> CodeApplication:
    """The application acted on, if this coder may: anyone decides an open suggestion, but only
    its coder removes or moves a code (an accepted suggestion belongs to whoever accepted it)."""
    db = get_session()
    row = db.get(CodeApplication, int(application_id)) if application_id.isdigit() else None
    excerpt = db.get(Excerpt, row.excerpt_id) if row else None
    if excerpt is None or excerpt.document_id != document.id:
        raise CodingError("That code is no longer on this document; reload the page.", "excerpts")
    if action in ("remove", "move"):
        if row.status == "suggested":
            raise CodingError("This is a suggestion: accept or reject it instead.", "excerpts")
        if row.coder_id != current_user.id:
            raise CodingError("You can only change your own coding.", "excerpts")
    return row


@bp.post("/coding/<int:document_id>/change")
@requires("codes.apply")
def coding_change(document_id: int):
    """Remove a code, accept or reject a suggestion, or move an excerpt's bounds."""
    document = get_scoped_or_404(Document, document_id, "codes.apply")
    book_key, db, actor = chosen_codebook(), get_session(), Actor(current_user)
    action = request.form.get("action", "")
    try:
        application = _application(document, request.form.get("application_id", ""), action)
        if action == "remove":
            remove_application(db, document, application, actor)
        elif action in ("accept", "reject"):
            decide(db, document, application, action == "accept", actor)
        elif action == "move":
            excerpt = db.get(Excerpt, application.excerpt_id)
            start, end = read_span(document.redacted_text, request.form)
            change_excerpt(db, document, excerpt, start, end, actor)
        else:
            raise CodingError("Choose what to do with the excerpt.", "excerpts")
    except CodingError as error:
        db.rollback()
        return render_screen(document, book_key, {error.field or "excerpts": error.message}, 400)
    db.commit()
    return back(document, book_key, "#excerpts")


@bp.post("/coding/<int:document_id>/memo")
@requires("codes.apply")
def coding_memo(document_id: int):
    """Add a memo to the document, one of its excerpts, or a code."""
    document = get_scoped_or_404(Document, document_id, "codes.apply")
    book_key, db = chosen_codebook(), get_session()
    target_type, _, raw_id = request.form.get("target", "document:").partition(":")
    try:
        target_id = _memo_target(document, target_type, raw_id)
        add_memo(db, target_type, target_id, request.form.get("memo", ""), Actor(current_user),
                 document.la_id)
    except CodingError as error:
        db.rollback()
        return render_screen(document, book_key, {"memo": error.message}, 400)
    db.commit()
    flash("Memo saved.")
    return back(document, book_key, "#memos")


def _memo_target(document: Document, target_type: str, raw_id: str) -> int:
    """The id a memo is about, checked to belong to this document (or to be a code)."""
    db = get_session()
    if target_type == "document":
        return document.id
    if not raw_id.isdigit():
        raise CodingError("Choose what the memo is about.", "memo")
    if target_type == "excerpt":
        excerpt = db.get(Excerpt, int(raw_id))
        if excerpt is None or excerpt.document_id != document.id:
            raise CodingError("That excerpt is not on this document.", "memo")
    elif target_type == "code":
        if not db.exec(select(func.count()).select_from(Code).where(Code.id == int(raw_id))).one():
            raise CodingError("There is no such code.", "memo")
    return int(raw_id)
