"""The suitability gap: care leavers whose accommodation is recorded as suitable but who say they
do not feel safe or settled there.

Links SSDA903 OC3 records to survey answers on the keyed pseudonym (the same key pseudonymises
CHILD and the survey respondent's case id, so neither identifier is needed here). Only answers in
the record's reporting year count; a care leaver who answered either question on the face scale
(1-5) is in the denominator, and is in the numerator when either answer is 1 or 2.
"""

from collections.abc import Iterable, Sequence

import pandas as pd

from coding.disclosure import DisclosurePolicy
from coding.indicators.compute import publish
from coding.indicators.units import _are_dates, reporting_year

QUESTIONS = ("feel_safe_home", "feel_settled")
FACES, LOW_FACES = {"1", "2", "3", "4", "5"}, {"1", "2"}
BREAKDOWNS = ["accommodation_type", "care_leaver_age_group"]
INDICATOR_ID = "suitability_gap"


def suitability_gap(oc3_records: Iterable, answers: pd.DataFrame,
                    policy: DisclosurePolicy = DisclosurePolicy(),
                    levels: Sequence[str] = ("National", "Regional", "Local authority")
                    ) -> pd.DataFrame:
    """The disclosure-controlled gap by accommodation type letter, age group and authority."""
    faces = _face_answers(answers)
    rows = []
    for record in oc3_records:
        if record.suitability != "1":
            continue
        mine = faces.get((record.pseudonym, str(record.year)))
        if not mine:
            continue
        rows.append({"period": str(record.year), "old_la_code": record.la_code, "area": None,
                     "accommodation_type": record.accommodation_type,
                     "care_leaver_age_group": record.age_group,
                     "numerator": int(bool(mine & LOW_FACES)), "denominator": 1, "score": 0.0})
    units = pd.DataFrame(rows, columns=["period", "old_la_code", "area", *BREAKDOWNS,
                                        "numerator", "denominator", "score"])
    return publish(units, INDICATOR_ID, "percent", BREAKDOWNS, list(levels), policy)


def _face_answers(answers: pd.DataFrame) -> dict[tuple[str, str], set[str]]:
    """The 1-5 face answers to the two questions, by (pseudonym, reporting year)."""
    rows = answers[answers["question_key"].isin(QUESTIONS) & answers["pseudonym"].notna()]
    periods = rows["period"].map(reporting_year) if _are_dates(rows["period"]) \
        else rows["period"].astype(str)
    faces: dict[tuple[str, str], set[str]] = {}
    for pseudonym, period, value in zip(rows["pseudonym"], periods, rows["value"]):
        text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
        if text in FACES:
            faces.setdefault((pseudonym, period), set()).add(text)
    return faces
