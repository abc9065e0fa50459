"""The demo generator's survey answers: valid values, plausible patterns, safeguarding."""

from datetime import datetime, timezone

from voice.demo import SURVEYS, generate_answers, generate_people
from voice.demo.answers import FREE_TEXT_KEYS, survey_for
from voice.demo.circumstances import circumstances
from voice.demo.freetext import SAFEGUARDING


def test_answers_use_only_listed_keys_and_values(bundle):
    for r in bundle.responses:
        questions = SURVEYS[r.survey_key]
        assert set(r.answers) <= set(questions)
        for key, value in r.answers.items():
            question = questions[key]
            if question.kind == "text":
                assert isinstance(value, str) and value
                assert len(value.split()) <= 60 + 20 * r.safeguarding
            elif question.kind == "multi":
                assert value and set(value) <= set(question.options)
                assert len(set(value)) == len(value)
                for alone in ("nobody", "none"):
                    assert alone not in value or value == [alone]
                assert "nobody_else" not in value or set(value) <= {"me", "nobody_else"}
            else:
                assert value in question.options and not isinstance(value, bool)
        if r.answers.get("heard_of_readiness") == "no" and "heard_when" in r.answers:
            assert r.answers["heard_when"] == "not_heard"


def test_responses_are_mostly_from_people_plus_forty_kiosk(bundle):
    responses = bundle.responses
    named = [r for r in responses if r.person_index is not None]
    kiosk = [r for r in responses if r.person_index is None]
    assert len(kiosk) == 40 and all(r.channel == "kiosk" for r in kiosk)
    assert 0.75 <= len(named) / len(bundle.people) <= 0.95
    assert len({r.person_index for r in named}) == len(named)
    assert len({r.client_uuid for r in responses}) == len(responses)
    for r in named:
        assert r.survey_key == survey_for(bundle.people[r.person_index])
        assert r.area_code == bundle.people[r.person_index].area_code
    for r in responses:
        assert set(r.consents) == {"own_support", "service_improvement", "research"}
        assert r.language in ("en", "cy", "pl")
        assert r.submitted_at.tzinfo is not None and r.submitted_at.utcoffset().total_seconds() == 0
        assert datetime(2024, 6, 1, tzinfo=timezone.utc) <= r.submitted_at
    assert not any(r.consents["own_support"] for r in kiosk)
    assert {r.language for r in responses} == {"en", "cy", "pl"}


def test_a_few_free_text_answers_raise_safeguarding(bundle):
    phrases = [p for group in SAFEGUARDING.values() for p in group]
    flagged = [r for r in bundle.responses if r.safeguarding]
    with_text = [r for r in bundle.responses if FREE_TEXT_KEYS[r.survey_key] in r.answers]
    assert 2 <= len(flagged) <= 0.05 * len(with_text)
    for r in flagged:
        assert any(p in r.answers[FREE_TEXT_KEYS[r.survey_key]] for p in phrases)
    for r in bundle.responses:
        if not r.safeguarding and FREE_TEXT_KEYS[r.survey_key] in r.answers:
            assert not any(p in r.answers[FREE_TEXT_KEYS[r.survey_key]] for p in phrases)


def test_answers_show_the_suitability_gap():
    people = generate_people(2026, 1200)
    responses = generate_answers(2026, people, kiosk=0)
    by_suitability: dict[str, list[int]] = {"1": [], "2": []}
    for r in responses:
        face = r.answers.get("feel_safe_home")
        if r.survey_key == "where-i-live" and isinstance(face, int):
            by_suitability[people[r.person_index].accommodation_suitability].append(face)
    suitable, unsuitable = by_suitability["1"], by_suitability["2"]
    assert sum(suitable) / len(suitable) > sum(unsuitable) / len(unsuitable) + 1
    gap = sum(face <= 2 for face in suitable) / len(suitable)
    assert 0.05 < gap < 0.35  # some judged 'suitable' still do not feel safe


def test_parents_of_children_with_send_wait_more_for_salt():
    people = generate_people(2026, 1500)
    responses = generate_answers(2026, people, kiosk=0)
    waiting = {True: [], False: []}
    for r in responses:
        if "waiting_salt" in r.answers:
            send = bool(people[r.person_index].send)
            waiting[send].append(r.answers["waiting_salt"] == "waiting")
    assert sum(waiting[True]) / len(waiting[True]) > 1.5 * sum(waiting[False]) / len(waiting[False])


def test_notes_agree_with_the_outlook_answers_come_from(bundle):
    for d in bundle.documents:
        person = bundle.people[d.person_index]
        if person.cohort == "care_leaver":
            safe = circumstances(bundle.seed, person).outlook["safety"]
            assert not ("feels safe where" in d.text and not safe)
            assert not ("doesn't feel safe at the" in d.text and safe)
