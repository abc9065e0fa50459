"""Reading files: encodings, each format's rows and numbers, and files refused up front."""

import docx
import pytest

from tests.documents.conftest import write_csv, write_jsonl
from voice.documents import ImportRefused
from voice.documents.sources import open_source


def read(path, **options) -> list:
    source = open_source(path, **options)
    try:
        return list(source.rows())
    finally:
        source.close()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_csv_encodings_are_detected(tmp_path, encoding):
    text = "Café visit: she said ‘it’s fine’ – £20 for the bus."
    rows = read(write_csv(tmp_path / "n.csv", [[text, "", "", "", "", ""]], encoding=encoding))
    assert [row.fields["text"] for row in rows] == [text]


def test_a_file_in_no_known_encoding_is_refused(tmp_path):
    (tmp_path / "n.csv").write_bytes(b"text\nabc\x81\x8d\x00def\n")
    with pytest.raises(ImportRefused, match="not text in UTF-8, UTF-16 or Windows-1252"):
        read(tmp_path / "n.csv")


@pytest.mark.parametrize("name, content, message", [
    ("notes.pdf", b"%PDF-1.4", r"Import a \.csv, \.xlsx"),
    ("notes.xlsx", b"text\nnot a workbook\n", "cannot be read as an Excel workbook"),
    ("notes.docx", b"not a document", "cannot be read as a Word document"),
    ("notes.csv", b"", "The file is empty"),
    ("notes.jsonl", b"\n\n", "The file is empty"),
    ("notes.jsonl", b"[1, 2]\n", r"Line 1: The line is not a JSON object"),
])
def test_unreadable_files_are_refused_with_a_message(tmp_path, name, content, message):
    (tmp_path / name).write_bytes(content)
    with pytest.raises(ImportRefused, match=message):
        read(tmp_path / name)


def test_a_bad_heading_pattern_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("a note")
    with pytest.raises(ImportRefused, match="not a valid regular expression"):
        read(tmp_path / "notes.txt", split_heading="([")


def test_csv_rows_are_numbered_as_in_a_spreadsheet_and_blank_rows_skipped(tmp_path):
    path = write_csv(tmp_path / "n.csv", [["one", "", "", "", "", ""], ["", "", "", "", "", ""],
                                          ["multi\nline", "", "", "", "", ""]])
    assert [(row.number, row.fields["text"]) for row in read(path)] == [(2, "one"), (4, "multi\nline")]


def test_jsonl_bad_lines_carry_their_reason(tmp_path):
    path = write_jsonl(tmp_path / "n.jsonl", [{"text": "fine"}])
    with path.open("a") as stream:
        stream.write("\n{not json\n")
    rows = read(path)
    assert [(row.number, row.error) for row in rows] == [(1, None), (3, "The line is not valid JSON.")]


def test_text_and_docx_split_at_headings_and_mark_oversized_sections(tmp_path):
    (tmp_path / "n.txt").write_text("Intro line\n== A\nshort\n== B\n" + "word " * 30 + "\n")
    rows = read(tmp_path / "n.txt", split_heading="^== ", max_chars=50)
    assert [(r.number, r.fields["text"], r.oversized) for r in rows] == [
        (1, "Intro line", False), (2, "== A\nshort", False), (3, "", True)]
    document = docx.Document()
    for text in ("Visit 1", "Saw them.", "Visit 2", "Phoned."):
        document.add_paragraph(text)
    document.save(tmp_path / "n.docx")
    assert [r.fields["text"] for r in read(tmp_path / "n.docx")] == ["Visit 1\nSaw them.\nVisit 2\nPhoned."]
    assert [r.fields["text"] for r in read(tmp_path / "n.docx", split_heading=r"^Visit \d")] == [
        "Visit 1\nSaw them.", "Visit 2\nPhoned."]
