"""The audit trail: rows chain and seal; tampering is detected and named; PostgreSQL refuses changes."""

import threading

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from tests.helpers import login, make_user
from voice.audit import (AuditDetailError, GENESIS_HASH, check_detail, record, row_hash,
                         seal_signature, verify)
from voice.audit_cli import audit_cli
from voice.db import get_engine
from voice.models import AuditEvent, AuditSeal


def make_trail(app, session: Session, count: int = 5) -> None:
    """Append `count` committed audit rows."""
    with app.app_context():
        for number in range(count):
            record(session, "document.view", object_type="document", object_id=number + 1,
                   purpose="own_support", detail={"number": number})
            session.commit()


def tamper(app, *statements: str) -> None:
    """Change the trail behind the app's back, as a DBA could (disabling the guard on PostgreSQL)."""
    engine = get_engine(app)
    postgres = engine.dialect.name == "postgresql"
    with engine.begin() as conn:
        if postgres:
            conn.execute(sa.text("ALTER TABLE audit_event DISABLE TRIGGER ALL"))
        for statement in statements:
            conn.execute(sa.text(statement))
        if postgres:
            conn.execute(sa.text("ALTER TABLE audit_event ENABLE TRIGGER ALL"))


def check(app) -> "object":
    """Verify the trail with the app's key in a fresh session."""
    with Session(get_engine(app)) as fresh:
        return verify(fresh, app.config["AUDIT_KEY"])


def test_record_chains_rows_and_seals_head(app, session):
    actor = make_user(session, "admin", la_codes=())
    with app.app_context():
        first = record(session, "user.create", actor=actor, object_type="user", object_id=7)
        second = record(session, "user.role_change", actor=actor, detail={"role": "researcher"})
        session.commit()
    assert (first.seq, second.seq) == (1, 2)
    assert first.prev_hash == GENESIS_HASH and second.prev_hash == first.hash
    stored = session.exec(select(AuditEvent).order_by(AuditEvent.seq)).all()
    assert [e.actor_role for e in stored] == ["admin", "admin"]
    assert stored[0].object_id == "7" and all(row_hash(e) == e.hash for e in stored)
    seal = session.get(AuditSeal, 1)
    assert (seal.seq, seal.head_hash) == (2, second.hash)
    assert seal.signature == seal_signature(app.config["AUDIT_KEY"], 2, second.hash)


def test_audit_row_rolls_back_with_the_change(app, session):
    make_trail(app, session, 1)
    with app.app_context():
        record(session, "survey.publish", object_type="survey", object_id=3)
    session.rollback()
    assert session.exec(select(sa.func.count()).select_from(AuditEvent)).one() == 1
    assert check(app).ok


def test_untouched_chain_passes(app, session):
    make_trail(app, session)
    result = check(app)
    assert result.ok and result.rows == 5
    assert result.message == "Audit trail intact: 5 rows, head signed"


def test_empty_trail_passes(app):
    assert check(app).ok and check(app).rows == 0


def test_edited_row_is_named(app, session):
    make_trail(app, session)
    tamper(app, "UPDATE audit_event SET object_id = '99' WHERE seq = 3")
    result = check(app)
    assert (result.ok, result.kind, result.seq) == (False, "edited", 3)


def test_edited_row_with_recomputed_hash_is_named(app, session):
    make_trail(app, session)
    row = session.exec(select(AuditEvent).where(AuditEvent.seq == 2)).one()
    row.object_id = "99"
    tamper(app, f"UPDATE audit_event SET object_id = '99', hash = '{row_hash(row)}' WHERE seq = 2")
    result = check(app)
    assert (result.kind, result.seq) == ("edited", 2)


def test_deleted_row_is_named(app, session):
    make_trail(app, session)
    tamper(app, "DELETE FROM audit_event WHERE seq = 3")
    result = check(app)
    assert (result.ok, result.kind, result.seq) == (False, "removed", 3)
    assert "Row 3 is missing" in result.message


def test_swapped_rows_are_named(app, session):
    make_trail(app, session)
    tamper(app, "UPDATE audit_event SET seq = -1 WHERE seq = 2",
           "UPDATE audit_event SET seq = 2 WHERE seq = 4",
           "UPDATE audit_event SET seq = 4 WHERE seq = -1")
    result = check(app)
    assert (result.ok, result.kind, result.seq) == (False, "reordered", 2)


def test_removed_tail_is_caught_by_the_seal(app, session):
    make_trail(app, session)
    tamper(app, "DELETE FROM audit_event WHERE seq >= 4")
    result = check(app)
    assert (result.ok, result.kind, result.seq) == (False, "truncated", 4)


def test_seal_under_another_key_fails(app, session):
    make_trail(app, session, 2)
    with Session(get_engine(app)) as fresh:
        result = verify(fresh, "not-the-key")
    assert (result.ok, result.kind, result.seq) == (False, "seal", 2)


def test_rebuilt_chain_does_not_match_signed_head(app, session):
    make_trail(app, session, 3)
    rows = session.exec(select(AuditEvent).order_by(AuditEvent.seq)).all()
    rows[2].outcome = "denied"  # recompute the last hash as someone without the key could
    tamper(app, f"UPDATE audit_event SET outcome = 'denied', hash = '{row_hash(rows[2])}' "
                "WHERE seq = 3")
    result = check(app)
    assert (result.kind, result.seq) == ("seal", 3)


def test_concurrent_appends_never_share_a_seq(app):
    errors: list[str] = []

    def append(worker: int) -> None:
        for number in range(5):
            try:
                with app.app_context(), Session(get_engine(app)) as own:
                    record(own, "export.download", detail={"worker": worker, "number": number})
                    own.commit()
            except Exception as error:  # collected so the assertion shows what went wrong
                errors.append(repr(error))

    threads = [threading.Thread(target=append, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    result = check(app)
    assert result.ok and result.rows == 15


@pytest.mark.parametrize("statement", [
    "UPDATE audit_event SET outcome = 'denied'",
    "DELETE FROM audit_event",
    "TRUNCATE audit_event",
])
def test_postgresql_refuses_changes_to_audit_rows(app, session, statement):
    if get_engine(app).dialect.name != "postgresql":
        pytest.skip("the append-only guard is a PostgreSQL trigger")
    make_trail(app, session, 2)
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        with get_engine(app).begin() as conn:
            conn.execute(sa.text(statement))
    assert check(app).ok


@pytest.mark.parametrize("detail", [
    {"note": "short"}, {"password": "x"}, {"user_email": "x"}, {"ip": "x"},
    {"reason": "x" * 201}, {"who": "someone@example.org"}, {"client": "192.168.1.20"},
    {"client": "2001:db8::1"}, {"nested": {"a": 1}}, {"BadKey": 1},
])
def test_detail_refuses_content_and_identifiers(detail):
    with pytest.raises(AuditDetailError):
        check_detail(detail)


def test_detail_allows_labels_counts_and_field_names():
    detail = {"fields_changed": ["role", "display_name"], "code_name": "Feels safe",
              "count": 3, "purpose": "research", "granted": False}
    assert check_detail(detail) == detail


def test_cli_verify_passes_then_names_the_tampered_row(app, session, runner):
    make_trail(app, session, 3)
    ok = runner.invoke(audit_cli, ["verify"])
    assert ok.exit_code == 0 and "Audit trail intact: 3 rows, head signed" in ok.output
    tamper(app, "DELETE FROM audit_event WHERE seq = 2")
    bad = runner.invoke(audit_cli, ["verify"])
    assert bad.exit_code == 1 and "row 2 (removed)" in bad.output


def test_cli_list_filters_and_limits(app, session, runner):
    make_trail(app, session, 3)
    with app.app_context():
        record(session, "user.create", object_type="user", object_id=1)
        session.commit()
    only = runner.invoke(audit_cli, ["list", "--action", "user.create"])
    assert only.exit_code == 0 and "user.create" in only.output and "document.view" not in only.output
    newest = runner.invoke(audit_cli, ["list", "--limit", "2"])
    assert newest.output.count("\n") == 2 and newest.output.startswith("4\t")


# --- the admin screen -------------------------------------------------------------------

def admin_client(client, session):
    """The client signed in as an administrator."""
    login(client, make_user(session, "admin", la_codes=()))
    return client


def test_admin_sees_the_trail_newest_first(app, client, session):
    make_trail(app, session, 3)
    html = admin_client(client, session).get("/admin/audit").get_data(as_text=True)
    assert "Audit trail" in html and "3 events, newest first" in html
    assert html.index(">3</td>") < html.index(">1</td>")
    assert "document.view" in html and "govuk-table" in html


def test_admin_filters_by_action_outcome_and_actor(app, client, session):
    make_trail(app, session, 2)
    actor = make_user(session, "practitioner")
    with app.app_context():
        record(session, "access.denied", actor=actor, outcome="denied", detail={"reason": "other_authority"})
        session.commit()
    admin = admin_client(client, session)
    by_action = admin.get("/admin/audit?action=access.denied").get_data(as_text=True)
    assert "1 event, newest first" in by_action and "Refused" in by_action
    assert "2 events" in admin.get("/admin/audit?outcome=ok").get_data(as_text=True)
    by_actor = admin.get(f"/admin/audit?actor={actor.email}").get_data(as_text=True)
    assert "1 event, newest first" in by_actor and actor.email in by_actor
    assert "2 events" in admin.get("/admin/audit?object_type=document").get_data(as_text=True)


def test_admin_filters_by_date_range(app, client, session):
    make_trail(app, session, 2)
    admin = admin_client(client, session)
    wide = "from-day=1&from-month=1&from-year=2000&to-day=31&to-month=12&to-year=2999"
    assert "2 events" in admin.get(f"/admin/audit?{wide}").get_data(as_text=True)
    future = admin.get("/admin/audit?from-day=1&from-month=1&from-year=2999").get_data(as_text=True)
    assert "No audit events match" in future


@pytest.mark.parametrize("query, message", [
    ("from-day=31&from-month=2&from-year=2026", "The start date must be a real date"),
    ("to-day=1&to-month=&to-year=2026", "The end date must include a day, month and year"),
    ("from-day=2&from-month=1&from-year=2026&to-day=1&to-month=1&to-year=2026",
     "The end date must be the same as or after the start date"),
    ("actor=nobody@example.org", "No account has that email address"),
])
def test_bad_filters_say_what_to_fix(app, client, session, query, message):
    response = admin_client(client, session).get(f"/admin/audit?{query}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in html and message in html


def test_the_trail_is_paged(app, client, session):
    make_trail(app, session, 52)
    admin = admin_client(client, session)
    first = admin.get("/admin/audit?action=document.view").get_data(as_text=True)
    assert "(page 1 of 2)" in first and first.count('govuk-table__cell--numeric">') == 50
    assert "page=2" in first and "action=document.view" in first
    second = admin.get("/admin/audit?action=document.view&page=2").get_data(as_text=True)
    assert "(page 2 of 2)" in second and second.count('govuk-table__cell--numeric">') == 2


@pytest.mark.parametrize("role, status", [(None, 302), ("practitioner", 403), ("researcher", 403)])
def test_only_admins_see_the_trail(app, client, session, role, status):
    if role:
        login(client, make_user(session, role))
    assert client.get("/admin/audit").status_code == status


@pytest.mark.parametrize("labels", [{"action": ""}, {"action": "x" * 61},
                                    {"action": "a", "object_id": "9" * 65}])
def test_labels_must_fit_their_columns(app, session, labels):
    with app.app_context(), pytest.raises(AuditDetailError):
        extra = {k: v for k, v in labels.items() if k != "action"}
        record(session, labels["action"], **extra)
