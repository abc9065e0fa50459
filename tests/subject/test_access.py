"""Subject access: one package with every item about the person and nothing about anyone else."""

import json
from datetime import timedelta

from sqlmodel import select

from tests.helpers import audit_events
from tests.subject.helpers import make_person
from voice.consent import withdraw
from voice.models import IndicatorRelease, Respondent, SubjectRequest
from voice.subject.requests import one_month_after
from voice.subject_cli import subject_cli


def test_package_holds_every_item_and_nothing_of_anyone_else(app, session, runner, tmp_path):
    alice = make_person(app, session, "accessalice")
    bob = make_person(app, session, "accessbob")
    def release(*entries):
        row = IndicatorRelease(purpose=",".join(sorted({p for _, p in entries})), threshold=5,
                               file_format="csv", data_hash="0" * 64,
                               manifest={"indicators": [{"indicator": i, "purpose": p}
                                                        for i, p in entries]})
        session.add(row)
        session.flush()
        return row.id
    with_it = release(("feel_safe_at_home", "service_improvement"), ("other", "research"))
    without_it = release(("feel_settled", "service_improvement"))
    session.commit()
    with app.test_request_context():
        withdraw(session, session.get(Respondent, alice.respondent_id), "research")
        session.commit()

    out = tmp_path / "package"
    result = runner.invoke(subject_cli, ["export", "--identifier", alice.identifier, "--out",
                                         str(out), "--name", "accessalice", "--no-pdf"])
    assert result.exit_code == 0, result.output
    package = json.loads((out / "subject-access.json").read_text())
    html = (out / "subject-access.html").read_text()

    assert package["person"]["pseudonym"] == alice.pseudonym
    answers = {a["question_key"]: a["value"] for r in package["answers"] for a in r["answers"]}
    assert answers == {"feel_safe_home": 4, "make_it_better": alice.free_text}
    history = package["consent"]["history"]
    assert [(e["purpose"], e["granted"]) for e in history][-1] == ("research", False)
    assert {"research": "withdrawn", "service_improvement": "given"}.items() <= {
        c["purpose"]: c["state"] for c in package["consent"]["current"]}.items()
    texts = {d["document_id"]: d["text"] for d in package["documents"]}
    assert set(texts) == {alice.case_note_id, alice.survey_text_id}
    note = texts[alice.case_note_id]
    assert "accessalice said the heating has not worked" in note  # the raw text, their own name kept
    assert "Jo Bloggs" not in note and "[another person]" in note  # another person's name out
    [code] = package["codes"]
    assert code["code_application_id"] == alice.application_id
    assert code["applied_by"] == "a person" and f"staff number {alice.coder_id}" in code["person"]
    assert code["applied_at"]
    assert package["topics"] == []  # removed when research consent was withdrawn
    [indicator] = package["indicators"]  # the one indicator her answers feed
    assert indicator["indicator"] == "feel_safe_at_home" and indicator["counted_now"]
    assert indicator["response_ids"] == [alice.response_id]
    assert [r["id"] for r in indicator["releases"]] == [with_it]  # not the one without it
    assert without_it != with_it
    assert "consent.withdraw" in {row["action"] for row in package["audit"]}
    # Nothing about Bob anywhere.
    for text in (json.dumps(package), html):
        assert bob.marker not in text and bob.pseudonym not in text
    assert "accessalice" in html and "What Seen &amp; Heard holds about you" in html
    # Tracked and audited.
    request = session.exec(select(SubjectRequest)).one()
    assert request.status == "done" and request.kind == "access"
    assert request.due_on == one_month_after(request.requested_at.date())
    [event] = audit_events(session, "subject.access")
    assert event.object_id == str(alice.respondent_id) and event.detail["codes_count"] == 1


def test_without_the_persons_name_every_name_is_taken_out(app, session, runner, tmp_path):
    alice = make_person(app, session, "Hannah")
    result = runner.invoke(subject_cli, ["export", "--pseudonym", alice.pseudonym, "--out",
                                         str(tmp_path), "--no-pdf"])
    assert result.exit_code == 0, result.output
    package = json.loads((tmp_path / "subject-access.json").read_text())
    note = {d["document_id"]: d["text"] for d in package["documents"]}[alice.case_note_id]
    assert "Jo Bloggs" not in note and "heating has not worked since October" in note


def test_nobody_matches_says_so_and_writes_nothing(app, session, runner, tmp_path):
    make_person(app, session, "someone")
    out = tmp_path / "nothing"
    result = runner.invoke(subject_cli, ["export", "--identifier", "401 023 2137", "--out", str(out)])
    assert result.exit_code == 1 and "Nobody on record matches" in result.output
    assert not out.exists() and not session.exec(select(SubjectRequest)).all()
    bad = runner.invoke(subject_cli, ["export", "--identifier", "401 023 2138", "--out", str(out)])
    assert bad.exit_code == 1 and "not valid" in bad.output


def test_one_month_after_keeps_to_the_month():
    from datetime import date

    assert one_month_after(date(2026, 1, 31)) == date(2026, 2, 28)
    assert one_month_after(date(2026, 12, 15)) == date(2027, 1, 15)
    assert one_month_after(date(2026, 3, 1)) - date(2026, 3, 1) == timedelta(days=31)
