"""The coding screen in real Chromium on a laptop: select with the mouse and with a Range after an
emoji and a CRLF, apply codes (button and keyboard shortcut), write a memo, accept a suggestion."""


import pytest
from sqlmodel import select

from coding.suggest.rules import shared_nlp
from tests.browser.axe import assert_no_violations
from tests.browser.fixtures import SHOTS
from tests.coding_workflow.helpers import BOOK, make_document, store_shipped
from tests.helpers import PASSWORD, make_user
from voice.models import Code, CodeApplication, Excerpt, Memo

pytestmark = pytest.mark.browser
TEXT = "Sam 😀 met the PA.\r\nHe does not feel safe at night in the flat.\r\nRent arrears are high."




SELECT = """([words]) => {
  // Select `words` as a person would: a Range from the text node where they start to the one
  // where they end (highlights cut the text into several nodes).
  const box = document.getElementById('coding-text')
  const nodes = []
  const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT)
  let node, all = ''
  while ((node = walker.nextNode())) { nodes.push([node, all.length]); all += node.data }
  const at = all.indexOf(words)
  if (at < 0) return false
  const place = (offset) => {
    for (let i = nodes.length - 1; i >= 0; i--) {
      if (nodes[i][1] <= offset) return [nodes[i][0], offset - nodes[i][1]]
    }
  }
  const range = document.createRange()
  range.setStart(...place(at)); range.setEnd(...place(at + words.length))
  const selection = window.getSelection()
  selection.removeAllRanges(); selection.addRange(range)
  return true
}"""


def coded(session):
    session.expire_all()
    rows = session.exec(select(Excerpt, CodeApplication, Code)
                        .join(CodeApplication, CodeApplication.excerpt_id == Excerpt.id)
                        .join(Code, Code.id == CodeApplication.code_id)).all()
    return {(TEXT[e.start:e.end], c.key, a.source, a.status) for e, a, c in rows}


def test_a_practitioner_codes_a_document_in_chromium(session, server_url, laptop):
    store_shipped(session)
    coder = make_user(session)
    doc = make_document(session, TEXT)
    shared_nlp()  # load spaCy before the first page: its plugins' imports take many seconds here
    page = laptop.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{server_url}/login")
    page.fill("#email", coder.email)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{server_url}/practice/coding/{doc.id}?codebook={BOOK}")
    page.locator("#coding-text[data-ready]").wait_for()

    # Select after an emoji and a CRLF (UTF-16 and code points differ there), tick, apply.
    assert page.evaluate(SELECT, ["not feel safe"])
    page.get_by_text("Selected: “not feel safe”").wait_for()
    page.locator("#code-stability").check()
    page.locator("#code-safety").check()
    page.get_by_role("button", name="Apply codes").click()
    page.get_by_text("Code applied.").wait_for()
    page.locator("#coding-text[data-ready]").wait_for()
    assert {("not feel safe", "safety", "human", "accepted"),
            ("not feel safe", "stability", "human", "accepted")} <= coded(session)

    # With the mouse: double-click a word, then the keyboard shortcut of the most used code.
    page.locator("#coding-text mark", has_text="Rent arrears").first.dblclick(position={"x": 6, "y": 6})
    page.get_by_text("Selected: “Rent").wait_for()
    first = page.locator("input[data-shortcut='1']").get_attribute("value")
    page.keyboard.press("1")
    page.get_by_text("Code applied.").wait_for()
    page.locator("#coding-text[data-ready]").wait_for()
    assert ("Rent", first, "human", "accepted") in coded(session)

    # A memo on the document, then accept the first rule suggestion.
    page.fill("#memo", "Ask about the night-time visitors.")
    page.get_by_role("button", name="Save memo").click()
    page.get_by_text("Memo saved.").wait_for()
    assert session.exec(select(Memo)).one().author_id == coder.id
    suggested = [item for item in coded(session) if item[2] == "rule" and item[3] == "suggested"]
    assert suggested
    page.locator("button[value=accept]").first.click()
    page.wait_for_load_state()
    assert any(item[2] == "rule" and item[3] == "accepted" for item in coded(session))

    # Overlapping excerpts are marked as such, and the page passes axe.
    assert page.locator("mark.app-coding-mark--overlap").count() >= 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "coding-screen.png"), full_page=True)
    assert_no_violations(page, "the coding screen")
