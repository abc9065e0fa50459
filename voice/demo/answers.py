"""Survey responses that correlate with each person's circumstances, plus anonymous kiosk ones.

Answers follow the same outlook as the person's case notes: care leavers in unsuitable or
precarious accommodation mostly feel unsafe, while some judged 'suitable' still do (the
suitability gap); parents of children with SEND more often wait for speech and language
therapy. Option values and question keys are exactly those in SURVEYS.
"""

import random
import uuid
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from voice.demo.circumstances import circumstances
from voice.demo.compose import Slot, Span
from voice.demo.freetext import SAFEGUARDING, free_text
from voice.demo.people import DemoPerson
from voice.demo.places import AREAS
from voice.demo.slots import build_slots
from voice.demo.vocab import is_polish_name


class Question(NamedTuple):
    """A question's kind (face, choice, multi, scale, text) and its allowed values."""

    kind: str
    options: tuple[Any, ...] = ()


FACE = (1, 2, 3, 4, 5)
YES_NO = ("yes", "no")
YES_NO_NOT_SURE = ("yes", "no", "not_sure")
SURVEYS: dict[str, dict[str, Question]] = {
    "where-i-live": {
        "feel_safe_home": Question("face", FACE + ("prefer_not",)),
        "feel_settled": Question("face", FACE),
        "home_right_for_me": Question("choice", YES_NO_NOT_SURE),
        "safe_neighbourhood": Question("face", FACE),
        "manage_bills": Question("choice", YES_NO_NOT_SURE),
        "who_helps": Question("multi", ("personal_adviser", "family", "friends", "partner",
                                        "support_worker", "nobody", "other")),
        "make_it_better": Question("text"),
    },
    "getting-ready-for-school": {
        "heard_of_readiness": Question("choice", YES_NO),
        "heard_when": Question("choice", ("before_nursery", "during_nursery",
                                          "final_year_nursery", "just_before_school",
                                          "not_heard")),
        "child_ready": Question("scale", tuple(range(11))),
        "talking_listening": Question("choice", ("no_worries", "some_worries", "big_worries")),
        "waiting_salt": Question("choice", ("not_needed", "waiting", "being_seen", "dont_know")),
        "worries": Question("multi", ("talking", "toileting", "making_friends", "separation",
                                      "behaviour", "health", "none")),
        "what_would_help": Question("text"),
    },
}
_MY_INFORMATION = {
    "know_what_written": Question("choice", YES_NO_NOT_SURE),
    "who_should_see": Question("multi", ("me", "my_carer", "my_social_worker", "my_teacher",
                                         "nobody_else")),
    "how_to_ask": Question("choice", ("talk_in_person", "on_a_tablet", "phone", "text_message")),
    "anything_else": Question("text"),
}
SURVEYS["my-information"] = dict(_MY_INFORMATION)
SURVEYS["my-information-8-11"] = dict(_MY_INFORMATION)
CONSENT_PURPOSES = ("own_support", "service_improvement", "research")
FREE_TEXT_KEYS = {"where-i-live": "make_it_better", "getting-ready-for-school": "what_would_help",
                  "my-information": "anything_else", "my-information-8-11": "anything_else"}
RESPONSES_START = date(2024, 6, 1)
RESPONSES_END = date(2025, 9, 30)
_LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class DemoResponse:
    """One completed survey; person_index is None for an anonymous kiosk response.

    pii maps a free-text question key to the personal-detail spans inside that answer;
    safeguarding marks answers given a safeguarding phrase on purpose, for the demo.
    """

    client_uuid: str
    person_index: int | None
    survey_key: str
    old_la_code: str
    area_code: str
    submitted_at: datetime
    language: str
    channel: str  # tablet (handed over by a worker), own_phone or kiosk
    consents: dict[str, bool]
    answers: dict[str, Any]
    pii: dict[str, tuple[Span, ...]] = field(default_factory=dict)
    safeguarding: bool = False


@dataclass(frozen=True)
class Profile:
    """What answers depend on: outlook by theme and a few facts about the respondent."""

    outlook: dict[str, bool]
    age: int
    send: bool = False
    sce: bool = False
    accommodation: str | None = None


def survey_for(person: DemoPerson) -> str:
    """The survey a person's cohort is asked to answer."""
    if person.cohort == "care_leaver":
        return "where-i-live"
    if person.cohort == "parent_carer":
        return "getting-ready-for-school"
    return "my-information-8-11" if person.age < 12 else "my-information"


def _face(rng: random.Random, good: bool) -> int:
    """A 1-5 face: mostly 4-5 when things are going well, mostly 1-2 when not."""
    return rng.choices(FACE, (1, 2, 8, 40, 49) if good else (30, 38, 22, 7, 3))[0]


def _pick_many(rng: random.Random, chances: dict[str, float], fallback: str) -> list[str]:
    """Each option ticked with its own chance; the fallback ("none", "nobody") alone if none."""
    ticked = [option for option, p in chances.items() if rng.random() < p]
    return ticked or [fallback]


def _where_i_live(rng: random.Random, prof: Profile) -> dict[str, Any]:
    """Care leavers' answers, led by whether they feel safe and settled."""
    safe, settled = prof.outlook["safety"], prof.outlook["stability"]
    supported = prof.accommodation in ("D", "T", "E", "V", "C")
    return {
        # Feeling unsafe makes 'prefer not to say' more likely, as in real surveys.
        "feel_safe_home": "prefer_not" if rng.random() < (0.02 if safe else 0.08)
        else _face(rng, safe),
        "feel_settled": _face(rng, settled),
        "home_right_for_me": rng.choices(YES_NO_NOT_SURE, (80, 5, 15) if safe and settled
                                         else (20, 45, 35))[0],
        "safe_neighbourhood": _face(rng, prof.outlook["neighbourhood"]),
        "manage_bills": rng.choices(YES_NO_NOT_SURE, (70, 10, 20) if prof.outlook["affordability"]
                                    else (15, 55, 30))[0],
        "who_helps": _pick_many(rng, {
            "personal_adviser": 0.75, "family": 0.6 if prof.accommodation == "B" else 0.25,
            "friends": 0.35, "partner": 0.15 if prof.age < 19 else 0.3,
            "support_worker": 0.6 if supported else 0.08, "other": 0.04}, "nobody"),
    }


def _getting_ready(rng: random.Random, prof: Profile) -> dict[str, Any]:
    """Parents' answers about their 3-5 year old, led by speech, readiness and SEND."""
    heard = rng.random() < (0.8 if prof.outlook["readiness_understanding"] else 0.3)
    talk_ok = prof.outlook["speech_language"]
    talking = rng.choices(("no_worries", "some_worries", "big_worries"),
                          (80, 18, 2) if talk_ok else (5, 55, 40) if not prof.send
                          else (2, 38, 60))[0]
    salt = "not_needed" if talking == "no_worries" and rng.random() < 0.85 else \
        rng.choices(("not_needed", "waiting", "being_seen", "dont_know"),
                    (10, 60, 20, 10) if prof.send else (15, 40, 20, 25))[0]
    # Parents tend to rate readiness high; SEND and talking worries pull it down.
    ready = rng.gauss(7.8 - 2.5 * prof.send - (1.2 if talking == "big_worries" else 0), 1.6)
    answers = {
        "heard_of_readiness": "yes" if heard else "no",
        "child_ready": max(0, min(10, round(ready))),
        "talking_listening": talking, "waiting_salt": salt,
        "worries": _pick_many(rng, {
            "talking": 0.0 if talking == "no_worries" else 0.8,
            "toileting": 0.15 if prof.outlook["health_development"] else 0.6,
            "making_friends": 0.2, "separation": 0.2,
            "behaviour": 0.35 if prof.send else 0.12, "health": 0.3 if prof.send else 0.08},
            "none"),
    }
    if heard:  # the survey asks 'when' only of parents who have heard of it
        answers["heard_when"] = rng.choices(("before_nursery", "during_nursery",
                                             "final_year_nursery", "just_before_school"),
                                            (15, 30, 30, 25))[0]
    return answers


def _my_information(rng: random.Random, prof: Profile) -> dict[str, Any]:
    """Children's answers about who sees what is written about them."""
    if rng.random() < 0.1:
        who = ["me", "nobody_else"]  # 'nobody else' excludes every other person
    else:
        who = _pick_many(rng, {"me": 0.8, "my_carer": 0.6,
                               "my_social_worker": 0.7 if prof.sce else 0.2,
                               "my_teacher": 0.3}, "me")
    ask_weights = (55, 30, 5, 10) if prof.age < 12 else (30, 25, 10, 35)
    return {
        "know_what_written": rng.choices(YES_NO_NOT_SURE,
                                         (25, 35, 40) if prof.sce else (40, 25, 35))[0],
        "who_should_see": who,
        "how_to_ask": rng.choices(("talk_in_person", "on_a_tablet", "phone", "text_message"),
                                  ask_weights)[0],
    }


_ANSWERERS = {"where-i-live": _where_i_live, "getting-ready-for-school": _getting_ready,
              "my-information": _my_information, "my-information-8-11": _my_information}
_AUDIENCE = {"where-i-live": "young_person", "getting-ready-for-school": "parent",
             "my-information": "child", "my-information-8-11": "younger_child"}
_TEXT_RATE = {"where-i-live": 0.7, "getting-ready-for-school": 0.6, "my-information": 0.55,
              "my-information-8-11": 0.45}


def _submitted_at(rng: random.Random) -> datetime:
    """A daytime (9am-8pm UK local time) in the survey period, as aware UTC like the app uses."""
    day = RESPONSES_START + timedelta(days=rng.randrange((RESPONSES_END - RESPONSES_START).days))
    clock = time(rng.randint(9, 19), rng.randrange(60), rng.randrange(60))
    return datetime.combine(day, clock, _LONDON).astimezone(timezone.utc)


def _consents(rng: random.Random, identified: bool, survey: str) -> dict[str, bool]:
    """Consent by purpose; own support needs a known person, so kiosk answers never have it."""
    research = 0.45 if survey == "my-information-8-11" else 0.6
    return {"own_support": identified and rng.random() < 0.92,
            "service_improvement": rng.random() < (0.88 if identified else 0.95),
            "research": rng.random() < research}


def _answers(rng: random.Random, survey: str, prof: Profile, slots: dict[str, Slot],
             language: str) -> tuple[dict[str, Any], dict[str, tuple[Span, ...]]]:
    """Closed answers with a few skipped (every question may be skipped), plus free text."""
    answers = {k: v for k, v in _ANSWERERS[survey](rng, prof).items() if rng.random() >= 0.04}
    pii: dict[str, tuple[Span, ...]] = {}
    if rng.random() < _TEXT_RATE[survey]:
        text = free_text(rng, _AUDIENCE[survey], prof.outlook, slots, language)
        if text.text:
            answers[FREE_TEXT_KEYS[survey]] = text.text
            pii[FREE_TEXT_KEYS[survey]] = text.spans
    return answers, pii


def _person_response(rng: random.Random, seed: int, person: DemoPerson) -> DemoResponse:
    """The response of one person to their cohort's survey."""
    survey = survey_for(person)
    circ = circumstances(seed, person)
    submitted = _submitted_at(rng)
    slots = build_slots(rng, person, circ, submitted.date())
    prof = Profile(circ.outlook, person.age, bool(person.send), person.social_care_experience,
                   person.accommodation_type)
    language = "pl" if is_polish_name(person.first_name) and rng.random() < 0.5 else \
        "cy" if rng.random() < 0.012 else "en"
    answers, pii = _answers(rng, survey, prof, slots, language)
    channel = rng.choices(("tablet", "own_phone"),
                          (45, 55) if person.cohort == "care_leaver" else (80, 20))[0]
    return DemoResponse(str(uuid.UUID(int=rng.getrandbits(128), version=4)), person.index,
                        survey, person.old_la_code, person.area_code, submitted, language,
                        channel, _consents(rng, True, survey), answers, pii)


def _kiosk_response(rng: random.Random) -> DemoResponse:
    """An anonymous answer at a Family Hub kiosk: nothing identifies who gave it."""
    survey = rng.choices(("getting-ready-for-school", "my-information-8-11", "my-information"),
                         (60, 20, 20))[0]
    place = rng.choice(AREAS)
    themes = ("safety", "stability", "wellbeing", "relationships", "listened_to",
              "affordability", "speech_language", "readiness_understanding",
              "health_development")
    prof = Profile({t: rng.random() < 0.55 for t in themes},
                   rng.randint(8, 11) if survey == "my-information-8-11" else rng.randint(12, 15),
                   send=rng.random() < 0.15, sce=rng.random() < 0.2)
    slots: dict[str, Slot] = {"town": rng.choice(place.towns)}
    language = rng.choices(("en", "pl", "cy"), (89, 8, 3))[0]
    answers, pii = _answers(rng, survey, prof, slots, language)
    return DemoResponse(str(uuid.UUID(int=rng.getrandbits(128), version=4)), None, survey,
                        place.old_la_code, place.code, _submitted_at(rng), language, "kiosk",
                        _consents(rng, False, survey), answers, pii)


def _add_safeguarding(rng: random.Random, responses: list[DemoResponse]) -> list[DemoResponse]:
    """Append a safeguarding phrase to about 2% of English free-text answers (at least two)."""
    candidates = [i for i, r in enumerate(responses)
                  if r.language == "en" and FREE_TEXT_KEYS[r.survey_key] in r.answers]
    chosen = rng.sample(candidates, min(len(candidates), max(2, round(0.02 * len(candidates)))))
    out = list(responses)
    for i in chosen:
        response = out[i]
        key = FREE_TEXT_KEYS[response.survey_key]
        audience = _AUDIENCE[response.survey_key].replace("younger_", "")
        # Appending keeps the existing personal-detail spans where they are.
        text = response.answers[key]
        separator = " " if text.endswith((".", "!", "?")) else ". "
        text += separator + rng.choice(SAFEGUARDING[audience])
        out[i] = replace(response, answers={**response.answers, key: text}, safeguarding=True)
    return out


def generate_answers(seed: int, people: list[DemoPerson], kiosk: int = 40,
                     response_rate: float = 0.85) -> list[DemoResponse]:
    """About 85% of people answer their cohort's survey, plus anonymous kiosk answers."""
    rng = random.Random(f"{seed}:answers")  # seeded random for reproducible demo data, not security  # nosec B311
    responses = [_person_response(rng, seed, p) for p in people if rng.random() < response_rate]
    responses += [_kiosk_response(rng) for _ in range(kiosk)]
    responses = _add_safeguarding(rng, responses)
    return sorted(responses, key=lambda r: r.submitted_at)
