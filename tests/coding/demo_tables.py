"""The voice.demo data as the plain tables coding.indicators computes over (test helper)."""

import random
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from coding.identifiers import normalise_local_id, pseudonymise
from voice.demo import AREAS, SURVEYS, generate_all
from voice.demo.answers import FREE_TEXT_KEYS

ROOT = Path(__file__).resolve().parents[2]
KEY = "demo-pseudonym-key"
ATTRIBUTES = ("cohort", "care_leaver_age_group", "age_band", "fsm", "send",
              "social_care_experience", "sex", "ethnicity")
AREA_NAMES = {a.code: a.name for a in AREAS}


def person_pseudonym(person) -> str:
    """The pseudonym of a demo person's case id under the demo key."""
    return pseudonymise(normalise_local_id(person.case_id), KEY)


def _person_columns(person) -> dict:
    """Respondent attributes of a demo person (all None for an anonymous answer)."""
    values = {name: getattr(person, name, None) if person else None for name in ATTRIBUTES}
    values["pseudonym"] = person_pseudonym(person) if person else None
    return values


@lru_cache(maxsize=1)
def demo_tables() -> dict[str, pd.DataFrame]:
    """answers (long, free text left out) and documents tables from generate_all(2026)."""
    bundle = generate_all(2026)
    rows = []
    for response in bundle.responses:
        person = bundle.people[response.person_index] if response.person_index is not None else None
        base = {"response_id": response.client_uuid, "survey": response.survey_key,
                "period": response.submitted_at.date(), "old_la_code": response.old_la_code,
                "area": response.area_code, "area_name": AREA_NAMES[response.area_code],
                **{f"consent_{k}": v for k, v in response.consents.items()},
                **_person_columns(person)}
        for question, value in response.answers.items():
            if question == FREE_TEXT_KEYS[response.survey_key]:
                continue
            for one in value if isinstance(value, list) else [value]:
                rows.append({**base, "question_key": question, "value": one})
    rows += _self_assessments()
    documents = [{"document_id": i, "kind": d.kind, "codes": list(d.themes),
                  "period": d.occurred_on, "old_la_code": bundle.people[d.person_index].old_la_code,
                  "area": bundle.people[d.person_index].area_code,
                  "area_name": AREA_NAMES[bundle.people[d.person_index].area_code],
                  "person_id": d.person_index, **_person_columns(bundle.people[d.person_index])}
                 for i, d in enumerate(bundle.documents)]
    return {"answers": pd.DataFrame(rows), "documents": pd.DataFrame(documents)}


def _self_assessments() -> list[dict]:
    """Practitioners' using-information-well ratings: the demo has none, so make some per area."""
    rng = random.Random(2026)
    rows = []
    for area in AREAS:
        for n in range(rng.randint(3, 9)):
            base = {"response_id": f"uiw-{area.code}-{n}", "survey": "using-information-well",
                    "period": pd.Timestamp("2025-01-15").date(), "old_la_code": area.old_la_code,
                    "area": area.code, "area_name": area.name, "consent_service_improvement": True,
                    "consent_research": True, "consent_own_support": False,
                    **_person_columns(None), "cohort": "practitioner"}
            rows += [{**base, "question_key": f"dimension_{d}_rating", "value": rng.randint(2, 9)}
                     for d in range(1, 6)]
    return rows


@lru_cache(maxsize=1)
def known() -> dict[str, dict]:
    """The known surveys, codebooks and runs as plain dicts, as the caller passes them."""
    surveys = {key: {q: [str(v) for v in question.options] or None
                     for q, question in questions.items()} for key, questions in SURVEYS.items()}
    uiw = yaml.safe_load((ROOT / "surveys" / "using-information-well.yaml").read_text())
    surveys["using-information-well"] = {q["key"]: [str(v) for v in range(11)]
                                         if q["type"] == "scale_0_10" else None
                                         for q in uiw["questions"]}
    codebooks = {}
    for path in (ROOT / "codebooks").glob("*.yaml"):
        book = yaml.safe_load(path.read_text())
        codebooks[book["key"]] = sorted(_code_keys(book["codes"]))
    return {"surveys": surveys, "codebooks": codebooks, "runs": {"demo-run": ["topic_1"]}}


def _code_keys(codes: list[dict]) -> set[str]:
    """Every code key in a codebook tree."""
    keys = set()
    for code in codes:
        keys.add(code["key"])
        keys |= _code_keys(code.get("children", []))
    return keys


def demo_oc3_records(year: int = 2025) -> list:
    """OC3 records for the demo's care leavers, pseudonymised with the same key as the answers."""
    from coding.ssda903 import CareLeaverRecord
    return [CareLeaverRecord(person_pseudonym(p), year, p.care_leaver_age_group,
                             p.accommodation_type, p.accommodation_suitability, "YES", "F2",
                             p.old_la_code)
            for p in generate_all(2026).people
            if p.cohort == "care_leaver" and p.care_leaver_age_group and p.accommodation_type]
