"""Each format (XLSX, DOCX, TXT, JSON Lines) and each text encoding, and files we must refuse."""

from datetime import datetime

import docx
import openpyxl
import pytest
from sqlmodel import select

from tests.documents.conftest import HEADER, do_import, nhs_number, note_rows, write_csv, write_jsonl
from voice.documents import ImportRefused, load_mapping_file
from voice.models import Document, ImportBatch


def stored(session) -> list[Document]:
    return list(session.exec(select(Document).order_by(Document.id)).all())


def test_xlsx_rows_are_imported_with_dates_and_numbers(quick_app, session, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["Met Orla Fennimore at the Family Hub.", datetime(2024, 5, 6), "social worker",
                  int(nhs_number(1)), "South", "Orla Fennimore"])
    sheet.append([None, None, None, None, None, None])  # a blank row is skipped, not rejected
    sheet.append(["", "2024-05-07", "", "", "", ""])
    book.save(tmp_path / "notes.xlsx")

    report = do_import(quick_app, tmp_path / "notes.xlsx", kind="pathway_plan")

    assert (report.rows_read, report.imported, report.rejected) == (2, 1, 1)
    assert report.rejections == [{"row": 4, "reason": "The text is empty."}]
    document = stored(session)[0]
    assert document.kind == "pathway_plan" and document.occurred_on.isoformat() == "2024-05-06"
    assert "Orla" not in document.redacted_text and "Family Hub" in document.redacted_text
    assert document.respondent_id is not None


def test_a_text_file_named_xlsx_is_refused(quick_app, tmp_path):
    (tmp_path / "notes.xlsx").write_text("text\nnot a workbook\n")
    with pytest.raises(ImportRefused, match="cannot be read as an Excel workbook"):
        do_import(quick_app, tmp_path / "notes.xlsx")


def test_an_unknown_kind_of_file_is_refused(quick_app, tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(ImportRefused, match=r"Import a \.csv, \.xlsx"):
        do_import(quick_app, tmp_path / "notes.pdf")


def test_docx_is_one_document_or_split_at_headings(quick_app, session, tmp_path):
    document = docx.Document()
    for text in ("Visit 1", "Saw Quentin Ashdown-Pike at home.", "Visit 2", "Phoned the foster carer."):
        document.add_paragraph(text)
    document.save(tmp_path / "plan.docx")

    whole = do_import(quick_app, tmp_path / "plan.docx")
    split = do_import(quick_app, tmp_path / "plan.docx", split_heading=r"^Visit \d+")

    assert (whole.rows_read, whole.imported) == (1, 1)
    assert (split.rows_read, split.imported) == (2, 2)
    texts = [d.redacted_text for d in stored(session)]
    assert texts[2].startswith("Visit 2") and "foster carer" in texts[2]
    assert stored(session)[1].title == "Section 1"


def test_a_bad_heading_pattern_is_refused(quick_app, tmp_path):
    (tmp_path / "notes.txt").write_text("a note")
    with pytest.raises(ImportRefused, match="not a valid regular expression"):
        do_import(quick_app, tmp_path / "notes.txt", split_heading="([")


def test_txt_is_split_at_headings_and_an_oversized_section_rejected(quick_app, session, tmp_path, monkeypatch):
    from voice.documents import importer

    monkeypatch.setattr(importer, "MAX_TEXT_CHARS", 50)
    body = "== Note\nShort one.\n== Note\n" + "word " * 30 + "\n== Note\nAnother short one.\n"
    (tmp_path / "notes.txt").write_text(body, encoding="utf-8")

    report = do_import(quick_app, tmp_path / "notes.txt", split_heading="^== ")

    assert (report.rows_read, report.imported, report.rejected) == (3, 2, 1)
    assert report.rejections[0]["row"] == 2 and "over 50 characters" in report.rejections[0]["reason"]


def test_jsonl_lines_are_imported_and_bad_lines_rejected(quick_app, session, tmp_path):
    path = write_jsonl(tmp_path / "notes.jsonl", [
        {"text": "Phoned Ysolde about the tenancy.", "date": "2024-02-02", "names": "Ysolde"},
        {"text": "Second note", "respondent_id": "LC/0042"}])
    with path.open("a") as stream:
        stream.write("{not json\n[1, 2]\n")

    report = do_import(quick_app, path)

    assert (report.rows_read, report.imported, report.rejected) == (4, 2, 2)
    assert [r["row"] for r in report.rejections] == [3, 4]
    assert "Ysolde" not in stored(session)[0].redacted_text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_csv_encodings_are_detected(quick_app, session, tmp_path, encoding):
    rows = [["Café visit: she said ‘it’s fine’ – £20 for the bus.", "", "", "", "", ""]]
    report = do_import(quick_app, write_csv(tmp_path / "n.csv", rows, encoding=encoding))
    assert report.imported == 1
    assert stored(session)[0].redacted_text.startswith("Café visit: she said ‘it’s fine’ – £20")


def test_a_file_in_no_known_encoding_is_refused(quick_app, session, tmp_path):
    (tmp_path / "n.csv").write_bytes(b"text\nabc\x81\x8d\x00def\n")
    with pytest.raises(ImportRefused, match="not text in UTF-8, UTF-16 or Windows-1252"):
        do_import(quick_app, tmp_path / "n.csv")
    assert session.exec(select(ImportBatch)).all() == []


def test_a_mapping_file_names_columns_and_name_columns(quick_app, session, tmp_path):
    mapping_path = tmp_path / "map.yaml"
    mapping_path.write_text("columns:\n  text: Narrative\n  date: Visit date\nnames: [Child, Carer]\n")
    header = ["Narrative", "Visit date", "Child", "Carer"]
    path = write_csv(tmp_path / "n.csv", [["Bronwen and Idris came in.", "2024-01-09", "Bronwen", "Idris"]],
                     header=header)

    report = do_import(quick_app, path, mapping=load_mapping_file(mapping_path))

    assert report.imported == 1
    text = stored(session)[0].redacted_text
    assert "Bronwen" not in text and "Idris" not in text


def test_an_empty_file_is_refused(quick_app, tmp_path):
    (tmp_path / "n.csv").write_text("")
    with pytest.raises(ImportRefused, match="empty"):
        do_import(quick_app, tmp_path / "n.csv")


def test_rows_over_many_chunks_all_arrive(quick_app, session, tmp_path, monkeypatch):
    from voice.documents import importer

    monkeypatch.setattr(importer, "CHUNK_SIZE", 7)
    report = do_import(quick_app, write_csv(tmp_path / "n.csv", note_rows(30)))
    assert (report.rows_read, report.imported) == (30, 30)
    assert len(stored(session)) == 30
