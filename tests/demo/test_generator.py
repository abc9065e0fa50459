"""The demo generator: deterministic, realistic, and exact about where personal details are."""

import csv
import random
import re
from collections import Counter
from datetime import date, datetime
from pathlib import Path

from voice.demo import (AREAS, AUTHORITIES, PII_LABELS, THEMES, generate_all,
                        generate_documents, generate_people, is_valid_nhs_number)
from voice.demo.circumstances import circumstances
from voice.demo.notes import DOCUMENT_END, DOCUMENT_START
from voice.demo.people import ACCOMMODATION_TYPES, age_on

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference"
PHONE = re.compile(r"(07700 ?900\d{3}|\+44 ?7700 ?900\d{3}|0161 496 0\d{3}|01632 960\d{3})")
POSTCODE = re.compile(r"[A-Z]{1,2}\d{1,2} ?\d[ABD-HJLNP-UW-Z]{2}")
SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def test_same_seed_gives_identical_output_and_another_seed_does_not():
    assert generate_all(11, n_people=60) == generate_all(11, n_people=60)
    assert generate_all(12, n_people=60).documents != generate_all(11, n_people=60).documents


def test_generators_do_not_touch_the_global_random_state():
    random.seed(5)
    expected = random.random()
    random.seed(5)
    generate_all(3, n_people=20)
    assert random.random() == expected


def test_authorities_carry_dfe_codes_and_four_to_eight_areas_each():
    lookup = _dfe_lookup()
    assert {a.name for a in AUTHORITIES} == {"Hampshire", "North Yorkshire", "Oldham", "Rochdale"}
    for la in AUTHORITIES:
        if lookup:
            row = lookup[la.old_la_code]
            assert (row["new_la_code"], row["la_name"], row["region_code"], row["region_name"]) \
                == (la.new_la_code, la.name, la.region_code, la.region_name)
        areas = [a for a in AREAS if a.old_la_code == la.old_la_code]
        assert 4 <= len(areas) <= 8
        assert all(a.code.startswith(f"{la.old_la_code}-") and len(a.code) <= 20 for a in areas)
    assert len({a.code for a in AREAS}) == len(AREAS)


def test_about_three_hundred_people_in_three_cohorts(bundle):
    people = bundle.people
    assert len(people) == 300
    cohorts = Counter(p.cohort for p in people)
    assert set(cohorts) == {"care_leaver", "child", "parent_carer"}
    assert min(cohorts.values()) >= 40
    assert len({p.case_id for p in people}) == len(people)
    assert {p.sex for p in people} == {"Female", "Male"}
    assert any("'" in p.last_name for p in people) and any("-" in p.last_name for p in people)


def test_nhs_numbers_pass_modulus_11_and_sit_in_issued_ranges(bundle):
    numbers = [p.nhs_number for p in bundle.people]
    numbers += [p.child_nhs_number for p in bundle.people if p.child_nhs_number]
    assert len(set(numbers)) == len(numbers)
    for number in numbers:
        assert is_valid_nhs_number(number)
        assert number[0] in "4567" and not number.startswith("999")
    assert is_valid_nhs_number("943 476 5919")  # NHS Digital's published example
    assert not is_valid_nhs_number("943 476 5918") and not is_valid_nhs_number("12345")


def test_cohort_rules_ages_bands_and_accommodation(bundle):
    codes = _oc3_accom_codes()
    for p in bundle.people:
        if p.cohort == "care_leaver":
            assert 16 <= p.age <= 21
            group = None if p.age == 16 else "17 to 18 years" if p.age <= 18 else "19 to 21 years"
            assert p.care_leaver_age_group == group
            assert p.accommodation_type in ACCOMMODATION_TYPES
            assert p.accommodation_suitability in ("1", "2")
            assert codes is None or p.accommodation_code in codes
            assert not (p.accommodation_type == "Z" and p.age < 18)  # staying put is 18+
            assert p.age_band == ("16-17" if p.age < 18 else "18-21")
        else:
            assert p.care_leaver_age_group is None and p.accommodation_code is None
        if p.cohort == "child":
            assert 8 <= p.age <= 15 and p.age_band == ("8-11" if p.age < 12 else "12-15")
        if p.cohort == "parent_carer":
            assert p.age_band == "adult" and isinstance(p.fsm, bool) and isinstance(p.send, bool)
            assert 3 <= age_on(p.child_date_of_birth) <= 5
    suitability = Counter(p.accommodation_suitability for p in bundle.people
                          if p.cohort == "care_leaver")
    assert suitability["1"] > 3 * suitability["2"] > 0


def test_contact_details_cannot_reach_anyone_real(bundle):
    for p in bundle.people:
        assert p.phone is None or PHONE.fullmatch(p.phone[:5] + " " + p.phone[5:])
        assert p.email is None or p.email.rsplit("@", 1)[1] in ("example.com", "example.org",
                                                                "example.net")
        assert POSTCODE.fullmatch(p.postcode)


def test_documents_are_in_range_and_the_right_kind(bundle):
    docs = bundle.documents
    assert 300 <= len(docs) <= 3000
    people = bundle.people
    for d in docs:
        assert d.kind in ("case_note", "pathway_plan")
        assert DOCUMENT_START <= d.occurred_on <= DOCUMENT_END
        assert 50 <= len(d.text.split()) <= 150, d.text
        assert d.title and people[d.person_index].first_name not in d.title
        if d.kind == "pathway_plan":
            assert people[d.person_index].cohort == "care_leaver"
            assert "What we agreed:" in d.text
    assert Counter(d.kind for d in docs)["pathway_plan"] >= 50
    roles = {d.author_role for d in docs}
    assert roles == {"personal_adviser", "social_worker", "early_years_worker", "family_hub_worker"}


def test_every_span_is_exactly_the_value_inserted(bundle):
    people = bundle.people
    for d in bundle.documents:
        _check_spans(d.text, d.pii, people[d.person_index], bundle)
    for r in bundle.responses:
        person = people[r.person_index] if r.person_index is not None else None
        for key, spans in r.pii.items():
            _check_spans(r.answers[key], spans, person, bundle)


def test_every_label_appears_and_protected_words_stay_plain(bundle):
    labels = Counter(s.label for d in bundle.documents for s in d.pii)
    assert set(labels) == set(PII_LABELS)
    assert all(count >= 20 for count in labels.values()), labels
    corpus = " ".join(d.text for d in bundle.documents)
    for word in ("personal adviser", "CAMHS", "Family Hub", "Jobcentre", "Universal Credit"):
        assert word in corpus
        assert not any(word in d.text[s.start:s.end] for d in bundle.documents for s in d.pii)


def test_no_template_markup_is_left_in_any_text(bundle):
    texts = [d.text for d in bundle.documents] + [
        v for r in bundle.responses for v in r.answers.values() if isinstance(v, str)]
    for text in texts:
        assert not re.search(r"\((?:[+-]|[a-z][a-z0-9_]*)\) |[\[\]{}|]", text), text


def test_themes_cover_every_key(bundle):
    seen = Counter(t for d in bundle.documents for t in d.themes)
    assert set(seen) == set(THEMES)
    assert all(set(d.themes) <= set(THEMES) and d.themes for d in bundle.documents)


def test_texts_are_varied(bundle):
    texts = [d.text for d in bundle.documents]
    assert len(set(texts)) == len(texts)
    first_sentences = {SENTENCE_END.split(t, 1)[0] for t in texts}
    assert len(first_sentences) > 0.5 * len(texts)
    # Not one phrase bank sentence dominates: the commonest sentence is in few documents.
    sentences = Counter(s for t in texts for s in set(SENTENCE_END.split(t)))
    assert sentences.most_common(1)[0][1] < 0.05 * len(texts)


def test_a_thousand_notes_stay_distinct():
    people = generate_people(99, 400)
    docs = generate_documents(99, people, per_person=(2, 4))
    assert len(docs) >= 1000
    assert len({d.text for d in docs}) == len(docs)


def _check_spans(text, spans, person, bundle):
    """Spans are in order, do not overlap, and each holds exactly a value the person has."""
    names: set[str] = set()
    if person is not None:
        circ = circumstances(bundle.seed, person)
        names = {person.first_name, person.full_name, person.worker_name, person.carer_name,
                 person.worker_name.split()[0], person.carer_name.split()[0],
                 person.child_first_name, circ.friend, circ.sibling, circ.partner}
    last_end = 0
    for label, start, end in spans:
        assert label in PII_LABELS and last_end <= start < end <= len(text)
        value = text[start:end]
        assert value == value.strip() and value
        last_end = end
        if label == "NHS_NUMBER":
            assert is_valid_nhs_number(value)
            assert value.replace(" ", "") in (person.nhs_number, person.child_nhs_number)
        elif label == "NI_NUMBER":
            assert value.replace(" ", "") == person.ni_number
        elif label == "POSTCODE":
            assert value.replace(" ", "") == person.postcode.replace(" ", "")
        elif label == "ADDRESS":
            assert value == person.address
        elif label == "EMAIL":
            assert value == person.email
        elif label == "PHONE":
            assert PHONE.fullmatch(value)
        elif label == "DATE_OF_BIRTH":
            assert _parse_dob(value) in (person.date_of_birth, person.child_date_of_birth)
        elif label == "PERSON":
            assert value in names, value


def _parse_dob(value: str) -> date:
    for fmt in ("%d/%m/%Y", "%d %B %Y", "%d.%m.%y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise AssertionError(f"not a date of birth: {value!r}")


def _oc3_accom_codes() -> set[str] | None:
    path = REFERENCE / "ssda903" / "ssda903_oc3_codelists.csv"
    if not path.exists():
        return None
    with path.open(encoding="utf-8") as handle:
        return {row["code"] for row in csv.DictReader(handle) if row["field"] == "ACCOM"}


def _dfe_lookup() -> dict[str, dict[str, str]]:
    path = REFERENCE / "dfe" / "england_la_region_lookup_dfe_cla_2025.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as handle:
        return {row["old_la_code"]: row for row in csv.DictReader(handle)}
