"""Helpers for walking the respondent's pages as a browser without JavaScript would."""

import re
from typing import Any
from urllib.parse import urlsplit

from sqlmodel import Session

from tests.helpers import OWN_LA, la_id
from voice.invitations import create_invitation

TOKEN_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def make_link(app: Any, session: Session, key: str = "where-i-live", mode: str = "single",
              uses: int | None = None, identifier: str | None = None, expires=None) -> str:
    """A new invitation's token (committed)."""
    with app.app_context():
        _, token = create_invitation(session, key, mode, uses, expires, la_id(session, OWN_LA),
                                     None, None, respondent_identifier=identifier)
        session.commit()
    return token


def csrf(html: str) -> str:
    """The CSRF token in a page's form ("" if CSRF is off)."""
    match = TOKEN_FIELD.search(html)
    return match.group(1) if match else ""


def post(client: Any, path: str, data: dict | None = None, **kwargs: Any) -> Any:
    """POST a form on `path` with the CSRF token read from the same page."""
    page = client.get(path)
    fields = {"csrf_token": csrf(page.get_data(as_text=True)), **(data or {})}
    return client.post(path, data=fields, **kwargs)


def begin(client: Any, token: str, consents: tuple[str, ...] = ()) -> Any:
    """Start the survey and answer the consent page; return the first question's response."""
    started = post(client, f"/s/{token}", {"action": "new"})
    assert started.status_code == 302, started.get_data(as_text=True)[:500]
    chosen = post(client, f"/s/{token}/consent", {"consent": list(consents)})
    assert chosen.status_code == 302
    return chosen


def location(response: Any) -> str:
    """The path a redirect points at."""
    return urlsplit(response.headers["Location"]).path


def form_for(question: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    """A valid answer to a question: (form fields to post, the value that should be stored)."""
    kind, options = question["type"], [o["value"] for o in question.get("options") or []]
    if kind == "note":
        return {}, None
    if kind == "multiple_choice":
        return {"answer": [str(v) for v in options[:2]]}, options[:2]
    if kind in ("face_scale", "single_choice", "yes_no", "yes_no_not_sure"):
        return {"answer": str(options[0])}, options[0]
    if kind == "scale_0_10":
        return {"answer": "7"}, 7
    if kind == "number":
        number = int(question.get("min") or 1)
        return {"answer": str(number)}, number
    if kind == "month_year":
        return {"answer-month": "9", "answer-year": "2026"}, "2026-09"
    text = "More buses to college." if kind == "long_text" else "Fine"
    return {"answer": text}, text


def walk(client: Any, start: str, definition: dict[str, Any],
         chosen: dict[str, tuple[dict, Any]] | None = None) -> tuple[dict[str, Any], list[str]]:
    """Answer every question from `start` until the check page; return (expected answers, keys seen)."""
    questions = {q["key"]: q for q in definition["questions"]}
    expected, seen, path = {}, [], start
    while "/q/" in path:
        key = path.rsplit("/", 1)[1]
        seen.append(key)
        fields, value = (chosen or {}).get(key) or form_for(questions[key])
        answered = post(client, path, {"action": "continue", **fields})
        assert answered.status_code == 302, answered.get_data(as_text=True)[:300]
        if value is not None:
            expected[key] = value
        path = location(answered)
    assert path.endswith("/check")
    return expected, seen
