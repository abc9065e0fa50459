"""Raw text and identifiers stay out of everything but the ciphertext: columns, logs, audit trail."""

import logging

import sqlalchemy as sa
from sqlmodel import select

from tests.documents.conftest import do_import, nhs_number, write_csv
from tests.helpers import login, make_user
from voice.db import get_engine
from voice.models import AuditEvent, Document, metadata

SECRET_NAME = "Peregrine Vasquez-Oduya"
SECRET_PHRASE = "told me about the bruise on her arm"


def all_text_values(app) -> list[str]:
    """Every string and JSON value in every table, as text."""
    values = []
    with get_engine(app).connect() as conn:
        for table in metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, (sa.String, sa.Text, sa.JSON))]
            if columns:
                for row in conn.execute(sa.select(*columns)):
                    values += [str(v) for v in row if v is not None]
    return values


def test_identifier_names_and_raw_text_are_never_stored_in_clear(quick_app, session, tmp_path, caplog):
    number = nhs_number(77)
    rows = [[f"{SECRET_NAME} {SECRET_PHRASE}. NHS {number}.", "2024-01-01", "personal adviser",
             number, "East", SECRET_NAME],
            ["Row with a bad id", "", "", "9434765918", "", ""]]
    caplog.set_level(logging.DEBUG)

    do_import(quick_app, write_csv(tmp_path / "notes.csv", rows))

    values = all_text_values(quick_app)
    assert values, "the search found no text at all"
    for secret in (number, "9434765918", SECRET_NAME, "Peregrine", "Vasquez"):
        assert not any(secret in value for value in values), f"{secret} is stored in clear"
    raw = rows[0][0]
    assert not any(raw in value for value in values)  # the raw text is only ciphertext
    document = session.exec(select(Document)).one()
    assert SECRET_PHRASE in document.redacted_text.replace("[PERSON_1] ", "")
    assert number not in document.redacted_text
    for secret in (number, SECRET_NAME, SECRET_PHRASE, "9434765918", raw):
        assert secret not in caplog.text


def test_revealing_raw_text_is_audited_without_the_text(quick_app, session, tmp_path, caplog):
    quick_app.config["WTF_CSRF_ENABLED"] = False
    do_import(quick_app, write_csv(tmp_path / "n.csv", [[f"{SECRET_NAME} {SECRET_PHRASE}.", "", "", "", "", SECRET_NAME]]))
    document = session.exec(select(Document)).one()
    user = make_user(session, "practitioner")
    client = quick_app.test_client()
    login(client, user)
    caplog.set_level(logging.DEBUG)

    reason = f"Checking what {SECRET_NAME} said for the review"
    response = client.post(f"/practice/documents/{document.id}/reveal",
                           data={"reason_code": "check_redaction", "reason": reason})

    assert response.status_code == 200 and SECRET_PHRASE in response.get_data(as_text=True)
    events = session.exec(select(AuditEvent)).all()
    assert [e.action for e in events] == ["document.read_raw"]
    for event in events:
        assert SECRET_PHRASE not in str(event.detail) and SECRET_NAME not in str(event.detail)
    assert events[0].detail == {"reason_code": "check_redaction", "reason_length": len(reason)}
    assert SECRET_PHRASE not in caplog.text and SECRET_NAME not in caplog.text
