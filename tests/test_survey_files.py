"""Survey definitions as files: the shipped surveys, every check with its line, and versions."""

import textwrap
from pathlib import Path

import pytest
from sqlmodel import select

from voice.demo.answers import SURVEYS as DEMO_SURVEYS
from voice.models import Question, Survey, SurveyVersion
from voice.survey_files import (InvalidSurvey, read_survey_file, store_shipped_surveys,
                                store_survey)
from voice.surveys import SURVEY_DIR, is_shown, shipped_survey_paths, text_direction

SHIPPED_KEYS = {"where-i-live", "getting-ready-for-school", "my-information",
                "my-information-8-11", "using-information-well"}
GOOD = """\
key: test-survey
title: {en: Test, cy: Prawf}
languages: [en, cy]
audience: young_people
questions:
  - key: happy
    type: face_scale
    label: {en: "Are you happy?", cy: "Wyt ti'n hapus?"}
  - key: why
    type: long_text
    show_if: {question: happy, in: [1, 2]}
    label: {en: "Why?", cy: "Pam?"}
"""


def write(tmp_path: Path, text: str, name: str = "survey.yaml") -> Path:
    """A survey file with this text."""
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), "utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[tuple[int | None, str]]:
    """The (line, message) pairs reading this text raises."""
    with pytest.raises(InvalidSurvey) as caught:
        read_survey_file(write(tmp_path, text))
    return caught.value.errors


def all_texts(definition: dict) -> list[dict]:
    """Every per-language text in a definition."""
    texts = [definition["title"], definition.get("description", {})]
    for question in definition["questions"]:
        texts += [question["label"], question.get("hint", {})]
        texts += [option["label"] for option in question.get("options", [])]
    return [text for text in texts if text]


def test_shipped_surveys_are_valid_and_fully_translated():
    definitions = {d["key"]: d for d in map(read_survey_file, shipped_survey_paths())}
    assert set(definitions) == SHIPPED_KEYS
    for key, definition in definitions.items():
        expected = ["en", "cy", "ur"] if key in ("where-i-live", "getting-ready-for-school") \
            else ["en", "cy"]
        assert definition["languages"] == expected
        for text in all_texts(definition):
            assert set(text) == set(expected), (key, text)
    assert text_direction("ur") == "rtl" and text_direction("cy") == "ltr"


def test_shipped_surveys_keep_the_keys_and_values_the_demo_answers_use():
    for key, questions in DEMO_SURVEYS.items():
        definition = read_survey_file(SURVEY_DIR / f"{key}.yaml")
        by_key = {q["key"]: q for q in definition["questions"]}
        for question_key, demo in questions.items():
            assert question_key in by_key, (key, question_key)
            values = {o["value"] for o in by_key[question_key].get("options", [])}
            if demo.kind in ("face", "choice", "multi"):
                assert set(demo.options) <= values, (key, question_key)


def test_defaults_are_written_out_when_read():
    definition = read_survey_file(SURVEY_DIR / "where-i-live.yaml")
    face = definition["questions"][0]
    assert [o["value"] for o in face["options"]] == [1, 2, 3, 4, 5, "prefer_not"]
    assert face["options"][5]["label"]["en"] == "I'd rather not say"
    assert all(o["label"]["ur"] for o in face["options"])  # screen readers read these
    free_text = definition["questions"][-1]
    assert free_text["max_length"] == 2000 and free_text["required"] is False
    school = read_survey_file(SURVEY_DIR / "getting-ready-for-school.yaml")
    assert school["questions"][1]["show_if"] == [{"question": "heard_of_readiness", "equals": "yes"}]


def test_every_problem_is_reported_with_its_line(tmp_path):
    errors = problems(tmp_path, """\
        key: test-survey
        version: 3
        title: {en: Test, cy: Prawf}
        languages: [en, cy]
        audience: young_people
        questions:
          - key: happy
            type: face_scale
            colour: blue
            label: {en: "Are you happy?"}
          - key: pets
            type: single_choice
            label: {en: "Pets?", cy: "Anifeiliaid?"}
            show_if: {question: later, equals: "x"}
            options:
              - {value: cat, label: {en: Cat, cy: Cath}}
              - {value: cat, label: {en: Dog, cy: Ci}}
          - key: happy
            type: short_text
            label: {en: Again, cy: Eto}
          - key: later
            type: yes_no
            label: {en: "Later?", cy: "Wedyn?"}
    """)
    messages = dict((line, message) for line, message in errors)
    assert sorted(messages) == [2, 9]  # the schema speaks first: unknown fields
    assert "version" in messages[2] and "database" in messages[2]
    assert "'colour' is not a field" in messages[9]
    errors = problems(tmp_path, """\
        key: test-survey
        title: {en: Test, cy: Prawf}
        languages: [en, cy]
        audience: young_people
        questions:
          - key: happy
            type: face_scale
            label: {en: "Are you happy?"}
          - key: pets
            type: single_choice
            label: {en: "Pets?", cy: "Anifeiliaid?"}
            show_if: {question: later, equals: "x"}
            options:
              - {value: cat, label: {en: Cat, cy: Cath}}
              - {value: cat, label: {en: Dog, cy: Ci}}
          - key: happy
            type: short_text
            label: {en: Again, cy: Eto}
          - key: later
            type: yes_no
            label: {en: "Later?", cy: "Wedyn?"}
    """)
    lines = [line for line, _ in errors]
    assert lines == [8, 12, 15, 16]
    text = str(InvalidSurvey(errors, "survey.yaml"))
    assert "4 problems" in text
    assert "line 8, column 5: Question 'happy' label has no Welsh (cy) text" in text
    assert "'later', which comes at or after this one" in text
    assert "option value 'cat' is used twice" in text
    assert "Question key 'happy' is used twice" in text


@pytest.mark.parametrize("change, line, expected", [
    ("show_if: {question: happy, in: [1, 7]}", 11, "no option with that value"),
    ("show_if: {question: nobody, equals: 1}", 11, "does not exist"),
    ("show_if: {question: happy}", 11, "exactly one of equals"),
    ("max_length: 50\n    show_if: {question: happy, equals: 1}", 11, "max_length"),
    ("show_if: {question: happy, equals: yes}", 11, "put the value in quotes"),
])
def test_condition_and_field_problems(tmp_path, change, line, expected):
    text = GOOD.replace("show_if: {question: happy, in: [1, 2]}", change).replace(
        "type: long_text", "type: single_choice\n    options: [{value: a, label: {en: A, cy: A}},"
        " {value: b, label: {en: B, cy: B}}]" if "max_length" in change else "type: long_text")
    found = problems(tmp_path, text)
    assert any(expected in message for _, message in found), found
    assert found[0][0] >= line - 1


@pytest.mark.parametrize("text, expected", [
    ("key: x\n  bad: [", "not valid YAML"),
    ("", "empty"),
    ("key: a\nkey: b\n", "written twice"),
    (GOOD.replace("languages: [en, cy]", "languages: [en, cy, pl]"), "face_scale has no built-in"),
    (GOOD.replace("title: {en: Test, cy: Prawf}", "title: {en: Test, cy: Prawf, fr: Essai}"),
     "not in languages"),
    (GOOD.replace("type: long_text", "type: essay"), "is not one of"),
    (GOOD.replace("key: test-survey", "key: Test Survey"), "lower-case letters"),
])
def test_malformed_files_say_what_to_do(tmp_path, text, expected):
    found = problems(tmp_path, text)
    assert any(expected in message for _, message in found), found
    assert all(line is not None for line, _ in found)


def test_show_if_decides_what_is_asked(tmp_path):
    definition = read_survey_file(write(tmp_path, GOOD))
    why = definition["questions"][1]
    assert is_shown(why, {"happy": 1}) and not is_shown(why, {"happy": 5})
    assert not is_shown(why, {})
    assert is_shown({"show_if": [{"question": "who", "equals": "mum"},
                                 {"question": "ok", "not_equals": "no"}]},
                    {"who": ["mum", "dad"], "ok": "yes"})


def test_storing_makes_a_version_only_when_the_content_changes(session, tmp_path):
    definition = read_survey_file(write(tmp_path, GOOD))
    first, created = store_survey(session, definition)
    assert created and first.version == 1
    again, created = store_survey(session, definition)
    assert not created and again.id == first.id
    edited = read_survey_file(write(tmp_path, GOOD.replace("Why?", "Why is that?")))
    second, created = store_survey(session, edited)
    session.commit()
    assert created and second.version == 2
    questions = session.exec(select(Question).where(Question.survey_version_id == second.id)
                             .order_by(Question.position)).all()
    assert [(q.key, q.type, q.required) for q in questions] == [
        ("happy", "face_scale", False), ("why", "long_text", False)]
    assert questions[1].definition["label"]["en"] == "Why is that?"


def test_store_survey_refuses_an_invalid_definition(session):
    with pytest.raises(InvalidSurvey):
        store_survey(session, {"key": "x", "questions": []})
    assert session.exec(select(Survey)).all() == []


def test_shipped_surveys_are_stored_once(session):
    assert store_shipped_surveys(session) == 5
    assert store_shipped_surveys(session) == 0
    session.commit()
    survey = session.exec(select(Survey).where(Survey.key == "where-i-live")).one()
    assert survey.title == "Where I live" and survey.audience == "care_leavers"
    version = session.exec(select(SurveyVersion).where(SurveyVersion.survey_id == survey.id)).one()
    assert version.definition["languages"] == ["en", "cy", "ur"]
