"""Column mappings: defaults, flags, YAML, and files refused up front (no database needed)."""

import pytest

from voice.documents import ColumnMapping, ImportRefused, combine, load_mapping_file, parse_column_flags
from voice.documents.mapping import resolve


def test_defaults_match_columns_ignoring_case_and_find_name_columns():
    resolved = resolve(ColumnMapping(), ["Text", "DATE", "respondent_id", "Child_Name", "other"])
    assert resolved.columns == {"text": "Text", "date": "DATE", "respondent_id": "respondent_id"}
    assert resolved.name_columns == ("Child_Name",)


def test_a_file_without_a_text_column_is_refused_listing_its_columns():
    with pytest.raises(ImportRefused, match=r"no text column\. Columns found: 'Note', 'When'\. "
                                            r"Name the column to use, for example --column text=Note"):
        resolve(ColumnMapping(), ["Note", "When"])


def test_a_mapping_naming_absent_columns_is_refused():
    mapping = parse_column_flags(["text=Note", "date=Dated", "names=Carer"])
    with pytest.raises(ImportRefused, match="does not have: 'Dated', 'Carer'. Columns found: 'Note', 'When'"):
        resolve(mapping, ["Note", "When"])


def test_flags_override_the_mapping_file(tmp_path):
    path = tmp_path / "map.yaml"
    path.write_text("columns:\n  text: Narrative\n  date: Visit date\nnames: [Child, Carer]\n")
    mapping = combine(load_mapping_file(path), parse_column_flags(["date=When"]))
    assert mapping.columns == {"text": "Narrative", "date": "When"}
    assert mapping.name_columns == ("Child", "Carer")


@pytest.mark.parametrize("flags, message", [
    (["text"], "Give each column as FIELD=COLUMN"),
    (["colour=Note"], "unknown field 'colour'"),
    (["text="], "names no column"),
])
def test_bad_flags_are_refused(flags, message):
    with pytest.raises(ImportRefused, match=message):
        parse_column_flags(flags)


def test_a_mapping_file_that_is_not_yaml_is_refused(tmp_path):
    path = tmp_path / "map.yaml"
    path.write_text("columns: [unclosed\n")
    with pytest.raises(ImportRefused, match="cannot be read as YAML"):
        load_mapping_file(path)
