"""The slot values a document template can use, built from one person and one day.

Personal details are wrapped in `Pii` so every insertion is recorded as a labelled span.
Details that stay the same across a person's documents come from circumstances.py.
"""

import random
from datetime import date, timedelta

from voice.demo import identifiers as ids
from voice.demo.circumstances import Circumstances
from voice.demo.compose import Pii, Slot
from voice.demo.people import DemoPerson, age_on

PRONOUNS = {"Female": ("she", "her", "her"), "Male": ("he", "him", "his")}
# What a worker calls the place, by OC3 accommodation letter.
HOME_KIND = {
    "B": ("family home", "mum's house"), "C": ("residential home",),
    "D": ("supported accommodation", "semi-independent flat", "trainer flat"),
    "E": ("supported lodgings",), "K": ("lodgings", "rented room"), "T": ("foyer",),
    "U": ("flat", "flat", "bedsit"), "V": ("hostel",), "W": ("B&B",),
    "S": ("temporary place", "friend's flat"), "X": ("prison",),
    "Z": ("staying put placement",), "Y": ("accommodation", "place"),
}
_MONEY = ("45", "80", "120", "160", "230", "310", "450", "600", "1,200")


def _person_slots(person: DemoPerson, circ: Circumstances) -> dict[str, Slot]:
    """Names, pronouns and relationships."""
    sub, obj, pos = PRONOUNS[person.sex]
    return {
        "first": Pii("PERSON", person.first_name), "full": Pii("PERSON", person.full_name),
        "worker": Pii("PERSON", person.worker_name),
        "worker_first": Pii("PERSON", person.worker_name.split()[0]),
        "parent_word": "mum" if person.sex == "Female" else "dad",
        "expecting": "pregnant" if person.sex == "Female" else "going to be a dad",
        "carer": Pii("PERSON", person.carer_name),
        "carer_first": Pii("PERSON", person.carer_name.split()[0]),
        "carer_rel": person.carer_relationship,
        "friend": Pii("PERSON", circ.friend), "sibling": Pii("PERSON", circ.sibling),
        "sibling_rel": circ.sibling_rel, "partner": Pii("PERSON", circ.partner),
        "sib_obj": "her" if circ.sibling_rel == "sister" else "him",
        "sub": sub, "obj": obj, "pos": pos, "town": person.town, "college": circ.college,
        "year": f"Year {min(11, max(3, person.age - 4))}",
    }


def _identifier_slots(rng: random.Random, person: DemoPerson,
                      circ: Circumstances) -> dict[str, Slot]:
    """Identifiers and contact details, formatted afresh for each document."""
    slots: dict[str, Slot] = {
        "address": Pii("ADDRESS", person.address),
        "postcode": Pii("POSTCODE", ids.format_postcode(person.postcode, rng)),
        "nhs": Pii("NHS_NUMBER", ids.format_nhs_number(person.nhs_number, rng)),
        "dob": Pii("DATE_OF_BIRTH", ids.format_dob(person.date_of_birth, rng)),
        "landline": Pii("PHONE", circ.landline),
    }
    if person.phone:
        slots["phone"] = Pii("PHONE", ids.format_phone(person.phone, rng))
    if person.email:
        slots["email"] = Pii("EMAIL", person.email)
    if person.ni_number:
        slots["ni"] = Pii("NI_NUMBER", ids.format_ni_number(person.ni_number, rng))
    return slots


def _child_slots(rng: random.Random, person: DemoPerson, day: date) -> dict[str, Slot]:
    """The parent's child: name, age on the day, pronouns, DOB and NHS number."""
    if person.child_first_name is None or person.child_date_of_birth is None:
        return {}
    csub, cobj, cpos = PRONOUNS[person.child_sex or "Female"]
    return {"child": Pii("PERSON", person.child_first_name),
            "child_age": f"aged {age_on(person.child_date_of_birth, day)}",
            "csub": csub, "cobj": cobj, "cpos": cpos,
            "child_dob": Pii("DATE_OF_BIRTH", ids.format_dob(person.child_date_of_birth, rng)),
            "child_nhs": Pii("NHS_NUMBER",
                             ids.format_nhs_number(person.child_nhs_number or "", rng))}


def build_slots(rng: random.Random, person: DemoPerson, circ: Circumstances,
                day: date) -> dict[str, Slot]:
    """Every slot a template may use for this person on this day."""
    letter = person.accommodation_type
    slots = _person_slots(person, circ)
    slots.update(_identifier_slots(rng, person, circ))
    slots.update(_child_slots(rng, person, day))
    slots["home_kind"] = rng.choice(HOME_KIND.get(letter or "", ("home",)))
    slots["date"] = ids.format_event_date(day, rng)
    slots["next_date"] = ids.format_event_date(day + timedelta(days=rng.randint(5, 42)), rng)
    slots["money"] = rng.choice(_MONEY)
    if person.care_leaver_age_group:  # DfE's groups start at 17
        slots["age_group"] = person.care_leaver_age_group
    return slots
