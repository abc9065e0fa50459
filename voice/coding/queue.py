"""The coder's work queue: which document to code next, with filters.

Documents of the coder's authorities that they have not yet coded, filtered by kind, date,
area and code. Double-coding assignments come first. With a trained model, the rest are in
'uncertain first' order: the model scores up to CANDIDATES uncoded documents and the ones it
is least sure about come first, because a coder's decision teaches it most there.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import Flask
from sqlmodel import Session, select

from voice.coding.suggestions import current_model
from voice.coding.versions import latest_version
from voice.models import Code, CodeApplication, CodingAssignment, Document, Excerpt

CANDIDATES = 200


@dataclass
class QueueFilters:
    """What the coder narrowed the queue to."""

    kind: str = ""
    date_from: date | None = None
    date_to: date | None = None
    area_id: int | None = None
    code_key: str = ""


def coded_by(coder_id: int) -> Any:
    """Ids of documents where the coder has applied or decided on any code."""
    return (select(Excerpt.document_id).join(CodeApplication, CodeApplication.excerpt_id == Excerpt.id)
            .where(sa.or_(CodeApplication.coder_id == coder_id,
                          CodeApplication.decided_by_id == coder_id)))


def filtered(query: Any, filters: QueueFilters, version_id: int | None) -> Any:
    """Apply the filters to a select over Document."""
    if filters.kind:
        query = query.where(Document.kind == filters.kind)
    if filters.date_from:
        query = query.where(Document.occurred_on >= filters.date_from)
    if filters.date_to:
        query = query.where(Document.occurred_on <= filters.date_to)
    if filters.area_id:
        query = query.where(Document.area_id == filters.area_id)
    if filters.code_key and version_id is not None:
        having = (select(Excerpt.document_id).join(CodeApplication, CodeApplication.excerpt_id == Excerpt.id)
                  .join(Code, Code.id == CodeApplication.code_id)
                  .where(Code.key == filters.code_key, Code.codebook_version_id == version_id,
                         CodeApplication.status != "rejected"))
        query = query.where(Document.id.in_(having))
    return query


def work_queue(app: Flask, session: Session, scoped: Any, coder_id: int, codebook_key: str,
               filters: QueueFilters, limit: int = 20) -> list[Document]:
    """The next documents for this coder; `scoped` limits a select to their authorities."""
    version = latest_version(session, codebook_key)
    version_id = version.id if version else None
    assigned = (select(CodingAssignment.document_id)
                .where(CodingAssignment.coder_id == coder_id, CodingAssignment.done_at.is_(None)))
    base = filtered(scoped(select(Document)), filters, version_id)
    first = list(session.exec(base.where(Document.id.in_(assigned))
                              .where(Document.id.not_in(coded_by(coder_id)))
                              .order_by(Document.id).limit(limit)).all())
    rest_query = base.where(Document.id.not_in(coded_by(coder_id))).where(Document.id.not_in(assigned))
    model = current_model(app, codebook_key, version.version) if version else None
    if model is None:
        rest = session.exec(rest_query.order_by(Document.occurred_on.desc(), Document.id.desc())
                            .limit(limit)).all()
        return (first + list(rest))[:limit]
    candidates = list(session.exec(rest_query.order_by(Document.id.desc()).limit(CANDIDATES)).all())
    order = model.uncertain_first([doc.redacted_text for doc in candidates]) if candidates else []
    return (first + [candidates[i] for i in order])[:limit]
