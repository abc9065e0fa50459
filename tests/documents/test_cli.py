"""`seen-heard notes import`: the report, refusals as CLI errors, and flags for columns."""

from sqlmodel import select

from tests.documents.conftest import note_rows, write_csv
from voice.documents.cli import import_command
from voice.models import Document


def test_the_cli_imports_prints_the_report_and_refuses_with_a_message(quick_app, session, tmp_path):
    path = write_csv(tmp_path / "n.csv", note_rows(2) + [["", "2024-01-01", "", "", "", ""]])
    runner = quick_app.test_cli_runner()

    result = runner.invoke(import_command, [str(path), "--kind", "case_note", "--la", "E10000014"])

    assert result.exit_code == 0, result.output
    assert "Rows read:                3" in result.output
    assert "Imported:                 2" in result.output
    assert "row 4: The text is empty." in result.output
    again = runner.invoke(import_command, [str(path), "--kind", "case_note", "--la", "850"])
    assert "Skipped as duplicates:    2" in again.output
    assert len(session.exec(select(Document)).all()) == 2

    other = write_csv(tmp_path / "o.csv", [["a note"]], header=["Note"])
    missing = runner.invoke(import_command, [str(other), "--kind", "case_note", "--la", "850"])
    unknown_la = runner.invoke(import_command, [str(other), "--kind", "case_note", "--la", "999"])
    mapped = runner.invoke(import_command, [str(other), "--kind", "case_note", "--la", "850", "--column", "text=Note"])
    assert missing.exit_code == 1 and "Columns found: 'Note'" in missing.output
    assert unknown_la.exit_code == 1 and "no local authority with the code '999'" in unknown_la.output
    assert mapped.exit_code == 0 and "Imported:                 1" in mapped.output
