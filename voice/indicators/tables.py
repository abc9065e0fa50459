"""Counts for one indicator straight from the database: one GROUP BY, finest cells only.

The database does the counting (a million answers never travel to Python): per response or
document a numerator and denominator flag, summed by period, authority, area and the
definition's breakdown attributes. coding.indicators.publish then adds the margins and runs
disclosure control over those few thousand cells.
"""

from collections.abc import Collection

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session, select

from coding.indicators import IndicatorDefinition, IndicatorError
from coding.indicators.units import _label_attributes
from voice.indicators.population import counted_documents, counted_responses
from voice.subject.challenge import open_challenge_exclusions
from voice.models import (Answer, Area, Code, CodeApplication, Codebook, CodebookVersion, Document,
                          DocumentTopic, Excerpt, LocalAuthority, Respondent, Response, Survey,
                          Topic)

CELL_COLUMNS = ["period", "old_la_code", "area", "area_name"]


def period_start(moment: sa.ColumnElement, kind: str) -> sa.ColumnElement:
    """The year a date's EES period starts in: Reporting year runs April-March, Academic Sept-Aug."""
    year, month = sa.extract("year", moment), sa.extract("month", moment)
    if kind == "reporting_year":
        return year + sa.case((month >= 4, 1), else_=0)  # labelled by the year it ends in
    return year - sa.case((month < 9, 1), else_=0)


def period_label(start: int, kind: str) -> str:
    """The EES time_period of a period start: 2025, or 202425."""
    start = int(start)
    return str(start) if kind == "reporting_year" else f"{start}{(start + 1) % 100:02d}"


def unit_cells(session: Session, definition: IndicatorDefinition,
               la_ids: Collection[int] | None = None) -> pd.DataFrame:
    """Finest cells of a definition (period, authority, area, attributes, numerator, denominator,
    score) over the population counted for its purpose."""
    if definition.source_type == "survey_answers":
        query = _survey_query(definition, la_ids)
    else:
        query = _document_query(session, definition, la_ids)
    frame = pd.DataFrame(session.execute(query).mappings().all())
    attributes = _attributes(definition)
    columns = ["period", "old_la_code", "area", "area_name", *attributes,
               "numerator", "denominator", "score"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    frame["period"] = [period_label(p, definition.raw["period"]) for p in frame["period"]]
    for column in ("numerator", "denominator"):
        frame[column] = frame[column].fillna(0).astype(int)
    frame["score"] = frame["score"].fillna(0.0).astype(float)
    frame = _label_attributes(frame)
    return frame[frame["denominator"] > 0].reset_index(drop=True)


def _attributes(definition: IndicatorDefinition) -> list[str]:
    """The respondent attributes this definition may be broken down by."""
    return list(definition.allowed_breakdowns)


def _match(selection: dict) -> sa.ColumnElement:
    """Answer rows that answer the selection's question with one of its values (any if none)."""
    asked = Answer.question_key == selection["question"]
    values = selection.get("values")
    if not values:
        return asked & (Answer.value_text.is_not(None) | Answer.value_number.is_not(None))
    texts = sorted({str(v) for v in values})
    numbers = sorted({float(v) for v in values if _is_number(v)})
    matched = Answer.value_text.in_(texts)
    if numbers:
        matched = matched | Answer.value_number.in_(numbers)
    return asked & matched


def _is_number(value: object) -> bool:
    """True for an answer value that may be stored as a number (4, "4")."""
    try:
        float(str(value))
        return True
    except ValueError:
        return False


def _cell_columns(moment: sa.ColumnElement, definition: IndicatorDefinition) -> list:
    """Period, authority, area and attribute columns shared by both sources."""
    return [period_start(moment, definition.raw["period"]).label("period"),
            LocalAuthority.old_la_code.label("old_la_code"), Area.code.label("area"),
            Area.name.label("area_name"),
            *[getattr(Respondent, a).label(a) for a in _attributes(definition)]]


def _survey_query(definition: IndicatorDefinition, la_ids: Collection[int] | None) -> sa.Select:
    """One row per cell: responses of the survey (and cohort) counted for the purpose."""
    raw = definition.raw
    numerator, denominator = _match(raw["numerator"]), _match(raw["denominator"])
    scored = numerator & Answer.value_number.is_not(None)
    per_response = (select(Answer.response_id.label("response_id"),
                           sa.func.max(sa.case((denominator, 1), else_=0)).label("den"),
                           sa.func.max(sa.case((numerator, 1), else_=0)).label("num"),
                           sa.func.max(sa.case((scored, 1), else_=0)).label("scored"),
                           sa.func.sum(sa.case((scored, Answer.value_number))).label("score"))
                    .where(Answer.question_key.in_({raw["numerator"]["question"],
                                                    raw["denominator"]["question"]}))
                    .group_by(Answer.response_id).subquery())
    counted = counted_responses(raw["purpose"]).subquery()
    cells = _cell_columns(Response.submitted_at, definition)
    if definition.unit == "mean":
        sums = [sa.func.sum(per_response.c.scored).label("denominator"),
                sa.func.sum(per_response.c.scored).label("numerator")]
    else:
        sums = [sa.func.sum(per_response.c.den).label("denominator"),
                sa.func.sum(per_response.c.num * per_response.c.den).label("numerator")]
    query = (select(*cells, *sums, sa.func.sum(per_response.c.score).label("score"))
             .select_from(per_response)
             .join(Response, Response.id == per_response.c.response_id)
             .join(counted, counted.c.id == Response.id)
             .join(Survey, Survey.id == Response.survey_id)
             .join(LocalAuthority, LocalAuthority.id == Response.la_id)
             .outerjoin(Area, Area.id == Response.area_id)
             .outerjoin(Respondent, Respondent.id == Response.respondent_id)
             .where(Survey.key == raw["population"].get("survey")))
    if raw["population"].get("cohort"):
        query = query.where(Respondent.cohort == raw["population"]["cohort"])
    if la_ids is not None:
        query = query.where(Response.la_id.in_(sorted(la_ids)))
    return query.group_by(*[c.element if hasattr(c, "element") else c for c in cells])


def _hit_documents(session: Session, definition: IndicatorDefinition) -> sa.Select:
    """SELECT document_id of documents carrying one of the definition's codes (or topics)."""
    raw = definition.raw
    if definition.source_type == "topic_prevalence":
        wanted = set(raw["numerator"]["topics"])
        topics = session.execute(select(Topic.id, Topic.number, Topic.matched_code_key)
                                 .where(Topic.run_id == _run_id(raw["source"]["run"]))).all()
        ids = [t.id for t in topics if f"topic_{t.number}" in wanted or t.matched_code_key in wanted]
        return select(DocumentTopic.document_id).where(DocumentTopic.topic_id.in_(ids or [-1]))
    # Excerpts of any version of the codebook count: code keys are stable across versions.
    return (select(Excerpt.document_id)
            .join(CodeApplication, CodeApplication.excerpt_id == Excerpt.id)
            .join(Code, Code.id == CodeApplication.code_id)
            .join(CodebookVersion, CodebookVersion.id == Code.codebook_version_id)
            .join(Codebook, Codebook.id == CodebookVersion.codebook_id)
            .where(Codebook.key == raw["source"]["codebook"], Code.key.in_(raw["numerator"]["codes"]),
                   CodeApplication.status == "accepted",
                   # Issue 9: a code or excerpt under an open challenge counts for nothing.
                   CodeApplication.id.not_in(open_challenge_exclusions().code_application_ids),
                   Excerpt.id.not_in(open_challenge_exclusions().excerpt_ids)))


def _run_id(name: str) -> int:
    """A topic run named by its id, as the research screens show it."""
    try:
        return int(str(name).removeprefix("run-"))
    except ValueError:
        raise IndicatorError([f"topic run {name!r}: name a run by its number, e.g. run-3"]) from None


def _document_query(session: Session, definition: IndicatorDefinition,
                    la_ids: Collection[int] | None) -> sa.Select:
    """One row per cell: documents (or their respondents) of the kind, counted for the purpose."""
    raw = definition.raw
    hit = sa.case((Document.id.in_(_hit_documents(session, definition)), 1), else_=0)
    moment = sa.func.coalesce(Document.occurred_on, Document.created_at)
    counted = counted_documents(raw["purpose"]).subquery()
    base = (select(Document.respondent_id.label("respondent_id"), Document.la_id.label("la_id"),
                   Document.area_id.label("area_id"),
                   period_start(moment, raw["period"]).label("period"), hit.label("hit"))
            .join(counted, counted.c.id == Document.id)
            .where(Document.kind == raw["population"]["document_kind"]))
    if la_ids is not None:
        base = base.where(Document.la_id.in_(sorted(la_ids)))
    if raw["source"].get("share_of") == "respondents":
        base = base.where(Document.respondent_id.is_not(None))
        units = (select(base.c.respondent_id, sa.func.min(base.c.la_id).label("la_id"),
                        sa.func.min(base.c.area_id).label("area_id"), base.c.period,
                        sa.func.max(base.c.hit).label("hit"))
                 .group_by(base.c.respondent_id, base.c.period)).subquery()
    else:
        units = base.subquery()
    attributes = [getattr(Respondent, a).label(a) for a in _attributes(definition)]
    cells = [units.c.period, LocalAuthority.old_la_code, Area.code, Area.name,
             *[getattr(Respondent, a) for a in _attributes(definition)]]
    query = (select(units.c.period.label("period"), LocalAuthority.old_la_code.label("old_la_code"),
                    Area.code.label("area"), Area.name.label("area_name"), *attributes,
                    sa.func.sum(units.c.hit).label("numerator"),
                    sa.func.count().label("denominator"), sa.literal(0.0).label("score"))
             .select_from(units)
             .join(LocalAuthority, LocalAuthority.id == units.c.la_id)
             .outerjoin(Area, Area.id == units.c.area_id)
             .outerjoin(Respondent, Respondent.id == units.c.respondent_id))
    if raw["population"].get("cohort"):
        query = query.where(Respondent.cohort == raw["population"]["cohort"])
    return query.group_by(*cells)
