"""Walking a survey in the browser the way a respondent does, with selectors that do not depend
on the page's language (button values and ids), so the same walk works in English and Welsh."""

from typing import Any

from sqlmodel import Session, select

from tests.survey.helpers import form_for
from voice.models import Answer, ConsentRecord, Response

RADIO_TYPES = ("face_scale", "single_choice", "yes_no", "yes_no_not_sure", "scale_0_10")


def submit(page: Any, selector: str) -> None:
    """Press a form's button and wait for the page it leads to."""
    with page.expect_navigation():
        page.locator(selector).click()


def where(page: Any) -> str:
    """Where the walk ended up, for a failure message: the address, title and what it says."""
    text = page.locator("main").inner_text() if page.locator("main").count() else ""
    return f"{page.url} ({page.title()}): {' '.join(text.split())[:300]}"


def start_and_consent(page: Any, start_url: str, consents: tuple[str, ...] = ()) -> None:
    """Open the link, press Start now and tick the given purposes on the consent page."""
    page.goto(start_url)
    submit(page, 'button[value="new"]')
    assert page.url.endswith("/consent"), where(page)
    for purpose in consents:
        page.locator(f"#consent-{purpose}").check()
    submit(page, "main form button.govuk-button")


def fill_answer(page: Any, question: dict[str, Any], fields: dict[str, Any]) -> None:
    """Put an answer into the question's form as a person would (tapping, typing)."""
    kind = question["type"]
    if not fields:
        return  # nothing chosen
    if kind == "multiple_choice":
        for value in fields["answer"]:
            page.locator(f'input[name="answer"][value="{value}"]').check()
    elif kind in RADIO_TYPES:
        page.locator(f'input[name="answer"][value="{fields["answer"]}"]').check()
    elif kind == "month_year":
        page.locator("#answer-month").fill(fields["answer-month"])
        page.locator("#answer-year").fill(fields["answer-year"])
    elif kind != "note":
        page.locator('[name="answer"]').fill(fields["answer"])


def current_key(page: Any) -> str:
    """The question key of the page showing now."""
    return page.url.split("?")[0].rsplit("/", 1)[1]


def answer_every_question(page: Any, definition: dict[str, Any]) -> dict[str, Any]:
    """Answer each question shown until the check page; return the answers that should be stored."""
    questions = {q["key"]: q for q in definition["questions"]}
    expected: dict[str, Any] = {}
    while "/q/" in page.url:
        question = questions[current_key(page)]
        fields, value = form_for(question)
        fill_answer(page, question, fields)
        submit(page, 'button[value="continue"]')
        if value is not None:
            expected[question["key"]] = value
    assert page.url.endswith("/check"), where(page)
    return expected


def send(page: Any) -> None:
    """Press Send on the check page and wait for the thank-you page."""
    page.locator("form[data-offline-submit] button").click()
    page.wait_for_url("**/thanks")
    page.locator("[data-survey-finished]").wait_for()


def stored_responses(session: Session) -> list[Response]:
    """Every stored response, fresh from the database."""
    session.expire_all()
    return list(session.exec(select(Response)))


def stored_answers(session: Session, response_id: int) -> dict[str, Any]:
    """A response's answers by question key."""
    return {a.question_key: a.value for a in
            session.exec(select(Answer).where(Answer.response_id == response_id))}


def stored_consents(session: Session, response_id: int) -> dict[str, bool]:
    """A response's consents by purpose."""
    return {c.purpose: c.granted for c in
            session.exec(select(ConsentRecord).where(ConsentRecord.response_id == response_id))}
