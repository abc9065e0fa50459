"""Fake people in three cohorts: care leavers, children and parents/carers of 3-5 year olds."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from voice.demo import identifiers as ids
from voice.demo.places import AREAS, AUTHORITIES, STREETS, DemoArea
from voice.demo.vocab import adult_name, ethnicity_for, young_name

# Ages are as at the end of the 2024-25 reporting year, the year SSDA903 care-leaver data
# for "2025" describes, so the age group joins straight onto the published tables.
AGE_REFERENCE_DATE = date(2025, 3, 31)
COHORTS = ("care_leaver", "child", "parent_carer")
ACCOMMODATION_TYPES = "BCDEGHKRSTUVWXYZ"
# Rough national shape of care leavers' accommodation; rare letters stay rare.
_ACCOM_WEIGHTS = dict(zip(ACCOMMODATION_TYPES, (
    12, 1, 16, 5, 0.5, 0.2, 4, 0.5, 2, 3, 34, 2, 1.5, 1.5, 5, 12)))
# Chance the personal adviser judges the accommodation unsuitable (suffix 2).
_UNSUITABLE = {"S": 0.8, "V": 0.55, "W": 0.6, "X": 0.5, "R": 0.5, "K": 0.2, "B": 0.12}
_CARE_LEAVER_AGES = (16, 17, 18, 19, 20, 21)
_CARE_LEAVER_AGE_WEIGHTS = (10, 15, 20, 20, 18, 17)
_WORKERS_PER_ROLE = 6


@dataclass(frozen=True)
class DemoPerson:
    """One fake person. fsm, send and child_* describe a parent's child (None otherwise)."""

    index: int
    first_name: str
    last_name: str
    nhs_number: str
    ni_number: str | None
    case_id: str
    date_of_birth: date
    old_la_code: str
    area_code: str
    town: str
    cohort: str
    age: int
    age_band: str
    care_leaver_age_group: str | None
    sex: str
    ethnicity: str
    social_care_experience: bool
    worker_name: str
    worker_role: str
    carer_name: str
    carer_relationship: str
    address: str
    postcode: str
    phone: str
    email: str | None
    accommodation_type: str | None = None
    accommodation_suitability: str | None = None
    fsm: bool | None = None
    send: bool | None = None
    child_first_name: str | None = None
    child_sex: str | None = None
    child_date_of_birth: date | None = None
    child_nhs_number: str | None = None

    @property
    def full_name(self) -> str:
        """First name and surname."""
        return f"{self.first_name} {self.last_name}"

    @property
    def accommodation_code(self) -> str | None:
        """The OC3 ACCOM code, e.g. "U1", or None for people who are not care leavers."""
        if self.accommodation_type is None:
            return None
        return f"{self.accommodation_type}{self.accommodation_suitability}"


def age_on(dob: date, day: date = AGE_REFERENCE_DATE) -> int:
    """Age in whole years on a day."""
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def dob_for_age(rng: random.Random, age: int, day: date = AGE_REFERENCE_DATE) -> date:
    """A random date of birth giving exactly this age on the day."""
    latest = date(day.year - age, day.month, day.day)
    earliest = date(day.year - age - 1, day.month, day.day) + timedelta(days=1)
    return earliest + timedelta(days=rng.randrange((latest - earliest).days + 1))


def age_band(cohort: str, age: int) -> str:
    """The reporting age band: 8-11, 12-15, 16-17, 18-21 or adult."""
    if cohort == "parent_carer":
        return "adult"
    for low, high, band in ((8, 11, "8-11"), (12, 15, "12-15"), (16, 17, "16-17")):
        if low <= age <= high:
            return band
    return "18-21"


def care_leaver_age_group(age: int) -> str | None:
    """DfE's published age group for care leavers; None below 17 (not in the OC3 return)."""
    if 17 <= age <= 18:
        return "17 to 18 years"
    return "19 to 21 years" if 19 <= age <= 21 else None


def worker_pools(seed: int) -> dict[tuple[str, str], tuple[str, ...]]:
    """A small team of named workers per authority and role, so names recur across cases."""
    rng = random.Random(f"{seed}:workers")  # seeded random for reproducible demo data, not security  # nosec B311
    roles = ("personal_adviser", "social_worker", "early_years_worker", "family_hub_worker")
    return {(la.old_la_code, role): tuple(" ".join(adult_name(rng))
                                          for _ in range(_WORKERS_PER_ROLE))
            for la in AUTHORITIES for role in roles}


def _accommodation(rng: random.Random, age: int) -> tuple[str, str]:
    """An OC3 accommodation letter and suitability ("1" suitable, "2" not)."""
    weights = dict(_ACCOM_WEIGHTS)
    if age < 18:
        weights["Z"] = 0  # staying put starts at 18 (never used for 17-year-olds)
    letter = rng.choices(list(weights), list(weights.values()))[0]
    return letter, "2" if rng.random() < _UNSUITABLE.get(letter, 0.06) else "1"


def _address(rng: random.Random, letter: str | None) -> str:
    """A street address; flats and rooms for the kinds of housing that have them."""
    street = f"{rng.randrange(1, 140)} {rng.choice(STREETS)}"
    if letter in ("D", "T", "V", "W") or (letter == "U" and rng.random() < 0.6):
        unit = rng.choice(("Flat", "Room", "Flat")) if letter != "U" else "Flat"
        return f"{unit} {rng.randrange(1, 24)}, {street}"
    return street


def _carer(rng: random.Random, cohort: str, letter: str | None, sce: bool,
           last_name: str) -> tuple[str, str]:
    """The carer's relationship and name: a foster carer, host, relative or partner."""
    if cohort == "care_leaver":
        rel = {"Z": "former foster carer", "E": "supported lodgings host", "B": "mum",
               "D": "key worker", "T": "key worker"}.get(letter or "", "former foster carer")
    elif cohort == "child":
        rel = rng.choice(("foster carer", "foster carer", "nan", "mum")) if sce else \
            rng.choice(("mum", "mum", "dad", "nan"))
    else:
        rel = rng.choice(("partner", "mum", "sister", "partner"))
    sex = {"dad": "Male", "mum": "Female", "nan": "Female", "sister": "Female"}.get(rel)
    first, last = adult_name(rng, sex)
    if rel in ("mum", "dad", "nan") and rng.random() < 0.7:
        last = last_name  # relatives usually share the surname
    return rel, f"{first} {last}"


def _demographics(rng: random.Random, cohort: str, la: str) -> tuple[int, str, str, bool]:
    """Age, sex, ethnicity and social-care experience for one cohort."""
    if cohort == "care_leaver":
        age = rng.choices(_CARE_LEAVER_AGES, _CARE_LEAVER_AGE_WEIGHTS)[0]
        sex = "Male" if rng.random() < 0.56 else "Female"  # more boys, as in the 903 data
        return age, sex, ethnicity_for(rng, la, True), True
    if cohort == "child":
        sce = rng.random() < 0.7
        return rng.randint(8, 15), rng.choice(("Female", "Male")), ethnicity_for(rng, la, sce), sce
    age = min(45, max(19, round(rng.gauss(31, 6))))
    sex = "Female" if rng.random() < 0.82 else "Male"
    return age, sex, ethnicity_for(rng, la, False), rng.random() < 0.25


def _contact(rng: random.Random, area: DemoArea, person: dict) -> dict:
    """Address, postcode, phone and e-mail; younger children have neither phone nor e-mail."""
    young = person["cohort"] == "child" and person["age"] < 12
    has_email = not young and (person["cohort"] != "child" or rng.random() < 0.5)
    return {
        "address": _address(rng, person.get("accommodation_type")),
        "postcode": ids.make_postcode(rng, rng.choice(area.outward_codes)),
        "phone": None if young else ids.make_mobile(rng),
        "email": ids.make_email(rng, person["first_name"], person["last_name"],
                                person["date_of_birth"].year) if has_email else None,
    }


def _parent_child(rng: random.Random, ethnicity: str) -> dict:
    """The 3-5 year old a parent/carer answers about, with free school meals and SEND."""
    sex = rng.choice(("Female", "Male"))
    first, _ = young_name(rng, sex, ethnicity)
    send = rng.random() < 0.16
    return {"child_first_name": first, "child_sex": sex, "send": send,
            "child_date_of_birth": dob_for_age(rng, rng.randint(3, 5)),
            "child_nhs_number": ids.make_nhs_number(rng),
            "fsm": rng.random() < (0.35 if send else 0.22)}


def _worker_role(rng: random.Random, cohort: str, sce: bool) -> str:
    """The role of the person's main worker."""
    if cohort == "care_leaver":
        return "personal_adviser"
    if cohort == "child":
        return "social_worker" if sce else "family_hub_worker"
    if sce and rng.random() < 0.5:
        return "social_worker"
    return rng.choice(("early_years_worker", "family_hub_worker"))


def _make_person(rng: random.Random, index: int, case_number: int,
                 workers: dict[tuple[str, str], tuple[str, ...]]) -> DemoPerson:
    """One person: place, cohort, demographics, names, identifiers and contacts."""
    la = rng.choices(AUTHORITIES, (0.32, 0.24, 0.22, 0.22))[0]
    home = rng.choice([a for a in AREAS if a.old_la_code == la.old_la_code])
    cohort = rng.choices(COHORTS, (0.42, 0.23, 0.35))[0]
    age, sex, ethnicity, sce = _demographics(rng, cohort, la.old_la_code)
    first, last = young_name(rng, sex, ethnicity)
    p: dict = {"index": index, "first_name": first, "last_name": last, "cohort": cohort,
               "age": age, "sex": sex, "ethnicity": ethnicity, "social_care_experience": sce,
               "date_of_birth": dob_for_age(rng, age), "old_la_code": la.old_la_code,
               "area_code": home.code, "town": rng.choice(home.towns),
               "case_id": f"{la.case_id_prefix}-{case_number:06d}",
               "age_band": age_band(cohort, age), "nhs_number": ids.make_nhs_number(rng),
               "ni_number": ids.make_ni_number(rng) if age >= 16 else None,
               "care_leaver_age_group": care_leaver_age_group(age) if cohort == "care_leaver"
               else None}
    if cohort == "care_leaver":
        p["accommodation_type"], p["accommodation_suitability"] = _accommodation(rng, age)
    if cohort == "parent_carer":
        p.update(_parent_child(rng, ethnicity))
    p["worker_role"] = _worker_role(rng, cohort, sce)
    p["worker_name"] = rng.choice(workers[(la.old_la_code, p["worker_role"])])
    p["carer_relationship"], p["carer_name"] = _carer(
        rng, cohort, p.get("accommodation_type"), sce, last)
    p.update(_contact(rng, home, p))
    return DemoPerson(**p)


def generate_people(seed: int, n: int = 300) -> list[DemoPerson]:
    """n fake people, identical for the same seed; NHS numbers and case ids are unique."""
    # A string seed is hashed with SHA-512, so streams are stable across runs and machines.
    rng = random.Random(f"{seed}:people")  # seeded random for reproducible demo data, not security  # nosec B311
    workers = worker_pools(seed)
    case_numbers = rng.sample(range(100_000, 1_000_000), n)
    people: list[DemoPerson] = []
    seen_nhs: set[str] = set()
    while len(people) < n:
        person = _make_person(rng, len(people), case_numbers[len(people)], workers)
        numbers = [num for num in (person.nhs_number, person.child_nhs_number) if num]
        if seen_nhs.intersection(numbers) or len(set(numbers)) < len(numbers):
            continue  # vanishingly rare; redraw rather than ever duplicate an NHS number
        seen_nhs.update(numbers)
        people.append(person)
    return people
