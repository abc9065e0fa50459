"""The order of a survey's pages for one respondent: which questions are shown (show_if), what
comes next and before, and how far along they are."""

from typing import Any

from voice.surveys import is_shown


def shown_questions(definition: dict[str, Any], answers: dict[str, Any]) -> list[dict[str, Any]]:
    """The questions (and notes) this respondent is asked, given their answers so far."""
    shown: list[dict[str, Any]] = []
    for question in definition["questions"]:
        # Only answers to questions still shown count towards later conditions.
        so_far = {q["key"]: answers[q["key"]] for q in shown if q["key"] in answers}
        if is_shown(question, so_far):
            shown.append(question)
    return shown


def find_question(definition: dict[str, Any], key: str) -> dict[str, Any] | None:
    """The question with this key, or None."""
    return next((q for q in definition["questions"] if q["key"] == key), None)


def next_key(definition: dict[str, Any], answers: dict[str, Any], key: str | None) -> str | None:
    """The key of the question after `key` (the first when None); None at the end."""
    shown = [q["key"] for q in shown_questions(definition, answers)]
    if key is None:
        return shown[0] if shown else None
    if key not in shown:
        return None
    index = shown.index(key)
    return shown[index + 1] if index + 1 < len(shown) else None


def previous_key(definition: dict[str, Any], answers: dict[str, Any], key: str) -> str | None:
    """The key of the question before `key`; None for the first."""
    shown = [q["key"] for q in shown_questions(definition, answers)]
    index = shown.index(key) if key in shown else 0
    return shown[index - 1] if index > 0 else None


def progress(definition: dict[str, Any], answers: dict[str, Any], key: str) -> tuple[int, int] | None:
    """(number, of) for "Question 3 of 7", counting questions only (not notes); None for a note."""
    asked = [q["key"] for q in shown_questions(definition, answers) if q["type"] != "note"]
    if key not in asked:
        return None
    return asked.index(key) + 1, len(asked)


def kept_answers(definition: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """Only the answers to questions still shown (a changed answer can hide later questions)."""
    shown = {q["key"] for q in shown_questions(definition, answers)}
    return {key: value for key, value in answers.items() if key in shown}


def revealed(definition: dict[str, Any], answers: dict[str, Any], key: str | None) -> bool:
    """Whether `key` is a conditional question, now shown and not yet answered."""
    question = find_question(definition, key) if key else None
    return bool(question and question.get("show_if") and key not in answers
                and question["type"] != "note")
