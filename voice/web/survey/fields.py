"""One question's form: read the submitted fields into a typed answer, with a message in the
respondent's language when it does not fit, and describe the answer on the check page."""

from typing import Any

from flask_babel import gettext as _
from markupsafe import escape

from voice.responses import check_answer
from voice.web.survey.i18n import local

# The five faces as drawings (not emoji, which each tablet draws differently or not at all):
# the mouth's curve, from a deep frown (1) to an open smile (5).
MOUTHS = {1: "M20 47 Q32 33 44 47", 2: "M21 45 Q32 38 43 45", 3: "M21 43 L43 43",
          4: "M21 40 Q32 48 43 40", 5: "M18 37 Q32 57 46 37 Z"}
FACE_SVG = ('<svg class="app-face" viewBox="0 0 64 64" aria-hidden="true" focusable="false">'
            '<circle class="app-face__skin" cx="32" cy="32" r="29"/>'
            '<circle class="app-face__feature" cx="23" cy="25" r="3.5"/>'
            '<circle class="app-face__feature" cx="41" cy="25" r="3.5"/>'
            '<path class="app-face__mouth{open}" d="{mouth}"/></svg>')
FACES = {value: FACE_SVG.format(mouth=mouth, open=" app-face__mouth--open" if value == 5 else "")
         for value, mouth in MOUTHS.items()}
NO_FACE = '<span class="app-face" aria-hidden="true"></span>'


def option_items(question: dict[str, Any], chosen: Any) -> list[dict[str, Any]]:
    """GOV.UK radio or checkbox items for a question's options, the chosen ones checked."""
    picked = chosen if isinstance(chosen, list) else [chosen]
    items = []
    for option in question.get("options") or []:
        label = local(option["label"])
        item = {"value": str(option["value"]), "checked": option["value"] in picked}
        if question["type"] == "face_scale":  # the face is decoration; the words are the name
            face = FACES.get(option["value"], NO_FACE)  # "I'd rather not say": a blank, to line up
            item["html"] = f'{face}<span>{escape(label)}</span>'
        else:
            item["text"] = label
        items.append(item)
    return items


def scale_items(chosen: Any) -> list[dict[str, Any]]:
    """Radio items 0 to 10."""
    return [{"value": str(n), "text": str(n), "checked": chosen == n} for n in range(11)]


def _by_string(question: dict[str, Any], raw: str) -> Any:
    for option in question.get("options") or []:
        if str(option["value"]) == raw:
            return option["value"]
    return raw  # not an option: check_answer refuses it


def _number(raw: str) -> Any:
    try:
        number = float(raw.replace(",", ""))
    except ValueError:
        return raw
    return int(number) if number.is_integer() else number


def _month_year(form: Any) -> str | None:
    month, year = form.get("answer-month", "").strip(), form.get("answer-year", "").strip()
    if not month and not year:
        return None
    return f"{year}-{month.zfill(2)}" if month.isdigit() and year.isdigit() else f"{year}-{month}"


def read_answer(question: dict[str, Any], form: Any) -> Any:
    """The typed answer from the submitted form (None when nothing was given)."""
    kind = question["type"]
    if kind == "multiple_choice":
        return [_by_string(question, raw) for raw in form.getlist("answer")] or None
    if kind == "month_year":
        return _month_year(form)
    raw = form.get("answer", "")
    raw = raw.replace("\r\n", "\n") if kind in ("short_text", "long_text") else raw.strip()
    if not raw.strip():
        return None
    if kind in ("number", "scale_0_10"):
        return _number(raw)
    if kind in ("short_text", "long_text"):
        return raw
    return _by_string(question, raw)


def problem_with(question: dict[str, Any], value: Any) -> str | None:
    """What is wrong with an answer, in the page's language; None if it fits."""
    if value is None:
        return _("Answer this question, or skip it.") if question.get("required") else None
    if check_answer(question, value) is None:
        return None
    kind = question["type"]
    if kind in ("short_text", "long_text") and isinstance(value, str):
        return _("Your answer must be %(limit)s characters or fewer. Make it shorter, or skip "
                 "this question.", limit=question.get("max_length"))
    if kind == "number":
        return _("Enter a number, like 3.")
    if kind == "month_year":
        return _("Enter a month and a year, like 9 and 2026.")
    return _("Choose one of the answers, or skip this question.")


def describe(question: dict[str, Any], value: Any) -> str:
    """An answer as words for the check-your-answers page."""
    if value is None:
        return _("Skipped")
    labels = {option["value"]: local(option["label"]) for option in question.get("options") or []}
    if isinstance(value, list):
        return ", ".join(labels.get(item, str(item)) for item in value)
    return labels.get(value, str(value))
