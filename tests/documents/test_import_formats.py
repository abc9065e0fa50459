"""Importing each format end to end: XLSX, DOCX, TXT (in Windows-1252) and JSON Lines."""

from datetime import datetime

import docx
import openpyxl
from sqlmodel import select

from tests.documents.conftest import HEADER, do_import, nhs_number, write_jsonl
from voice.models import Document


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


def test_docx_and_txt_are_one_document_or_split_at_headings(quick_app, session, tmp_path, monkeypatch):
    from voice.documents import importer

    document = docx.Document()
    for text in ("Visit 1", "Saw Quentin at home.", "Visit 2", "Phoned the foster carer."):
        document.add_paragraph(text)
    document.save(tmp_path / "plan.docx")
    whole = do_import(quick_app, tmp_path / "plan.docx")
    split = do_import(quick_app, tmp_path / "plan.docx", split_heading=r"^Visit \d+")
    assert (whole.rows_read, whole.imported) == (1, 1)
    assert (split.rows_read, split.imported) == (2, 2)
    assert stored(session)[2].redacted_text == "Visit 2\nPhoned the foster carer."
    assert stored(session)[1].title == "Section 1"

    monkeypatch.setattr(importer, "MAX_TEXT_CHARS", 60)
    body = "== Note\nCafé visit – £20.\n== Note\n" + "word " * 30 + "\n== Note\nAnother short one.\n"
    (tmp_path / "notes.txt").write_bytes(body.encode("cp1252"))
    report = do_import(quick_app, tmp_path / "notes.txt", split_heading="^== ")
    assert (report.rows_read, report.imported, report.rejected) == (3, 2, 1)
    assert report.rejections[0]["row"] == 2 and "over 60 characters" in report.rejections[0]["reason"]
    assert stored(session)[3].redacted_text == "== Note\nCafé visit – £20."


def test_jsonl_lines_are_imported_and_bad_lines_rejected(quick_app, session, tmp_path):
    path = write_jsonl(tmp_path / "notes.jsonl", [
        {"text": "Phoned Ysolde about the tenancy.", "date": "2024-02-02", "names": "Ysolde"},
        {"text": "Second note", "respondent_id": "LC/0042"}])
    with path.open("a") as stream:
        stream.write("{not json\n[1, 2]\n")

    report = do_import(quick_app, path)

    assert (report.rows_read, report.imported, report.rejected) == (4, 2, 2)
    assert report.rejections == [{"row": 3, "reason": "The line is not valid JSON."},
                                 {"row": 4, "reason": "The line is not a JSON object ({...})."}]
    assert stored(session)[0].redacted_text == "Phoned [PERSON_1] about the tenancy."
