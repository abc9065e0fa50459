"""One row per unit counted (a respondent or a document) with its numerator and denominator flags.

Input tables are plain pandas frames:
- answers (long): response_id, survey, period (a date or an EES time_period), old_la_code, area,
  question_key, value, and respondent attributes (cohort, care_leaver_age_group, age_band, fsm,
  send, social_care_experience, sex, ethnicity); optional area_name and consent_<purpose> columns.
- documents: document_id, kind, codes (list of code keys), old_la_code, area, period, person_id and
  the same attributes; optional codebook.
- topics: like documents, with run and topics (list of topic keys) in place of codebook and codes.
"""

from datetime import date, datetime

import pandas as pd

from coding.indicators.definition import IndicatorDefinition, IndicatorError
from coding.indicators.geography import load_la_lookup

ATTRIBUTES = ("care_leaver_age_group", "age_band", "fsm", "send", "social_care_experience",
              "sex", "ethnicity")
UNKNOWN = "Unknown"
# Yes/no subgroups published with words, as DfE's filters are.
BOOLEAN_LABELS = {"fsm": ("FSM eligible", "Not known to be FSM eligible"),
                  "send": ("Identified SEN", "No identified SEN"),
                  "social_care_experience": ("Social care experience", "No social care experience")}


def reporting_year(day: date) -> str:
    """The EES Reporting year (year to 31 March) holding a date, e.g. 2025 for 1 April 2024 on."""
    return str(day.year + 1 if day.month >= 4 else day.year)


def academic_year(day: date) -> str:
    """The EES Academic year (September to August) holding a date, e.g. 202425."""
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}{(start + 1) % 100:02d}"


def consented(table: pd.DataFrame, purpose: str) -> pd.DataFrame:
    """Only the rows whose respondent consented to `purpose` (column consent_<purpose> true)."""
    column = f"consent_{purpose}"
    if column not in table.columns:
        raise IndicatorError([f"The table has no {column} column, so consent cannot be checked."])
    return table[table[column].fillna(False).astype(bool)]


def unit_table(definition: IndicatorDefinition, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Units of the definition's population with numerator, denominator and score columns."""
    source = definition.source_type
    needed = {"survey_answers": "answers", "coded_documents": "documents",
              "topic_prevalence": "topics"}[source]
    if needed not in tables:
        raise IndicatorError([f"{definition.id}: needs the {needed} table"])
    table = tables[needed]
    if "old_la_code" not in table.columns and "new_la_code" in table.columns:
        by_new = dict(zip(load_la_lookup()["new_la_code"], load_la_lookup()["old_la_code"]))
        table = table.assign(old_la_code=table["new_la_code"].map(by_new))
    if source == "survey_answers":
        units = _survey_units(definition, table)
    else:
        units = _document_units(definition, table)
    units["period"] = units["period"].map(
        reporting_year if definition.raw["period"] == "reporting_year" else academic_year
    ) if _are_dates(units["period"]) else units["period"].astype(str)
    return _label_attributes(units[units["denominator"] > 0].reset_index(drop=True))


def _are_dates(values: pd.Series) -> bool:
    """True when the period column holds dates rather than EES time periods."""
    return len(values) > 0 and isinstance(values.iloc[0], (date, datetime, pd.Timestamp))


def _as_text(value: object) -> str:
    """An answer value as text, so 4, 4.0 and "4" all match a definition's 4."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _survey_units(definition: IndicatorDefinition, answers: pd.DataFrame) -> pd.DataFrame:
    """One row per response: does it count in the numerator, the denominator, and its score."""
    raw = definition.raw
    rows = answers
    if "survey" in rows.columns:
        rows = rows[rows["survey"] == raw["population"]["survey"]]
    cohort = raw["population"].get("cohort")
    if cohort and "cohort" in rows.columns:
        rows = rows[rows["cohort"] == cohort]
    texts = rows["value"].map(_as_text)
    by_response = rows["response_id"]
    units = rows.groupby("response_id", sort=True).first()
    units = units.drop(columns=[c for c in ("question_key", "value") if c in units.columns])
    numerator, denominator = raw["numerator"], raw["denominator"]
    num_hit = _hits(rows, texts, numerator)
    den_hit = _hits(rows, texts, denominator)
    units["denominator"] = den_hit.groupby(by_response).any().astype(int)
    units["numerator"] = num_hit.groupby(by_response).any().astype(int) * units["denominator"]
    scores = pd.to_numeric(rows["value"].where(num_hit), errors="coerce")
    if definition.unit == "mean":
        units["denominator"] = scores.notna().groupby(by_response).any().astype(int)
    units["score"] = scores.groupby(by_response).sum().astype(float)
    return units.reset_index()


def _hits(rows: pd.DataFrame, texts: pd.Series, selection: dict) -> pd.Series:
    """Rows answering the selection's question with one of its values (any value if none given)."""
    asked = rows["question_key"] == selection["question"]
    if "values" in selection:
        return asked & texts.isin({_as_text(v) for v in selection["values"]})
    return asked & rows["value"].notna()


def _document_units(definition: IndicatorDefinition, documents: pd.DataFrame) -> pd.DataFrame:
    """One row per document (or per person) of the kind: does it carry any of the codes."""
    raw = definition.raw
    is_topics = definition.source_type == "topic_prevalence"
    field, items = ("run", "topics") if is_topics else ("codebook", "codes")
    rows = documents[documents["kind"] == raw["population"]["document_kind"]]
    if field in rows.columns:
        rows = rows[rows[field] == raw["source"][field]]
    wanted = set(raw["numerator"][items])
    rows = rows.assign(numerator=rows[items].map(lambda keys: int(bool(wanted & set(keys)))),
                       denominator=1, score=0.0)
    if raw["source"].get("share_of") == "respondents":
        flags = rows.groupby("person_id")["numerator"].max()
        rows = rows.groupby("person_id", sort=True).first().reset_index()
        rows["numerator"] = rows["person_id"].map(flags)
    return rows.drop(columns=[items])


def _label_attributes(units: pd.DataFrame) -> pd.DataFrame:
    """Breakdown columns as published text: booleans in words, missing as Unknown."""
    for column in ATTRIBUTES:
        if column not in units.columns:
            units[column] = UNKNOWN
            continue
        yes, no = BOOLEAN_LABELS.get(column, ("Yes", "No"))
        units[column] = [UNKNOWN if v is None or (isinstance(v, float) and pd.isna(v))
                         else yes if v is True else no if v is False else str(v)
                         for v in units[column]]
    return units
