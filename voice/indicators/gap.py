"""The care-leaver suitability gap from the database: SSDA903 OC3 records beside what young
people said, both through the counted population and disclosure control.

Two tables by accommodation type: DfE's measure (the share whose accommodation the personal
adviser recorded as suitable) and the voice measure (of those judged suitable, the share who
say they do not feel safe or settled), so the gap between them can be read across.
"""

from collections.abc import Collection

import pandas as pd
from sqlmodel import Session, select

from coding.disclosure import DisclosurePolicy
from coding.indicators import IndicatorError, publish, suitability_gap
from coding.indicators.gap import QUESTIONS
from coding.ssda903 import CareLeaverRecord
from voice.indicators.population import counted_responses
from voice.indicators.tables import period_label, period_start
from voice.models import Answer, CareLeaverReturn, LocalAuthority, Respondent, Response

GAP_PURPOSE = "service_improvement"  # the purpose of the feel-safe and feel-settled indicators
SUITABLE_ID = "suitable_accommodation"
BREAKDOWNS = ["accommodation_type", "care_leaver_age_group"]


def oc3_records(session: Session, la_ids: Collection[int] | None = None) -> list[CareLeaverRecord]:
    """The stored OC3 records (pseudonymised) as coding's plain records."""
    query = (select(CareLeaverReturn, LocalAuthority.old_la_code)
             .join(LocalAuthority, LocalAuthority.id == CareLeaverReturn.la_id))
    if la_ids is not None:
        query = query.where(CareLeaverReturn.la_id.in_(sorted(la_ids)))
    return [CareLeaverRecord(row.pseudonym, row.year, row.age_group, row.accommodation_type,
                             row.suitability, row.in_touch, row.activity, code)
            for row, code in session.exec(query).all()]


def face_answers(session: Session) -> pd.DataFrame:
    """Care leavers' counted answers to the two questions, for pseudonyms in an OC3 return."""
    counted = counted_responses(GAP_PURPOSE).subquery()
    in_return = select(CareLeaverReturn.pseudonym)
    query = (select(Respondent.pseudonym,
                    period_start(Response.submitted_at, "reporting_year").label("period"),
                    Answer.question_key, Answer.value_number, Answer.value_text)
             .join(Response, Response.id == Answer.response_id)
             .join(counted, counted.c.id == Response.id)
             .join(Respondent, Respondent.id == Response.respondent_id)
             .where(Answer.question_key.in_(QUESTIONS), Respondent.pseudonym.in_(in_return)))
    rows = session.execute(query).all()
    frame = pd.DataFrame(rows, columns=["pseudonym", "period", "question_key", "number", "text"])
    frame["period"] = [period_label(p, "reporting_year") for p in frame["period"]]
    frame["value"] = frame["number"].where(frame["number"].notna(), frame["text"])
    return frame[["pseudonym", "period", "question_key", "value"]]


def levels_for(la_ids: Collection[int] | None) -> list[str]:
    """National and regional rows only for an unscoped view: a few authorities are not England."""
    return ["National", "Regional", "Local authority"] if la_ids is None else ["Local authority"]


def gap_tables(session: Session, policy: DisclosurePolicy,
               la_ids: Collection[int] | None = None) -> dict[str, pd.DataFrame]:
    """{"suitable_accommodation": DfE's share, "suitability_gap": the voice gap}, controlled."""
    records = oc3_records(session, la_ids)
    if not records:
        raise IndicatorError(["There are no SSDA903 care-leaver records yet; import a return "
                              "with `seen-heard ssda903 import`."])
    levels = levels_for(la_ids)
    typed = [r for r in records if r.accommodation_type]
    units = pd.DataFrame({"period": [str(r.year) for r in typed],
                          "old_la_code": [r.la_code for r in typed], "area": None,
                          "accommodation_type": [r.accommodation_type for r in typed],
                          "care_leaver_age_group": [r.age_group for r in typed],
                          "numerator": [int(r.suitability == "1") for r in typed],
                          "denominator": 1, "score": 0.0})
    suitable = publish(units, SUITABLE_ID, "percent", BREAKDOWNS, levels, policy, crossed=False)
    answers = face_answers(session)
    gap = suitability_gap(records, answers, policy, levels) if len(answers) else None
    if gap is None:
        raise IndicatorError(["No care leaver in the OC3 returns has answered the feel-safe or "
                              "feel-settled questions with consent for service improvement."])
    return {SUITABLE_ID: suitable, "suitability_gap": gap}


def by_accommodation_type(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The two measures side by side, at the top level shown, all ages, per accommodation type."""
    present = set(tables[SUITABLE_ID]["geographic_level"])
    top = next(level for level in ("National", "Regional", "Local authority") if level in present)
    columns = ["period", "geography_name", "accommodation_type"]
    parts = []
    for name, table in tables.items():
        rows = table[(table["geographic_level"] == top) & (table["care_leaver_age_group"] == "Total")]
        parts.append(rows[columns + ["count", "denominator", "rate"]].rename(
            columns={"count": f"{name}_count", "denominator": f"{name}_denominator",
                     "rate": f"{name}_rate"}))
    merged = parts[0].merge(parts[1], on=columns, how="left").fillna("z")
    return merged.sort_values(columns).reset_index(drop=True)

