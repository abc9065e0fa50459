"""Each person's circumstances: fixed details and how things are going, theme by theme.

One outlook per person drives both what workers write and what the person answers, so
notes and survey answers agree, and the suitability gap shows up in both: some young
people whose accommodation is judged suitable still do not feel safe there.
"""

import random
from dataclasses import dataclass, field

from voice.demo import identifiers as ids
from voice.demo.people import DemoPerson
from voice.demo.places import area
from voice.demo.vocab import young_name

# Facts a template may require (see bank.py): what kind of support and household a person has.
FACTS = ("care", "social_care", "early_help", "apart", "partner", "single", "under_18", "adult")
# Accommodation where feeling unsafe or unsettled is common whatever the judgement.
_PRECARIOUS = frozenset("SVWXR")
_SUPPORTIVE = frozenset("BEZ")


@dataclass(frozen=True)
class Circumstances:
    """Details that stay fixed across a person's documents, and their outlook by theme.

    outlook[theme] is True when things are going well for the person on that theme.
    """

    friend: str
    sibling: str
    sibling_rel: str
    partner: str
    college: str
    landline: str
    outlook: dict[str, bool] = field(default_factory=dict)
    facts: frozenset[str] = frozenset()


def _care_leaver_outlook(rng: random.Random, person: DemoPerson) -> dict[str, bool]:
    """Housing-led outlook: unsuitable or precarious accommodation mostly feels unsafe."""
    letter, suitable = person.accommodation_type, person.accommodation_suitability == "1"
    p_safe = 0.82 if suitable else 0.3
    if letter in _PRECARIOUS:
        p_safe -= 0.25
    safe = rng.random() < p_safe
    settled = rng.random() < (0.8 if safe else 0.3) * (0.5 if letter in _PRECARIOUS else 1)
    return {
        "safety": safe, "stability": settled,
        "neighbourhood": rng.random() < (0.75 if safe else 0.4),
        "home_condition": rng.random() < (0.65 if suitable else 0.35),
        "affordability": rng.random() < (0.65 if letter in _SUPPORTIVE else 0.35),
        "wellbeing": rng.random() < (0.6 if settled else 0.3),
        "relationships": rng.random() < 0.6,
        "listened_to": rng.random() < 0.55,
    }


def _family_outlook(rng: random.Random, person: DemoPerson) -> dict[str, bool]:
    """Outlook for children and for parents/carers (about their child)."""
    send, fsm = bool(person.send), bool(person.fsm)
    return {
        "safety": rng.random() < 0.8, "stability": rng.random() < 0.7,
        "wellbeing": rng.random() < 0.55, "relationships": rng.random() < 0.6,
        "listened_to": rng.random() < 0.5, "affordability": rng.random() < (0.3 if fsm else 0.6),
        "speech_language": rng.random() < (0.15 if send else 0.62),
        "readiness_understanding": rng.random() < (0.35 if fsm else 0.55),
        "health_development": rng.random() < (0.3 if send else 0.7),
    }


def person_facts(person: DemoPerson) -> frozenset[str]:
    """The facts that decide which templates fit this person's life."""
    facts = {"social_care" if person.social_care_experience else "early_help"}
    if person.cohort == "care_leaver" or person.carer_relationship in ("foster carer", "nan"):
        facts.add("care" if person.social_care_experience else "early_help")
    if person.cohort == "care_leaver":
        facts.add("under_18" if person.age < 18 else "adult")
    if person.cohort == "care_leaver" and person.accommodation_type != "B":
        facts.add("apart")  # not living with birth family
    if person.cohort == "parent_carer":
        facts.add("partner" if person.carer_relationship == "partner" else "single")
    return frozenset(facts)


def circumstances(seed: int, person: DemoPerson) -> Circumstances:
    """The fixed details and outlook for one person, from their own generator."""
    rng = random.Random(f"{seed}:circumstances:{person.index}")  # seeded random for reproducible demo data, not security  # nosec B311
    sibling_sex = rng.choice(("Female", "Male"))
    partner_sex = "Male" if person.sex == "Female" or rng.random() < 0.1 else "Female"
    return Circumstances(
        friend=young_name(rng, rng.choice(("Female", "Male")), person.ethnicity)[0],
        sibling=young_name(rng, sibling_sex, person.ethnicity)[0],
        sibling_rel="sister" if sibling_sex == "Female" else "brother",
        partner=young_name(rng, partner_sex, "White")[0],
        college=rng.choice(area(person.area_code).colleges),
        landline=ids.make_landline(rng, person.old_la_code),
        outlook=_care_leaver_outlook(rng, person) if person.cohort == "care_leaver"
        else _family_outlook(rng, person),
        facts=person_facts(person),
    )
