"""XLSForm import: the subset that maps is converted; everything else is refused in one message."""

from pathlib import Path

import pytest
from openpyxl import Workbook

from voice.surveys import InvalidSurvey
from voice.xlsform import parse_relevant, read_xlsform

FIXTURES = Path(__file__).parent / "data" / "xlsform"


def refused(path: Path, **kwargs) -> InvalidSurvey:
    """The error reading this form raises."""
    with pytest.raises(InvalidSurvey) as caught:
        read_xlsform(path, **kwargs)
    return caught.value


def test_a_bilingual_form_becomes_a_definition():
    definition = read_xlsform(FIXTURES / "family-hub.md", audience="parents_carers")
    assert definition["key"] == "family-hub" and definition["languages"] == ["en", "cy"]
    assert definition["title"] == {"en": "Family hub visit", "cy": "Family hub visit"}
    assert definition["audience"] == "parents_carers"
    questions = {q["key"]: q for q in definition["questions"]}
    assert list(questions) == ["welcome", "visited", "used", "visits", "travel", "first_visit",
                               "name_child", "better"]  # 'start' is a timestamp, not a question
    assert [q["type"] for q in questions.values()] == [
        "note", "single_choice", "multiple_choice", "number", "number", "month_year",
        "short_text", "long_text"]
    visited = questions["visited"]
    assert visited["required"] is True
    assert visited["hint"] == {"en": "Choose one.", "cy": "Dewiswch un."}
    assert visited["options"][0] == {"value": "yes", "label": {"en": "Yes", "cy": "Ie"}}
    # The group's relevant is and-ed into each question inside it.
    assert questions["visits"]["show_if"] == [{"question": "visited", "equals": "yes"}]
    assert questions["visits"]["integer"] is True and questions["visits"]["required"] is True
    assert questions["travel"]["show_if"] == [{"question": "visited", "not_equals": "no"}]
    assert questions["better"]["show_if"] == [{"question": "used", "equals": "play"},
                                              {"question": "visited", "equals": "yes"}]
    assert questions["name_child"]["max_length"] == 200
    assert questions["better"]["max_length"] == 2000


def test_a_form_without_language_columns_is_english():
    definition = read_xlsform(FIXTURES / "plain.md", key="about-you")
    assert definition["key"] == "about-you" and definition["languages"] == ["en"]
    assert definition["questions"][0]["label"] == {"en": "What is your name?"}


def test_every_unsupported_row_is_listed_in_one_message():
    error = refused(FIXTURES / "unsupported.md")
    assert [line for line, _ in error.errors] == [3, 4, 5, 6, 7, 9, 10, 11, 12]
    text = str(error)
    assert text.startswith("unsupported.md: cannot import 9 row(s)") and "nothing was imported" in text
    for expected in ("row 3: geopoint", "row 4: image", "row 5: audio", "row 6: barcode",
                     "row 7: begin repeat", "row 10: calculate", "row 11: text: relevant",
                     "row 12: date: a date is only supported as month and year"):
        assert expected in text, expected


def test_missing_translations_and_bad_conditions_name_their_row():
    error = refused(FIXTURES / "missing-welsh.md")
    messages = {line: message for line, message in error.errors}
    assert "option 'no' label has no Welsh (cy) text" in messages[2]
    assert "Question 'why' label has no Welsh (cy) text" in messages[3]
    assert "'happy' has no option with that value" in messages[4]
    assert "row 3: Question 'why'" in str(error)


def test_a_bad_key_says_how_to_give_one():
    error = refused(FIXTURES / "plain.md", key="Not A Key")
    assert "lower-case letters" in str(error)


@pytest.mark.parametrize("expression, expected", [
    ("${a} = 'x'", [{"question": "a", "equals": "x"}]),
    ("${a}!='x' and selected(${b}, \"y\")",
     [{"question": "a", "not_equals": "x"}, {"question": "b", "equals": "y"}]),
    ("${n} = 3", [{"question": "n", "equals": 3}]),
    ("${a} = 'x' or ${b} = 'y'", None),
    ("${n} > 3", None),
    ("not(selected(${b}, 'y'))", None),
    ("${a} = 'x' and", None),
])
def test_relevant_expressions(expression, expected):
    assert parse_relevant(expression) == expected


def test_a_real_xlsx_workbook(tmp_path):
    workbook = Workbook()
    survey = workbook.active
    survey.title = "survey"
    for row in (("type", "name", "label::English (en)", "label::Urdu (ur)", "relevant"),
                ("select_one mood", "mood", "How do you feel?", "آپ کیسا محسوس کرتے ہیں؟", None),
                ("text", "why", "Why?", "کیوں؟", "${mood} = 'sad'"),
                ("geopoint", "where", "Where?", "کہاں؟", None)):
        survey.append(row)
    choices = workbook.create_sheet("choices")
    for row in (("list_name", "name", "label::English (en)", "label::Urdu (ur)"),
                ("mood", "happy", "Happy", "خوش"), ("mood", "sad", "Sad", "اداس")):
        choices.append(row)
    settings = workbook.create_sheet("settings")
    settings.append(("form_title", "form_id"))
    settings.append(("Mood check", "mood-check"))
    path = tmp_path / "mood.xlsx"
    workbook.save(path)
    assert [line for line, _ in refused(path).errors] == [4]

    survey.delete_rows(4)
    workbook.save(path)
    definition = read_xlsform(path)
    assert definition["key"] == "mood-check" and definition["languages"] == ["en", "ur"]
    assert definition["questions"][1]["show_if"] == [{"question": "mood", "equals": "sad"}]
    assert definition["questions"][0]["options"][1]["label"]["ur"] == "اداس"


def test_a_file_that_is_not_a_form(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("Just some notes, no tables.\n", "utf-8")
    assert "not an XLSForm" in str(refused(path))
