"""Which indicators and releases a person's data counted towards.

An indicator definition (codebooks/indicators/) says where its data comes from: survey answers
to some questions, or documents of a kind (coded, or placed in a topic run). A person's data
counts towards it when they have such an answer or document and their consent for the
indicator's purpose covers it. A release counted them if it published that indicator, was made
after their data arrived, and before they withdrew the purpose. Releases are found from their
manifests (which list the indicators and their purposes), never guessed from the date alone.
"""

from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from coding.indicators.definition import IndicatorDefinition, IndicatorError
from voice.models import (Answer, ConsentRecord, Document, DocumentTopic, IndicatorRelease,
                          Respondent, Response, Survey, Topic)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def release_indicators(release: IndicatorRelease) -> dict[str, str]:
    """{indicator id: purpose} a release published; from its purpose column if the manifest
    (an older or hand-made row) lists none, keyed by purpose so any indicator of it matches."""
    entries = (release.manifest or {}).get("indicators") or []
    if entries:
        return {e["indicator"]: e.get("purpose", "") for e in entries if "indicator" in e}
    return {f"purpose:{p}": p for p in (release.purpose or "").split(",") if p}


def releases_for_purpose(session: Session, purpose: str, since: datetime | None,
                         indicator_id: str | None = None) -> list[IndicatorRelease]:
    """Releases made since `since` that published `indicator_id` (or any indicator of `purpose`)."""
    if since is None:
        return []
    found = []
    for release in session.exec(select(IndicatorRelease).where(IndicatorRelease.created_at >= since)
                                .order_by(IndicatorRelease.id)):
        published = release_indicators(release)
        if indicator_id is None or f"purpose:{purpose}" in published:
            matches = purpose in published.values()
        else:
            matches = published.get(indicator_id) in (purpose, "")
        if matches:
            found.append(release)
    return found


def _withdrawn_at(session: Session, respondent_id: int, purpose: str) -> datetime | None:
    """When the person last withdrew `purpose` as a whole (None if they never did)."""
    return session.exec(select(sa.func.max(ConsentRecord.recorded_at)).where(
        ConsentRecord.respondent_id == respondent_id, ConsentRecord.purpose == purpose,
        ConsentRecord.granted.is_(False), ConsentRecord.response_id.is_(None),
        ConsentRecord.document_id.is_(None))).one()


def _contributions(session: Session, definition: IndicatorDefinition, person: Respondent,
                   responses: list[Response], documents: list[Document]) -> list[Any]:
    """The person's responses or documents this indicator reads (before consent)."""
    raw = definition.raw
    population = raw.get("population", {})
    if population.get("cohort") and person.cohort not in (None, population["cohort"]):
        return []
    if definition.source_type == "survey_answers":
        keys = {part.get("question") for part in (raw["numerator"], raw.get("denominator", {}))} - {None}
        survey = session.exec(select(Survey.id).where(Survey.key == population.get("survey"))).first()
        return [r for r in responses if r.survey_id == survey and session.exec(
            select(Answer.id).where(Answer.response_id == r.id, Answer.question_key.in_(keys))).first()]
    kinds = [d for d in documents if d.kind == population.get("document_kind")] \
        if population.get("document_kind") else list(documents)
    if definition.source_type == "topic_prevalence":
        run = str(raw["source"]["run"]).removeprefix("run-")
        placed = set(session.exec(select(DocumentTopic.document_id).join(
            Topic, Topic.id == DocumentTopic.topic_id).where(Topic.run_id == int(run))))
        kinds = [d for d in kinds if d.id in placed]
    return kinds


def indicators_section(session: Session, person: Respondent, responses: list[Response],
                       documents: list[Document]) -> list[dict[str, Any]]:
    """Every indicator the person's data feeds, whether it counts now, and the releases it was in."""
    from voice.indicators.definitions import definitions
    from voice.indicators.population import counted_documents, counted_responses

    try:
        known = definitions(session).values()
    except IndicatorError:  # a broken definition file is the indicators' error, not the person's
        return []
    section = []
    for definition in known:
        items = _contributions(session, definition, person, responses, documents)
        if not items:
            continue
        purpose = definition.raw["purpose"]
        is_answer = definition.source_type == "survey_answers"
        counted = counted_responses(purpose) if is_answer else counted_documents(purpose)
        ids = [item.id for item in items]
        column = Response.id if is_answer else Document.id
        counted_now = session.execute(counted.where(column.in_(ids)).limit(1)).first() is not None
        since = min(_aware(i.received_at if is_answer else i.created_at) for i in items)
        until = None if counted_now else _withdrawn_at(session, person.id, purpose)
        releases = [r for r in releases_for_purpose(session, purpose, since, definition.id)
                    if until is None or _aware(r.created_at) <= _aware(until)]
        section.append({"indicator": definition.id, "label": definition.raw.get("label"),
                        "purpose": purpose, "counted_now": counted_now,
                        "from": "survey answers" if is_answer else "notes and documents",
                        ("response_ids" if is_answer else "document_ids"): ids,
                        "releases": [{"id": r.id, "purpose": r.purpose,
                                      "published_at": _when(r.created_at)} for r in releases]})
    return section
