"""Rule and model suggestions on the screen; accepting and rejecting; training as a job."""

from sqlmodel import select

from tests.coding_workflow.helpers import BOOK, make_document, post, store_shipped
from tests.helpers import audit_events, login, make_user
from voice.coding.suggestions import model_path
from voice.coding.training import KIND, training_examples
from voice.jobs import enqueue
from voice.jobs.runner import run_job
from voice.models import CodeApplication, Code, Job

SAFE = ["I don't feel safe in the flat at night.", "She is scared at night and wants a lock on her door.",
        "He said he feels unsafe when people bang on the door.", "Felt frightened by the neighbours visiting.",
        "Worried about being exploited by older residents.", "Does not feel safe walking home.",
        "Scared at night because of the shouting.", "Intimidated by a visitor to the block.",
        "Says the lock is broken and she feels unsafe.", "They threaten him in the stairwell.",
        "Frightened to open the door after dark.", "Unsafe feeling since the break-in."]
MONEY = ["Rent arrears are building up again.", "Can't afford the electric this month.",
         "Universal credit was late so no gas.", "Council tax letter worried him.",
         "Debt to the landlord keeps growing.", "The prepayment meter ran out of money.",
         "Bills are more than his income.", "Needs help with housing benefit forms.",
         "She cannot pay the service charge.", "Money ran out before the end of the month.",
         "Arrears letter from the council arrived.", "Rent went up and he cannot afford it."]


def suggestions(session, document_id=None):
    session.expire_all()
    return list(session.exec(select(CodeApplication, Code).join(Code, Code.id == CodeApplication.code_id)
                             .where(CodeApplication.source.in_(("rule", "model")))).all())


def test_rule_suggestions_show_matched_words_and_can_be_accepted_or_rejected(client, session):
    store_shipped(session)
    coder = make_user(session)
    doc = make_document(session, "He has rent arrears.\nHe does not feel safe at night.\nHe moved again.")
    login(client, coder)
    page = client.get(f"/practice/coding/{doc.id}").get_data(as_text=True)
    assert "Rule suggestion" in page and "Accept" in page
    found = {code.key: app for app, code in suggestions(session)}
    assert {"affordability", "safety"} <= set(found)
    assert found["affordability"].matched and found["affordability"].status == "suggested"
    client.get(f"/practice/coding/{doc.id}")     # made once per document and version
    assert len(suggestions(session)) == len(found)
    post(client, f"/practice/coding/{doc.id}/change", {"codebook": BOOK, "action": "accept",
                                                           "application_id": found["safety"].id})
    post(client, f"/practice/coding/{doc.id}/change", {"codebook": BOOK, "action": "reject",
                                                           "application_id": found["affordability"].id})
    decided = {code.key: app for app, code in suggestions(session)}
    assert decided["safety"].status == "accepted" and decided["safety"].decided_by_id == coder.id
    assert decided["affordability"].status == "rejected"
    assert [e.action for e in audit_events(session) if "suggestion" in e.action] == [
        "coding.suggestion_accept", "coding.suggestion_reject"]
    again = post(client, f"/practice/coding/{doc.id}/change", {
        "codebook": BOOK, "action": "accept", "application_id": found["safety"].id})
    assert again.status_code == 400
    # An open suggestion is decided, not removed; an accepted one is its acceptor's coding.
    open_one = next(app for app, code in suggestions(session) if app.status == "suggested")
    removed = post(client, f"/practice/coding/{doc.id}/change", {
        "codebook": BOOK, "action": "remove", "application_id": open_one.id})
    assert removed.status_code == 400 and "accept or reject it" in removed.get_data(as_text=True)
    login(client, make_user(session))
    taken = post(client, f"/practice/coding/{doc.id}/change", {
        "codebook": BOOK, "action": "remove", "application_id": found["safety"].id})
    assert taken.status_code == 400 and "your own coding" in taken.get_data(as_text=True)
    assert {code.key: app.status for app, code in suggestions(session)}["safety"] == "accepted"


def test_training_runs_as_a_job_on_coders_decisions_and_the_model_then_suggests(app, client, session):
    store_shipped(session)
    coder = make_user(session)
    login(client, coder)
    for text, code in [(t, "safety") for t in SAFE] + [(t, "affordability") for t in MONEY]:
        doc = make_document(session, text)
        post(client, f"/practice/coding/{doc.id}/apply", {"codebook": BOOK, "paragraph": "0", "codes": [code]})
    examples = training_examples(session, BOOK)
    assert len(examples) == 24 and examples[0].codes == frozenset({"safety"})
    response = post(client, "/practice/coding/train", {"codebook": BOOK})
    assert response.status_code == 302
    job = session.exec(select(Job).where(Job.kind == KIND)).one()
    run_job(app, job.id)     # what a worker does with the queued task
    session.expire_all()
    job = session.get(Job, job.id)
    assert job.state == "done", job.message
    assert set(job.result["codes"]) == {"safety", "affordability"}
    assert model_path(app, BOOK, 1).exists()
    # A new document gets model suggestions with a confidence, paragraph by paragraph.
    doc = make_document(session, "Rent arrears and the electric bill are too much money.")
    client.get(f"/practice/coding/{doc.id}")
    model = [(a, c) for a, c in suggestions(session) if a.source == "model"]
    assert model and all(0.5 <= a.confidence <= 1 for a, _ in model)
    assert "affordability" in {c.key for _, c in model}


def test_training_with_too_few_decisions_fails_with_a_clear_message(app, session):
    store_shipped(session)
    with app.app_context():
        job = enqueue(KIND, {"codebook_key": BOOK}, app=app)
    run_job(app, job.id)
    session.expire_all()
    row = session.get(Job, job.id)
    assert row.state == "failed" and "no coded excerpts to train on" in row.error
