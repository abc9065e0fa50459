"""CSV imports: stored encrypted and redacted, pseudonymised, no duplicates, and a report."""

import pytest
from sqlmodel import select

from tests.documents.conftest import do_import, note_rows, nhs_number, write_csv
from voice.crypto import decrypt_text
from voice.documents import ImportRefused
from voice.models import Area, Document, ImportBatch, Respondent


def test_a_csv_is_imported_redacted_encrypted_and_pseudonymised(quick_app, session, tmp_path):
    path = write_csv(tmp_path / "notes.csv", note_rows(3))

    report = do_import(quick_app, path)

    assert (report.rows_read, report.imported, report.duplicates, report.rejected) == (3, 3, 0, 0)
    documents = session.exec(select(Document).order_by(Document.id)).all()
    assert len(documents) == 3
    first = documents[0]
    assert "Tamsin" not in first.redacted_text and "[PERSON" in first.redacted_text
    assert first.author_role == "personal adviser" and first.occurred_on.isoformat() == "2024-03-01"
    assert first.title == "Row 2" and first.kind == "case_note"
    with quick_app.app_context():
        assert decrypt_text(first.raw_ciphertext).startswith("Visit 0: Tamsin Oakfield-Reyes")
    assert len(session.exec(select(Respondent)).all()) == 3
    assert [a.name for a in session.exec(select(Area)).all()] == ["North"]
    batch = session.get(ImportBatch, report.batch_id)
    assert (batch.status, batch.rows_read, batch.imported) == ("done", 3, 3)


def test_re_importing_the_same_file_creates_no_duplicates(quick_app, session, tmp_path):
    path = write_csv(tmp_path / "notes.csv", note_rows(4) + note_rows(1))  # last row repeats the first

    first = do_import(quick_app, path)
    again = do_import(quick_app, path)

    assert (first.imported, first.duplicates) == (4, 1)
    assert (again.rows_read, again.imported, again.duplicates) == (5, 0, 5)
    assert len(session.exec(select(Document)).all()) == 4
    assert len(session.exec(select(Respondent)).all()) == 4


def test_bad_rows_are_rejected_with_row_number_and_reason(quick_app, session, tmp_path):
    rows = note_rows(1) + [
        ["", "2024-01-01", "", "", "", ""],                       # row 3: empty text
        ["Fine text", "2024-01-01", "", "9434765918", "", ""],    # row 4: bad check digit
        ["Fine text", "not a date", "", "", "", ""],              # row 5: bad date
        ["x" * 1_000_001, "", "", "", "", ""],                    # row 6: too long
        ["Another note", "", "", "CASE-77", "", ""],              # row 7: local id, fine
    ]
    report = do_import(quick_app, write_csv(tmp_path / "bad.csv", rows))

    assert (report.rows_read, report.imported, report.rejected) == (6, 2, 4)
    reasons = {r["row"]: r["reason"] for r in report.rejections}
    assert reasons[3] == "The text is empty."
    assert reasons[4].startswith("The respondent identifier is not valid: This NHS number's check digit")
    assert "9434765918" not in reasons[4]
    assert reasons[5].startswith("The date cannot be read")
    assert reasons[6].startswith("The text is over 1,000,000 characters")
    stored = session.get(ImportBatch, report.batch_id).report["rejections"]
    assert {r["row"] for r in stored} == {3, 4, 5, 6}


def test_a_never_issued_nhs_number_is_rejected(quick_app, tmp_path):
    rows = [["Some note", "", "", "999 000 0019", "", ""]]
    report = do_import(quick_app, write_csv(tmp_path / "x.csv", rows))
    assert report.rejected == 1
    assert "never issued" in report.rejections[0]["reason"] or "check digit" in report.rejections[0]["reason"]


def test_a_file_without_the_text_column_is_refused_listing_its_columns(quick_app, session, tmp_path):
    path = write_csv(tmp_path / "x.csv", [["a", "b"]], header=["Note", "When"])
    with pytest.raises(ImportRefused, match=r"no text column\. Columns found: 'Note', 'When'"):
        do_import(quick_app, path)
    assert session.exec(select(ImportBatch)).all() == []


def test_a_mapping_naming_absent_columns_is_refused_up_front(quick_app, session, tmp_path):
    from voice.documents import parse_column_flags

    path = write_csv(tmp_path / "x.csv", [["a", "2024-01-01"]], header=["Note", "When"])
    with pytest.raises(ImportRefused, match="does not have: 'Dated'. Columns found: 'Note', 'When'"):
        do_import(quick_app, path, mapping=parse_column_flags(["text=Note", "date=Dated"]))
    assert session.exec(select(Document)).all() == []


def test_a_mapping_by_flags_and_name_columns(quick_app, session, tmp_path):
    from voice.documents import parse_column_flags

    path = write_csv(tmp_path / "x.csv", [["Met Zebedee Quill at home.", "03/04/2024", "Zebedee Quill"]],
                     header=["Note", "When", "Young person"])
    mapping = parse_column_flags(["text=note", "date=When", "names=Young person"])
    report = do_import(quick_app, path, mapping=mapping)
    assert report.imported == 1
    document = session.exec(select(Document)).one()
    assert document.occurred_on.isoformat() == "2024-04-03"
    assert "Zebedee" not in document.redacted_text and "Quill" not in document.redacted_text


def test_the_same_identifier_links_to_one_respondent(quick_app, session, tmp_path):
    number = nhs_number(5)
    rows = [["First note", "", "", number, "", ""], ["Second note", "", "", number[:3] + " " + number[3:], "", ""]]
    do_import(quick_app, write_csv(tmp_path / "x.csv", rows))
    respondents = session.exec(select(Respondent)).all()
    assert len(respondents) == 1
    assert {d.respondent_id for d in session.exec(select(Document)).all()} == {respondents[0].id}
