"""What the format defines once for every survey: question types, built-in answer options
(the five faces, yes/no, yes/no/not sure) with their labels in each shipped language, and
default limits.

A face-scale option's label is the text a screen reader announces for that face, so every
face has words, not only a picture. A survey may declare another language only if it gives
these questions their own `options` with labels in that language.
"""

from typing import Any

QUESTION_TYPES = ("single_choice", "multiple_choice", "face_scale", "yes_no", "yes_no_not_sure",
                  "scale_0_10", "short_text", "long_text", "month_year", "number", "note")
CHOICE_TYPES = ("single_choice", "multiple_choice")
TEXT_TYPES = ("short_text", "long_text")
# Types a show_if condition may depend on: ones whose answer is a known value or a number.
CONDITION_TYPES = CHOICE_TYPES + ("face_scale", "yes_no", "yes_no_not_sure", "scale_0_10", "number")
DEFAULT_MAX_LENGTH = {"short_text": 200, "long_text": 2000}
MAX_MAX_LENGTH = 10_000
SCALE_RANGE = (0, 10)
RIGHT_TO_LEFT = frozenset({"ar", "ur", "fa", "he", "ps", "ckb", "yi", "dv", "sd"})

FACE_VALUES = (1, 2, 3, 4, 5, "prefer_not")
BUILTIN_LABELS: dict[str, dict[str, tuple[str, ...]]] = {
    # Labels in the order of the values: 1 (very unhappy) ... 5 (very happy), then prefer_not.
    "face_scale": {
        "en": ("Very unhappy", "Unhappy", "Okay", "Happy", "Very happy", "I'd rather not say"),
        "cy": ("Anhapus iawn", "Anhapus", "Gweddol", "Hapus", "Hapus iawn",
               "Byddai'n well gen i beidio â dweud"),
        "ur": ("بہت ناخوش", "ناخوش", "ٹھیک ہے", "خوش", "بہت خوش", "مجھے نہیں بتانا"),
    },
    "yes_no": {
        "en": ("Yes", "No"),
        "cy": ("Ie", "Na"),
        "ur": ("ہاں", "نہیں"),
    },
    "yes_no_not_sure": {
        "en": ("Yes", "No", "Not sure"),
        "cy": ("Ie", "Na", "Dw i ddim yn siŵr"),
        "ur": ("ہاں", "نہیں", "مجھے یقین نہیں"),
    },
}
BUILTIN_VALUES: dict[str, tuple[Any, ...]] = {
    "face_scale": FACE_VALUES,
    "yes_no": ("yes", "no"),
    "yes_no_not_sure": ("yes", "no", "not_sure"),
}


def builtin_options(question_type: str, languages: list[str]) -> list[dict[str, Any]] | None:
    """The built-in options of a type in these languages; None if the type has none or a
    language has no built-in labels."""
    labels = BUILTIN_LABELS.get(question_type)
    if labels is None or any(language not in labels for language in languages):
        return None
    return [{"value": value, "label": {language: labels[language][index] for language in languages}}
            for index, value in enumerate(BUILTIN_VALUES[question_type])]


def text_direction(language: str) -> str:
    """'rtl' for languages written right to left (Urdu, Arabic...), else 'ltr'."""
    return "rtl" if language.split("-")[0].lower() in RIGHT_TO_LEFT else "ltr"
