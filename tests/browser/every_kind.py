"""A survey with one question of each kind the shipped surveys do not use (a required choice,
month and year, number, short text with a small limit, a note), in English and Urdu, so the
browser tests see every page type and its error messages."""

from sqlmodel import Session

from voice.surveys import store_survey

KEY = "every-kind"


def text(en: str, ur: str) -> dict[str, str]:
    return {"en": en, "ur": ur}


DEFINITION = {
    "key": KEY, "title": text("Every kind of question", "ہر قسم کا سوال"), "languages": ["en", "ur"],
    "audience": "test",
    "questions": [
        {"key": "note", "type": "note", "label": text("Before you begin", "شروع کرنے سے پہلے"),
         "hint": text("There are four questions.", "چار سوال ہیں۔")},
        {"key": "colour", "type": "single_choice", "required": True,
         "label": text("Which colour do you like?", "آپ کو کون سا رنگ پسند ہے؟"),
         "options": [{"value": "red", "label": text("Red", "لال")},
                     {"value": "blue", "label": text("Blue", "نیلا")}]},
        {"key": "moved_in", "type": "month_year",
         "label": text("When did you move in?", "آپ کب منتقل ہوئے؟")},
        {"key": "people", "type": "number", "min": 1, "max": 20, "integer": True,
         "label": text("How many people live with you?", "آپ کے ساتھ کتنے لوگ رہتے ہیں؟")},
        {"key": "nickname", "type": "short_text", "max_length": 10,
         "label": text("What should we call you?", "ہم آپ کو کیا کہیں؟")},
    ],
}


def store_every_kind(session: Session) -> None:
    """Store the survey (committed)."""
    store_survey(session, DEFINITION)
    session.commit()
