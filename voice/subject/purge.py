"""What withdrawing consent removes from derived data, and what it cannot take back.

Withdrawal removes a person's withdrawn documents from topic modelling (cached embeddings,
topic assignments, representative excerpts) so the next run cannot see them. Releases and
topic runs already made are published results: they are listed in the audit row, not rewritten.
"""

from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from voice.models import Document, DocumentTopic, Response, Topic, TopicRun

MAX_LISTED = 50  # audit detail lists stay short; the count is always exact


def withdrawn_documents(session: Session, respondent_id: int, purpose: str) -> list[int]:
    """Ids of this respondent's documents that are no longer in `purpose`'s population."""
    from voice.consent import consented

    population = consented(session, purpose)
    return list(session.exec(select(Document.id).where(
        Document.respondent_id == respondent_id, Document.id.not_in(population.document_ids))))


def topic_runs_with(session: Session, document_ids: list[int], purpose: str | None = None) -> list[int]:
    """Ids of topic runs (of `purpose`, if given) that assigned any of these documents."""
    if not document_ids:
        return []
    query = (select(TopicRun.id).distinct()
             .join(Topic, Topic.run_id == TopicRun.id)
             .join(DocumentTopic, DocumentTopic.topic_id == Topic.id)
             .where(DocumentTopic.document_id.in_(document_ids)))
    if purpose:
        query = query.where(TopicRun.purpose == purpose)
    return sorted(session.exec(query))


def forget_for_topics(session: Session, document_ids: list[int]) -> dict[str, int]:
    """Remove documents' cached embeddings and topic assignments (the topics module's hook)."""
    from voice.topics.cache import forget_documents

    return forget_documents(session, document_ids)


def purge_derived(session: Session, respondent_id: int, purpose: str) -> dict[str, Any]:
    """After a withdrawal: forget the withdrawn documents in topic modelling; return counts."""
    document_ids = withdrawn_documents(session, respondent_id, purpose)
    runs = topic_runs_with(session, document_ids, purpose)
    forgotten = forget_for_topics(session, document_ids)
    return {"documents_withdrawn": len(document_ids),
            "embeddings_removed": forgotten.get("embeddings", 0),
            "topic_assignments_removed": forgotten.get("assignments", 0),
            "topic_runs_published": runs[:MAX_LISTED]}


def first_data_at(session: Session, respondent_id: int) -> Any:
    """When this respondent's first response or document arrived (None if neither)."""
    times = [session.exec(select(sa.func.min(Response.received_at))
                          .where(Response.respondent_id == respondent_id)).one(),
             session.exec(select(sa.func.min(Document.created_at))
                          .where(Document.respondent_id == respondent_id)).one()]
    times = [t for t in times if t is not None]
    return min(times) if times else None


def already_published(session: Session, respondent_id: int, purpose: str) -> dict[str, Any]:
    """Indicator releases for `purpose` made since this person's data arrived: left as published.

    A release serving several purposes (its purpose column reads "research,service_improvement")
    counts for each of them: its manifest says which indicators served which purpose.
    """
    from voice.subject.counted_in import releases_for_purpose

    releases = releases_for_purpose(session, purpose, first_data_at(session, respondent_id))
    return {"releases_published": [r.id for r in releases][:MAX_LISTED]}
